// HTTP(S) for the network service: libcurl's multi interface driven by the process's epoll
// loop (no thread of its own). HTTP/1.1 and HTTP/2, certificate validation against the system
// store (or a CA file), gzip/brotli/zstd decoding, redirects up to a limit, connect and stall
// timeouts, a size cap, and errors that name their cause (spec "Network Service Process").
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/event_loop.h"
#include "base/result.h"
#include "base/shared_memory.h"
#include "services/network/public/cookie_jar.h"
#include "services/network/http_cache.h"
#include "services/network/curl_library.h"

namespace nexus::network {

struct HttpOptions {
  std::string ca_file;                  // empty: the system's CA store
  int64_t connect_timeout_ms = 15000;
  int64_t stall_timeout_ms = 30000;     // no byte received for this long: timed out
  int max_redirects = 10;
  int64_t dns_cache_s = 60;  // how long an answer is kept (curl's DNS cache)
  // Bodies up to this size are handed over whole; longer ones in sealed shared-memory
  // pieces of this size, written in place as they arrive (one copy from curl's buffer).
  size_t chunk_bytes = 4u << 20;
  std::string cache_directory;             // empty: no HTTP cache
  uint64_t cache_max_bytes = 256ull << 20;
};

struct HttpRequest {
  std::string url;
  // SameSite: the site of the page that caused the request ("" = the user did) and whether
  // it is a top-level navigation.
  std::string site_for_cookies;
  bool top_level_navigation = false;
  // Anything but a plain GET bypasses the HTTP cache. Headers are the page's own (main has
  // removed the ones a page may not set); the body goes with POST, PUT, PATCH...
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool omit_cookies = false;  // a cross-origin fetch: none sent, none stored
};

struct HttpResponse {
  long status = 0;
  std::string mime_type;  // "text/html": the media type, lower case, without parameters
  std::string final_url;  // after redirects
  std::string body;       // decoded (gzip, br, zstd); what no Chunk carried
  HeaderMap headers;      // the last hop's, names in lower case
};

class HttpFetcher {
 public:
  using Done = std::function<void(Result<HttpResponse> response)>;
  // A piece of the body, in order; what is left when the response ends is in `done`'s body.
  using Chunk = std::function<void(ReadOnlySharedMemory bytes)>;

  static Result<std::unique_ptr<HttpFetcher>> Create(EventLoop& loop, HttpOptions options);
  ~HttpFetcher();

  // Starts fetching; `done` runs once, from the loop, unless the fetch is cancelled.
  // Redirects are followed here, hop by hop, so each hop sends and stores its own cookies.
  Status Fetch(uint64_t id, HttpRequest request, Chunk on_chunk, Done done);
  void Cancel(uint64_t id);
  CookieJar& cookies() { return cookies_; }
  HttpCache* cache() { return cache_.get(); }

 private:
  struct Transfer;
  HttpFetcher(EventLoop& loop, const CurlLibrary& curl, HttpOptions options, CURLM* multi);
  static int OnSocket(CURL* easy, curl_socket_t socket, int what, void* self, void*);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  static size_t OnBody(char* data, size_t size, size_t count, void* transfer);
  static size_t OnHeader(char* data, size_t size, size_t count, void* transfer);
  Status Start(std::unique_ptr<Transfer> transfer);
  // The next hop's URL when `transfer` ended in a redirect to follow; an error past the limit.
  Result<std::string> RedirectTarget(Transfer& transfer);
  void Act(curl_socket_t socket, int flags);
  void CollectFinished();
  Result<HttpResponse> Finish(Transfer& transfer, CURLcode code);
  // Updates the cache with what the server said; a 304 turns into the stored response.
  void UseCache(Transfer& transfer, HttpResponse& response);

  EventLoop& loop_;
  const CurlLibrary& curl_;
  HttpOptions options_;
  CURLM* multi_;
  EventLoop::TimerId timer_ = 0;
  bool timer_set_ = false;
  std::map<uint64_t, std::unique_ptr<Transfer>> transfers_;
  CookieJar cookies_;
  std::unique_ptr<HttpCache> cache_;
};

// The cause of a failed transfer in words a user understands: "host not found: example.test",
// "connection refused by 127.0.0.1:9", "certificate has expired", ...
std::string DescribeFailure(CURLcode code, long os_errno, long verify_result,
                            const std::string& detail, const std::string& url);

}  // namespace nexus::network
