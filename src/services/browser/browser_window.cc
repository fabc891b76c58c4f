#include "services/browser/browser_window.h"

#include <algorithm>

#include "base/logging.h"

namespace nexus::browser {

using process::ProcessHost;
using renderer::schema::InputKind;

namespace {

// What a new tab shows until something is typed (Chromium's is a page of its own too).
constexpr char kNewTabUrl[] = "data:text/html,<title>New Tab</title>";
// Arrow keys scroll this much; Space and PageDown a viewport less this overlap.
constexpr int kArrowScroll = 40;

UiRect Union(const UiRect& a, const UiRect& b) {
  if (a.width <= 0 || a.height <= 0)
    return b;
  if (b.width <= 0 || b.height <= 0)
    return a;
  int left = std::min(a.x, b.x), top = std::min(a.y, b.y);
  int right = std::max(a.x + a.width, b.x + b.width);
  int bottom = std::max(a.y + a.height, b.y + b.height);
  return {left, top, right - left, bottom - top};
}

bool IsPrintable(const std::string& key) {
  return !key.empty() &&
         (key.size() == 1 || (static_cast<unsigned char>(key[0]) >= 0x80 && key.size() <= 4));
}

// The byte offset of the UTF-8 character before / after `at`.
size_t PreviousCharacter(const std::string& text, size_t at) {
  if (at == 0)
    return 0;
  --at;
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
    --at;
  return at;
}

size_t NextCharacter(const std::string& text, size_t at) {
  if (at >= text.size())
    return text.size();
  ++at;
  while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
    ++at;
  return at;
}

}  // namespace

BrowserWindow::BrowserWindow(EventLoop& loop,
                             Tabs& tabs,
                             PageRequests& pages,
                             AddressBarInput& address_bar,
                             GpuClient& gpu,
                             UiPainter& painter,
                             int width,
                             int height,
                             Actions actions)
    : loop_(loop),
      tabs_(tabs),
      pages_(pages),
      address_bar_(address_bar),
      gpu_(gpu),
      painter_(painter),
      actions_(std::move(actions)) {
  ui_.width = width;
  ui_.height = height;
  auto [viewport_width, viewport_height] = viewport();
  tabs_.SetViewport(viewport_width, viewport_height);
}

std::pair<int, int> BrowserWindow::viewport() const {
  UiRect content = UiGeometry(ui_.width, ui_.height, 0).content();
  return {std::max(1, content.width), std::max(1, content.height)};
}

void BrowserWindow::Activate(uint32_t tab_id) {
  if (!tabs_.Find(tab_id) || tab_id == active_tab_)
    return;
  uint32_t previous = active_tab_;
  active_tab_ = tab_id;
  ui_.address_focused = false;
  ShowActiveTab(previous);
  Refresh();
}

Result<uint32_t> BrowserWindow::OpenTab(const std::string& url) {
  ASSIGN_OR_RETURN(uint32_t tab_id, tabs_.Open(url.empty() ? kNewTabUrl : url));
  newest_tab_seen_ = std::max(newest_tab_seen_, tab_id);
  Activate(tab_id);
  return tab_id;
}

void BrowserWindow::SendShowTab(ProcessHost& renderer, uint32_t tab_id, bool shown) {
  auto [width, height] = viewport();
  ipc::OutgoingMessage message;
  auto body = message.Init<renderer::schema::BrowserToRenderer>().initShowTab();
  body.setTabId(tab_id);
  body.setShown(shown);
  body.setViewportWidth(static_cast<uint32_t>(width));
  body.setViewportHeight(static_cast<uint32_t>(height));
  (void)renderer.Send(message);
}

void BrowserWindow::ShowActiveTab(uint32_t previous) {
  // A tab without a renderer yet is told when it gets one (BeforeNavigation).
  if (previous && previous != active_tab_) {
    if (auto renderer = tabs_.RendererShowing(previous); renderer.ok())
      SendShowTab(**renderer, previous, false);
  }
  if (active_tab_) {
    if (auto renderer = tabs_.RendererShowing(active_tab_); renderer.ok())
      SendShowTab(**renderer, active_tab_, true);
  }
  SendScene();
}

void BrowserWindow::BeforeNavigation(ProcessHost& renderer, uint32_t tab_id) {
  editing_tabs_.erase(tab_id);  // a new document has nothing focused
  if (tab_id == active_tab_)
    SendShowTab(renderer, tab_id, true);
}

void BrowserWindow::OnFocusChanged(uint32_t tab_id, bool editable) {
  if (editable)
    editing_tabs_.insert(tab_id);
  else
    editing_tabs_.erase(tab_id);
}

void BrowserWindow::OnGpuReady(ProcessHost& gpu) {
  buffers_.reset();
  waiting_for_buffer_ = false;
  auto pool = ipc::SharedBufferPool::Create(
      [&gpu](ipc::OutgoingMessage& message) { return gpu.Send(message); }, 2, kUiBufferBytes);
  if (!pool.ok()) {
    LOG(Error) << "the UI layer's buffers: " << pool.error().message();
    return;
  }
  buffers_ = std::move(pool).value();
  dirty_[0] = dirty_[1] = damage_ = {};
  window_title_.clear();  // the new process's window has none yet
  if (gpu_.output().started && !gpu_.output().window_system.empty())
    LOG(Info) << "window on " << gpu_.output().window_system;
  Refresh();
  SendScene();
  InvalidateAll();
  ShowActiveTab(0);
}

void BrowserWindow::OnGpuGone() {
  buffers_.reset();
  waiting_for_buffer_ = false;
}

void BrowserWindow::OnTabChanged(uint32_t) {
  Refresh();
}

void BrowserWindow::OnTabClosed(uint32_t tab_id) {
  editing_tabs_.erase(tab_id);
  if (tab_id == active_tab_) {
    // The tab to the right takes its place, else the one to the left (as in Chromium).
    uint32_t next = 0;
    for (const auto& [id, tab] : tabs_.all()) {
      if (id > tab_id) {
        next = id;
        break;
      }
      next = id;
    }
    active_tab_ = 0;
    if (next)
      Activate(next);
  }
  Refresh();
}

void BrowserWindow::CloseTab(uint32_t tab_id) {
  if (auto status = tabs_.Close(tab_id); !status.ok())
    LOG(Error) << status.error().message();
  if (tabs_.all().empty())
    actions_.quit();  // closing the last tab closes the window, as in every browser
}

void BrowserWindow::CycleTabs(int direction) {
  std::vector<uint32_t> ids;
  for (const auto& [id, tab] : tabs_.all())
    ids.push_back(id);
  if (ids.empty())
    return;
  auto at = std::find(ids.begin(), ids.end(), active_tab_);
  size_t index = at == ids.end() ? 0 : static_cast<size_t>(at - ids.begin());
  index = (index + ids.size() + static_cast<size_t>(direction + static_cast<int>(ids.size()))) %
          ids.size();
  Activate(ids[index]);
}

void BrowserWindow::Refresh() {
  UiState next = ui_;
  next.tabs.clear();
  next.active = -1;
  uint32_t newest = 0;
  for (const auto& [id, tab] : tabs_.all()) {
    newest = std::max(newest, id);
    if (id == active_tab_)
      next.active = static_cast<int>(next.tabs.size());
    next.tabs.push_back({tab.title.empty() ? tab.url : tab.title, tab.state == TabState::kLoading,
                         tab.state == TabState::kCrashed});
  }
  // A tab opened from elsewhere (a second `nexus URL`, the control socket) comes to the front.
  if (newest > newest_tab_seen_ || (next.active < 0 && newest)) {
    newest_tab_seen_ = std::max(newest_tab_seen_, newest);
    uint32_t previous = active_tab_;
    active_tab_ = newest;
    ShowActiveTab(previous);
    return Refresh();
  }
  const Tab* active = tabs_.Find(active_tab_);
  std::string title = active ? (active->title.empty() ? active->url : active->title) : "";
  if (title != window_title_) {
    window_title_ = title;
    ipc::OutgoingMessage message;
    message.Init<gpu::schema::BrowserToGpu>().setSetTitle(title.empty() ? "Nexus"
                                                                        : title + " - Nexus");
    gpu_.Send(message);
  }
  if (!next.address_focused)
    next.address = active ? active->url : "";
  next.can_go_back = active && active->history.CanGoBack();
  next.can_go_forward = active && active->history.CanGoForward();
  next.sad_tab = active && active->state == TabState::kCrashed
                     ? (active->error.empty() ? "The renderer ended." : active->error)
                     : "";
  UiGeometry geometry(ui_.width, ui_.height, next.tabs.size());
  const int top = UiGeometry::kTabStripHeight + UiGeometry::kToolbarHeight;
  bool chrome_changed = next.address != ui_.address || next.caret != ui_.caret ||
                        next.address_selected != ui_.address_selected ||
                        next.address_focused != ui_.address_focused || next.active != ui_.active ||
                        next.can_go_back != ui_.can_go_back ||
                        next.can_go_forward != ui_.can_go_forward ||
                        next.tabs.size() != ui_.tabs.size();
  for (size_t i = 0; !chrome_changed && i < next.tabs.size(); ++i) {
    chrome_changed = next.tabs[i].title != ui_.tabs[i].title ||
                     next.tabs[i].loading != ui_.tabs[i].loading ||
                     next.tabs[i].crashed != ui_.tabs[i].crashed;
  }
  bool content_changed = next.sad_tab != ui_.sad_tab;
  ui_ = std::move(next);
  if (chrome_changed)
    Invalidate({0, 0, ui_.width, top});
  if (content_changed) {
    Invalidate(geometry.content());
    SendScene();
  }
}

void BrowserWindow::SendScene() {
  UiGeometry geometry(ui_.width, ui_.height, ui_.tabs.size());
  UiRect content = geometry.content();
  ipc::OutgoingMessage message;
  auto scene = message.Init<gpu::schema::BrowserToGpu>().initScene();
  scene.setActiveTab(active_tab_);
  auto rect = scene.initContent();
  rect.setX(content.x);
  rect.setY(content.y);
  rect.setWidth(content.width);
  rect.setHeight(content.height);
  scene.setContentFromUi(active_tab_ == 0 || !ui_.sad_tab.empty());
  if (!ui_.status.empty()) {
    UiRect line = geometry.status_line(painter_.StatusTextWidth(ui_.status));
    auto overlay = scene.initOverlays(1)[0];
    overlay.setX(line.x);
    overlay.setY(line.y);
    overlay.setWidth(line.width);
    overlay.setHeight(line.height);
  }
  gpu_.Send(message);
}

void BrowserWindow::Invalidate(const UiRect& rect) {
  UiRect clipped = rect;
  clipped.x = std::max(0, rect.x);
  clipped.y = std::max(0, rect.y);
  clipped.width = std::min(ui_.width, rect.x + rect.width) - clipped.x;
  clipped.height = std::min(ui_.height, rect.y + rect.height) - clipped.y;
  if (clipped.width <= 0 || clipped.height <= 0)
    return;
  dirty_[0] = Union(dirty_[0], clipped);
  dirty_[1] = Union(dirty_[1], clipped);
  damage_ = Union(damage_, clipped);
  PaintSoon();
}

void BrowserWindow::PaintSoon() {
  if (paint_posted_)
    return;
  paint_posted_ = true;
  loop_.Post([this] {
    paint_posted_ = false;
    PaintNow();
  });
}

void BrowserWindow::OnUiBufferReleased(uint32_t buffer) {
  if (!buffers_ || !buffers_->Release(buffer).ok()) {
    LOG(Error) << "the GPU process gave back UI buffer " << buffer << ", which it did not hold";
    return;
  }
  if (waiting_for_buffer_) {
    waiting_for_buffer_ = false;
    PaintSoon();
  }
}

void BrowserWindow::PaintNow() {
  if (!buffers_ || damage_.width <= 0)
    return;
  if (static_cast<size_t>(ui_.width) * ui_.height * 4 > kUiBufferBytes) {
    LOG(Error) << "a window of " << ui_.width << "x" << ui_.height << " is over the UI's 4K";
    return;
  }
  std::optional<uint32_t> buffer = buffers_->Acquire();
  if (!buffer) {
    waiting_for_buffer_ = true;
    return;
  }
  const int stride = ui_.width * 4;
  UiRect& dirty = dirty_[*buffer];
  painter_.Paint(ui_, buffers_->Bytes(*buffer).data(), stride, dirty);
  dirty = {};
  ipc::OutgoingMessage message;
  auto frame = message.Init<gpu::schema::BrowserToGpu>().initUiFrame();
  frame.setWidth(static_cast<uint32_t>(ui_.width));
  frame.setHeight(static_cast<uint32_t>(ui_.height));
  frame.setStride(static_cast<uint32_t>(stride));
  frame.setInputNs(input_ns_);
  input_ns_ = 0;  // later frames answer later input
  auto rect = frame.initDamage(1)[0];
  rect.setX(damage_.x);
  rect.setY(damage_.y);
  rect.setWidth(damage_.width);
  rect.setHeight(damage_.height);
  damage_ = {};
  if (auto status = buffers_->SetPayload(frame.initPixels(), *buffer,
                                         static_cast<size_t>(stride) * ui_.height);
      !status.ok()) {
    (void)buffers_->Release(*buffer);
    return;
  }
  if (!gpu_.gpu()) {
    (void)buffers_->Release(*buffer);
    return;
  }
  gpu_.Send(message);
}

void BrowserWindow::Resize(int width, int height) {
  if (width <= 0 || height <= 0 || (width == ui_.width && height == ui_.height))
    return;
  ui_.width = width;
  ui_.height = height;
  auto [viewport_width, viewport_height] = viewport();
  tabs_.SetViewport(viewport_width, viewport_height);
  // Every buffer is stale at the new size.
  damage_ = {};
  InvalidateAll();
  SendScene();
  ShowActiveTab(0);  // the page is laid out again for the new viewport
}

void BrowserWindow::SendToPage(InputKind kind,
                               float x,
                               float y,
                               const std::string& key,
                               uint32_t modifiers) {
  if (!active_tab_)
    return;
  if (auto status = pages_.SendInput(active_tab_, kind, x, y, key, modifiers); !status.ok())
    LOG(Info) << "input not delivered: " << status.error().message();
}

void BrowserWindow::OnInput(gpu::schema::WindowInput::Reader input) {
  using Kind = gpu::schema::WindowInputKind;
  UiGeometry geometry(ui_.width, ui_.height, ui_.tabs.size());
  UiRect content = geometry.content();
  const float x = input.getX(), y = input.getY();
  // Page coordinates: the content area's origin, plus where the compositor has scrolled.
  const float page_x = x - static_cast<float>(content.x);
  const float page_y = y - static_cast<float>(content.y) + static_cast<float>(input.getScrollY());
  const bool over_page =
      content.Contains(static_cast<int>(x), static_cast<int>(y)) && ui_.sad_tab.empty();
  if (input.getKind() != Kind::MOUSE_MOVE)
    input_ns_ = input.getReceivedNs();
  switch (input.getKind()) {
    case Kind::MOUSE_MOVE:
      if (!over_page)
        return SetStatus("");
      SendToPage(InputKind::MOUSE_MOVE, page_x, page_y, "", input.getModifiers());
      return HoverAt(page_x, page_y);
    case Kind::MOUSE_DOWN:
      if (geometry.HitTest(static_cast<int>(x), static_cast<int>(y)).target == UiTarget::kContent) {
        if (ui_.address_focused) {
          ui_.address_focused = false;
          Refresh();
        }
        if (over_page && input.getButton() == 1)
          SendToPage(InputKind::MOUSE_DOWN, page_x, page_y, "", input.getModifiers());
        return;
      }
      return OnMouseDown(x, y, input.getButton());
    case Kind::MOUSE_UP:
      if (over_page && input.getButton() == 1)
        SendToPage(InputKind::MOUSE_UP, page_x, page_y, "", input.getModifiers());
      return;
    case Kind::WHEEL:
      return;  // the compositor scrolled the page already
    case Kind::KEY_DOWN:
      return OnKeyDown(input.getKey(), input.getModifiers());
    case Kind::KEY_UP:
      if (!ui_.address_focused && !IsPrintable(input.getKey()))
        SendToPage(InputKind::KEY_UP, 0, 0, input.getKey(), input.getModifiers());
      return;
    case Kind::TEXT:
      return OnText(input.getKey());
    case Kind::RESIZED:
      return Resize(static_cast<int>(input.getWidth()), static_cast<int>(input.getHeight()));
    case Kind::CLOSED:
      if (actions_.quit)
        actions_.quit();
      return;
  }
}

void BrowserWindow::OnMouseDown(float x, float y, int button) {
  if (button != 1)
    return;
  UiGeometry geometry(ui_.width, ui_.height, ui_.tabs.size());
  UiHit hit = geometry.HitTest(static_cast<int>(x), static_cast<int>(y));
  std::vector<uint32_t> ids;
  for (const auto& [id, tab] : tabs_.all())
    ids.push_back(id);
  auto tab_at = [&](int index) -> uint32_t {
    return index >= 0 && static_cast<size_t>(index) < ids.size() ? ids[index] : 0;
  };
  if (hit.target != UiTarget::kAddressBar && ui_.address_focused) {
    ui_.address_focused = false;
    Refresh();
  }
  switch (hit.target) {
    case UiTarget::kTab:
      return Activate(tab_at(hit.tab));
    case UiTarget::kCloseTab:
      if (uint32_t tab = tab_at(hit.tab))
        CloseTab(tab);
      return;
    case UiTarget::kNewTab:
      if (auto opened = OpenTab(""); opened.ok())
        FocusAddressBar();
      return;
    case UiTarget::kBack:
      if (active_tab_)
        (void)tabs_.GoBack(active_tab_);
      return Refresh();
    case UiTarget::kForward:
      if (active_tab_)
        (void)tabs_.GoForward(active_tab_);
      return Refresh();
    case UiTarget::kReload:
      if (active_tab_)
        (void)tabs_.Reload(active_tab_);
      return Refresh();
    case UiTarget::kAddressBar:
      return FocusAddressBar();
    case UiTarget::kContent:
    case UiTarget::kNone:
      return;
  }
}

void BrowserWindow::FocusAddressBar() {
  ui_.address_focused = true;
  ui_.address_selected = true;  // as in every browser: what is typed replaces the URL
  ui_.caret = ui_.address.size();
  Invalidate({0, 0, ui_.width, UiGeometry::kTabStripHeight + UiGeometry::kToolbarHeight});
}

bool BrowserWindow::OnShortcut(const std::string& key, uint32_t modifiers) {
  const bool control = modifiers & gpu::schema::CONTROL_MODIFIER;
  const bool alt = modifiers & gpu::schema::ALT_MODIFIER;
  const bool shift = modifiers & gpu::schema::SHIFT_MODIFIER;
  if (control && key == "t") {
    if (OpenTab("").ok())
      FocusAddressBar();
  } else if (control && key == "w") {
    if (active_tab_)
      CloseTab(active_tab_);
  } else if (control && key == "l") {
    FocusAddressBar();
  } else if ((control && key == "r") || key == "F5") {
    if (active_tab_)
      (void)tabs_.Reload(active_tab_);
  } else if (alt && key == "ArrowLeft") {
    if (active_tab_)
      (void)tabs_.GoBack(active_tab_);
  } else if (alt && key == "ArrowRight") {
    if (active_tab_)
      (void)tabs_.GoForward(active_tab_);
  } else if (control && key == "Tab") {
    CycleTabs(shift ? -1 : 1);
  } else if (control && key == "q") {
    if (actions_.quit)
      actions_.quit();
  } else {
    return false;
  }
  Refresh();
  return true;
}

void BrowserWindow::OnKeyDown(const std::string& key, uint32_t modifiers) {
  if (OnShortcut(key, modifiers))
    return;
  // A character comes as text next (after the keyboard layout); other keys go as they are.
  bool character = IsPrintable(key) && !(modifiers & gpu::schema::CONTROL_MODIFIER);
  if (ui_.address_focused) {
    if (!character)
      EditAddress(key);
    return;
  }
  if (character && key != " ")
    return;
  if (key != " ")
    SendToPage(InputKind::KEY_DOWN, 0, 0, key, modifiers);
  // A text field takes Space, the arrows, Home and End itself.
  if (!editing_tabs_.count(active_tab_))
    ScrollActiveTab(key);
}

void BrowserWindow::HoverAt(float page_x, float page_y) {
  hover_wanted_ = Hover{active_tab_, static_cast<int>(page_x), static_cast<int>(page_y)};
  if (hover_in_flight_ || !active_tab_)
    return;
  Hover asked = *hover_wanted_;
  hover_wanted_.reset();
  hover_in_flight_ = true;
  pages_.HitTest(asked.tab, asked.x, asked.y,
                 [this, asked](Result<renderer::schema::HitTestResult::Reader> hit) {
                   hover_in_flight_ = false;
                   if (asked.tab == active_tab_)
                     SetStatus(hit.ok() && hit->getFound() ? std::string(hit->getLink()) : "");
                   if (hover_wanted_)
                     HoverAt(static_cast<float>(hover_wanted_->x),
                             static_cast<float>(hover_wanted_->y));
                 });
}

void BrowserWindow::SetStatus(const std::string& text) {
  std::string status = text.substr(0, 2048);
  if (status == ui_.status)
    return;
  UiGeometry geometry(ui_.width, ui_.height, ui_.tabs.size());
  Invalidate(geometry.status_line(painter_.StatusTextWidth(ui_.status)));
  ui_.status = std::move(status);
  Invalidate(geometry.status_line(painter_.StatusTextWidth(ui_.status)));
  SendScene();  // the status line is an overlay over the page
}

void BrowserWindow::ScrollActiveTab(const std::string& key) {
  if (!active_tab_ || !ui_.sad_tab.empty())
    return;
  const int page = viewport().second;
  ipc::OutgoingMessage message;
  auto scroll = message.Init<gpu::schema::BrowserToGpu>().initScrollTab();
  scroll.setTabId(active_tab_);
  scroll.setInputNs(input_ns_);
  if (key == " " || key == "PageDown")
    scroll.setDeltaY(page * 7 / 8);
  else if (key == "PageUp")
    scroll.setDeltaY(-page * 7 / 8);
  else if (key == "ArrowDown")
    scroll.setDeltaY(kArrowScroll);
  else if (key == "ArrowUp")
    scroll.setDeltaY(-kArrowScroll);
  else if (key == "Home")
    scroll.setTo(gpu::schema::ScrollTarget::TOP);
  else if (key == "End")
    scroll.setTo(gpu::schema::ScrollTarget::BOTTOM);
  else
    return;
  gpu_.Send(message);
}

void BrowserWindow::EditAddress(const std::string& key) {
  std::string& text = ui_.address;
  size_t& caret = ui_.caret;
  caret = std::min(caret, text.size());
  bool selected = ui_.address_selected;
  ui_.address_selected = false;
  if (selected && (key == "Backspace" || key == "Delete")) {
    text.clear();
    caret = 0;
  } else if (selected && (key == "ArrowLeft" || key == "Home")) {
    caret = 0;
  } else if (selected && (key == "ArrowRight" || key == "End")) {
    caret = text.size();
  } else if (key == "Backspace" && caret > 0) {
    size_t from = PreviousCharacter(text, caret);
    text.erase(from, caret - from);
    caret = from;
  } else if (key == "Delete" && caret < text.size()) {
    text.erase(caret, NextCharacter(text, caret) - caret);
  } else if (key == "ArrowLeft") {
    caret = PreviousCharacter(text, caret);
  } else if (key == "ArrowRight") {
    caret = NextCharacter(text, caret);
  } else if (key == "Home") {
    caret = 0;
  } else if (key == "End") {
    caret = text.size();
  } else if (key == "Escape") {
    ui_.address_focused = false;
  } else if (key == "Enter") {
    ui_.address_focused = false;
    std::string typed = text;
    uint32_t tab = active_tab_;
    if (!tab) {
      auto opened = OpenTab("");
      if (!opened.ok())
        return;
      tab = *opened;
    }
    // Open or search, as the address-bar intent decides (address_bar_input.h).
    address_bar_.Go(tab, typed, [this](Result<std::string> done) {
      if (!done.ok())
        LOG(Warning) << "address bar: " << done.error().message();
      Refresh();
    });
  } else {
    return;
  }
  // Refresh() does not see a change of focus alone: repaint the toolbar either way.
  Invalidate({0, 0, ui_.width, UiGeometry::kTabStripHeight + UiGeometry::kToolbarHeight});
  Refresh();
}

void BrowserWindow::OnText(const std::string& text) {
  if (text.empty() || text.size() > 64)
    return;
  if (ui_.address_focused) {
    if (ui_.address_selected) {
      ui_.address.clear();
      ui_.address_selected = false;
    }
    ui_.caret = std::min(ui_.caret, ui_.address.size());
    ui_.address.insert(ui_.caret, text);
    ui_.caret += text.size();
    Invalidate({0, 0, ui_.width, UiGeometry::kTabStripHeight + UiGeometry::kToolbarHeight});
    return;
  }
  for (size_t i = 0; i < text.size();) {
    size_t next = NextCharacter(text, i);
    std::string character = text.substr(i, next - i);
    SendToPage(InputKind::KEY_DOWN, 0, 0, character, 0);
    SendToPage(InputKind::KEY_UP, 0, 0, character, 0);
    i = next;
  }
}

}  // namespace nexus::browser
