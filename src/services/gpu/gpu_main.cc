// The gpu process: started, monitored, suspended and recovered like every child. Its own
// work (see the spec's "gpu" section) is built on this entry point by its own issue.
#include "process/child_process.h"
#include "services/gpu/public/gpu_main.h"

namespace nexus::gpu {

int GpuMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(process::ProcessType::GPU, id, std::move(channel), {});
}

}  // namespace nexus::gpu
