#pragma once

#include <cstdint>

#include "base/scoped_fd.h"

namespace nexus::storage {
// Entry point of --type=storage; the channel to main is on fd 3.
int StorageMain(uint32_t id, ScopedFd channel);
}  // namespace nexus::storage
