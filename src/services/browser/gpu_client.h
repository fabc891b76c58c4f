// Main's side of the GPU process (spec "GPU Process"): it brokers a channel between each
// renderer in use and the GPU process (DESIGN.md §3: frames never pass through main), tells
// the GPU process whose frames each tab takes, and carries the window's input, the output's
// captures and the frame statistics back. After the GPU process restarts, every renderer is
// connected to the new one and repaints what it shows.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "process/process_manager.h"
#include "services/browser/frame_png.h"
#include "services/browser/pending_replies.h"
#include "services/browser/service_hosts.h"
#include "services/gpu/public/gpu.capnp.h"

namespace nexus::browser {

struct GpuOutput {
  bool started = false;
  std::string backend;  // the GL renderer string, or "software (pixman)"
  bool gpu = false;
  std::string window_system;
  std::string gl_error;
  std::string error;
  uint64_t frames = 0;
  uint32_t last_frame_us = 0;
  uint32_t average_frame_us = 0;
};

struct CapturedOutput {
  ReadOnlySharedMemory pixels;
  int width = 0;
  int height = 0;
  int stride = 0;
  FrameView view() const { return {pixels.bytes(), width, height, stride}; }
};

class GpuClient {
 public:
  struct Observers {
    std::function<void(process::ProcessHost& gpu)> on_ready;  // a GPU process (re)started
    std::function<void(gpu::schema::WindowInput::Reader input)> on_input;
    std::function<void(uint32_t buffer)> on_ui_buffer_released;
    // Each frame the GPU process reports, for --trace.
    std::function<void(gpu::schema::FrameTiming::Reader frame)> on_frame;
  };

  GpuClient(EventLoop& loop,
            process::ProcessManager& manager,
            ServiceHosts& services,
            RequestIds& ids,
            Observers observers);

  void OnGpuReady(process::ProcessHost& gpu);
  void OnGpuGone(const std::string& why);
  void OnMessage(process::ProcessHost& gpu, ipc::IncomingMessage& message);
  // Before a renderer gets a tab's document: the renderer has a channel to the GPU process,
  // and the GPU process takes the tab's frames from that renderer only.
  void BeforeNavigation(process::ProcessHost& renderer, uint32_t tab_id);
  void OnRendererGone(uint32_t renderer_id);
  void OnTabClosed(uint32_t tab_id);

  // The ready GPU process, or null.
  process::ProcessHost* gpu();
  // Sends to the GPU process if one is ready.
  void Send(ipc::OutgoingMessage& message);
  // The output as composited now (the window's pixels).
  void Capture(std::function<void(Result<CapturedOutput>)> done);
  const GpuOutput& output() const { return output_; }

 private:
  void Connect(process::ProcessHost& renderer);
  void AssignTab(uint32_t tab_id, uint32_t renderer_id, bool new_document = false);

  process::ProcessManager& manager_;
  ServiceHosts& services_;
  RequestIds& ids_;
  Observers observers_;
  uint32_t gpu_id_ = 0;                           // the ready one; 0: none
  std::set<uint32_t> connected_;                  // renderers with a channel to gpu_id_
  std::map<uint32_t, uint32_t> tab_renderers_;    // what the GPU process was told
  std::map<uint32_t, uint32_t> last_assignment_;  // tab -> renderer, kept across GPU restarts
  PendingReplies<std::function<void(Result<CapturedOutput>)>> captures_;
  GpuOutput output_;
};

}  // namespace nexus::browser
