// The network service process (spec "Network Service Process"): the only process that opens
// sockets. data: URLs are decoded here; http(s) goes through HttpFetcher (libcurl).
#include "services/network/public/network_main.h"

#include "base/flag_table.h"
#include "base/logging.h"
#include "base/time.h"
#include "process/child_process.h"
#include "services/network/data_url.h"
#include "services/network/http_fetcher.h"
#include "services/network/public/cookie_record.h"
#include "services/network/public/network.capnp.h"

namespace nexus::network {
namespace {

// What main tells the network service on its command line (ReadSwitches).
struct NetworkSettings {
  std::string ca_file;
  int64_t stall_timeout_ms = 30000;
  int64_t dns_cache_s = 60;
  std::string cache_directory;  // empty: no HTTP cache
};

NetworkSettings& Settings() {
  static NetworkSettings settings;
  return settings;
}

void Reply(process::ChildProcess& child,
           uint64_t request_id,
           const std::string& url,
           Result<HttpResponse> response) {
  ipc::OutgoingMessage reply;
  auto loaded = reply.Init<schema::NetworkToBrowser>().initLoaded();
  loaded.setUrl(url);
  if (!response.ok()) {
    loaded.setError(response.error().message());
  } else {
    loaded.setStatus(static_cast<uint16_t>(response->status));
    loaded.setMimeType(response->mime_type);
    if (!response->final_url.empty() && response->final_url != url)
      loaded.setFinalUrl(response->final_url);
    // The headers fit beside an inline body in one message: 16 KiB of them at most.
    std::vector<std::pair<std::string_view, std::string_view>> kept;
    size_t bytes = 0;
    for (const auto& [name, value] : response->headers) {
      bytes += name.size() + value.size();
      if (bytes > 16 * 1024)
        break;
      kept.emplace_back(name, value);
    }
    auto headers = loaded.initHeaders(static_cast<unsigned>(kept.size()));
    for (size_t i = 0; i < kept.size(); ++i) {
      headers[i].setName(std::string(kept[i].first));
      headers[i].setValue(std::string(kept[i].second));
    }
    if (auto status = reply.SetPayload(loaded.initBody(), response->body); !status.ok())
      loaded.setError(status.error().message());
  }
  if (auto status = child.Send(reply, request_id); !status.ok())
    LOG(Error) << status.error().message();
}

void Load(process::ChildProcess& child, HttpFetcher* fetcher, ipc::IncomingMessage& message) {
  auto request = message.Body<schema::BrowserToNetwork>().getLoad();
  uint64_t request_id = message.envelope().getRequestId();
  std::string url = request.getUrl();
  if (url.rfind("data:", 0) == 0) {
    auto content = DecodeDataUrl(url);
    if (!content.ok())
      return Reply(child, request_id, url,
                   Error("cannot load " + url.substr(0, 200) + ": " + content.error().message()));
    HttpResponse response;
    response.status = 200;
    response.mime_type = content->mime_type;
    response.body = std::move(content->bytes);
    return Reply(child, request_id, url, std::move(response));
  }
  if (!fetcher)
    return Reply(child, request_id, url, Error("HTTP is unavailable: no libcurl"));
  auto kind = request.getKind();
  HttpRequest http;
  http.url = url;
  http.site_for_cookies = request.getSiteForCookies();
  http.top_level_navigation =
      kind == schema::ResourceKind::DOCUMENT || kind == schema::ResourceKind::DOWNLOAD;
  if (request.getMethod().size() > 0)
    http.method = request.getMethod();
  for (auto header : request.getHeaders())
    http.headers.emplace_back(header.getName(), header.getValue());
  auto body = message.ReadPayload(request.getBody());
  if (!body.ok())
    return Reply(child, request_id, url, body.error());
  http.body = std::move(body).value();
  http.omit_cookies = request.getOmitCookies();
  auto on_chunk = [&child, request_id](ReadOnlySharedMemory bytes) {
    ipc::OutgoingMessage chunk;
    Status status =
        chunk.SetSharedPayload(chunk.Init<schema::NetworkToBrowser>().initChunk(), bytes);
    if (status.ok())
      status = child.Send(chunk, request_id);
    if (!status.ok())
      LOG(Error) << "chunk of request " << request_id << ": " << status.error().message();
  };
  auto started = fetcher->Fetch(request_id, std::move(http), on_chunk,
                                [&child, request_id, url](auto response) {
                                  Reply(child, request_id, url, std::move(response));
                                });
  if (!started.ok())
    Reply(child, request_id, url, started.error());
}

}  // namespace

Status ReadSwitches(const std::vector<std::string>& args, sandbox::SandboxPaths& paths) {
  NetworkSettings& settings = Settings();
  FlagTable switches;
  switches.Text("--ca-file", "PEM", "trust this CA bundle", settings.ca_file);
  switches.Number("--network-timeout-ms", "N", "stall timeout", 1, 3600000,
                  settings.stall_timeout_ms);
  switches.Number("--dns-cache-s", "N", "DNS answers kept", 0, 86400, settings.dns_cache_s);
  switches.Text("--cache-dir", "DIR", "the HTTP cache", settings.cache_directory);
  if (auto rest = switches.Parse(args, /*ignore_unknown=*/true); !rest.ok())
    return rest.error();
  if (!settings.ca_file.empty())
    paths.network_files.push_back(settings.ca_file);  // read in its sandbox
  paths.cache_directory = settings.cache_directory;
  return OkStatus();
}

void PrepareBeforeSandbox() {
  if (auto curl = LoadCurl(); !curl.ok())
    LOG(Error) << curl.error().message() << ": http(s) will fail";
}

int NetworkMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(
      process::ProcessType::NETWORK, id, std::move(channel), [](process::ChildProcess& child) {
        HttpOptions options;
        options.ca_file = Settings().ca_file;
        options.stall_timeout_ms = Settings().stall_timeout_ms;
        options.dns_cache_s = Settings().dns_cache_s;
        options.cache_directory = Settings().cache_directory;
        auto created = HttpFetcher::Create(child.loop(), options);
        std::shared_ptr<HttpFetcher> fetcher;
        if (created.ok())
          fetcher = std::move(created).value();
        else
          LOG(Error) << created.error().message();
        if (fetcher && fetcher->cache()) {
          fetcher->cache()->set_damage_observer([&child](const std::string& why) {
            ipc::OutgoingMessage message;
            message.Init<schema::NetworkToBrowser>().setDamagedCacheEntry(why);
            if (auto status = child.Send(message); !status.ok())
              LOG(Error) << status.error().message();
          });
        }
        if (fetcher) {
          // Main mirrors the jar: it persists what lasts and gives it all back after a crash.
          fetcher->cookies().set_observer([&child](const Cookie& cookie, bool removed) {
            ipc::OutgoingMessage message;
            auto changed = message.Init<schema::NetworkToBrowser>().initCookieChanged();
            ToRecord(cookie, changed.initCookie());
            changed.setRemoved(removed);
            if (auto status = child.Send(message); !status.ok())
              LOG(Error) << status.error().message();
          });
        }
        child.set_message_handler([&child, fetcher](ipc::IncomingMessage& message) {
          auto said = message.Body<schema::BrowserToNetwork>();
          switch (said.which()) {
            case schema::BrowserToNetwork::LOAD:
              return Load(child, fetcher.get(), message);
            case schema::BrowserToNetwork::CANCEL_LOAD:
              if (fetcher)
                fetcher->Cancel(said.getCancelLoad());
              return;
            case schema::BrowserToNetwork::RESTORE_COOKIES:
              for (auto record : said.getRestoreCookies()) {
                if (fetcher)
                  fetcher->cookies().Restore(FromRecord(record));
              }
              return;
            case schema::BrowserToNetwork::CLEAR_SITE_DATA: {
              auto site = said.getClearSiteData();
              if (!fetcher)
                return;
              // Removed cookies go to main as COOKIE_CHANGED, as every removal does.
              size_t cookies = fetcher->cookies().RemoveDomain(site.getCookieDomain());
              std::string origin = site.getOrigin();
              size_t entries = 0;
              if (HttpCache* cache = fetcher->cache()) {
                entries = cache->RemoveWhere([&](const std::string& url) {
                  return url.rfind(origin, 0) == 0 &&
                         (url.size() == origin.size() || url[origin.size()] == '/');
                });
              }
              LOG(Info) << "cleared " << origin << ": " << cookies << " cookies, " << entries
                        << " cache entries";
              return;
            }
            case schema::BrowserToNetwork::SET_COOKIE: {
              auto set = said.getSetCookie();
              auto url = web::ParseUrl(set.getUrl());
              if (fetcher && url.ok() &&
                  !fetcher->cookies().SetFromHeader(*url, set.getCookie().cStr(), WallClockMillis(),
                                                    /*from_script=*/true))
                LOG(Info) << "document.cookie of " << url->spec.substr(0, 200) << " refused";
              return;
            }
          }
        });
        return OkStatus();
      });
}

}  // namespace nexus::network
