// Layer 4 of the sandbox: a seccomp-bpf allow-list built from named syscall sets
// (sandbox_config.h) with libseccomp. A call outside the list traps: the SIGSYS handler sends
// main a SANDBOX_VIOLATION naming the call on the IPC channel, then the process dies by
// SIGSYS, so the crash report can say which call it was.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "sandbox/sandbox_config.h"

namespace nexus::sandbox {

struct SeccompContext {
  pid_t own_pid = 0;       // kill/tgkill are allowed on this pid only
  int channel_fd = -1;     // where the violation report goes
  uint32_t process_id = 0; // the report's sender id
};

Status InstallSeccompFilter(const std::vector<SyscallSet>& sets, const SeccompContext& context);

// "ptrace" for the syscall number on this machine's architecture, "syscall N" if unknown.
std::string SyscallName(int number);

}  // namespace nexus::sandbox
