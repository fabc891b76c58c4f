#pragma once

#include <cstdint>

#include "base/scoped_fd.h"

namespace nexus::renderer {
// Entry point of a renderer (forked by the zygote, or --type=renderer); channel on fd 3.
int RendererMain(uint32_t id, ScopedFd channel);
// What a renderer loads while files can still be opened: in the zygote, once for every
// renderer it forks, or in a renderer started without one, before its sandbox closes.
void PrepareBeforeSandbox();
}  // namespace nexus::renderer
