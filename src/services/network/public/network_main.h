#pragma once

#include <cstdint>
#include <string>

#include <vector>

#include "base/result.h"
#include "base/scoped_fd.h"
#include "sandbox/sandbox_config.h"

namespace nexus::network {

// The network service's own switches on its command line: --ca-file PEM (trust this CA
// bundle instead of the system's), --network-timeout-ms N (no progress for this long fails),
// --cache-dir DIR (the HTTP cache; none without it). What it must read goes into `paths`, for
// its sandbox.
Status ReadSwitches(const std::vector<std::string>& args, sandbox::SandboxPaths& paths);

// Loads libcurl while the library directories can still be read (before the sandbox).
void PrepareBeforeSandbox();

// Entry point of --type=network; the channel to main is on fd 3.
int NetworkMain(uint32_t id, ScopedFd channel);

}  // namespace nexus::network
