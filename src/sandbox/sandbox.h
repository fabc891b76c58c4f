// Entering a process type's sandbox (DESIGN.md §4): the child calls EnterSandbox before it
// reads any message. Layers, in the order they go in:
//   namespaces:   network and mount (user and PID ones come from the launcher); first,
//                 because creating them takes the capabilities dropped below
//   privileges:   no_new_privs, RLIMIT_DATA/CORE/NOFILE, not dumpable, only fds 0-3
//   landlock:     file access only where the policy says, no TCP for most types
//   capabilities: none left, in the bounding set either
//   seccomp:      the type's syscall allow-list; anything else dies by SIGSYS, reported
// A layer the machine cannot provide is reported missing and the process goes on with the
// others, unless `require_all_layers` (--require-sandbox) makes that fatal.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "sandbox/sandbox_policy.h"
#include "sandbox/seccomp_filter.h"

namespace nexus::sandbox {

inline constexpr const char* kLayerNames[] = {"namespaces", "privileges", "landlock",
                                              "capabilities", "seccomp"};

struct SandboxOptions {
  bool enter_namespaces = true;  // false in zygote children: they share the zygote's
  bool require_all_layers = false;
  std::string disabled_layer_for_testing;  // pretend this layer is unavailable
  SeccompContext seccomp;
};

struct SandboxReport {
  int landlock_abi = 0;
  bool file_probe_denied = false;
  std::vector<std::string> missing;  // "landlock: ..." per layer that could not go in
  int64_t enter_ns = 0;              // time spent in EnterSandbox
};

Result<SandboxReport> EnterSandbox(const SandboxPolicy& policy, const SandboxOptions& options);

// The layers this machine cannot provide (checked by main before it starts children, so
// --require-sandbox fails at once with the reason).
std::vector<std::string> MissingSandboxLayers(const std::string& disabled_layer_for_testing);

// The exit code of a child that could not enter its sandbox under --require-sandbox.
inline constexpr int kSandboxUnavailableExitCode = 3;

}  // namespace nexus::sandbox
