// Tabs and navigation (spec "Tab and navigation controller"): each tab's history, the
// document it loads (file: read by main, the rest through the network service) and the
// renderer that shows it: one per site, a new one when a navigation crosses sites, a sad tab
// when it crashes. Renderers ask to navigate (a link, a form, location.href); main decides.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "process/process_manager.h"
#include "process/process_pool.h"
#include "services/browser/cookie_store.h"
#include "services/browser/profile_database.h"
#include "services/browser/resource_loader.h"
#include "services/browser/tab.h"
#include "services/renderer/public/renderer.capnp.h"
#include "web/url/url.h"

namespace nexus::browser {

class Tabs {
 public:
  struct Options {
    bool error_pages = true;  // a failed load shows a page that says why
    // nexus:// URLs typed by a user (or the control socket); pages never reach them.
    std::function<Status(Tab& tab, const web::Url& url)> debug_url;
    // A tab stopped loading: loaded, failed or crashed.
    std::function<void(Tab& tab)> on_settled;
    std::function<void(uint32_t tab_id)> on_closed;
    // A load started (the tab shows it is loading).
    std::function<void(Tab& tab)> on_loading;
    // Just before `renderer` gets the tab's document: what must reach it first (its channel
    // to the GPU process, whether the window shows the tab).
    std::function<void(Tab& tab, process::ProcessHost& renderer)> before_navigation;
    // What the session saves changed without a navigation (typed form text).
    std::function<void()> on_session_changed;
    // A document a tab showed is gone (replaced, closed, its renderer ended).
    std::function<void(uint64_t document_id)> on_document_gone;
  };

  Tabs(process::ProcessManager& manager,
       process::ProcessPool& pool,
       ResourceLoader& loader,
       CookieStore& cookies,
       Options options)
      : manager_(manager),
        pool_(pool),
        loader_(loader),
        cookies_(cookies),
        options_(std::move(options)) {}

  // The spec's CreateRendererProcess / DestroyRendererProcess, in tab terms. The viewport is
  // in CSS pixels; 0 takes SetViewport's (800x600 by default, as Chromium's headless window).
  Result<uint32_t> Open(const std::string& url_or_path,
                        int viewport_width = 0,
                        int viewport_height = 0);
  // The viewport of new tabs and of every tab's next navigation (a window's content area).
  void SetViewport(int width, int height);
  // `initiator_site`: the site of the page that asked (a clicked link), "" when a user did.
  Status Navigate(uint32_t tab_id,
                  const std::string& url_or_path,
                  const std::string& initiator_site = "",
                  const FormPost* post = nullptr);
  Status Reload(uint32_t tab_id);
  Status GoBack(uint32_t tab_id) { return TraverseHistory(tab_id, /*forward=*/false); }
  Status GoForward(uint32_t tab_id) { return TraverseHistory(tab_id, /*forward=*/true); }
  Status Close(uint32_t tab_id);

  Tab* Find(uint32_t tab_id);
  const std::map<uint32_t, Tab>& all() const { return tabs_; }
  // The tab if `renderer` shows it: a renderer speaks only for its own tabs.
  Tab* OfRenderer(const process::ProcessHost& renderer, uint32_t tab_id);
  // The tab, when `renderer` shows it and still shows the document `document_id` names:
  // messages a page sent before its tab moved on (they cross main's navigation on the
  // channel) must not act for the tab's next page, which may be of another origin.
  Tab* OfDocument(const process::ProcessHost& renderer, uint32_t tab_id, uint64_t document_id);
  // The renderer of a tab that shows a page (or its error page), or why there is none.
  Result<process::ProcessHost*> RendererShowing(uint32_t tab_id);
  // The tabs to restore next time, each with its back/forward list (nexus: pages left out).
  std::vector<SessionTab> Session() const;
  // A tab from a saved session: its list restored, its current entry loaded.
  Result<uint32_t> Restore(const SessionTab& saved);
  // Forgets `renderer_id` as its site's renderer (it goes back to the pool).
  Status CheckUnused(uint32_t renderer_id) const;
  void ForgetRenderer(uint32_t renderer_id);

  void OnRendererReady(process::ProcessHost& renderer);
  // `crashed`: a sad tab that says `reason`; otherwise it ended as asked.
  void OnRendererGone(uint32_t renderer_id, bool crashed, const std::string& reason);
  void OnNavigationComplete(process::ProcessHost& renderer,
                            renderer::schema::NavigationComplete::Reader complete);
  // A renderer-initiated navigation (a link, a form, location): checked like a browser does.
  void OnOpenUrl(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  // history.pushState/replaceState: the tab's URL changes, within the page's origin.
  void OnUrlChanged(process::ProcessHost& renderer, renderer::schema::UrlChanged::Reader changed);
  // The user typed into a field of the tab's page: kept with the tab (and its session).
  void OnFormEdited(process::ProcessHost& renderer, renderer::schema::FormEdit::Reader edit);

 private:
  Status TraverseHistory(uint32_t tab_id, bool forward);
  Status StartLoad(Tab& tab,
                   const web::Url& url,
                   const std::string& initiator_site = "",
                   const FormPost* post = nullptr);
  void OnDocumentLoaded(uint32_t tab_id,
                        const std::string& url,
                        Result<Document> document,
                        const std::string& final_url);
  void Commit(Tab& tab, std::string mime_type, std::string bytes);
  Status AssignRenderer(Tab& tab, const std::string& site);
  void ReleaseRendererIfUnused(uint32_t renderer_id);
  void SendNavigation(Tab& tab);
  void Fail(Tab& tab, const std::string& error);
  void Settled(Tab& tab);
  void DocumentGone(Tab& tab);

  process::ProcessManager& manager_;
  process::ProcessPool& pool_;
  ResourceLoader& loader_;
  CookieStore& cookies_;
  Options options_;
  std::map<uint32_t, Tab> tabs_;
  uint32_t next_tab_id_ = 1;
  uint64_t next_document_id_ = 1;
  int viewport_width_ = 800;
  int viewport_height_ = 600;
  std::map<std::string, uint32_t> site_renderers_;  // one renderer per site
};

}  // namespace nexus::browser
