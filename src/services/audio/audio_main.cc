// The audio process: started, monitored, suspended and recovered like every child. Its own
// work (see the spec's "audio" section) is built on this entry point by its own issue.
#include "process/child_process.h"
#include "services/audio/public/audio_main.h"

namespace nexus::audio {

int AudioMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(process::ProcessType::AUDIO, id, std::move(channel), {});
}

}  // namespace nexus::audio
