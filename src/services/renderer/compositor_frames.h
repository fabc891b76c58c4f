// A renderer's frames for the compositor (spec "GPU Process"; DESIGN.md §3): on the channel
// main brokered to the GPU process, each shown tab's page is painted in place into one of two
// shared buffers, a band three viewports tall around where the compositor has scrolled, and
// only {buffer, size, damage} is sent. The compositor scrolls within the band without waiting;
// when it nears the band's edge it says so (GpuToRenderer) and a new band is painted.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "ipc/shared_buffer_pool.h"
#include "process/child_process.h"
#include "process/peer_channel.h"
#include "web/page/page.h"

namespace nexus::renderer {

class CompositorFrames {
 public:
  // `page_of`: the tab's page once it loaded, else null. `on_scrolled`: the compositor moved
  // the tab's page (its scripts hear of it).
  CompositorFrames(process::ChildProcess& child,
                   std::function<web::Page*(uint32_t)> page_of,
                   std::function<void(uint32_t tab_id, int scroll_y)> on_scrolled)
      : child_(child), page_of_(std::move(page_of)), on_scrolled_(std::move(on_scrolled)) {}

  // Main brokered a channel to the GPU process `gpu_id` (again, after it restarted): the
  // shown tabs are painted for it.
  Status Connect(ScopedFd fd, uint32_t gpu_id);
  // Main shows the tab (the active tab of the window) at this viewport, or stops showing it.
  void SetShown(uint32_t tab_id, bool shown, int viewport_width, int viewport_height);
  // The page changed (loaded, a script ran, an image arrived): paint it again if shown.
  void Invalidate(uint32_t tab_id);
  void Forget(uint32_t tab_id);
  // The tab shows a new document: from its top.
  void NewDocument(uint32_t tab_id);

  // The byte size of each of the two band buffers: a 2560-pixel-wide band 3,276 rows tall.
  static constexpr size_t kBandBufferBytes = size_t{32} << 20;

 private:
  struct Shown {
    int viewport_width = 0;
    int viewport_height = 0;
    int scroll_y = 0;
    int band_top = 0;
    int band_height = 0;
    int page_height = 0;
    bool painted = false;
    uint64_t painted_version = 0;  // the page's version() the band shows
  };
  void OnMessage(ipc::IncomingMessage& message);
  void PostPaint(uint32_t tab_id);
  void Paint(uint32_t tab_id);
  // Whether the band around the compositor's position still covers it with room to scroll.
  static bool BandCovers(const Shown& shown);

  process::ChildProcess& child_;
  std::function<web::Page*(uint32_t)> page_of_;
  std::function<void(uint32_t, int)> on_scrolled_;
  std::unique_ptr<process::PeerChannel> gpu_;
  std::optional<ipc::SharedBufferPool> buffers_;
  std::map<uint32_t, Shown> shown_;
  std::map<uint32_t, bool> paint_posted_;
  std::map<uint32_t, bool> waiting_for_buffer_;
};

}  // namespace nexus::renderer
