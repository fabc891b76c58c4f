// MainProcess: what pages' scripts ask of main. fetch() and XMLHttpRequest (same-origin rules
// and CORS, decided here and not in the renderer, which may be compromised), document.cookie
// (stored by the network service's jar, never HttpOnly), and history.pushState's URL.
#include "base/logging.h"
#include "base/time.h"
#include "services/browser/main_process.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;
using network::schema::ResourceKind;

void MainProcess::OnFetchRequest(ProcessHost& host, ipc::IncomingMessage& message, Tab& tab,
                                 const Url& url, const Url& document) {
  auto request = message.Body<renderer::schema::RendererToBrowser>().getLoadResource();
  uint64_t request_id = message.envelope().getRequestId();
  auto fail = [&](const std::string& why) {
    LOG(Info) << "tab " << tab.id << ": fetch " << url.spec.substr(0, 200) << ": " << why;
    AnswerSubresource(host.id(), request_id, tab.id, url.spec, Error(why));
  };
  // Like Chromium: only pages served over HTTP fetch, and only http(s) and data: URLs.
  std::string origin = OriginOf(document);
  if (origin == "null")
    return fail("a " + document.scheme + ": page cannot fetch (serve it over http)");
  if (url.scheme != "http" && url.scheme != "https" && url.scheme != "data")
    return fail("fetch cannot load " + url.scheme + ": URLs");
  auto method = NormalizeMethod(request.getMethod());
  if (!method.ok())
    return fail(method.error().message());
  HeaderList headers;
  for (auto header : request.getHeaders())
    headers.emplace_back(header.getName(), header.getValue());
  if (Status allowed = CheckRequestHeaders(headers); !allowed.ok())
    return fail(allowed.error().message());
  auto body = message.ReadPayload(request.getBody());
  if (!body.ok()) {
    manager_->ReceivedBadMessage(host, "fetch body: " + body.error().message());
    return;
  }
  if (disabled_types_.count(ProcessType::NETWORK) || !EnsureService(ProcessType::NETWORK).ok())
    return fail("network service unavailable");
  auto load = std::make_shared<PendingLoad>();
  load->tab_id = tab.id;
  load->url = url.spec;
  load->for_renderer = host.id();
  load->renderer_request_id = request_id;
  load->kind = ResourceKind::FETCH;
  load->site_for_cookies = SiteForUrl(document);
  load->method = *method;
  load->request_headers = headers;
  load->request_body = std::move(body).value();
  bool cross_origin = url.scheme != "data" && OriginOf(url) != origin;
  if (cross_origin) {
    load->cors_origin = origin;
    load->omit_cookies = true;
    load->request_headers.emplace_back("Origin", origin);
  }
  if (!cross_origin || IsSimpleRequest(*method, headers)) {
    network_loads_[next_request_id_++] = std::move(*load);
    SendPendingLoads();
    return;
  }
  // Not a simple request: the server is asked first (a preflight), the request waits.
  PendingLoad preflight;
  preflight.tab_id = tab.id;
  preflight.url = url.spec;
  preflight.for_renderer = host.id();
  preflight.renderer_request_id = request_id;
  preflight.kind = ResourceKind::FETCH;
  preflight.method = "OPTIONS";
  preflight.omit_cookies = true;
  std::string names;
  for (const auto& [name, value] : headers)
    names += (names.empty() ? "" : ",") + name;
  preflight.request_headers = {{"Origin", origin}, {"Access-Control-Request-Method", *method}};
  if (!names.empty())
    preflight.request_headers.emplace_back("Access-Control-Request-Headers", names);
  preflight.cors_origin = origin;
  preflight.after_preflight = std::move(load);
  network_loads_[next_request_id_++] = std::move(preflight);
  SendPendingLoads();
}

void MainProcess::OnFetchAnswered(PendingLoad load, Result<Document> result) {
  auto answer = [&](Result<Document> loaded, const FetchAnswer* fetch) {
    AnswerSubresource(load.for_renderer, load.renderer_request_id, load.tab_id, load.url,
                      std::move(loaded), fetch);
  };
  if (!result.ok())
    return answer(result.error(), nullptr);
  if (load.after_preflight) {
    PendingLoad& actual = *load.after_preflight;
    HeaderList asked(actual.request_headers.begin(), actual.request_headers.end() - 1);  // less Origin
    Status allowed = CheckPreflight(load.cors_origin, result->status, actual.method, asked,
                                    result->headers);
    if (!allowed.ok()) {
      LOG(Info) << "tab " << load.tab_id << ": " << allowed.error().message();
      return answer(allowed.error(), nullptr);
    }
    network_loads_[next_request_id_++] = std::move(actual);
    SendPendingLoads();
    return;
  }
  if (!load.cors_origin.empty()) {
    if (Status allowed = CheckCorsResponse(load.cors_origin, result->headers); !allowed.ok()) {
      LOG(Info) << "tab " << load.tab_id << ": " << allowed.error().message();
      return answer(allowed.error(), nullptr);
    }
  }
  FetchAnswer fetch;
  fetch.headers = FilterResponseHeaders(result->headers, !load.cors_origin.empty());
  if (auto tab = tabs_.find(load.tab_id); tab != tabs_.end()) {
    if (auto url = ParseUrl(tab->second.url); url.ok())
      fetch.cookies = cookies_->DocumentCookie(*url, WallClockMillis());
  }
  answer(std::move(result), &fetch);
}

void MainProcess::OnSetDocumentCookie(ProcessHost& host,
                                      renderer::schema::DocumentCookie::Reader request) {
  Tab* tab = TabOfRenderer(host, request.getTabId());
  if (!tab)
    return;  // Stale: the tab moved on.
  auto url = ParseUrl(tab->url);
  if (!url.ok() || (url->scheme != "http" && url->scheme != "https"))
    return;  // file: and data: pages have no cookies, as in Chromium
  if (disabled_types_.count(ProcessType::NETWORK) || !EnsureService(ProcessType::NETWORK).ok())
    return;
  ProcessHost* network = manager_->Find(ServiceId(ProcessType::NETWORK));
  if (!network || !network->alive())
    return;
  // The URL is the tab's as main knows it: a renderer cannot set cookies for another site.
  ipc::OutgoingMessage message;
  auto set = message.Init<network::schema::BrowserToNetwork>().initSetCookie();
  set.setUrl(url->spec);
  set.setCookie(request.getCookie());
  if (auto status = network->Send(message); !status.ok())
    LOG(Warning) << "document.cookie: " << status.error().message();
}

void MainProcess::OnUrlChanged(ProcessHost& host, renderer::schema::UrlChanged::Reader changed) {
  Tab* tab = TabOfRenderer(host, changed.getTabId());
  if (!tab)
    return;
  auto url = ParseUrl(changed.getUrl());
  auto current = ParseUrl(tab->url);
  // pushState stays within the document's origin; anything else is a lying renderer.
  if (!url.ok() || !current.ok() || OriginOf(*url) != OriginOf(*current) ||
      (OriginOf(*url) == "null" && url->spec.substr(0, url->spec.find('#')) !=
                                       current->spec.substr(0, current->spec.find('#')))) {
    manager_->ReceivedBadMessage(host, "history to another origin: " +
                                           std::string(changed.getUrl()).substr(0, 200));
    return;
  }
  tab->url = url->spec;
  if (changed.getReplace())
    tab->history.ReplaceCurrent(url->spec);
  else
    tab->history.Commit(url->spec);
  if (ProcessHost* renderer = manager_->Find(tab->renderer_id))
    renderer->url = url->spec;
}

}  // namespace nexus::browser
