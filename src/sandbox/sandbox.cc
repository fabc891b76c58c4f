#include "sandbox/sandbox.h"

#include <algorithm>

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>

#include "base/scoped_fd.h"
#include "base/time.h"
#include "sandbox/landlock.h"

namespace nexus::sandbox {
namespace {

Status SetLimit(int resource, rlim_t value, const char* name) {
  rlimit limit{value, value};
  rlimit current{};
  if (getrlimit(resource, &current) == 0 && current.rlim_max != RLIM_INFINITY &&
      current.rlim_max < value) {
    limit = {current.rlim_max, current.rlim_max};  // only ever lower
  }
  if (setrlimit(resource, &limit) != 0)
    return ErrnoError(std::string("setrlimit ") + name);
  return OkStatus();
}

Status DropCapabilities() {
  // The bounding set needs CAP_SETPCAP, which a process has as root of its own user
  // namespace; outside one it has no capabilities to drop in the first place.
  for (int cap = 0; cap <= CAP_LAST_CAP; ++cap) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL && errno != EPERM)
      return ErrnoError("drop capability " + std::to_string(cap) + " from the bounding set");
  }
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capset, &header, data) != 0)
    return ErrnoError("capset (drop all capabilities)");
  return OkStatus();
}

// The process's data mappings now (VmData), in bytes; 0 if /proc cannot say.
uint64_t DataMappedNow() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmData:", 0) == 0)
      return std::strtoull(line.c_str() + 7, nullptr, 10) * 1024;
  }
  return 0;
}

Status EnterPrivilegesLayer(const SandboxPolicy& policy) {
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return ErrnoError("prctl(PR_SET_NO_NEW_PRIVS)");
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    return ErrnoError("prctl(PR_SET_DUMPABLE, 0)");
  TRY_STATUS(SetLimit(RLIMIT_CORE, 0, "RLIMIT_CORE"));
  TRY_STATUS(SetLimit(RLIMIT_NOFILE, 256, "RLIMIT_NOFILE"));
  // A ceiling on growth past what is mapped when the lock closes: JavaScriptCore reserves
  // ~72 GB of address space for its caged heaps before any page is used (counted as data,
  // never touched unless JavaScript grows into it, which the monitor's samples watch).
  if (policy.data_limit_bytes)
    TRY_STATUS(SetLimit(RLIMIT_DATA, DataMappedNow() + policy.data_limit_bytes, "RLIMIT_DATA"));
  // Nothing but stdio, the channel (fd 3) and what the process opened for itself survives.
  std::vector<int> kept = policy.kept_fds;
  std::sort(kept.begin(), kept.end());
  unsigned first = 4;
  for (int fd : kept) {
    if (fd < 4)
      continue;
    if (static_cast<unsigned>(fd) > first && syscall(SYS_close_range, first, fd - 1, 0) != 0)
      return ErrnoError("close_range");
    first = static_cast<unsigned>(fd) + 1;
  }
  if (syscall(SYS_close_range, first, ~0U, 0) != 0)
    return ErrnoError("close_range");
  return OkStatus();
}

Status EnterNamespaces(const SandboxPolicy& policy) {
  int flags = (policy.new_network_namespace ? CLONE_NEWNET : 0) |
              (policy.new_mount_namespace ? CLONE_NEWNS : 0);
  if (flags && unshare(flags) != 0)
    return ErrnoError("unshare(network, mount)");
  // Mount events must not travel back to the rest of the system.
  if (policy.new_mount_namespace && mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return ErrnoError("make / private in the new mount namespace");
  return OkStatus();
}

bool FileProbeDenied() {
  ScopedFd probe(open("/etc/passwd", O_RDONLY | O_CLOEXEC));
  return !probe.valid();
}

}  // namespace

Result<SandboxReport> EnterSandbox(const SandboxPolicy& policy, const SandboxOptions& options) {
  int64_t start_ns = MonotonicNanos();
  SandboxReport report;
  auto layer = [&](const char* name, const std::function<Status()>& enter) -> Status {
    Status status = options.disabled_layer_for_testing == name
                        ? Status(Error("disabled for testing"))
                        : enter();
    if (status.ok())
      return OkStatus();
    std::string missing = std::string(name) + ": " + status.error().message();
    if (options.require_all_layers)
      return Error("sandbox layer " + missing);
    report.missing.push_back(missing);
    return OkStatus();
  };
  // Namespaces first: creating them needs the capabilities the privileges layer drops.
  if (options.enter_namespaces)
    TRY_STATUS(layer("namespaces", [&] { return EnterNamespaces(policy); }));
  TRY_STATUS(layer("privileges", [&] { return EnterPrivilegesLayer(policy); }));
  TRY_STATUS(layer("landlock", [&]() -> Status {
    ASSIGN_OR_RETURN(report.landlock_abi, ApplyLandlock(policy.landlock_rules, policy.deny_tcp));
    return OkStatus();
  }));
  TRY_STATUS(layer("capabilities", DropCapabilities));
  TRY_STATUS(layer("seccomp", [&] { return InstallSeccompFilter(policy.syscalls, options.seccomp); }));
  report.file_probe_denied = FileProbeDenied();
  report.enter_ns = MonotonicNanos() - start_ns;
  return report;
}

std::vector<std::string> MissingSandboxLayers(const std::string& disabled_layer_for_testing) {
  std::vector<std::string> missing;
  if (!disabled_layer_for_testing.empty())
    missing.push_back(disabled_layer_for_testing + ": disabled for testing");
  // User and PID namespaces as the launcher creates them: one throwaway child.
  clone_args args{};
  args.flags = CLONE_NEWUSER | CLONE_NEWPID;
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof(args));
  if (pid == 0)
    _exit(0);
  if (pid < 0)
    missing.push_back(ErrnoError("namespaces: clone(CLONE_NEWUSER | CLONE_NEWPID)").message());
  else
    waitpid(static_cast<pid_t>(pid), nullptr, 0);
  if (LandlockAbi() == 0)
    missing.push_back("landlock: not available in this kernel");
  if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0)
    missing.push_back(ErrnoError("seccomp: prctl(PR_GET_SECCOMP)").message());
  return missing;
}

}  // namespace nexus::sandbox
