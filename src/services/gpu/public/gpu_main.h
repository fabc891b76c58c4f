#pragma once

#include <cstdint>

#include "base/scoped_fd.h"

namespace nexus::gpu {
// Entry point of --type=gpu; the channel to main is on fd 3.
int GpuMain(uint32_t id, ScopedFd channel);
}  // namespace nexus::gpu
