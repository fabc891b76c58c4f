// `nexus sandbox-status` (like chrome://sandbox): which layers are in force in a live
// process, read from the kernel's view of it (/proc/<pid>/status, ns links, limits) rather
// than from configuration. Only Landlock has no /proc trace; for it the process's own
// report (ABI, and whether opening /etc/passwd failed once the sandbox closed) is used.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace nexus::sandbox {

// What /proc says about a process, compared with the reader's own namespaces.
struct LiveSandbox {
  int seccomp_mode = 0;  // 0 off, 1 strict, 2 filter
  int seccomp_filters = 0;
  bool no_new_privs = false;
  uint64_t cap_effective = 0;
  uint64_t cap_bounding = 0;
  bool new_user_ns = false, new_pid_ns = false, new_net_ns = false, new_mount_ns = false;
  uint64_t data_limit = UINT64_MAX;  // RLIMIT_DATA; UINT64_MAX: unlimited
  uint64_t core_limit = UINT64_MAX;
};

Result<LiveSandbox> ReadLiveSandbox(pid_t pid);

struct LayerState {
  std::string name;  // sandbox.h kLayerNames
  bool active = false;
  std::string detail;
};

// One line per layer. `keeps_network`: the network service's network namespace is main's
// by design. `landlock_abi`/`file_probe_denied`: the process's own report.
std::vector<LayerState> DescribeLayers(const LiveSandbox& live, bool keeps_network,
                                       int landlock_abi, bool file_probe_denied);

}  // namespace nexus::sandbox
