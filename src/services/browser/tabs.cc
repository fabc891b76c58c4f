#include "services/browser/tabs.h"

#include <iostream>
#include <optional>

#include "base/logging.h"
#include "base/time.h"
#include "services/browser/cors.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessState;

Result<uint32_t> Tabs::Open(const std::string& url_or_path,
                            int viewport_width,
                            int viewport_height) {
  ASSIGN_OR_RETURN(web::Url url, web::UrlFromUserInput(url_or_path));
  uint32_t id = next_tab_id_++;
  Tab& tab = tabs_[id];
  tab.id = id;
  tab.viewport_width = viewport_width > 0 ? viewport_width : viewport_width_;
  tab.viewport_height = viewport_height > 0 ? viewport_height : viewport_height_;
  if (auto status = Navigate(id, url.spec); !status.ok()) {
    tabs_.erase(id);
    return status.error();
  }
  return id;
}

Status Tabs::Navigate(uint32_t tab_id,
                      const std::string& url_or_path,
                      const std::string& initiator_site,
                      const FormPost* post) {
  Tab* tab = Find(tab_id);
  if (!tab)
    return Error("no tab " + std::to_string(tab_id));
  ASSIGN_OR_RETURN(web::Url url, web::UrlFromUserInput(url_or_path));
  if (url.scheme == "nexus") {
    if (!options_.debug_url)
      return Error(url.spec + ": nexus: URLs are off");
    return options_.debug_url(*tab, url);
  }
  if (!web::IsLoadableScheme(url.scheme)) {
    return Error("cannot load " + url.spec + ": scheme '" + url.scheme +
                 "' is not supported (http:, https:, file: and data: are)");
  }
  tab->history.Commit(url.spec);
  return StartLoad(*tab, url, initiator_site, post);
}

Status Tabs::TraverseHistory(uint32_t tab_id, bool forward) {
  Tab* tab = Find(tab_id);
  if (!tab)
    return Error("no tab " + std::to_string(tab_id));
  NavigationController& history = tab->history;
  if (!(forward ? history.CanGoForward() : history.CanGoBack()))
    return Error("tab " + std::to_string(tab_id) + " has no " + (forward ? "later" : "earlier") +
                 " page");
  ASSIGN_OR_RETURN(web::Url url, web::ParseUrl(forward ? history.GoForward() : history.GoBack()));
  return StartLoad(*tab, url);
}

Status Tabs::Reload(uint32_t tab_id) {
  Tab* tab = Find(tab_id);
  if (!tab)
    return Error("no tab " + std::to_string(tab_id));
  if (tab->history.empty())
    return Error("tab " + std::to_string(tab_id) + " has nothing to reload");
  ASSIGN_OR_RETURN(web::Url url, web::ParseUrl(tab->history.current()));
  return StartLoad(*tab, url);
}

void Tabs::SetViewport(int width, int height) {
  viewport_width_ = width;
  viewport_height_ = height;
  for (auto& [id, tab] : tabs_) {
    tab.viewport_width = width;
    tab.viewport_height = height;
  }
}

Status Tabs::Close(uint32_t tab_id) {
  Tab* tab = Find(tab_id);
  if (!tab)
    return Error("no tab " + std::to_string(tab_id));
  uint32_t renderer = tab->renderer_id;
  loader_.CancelTab(tab_id);
  DocumentGone(*tab);
  tabs_.erase(tab_id);
  if (options_.on_closed)
    options_.on_closed(tab_id);
  ReleaseRendererIfUnused(renderer);
  return OkStatus();
}

Tab* Tabs::Find(uint32_t tab_id) {
  auto it = tabs_.find(tab_id);
  return it == tabs_.end() ? nullptr : &it->second;
}

Tab* Tabs::OfRenderer(const ProcessHost& renderer, uint32_t tab_id) {
  Tab* tab = Find(tab_id);
  return tab && tab->renderer_id == renderer.id() ? tab : nullptr;
}

Tab* Tabs::OfDocument(const ProcessHost& renderer, uint32_t tab_id, uint64_t document_id) {
  Tab* tab = OfRenderer(renderer, tab_id);
  return tab && tab->document_id == document_id ? tab : nullptr;
}

Result<ProcessHost*> Tabs::RendererShowing(uint32_t tab_id) {
  Tab* tab = Find(tab_id);
  if (!tab)
    return Error("no tab " + std::to_string(tab_id));
  ProcessHost* renderer = manager_.Find(tab->renderer_id);
  bool shows_a_page = tab->state == TabState::kLoaded || tab->state == TabState::kError;
  if (!shows_a_page || !renderer || !renderer->alive())
    return Error("tab " + std::to_string(tab_id) + " has no loaded page");
  return renderer;
}

std::vector<SessionTab> Tabs::Session() const {
  std::vector<SessionTab> session;
  for (const auto& [id, tab] : tabs_) {
    if (tab.history.empty())
      continue;
    SessionTab saved;
    for (size_t i = 0; i < tab.history.size(); ++i) {
      const std::string& url = tab.history.entries()[i];
      if (url.rfind("nexus:", 0) == 0)
        continue;  // debug pages are not pages to come back to
      if (i <= tab.history.index())
        saved.index = saved.entries.size();
      saved.entries.push_back(url);
    }
    if (tab.form_url == tab.history.current())
      saved.form = tab.form;
    if (!saved.entries.empty())
      session.push_back(std::move(saved));
  }
  return session;
}

Result<uint32_t> Tabs::Restore(const SessionTab& saved) {
  if (saved.index >= saved.entries.size())
    return Error("a saved tab's current entry is outside its list");
  ASSIGN_OR_RETURN(web::Url url, web::ParseUrl(saved.entries[saved.index]));
  uint32_t id = next_tab_id_++;
  Tab& tab = tabs_[id];
  tab.id = id;
  tab.viewport_width = viewport_width_;
  tab.viewport_height = viewport_height_;
  tab.history.Restore(saved.entries, saved.index);
  tab.form = saved.form;
  tab.form_url = url.spec;
  if (auto status = StartLoad(tab, url); !status.ok()) {
    tabs_.erase(id);
    return status.error();
  }
  return id;
}

Status Tabs::CheckUnused(uint32_t renderer_id) const {
  for (const auto& [tab_id, tab] : tabs_) {
    if (tab.renderer_id == renderer_id)
      return Error("renderer " + std::to_string(renderer_id) + " still hosts tab " +
                   std::to_string(tab_id));
  }
  return OkStatus();
}

void Tabs::ForgetRenderer(uint32_t renderer_id) {
  std::erase_if(site_renderers_, [&](const auto& entry) { return entry.second == renderer_id; });
}

Status Tabs::StartLoad(Tab& tab,
                       const web::Url& url,
                       const std::string& initiator_site,
                       const FormPost* post) {
  tab.url = url.spec;
  tab.title.clear();
  tab.error.clear();
  tab.text_length = 0;
  tab.state = TabState::kLoading;
  loader_.CancelTab(tab.id);  // what the page it leaves was still loading
  TRY_STATUS(AssignRenderer(tab, web::SiteForUrl(url)));
  if (options_.on_loading)
    options_.on_loading(tab);
  if (url.scheme == "file") {
    auto document = ReadFileDocument(url);
    if (!document.ok()) {
      Fail(tab, document.error().message());
      return OkStatus();  // The tab shows the error, as a browser's error page would.
    }
    Commit(tab, std::move(document->mime_type), std::move(document->bytes));
    return OkStatus();
  }
  // http(s) and data: come through the network service.
  NetworkLoad load;
  load.url = url.spec;
  load.tab_id = tab.id;
  load.site_for_cookies = initiator_site;
  if (post) {
    load.method = "POST";
    load.body = post->body;
    load.headers = {{"Content-Type", post->content_type}};
  }
  loader_.Load(std::move(load), [this, tab_id = tab.id, url = url.spec](
                                    Result<Document> document, const std::string& final_url) {
    OnDocumentLoaded(tab_id, url, std::move(document), final_url);
  });
  return OkStatus();
}

void Tabs::OnDocumentLoaded(uint32_t tab_id,
                            const std::string& url,
                            Result<Document> document,
                            const std::string& final_url) {
  Tab* tab = Find(tab_id);
  if (!tab || tab->url != url)
    return;  // The tab navigated elsewhere meanwhile.
  if (!document.ok())
    return Fail(*tab, document.error().message());
  // After redirects the document is the last hop's: its URL is what the tab shows and what
  // the page's relative links resolve against, and its site picks the renderer.
  if (!final_url.empty()) {
    auto final = web::ParseUrl(final_url);
    if (!final.ok())
      return Fail(*tab, final.error().message());
    tab->url = final->spec;
    tab->history.ReplaceCurrent(final->spec);
    if (auto status = AssignRenderer(*tab, web::SiteForUrl(*final)); !status.ok())
      return Fail(*tab, status.error().message());
  }
  Commit(*tab, std::move(document->mime_type), std::move(document->bytes));
}

void Tabs::Commit(Tab& tab, std::string mime_type, std::string bytes) {
  tab.pending_mime_type = std::move(mime_type);
  tab.pending_document = std::move(bytes);
  tab.navigation_pending = true;
  SendNavigation(tab);
}

Status Tabs::AssignRenderer(Tab& tab, const std::string& site) {
  ProcessHost* current = manager_.Find(tab.renderer_id);
  if (current && current->alive() && !current->died && current->site == site) {
    tab.site = site;
    return OkStatus();  // Same site: the renderer stays.
  }
  uint32_t previous = tab.renderer_id;
  uint32_t renderer_id = 0;
  auto existing = site_renderers_.find(site);
  ProcessHost* candidate =
      existing != site_renderers_.end() ? manager_.Find(existing->second) : nullptr;
  if (candidate && candidate->alive() && !candidate->died) {
    renderer_id = candidate->id();
  } else {
    ASSIGN_OR_RETURN(renderer_id, pool_.AcquireRenderer());
    site_renderers_[site] = renderer_id;
    if (ProcessHost* host = manager_.Find(renderer_id))
      host->site = site;
  }
  tab.renderer_id = renderer_id;
  tab.site = site;
  if (previous && previous != renderer_id)
    ReleaseRendererIfUnused(previous);
  return OkStatus();
}

void Tabs::ReleaseRendererIfUnused(uint32_t renderer_id) {
  if (!CheckUnused(renderer_id).ok())
    return;
  ProcessHost* host = manager_.Find(renderer_id);
  if (!host || !host->alive())
    return;
  ForgetRenderer(renderer_id);
  if (host->state() == ProcessState::kActive || host->state() == ProcessState::kSuspended) {
    if (auto status = pool_.ReleaseRenderer(renderer_id); status.ok())
      return;
  }
  manager_.Shutdown(renderer_id);
}

void Tabs::SendNavigation(Tab& tab) {
  ProcessHost* renderer = manager_.Find(tab.renderer_id);
  if (!renderer || !renderer->alive() || renderer->died)
    return;
  if (renderer->state() == ProcessState::kCreated)
    return;  // OnRendererReady sends it.
  if (renderer->state() == ProcessState::kReady || renderer->state() == ProcessState::kIdle)
    (void)manager_.Activate(renderer->id());
  if (options_.before_navigation)
    options_.before_navigation(tab, *renderer);
  ipc::OutgoingMessage message;
  auto body = message.Init<renderer::schema::BrowserToRenderer>().initNavigate();
  const uint64_t document_id = next_document_id_++;
  body.setTabId(tab.id);
  body.setDocumentId(document_id);
  body.setUrl(tab.url);
  body.setMimeType(tab.pending_mime_type);
  body.setViewportWidth(static_cast<uint32_t>(tab.viewport_width));
  body.setViewportHeight(static_cast<uint32_t>(tab.viewport_height));
  if (auto url = web::ParseUrl(tab.url); url.ok())
    body.setCookies(cookies_.DocumentCookie(*url, WallClockMillis()));
  if (tab.form_url != tab.url) {
    tab.form.clear();  // another page: what was typed belonged to the last one
    tab.form_url.clear();
  }
  auto fields = body.initFormFields(static_cast<unsigned>(tab.form.size()));
  unsigned field_index = 0;
  for (const auto& [field, value] : tab.form) {
    fields[field_index].setField(field);
    fields[field_index++].setValue(value);
  }
  if (auto status = message.SetPayload(body.initDocument(), tab.pending_document); !status.ok())
    return Fail(tab, status.error().message());
  if (auto status = renderer->Send(message); !status.ok())
    return Fail(tab, status.error().message());
  DocumentGone(tab);
  tab.document_id = document_id;
  renderer->url = tab.document_url = tab.url;
  tab.navigation_pending = false;
  tab.pending_document.clear();
}

void Tabs::Fail(Tab& tab, const std::string& error) {
  bool first_failure = tab.state != TabState::kError;
  tab.state = TabState::kError;
  tab.error = error;
  tab.navigation_pending = false;
  std::cerr << "nexus: " << error << "\n";
  // The tab shows a page that says what went wrong, as a browser's error page does (not if
  // that page itself failed).
  if (first_failure && options_.error_pages) {
    tab.pending_document = ErrorPageHtml(tab.url, error);
    tab.pending_mime_type = "text/html";
    tab.navigation_pending = true;
    SendNavigation(tab);
  }
  Settled(tab);
}

void Tabs::Settled(Tab& tab) {
  if (options_.on_settled)
    options_.on_settled(tab);
}

void Tabs::DocumentGone(Tab& tab) {
  if (tab.document_id && options_.on_document_gone)
    options_.on_document_gone(tab.document_id);
  tab.document_id = 0;
}

void Tabs::OnRendererReady(ProcessHost& renderer) {
  for (auto& [id, tab] : tabs_) {
    if (tab.renderer_id == renderer.id() && tab.navigation_pending)
      SendNavigation(tab);
  }
}

void Tabs::OnRendererGone(uint32_t renderer_id, bool crashed, const std::string& reason) {
  ForgetRenderer(renderer_id);
  std::vector<uint32_t> sad;
  for (auto& [tab_id, tab] : tabs_) {
    if (tab.renderer_id != renderer_id)
      continue;
    tab.renderer_id = 0;
    DocumentGone(tab);
    if (crashed) {
      tab.state = TabState::kCrashed;  // The sad tab; Reload() starts a new renderer.
      tab.error = reason;
      std::cerr << "nexus: tab " << tab_id << " crashed: " << reason << "\n";
      sad.push_back(tab_id);
    }
  }
  for (uint32_t tab_id : sad) {
    if (Tab* tab = Find(tab_id))
      Settled(*tab);
  }
}

void Tabs::OnNavigationComplete(ProcessHost& renderer,
                                renderer::schema::NavigationComplete::Reader complete) {
  Tab* tab = OfRenderer(renderer, complete.getTabId());
  // A renderer only speaks for the tabs it hosts, about the document it was sent.
  if (!tab || tab->url != complete.getUrl().cStr())
    return;
  if (tab->state == TabState::kError) {
    tab->title = complete.getTitle();  // The error page is up; the tab stays in error.
    return;
  }
  if (complete.getError().size() > 0)
    return Fail(*tab, complete.getError());
  tab->state = TabState::kLoaded;
  tab->title = complete.getTitle();
  tab->text_length = complete.getTextLength();
  Settled(*tab);
}

void Tabs::OnOpenUrl(ProcessHost& renderer, ipc::IncomingMessage& message) {
  auto open = message.Body<renderer::schema::RendererToBrowser>().getOpenUrl();
  Tab* tab = OfRenderer(renderer, open.getTabId());
  if (!tab)
    return;  // Stale: the tab moved on.
  auto url = web::ParseUrl(open.getUrl());
  auto current = web::ParseUrl(tab->url);
  if (!url.ok() || !current.ok()) {
    LOG(Info) << "tab " << tab->id << ": link not followed: " << open.getUrl().cStr();
    return;
  }
  // Pages never reach main's own nexus: URLs, and only local pages open local files; a page
  // cannot navigate its tab to a data: URL (Chromium blocks those too: a phishing vector).
  bool allowed = url->scheme != "nexus" && url->scheme != "data" &&
                 (url->scheme != "file" || current->scheme == "file");
  if (!allowed) {
    LOG(Warning) << "tab " << tab->id << ": a " << current->scheme << ": page may not open "
                 << url->spec;
    return;
  }
  std::optional<FormPost> post;
  if (std::string_view(open.getMethod().cStr()) == "POST") {
    auto body = message.ReadPayload(open.getBody());
    if (!body.ok()) {
      manager_.ReceivedBadMessage(renderer, "form body: " + body.error().message());
      return;
    }
    if (url->scheme != "http" && url->scheme != "https") {
      LOG(Warning) << "tab " << tab->id << ": a form cannot be posted to " << url->spec;
      return;
    }
    post = FormPost{std::move(body).value(), open.getContentType()};
    if (Status headers = CheckRequestHeaders({{"Content-Type", post->content_type}});
        !headers.ok()) {
      LOG(Warning) << "tab " << tab->id << ": " << headers.error().message();
      return;
    }
  }
  if (open.getReplace() && !tab->history.empty())
    tab->history.ReplaceCurrent(url->spec);
  Status status =
      open.getReplace() && !tab->history.empty()
          ? StartLoad(*tab, *url, web::SiteForUrl(*current), post ? &*post : nullptr)
          : Navigate(tab->id, url->spec, web::SiteForUrl(*current), post ? &*post : nullptr);
  if (!status.ok())
    LOG(Warning) << "tab " << tab->id << ": " << status.error().message();
}

void Tabs::OnFormEdited(ProcessHost& renderer, renderer::schema::FormEdit::Reader edit) {
  Tab* tab = OfDocument(renderer, edit.getTabId(), edit.getDocumentId());
  if (!tab)
    return;
  constexpr size_t kMaxFields = 256;
  if (tab->form_url != tab->document_url) {
    tab->form.clear();
    tab->form_url = tab->document_url;
  }
  if (tab->form.size() >= kMaxFields && !tab->form.count(edit.getField()))
    return;
  tab->form[edit.getField()] = edit.getValue();
  if (options_.on_session_changed)
    options_.on_session_changed();
}

void Tabs::OnUrlChanged(ProcessHost& renderer, renderer::schema::UrlChanged::Reader changed) {
  Tab* tab = OfRenderer(renderer, changed.getTabId());
  if (!tab)
    return;
  auto url = web::ParseUrl(changed.getUrl());
  auto current = web::ParseUrl(tab->url);
  // pushState stays within the document's origin; anything else is a lying renderer.
  if (!url.ok() || !current.ok() || OriginOf(*url) != OriginOf(*current) ||
      (OriginOf(*url) == "null" && url->spec.substr(0, url->spec.find('#')) !=
                                       current->spec.substr(0, current->spec.find('#')))) {
    manager_.ReceivedBadMessage(
        renderer, "history to another origin: " + std::string(changed.getUrl()).substr(0, 200));
    return;
  }
  tab->url = tab->document_url = url->spec;
  if (changed.getReplace())
    tab->history.ReplaceCurrent(url->spec);
  else
    tab->history.Commit(url->spec);
  renderer.url = url->spec;
}

}  // namespace nexus::browser
