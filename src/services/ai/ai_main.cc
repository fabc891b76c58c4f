// The ai process: started, monitored, suspended and recovered like every child. Its own
// work (see the spec's "ai" section) is built on this entry point by its own issue.
#include "process/child_process.h"
#include "services/ai/public/ai_main.h"

namespace nexus::ai {

int AiMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(process::ProcessType::AI, id, std::move(channel), {});
}

}  // namespace nexus::ai
