#include "services/renderer/renderer.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "base/logging.h"
#include "base/time.h"
#include "ipc/string_pairs.h"
#include "services/renderer/indexed_db_requests.h"

namespace nexus::renderer {

using schema::BrowserToRenderer;
using schema::RendererToBrowser;

namespace {

// How long after a page loaded its whole layout waits: main asks for the first frame
// straight away, and that needs only the page's top; the rest is not needed before the
// user can scroll (or a script asks where something is, which lays it out at once).
constexpr int kWholeLayoutDelayMs = 200;

// What main is asked to load, in the network interface's terms.
network::schema::ResourceKind ResourceKindOf(web::ResourceKind kind) {
  switch (kind) {
    case web::ResourceKind::kStylesheet:
      return network::schema::ResourceKind::STYLESHEET;
    case web::ResourceKind::kImage:
      return network::schema::ResourceKind::IMAGE;
    case web::ResourceKind::kScript:
      return network::schema::ResourceKind::SCRIPT;
    case web::ResourceKind::kFetch:
      return network::schema::ResourceKind::FETCH;
    case web::ResourceKind::kFont:
      return network::schema::ResourceKind::FONT;
  }
  return network::schema::ResourceKind::IMAGE;
}

}  // namespace

// One tab's page's way out: timers on the renderer's loop, and requests to main.
class Renderer::TabClient : public web::PageClient {
 public:
  TabClient(Renderer& renderer, uint32_t tab_id, uint64_t navigation)
      : renderer_(renderer), tab_id_(tab_id), navigation_(navigation) {}

  void ScheduleTimer(int id, int delay_ms) override {
    renderer_.child_.loop().PostDelayed(
        delay_ms, [renderer = &renderer_, tab_id = tab_id_, navigation = navigation_, id] {
          if (TabPage* tab = renderer->Current(tab_id, navigation)) {
            tab->page->FireTimer(id);
            renderer->AfterScripts(tab_id);
          }  // else the page that set it is gone
        });
  }
  void Navigate(const web::NavigationRequest& request) override {
    renderer_.SendNavigationRequest(tab_id_, request);
  }
  void Fetch(int id, const web::FetchRequest& request) override {
    renderer_.StartFetch(tab_id_, navigation_, id, request);
  }
  void SetCookie(const std::string& cookie) override {
    ipc::OutgoingMessage message;
    auto set = message.Init<RendererToBrowser>().initSetDocumentCookie();
    set.setTabId(tab_id_);
    set.setDocumentId(navigation_);
    set.setCookie(cookie.substr(0, 8192));
    renderer_.Send(message);
  }
  Result<web::StorageEntries> OpenStorage(web::StorageArea area) override {
    return renderer_.OpenStorage(tab_id_, navigation_, area);
  }
  void WriteStorage(web::StorageArea area,
                    web::StorageOperation operation,
                    const std::string& key,
                    const std::string& value) override {
    renderer_.WriteStorage(tab_id_, navigation_, area, operation, key, value);
  }
  void FormEdited(const std::string& field, const std::string& value) override {
    ipc::OutgoingMessage message;
    auto edit = message.Init<RendererToBrowser>().initFormEdited();
    edit.setTabId(tab_id_);
    edit.setDocumentId(navigation_);
    edit.setField(field.substr(0, 1024));
    edit.setValue(value.substr(0, 64 * 1024));
    renderer_.Send(message);
  }
  void IndexedDb(int id, const std::string& request, const std::string& value) override {
    renderer_.SendStorageRequest(tab_id_, navigation_, id, request, value, /*estimate=*/false);
  }
  void EstimateStorage(int id) override {
    renderer_.SendStorageRequest(tab_id_, navigation_, id, "", "", /*estimate=*/true);
  }
  void UrlChanged(const std::string& url, bool replace) override {
    ipc::OutgoingMessage message;
    auto changed = message.Init<RendererToBrowser>().initUrlChanged();
    changed.setTabId(tab_id_);
    changed.setUrl(url.substr(0, 8192));
    changed.setReplace(replace);
    renderer_.Send(message);
  }

 private:
  Renderer& renderer_;
  uint32_t tab_id_;
  uint64_t navigation_;
};

Renderer::Renderer(process::ChildProcess& child)
    : child_(child),
      frames_(
          child,
          [this](uint32_t tab_id) -> web::Page* {
            auto tab = tabs_.find(tab_id);
            return tab != tabs_.end() && tab->second.complete ? tab->second.page.get() : nullptr;
          },
          [this](uint32_t tab_id, int scroll_y) {
            auto tab = tabs_.find(tab_id);
            if (tab == tabs_.end() || !tab->second.complete)
              return;
            tab->second.page->SetScrollPosition(scroll_y);
            AfterScripts(tab_id);
          }) {}

Renderer::~Renderer() = default;

void Renderer::Reset() {
  for (const auto& [tab_id, tab] : tabs_)
    frames_.Forget(tab_id);
  tabs_.clear();
  requests_.clear();
  storage_requests_.clear();
}

uint64_t Renderer::DocumentOf(uint32_t tab_id) const {
  auto it = tabs_.find(tab_id);
  return it == tabs_.end() ? 0 : it->second.navigation;
}

Renderer::TabPage* Renderer::Current(uint32_t tab_id, uint64_t navigation) {
  auto it = tabs_.find(tab_id);
  return it != tabs_.end() && it->second.navigation == navigation ? &it->second : nullptr;
}

void Renderer::OnMessage(ipc::IncomingMessage& message) {
  auto said = message.Body<BrowserToRenderer>();
  uint64_t request_id = message.envelope().getRequestId();
  switch (said.which()) {
    case BrowserToRenderer::NAVIGATE:
      return OnNavigate(message);
    case BrowserToRenderer::RESOURCE_LOADED:
      return OnResourceLoaded(message);
    case BrowserToRenderer::RENDER_FRAME:
      return OnRenderFrame(said.getRenderFrame(), request_id);
    case BrowserToRenderer::HIT_TEST:
      return OnHitTest(said.getHitTest(), request_id);
    case BrowserToRenderer::INPUT_EVENT:
      return OnInput(said.getInputEvent());
    case BrowserToRenderer::EVALUATE_SCRIPT:
      return OnEvaluateScript(said.getEvaluateScript(), request_id);
    case BrowserToRenderer::GET_PAGE_CONTENT:
      return OnGetPageContent(said.getGetPageContent(), request_id);
    case BrowserToRenderer::CONNECT_COMPOSITOR:
      return OnConnectCompositor(message);
    case BrowserToRenderer::STORAGE_OPENED:
      return;  // late: SendAndWait gave up on it
    case BrowserToRenderer::STORAGE_EVENT:
      return OnStorageEvent(message);
    case BrowserToRenderer::IDB_RESULT:
    case BrowserToRenderer::STORAGE_ESTIMATE:
      return OnStorageAnswer(message, request_id);
    case BrowserToRenderer::IDB_VERSION_CHANGE: {
      auto change = said.getIdbVersionChange();
      auto tab = tabs_.find(change.getTabId());
      if (tab == tabs_.end() || !tab->second.page)
        return;
      tab->second.page->IndexedDbVersionChanged(change.getDatabase(), change.getOldVersion(),
                                                change.getNewVersion());
      return AfterScripts(change.getTabId());
    }
    case BrowserToRenderer::SHOW_TAB: {
      auto show = said.getShowTab();
      return frames_.SetShown(
          show.getTabId(), show.getShown(),
          static_cast<int>(std::min<uint32_t>(show.getViewportWidth(), 16384)),
          static_cast<int>(std::min<uint32_t>(show.getViewportHeight(), 16384)));
    }
  }
}

void Renderer::OnConnectCompositor(ipc::IncomingMessage& message) {
  auto connect = message.Body<BrowserToRenderer>().getConnectCompositor();
  auto fd = message.TakeAttachment(connect.getAttachment());
  Status status =
      fd.ok() ? frames_.Connect(std::move(fd).value(), connect.getGpuId()) : Status(fd.error());
  if (!status.ok())
    LOG(Error) << "the compositor's channel: " << status.error().message();
}

namespace {

// A page waits this long for its storage before the access throws.
constexpr int kStorageOpenTimeoutMs = 10000;

schema::StorageArea AreaOf(web::StorageArea area) {
  return area == web::StorageArea::kLocal ? schema::StorageArea::LOCAL
                                          : schema::StorageArea::SESSION;
}

storage::schema::AreaOperation OperationOf(web::StorageOperation operation) {
  switch (operation) {
    case web::StorageOperation::kSet:
      return storage::schema::AreaOperation::SET;
    case web::StorageOperation::kRemove:
      return storage::schema::AreaOperation::REMOVE;
    case web::StorageOperation::kClear:
      break;
  }
  return storage::schema::AreaOperation::CLEAR;
}

}  // namespace

Result<web::StorageEntries> Renderer::OpenStorage(uint32_t tab_id,
                                                  uint64_t navigation,
                                                  web::StorageArea area) {
  ipc::OutgoingMessage request;
  auto open = request.Init<RendererToBrowser>().initOpenStorage();
  open.setTabId(tab_id);
  open.setDocumentId(navigation);
  open.setArea(AreaOf(area));
  auto is_answer = [](const ipc::IncomingMessage& message) {
    return message.Is<BrowserToRenderer>() && message.Body<BrowserToRenderer>().isStorageOpened();
  };
  ASSIGN_OR_RETURN(auto reply, child_.SendAndWait(request, next_request_id_++, is_answer,
                                                  kStorageOpenTimeoutMs));
  auto opened = reply->Body<BrowserToRenderer>().getStorageOpened();
  if (opened.getError().size() > 0)
    return Error(opened.getError());
  ASSIGN_OR_RETURN(std::string bytes, reply->ReadPayload(opened.getEntries()));
  auto entries = ipc::DecodeStringPairs(bytes);
  if (!entries.ok())
    return entries.error().Context("storage from main");
  return std::move(entries).value();
}

void Renderer::WriteStorage(uint32_t tab_id,
                            uint64_t navigation,
                            web::StorageArea area,
                            web::StorageOperation operation,
                            const std::string& key,
                            const std::string& value) {
  ipc::OutgoingMessage message;
  auto write = message.Init<RendererToBrowser>().initWriteStorage();
  write.setTabId(tab_id);
  write.setDocumentId(navigation);
  write.setArea(AreaOf(area));
  write.setOperation(OperationOf(operation));
  write.setKey(key);
  if (auto status = message.SetPayload(write.initValue(), value); !status.ok()) {
    LOG(Error) << "storage write: " << status.error().message();
    return;
  }
  Send(message);
}

void Renderer::OnStorageEvent(ipc::IncomingMessage& message) {
  auto event = message.Body<BrowserToRenderer>().getStorageEvent();
  auto tab = tabs_.find(event.getTabId());
  if (tab == tabs_.end() || !tab->second.page)
    return;
  web::StorageChange change;
  change.url = event.getUrl();
  if (!event.getCleared())
    change.key = event.getKey();
  for (auto [present, payload, value] :
       {std::tuple(event.getHadOldValue(), event.getOldValue(), &change.old_value),
        std::tuple(event.getHasNewValue(), event.getNewValue(), &change.new_value)}) {
    if (!present)
      continue;
    auto bytes = message.ReadPayload(payload);
    if (!bytes.ok()) {
      LOG(Error) << "storage event: " << bytes.error().message();
      return;
    }
    *value = std::move(bytes).value();
  }
  tab->second.page->StorageChanged(change);
  AfterScripts(event.getTabId());
}

void Renderer::SendStorageRequest(uint32_t tab_id,
                                  uint64_t navigation,
                                  int id,
                                  const std::string& request,
                                  const std::string& value,
                                  bool estimate) {
  ipc::OutgoingMessage message;
  auto body = message.Init<RendererToBrowser>();
  Status status = OkStatus();
  if (estimate) {
    body.setEstimateStorage(tab_id);
  } else {
    auto call = body.initIndexedDb();
    call.setTabId(tab_id);
    call.setDocumentId(navigation);
    status = FillIdbRequest(request, value, message, call.initRequest());
  }
  if (!status.ok()) {
    // The page's own prelude built it: answer at once, as the storage service would.
    TabPage* tab = Current(tab_id, navigation);
    if (tab)
      tab->page->StorageAnswered(
          id, {nlohmann::json{{"error", "UnknownError: " + status.error().message()}}.dump(), {}});
    return;
  }
  uint64_t request_id = next_request_id_++;
  storage_requests_[request_id] = {tab_id, navigation, id};
  Send(message, request_id);
}

void Renderer::OnStorageAnswer(ipc::IncomingMessage& message, uint64_t request_id) {
  auto pending = storage_requests_.find(request_id);
  if (pending == storage_requests_.end())
    return;
  StorageRequest request = pending->second;
  storage_requests_.erase(pending);
  TabPage* tab = Current(request.tab_id, request.navigation);
  if (!tab)
    return;  // the page that asked is gone
  auto said = message.Body<BrowserToRenderer>();
  web::StorageAnswer answer;
  if (said.isIdbResult()) {
    answer = IdbAnswerOf(message, said.getIdbResult().getResult());
  } else {
    auto estimate = said.getStorageEstimate();
    answer.json = nlohmann::json{{"usage", estimate.getUsage()},
                                 {"quota", estimate.getQuota()},
                                 {"error", estimate.getError().cStr()}}
                      .dump();
  }
  tab->page->StorageAnswered(request.id, answer);
  AfterScripts(request.tab_id);
}

void Renderer::Send(ipc::OutgoingMessage& message, uint64_t request_id) {
  if (auto status = child_.Send(message, request_id); !status.ok())
    LOG(Error) << status.error().message();
}

void Renderer::SendNavigationError(uint32_t tab_id, const std::string& url,
                                   const std::string& error) {
  ipc::OutgoingMessage reply;
  auto complete = reply.Init<RendererToBrowser>().initNavigationComplete();
  complete.setTabId(tab_id);
  complete.setUrl(url);
  complete.setError(error);
  Send(reply);
}

void Renderer::OnNavigate(ipc::IncomingMessage& message) {
  auto navigate = message.Body<BrowserToRenderer>().getNavigate();
  uint32_t tab_id = navigate.getTabId();
  std::string url_text = navigate.getUrl();
  // Whatever the tab showed before is gone, loaded or not, with the loads it was waiting for.
  tabs_.erase(tab_id);
  frames_.NewDocument(tab_id);
  std::erase_if(requests_, [&](const auto& entry) { return entry.second.tab_id == tab_id; });
  auto url = web::ParseUrl(url_text);
  if (!url.ok())
    return SendNavigationError(tab_id, url_text, url.error().message());
  auto document = message.MapPayload(navigate.getDocument());
  if (!document.ok())
    return SendNavigationError(tab_id, url_text, "document: " + document.error().message());
  auto page = web::Page::Create(*url, navigate.getMimeType().cStr(), document->view());
  if (!page.ok())
    return SendNavigationError(tab_id, url_text, page.error().message());
  TabPage& tab = tabs_[tab_id];
  tab.page = std::move(page).value();
  // Main's id of the document names this navigation; a main that sends none gets numbers of
  // the renderer's own.
  tab.navigation = navigate.getDocumentId() ? navigate.getDocumentId() : next_navigation_++;
  tab.client = std::make_unique<TabClient>(*this, tab_id, tab.navigation);
  tab.page->SetClient(tab.client.get());
  tab.page->SetInitialCookies(navigate.getCookies());
  std::vector<std::pair<std::string, std::string>> fields;
  for (auto field : navigate.getFormFields())
    fields.emplace_back(field.getField(), field.getValue());
  tab.page->RestoreFormFields(fields);
  if (navigate.getViewportWidth() > 0 && navigate.getViewportHeight() > 0) {
    tab.viewport_width =
        static_cast<int>(std::min<uint32_t>(navigate.getViewportWidth(), web::kMaxFrameSide));
    tab.viewport_height =
        static_cast<int>(std::min<uint32_t>(navigate.getViewportHeight(), web::kMaxFrameSide));
  }
  tab.page->SetViewportSize(tab.viewport_width, tab.viewport_height);
  RequestSubresources(tab_id, tab, tab.page->InitialSubresources());
  FinishIfLoaded(tab_id, tab);
}

void Renderer::RequestSubresources(uint32_t tab_id,
                                   TabPage& tab,
                                   const std::vector<web::Subresource>& wanted) {
  for (const web::Subresource& resource : wanted) {
    if (tab.requested >= web::kMaxSubresourcesPerPage) {
      LOG(Warning) << tab.page->url().spec << ": over " << web::kMaxSubresourcesPerPage
                   << " subresources; " << resource.url << " is not loaded";
      continue;
    }
    ipc::OutgoingMessage message;
    auto load = message.Init<RendererToBrowser>().initLoadResource();
    load.setTabId(tab_id);
    load.setDocumentId(tab.navigation);
    load.setUrl(resource.url);
    load.setKind(ResourceKindOf(resource.kind));
    uint64_t request_id = next_request_id_++;
    requests_[request_id] = Request{tab_id, tab.navigation, resource};
    ++tab.requested;
    ++tab.pending;
    Send(message, request_id);
  }
}

void Renderer::OnResourceLoaded(ipc::IncomingMessage& message) {
  auto it = requests_.find(message.envelope().getRequestId());
  if (it == requests_.end())
    return;  // Not ours (any more): main answered a request of a page since replaced.
  Request request = std::move(it->second);
  requests_.erase(it);
  auto tab = tabs_.find(request.tab_id);
  if (tab == tabs_.end() || tab->second.navigation != request.navigation)
    return;
  TabPage& page = tab->second;
  auto loaded = message.Body<BrowserToRenderer>().getResourceLoaded();
  if (request.fetch_id >= 0)
    return OnFetchAnswered(message, request);
  --page.pending;
  if (loaded.getError().size() > 0) {
    // A missing stylesheet or image leaves the page without it, as in any browser.
    LOG(Info) << request.resource.url << ": " << loaded.getError().cStr();
  } else if (auto bytes = message.MapPayload(loaded.getBody()); !bytes.ok()) {
    LOG(Warning) << request.resource.url << ": " << bytes.error().message();
  } else if (auto more = page.page->AddResource(request.resource, bytes->view()); !more.ok()) {
    LOG(Info) << more.error().message();
  } else {
    RequestSubresources(request.tab_id, page, *more);
  }
  if (page.complete)
    frames_.Invalidate(request.tab_id);  // an image or a style sheet that came late
  FinishIfLoaded(request.tab_id, page);
}

void Renderer::OnFetchAnswered(ipc::IncomingMessage& message, const Request& request) {
  auto loaded = message.Body<BrowserToRenderer>().getResourceLoaded();
  web::FetchResponse response;
  response.error = loaded.getError();
  if (response.error.empty()) {
    auto body = message.ReadPayload(loaded.getBody());
    if (body.ok()) {
      response.body = std::move(body).value();
      response.status = loaded.getStatus();
      response.mime_type = loaded.getMimeType();
      response.url = loaded.getFinalUrl().size() ? loaded.getFinalUrl() : loaded.getUrl();
      for (auto header : loaded.getHeaders())
        response.headers.emplace_back(header.getName(), header.getValue());
      if (loaded.hasCookies())
        response.cookies = loaded.getCookies();
    } else {
      response.error = body.error().message();
    }
  }
  TabPage* tab = Current(request.tab_id, request.navigation);
  tab->page->FetchDone(request.fetch_id, response);
  AfterScripts(request.tab_id);
}

void Renderer::StartFetch(uint32_t tab_id,
                          uint64_t navigation,
                          int fetch_id,
                          const web::FetchRequest& request) {
  TabPage* tab = Current(tab_id, navigation);
  if (!tab)
    return;
  auto fail = [&](const std::string& why) {
    // Answered on the loop, as a network error would be: fetch's promise never settles
    // inside the call that made it.
    child_.loop().Post([this, tab_id, navigation, fetch_id, why] {
      if (TabPage* current = Current(tab_id, navigation)) {
        web::FetchResponse failed;
        failed.error = why;
        current->page->FetchDone(fetch_id, failed);
        AfterScripts(tab_id);
      }
    });
  };
  size_t header_bytes = 0;
  for (const auto& [name, value] : request.headers)
    header_bytes += name.size() + value.size();
  if (header_bytes > kMaxFetchHeaderBytes)
    return fail("the request's headers are over " + std::to_string(kMaxFetchHeaderBytes >> 10) + " KiB");
  if (request.body.size() > kMaxFetchBodyBytes)
    return fail("the request's body is over " + std::to_string(kMaxFetchBodyBytes >> 20) + " MiB");
  ipc::OutgoingMessage message;
  auto load = message.Init<RendererToBrowser>().initLoadResource();
  load.setTabId(tab_id);
  load.setDocumentId(navigation);
  load.setUrl(request.url);
  load.setKind(request.script ? network::schema::ResourceKind::SCRIPT
                              : network::schema::ResourceKind::FETCH);
  load.setMethod(request.method);
  auto headers = load.initHeaders(static_cast<unsigned>(request.headers.size()));
  for (size_t i = 0; i < request.headers.size(); ++i) {
    headers[i].setName(request.headers[i].first);
    headers[i].setValue(request.headers[i].second);
  }
  if (auto status = message.SetPayload(load.initBody(), request.body); !status.ok())
    return fail(status.error().message());
  uint64_t request_id = next_request_id_++;
  Request pending{tab_id, navigation, {request.url, web::ResourceKind::kFetch}, fetch_id};
  requests_[request_id] = std::move(pending);
  Send(message, request_id);
}

void Renderer::SendNavigationRequest(uint32_t tab_id, const web::NavigationRequest& request) {
  ipc::OutgoingMessage message;
  auto open = message.Init<RendererToBrowser>().initOpenUrl();
  open.setTabId(tab_id);
  open.setUrl(request.url);
  open.setReplace(request.replace);
  if (request.method == "POST") {
    open.setMethod("POST");
    open.setContentType(request.content_type);
    if (auto status = message.SetPayload(open.initBody(), request.body); !status.ok()) {
      LOG(Warning) << "form not sent: " << status.error().message();
      return;
    }
  }
  Send(message);
}

void Renderer::AfterScripts(uint32_t tab_id) {
  auto it = tabs_.find(tab_id);
  if (it == tabs_.end())
    return;
  SendConsoleMessages(tab_id, *it->second.page);
  if (it->second.complete) {
    RequestSubresources(tab_id, it->second, it->second.page->NewSubresources());
    frames_.Invalidate(tab_id);
    ReportFocus(tab_id, it->second);
  }
}

void Renderer::ReportFocus(uint32_t tab_id, TabPage& tab) {
  if (!tab.page->scripting())
    return;  // without a scripts' context nothing has focus (input makes one)
  auto json = tab.page->Evaluate(
      "(e => !!e && (e.isContentEditable === true || e.tagName === 'TEXTAREA' ||"
      " (e.tagName === 'INPUT' && !/^(button|submit|reset|checkbox|radio|image|file|range|"
      "color)$/i.test(e.type || ''))))(document.activeElement)");
  bool editable = json.ok() && *json == "true";
  if (editable == tab.editable_focus)
    return;
  tab.editable_focus = editable;
  ipc::OutgoingMessage message;
  auto changed = message.Init<RendererToBrowser>().initFocusChanged();
  changed.setTabId(tab_id);
  changed.setEditable(editable);
  Send(message);
}

void Renderer::FinishIfLoaded(uint32_t tab_id, TabPage& tab) {
  if (tab.pending > 0 || tab.complete)
    return;
  // Scripts run once everything they may need is here; what they add is loaded in turn.
  if (std::vector<web::Subresource> added = tab.page->RunScripts(); !added.empty()) {
    RequestSubresources(tab_id, tab, added);
    if (tab.pending > 0)
      return;
  }
  tab.complete = true;
  // Laid out when main asks for the first frame, which needs only the page's top; the rest
  // once the renderer is idle a moment after that (or sooner, when asked where something
  // is). A page nobody looks at is laid out only when asked.
  tab.quiet_since_ms = MonotonicMillis();
  LayOutWholePageWhenQuiet(tab_id, tab.navigation, kWholeLayoutDelayMs);
  web::PageSummary summary = tab.page->Summary();
  ipc::OutgoingMessage reply;
  auto complete = reply.Init<RendererToBrowser>().initNavigationComplete();
  complete.setTabId(tab_id);
  complete.setUrl(tab.page->url().spec);
  complete.setTitle(summary.title);
  complete.setTextLength(summary.text_length);
  complete.setElementCount(summary.element_count);
  SendConsoleMessages(tab_id, *tab.page);
  Send(reply);
  frames_.Invalidate(tab_id);
}

void Renderer::LayOutWholePageWhenQuiet(uint32_t tab_id, uint64_t navigation, int64_t delay_ms) {
  child_.loop().PostDelayed(delay_ms, [this, tab_id, navigation] {
    TabPage* tab = Current(tab_id, navigation);
    if (!tab)
      return;
    // A frame painted since: the time counts from it.
    int64_t quiet_for = MonotonicMillis() - tab->quiet_since_ms;
    if (quiet_for < kWholeLayoutDelayMs)
      return LayOutWholePageWhenQuiet(tab_id, navigation, kWholeLayoutDelayMs - quiet_for);
    if (tab->page->FinishLayout())
      frames_.Invalidate(tab_id);  // the band below the first frame's
  });
}

void Renderer::SendConsoleMessages(uint32_t tab_id, web::Page& page) {
  for (const web::ConsoleMessage& console : page.TakeConsoleMessages()) {
    ipc::OutgoingMessage message;
    auto out = message.Init<RendererToBrowser>().initConsoleMessage();
    out.setTabId(tab_id);
    out.setLevel(console.level);
    out.setText(console.text.substr(0, kMaxConsoleText));
    out.setSource(console.source);
    out.setLine(static_cast<uint32_t>(std::max(console.line, 0)));
    Send(message);
  }
}

void Renderer::OnEvaluateScript(schema::EvaluateScript::Reader request, uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto result = reply.Init<RendererToBrowser>().initScriptResult();
  result.setTabId(request.getTabId());
  auto tab = tabs_.find(request.getTabId());
  if (tab == tabs_.end() || !tab->second.complete) {
    result.setError("tab " + std::to_string(request.getTabId()) + " has no loaded page");
    return Send(reply, request_id);
  }
  auto json = tab->second.page->Evaluate(request.getExpression().cStr());
  if (json.ok() && json->size() > kMaxScriptResult)
    json = Error("the value's JSON is over " + std::to_string(kMaxScriptResult >> 20) + " MiB");
  json.ok() ? result.setJson(*json) : result.setError(json.error().message());
  Send(reply, request_id);
  AfterScripts(request.getTabId());
}

void Renderer::OnRenderFrame(schema::RenderFrame::Reader request, uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto rendered = reply.Init<RendererToBrowser>().initFrameRendered();
  rendered.setTabId(request.getTabId());
  auto tab = tabs_.find(request.getTabId());
  if (tab == tabs_.end() || !tab->second.complete) {
    rendered.setError("tab " + std::to_string(request.getTabId()) + " has no loaded page");
    return Send(reply, request_id);
  }
  auto frame = tab->second.page->Paint(
      static_cast<int>(std::min<uint32_t>(request.getWidth(), web::kMaxFrameSide + 1)),
      static_cast<int>(std::min<uint32_t>(request.getHeight(), web::kMaxFrameSide + 1)),
      request.getFullPage());
  tab->second.quiet_since_ms = MonotonicMillis();
  if (!frame.ok()) {
    rendered.setError(frame.error().message());
    return Send(reply, request_id);
  }
  rendered.setWidth(frame->width);
  rendered.setHeight(frame->height);
  rendered.setStride(frame->stride);
  if (auto status = reply.SetSharedPayload(rendered.initPixels(), frame->pixels); !status.ok())
    rendered.setError(status.error().message());
  Send(reply, request_id);
}

void Renderer::OnHitTest(schema::HitTest::Reader request, uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto result = reply.Init<RendererToBrowser>().initHitTestResult();
  result.setTabId(request.getTabId());
  auto tab = tabs_.find(request.getTabId());
  if (tab != tabs_.end() && tab->second.complete) {
    if (auto hit = tab->second.page->HitTest(request.getX(), request.getY())) {
      result.setFound(true);
      result.setTag(hit->tag);
      result.setElementId(hit->id);
      result.setLink(hit->link);
      result.setX(static_cast<int32_t>(hit->box.x));
      result.setY(static_cast<int32_t>(hit->box.y));
      result.setWidth(static_cast<int32_t>(std::lround(hit->box.width)));
      result.setHeight(static_cast<int32_t>(std::lround(hit->box.height)));
    }
  }
  Send(reply, request_id);
}

void Renderer::OnGetPageContent(uint32_t tab_id, uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto content = reply.Init<RendererToBrowser>().initPageContent();
  content.setTabId(tab_id);
  auto tab = tabs_.find(tab_id);
  if (tab != tabs_.end() && tab->second.complete) {
    const web::Page& page = *tab->second.page;
    content.setUrl(page.url().spec);
    content.setTitle(page.document().Title());
    std::vector<std::string> images = page.ImageUrls();
    images.resize(std::min<size_t>(images.size(), 64));
    auto list = content.initImageUrls(static_cast<unsigned>(images.size()));
    for (size_t i = 0; i < images.size(); ++i)
      list.set(static_cast<unsigned>(i), images[i].substr(0, 2048));
    if (auto status = reply.SetPayload(content.initText(), web::VisibleText(page.document()));
        !status.ok())
      LOG(Error) << status.error().message();
  }
  Send(reply, request_id);
}

void Renderer::OnInput(schema::InputEvent::Reader event) {
  auto tab = tabs_.find(event.getTabId());
  if (tab == tabs_.end() || !tab->second.complete)
    return;
  using Kind = schema::InputKind;
  web::UserInput input;
  switch (event.getKind()) {
    case Kind::MOUSE_DOWN:
      input.kind = web::UserInput::Kind::kMouseDown;
      break;
    case Kind::MOUSE_UP:
      input.kind = web::UserInput::Kind::kMouseUp;
      break;
    case Kind::KEY_DOWN:
      input.kind = web::UserInput::Kind::kKeyDown;
      break;
    case Kind::KEY_UP:
      input.kind = web::UserInput::Kind::kKeyUp;
      break;
    default: return;  // moves and wheels: nothing listens to them yet
  }
  input.x = event.getX();
  input.y = event.getY();
  input.key = std::string(event.getKey()).substr(0, 64);
  input.modifiers = event.getModifiers();
  tab->second.page->DispatchInput(input);
  AfterScripts(event.getTabId());
}

}  // namespace nexus::renderer
