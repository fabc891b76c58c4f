// How a process type's SandboxConfig is enforced: the layers a child enters and their
// parameters (DESIGN.md §4). main passes the inputs (paths, memory limit) on the child's
// command line; the child builds the same policy and enters it before it reads any message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sandbox/sandbox_config.h"

namespace nexus::sandbox {

struct LandlockRule {
  std::string path;
  bool writable = false;
};

struct SandboxPolicy {
  ipc::schema::ProcessType type = ipc::schema::ProcessType::RENDERER;
  // Layer 1: no_new_privs, rlimits, closed fds, not dumpable (no ptrace, no /proc/<pid>/mem
  // for processes of the same user).
  uint64_t data_limit_bytes = 0;  // RLIMIT_DATA; 0: none
  // Fds above the channel the process opened for itself before the lock and keeps (the GPU
  // process's display connection and GPU device); every other one is closed.
  std::vector<int> kept_fds;
  // Layer 2: namespaces. User and PID come from the launcher (clone flags); these the child
  // enters itself, as root of its own user namespace.
  bool new_network_namespace = true;
  bool new_mount_namespace = true;
  // Layer 3: Landlock. No rules: no file access at all.
  std::vector<LandlockRule> landlock_rules;
  bool deny_tcp = true;  // Landlock ABI 4+: no TCP bind/connect either
  // Layer 4: seccomp-bpf allow-list.
  std::vector<SyscallSet> syscalls;
};

// RLIMIT_DATA allows twice `memory_limit_bytes` (the type's limit after --memory-limit) more
// than is mapped when the sandbox closes: a hard ceiling above the monitor's own 90 % / 100 %
// enforcement, never the first line.
SandboxPolicy PolicyFor(ipc::schema::ProcessType type, const SandboxConfig& config,
                        uint64_t memory_limit_bytes);

}  // namespace nexus::sandbox
