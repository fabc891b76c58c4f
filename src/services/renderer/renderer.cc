#include "services/renderer/renderer.h"

#include "base/logging.h"

namespace nexus::renderer {

using ipc::MessageType;

void Renderer::OnMessage(ipc::IncomingMessage& message) {
  auto body = message.envelope().getBody();
  switch (message.type()) {
    case MessageType::NAVIGATE_TO_URL:
      OnNavigate(message);
      return;
    case MessageType::RESOURCE_LOADED:
      OnResourceLoaded(message);
      return;
    case MessageType::RENDER_FRAME:
      OnRenderFrame(body.getRenderFrame(), message.envelope().getRequestId());
      return;
    case MessageType::HIT_TEST:
      OnHitTest(body.getHitTest(), message.envelope().getRequestId());
      return;
    case MessageType::INPUT_EVENT:
      OnInput(body.getInputEvent());
      return;
    case MessageType::EVALUATE_SCRIPT:
      OnEvaluateScript(body.getEvaluateScript(), message.envelope().getRequestId());
      return;
    case MessageType::GET_PAGE_CONTENT:
      OnGetPageContent(body.getGetPageContent().getTabId(), message.envelope().getRequestId());
      return;
    default:
      LOG(Info) << "renderer ignores " << ipc::MessageTypeName(message.type());
  }
}

void Renderer::Send(ipc::OutgoingMessage& message, uint64_t request_id) {
  if (auto status = child_.Send(message, request_id); !status.ok())
    LOG(Error) << status.error().message();
}

void Renderer::SendNavigationError(uint32_t tab_id, const std::string& url,
                                   const std::string& error) {
  ipc::OutgoingMessage reply;
  auto complete = reply.envelope().getBody().initNavigationComplete();
  complete.setTabId(tab_id);
  complete.setUrl(url);
  complete.setError(error);
  Send(reply);
}

void Renderer::OnNavigate(ipc::IncomingMessage& message) {
  auto navigate = message.envelope().getBody().getNavigateToUrl();
  uint32_t tab_id = navigate.getTabId();
  std::string url_text = navigate.getUrl();
  // Whatever the tab showed before is gone, loaded or not, with the loads it was waiting for.
  tabs_.erase(tab_id);
  std::erase_if(requests_, [&](const auto& entry) { return entry.second.tab_id == tab_id; });
  auto url = browser::ParseUrl(url_text);
  if (!url.ok())
    return SendNavigationError(tab_id, url_text, url.error().message());
  auto document = message.MapPayload(navigate.getDocument());
  if (!document.ok())
    return SendNavigationError(tab_id, url_text, "document: " + document.error().message());
  auto page = Page::Create(*url, navigate.getMimeType().cStr(), document->view());
  if (!page.ok())
    return SendNavigationError(tab_id, url_text, page.error().message());
  TabPage& tab = tabs_[tab_id];
  tab.page = std::move(page).value();
  tab.navigation = next_navigation_++;
  tab.page->SetTimerScheduler([this, tab_id, navigation = tab.navigation](int id, int delay_ms) {
    child_.loop().PostDelayed(delay_ms, [this, tab_id, navigation, id] {
      auto it = tabs_.find(tab_id);
      if (it == tabs_.end() || it->second.navigation != navigation)
        return;  // the page that set it is gone
      it->second.page->FireTimer(id);
      SendConsoleMessages(tab_id, *it->second.page);
    });
  });
  if (navigate.getViewportWidth() > 0 && navigate.getViewportHeight() > 0) {
    tab.viewport_width = static_cast<int>(std::min<uint32_t>(navigate.getViewportWidth(), kMaxFrameSide));
    tab.viewport_height = static_cast<int>(std::min<uint32_t>(navigate.getViewportHeight(), kMaxFrameSide));
  }
  tab.page->SetViewportSize(tab.viewport_width, tab.viewport_height);
  RequestSubresources(tab_id, tab, tab.page->InitialSubresources());
  FinishIfLoaded(tab_id, tab);
}

void Renderer::RequestSubresources(uint32_t tab_id, TabPage& tab,
                                   const std::vector<Subresource>& wanted) {
  for (const Subresource& resource : wanted) {
    if (tab.requested >= kMaxSubresourcesPerPage) {
      LOG(Warning) << tab.page->url().spec << ": over " << kMaxSubresourcesPerPage
                   << " subresources; " << resource.url << " is not loaded";
      continue;
    }
    ipc::OutgoingMessage message;
    auto load = message.envelope().getBody().initLoadResource();
    load.setTabId(tab_id);
    load.setUrl(resource.url);
    load.setKind(resource.kind);
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
  --page.pending;
  auto loaded = message.envelope().getBody().getResourceLoaded();
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
  FinishIfLoaded(request.tab_id, page);
}

void Renderer::FinishIfLoaded(uint32_t tab_id, TabPage& tab) {
  if (tab.pending > 0 || tab.complete)
    return;
  // Scripts run once everything they may need is here; what they add is loaded in turn.
  if (std::vector<Subresource> added = tab.page->RunScripts(); !added.empty()) {
    RequestSubresources(tab_id, tab, added);
    if (tab.pending > 0)
      return;
  }
  tab.page->Layout(tab.viewport_width, tab.viewport_height);
  tab.complete = true;
  PageSummary summary = tab.page->Summary();
  ipc::OutgoingMessage reply;
  auto complete = reply.envelope().getBody().initNavigationComplete();
  complete.setTabId(tab_id);
  complete.setUrl(tab.page->url().spec);
  complete.setTitle(summary.title);
  complete.setTextLength(summary.text_length);
  complete.setElementCount(summary.element_count);
  SendConsoleMessages(tab_id, *tab.page);
  Send(reply);
}

void Renderer::SendConsoleMessages(uint32_t tab_id, Page& page) {
  for (const ConsoleMessage& console : page.TakeConsoleMessages()) {
    ipc::OutgoingMessage message;
    auto out = message.envelope().getBody().initConsoleMessage();
    out.setTabId(tab_id);
    out.setLevel(console.level);
    out.setText(console.text.substr(0, kMaxConsoleText));
    out.setSource(console.source);
    out.setLine(static_cast<uint32_t>(std::max(console.line, 0)));
    Send(message);
  }
}

void Renderer::OnEvaluateScript(ipc::schema::EvaluateScript::Reader request, uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto result = reply.envelope().getBody().initScriptResult();
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
  SendConsoleMessages(request.getTabId(), *tab->second.page);
  Send(reply, request_id);
}

void Renderer::OnRenderFrame(ipc::schema::RenderFrame::Reader request, uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto rendered = reply.envelope().getBody().initFrameRendered();
  rendered.setTabId(request.getTabId());
  auto tab = tabs_.find(request.getTabId());
  if (tab == tabs_.end() || !tab->second.complete) {
    rendered.setError("tab " + std::to_string(request.getTabId()) + " has no loaded page");
    return Send(reply, request_id);
  }
  auto frame = tab->second.page->Paint(static_cast<int>(std::min<uint32_t>(request.getWidth(), kMaxFrameSide + 1)),
                                       static_cast<int>(std::min<uint32_t>(request.getHeight(), kMaxFrameSide + 1)),
                                       request.getFullPage());
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

void Renderer::OnHitTest(ipc::schema::HitTest::Reader request, uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto result = reply.envelope().getBody().initHitTestResult();
  result.setTabId(request.getTabId());
  auto tab = tabs_.find(request.getTabId());
  if (tab != tabs_.end() && tab->second.complete) {
    if (auto hit = tab->second.page->HitTest(request.getX(), request.getY())) {
      result.setFound(true);
      result.setTag(hit->tag);
      result.setElementId(hit->id);
      result.setLink(hit->link);
      result.setX(hit->box.x);
      result.setY(hit->box.y);
      result.setWidth(hit->box.width);
      result.setHeight(hit->box.height);
    }
  }
  Send(reply, request_id);
}

void Renderer::OnGetPageContent(uint32_t tab_id, uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto content = reply.envelope().getBody().initPageContent();
  content.setTabId(tab_id);
  auto tab = tabs_.find(tab_id);
  if (tab != tabs_.end() && tab->second.complete) {
    const Page& page = *tab->second.page;
    content.setUrl(page.url().spec);
    content.setTitle(page.document().Title());
    std::vector<std::string> images = page.ImageUrls();
    images.resize(std::min<size_t>(images.size(), 64));
    auto list = content.initImageUrls(static_cast<unsigned>(images.size()));
    for (size_t i = 0; i < images.size(); ++i)
      list.set(static_cast<unsigned>(i), images[i].substr(0, 2048));
    if (auto status = reply.SetPayload(content.initText(), VisibleText(page.document()));
        !status.ok())
      LOG(Error) << status.error().message();
  }
  Send(reply, request_id);
}

void Renderer::OnInput(ipc::schema::InputEvent::Reader event) {
  auto tab = tabs_.find(event.getTabId());
  if (tab == tabs_.end() || !tab->second.complete)
    return;
  TabPage& page = tab->second;
  int x = static_cast<int>(event.getX()), y = static_cast<int>(event.getY());
  using Kind = ipc::schema::InputKind;
  if (event.getKind() == Kind::MOUSE_DOWN) {
    page.mouse_down_x = x;
    page.mouse_down_y = y;
    return;
  }
  if (event.getKind() != Kind::MOUSE_UP || page.mouse_down_x < 0)
    return;
  // A click is a press and a release on the same link; the link navigates through main.
  auto pressed = page.page->HitTest(page.mouse_down_x, page.mouse_down_y);
  auto released = page.page->HitTest(x, y);
  page.mouse_down_x = page.mouse_down_y = -1;
  if (!pressed || !released || released->link.empty() || pressed->link != released->link)
    return;
  ipc::OutgoingMessage message;
  auto open = message.envelope().getBody().initOpenUrl();
  open.setTabId(event.getTabId());
  open.setUrl(released->link);
  Send(message);
}

}  // namespace nexus::renderer
