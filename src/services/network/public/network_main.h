#pragma once

#include <cstdint>
#include <string>

#include "base/scoped_fd.h"

namespace nexus::network {

// What main tells the network service on its command line.
struct NetworkSettings {
  std::string ca_file;             // --ca-file: trust this CA bundle instead of the system's
  int64_t stall_timeout_ms = 30000;  // --network-timeout-ms: no progress for this long fails
  std::string cache_directory;       // --cache-dir: the HTTP cache (empty: none)
};
void SetNetworkSettings(NetworkSettings settings);

// Loads libcurl while the library directories can still be read (before the sandbox).
void PrepareBeforeSandbox();

// Entry point of --type=network; the channel to main is on fd 3.
int NetworkMain(uint32_t id, ScopedFd channel);

}  // namespace nexus::network
