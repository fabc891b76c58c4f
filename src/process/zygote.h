// The zygote (DESIGN.md §1): started once by main, it loads what every renderer needs and
// then forks a renderer per ZYGOTE_FORK request, much faster than a fresh exec. It creates
// no JavaScript VM itself: JavaScriptCore's helper threads do not survive fork (§9).
// Forked children are the zygote's own, so it reaps them and tells main how they ended.
#pragma once

#include <functional>

#include "base/scoped_fd.h"
#include "process/process_type.h"

namespace nexus::process {

// What a forked child runs: the type's entry point, with its channel on fd 3.
using ChildEntry = std::function<int(ProcessType type, uint32_t id, ScopedFd channel)>;

// `preload` runs once before the first fork (libraries, fonts, data shared copy-on-write).
int RunZygote(uint32_t id, ScopedFd channel, const std::function<void()>& preload,
              const ChildEntry& entry);

}  // namespace nexus::process
