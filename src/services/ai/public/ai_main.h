#pragma once

#include <cstdint>

#include "base/scoped_fd.h"

namespace nexus::ai {
// Entry point of --type=ai; the channel to main is on fd 3.
int AiMain(uint32_t id, ScopedFd channel);
}  // namespace nexus::ai
