#include "http_test_server.h"

#include <arpa/inet.h>
#include <brotli/encode.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace nexus::testing {

struct HttpTestServer::Tls {
  SSL_CTX* context = nullptr;
  ~Tls() { SSL_CTX_free(context); }
};

namespace {

std::string Gzip(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Brotli(const std::string& data) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                        data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                        reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

std::string Zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t size = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  out.resize(ZSTD_isError(size) ? 0 : size);
  return out;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 404: return "Not Found";
    default: return "Status";
  }
}

// One connection, plain or TLS.
class Connection {
 public:
  Connection(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  ~Connection() {
    if (ssl_) {
      SSL_shutdown(ssl_);
      SSL_free(ssl_);
    }
    close(fd_);
  }
  ssize_t Read(char* buffer, size_t size) {
    return ssl_ ? SSL_read(ssl_, buffer, static_cast<int>(size)) : recv(fd_, buffer, size, 0);
  }
  bool WriteAll(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      size_t piece = std::min<size_t>(data.size() - done, 1 << 20);
      ssize_t n = ssl_ ? SSL_write(ssl_, data.data() + done, static_cast<int>(piece))
                       : send(fd_, data.data() + done, piece, MSG_NOSIGNAL);
      if (n <= 0)
        return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

 private:
  int fd_;
  SSL* ssl_;
};

}  // namespace

TestHandler ServeDirectory(const std::string& root) {
  return [root](const TestRequest& request) {
    TestResponse response;
    std::string path = request.path.substr(0, request.path.find('?'));
    std::ifstream file(root + path, std::ios::binary);
    if (path.find("..") != std::string::npos || !file) {
      response.status = 404;
      response.body = "<title>Not found</title>";
      response.headers.push_back({"Content-Type", "text/html"});
      return response;
    }
    std::stringstream content;
    content << file.rdbuf();
    response.body = content.str();
    auto ends = [&](const char* suffix) {
      std::string s(suffix);
      return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
    };
    const char* type = ends(".css")    ? "text/css"
                       : ends(".png")  ? "image/png"
                       : ends(".jpg")  ? "image/jpeg"
                       : ends(".gif")  ? "image/gif"
                       : ends(".webp") ? "image/webp"
                       : ends(".svg")  ? "image/svg+xml"
                                       : "text/html; charset=utf-8";
    response.headers.push_back({"Content-Type", type});
    return response;
  };
}

TestCertificates MakeTestCertificates(const std::string& directory) {
  TestCertificates files;
  files.ca_file = directory + "/ca.pem";
  files.key_file = directory + "/key.pem";
  files.valid_file = directory + "/valid.pem";
  files.expired_file = directory + "/expired.pem";
  files.wrong_host_file = directory + "/wrong-host.pem";
  files.self_signed_file = directory + "/self-signed.pem";
  EVP_PKEY* ca_key = EVP_EC_gen("P-256");
  EVP_PKEY* key = EVP_EC_gen("P-256");
  long serial = 1;
  auto make = [&](const char* common_name, const char* alt_names, X509* issuer,
                  EVP_PKEY* subject_key, EVP_PKEY* signing_key, long from_s, long to_s,
                  bool ca) {
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++);
    X509_gmtime_adj(X509_getm_notBefore(cert), from_s);
    X509_gmtime_adj(X509_getm_notAfter(cert), to_s);
    X509_set_pubkey(cert, subject_key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
    X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer ? issuer : cert, cert, nullptr, nullptr, 0);
    auto add = [&](int nid, const char* value) {
      X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
      X509_add_ext(cert, extension, -1);
      X509_EXTENSION_free(extension);
    };
    add(NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
    if (ca)
      add(NID_key_usage, "critical,keyCertSign,cRLSign");
    if (alt_names)
      add(NID_subject_alt_name, alt_names);
    X509_sign(cert, signing_key, EVP_sha256());
    return cert;
  };
  auto write = [](const std::string& path, X509* cert) {
    FILE* out = std::fopen(path.c_str(), "w");
    PEM_write_X509(out, cert);
    std::fclose(out);
  };
  constexpr long kDay = 24 * 3600;
  X509* ca = make("Nexus Test CA", nullptr, nullptr, ca_key, ca_key, -kDay, 30 * kDay, true);
  const char* here = "DNS:localhost,IP:127.0.0.1";
  X509* valid = make("127.0.0.1", here, ca, key, ca_key, -kDay, 30 * kDay, false);
  X509* expired = make("127.0.0.1", here, ca, key, ca_key, -30 * kDay, -kDay, false);
  X509* wrong = make("other.example", "DNS:other.example", ca, key, ca_key, -kDay, 30 * kDay, false);
  X509* self = make("127.0.0.1", here, nullptr, key, key, -kDay, 30 * kDay, false);
  write(files.ca_file, ca);
  write(files.valid_file, valid);
  write(files.expired_file, expired);
  write(files.wrong_host_file, wrong);
  write(files.self_signed_file, self);
  FILE* out = std::fopen(files.key_file.c_str(), "w");
  PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(out);
  for (X509* cert : {ca, valid, expired, wrong, self})
    X509_free(cert);
  EVP_PKEY_free(ca_key);
  EVP_PKEY_free(key);
  return files;
}

HttpTestServer::HttpTestServer(TestHandler handler, std::string certificate_file,
                               std::string key_file)
    : handler_(std::move(handler)) {
  // A client that hangs up mid-response (as one that rejects our certificate does) must not
  // kill the test with SIGPIPE: TLS writes go through write(), not send(MSG_NOSIGNAL).
  signal(SIGPIPE, SIG_IGN);
  if (!certificate_file.empty()) {
    tls_ = std::make_unique<Tls>();
    tls_->context = SSL_CTX_new(TLS_server_method());
    if (SSL_CTX_use_certificate_file(tls_->context, certificate_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_use_PrivateKey_file(tls_->context, key_file.c_str(), SSL_FILETYPE_PEM) != 1)
      throw std::runtime_error("test server: cannot load " + certificate_file);
  }
  Listen("127.0.0.1", 0);
}

HttpTestServer::HttpTestServer(TestHandler handler, const std::string& address, int port)
    : handler_(std::move(handler)) {
  signal(SIGPIPE, SIG_IGN);
  Listen(address, port);
}

void HttpTestServer::Listen(const std::string& address_text, int port) {
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int yes = 1;
  setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, address_text.c_str(), &address.sin_addr);
  socklen_t length = sizeof(address);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listener_, 64) != 0 ||
      getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("test server: cannot listen on " + address_text);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

HttpTestServer::~HttpTestServer() {
  stopping_ = true;
  acceptor_.join();
  close(listener_);
  std::lock_guard<std::mutex> lock(mutex_);
  for (std::thread& connection : connections_)
    connection.join();
}

std::string HttpTestServer::Url(const std::string& path) const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
}

void HttpTestServer::AcceptLoop() {
  while (!stopping_) {
    pollfd waiter{listener_, POLLIN, 0};
    if (poll(&waiter, 1, 50) <= 0)
      continue;
    int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0)
      continue;
    std::lock_guard<std::mutex> lock(mutex_);
    connections_.emplace_back([this, fd] { Serve(fd); });
  }
}

void HttpTestServer::Serve(int fd) {
  SSL* ssl = nullptr;
  if (tls_) {
    ssl = SSL_new(tls_->context);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {  // the client refused our certificate
      Connection refused(fd, ssl);
      return;
    }
  }
  Connection connection(fd, ssl);
  std::string head;
  char buffer[4096];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
    ssize_t n = connection.Read(buffer, sizeof(buffer));
    if (n <= 0)
      return;
    head.append(buffer, static_cast<size_t>(n));
  }
  TestRequest request;
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, line);
  std::istringstream first(line);
  first >> request.method >> request.path;
  while (std::getline(lines, line) && line != "\r") {
    size_t colon = line.find(':');
    if (colon == std::string::npos)
      continue;
    std::string name = line.substr(0, colon);
    for (char& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (!value.empty() && value.back() == '\r')
      value.pop_back();
    request.headers[name] = value;
  }
  // The body (Content-Length bytes) after the head: what arrived with it, then the rest.
  if (auto length = request.headers.find("content-length"); length != request.headers.end()) {
    size_t wanted = std::min<size_t>(std::strtoul(length->second.c_str(), nullptr, 10), 16u << 20);
    request.body = head.substr(head.find("\r\n\r\n") + 4);
    while (request.body.size() < wanted) {
      ssize_t n = connection.Read(buffer, sizeof(buffer));
      if (n <= 0)
        return;
      request.body.append(buffer, static_cast<size_t>(n));
    }
    request.body.resize(wanted);
  }
  ++requests_;
  TestResponse response = handler_(request);
  for (int waited = 0; waited < response.stall_ms && !stopping_; waited += 10)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::string encoded = response.gzip     ? Gzip(response.body)
                        : response.brotli ? Brotli(response.body)
                        : response.zstd   ? Zstd(response.body)
                                          : std::string();
  const bool encoding = response.gzip || response.brotli || response.zstd;
  const std::string& body = encoding ? encoded : response.body;
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " +
                    ReasonPhrase(response.status) + "\r\nConnection: close\r\n";
  for (const auto& [name, value] : response.headers)
    out += name + ": " + value + "\r\n";
  if (response.gzip)
    out += "Content-Encoding: gzip\r\n";
  if (response.brotli)
    out += "Content-Encoding: br\r\n";
  if (response.zstd)
    out += "Content-Encoding: zstd\r\n";
  if (response.chunked) {
    out += "Transfer-Encoding: chunked\r\n\r\n";
    for (size_t at = 0; at < body.size(); at += 1000) {
      std::string piece = body.substr(at, 1000);
      char size[32];
      std::snprintf(size, sizeof(size), "%zx\r\n", piece.size());
      out += size + piece + "\r\n";
    }
    out += "0\r\n\r\n";
  } else {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    // The body goes out as it is: no copy of a large one into the head.
    if (!connection.WriteAll(out) || !connection.WriteAll(body))
      ++aborted_;
    return;
  }
  if (!connection.WriteAll(out))
    ++aborted_;
}

RefusingPort::RefusingPort() {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("RefusingPort");
    std::abort();
  }
  port_ = ntohs(address.sin_port);
}

RefusingPort::~RefusingPort() {
  if (fd_ >= 0)
    close(fd_);
}

}  // namespace nexus::testing
