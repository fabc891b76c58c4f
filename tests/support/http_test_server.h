// A small HTTP/1.1 and HTTPS server of the test suite's own, on 127.0.0.1, and a test CA with
// certificates made for it (valid, expired, for another host, self-signed). Each connection
// is served on a thread of its own and closed after one response.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace nexus::testing {

struct TestRequest {
  std::string method;
  std::string path;  // with the query
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;  // Content-Length bytes of it
};

struct TestResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool chunked = false;  // Transfer-Encoding: chunked, in pieces of 1000 bytes
  bool gzip = false;     // Content-Encoding: gzip
  bool brotli = false;   // Content-Encoding: br
  bool zstd = false;     // Content-Encoding: zstd
  int stall_ms = 0;      // wait this long before answering
};

using TestHandler = std::function<TestResponse(const TestRequest& request)>;

// Serves the files under `root` (text/html, text/css, image/* by extension); 404 otherwise.
TestHandler ServeDirectory(const std::string& root);

struct TestCertificates {
  std::string ca_file;          // the test CA: pass it to nexus --ca-file
  std::string key_file;         // one key for every certificate below
  std::string valid_file;       // for 127.0.0.1 and localhost, signed by the CA
  std::string expired_file;     // same, but expired yesterday
  std::string wrong_host_file;  // for other.example, signed by the CA
  std::string self_signed_file; // for 127.0.0.1, signed by itself
};
// Writes a fresh CA, key and certificates (PEM) into `directory`.
TestCertificates MakeTestCertificates(const std::string& directory);

class HttpTestServer {
 public:
  // Plain HTTP, or HTTPS when a certificate and key are given.
  explicit HttpTestServer(TestHandler handler, std::string certificate_file = "",
                          std::string key_file = "");
  // Plain HTTP on a given loopback address and port (0: any free one).
  HttpTestServer(TestHandler handler, const std::string& address, int port);
  ~HttpTestServer();

  int port() const { return port_; }
  std::string Url(const std::string& path) const;
  int requests() const { return requests_; }
  // Connections that ended before their response was written in full.
  int aborted_responses() const { return aborted_; }

 private:
  struct Tls;
  void Listen(const std::string& address, int port);
  void AcceptLoop();
  void Serve(int fd);

  TestHandler handler_;
  std::unique_ptr<Tls> tls_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::atomic<int> aborted_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::thread> connections_;
};

// A loopback port that refuses connections, and that no one else can take while this lives:
// a TCP socket bound by the kernel's choice that never listens (a connect gets a reset).
class RefusingPort {
 public:
  RefusingPort();
  ~RefusingPort();
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace nexus::testing
