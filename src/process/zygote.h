// The zygote (DESIGN.md §1): started once by main, it loads what every renderer needs and
// then forks a renderer per ZYGOTE_FORK request, much faster than a fresh exec. It creates
// no JavaScript VM itself: JavaScriptCore's helper threads do not survive fork (§9).
// Forked children are the zygote's own, so it reaps them and tells main how they ended.
#pragma once

#include <functional>

#include "base/result.h"
#include "base/scoped_fd.h"
#include "process/process_type.h"

namespace nexus::process {

// Runs a forked child: its type, id, memory limit (for its sandbox's rlimits) and channel.
using ChildEntry = std::function<int(ProcessType type, uint32_t id, uint64_t memory_limit_bytes,
                                     ScopedFd channel)>;

// The caller has preloaded what renderers share copy-on-write and entered the zygote's
// sandbox; this serves fork requests until main says to shut down.
int RunZygote(uint32_t id, ScopedFd channel, const ChildEntry& entry);

// Main's side: the zygote lives in its own PID namespace, so the pids it reports are its
// namespace's. Finds the child of `zygote_pid` whose innermost pid is `pid_in_namespace`.
Result<pid_t> FindZygoteChild(pid_t zygote_pid, pid_t pid_in_namespace);

}  // namespace nexus::process
