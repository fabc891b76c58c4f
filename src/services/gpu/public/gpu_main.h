#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/scoped_fd.h"

namespace nexus::gpu {
// The GPU process's switches: --gpu-output=window|headless, --gpu-size=WxH, --disable-gpu.
Status ReadSwitches(const std::vector<std::string>& args);
// Loads the backends module and makes the output (window, GL context, shaders) while files
// and the display can still be opened.
void PrepareBeforeSandbox();
// Entry point of --type=gpu; the channel to main is on fd 3.
int GpuMain(uint32_t id, ScopedFd channel);
}  // namespace nexus::gpu
