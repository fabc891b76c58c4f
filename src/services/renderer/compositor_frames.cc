#include "services/renderer/compositor_frames.h"

#include <algorithm>

#include "base/logging.h"
#include "services/gpu/public/gpu.capnp.h"
#include "web/page/frame_limits.h"

namespace nexus::renderer {

Status CompositorFrames::Connect(ScopedFd fd, uint32_t gpu_id) {
  gpu_.reset();
  buffers_.reset();
  ASSIGN_OR_RETURN(gpu_, process::PeerChannel::Adopt(
                             child_.loop(), std::move(fd), child_.id(), process::ProcessType::GPU,
                             gpu_id, [this](ipc::IncomingMessage& message) { OnMessage(message); },
                             [this](const std::string& why) {
                               LOG(Info) << "the GPU process hung up: " << why;
                               // Not inside the channel's own callback.
                               child_.loop().Post([this] {
                                 gpu_.reset();
                                 buffers_.reset();
                               });
                             }));
  ASSIGN_OR_RETURN(buffers_,
                   ipc::SharedBufferPool::Create(
                       [this](ipc::OutgoingMessage& message) { return gpu_->Send(message); }, 2,
                       kBandBufferBytes));
  waiting_for_buffer_.clear();
  for (auto& [tab_id, shown] : shown_) {
    shown.painted = false;
    PostPaint(tab_id);
  }
  return OkStatus();
}

void CompositorFrames::SetShown(uint32_t tab_id,
                                bool shown,
                                int viewport_width,
                                int viewport_height) {
  if (!shown) {
    shown_.erase(tab_id);
    return;
  }
  Shown& tab = shown_[tab_id];
  tab.viewport_width = std::clamp(viewport_width, 1, web::kMaxFrameSide);
  tab.viewport_height = std::clamp(viewport_height, 1, web::kMaxFrameSide);
  tab.painted = false;
  PostPaint(tab_id);
}

void CompositorFrames::Invalidate(uint32_t tab_id) {
  auto found = shown_.find(tab_id);
  if (found == shown_.end())
    return;
  // A key or a click that changed nothing (most do not) costs no new band.
  web::Page* page = page_of_(tab_id);
  if (found->second.painted && page && page->version() == found->second.painted_version)
    return;
  found->second.painted = false;
  PostPaint(tab_id);
}

void CompositorFrames::Forget(uint32_t tab_id) {
  shown_.erase(tab_id);
  waiting_for_buffer_.erase(tab_id);
}

void CompositorFrames::NewDocument(uint32_t tab_id) {
  auto found = shown_.find(tab_id);
  if (found == shown_.end())
    return;
  found->second.scroll_y = 0;
  found->second.painted = false;
}

void CompositorFrames::OnMessage(ipc::IncomingMessage& message) {
  if (message.Is<ipc::schema::SharedBufferReleased>()) {
    uint32_t buffer = message.Body<ipc::schema::SharedBufferReleased>().getBuffer();
    if (!buffers_ || !buffers_->Release(buffer).ok()) {
      LOG(Error) << "the GPU process gave back buffer " << buffer << ", which it did not hold";
      return;
    }
    auto waiting = std::move(waiting_for_buffer_);
    waiting_for_buffer_.clear();
    for (const auto& [tab_id, unused] : waiting)
      PostPaint(tab_id);
    return;
  }
  if (!message.Is<gpu::schema::GpuToRenderer>())
    return;
  auto scrolled = message.Body<gpu::schema::GpuToRenderer>();
  auto found = shown_.find(scrolled.getTabId());
  if (found == shown_.end())
    return;
  found->second.scroll_y = std::max(0, scrolled.getScrollY());
  if (!BandCovers(found->second))
    PostPaint(scrolled.getTabId());
  on_scrolled_(scrolled.getTabId(), found->second.scroll_y);
}

bool CompositorFrames::BandCovers(const Shown& shown) {
  if (!shown.painted)
    return false;
  const int view_top = shown.scroll_y, view_bottom = shown.scroll_y + shown.viewport_height;
  const int band_bottom = shown.band_top + shown.band_height;
  const int margin = shown.viewport_height / 4;
  bool room_above = shown.band_top == 0 || view_top - shown.band_top >= margin;
  bool room_below = band_bottom >= shown.page_height || band_bottom - view_bottom >= margin;
  return room_above && room_below;
}

void CompositorFrames::PostPaint(uint32_t tab_id) {
  if (paint_posted_[tab_id])
    return;
  paint_posted_[tab_id] = true;
  // One paint for whatever changed in this turn of the loop.
  child_.loop().Post([this, tab_id] {
    paint_posted_.erase(tab_id);
    Paint(tab_id);
  });
}

void CompositorFrames::Paint(uint32_t tab_id) {
  auto found = shown_.find(tab_id);
  web::Page* page = page_of_(tab_id);
  if (found == shown_.end() || !page || !gpu_ || !buffers_)
    return;
  Shown& shown = found->second;
  std::optional<uint32_t> buffer = buffers_->Acquire();
  if (!buffer) {
    waiting_for_buffer_[tab_id] = true;  // the compositor holds both; it gives one back soon
    return;
  }
  const int width = shown.viewport_width, viewport = shown.viewport_height;
  const int stride = width * 4;
  const int max_rows = std::min<int>(
      static_cast<int>(kBandBufferBytes / static_cast<size_t>(stride)), web::kMaxFrameSide);
  // A page's first band comes as soon as its top is laid out (two viewports, at the top); the
  // band around it follows once the renderer has laid out the rest (FinishLayout).
  const bool first_frame = !page->laid_out() && shown.scroll_y == 0;
  int band_height = 0, top = 0;
  if (first_frame) {
    band_height = std::min(2 * viewport, max_rows);
  } else {
    page->Layout(width, viewport);
    const int page_height = page->DocumentHeight();
    band_height = std::clamp(std::min(3 * viewport, std::max(page_height, viewport)), 1, max_rows);
    top = std::clamp(shown.scroll_y - viewport, 0, std::max(0, page_height - band_height));
  }
  auto painted = page->PaintBand(buffers_->Bytes(*buffer), stride, width, top, band_height,
                                 viewport, first_frame);
  if (!painted.ok()) {
    LOG(Error) << "tab " << tab_id << ": " << painted.error().message();
    (void)buffers_->Release(*buffer);
    return;
  }
  ipc::OutgoingMessage message;
  auto frame = message.Init<gpu::schema::RendererToGpu>();
  frame.setTabId(tab_id);
  frame.setWidth(static_cast<uint32_t>(width));
  frame.setHeight(static_cast<uint32_t>(band_height));
  frame.setStride(static_cast<uint32_t>(stride));
  frame.setTop(top);
  frame.setPageHeight(*painted);
  if (auto status = buffers_->SetPayload(frame.initPixels(), *buffer,
                                         static_cast<size_t>(stride) * band_height);
      !status.ok() || !gpu_->Send(message).ok()) {
    (void)buffers_->Release(*buffer);
    return;
  }
  shown.painted = true;
  // A first frame's band is painted again once the rest is laid out, whatever changed.
  shown.painted_version = first_frame ? 0 : page->version();
  shown.band_top = top;
  shown.band_height = band_height;
  shown.page_height = *painted;
}

}  // namespace nexus::renderer
