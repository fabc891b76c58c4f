// The GPU process's work (spec "GPU Process"): it takes main's scene and UI layer and each
// renderer's frames on the channel main brokered, composites the active tab's layer
// (scrolled, clipped), the UI layer and overlays into the output, redrawing only damage,
// and shows the result. The window's input goes to main; the wheel scrolls the active tab
// here, at once, from a band of the page painted taller than the viewport.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "ipc/shared_buffer_pool.h"
#include "process/child_process.h"
#include "process/peer_channel.h"
#include "services/gpu/gpu_output.h"
#include "services/gpu/public/gpu.capnp.h"
#include "services/gpu/scene.h"

namespace nexus::gpu {

// Pixels one wheel line scrolls (Chromium on Linux scrolls 100 px per notch of 3 lines... a
// notch here is one line of 53 px, Firefox's and GTK's step).
inline constexpr int kPixelsPerWheelLine = 53;

class GpuService {
 public:
  GpuService(process::ChildProcess& child, PreparedOutput output);
  ~GpuService();

  // Says what the output is (OUTPUT_STARTED) and starts reading the window.
  Status Start();
  void OnMessage(ipc::IncomingMessage& message);

 private:
  // A buffer of a producer's that the compositor still reads (software) and gives back when
  // a newer frame replaces it.
  struct HeldBuffer {
    uint32_t producer = 0;  // a renderer's id, or 0 for main
    uint32_t buffer = 0;
  };
  struct TabLayer {
    uint32_t renderer_id = 0;
    LayerId layer = 0;
    bool has_frame = false;
    int top = 0;  // page row of the band's first row
    int width = 0;
    int height = 0;
    int page_height = 0;
    int scroll_y = 0;
    std::optional<HeldBuffer> held;
  };
  struct RendererConnection {
    std::unique_ptr<process::PeerChannel> channel;
    ipc::SharedBufferReceiver buffers;
  };

  void OnConnectRenderer(ipc::IncomingMessage& message);
  void OnRendererMessage(uint32_t renderer_id, ipc::IncomingMessage& message);
  void OnTabFrame(uint32_t renderer_id, ipc::IncomingMessage& message);
  void DisconnectRenderer(uint32_t renderer_id);
  void OnScene(schema::Scene::Reader scene);
  void OnUiFrame(ipc::IncomingMessage& message);
  void OnCapture(uint64_t request_id);
  void CloseTab(uint32_t tab_id);
  // Gives a producer its buffer back.
  void Release(const HeldBuffer& held);
  // Moves the tab's view; tells its renderer, which paints a new band when this one runs
  // short.
  void ScrollTo(uint32_t tab_id, int scroll_y);
  TabLayer* ActiveTab();

  void OnWindowReadable();
  // Xlib reads events off the display's socket inside calls that wait for a reply (a title,
  // a frame's sync): those events wake no one, and could wait in its queue until the next
  // input (toolkits look at the queue before they sleep for the same reason). Every message
  // the service handles looks at the queue once more when it is done.
  struct DrainWindowEventsAfter {
    explicit DrainWindowEventsAfter(GpuService& service) : service(service) {}
    ~DrainWindowEventsAfter() {
      if (service.output_.window)
        service.OnWindowReadable();
    }
    GpuService& service;
  };
  void OnWindowEvent(const WindowEvent& event);
  void Invalidate(const Rect& damage);
  void DrawNow();
  std::vector<DrawQuad> Quads() const;
  void SendStats();

  process::ChildProcess& child_;
  PreparedOutput output_;
  std::map<uint32_t, RendererConnection> renderers_;
  std::map<uint32_t, TabLayer> tabs_;
  LayerId next_layer_ = 2;  // 1 is the UI layer
  static constexpr LayerId kUiLayer = 1;

  // The scene main sent.
  uint32_t active_tab_ = 0;
  Rect content_;
  bool content_from_ui_ = false;
  std::vector<Rect> overlays_;
  ipc::SharedBufferReceiver ui_buffers_;
  bool has_ui_ = false;
  std::optional<HeldBuffer> ui_held_;

  Rect damage_;
  bool draw_posted_ = false;
  // The oldest input the next frame shows (a wheel scrolled here, a key main turned into a
  // scroll or a UI change): input-to-frame latency, CLOCK_MONOTONIC; 0: none.
  int64_t input_ns_ = 0;
  void ShowsInput(int64_t input_ns) {
    if (input_ns > 0 && (input_ns_ == 0 || input_ns < input_ns_))
      input_ns_ = input_ns;
  }
  uint64_t frames_ = 0;
  uint64_t frame_us_total_ = 0;  // since the last stats
  uint64_t frames_since_stats_ = 0;
  uint32_t last_frame_us_ = 0;
  bool stats_posted_ = false;
  struct Timing {
    int64_t start_ns;
    uint32_t duration_us;
    uint32_t damaged_pixels;
    uint32_t input_latency_us;
  };
  std::vector<Timing> recent_;
};

}  // namespace nexus::gpu
