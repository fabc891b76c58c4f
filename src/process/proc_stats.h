// Reads what the kernel knows about a process from /proc: memory, CPU time, placement.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace nexus::process {

struct MemoryUsage {
  uint64_t rss_bytes = 0;
  uint64_t pss_bytes = 0;
};

// Memory the process itself holds (resident minus file-backed shared pages, from statm).
// Cheap enough to sample every few hundred ms; it is what the limits apply to, so shared
// libraries and zygote pages do not count against each renderer.
Result<uint64_t> ReadPrivateResidentBytes(pid_t pid);
// RSS and PSS from smaps_rollup (PSS splits shared pages among their users): for the inspector.
Result<MemoryUsage> ReadMemoryUsage(pid_t pid);
// User plus system CPU time consumed so far.
Result<int64_t> ReadCpuTimeNanos(pid_t pid);
// The one-letter scheduler state from /proc/<pid>/stat (R, S, T for stopped, Z ...).
Result<char> ReadSchedulerState(pid_t pid);
// Every thread id of the process (nice values are per thread on Linux).
std::vector<pid_t> ListThreads(pid_t pid);

}  // namespace nexus::process
