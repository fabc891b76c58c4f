// Dispatches a child process to its type's entry point (exec'd children and zygote forks).
#pragma once

#include <cstdint>

#include "base/scoped_fd.h"
#include "process/process_type.h"

namespace nexus::app {

int RunChild(process::ProcessType type, uint32_t id, ScopedFd channel);

}  // namespace nexus::app
