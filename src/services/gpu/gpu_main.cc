// The GPU process (spec "GPU Process"): its output is made before the sandbox closes
// (PrepareBeforeSandbox), then GpuService composites what main and the renderers send.
#include "services/gpu/public/gpu_main.h"
#include "process/child_process.h"
#include "services/gpu/gpu_output.h"
#include "services/gpu/gpu_service.h"

namespace nexus::gpu {
namespace {

OutputSwitches& Switches() {
  static OutputSwitches switches;
  return switches;
}

PreparedOutput& Prepared() {
  static PreparedOutput prepared;
  return prepared;
}

}  // namespace

Status ReadSwitches(const std::vector<std::string>& args) {
  ASSIGN_OR_RETURN(Switches(), ReadOutputSwitches(args));
  return OkStatus();
}

void PrepareBeforeSandbox() {
  Prepared() = PrepareOutput(Switches());
}

int GpuMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(
      process::ProcessType::GPU, id, std::move(channel), [](process::ChildProcess& child) {
        if (!Prepared().compositor)
          return Status(Error("no output to composite into: " + Prepared().error));
        // Owned by the handler, so that it goes before the child's loop and channel.
        auto service = std::make_shared<GpuService>(child, std::move(Prepared()));
        child.set_message_handler(
            [service](ipc::IncomingMessage& message) { service->OnMessage(message); });
        return service->Start();
      });
}

}  // namespace nexus::gpu
