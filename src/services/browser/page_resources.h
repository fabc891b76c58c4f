// What pages may load, decided by main and not by the renderer, which may be compromised:
// stylesheets, images and classic scripts (the page's loading rules; Opaque Response Blocking
// keeps another site's HTML, JSON and the like out of the renderer), fetch() and
// XMLHttpRequest (same-origin rules and CORS, with preflights), and document.cookie (set for
// the tab's URL as main knows it, never HttpOnly).
#pragma once

#include "services/browser/cookie_store.h"
#include "services/browser/resource_loader.h"
#include "services/browser/tabs.h"

namespace nexus::browser {

class PageResources {
 public:
  PageResources(process::ProcessManager& manager,
                ServiceHosts& services,
                Tabs& tabs,
                ResourceLoader& loader,
                CookieStore& cookies)
      : manager_(manager), services_(services), tabs_(tabs), loader_(loader), cookies_(cookies) {}

  void OnLoadResource(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  void OnSetDocumentCookie(process::ProcessHost& renderer,
                           renderer::schema::DocumentCookie::Reader request);

 private:
  // What a page's fetch may read beside the body.
  struct FetchAnswer {
    HeaderList headers;   // filtered for the page
    std::string cookies;  // document.cookie now
  };
  // Where an answer goes: the renderer that asked, under its request id.
  struct Asker {
    uint32_t renderer_id;
    uint64_t request_id;
    uint32_t tab_id;
    std::string url;
  };
  void Answer(const Asker& asker, Result<Document> loaded, const FetchAnswer* fetch = nullptr);
  void StartFetch(process::ProcessHost& renderer,
                  ipc::IncomingMessage& message,
                  const Asker& asker,
                  const web::Url& url,
                  const web::Url& document);
  // The answer to a fetch, checked against CORS when it crossed origins.
  void OnFetchAnswered(const Asker& asker,
                       const std::string& cors_origin,
                       Result<Document> response);

  process::ProcessManager& manager_;
  ServiceHosts& services_;
  Tabs& tabs_;
  ResourceLoader& loader_;
  CookieStore& cookies_;
};

// ORB (browser/orb.h): empties `response` when a no-cors request of a page of `page_origin`
// for `kind` may not see it; the reason in the log.
void BlockOpaqueResponse(const std::string& page_origin,
                         network::schema::ResourceKind kind,
                         const std::string& response_url,
                         Document& response);

}  // namespace nexus::browser
