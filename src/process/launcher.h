// Starts a child by re-executing the nexus binary with --type (DESIGN.md §1), in its own
// user and PID namespaces (DESIGN.md §4). The child gets its IPC channel as fd 3 and no other
// fd but stdio (stdin is /dev/null), its own process group, PR_SET_PDEATHSIG and default
// signal handling.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/result.h"
#include "base/scoped_fd.h"
#include "process/process_type.h"

namespace nexus::process {

// The fd every child finds its channel on.
inline constexpr int kChildChannelFd = 3;

struct LaunchedProcess {
  pid_t pid = 0;
  ScopedFd pidfd;
  std::string namespaces_error;  // why it runs without its own user and PID namespaces
};

struct LaunchOptions {
  ProcessType type = ProcessType::RENDERER;
  uint32_t id = 0;
  std::string executable;              // usually the running binary (SelfExecutablePath)
  std::vector<std::string> extra_args;  // passed through, e.g. --log-level
  // Own user and PID namespaces (sandbox layer 2); falls back to none where the machine
  // forbids them.
  bool new_namespaces = true;
};

// The path of the running binary, resolved once: /proc/self/exe may not be readable after
// the binary is replaced on disk, and children must run the same build as main.
const std::string& SelfExecutablePath();

Result<LaunchedProcess> LaunchProcess(const LaunchOptions& options, ScopedFd child_channel);

// Run by every child at entry: parent-death signal, then a check that the parent it was
// started by is still there (it may have died before the prctl took effect).
Status ChildStartup(pid_t expected_parent);

// pidfd_open(2) without a libc wrapper (glibc 2.36 has none in its headers).
Result<ScopedFd> OpenPidfd(pid_t pid);

}  // namespace nexus::process
