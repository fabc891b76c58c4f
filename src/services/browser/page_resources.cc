#include "services/browser/page_resources.h"

#include "base/ascii.h"
#include "base/logging.h"
#include "base/time.h"
#include "services/browser/cors.h"
#include "services/browser/orb.h"

namespace nexus::browser {

using network::schema::ResourceKind;
using process::ProcessHost;
using process::ProcessType;

void PageResources::OnLoadResource(ProcessHost& renderer, ipc::IncomingMessage& message) {
  auto request = message.Body<renderer::schema::RendererToBrowser>().getLoadResource();
  Asker asker{renderer.id(), message.envelope().getRequestId(), request.getTabId(),
              request.getUrl()};
  Tab* tab = tabs_.OfDocument(renderer, asker.tab_id, request.getDocumentId());
  if (!tab) {
    // A page the tab has left may still ask (a renderer swapped out of the tab, or a page
    // replaced in the same one): answer, load nothing.
    return Answer(asker,
                  Error("tab " + std::to_string(asker.tab_id) + " is not shown by this renderer"));
  }
  auto url = web::ParseUrl(asker.url);
  auto document = web::ParseUrl(tab->url);
  Status allowed = !url.ok()        ? Status(url.error())
                   : !document.ok() ? Status(document.error())
                                    : web::CheckSubresourceAllowed(*document, *url);
  if (!allowed.ok()) {
    LOG(Info) << "tab " << tab->id << ": " << allowed.error().message();
    return Answer(asker, allowed.error());
  }
  asker.url = url->spec;
  if (request.getKind() == ResourceKind::FETCH)
    return StartFetch(renderer, message, asker, *url, *document);
  if (url->scheme == "file")
    return Answer(asker, ReadFileDocument(*url));
  NetworkLoad load;
  load.url = url->spec;
  load.tab_id = tab->id;
  // A renderer never loads documents: what it asks for is a subresource.
  load.kind = request.getKind() == ResourceKind::DOCUMENT ? ResourceKind::IMAGE : request.getKind();
  load.site_for_cookies = web::SiteForUrl(*document);
  ResourceKind kind = load.kind;
  std::string page_origin = OriginOf(*document);
  bool cross_origin = OriginOf(*url) != page_origin && url->scheme != "data";
  if (kind == ResourceKind::FONT && cross_origin) {
    // Fonts are CORS requests (CSS Fonts 4 §4.8.2): another origin shares them or not.
    load.headers.emplace_back("Origin", page_origin);
    load.omit_cookies = true;
  }
  loader_.Load(std::move(load), [this, asker, kind, page_origin, cross_origin](
                                    Result<Document> response, const std::string& final_url) {
    if (response.ok() && kind == ResourceKind::FONT) {
      Status shared = cross_origin ? CheckCorsResponse(page_origin, response->headers) : OkStatus();
      if (!shared.ok())
        response = shared.error().Context("font " + asker.url.substr(0, 200));
    } else if (response.ok()) {
      BlockOpaqueResponse(page_origin, kind, final_url.empty() ? asker.url : final_url, *response);
    }
    Answer(asker, std::move(response));
  });
}

void PageResources::Answer(const Asker& asker, Result<Document> loaded, const FetchAnswer* fetch) {
  ProcessHost* renderer = manager_.Find(asker.renderer_id);
  if (!renderer || !renderer->alive())
    return;
  ipc::OutgoingMessage message;
  auto reply = message.Init<renderer::schema::BrowserToRenderer>().initResourceLoaded();
  reply.setTabId(asker.tab_id);
  reply.setUrl(asker.url);
  if (!loaded.ok()) {
    reply.setStatus(404);
    reply.setError(loaded.error().message());
  } else {
    reply.setStatus(static_cast<uint16_t>(loaded->status));
    reply.setMimeType(loaded->mime_type);
    if (auto status = message.SetPayload(reply.initBody(), loaded->bytes); !status.ok()) {
      reply.setStatus(500);
      reply.setError(status.error().message());
    }
  }
  // Only a fetch's answer shows headers (filtered for the page) and document.cookie.
  if (fetch) {
    auto headers = reply.initHeaders(static_cast<unsigned>(fetch->headers.size()));
    for (size_t i = 0; i < fetch->headers.size(); ++i) {
      headers[i].setName(fetch->headers[i].first);
      headers[i].setValue(fetch->headers[i].second);
    }
    reply.setCookies(fetch->cookies);
  }
  if (auto status = renderer->Send(message, asker.request_id); !status.ok())
    LOG(Error) << "answer " << asker.url << ": " << status.error().message();
}

void PageResources::StartFetch(ProcessHost& renderer,
                               ipc::IncomingMessage& message,
                               const Asker& asker,
                               const web::Url& url,
                               const web::Url& document) {
  auto request = message.Body<renderer::schema::RendererToBrowser>().getLoadResource();
  auto fail = [&](const std::string& why) {
    LOG(Info) << "tab " << asker.tab_id << ": fetch " << url.spec.substr(0, 200) << ": " << why;
    Answer(asker, Error(why));
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
    manager_.ReceivedBadMessage(renderer, "fetch body: " + body.error().message());
    return;
  }
  NetworkLoad load;
  load.url = url.spec;
  load.tab_id = asker.tab_id;
  load.kind = ResourceKind::FETCH;
  load.site_for_cookies = web::SiteForUrl(document);
  load.method = *method;
  load.headers = headers;
  load.body = std::move(body).value();
  bool cross_origin = url.scheme != "data" && OriginOf(url) != origin;
  std::string cors_origin = cross_origin ? origin : "";
  if (cross_origin) {
    load.omit_cookies = true;  // credentials "same-origin"
    load.headers.emplace_back("Origin", origin);
  }
  auto answered = [this, asker, cors_origin](Result<Document> response, const std::string&) {
    OnFetchAnswered(asker, cors_origin, std::move(response));
  };
  if (!cross_origin || IsSimpleRequest(*method, headers))
    return loader_.Load(std::move(load), answered);
  // Not a simple request: the server is asked first (a preflight), the request waits.
  NetworkLoad preflight;
  preflight.url = url.spec;
  preflight.tab_id = asker.tab_id;
  preflight.kind = ResourceKind::FETCH;
  preflight.method = "OPTIONS";
  preflight.omit_cookies = true;
  std::string names;
  for (const auto& [name, value] : headers)
    names += (names.empty() ? "" : ",") + name;
  preflight.headers = {{"Origin", origin}, {"Access-Control-Request-Method", *method}};
  if (!names.empty())
    preflight.headers.emplace_back("Access-Control-Request-Headers", names);
  loader_.Load(
      std::move(preflight), [this, asker, origin, headers, load = std::move(load), answered](
                                Result<Document> response, const std::string&) mutable {
        Status allowed = response.ok() ? CheckPreflight(origin, response->status, load.method,
                                                        headers, response->headers)
                                       : Status(response.error());
        if (!allowed.ok()) {
          LOG(Info) << "tab " << asker.tab_id << ": " << allowed.error().message();
          return Answer(asker, allowed.error());
        }
        loader_.Load(std::move(load), answered);
      });
}

void PageResources::OnFetchAnswered(const Asker& asker,
                                    const std::string& cors_origin,
                                    Result<Document> response) {
  if (!response.ok())
    return Answer(asker, response.error());
  if (!cors_origin.empty()) {
    if (Status allowed = CheckCorsResponse(cors_origin, response->headers); !allowed.ok()) {
      LOG(Info) << "tab " << asker.tab_id << ": " << allowed.error().message();
      return Answer(asker, allowed.error());
    }
  }
  FetchAnswer fetch;
  fetch.headers = FilterResponseHeaders(response->headers, !cors_origin.empty());
  if (Tab* tab = tabs_.Find(asker.tab_id)) {
    if (auto url = web::ParseUrl(tab->url); url.ok())
      fetch.cookies = cookies_.DocumentCookie(*url, WallClockMillis());
  }
  Answer(asker, std::move(response), &fetch);
}

void PageResources::OnSetDocumentCookie(ProcessHost& renderer,
                                        renderer::schema::DocumentCookie::Reader request) {
  Tab* tab = tabs_.OfDocument(renderer, request.getTabId(), request.getDocumentId());
  if (!tab)
    return;  // Stale: the page is gone (its tab moved on, maybe to another site).
  auto url = web::ParseUrl(tab->url);
  if (!url.ok() || (url->scheme != "http" && url->scheme != "https"))
    return;  // file: and data: pages have no cookies, as in Chromium
  if (!services_.Ensure(ProcessType::NETWORK).ok())
    return;
  ProcessHost* network = services_.Running(ProcessType::NETWORK);
  if (!network)
    return;
  // The URL is the tab's as main knows it: a renderer cannot set cookies for another site.
  ipc::OutgoingMessage message;
  auto set = message.Init<network::schema::BrowserToNetwork>().initSetCookie();
  set.setUrl(url->spec);
  set.setCookie(request.getCookie());
  if (auto status = network->Send(message); !status.ok())
    LOG(Warning) << "document.cookie: " << status.error().message();
}

void BlockOpaqueResponse(const std::string& page_origin,
                         ResourceKind kind,
                         const std::string& response_url,
                         Document& response) {
  auto url = web::ParseUrl(response_url);
  if (url.ok() && OriginOf(*url) == page_origin)
    return;  // same origin: the page may read it anyway
  OrbDestination destination = kind == ResourceKind::IMAGE        ? OrbDestination::kImage
                               : kind == ResourceKind::STYLESHEET ? OrbDestination::kStylesheet
                               : kind == ResourceKind::SCRIPT     ? OrbDestination::kScript
                                                                  : OrbDestination::kOther;
  std::string essence = response.mime_type.substr(0, response.mime_type.find(';'));
  essence = AsciiLowercase(TrimAsciiWhitespace(essence));
  OrbDecision decision = DecideOrb(destination, essence, response.headers, response.status,
                                   std::string_view(response.bytes).substr(0, kOrbSniffBytes));
  if (decision.verdict == OrbVerdict::kAllow)
    return;
  // What a no-cors element could not use never enters the renderer's memory: it gets an
  // empty response, as Chromium's ORB gives it.
  LOG(Info) << decision.reason << " (" << response_url.substr(0, 200) << ")";
  response = Document{"", "", response.status, {}};
}

}  // namespace nexus::browser
