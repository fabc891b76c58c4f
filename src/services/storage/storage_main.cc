// The storage process: started, monitored, suspended and recovered like every child. Its own
// work (see the spec's "storage" section) is built on this entry point by its own issue.
#include "process/child_process.h"
#include "services/storage/public/storage_main.h"

namespace nexus::storage {

int StorageMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(process::ProcessType::STORAGE, id, std::move(channel), {});
}

}  // namespace nexus::storage
