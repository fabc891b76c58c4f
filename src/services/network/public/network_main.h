#pragma once

#include <cstdint>

#include "base/scoped_fd.h"

namespace nexus::network {
// Entry point of --type=network; the channel to main is on fd 3.
int NetworkMain(uint32_t id, ScopedFd channel);
}  // namespace nexus::network
