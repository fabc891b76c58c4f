#pragma once

#include <cstdint>

#include "base/scoped_fd.h"

namespace nexus::audio {
// Entry point of --type=audio; the channel to main is on fd 3.
int AudioMain(uint32_t id, ScopedFd channel);
}  // namespace nexus::audio
