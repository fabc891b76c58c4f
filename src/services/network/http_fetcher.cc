#include "services/network/http_fetcher.h"

#include <openssl/x509_vfy.h>
#include <sys/epoll.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <strings.h>
#include <optional>

#include "base/ascii.h"
#include "base/logging.h"
#include "base/time.h"
#include "services/network/response_headers.h"

namespace nexus::network {

struct HttpFetcher::Transfer {
  uint64_t id = 0;
  CURL* easy = nullptr;
  HttpFetcher* fetcher = nullptr;
  HttpRequest request;  // request.url is this hop's URL
  int redirects = 0;
  long redirect_status = 0;  // of the response that sent us on
  std::string url;
  std::string body;                          // until the first piece is handed on
  std::optional<WritableSharedMemory> piece;  // the piece being filled after that
  size_t piece_used = 0;
  bool streaming = false;
  size_t chunk_bytes = 0;
  char error[CURL_ERROR_SIZE] = {};
  Chunk on_chunk;
  Done done;
  HeaderMap request_headers;   // what Vary may name
  HeaderMap response_headers;  // of this hop's response, names in lower case
  curl_slist* extra_headers = nullptr;
  std::optional<CacheEntry> revalidating;  // a stale entry asked about with a validator
  int64_t request_time_ms = 0;
};

namespace {

HttpResponse ResponseFromCache(const CacheEntry& entry) {
  HttpResponse response;
  response.status = entry.status;
  response.mime_type = MediaType(entry.response_headers);
  response.final_url = entry.url;
  response.body = entry.body;
  return response;
}

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

std::string DescribeFailure(CURLcode code, long os_errno, long verify_result,
                            const std::string& detail, const std::string& url) {
  std::string host = HostOf(url);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return "host not found: " + host.substr(0, host.rfind(':') == std::string::npos ||
                                                         host.find(']') != std::string::npos
                                                     ? host.size()
                                                     : host.rfind(':'));
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED)
        return "connection refused by " + host;
      return "cannot connect to " + host + (detail.empty() ? "" : ": " + detail);
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out: " + host + " " + (detail.empty() ? "did not answer" : detail);
    case CURLE_TOO_MANY_REDIRECTS:
      return "too many redirects from " + url;
    case CURLE_PEER_FAILED_VERIFICATION: {
      std::string why;
      switch (verify_result) {
        case X509_V_ERR_CERT_HAS_EXPIRED: why = "certificate has expired"; break;
        case X509_V_ERR_CERT_NOT_YET_VALID: why = "certificate is not yet valid"; break;
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: why = "self-signed certificate"; break;
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: why = "self-signed certificate in the chain"; break;
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
          why = "certificate issued by an unknown authority";
          break;
        case X509_V_ERR_HOSTNAME_MISMATCH: why = "certificate is for another host"; break;
        default:
          // curl checks the name itself: "no alternative certificate subject name matches".
          why = detail.find("name") != std::string::npos ? "certificate is for another host"
                                                          : "certificate rejected";
      }
      return why + " (" + host + ")" + (detail.empty() ? "" : ": " + detail);
    }
    default:
      return detail.empty() ? std::string("cannot load ") + url
                            : detail + " (" + url.substr(0, 200) + ")";
  }
}

Result<std::unique_ptr<HttpFetcher>> HttpFetcher::Create(EventLoop& loop, HttpOptions options) {
  ASSIGN_OR_RETURN(const CurlLibrary* curl, LoadCurl());
  CURLM* multi = curl->multi_init();
  if (!multi)
    return Error("curl_multi_init failed");
  std::unique_ptr<HttpFetcher> fetcher(new HttpFetcher(loop, *curl, std::move(options), multi));
  if (!fetcher->options_.cache_directory.empty()) {
    auto cache = HttpCache::Open(fetcher->options_.cache_directory, fetcher->options_.cache_max_bytes);
    if (cache.ok())
      fetcher->cache_ = std::move(cache).value();
    else
      LOG(Warning) << cache.error().message() << ": no HTTP cache";
  }
  curl->multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &HttpFetcher::OnSocket);
  curl->multi_setopt(multi, CURLMOPT_SOCKETDATA, fetcher.get());
  curl->multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &HttpFetcher::OnTimer);
  curl->multi_setopt(multi, CURLMOPT_TIMERDATA, fetcher.get());
  // HTTP/2 streams share connections; at most 6 connections per host, as browsers do.
  curl->multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl->multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 6L);
  return fetcher;
}

HttpFetcher::HttpFetcher(EventLoop& loop, const CurlLibrary& curl, HttpOptions options,
                         CURLM* multi)
    : loop_(loop), curl_(curl), options_(std::move(options)), multi_(multi) {}

HttpFetcher::~HttpFetcher() {
  while (!transfers_.empty())
    Cancel(transfers_.begin()->first);
  if (timer_set_)
    loop_.CancelTimer(timer_);
  curl_.multi_cleanup(multi_);
}

Status HttpFetcher::Fetch(uint64_t id, HttpRequest request, Chunk on_chunk, Done done) {
  if (transfers_.count(id))
    return Error("request " + std::to_string(id) + " is already in flight");
  auto transfer = std::make_unique<Transfer>();
  transfer->id = id;
  transfer->request = std::move(request);
  transfer->on_chunk = std::move(on_chunk);
  transfer->done = std::move(done);
  return Start(std::move(transfer));
}

Status HttpFetcher::Start(std::unique_ptr<Transfer> transfer) {
  auto url = web::ParseUrl(transfer->request.url);
  if (!url.ok())
    return url.error();
  if (url->scheme != "http" && url->scheme != "https")
    return Error("cannot fetch " + url->spec.substr(0, 200) + ": not http or https");
  transfer->fetcher = this;
  transfer->url = url->spec;
  transfer->body.clear();
  transfer->chunk_bytes = options_.chunk_bytes;
  CURL* easy = curl_.easy_init();
  if (!easy)
    return Error("curl_easy_init failed");
  transfer->easy = easy;
  curl_.easy_setopt(easy, CURLOPT_URL, transfer->url.c_str());
  curl_.easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_.easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every decoder curl has
  curl_.easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  curl_.easy_setopt(easy, CURLOPT_USERAGENT, "Mozilla/5.0 (X11; Linux x86_64) Nexus/0.1");
  curl_.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  // Host names are resolved here, in the service, and the answers kept (a minute unless
  // --dns-cache-s says otherwise) in the multi handle's DNS cache, shared by every transfer.
  curl_.easy_setopt(easy, CURLOPT_DNS_CACHE_TIMEOUT, static_cast<long>(options_.dns_cache_s));
  // A transfer is dead when under 1 byte/s arrives for the stall timeout.
  curl_.easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_.easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                    std::max(1L, static_cast<long>(options_.stall_timeout_ms / 1000)));
  curl_.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_.easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
  curl_.easy_setopt(easy, CURLOPT_WRITEFUNCTION, &HttpFetcher::OnBody);
  curl_.easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_.easy_setopt(easy, CURLOPT_HEADERFUNCTION, &HttpFetcher::OnHeader);
  curl_.easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl_.easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
  if (!options_.ca_file.empty())
    curl_.easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
  CookieRequestContext context;
  context.top_level_navigation = transfer->request.top_level_navigation;
  context.same_site = transfer->request.site_for_cookies.empty() ||
                      web::SiteForUrl(*url) == transfer->request.site_for_cookies;
  int64_t now = WallClockMillis();
  std::string cookie_header =
      transfer->request.omit_cookies ? "" : cookies_.HeaderFor(*url, context, now);
  if (!cookie_header.empty())
    curl_.easy_setopt(easy, CURLOPT_COOKIE, cookie_header.c_str());  // curl copies it
  transfer->request_headers = {{"cookie", cookie_header},
                               {"accept-encoding", "nexus"},  // the same on every request
                               {"user-agent", "nexus"}};
  transfer->request_time_ms = now;
  transfer->response_headers.clear();
  transfer->revalidating.reset();
  const HttpRequest& request = transfer->request;
  if (request.method == "HEAD") {
    curl_.easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else if (request.method != "GET" || !request.body.empty()) {
    // curl copies the body; a method other than POST is named as such, body and all.
    curl_.easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_.easy_setopt(easy, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
    if (request.method != "POST")
      curl_.easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    // No "Expect: 100-continue" round trip: browsers send bodies straight away.
    transfer->extra_headers = curl_.slist_append(transfer->extra_headers, "Expect:");
  }
  for (const auto& [name, value] : request.headers)
    transfer->extra_headers = curl_.slist_append(transfer->extra_headers, (name + ": " + value).c_str());
  if (transfer->extra_headers)
    curl_.easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->extra_headers);
  if (cache_ && request.method == "GET" && request.body.empty()) {
    if (auto entry = cache_->Find(transfer->url, transfer->request_headers)) {
      if (IsFresh(entry->response_headers, entry->request_time_ms, entry->response_time_ms, now)) {
        curl_.easy_cleanup(easy);
        transfer->done(ResponseFromCache(*entry));  // no request at all
        return OkStatus();
      }
      if (HasValidator(entry->response_headers)) {
        auto header = [&](const char* name) -> std::string {
          auto found = entry->response_headers.find(name);
          return found == entry->response_headers.end() ? "" : found->second;
        };
        if (std::string etag = header("etag"); !etag.empty())
          transfer->extra_headers = curl_.slist_append(transfer->extra_headers, ("If-None-Match: " + etag).c_str());
        if (std::string modified = header("last-modified"); !modified.empty())
          transfer->extra_headers = curl_.slist_append(transfer->extra_headers, ("If-Modified-Since: " + modified).c_str());
        curl_.easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->extra_headers);
        transfer->revalidating = std::move(entry);
      }
    }
  }
  if (CURLMcode code = curl_.multi_add_handle(multi_, easy); code != CURLM_OK) {
    curl_.easy_cleanup(easy);
    return Error("curl_multi_add_handle: error " + std::to_string(code));
  }
  uint64_t id = transfer->id;
  transfers_[id] = std::move(transfer);
  return OkStatus();
}

size_t HttpFetcher::OnHeader(char* data, size_t size, size_t count, void* opaque) {
  auto* transfer = static_cast<Transfer*>(opaque);
  std::string_view line(data, size * count);
  AddResponseHeaderLine(transfer->response_headers, line);
  if (std::string_view cookie = SetCookieValue(line); !cookie.empty()) {
    auto url = web::ParseUrl(transfer->url);
    if (url.ok() && !transfer->request.omit_cookies)
      transfer->fetcher->cookies_.SetFromHeader(*url, cookie, WallClockMillis());
  }
  return size * count;
}

Result<std::string> HttpFetcher::RedirectTarget(Transfer& transfer) {
  long status = 0;
  curl_.easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
  char* location = nullptr;
  curl_.easy_getinfo(transfer.easy, CURLINFO_REDIRECT_URL, &location);
  bool redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  if (!redirect || !location)
    return std::string();
  transfer.redirect_status = status;
  if (transfer.redirects >= options_.max_redirects)
    return Error("too many redirects from " + transfer.request.url.substr(0, 200) + " (over " +
                 std::to_string(options_.max_redirects) + ")");
  return std::string(location);
}

void HttpFetcher::Cancel(uint64_t id) {
  auto it = transfers_.find(id);
  if (it == transfers_.end())
    return;
  curl_.multi_remove_handle(multi_, it->second->easy);
  curl_.easy_cleanup(it->second->easy);
  curl_.slist_free_all(it->second->extra_headers);
  transfers_.erase(it);
}

size_t HttpFetcher::OnBody(char* data, size_t size, size_t count, void* opaque) {
  auto* transfer = static_cast<Transfer*>(opaque);
  size_t bytes = size * count;
  if (!transfer->streaming) {
    transfer->body.append(data, bytes);
    if (transfer->body.size() < transfer->chunk_bytes)
      return bytes;
    long status = 0;
    transfer->fetcher->curl_.easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 300 && status < 400)
      return bytes;  // a redirect's body is dropped, never handed on
    // Long body: hand on what came so far, and write the rest straight into shared memory.
    auto first = ReadOnlySharedMemory::CreateFrom(
        {reinterpret_cast<const uint8_t*>(transfer->body.data()), transfer->body.size()});
    if (!first.ok())
      return 0;  // curl fails the transfer (write error)
    transfer->on_chunk(std::move(first).value());
    transfer->body.clear();
    transfer->body.shrink_to_fit();
    transfer->streaming = true;
    return bytes;
  }
  for (size_t done = 0; done < bytes;) {
    if (!transfer->piece) {
      auto piece = WritableSharedMemory::Create(transfer->chunk_bytes, "nexus-body");
      if (!piece.ok())
        return 0;
      transfer->piece.emplace(std::move(piece).value());
      transfer->piece_used = 0;
    }
    size_t room = transfer->chunk_bytes - transfer->piece_used;
    size_t take = std::min(room, bytes - done);
    std::memcpy(transfer->piece->bytes().data() + transfer->piece_used, data + done, take);
    transfer->piece_used += take;
    done += take;
    if (transfer->piece_used == transfer->chunk_bytes) {
      auto sealed = std::move(*transfer->piece).Seal();
      transfer->piece.reset();
      if (!sealed.ok())
        return 0;
      transfer->on_chunk(std::move(sealed).value());
    }
  }
  return bytes;
}

int HttpFetcher::OnSocket(CURL*, curl_socket_t socket, int what, void* self, void*) {
  auto* fetcher = static_cast<HttpFetcher*>(self);
  fetcher->loop_.Unwatch(socket);
  if (what == CURL_POLL_REMOVE)
    return 0;
  uint32_t events = 0;
  if (what & CURL_POLL_IN)
    events |= EPOLLIN;
  if (what & CURL_POLL_OUT)
    events |= EPOLLOUT;
  auto status = fetcher->loop_.Watch(socket, events, [fetcher, socket](uint32_t ready) {
    int flags = 0;
    if (ready & (EPOLLIN | EPOLLHUP))
      flags |= CURL_CSELECT_IN;
    if (ready & EPOLLOUT)
      flags |= CURL_CSELECT_OUT;
    if (ready & EPOLLERR)
      flags |= CURL_CSELECT_ERR;
    fetcher->Act(socket, flags);
  });
  if (!status.ok())
    LOG(Error) << "watch socket " << socket << ": " << status.error().message();
  return 0;
}

int HttpFetcher::OnTimer(CURLM*, long timeout_ms, void* self) {
  auto* fetcher = static_cast<HttpFetcher*>(self);
  if (fetcher->timer_set_)
    fetcher->loop_.CancelTimer(fetcher->timer_);
  fetcher->timer_set_ = timeout_ms >= 0;
  if (timeout_ms >= 0) {
    fetcher->timer_ = fetcher->loop_.PostDelayed(timeout_ms, [fetcher] {
      fetcher->timer_set_ = false;
      fetcher->Act(CURL_SOCKET_TIMEOUT, 0);
    });
  }
  return 0;
}

void HttpFetcher::Act(curl_socket_t socket, int flags) {
  int running = 0;
  curl_.multi_socket_action(multi_, socket, flags, &running);
  CollectFinished();
}

void HttpFetcher::CollectFinished() {
  int queued = 0;
  while (CURLMsg* message = curl_.multi_info_read(multi_, &queued)) {
    if (message->msg != CURLMSG_DONE)
      continue;
    Transfer* raw = nullptr;
    curl_.easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &raw);
    CURLcode code = message->data.result;
    auto it = transfers_.find(raw->id);
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    transfers_.erase(it);
    Result<std::string> next = code == CURLE_OK ? RedirectTarget(*transfer) : std::string();
    Result<HttpResponse> response = Error("");
    if (next.ok() && next->empty())
      response = Finish(*transfer, code);
    curl_.multi_remove_handle(multi_, transfer->easy);
    curl_.easy_cleanup(transfer->easy);
    transfer->easy = nullptr;
    curl_.slist_free_all(transfer->extra_headers);
    transfer->extra_headers = nullptr;
    if (!next.ok()) {
      response = next.error();
    } else if (!next->empty()) {
      // The next hop is a new request of its own (cookies, SameSite as for the first).
      ++transfer->redirects;
      transfer->request.url = *next;
      // 303 always, and 301/302 after a POST (as browsers do), go on as a GET without a body.
      HttpRequest& request = transfer->request;
      if (transfer->redirect_status == 303 ||
          (request.method == "POST" && transfer->redirect_status <= 302)) {
        if (request.method != "HEAD")
          request.method = "GET";
        request.body.clear();
        std::erase_if(request.headers, [](const auto& header) {
          return strcasecmp(header.first.c_str(), "content-type") == 0;
        });
      }
      Done done = transfer->done;
      if (auto started = Start(std::move(transfer)); !started.ok())
        done(started.error());
      continue;
    }
    transfer->done(std::move(response));
  }
}

Result<HttpResponse> HttpFetcher::Finish(Transfer& transfer, CURLcode code) {
  if (code != CURLE_OK) {
    long os_errno = 0, verify = 0;
    curl_.easy_getinfo(transfer.easy, CURLINFO_OS_ERRNO, &os_errno);
    curl_.easy_getinfo(transfer.easy, CURLINFO_SSL_VERIFYRESULT, &verify);
    std::string detail = transfer.error[0] ? transfer.error : curl_.easy_strerror(code);
    return Error(DescribeFailure(code, os_errno, verify, detail, transfer.url));
  }
  HttpResponse response;
  curl_.easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &response.status);
  response.mime_type = MediaType(transfer.response_headers);
  char* final_url = nullptr;
  curl_.easy_getinfo(transfer.easy, CURLINFO_EFFECTIVE_URL, &final_url);
  response.final_url = final_url ? final_url : transfer.url;
  response.body = std::move(transfer.body);
  response.headers = transfer.response_headers;
  if (transfer.piece)  // the last, partly filled piece
    response.body.assign(reinterpret_cast<const char*>(transfer.piece->bytes().data()),
                         transfer.piece_used);
  if (cache_ && transfer.request.method == "GET" && transfer.request.body.empty())
    UseCache(transfer, response);
  return response;
}

void HttpFetcher::UseCache(Transfer& transfer, HttpResponse& response) {
  int64_t now = WallClockMillis();
  if (transfer.revalidating && response.status == 304) {
    // Not modified: the stored body stands, with the fresher headers the server sent.
    CacheEntry& entry = *transfer.revalidating;
    for (const auto& [name, value] : transfer.response_headers) {
      if (name != "content-length" && name != "content-encoding" && name != "transfer-encoding")
        entry.response_headers[name] = value;
    }
    entry.request_time_ms = transfer.request_time_ms;
    entry.response_time_ms = now;
    response = ResponseFromCache(entry);
    if (auto stored = cache_->Store(entry, transfer.request_headers); !stored.ok())
      LOG(Warning) << stored.error().message();
    return;
  }
  if (transfer.streaming || !IsStorable(response.status, transfer.request_headers,
                                        transfer.response_headers)) {
    cache_->Remove(transfer.url);  // what was stored for it no longer stands
    return;
  }
  CacheEntry entry;
  entry.url = transfer.url;
  entry.status = response.status;
  entry.response_headers = transfer.response_headers;
  entry.response_headers.erase("content-encoding");  // the body is stored decoded
  entry.response_headers.erase("content-length");
  entry.response_headers.erase("transfer-encoding");
  entry.request_time_ms = transfer.request_time_ms;
  entry.response_time_ms = now;
  entry.body = response.body;
  if (auto stored = cache_->Store(entry, transfer.request_headers); !stored.ok())
    LOG(Warning) << stored.error().message();
}

}  // namespace nexus::network
