#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/scoped_fd.h"

namespace nexus::storage {
// Reads --sandbox-storage-dir: the directory main gave the process (and its sandbox); one
// started without it answers every request with an error.
Status ReadSwitches(const std::vector<std::string>& args);
// Entry point of --type=storage; the channel to main is on fd 3.
int StorageMain(uint32_t id, ScopedFd channel);
}  // namespace nexus::storage
