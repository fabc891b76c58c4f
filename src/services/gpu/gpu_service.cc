#include "services/gpu/gpu_service.h"

#include <sys/epoll.h>

#include <algorithm>

#include "base/logging.h"
#include "base/time.h"

namespace nexus::gpu {

using process::ProcessType;

namespace {

// The stats main shows (`nexus ps`, `--trace`) go at most this often.
constexpr int64_t kStatsIntervalMs = 250;
constexpr size_t kMaxRecentFrames = 64;

Rect FromSchema(schema::Rect::Reader rect) {
  return {rect.getX(), rect.getY(), rect.getWidth(), rect.getHeight()};
}

schema::WindowInputKind InputKindOf(WindowEvent::Kind kind) {
  switch (kind) {
    case WindowEvent::Kind::kMouseMove:
      return schema::WindowInputKind::MOUSE_MOVE;
    case WindowEvent::Kind::kMouseDown:
      return schema::WindowInputKind::MOUSE_DOWN;
    case WindowEvent::Kind::kMouseUp:
      return schema::WindowInputKind::MOUSE_UP;
    case WindowEvent::Kind::kWheel:
      return schema::WindowInputKind::WHEEL;
    case WindowEvent::Kind::kKeyDown:
      return schema::WindowInputKind::KEY_DOWN;
    case WindowEvent::Kind::kKeyUp:
      return schema::WindowInputKind::KEY_UP;
    case WindowEvent::Kind::kText:
      return schema::WindowInputKind::TEXT;
    case WindowEvent::Kind::kResized:
      return schema::WindowInputKind::RESIZED;
    case WindowEvent::Kind::kClosed:
    case WindowEvent::Kind::kExposed:
      break;
  }
  return schema::WindowInputKind::CLOSED;
}

// The pixels of a frame a producer says it painted, checked against the buffer it names.
Result<ImageView> FrameImage(const ipc::SharedBufferReceiver& buffers,
                             ipc::schema::Payload::Reader payload,
                             uint32_t width,
                             uint32_t height,
                             uint32_t stride) {
  if (!payload.isSharedBuffer())
    return Error("a frame must be in a shared buffer");
  if (width == 0 || height == 0 || width > 16384 || height > 16384 || stride % 4 != 0 ||
      stride < uint64_t{width} * 4)
    return Error("a frame of " + std::to_string(width) + "x" + std::to_string(height) +
                 " with stride " + std::to_string(stride) + " is malformed");
  ASSIGN_OR_RETURN(auto bytes, buffers.Read(payload));
  if (bytes.size() < uint64_t{stride} * height)
    return Error("a frame of " + std::to_string(width) + "x" + std::to_string(height) +
                 " does not fit its " + std::to_string(bytes.size()) + " bytes");
  return ImageView{bytes.data(), static_cast<int>(width), static_cast<int>(height),
                   static_cast<int>(stride)};
}

}  // namespace

GpuService::GpuService(process::ChildProcess& child, PreparedOutput output)
    : child_(child), output_(std::move(output)) {}

GpuService::~GpuService() = default;

Status GpuService::Start() {
  child_.loop().Post([this] {
    ipc::OutgoingMessage message;
    auto started = message.Init<schema::GpuToBrowser>().initOutputStarted();
    if (output_.compositor) {
      started.setBackend(output_.compositor->backend());
      started.setGpu(output_.compositor->is_gpu());
      started.setWidth(static_cast<uint32_t>(output_.compositor->width()));
      started.setHeight(static_cast<uint32_t>(output_.compositor->height()));
    }
    if (output_.window)
      started.setWindowSystem(output_.window->driver());
    started.setGlError(output_.gl_error);
    started.setError(!output_.error.empty() ? output_.error : output_.window_error);
    (void)child_.Send(message);
  });
  if (!output_.window)
    return OkStatus();
  if (output_.window->event_fd() >= 0)
    return child_.loop().Watch(output_.window->event_fd(), EPOLLIN,
                               [this](uint32_t) { OnWindowReadable(); });
  // No fd to wait on: look for events as often as a frame could be shown.
  struct Poller {
    static void Schedule(GpuService* self) {
      self->child_.loop().PostDelayed(8, [self] {
        self->OnWindowReadable();
        Schedule(self);
      });
    }
  };
  Poller::Schedule(this);
  return OkStatus();
}

void GpuService::OnMessage(ipc::IncomingMessage& message) {
  DrainWindowEventsAfter drain(*this);
  if (message.Is<ipc::schema::SharedBufferCreated>()) {
    if (auto status = ui_buffers_.Register(message); !status.ok())
      LOG(Error) << "main's UI buffer: " << status.error().message();
    return;
  }
  if (!message.Is<schema::BrowserToGpu>())
    return;
  using Said = schema::BrowserToGpu;
  auto said = message.Body<Said>();
  switch (said.which()) {
    case Said::SET_TITLE:
      if (output_.window)
        output_.window->SetTitle(said.getSetTitle().cStr());
      return;
    case Said::CONNECT_RENDERER:
      return OnConnectRenderer(message);
    case Said::DISCONNECT_RENDERER:
      return DisconnectRenderer(said.getDisconnectRenderer());
    case Said::SET_TAB_RENDERER: {
      auto assigned = said.getSetTabRenderer();
      TabLayer& tab = tabs_[assigned.getTabId()];
      if (tab.renderer_id != assigned.getRendererId()) {
        // A new renderer paints the tab from scratch; the old one's frame goes.
        if (tab.held)
          Release(*tab.held);
        tab.held.reset();
        if (tab.layer && output_.compositor)
          output_.compositor->DropLayer(tab.layer);
        tab = TabLayer();
        tab.renderer_id = assigned.getRendererId();
        if (assigned.getTabId() == active_tab_)
          Invalidate(content_);
      }
      if (assigned.getNewDocument())
        tab.scroll_y = 0;  // its renderer starts the new page at the top too
      return;
    }
    case Said::CLOSE_TAB:
      return CloseTab(said.getCloseTab());
    case Said::SCENE:
      return OnScene(said.getScene());
    case Said::UI_FRAME:
      return OnUiFrame(message);
    case Said::CAPTURE_OUTPUT:
      return OnCapture(message.envelope().getRequestId());
    case Said::SCROLL_TAB: {
      auto scroll = said.getScrollTab();
      auto tab = tabs_.find(scroll.getTabId());
      if (tab == tabs_.end())
        return;
      int target = tab->second.scroll_y + scroll.getDeltaY();
      if (scroll.getTo() == schema::ScrollTarget::TOP)
        target = 0;
      if (scroll.getTo() == schema::ScrollTarget::BOTTOM)
        target = tab->second.page_height;
      ShowsInput(scroll.getInputNs());
      return ScrollTo(scroll.getTabId(), target);
    }
  }
}

void GpuService::OnConnectRenderer(ipc::IncomingMessage& message) {
  auto connect = message.Body<schema::BrowserToGpu>().getConnectRenderer();
  uint32_t renderer_id = connect.getRendererId();
  auto fd = message.TakeAttachment(connect.getAttachment());
  if (!fd.ok()) {
    LOG(Error) << "connectRenderer: " << fd.error().message();
    return;
  }
  DisconnectRenderer(renderer_id);  // a reconnect replaces the old channel
  auto channel = process::PeerChannel::Adopt(
      child_.loop(), std::move(fd).value(), child_.id(), ProcessType::RENDERER, renderer_id,
      [this, renderer_id](ipc::IncomingMessage& from) { OnRendererMessage(renderer_id, from); },
      [this, renderer_id](const std::string&) {
        // Not from within the channel's own callback: the loop destroys it next.
        child_.loop().Post([this, renderer_id] { DisconnectRenderer(renderer_id); });
      });
  if (!channel.ok()) {
    LOG(Error) << "renderer " << renderer_id << ": " << channel.error().message();
    return;
  }
  renderers_[renderer_id].channel = std::move(channel).value();
}

void GpuService::DisconnectRenderer(uint32_t renderer_id) {
  auto found = renderers_.find(renderer_id);
  if (found == renderers_.end())
    return;
  for (auto& [tab_id, tab] : tabs_) {
    if (tab.renderer_id != renderer_id)
      continue;
    // Its buffers go with it: the compositor must not read them any more. The last picture
    // stays on screen only on the GL path, which has it in a texture.
    if (tab.held && output_.compositor) {
      output_.compositor->DropLayer(tab.layer);
      tab.has_frame = false;
      if (tab_id == active_tab_)
        Invalidate(content_);
    }
    tab.held.reset();
  }
  renderers_.erase(found);
}

void GpuService::OnRendererMessage(uint32_t renderer_id, ipc::IncomingMessage& message) {
  DrainWindowEventsAfter drain(*this);
  RendererConnection& renderer = renderers_.at(renderer_id);
  if (message.Is<ipc::schema::SharedBufferCreated>()) {
    if (auto status = renderer.buffers.Register(message); !status.ok())
      LOG(Error) << "renderer " << renderer_id << "'s buffer: " << status.error().message();
    return;
  }
  if (message.Is<schema::RendererToGpu>())
    OnTabFrame(renderer_id, message);
}

void GpuService::OnTabFrame(uint32_t renderer_id, ipc::IncomingMessage& message) {
  RendererConnection& renderer = renderers_.at(renderer_id);
  auto frame = message.Body<schema::RendererToGpu>();
  uint32_t tab_id = frame.getTabId();
  auto found = tabs_.find(tab_id);
  if (found == tabs_.end() || found->second.renderer_id != renderer_id) {
    // A renderer paints only its own tabs (main says which): a forged frame is dropped.
    LOG(Error) << "renderer " << renderer_id << " sent a frame for tab " << tab_id
               << ", which is not its own: dropped";
    if (frame.getPixels().isSharedBuffer())
      Release({renderer_id, frame.getPixels().getSharedBuffer().getBuffer()});
    return;
  }
  TabLayer& tab = found->second;
  auto image = FrameImage(renderer.buffers, frame.getPixels(), frame.getWidth(), frame.getHeight(),
                          frame.getStride());
  HeldBuffer buffer{renderer_id, frame.getPixels().isSharedBuffer()
                                     ? frame.getPixels().getSharedBuffer().getBuffer()
                                     : 0};
  if (!image.ok()) {
    LOG(Error) << "renderer " << renderer_id << ", tab " << tab_id << ": "
               << image.error().message();
    Release(buffer);
    return;
  }
  std::vector<Rect> damage;
  for (auto rect : frame.getDamage())
    damage.push_back(FromSchema(rect));
  if (!tab.layer)
    tab.layer = next_layer_++;
  bool resized = tab.width != image->width || tab.height != image->height;
  Status set = output_.compositor->SetLayer(
      tab.layer, *image, resized || damage.empty() ? std::span<const Rect>() : damage);
  if (!set.ok()) {
    LOG(Error) << "tab " << tab_id << ": " << set.error().message();
    Release(buffer);
    return;
  }
  if (output_.compositor->retains_layer_pixels()) {
    if (tab.held)
      Release(*tab.held);
    tab.held = buffer;
  } else {
    Release(buffer);
  }
  tab.has_frame = true;
  tab.top = frame.getTop();
  tab.width = image->width;
  tab.height = image->height;
  tab.page_height = std::max(frame.getPageHeight(), frame.getTop() + image->height);
  if (tab_id == active_tab_)
    Invalidate(content_);
}

void GpuService::Release(const HeldBuffer& held) {
  ipc::OutgoingMessage message;
  ipc::SharedBufferReceiver::FillRelease(message, held.buffer);
  if (held.producer == 0) {
    (void)child_.Send(message);
    return;
  }
  auto renderer = renderers_.find(held.producer);
  if (renderer != renderers_.end())
    (void)renderer->second.channel->Send(message);
}

void GpuService::CloseTab(uint32_t tab_id) {
  auto found = tabs_.find(tab_id);
  if (found == tabs_.end())
    return;
  if (found->second.held)
    Release(*found->second.held);
  if (found->second.layer)
    output_.compositor->DropLayer(found->second.layer);
  tabs_.erase(found);
}

void GpuService::OnScene(schema::Scene::Reader scene) {
  active_tab_ = scene.getActiveTab();
  content_ = FromSchema(scene.getContent());
  content_from_ui_ = scene.getContentFromUi();
  overlays_.clear();
  for (auto rect : scene.getOverlays())
    overlays_.push_back(FromSchema(rect));
  if (TabLayer* tab = ActiveTab())
    ScrollTo(active_tab_, tab->scroll_y);  // a smaller viewport may scroll further
  Invalidate({0, 0, output_.compositor->width(), output_.compositor->height()});
}

void GpuService::OnUiFrame(ipc::IncomingMessage& message) {
  auto frame = message.Body<schema::BrowserToGpu>().getUiFrame();
  auto image = FrameImage(ui_buffers_, frame.getPixels(), frame.getWidth(), frame.getHeight(),
                          frame.getStride());
  HeldBuffer buffer{
      0, frame.getPixels().isSharedBuffer() ? frame.getPixels().getSharedBuffer().getBuffer() : 0};
  if (!image.ok()) {
    LOG(Error) << "main's UI frame: " << image.error().message();
    Release(buffer);
    return;
  }
  // The output follows the UI layer's size: main sends one after every resize.
  if (image->width != output_.compositor->width() ||
      image->height != output_.compositor->height()) {
    if (auto status = output_.compositor->Resize(image->width, image->height); !status.ok()) {
      LOG(Error) << status.error().message();
      Release(buffer);
      return;
    }
  }
  std::vector<Rect> damage;
  for (auto rect : frame.getDamage())
    damage.push_back(FromSchema(rect));
  if (auto status = output_.compositor->SetLayer(kUiLayer, *image, damage); !status.ok()) {
    LOG(Error) << status.error().message();
    Release(buffer);
    return;
  }
  if (output_.compositor->retains_layer_pixels()) {
    if (ui_held_)
      Release(*ui_held_);
    ui_held_ = buffer;
  } else {
    Release(buffer);
  }
  ShowsInput(frame.getInputNs());
  bool first = !has_ui_;
  has_ui_ = true;
  if (first || damage.empty()) {
    Invalidate({0, 0, image->width, image->height});
  } else {
    for (const Rect& rect : damage)
      Invalidate(rect);
  }
}

void GpuService::OnCapture(uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto captured = reply.Init<schema::GpuToBrowser>().initOutputCaptured();
  if (draw_posted_)
    DrawNow();  // what is on its way to the screen is what the capture shows
  auto image = output_.compositor->ReadOutput();
  if (!image.ok()) {
    captured.setError(image.error().message());
  } else {
    captured.setWidth(static_cast<uint32_t>(image->width));
    captured.setHeight(static_cast<uint32_t>(image->height));
    captured.setStride(static_cast<uint32_t>(image->stride));
    if (auto status = reply.SetPayload(captured.initPixels(), image->pixels); !status.ok())
      captured.setError(status.error().message());
  }
  (void)child_.Send(reply, request_id);
}

GpuService::TabLayer* GpuService::ActiveTab() {
  auto found = tabs_.find(active_tab_);
  return found == tabs_.end() ? nullptr : &found->second;
}

void GpuService::ScrollTo(uint32_t tab_id, int scroll_y) {
  auto found = tabs_.find(tab_id);
  if (found == tabs_.end())
    return;
  TabLayer& tab = found->second;
  int limit = std::max(0, tab.page_height - content_.height);
  scroll_y = std::clamp(scroll_y, 0, limit);
  if (scroll_y == tab.scroll_y)
    return;
  tab.scroll_y = scroll_y;
  if (tab_id == active_tab_)
    Invalidate(content_);
  auto renderer = renderers_.find(tab.renderer_id);
  if (renderer == renderers_.end())
    return;
  ipc::OutgoingMessage message;
  auto scrolled = message.Init<schema::GpuToRenderer>();
  scrolled.setTabId(tab_id);
  scrolled.setScrollY(scroll_y);
  (void)renderer->second.channel->Send(message);
}

std::vector<DrawQuad> GpuService::Quads() const {
  Scene scene;
  scene.output = {0, 0, output_.compositor->width(), output_.compositor->height()};
  scene.ui_layer = has_ui_ ? kUiLayer : 0;
  scene.content = content_from_ui_ ? Rect() : content_;
  scene.overlays = overlays_;
  auto tab = tabs_.find(active_tab_);
  if (tab != tabs_.end() && tab->second.has_frame) {
    const TabLayer& layer = tab->second;
    scene.page = {layer.layer, layer.top, layer.width, layer.height, layer.scroll_y};
  } else if (tab != tabs_.end()) {
    scene.page.scroll_y = tab->second.scroll_y;
  }
  return QuadsOf(scene);
}

void GpuService::Invalidate(const Rect& damage) {
  damage_ = damage_.Union(damage);
  if (draw_posted_)
    return;
  draw_posted_ = true;
  // Everything that arrives in this turn of the loop goes into one frame.
  child_.loop().Post([this] {
    if (draw_posted_)
      DrawNow();
  });
}

void GpuService::DrawNow() {
  draw_posted_ = false;
  Rect damage = damage_;
  damage_ = {};
  if (damage.empty() || !output_.compositor)
    return;
  int64_t start = MonotonicNanos();
  std::vector<DrawQuad> quads = Quads();
  if (auto status = output_.compositor->Draw(quads, damage); !status.ok()) {
    LOG(Error) << "frame: " << status.error().message();
    return;
  }
  int64_t shown = MonotonicNanos();
  uint32_t duration_us = static_cast<uint32_t>((shown - start) / 1000);
  uint32_t latency_us = input_ns_ ? static_cast<uint32_t>((shown - input_ns_) / 1000) : 0;
  input_ns_ = 0;
  ++frames_;
  ++frames_since_stats_;
  frame_us_total_ += duration_us;
  last_frame_us_ = duration_us;
  if (recent_.size() < kMaxRecentFrames)
    recent_.push_back(
        {start, duration_us, static_cast<uint32_t>(damage.width * damage.height), latency_us});
  if (!stats_posted_) {
    stats_posted_ = true;
    child_.loop().PostDelayed(kStatsIntervalMs, [this] { SendStats(); });
  }
  // Xlib may have read events while the frame was shown: they would not wake the loop.
  if (output_.window)
    OnWindowReadable();
}

void GpuService::SendStats() {
  stats_posted_ = false;
  ipc::OutgoingMessage message;
  auto stats = message.Init<schema::GpuToBrowser>().initFrameStats();
  stats.setFramesComposited(frames_);
  stats.setLastFrameUs(last_frame_us_);
  stats.setAverageFrameUs(
      frames_since_stats_ ? static_cast<uint32_t>(frame_us_total_ / frames_since_stats_) : 0);
  auto list = stats.initRecentFrames(static_cast<unsigned>(recent_.size()));
  for (size_t i = 0; i < recent_.size(); ++i) {
    list[i].setStartNs(recent_[i].start_ns);
    list[i].setDurationUs(recent_[i].duration_us);
    list[i].setDamagedPixels(recent_[i].damaged_pixels);
    list[i].setInputLatencyUs(recent_[i].input_latency_us);
  }
  recent_.clear();
  frames_since_stats_ = 0;
  frame_us_total_ = 0;
  (void)child_.Send(message);
}

void GpuService::OnWindowReadable() {
  for (const WindowEvent& event : output_.window->TakeEvents())
    OnWindowEvent(event);
}

void GpuService::OnWindowEvent(const WindowEvent& event) {
  const int width = output_.compositor->width(), height = output_.compositor->height();
  if (event.kind == WindowEvent::Kind::kExposed) {
    Invalidate({0, 0, width, height});
    return;
  }
  if (event.kind == WindowEvent::Kind::kResized) {
    // The window has its new size now; the frame follows when main's UI for it arrives.
    if (auto status = output_.compositor->Resize(event.width, event.height); !status.ok())
      LOG(Error) << status.error().message();
    Invalidate({0, 0, event.width, event.height});
  }
  TabLayer* tab = ActiveTab();
  // The wheel over the page scrolls it here, before main or the renderer hear of it.
  bool over_content = event.x >= content_.x && event.x < content_.right() &&
                      event.y >= content_.y && event.y < content_.bottom();
  if (event.kind == WindowEvent::Kind::kWheel && tab && over_content && !content_from_ui_) {
    ShowsInput(event.received_ns);
    ScrollTo(active_tab_, tab->scroll_y + static_cast<int>(event.wheel_y * kPixelsPerWheelLine));
  }
  ipc::OutgoingMessage message;
  auto input = message.Init<schema::GpuToBrowser>().initWindowInput();
  input.setKind(InputKindOf(event.kind));
  input.setX(event.x);
  input.setY(event.y);
  input.setWheelX(event.wheel_x);
  input.setWheelY(event.wheel_y);
  input.setButton(static_cast<uint8_t>(event.button));
  input.setKey(event.key);
  input.setModifiers(event.modifiers);
  input.setWidth(static_cast<uint32_t>(std::max(0, event.width)));
  input.setHeight(static_cast<uint32_t>(std::max(0, event.height)));
  input.setTabId(active_tab_);
  input.setScrollY(tab ? tab->scroll_y : 0);
  input.setReceivedNs(event.received_ns);
  (void)child_.Send(message);
}

}  // namespace nexus::gpu
