#include "services/browser/gpu_client.h"

#include <sys/socket.h>

#include "base/logging.h"
#include "services/renderer/public/renderer.capnp.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

GpuClient::GpuClient(EventLoop& loop,
                     process::ProcessManager& manager,
                     ServiceHosts& services,
                     RequestIds& ids,
                     Observers observers)
    : manager_(manager),
      services_(services),
      ids_(ids),
      observers_(std::move(observers)),
      captures_(loop, [](auto done, const std::string& why) { done(Error(why)); }) {}

ProcessHost* GpuClient::gpu() {
  ProcessHost* host = services_.Ready(ProcessType::GPU);
  return host && host->id() == gpu_id_ ? host : nullptr;
}

void GpuClient::Send(ipc::OutgoingMessage& message) {
  if (ProcessHost* host = gpu(); host) {
    if (auto status = host->Send(message); !status.ok())
      LOG(Error) << "to the GPU process: " << status.error().message();
  }
}

void GpuClient::OnGpuReady(ProcessHost& gpu) {
  gpu_id_ = gpu.id();
  connected_.clear();
  tab_renderers_.clear();
  output_ = GpuOutput();
  // Renderers that show tabs get a channel to the new process and paint again for it. The
  // GPU process learns whose each tab is first, on main's channel, so that it knows before
  // any renderer can send it a frame.
  std::set<uint32_t> renderers;
  for (const auto& [tab_id, renderer_id] : last_assignment_) {
    AssignTab(tab_id, renderer_id);
    renderers.insert(renderer_id);
  }
  for (uint32_t renderer_id : renderers) {
    ProcessHost* renderer = manager_.Find(renderer_id);
    if (renderer && renderer->alive() && !renderer->died)
      Connect(*renderer);
  }
  if (observers_.on_ready)
    observers_.on_ready(gpu);
}

void GpuClient::OnGpuGone(const std::string& why) {
  gpu_id_ = 0;
  connected_.clear();
  tab_renderers_.clear();
  output_.started = false;
  captures_.FailAllOf(0, "the GPU process ended: " + why);
}

void GpuClient::BeforeNavigation(ProcessHost& renderer, uint32_t tab_id) {
  last_assignment_[tab_id] = renderer.id();
  if (!gpu())
    return;
  AssignTab(tab_id, renderer.id(), /*new_document=*/true);  // before any frame can come
  if (!connected_.count(renderer.id()))
    Connect(renderer);
}

void GpuClient::Connect(ProcessHost& renderer) {
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) {
    LOG(Error) << "socketpair for renderer " << renderer.id() << " and the GPU process failed";
    return;
  }
  ScopedFd renderer_end(ends[0]), gpu_end(ends[1]);
  ipc::OutgoingMessage to_gpu;
  auto connect = to_gpu.Init<gpu::schema::BrowserToGpu>().initConnectRenderer();
  connect.setRendererId(renderer.id());
  auto gpu_attachment = to_gpu.Attach(std::move(gpu_end));
  ipc::OutgoingMessage to_renderer;
  auto compositor = to_renderer.Init<renderer::schema::BrowserToRenderer>().initConnectCompositor();
  compositor.setGpuId(gpu_id_);
  auto renderer_attachment = to_renderer.Attach(std::move(renderer_end));
  if (!gpu_attachment.ok() || !renderer_attachment.ok())
    return;
  connect.setAttachment(*gpu_attachment);
  compositor.setAttachment(*renderer_attachment);
  Send(to_gpu);
  if (auto status = renderer.Send(to_renderer); !status.ok()) {
    LOG(Error) << "renderer " << renderer.id() << ": " << status.error().message();
    return;
  }
  connected_.insert(renderer.id());
}

void GpuClient::AssignTab(uint32_t tab_id, uint32_t renderer_id, bool new_document) {
  auto sent = tab_renderers_.find(tab_id);
  if (sent != tab_renderers_.end() && sent->second == renderer_id && !new_document)
    return;
  tab_renderers_[tab_id] = renderer_id;
  ipc::OutgoingMessage message;
  auto assigned = message.Init<gpu::schema::BrowserToGpu>().initSetTabRenderer();
  assigned.setTabId(tab_id);
  assigned.setRendererId(renderer_id);
  assigned.setNewDocument(new_document);
  Send(message);
}

void GpuClient::OnRendererGone(uint32_t renderer_id) {
  std::erase_if(last_assignment_, [&](const auto& entry) { return entry.second == renderer_id; });
  if (!connected_.erase(renderer_id))
    return;
  for (auto& [tab_id, assigned] : tab_renderers_) {
    if (assigned == renderer_id)
      assigned = 0;
  }
  ipc::OutgoingMessage message;
  message.Init<gpu::schema::BrowserToGpu>().setDisconnectRenderer(renderer_id);
  Send(message);
}

void GpuClient::OnTabClosed(uint32_t tab_id) {
  last_assignment_.erase(tab_id);
  tab_renderers_.erase(tab_id);
  ipc::OutgoingMessage message;
  message.Init<gpu::schema::BrowserToGpu>().setCloseTab(tab_id);
  Send(message);
}

void GpuClient::Capture(std::function<void(Result<CapturedOutput>)> done) {
  ProcessHost* host = gpu();
  if (!host)
    return done(Error("no GPU process is ready to capture its output"));
  uint64_t request_id = ids_.Next();
  ipc::OutgoingMessage message;
  message.Init<gpu::schema::BrowserToGpu>().setCaptureOutput();
  if (auto status = host->Send(message, request_id); !status.ok())
    return done(status.error());
  captures_.Add(request_id, host->id(), std::move(done), 10000,
                "the GPU process did not capture its output in 10 s");
}

void GpuClient::OnMessage(ProcessHost& gpu, ipc::IncomingMessage& message) {
  if (message.Is<ipc::schema::SharedBufferReleased>()) {
    if (observers_.on_ui_buffer_released)
      observers_.on_ui_buffer_released(
          message.Body<ipc::schema::SharedBufferReleased>().getBuffer());
    return;
  }
  using Said = gpu::schema::GpuToBrowser;
  auto said = message.Body<Said>();
  switch (said.which()) {
    case Said::OUTPUT_STARTED: {
      auto started = said.getOutputStarted();
      output_.started = true;
      output_.backend = started.getBackend();
      output_.gpu = started.getGpu();
      output_.window_system = started.getWindowSystem();
      output_.gl_error = started.getGlError();
      output_.error = started.getError();
      if (!output_.error.empty())
        LOG(Warning) << "GPU process: " << output_.error;
      LOG(Info) << "compositing with " << output_.backend;
      return;
    }
    case Said::WINDOW_INPUT:
      if (observers_.on_input)
        observers_.on_input(said.getWindowInput());
      return;
    case Said::OUTPUT_CAPTURED: {
      auto done = captures_.Take(message.envelope().getRequestId(), gpu.id());
      if (!done)
        return;
      auto captured = said.getOutputCaptured();
      if (captured.getError().size() > 0)
        return (*done)(Error(captured.getError().cStr()));
      auto pixels = message.MapPayload(captured.getPixels());
      if (!pixels.ok())
        return (*done)(pixels.error());
      CapturedOutput output{std::move(pixels).value(), static_cast<int>(captured.getWidth()),
                            static_cast<int>(captured.getHeight()),
                            static_cast<int>(captured.getStride())};
      if (auto valid = ValidateFrame(output.view()); !valid.ok())
        return (*done)(valid.error());
      return (*done)(std::move(output));
    }
    case Said::FRAME_STATS: {
      auto stats = said.getFrameStats();
      output_.frames = stats.getFramesComposited();
      output_.last_frame_us = stats.getLastFrameUs();
      output_.average_frame_us = stats.getAverageFrameUs();
      if (observers_.on_frame) {
        for (auto frame : stats.getRecentFrames())
          observers_.on_frame(frame);
      }
      return;
    }
  }
}

}  // namespace nexus::browser
