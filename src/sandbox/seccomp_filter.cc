#include "sandbox/seccomp_filter.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <capnp/serialize.h>

#include "ipc/lifecycle.capnp.h"
#include "ipc/message.h"

namespace nexus::sandbox {
namespace {

// The violation report, serialised before the filter goes in: a signal handler may not
// allocate. Only the syscall number is patched in.
alignas(8) uint8_t g_report[256];
size_t g_report_size = 0;
size_t g_syscall_offset = 0;
int g_channel_fd = -1;
sock_filter g_kill_everything[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS)};

void OnBlockedSyscall(int, siginfo_t* info, void*) {
  int32_t number = info->si_syscall;
  std::memcpy(g_report + g_syscall_offset, &number, sizeof(number));
  send(g_channel_fd, g_report, g_report_size, MSG_DONTWAIT | MSG_NOSIGNAL);
  // Die by SIGSYS even as the init of a PID namespace (where a raised signal with the
  // default action is ignored): stack a filter that kills on the next call, then call.
  sock_fprog kill_everything{1, g_kill_everything};
  syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &kill_everything);
  syscall(SYS_getpid);
  _exit(128 + SIGSYS);  // not reached
}

Status PrepareReport(const SeccompContext& context) {
  constexpr int32_t kSentinel = 0x5ECC0A11;
  ipc::OutgoingMessage message;
  message.envelope().setSenderId(context.process_id);
  message.Init<ipc::schema::ChildToBrowser>().setSandboxViolation(kSentinel);
  kj::Array<capnp::word> flat = capnp::messageToFlatArray(message.builder());
  auto bytes = flat.asBytes();
  if (bytes.size() > sizeof(g_report))
    return Error("sandbox violation report does not fit its buffer");
  std::memcpy(g_report, bytes.begin(), bytes.size());
  g_report_size = bytes.size();
  for (size_t i = 0; i + sizeof(kSentinel) <= bytes.size(); ++i) {
    if (std::memcmp(g_report + i, &kSentinel, sizeof(kSentinel)) == 0) {
      g_syscall_offset = i;
      g_channel_fd = context.channel_fd;
      return OkStatus();
    }
  }
  return Error("sandbox violation report has no syscall field");
}

class Filter {
 public:
  Filter() : context_(seccomp_init(SCMP_ACT_TRAP)) {}
  ~Filter() {
    if (context_)
      seccomp_release(context_);
  }
  bool valid() const { return context_ != nullptr; }

  void Allow(std::initializer_list<const char*> names) {
    for (const char* name : names)
      Add(SCMP_ACT_ALLOW, name, {});
  }
  void AllowIf(const char* name, std::initializer_list<scmp_arg_cmp> conditions) {
    Add(SCMP_ACT_ALLOW, name, conditions);
  }
  void Fail(const char* name, int error) { Add(SCMP_ACT_ERRNO(error), name, {}); }
  Status Load() {
    if (!status_.ok())
      return status_;
    if (int error = seccomp_load(context_); error != 0)
      return ErrnoError("seccomp_load", -error);
    return OkStatus();
  }

 private:
  void Add(uint32_t action, const char* name, std::initializer_list<scmp_arg_cmp> conditions) {
    int number = seccomp_syscall_resolve_name(name);
    if (number == __NR_SCMP_ERROR)
      return;  // Not a call on this architecture (e.g. a legacy one): nothing to allow.
    std::vector<scmp_arg_cmp> list(conditions);
    int error = seccomp_rule_add_array(context_, action, number, list.size(), list.data());
    if (error != 0 && status_.ok())
      status_ = ErrnoError(std::string("seccomp rule for ") + name, -error);
  }

  scmp_filter_ctx context_;
  Status status_ = OkStatus();
};

void AddBaseline(Filter& filter, pid_t own_pid) {
  // Reading and writing fds it already holds, and IPC on its channel.
  filter.Allow({"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev",
                "close", "close_range", "lseek", "fstat", "newfstatat", "statx", "fcntl", "dup",
                "dup2", "dup3", "pipe2", "sendmsg", "recvmsg", "sendto", "recvfrom", "sendmmsg",
                "recvmmsg", "getsockopt", "setsockopt", "getsockname", "getpeername",
                "shutdown"});
  // Memory, including shared memory it creates for payloads.
  filter.Allow({"mmap", "munmap", "mprotect", "mremap", "madvise", "brk", "msync", "mincore",
                "membarrier", "memfd_create", "ftruncate"});
  // NUMA placement (libtorch's allocator asks): told it does not exist, as on a kernel
  // without NUMA, rather than allowed to steer memory.
  for (const char* numa : {"mbind", "set_mempolicy", "get_mempolicy"})
    filter.Fail(numa, ENOSYS);
  // Scheduling of its own threads (JavaScriptCore's collector asks for another policy): told
  // no; main decides priorities and placement.
  for (const char* scheduling : {"sched_setscheduler", "sched_setparam"})
    filter.Fail(scheduling, EPERM);
  // Waiting: epoll loops, futexes, timers, signals to itself.
  filter.Allow({"epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2", "poll",
                "ppoll", "select", "pselect6", "futex", "futex_waitv", "eventfd2",
                "timerfd_create", "timerfd_settime", "timerfd_gettime", "signalfd4",
                "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigtimedwait",
                "rt_sigpending", "rt_sigsuspend", "sigaltstack", "restart_syscall", "sched_yield",
                "nanosleep", "clock_nanosleep", "pause"});
  // Who and when it is.
  filter.Allow({"getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid",
                "getresuid", "getresgid", "getgroups", "getpgrp", "clock_gettime",
                "clock_getres", "gettimeofday", "time", "getrandom", "uname", "sysinfo",
                "getrusage", "times", "getcpu", "sched_getaffinity", "getpriority",
                "sched_getparam", "sched_getscheduler", "getcwd", "getrlimit"});
  // Thread and exit bookkeeping glibc does.
  filter.Allow({"set_robust_list", "get_robust_list", "rseq", "set_tid_address", "exit",
                "exit_group"});
  // More filters may only narrow it; the violation handler stacks one.
  filter.Allow({"seccomp"});
  // Signals to itself only (abort, raise); never to main or a sibling.
  filter.AllowIf("kill", {SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(own_pid))});
  filter.AllowIf("tgkill", {SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(own_pid))});
  // Reading its limits (pthread sizes stacks from RLIMIT_STACK), never setting them.
  filter.AllowIf("prlimit64", {SCMP_A0(SCMP_CMP_EQ, 0), SCMP_A2(SCMP_CMP_EQ, 0)});
  for (int option : {PR_SET_NAME, PR_GET_NAME, PR_GET_DUMPABLE, PR_GET_NO_NEW_PRIVS,
                     PR_GET_SECCOMP, PR_SET_VMA, PR_GET_PDEATHSIG})
    filter.AllowIf("prctl", {SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(option))});
  // stdio asks whether stderr is a terminal.
  filter.AllowIf("ioctl", {SCMP_A1(SCMP_CMP_EQ, TCGETS)});
  filter.AllowIf("ioctl", {SCMP_A1(SCMP_CMP_EQ, FIONREAD)});
}

void AddSet(Filter& filter, SyscallSet set) {
  switch (set) {
    case SyscallSet::kBaseline:
      return;  // added with its pid
    case SyscallSet::kFileAccess:
      filter.Allow({"openat", "open", "stat", "lstat", "access", "faccessat", "faccessat2",
                    "readlink", "readlinkat", "getdents64", "statfs", "fstatfs", "chdir",
                    "fchdir",
                    // fontconfig reads its cache files with a readahead hint
                    "fadvise64"});
      return;
    case SyscallSet::kThreads:
      filter.AllowIf("clone", {SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD)});
      // clone3 passes its flags in memory, which a filter cannot read: glibc falls back to
      // clone when told it does not exist.
      filter.Fail("clone3", ENOSYS);
      return;
    case SyscallSet::kFork:
      filter.Allow({"clone", "wait4", "waitid", "setpgid", "setpriority", "capget", "capset",
                    "setrlimit", "prlimit64", "landlock_create_ruleset", "landlock_add_rule",
                    "landlock_restrict_self", "sched_setaffinity"});
      filter.Fail("clone3", ENOSYS);
      // A forked renderer starts its JavaScript VM under the zygote's filter, and the VM's
      // collector signals its own threads: tgkill to a pid that is not the zygote's. The
      // renderer's own filter, stacked on this one, narrows it to itself again.
      filter.Allow({"tgkill"});
      for (int option : {PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP,
                         PR_CAP_AMBIENT, PR_CAPBSET_READ})
        filter.AllowIf("prctl", {SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(option))});
      return;
    case SyscallSet::kSockets:
      for (int domain : {AF_INET, AF_INET6, AF_UNIX, AF_NETLINK})
        filter.AllowIf("socket", {SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(domain))});
      filter.Allow({"connect", "bind", "socketpair"});
      return;
    case SyscallSet::kGpuDevice:
      // An ioctl's type is its request's second byte: 'd' for DRM (the render node's), 'F'
      // for NVIDIA's driver. A terminal's ('T': TIOCSTI types into it) is not among them.
      for (unsigned long type : {0x64ul, 0x46ul}) {
        filter.AllowIf("ioctl",
                       {SCMP_A1(SCMP_CMP_MASKED_EQ, 0xff00, static_cast<scmp_datum_t>(type << 8))});
      }
      return;
    case SyscallSet::kFileWrites:
      filter.Allow({"mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat",
                    "renameat2", "fsync", "fdatasync", "fallocate", "flock", "truncate",
                    "utimensat", "fchmod"});
      return;
  }
}

}  // namespace

Status InstallSeccompFilter(const std::vector<SyscallSet>& sets, const SeccompContext& context) {
  TRY_STATUS(PrepareReport(context));
  struct sigaction action {};
  action.sa_sigaction = OnBlockedSyscall;
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  if (sigaction(SIGSYS, &action, nullptr) != 0)
    return ErrnoError("install the SIGSYS handler");
  Filter filter;
  if (!filter.valid())
    return Error("seccomp_init failed");
  AddBaseline(filter, context.own_pid);
  for (SyscallSet set : sets)
    AddSet(filter, set);
  // Placement of its own threads: told no, as main decides placement. Mesa's llvmpipe pins its
  // threads to the L3 cache of the thread that draws whenever that thread has moved, which
  // happens under load; a kill there crashed the GPU process. The zygote places its forks.
  if (std::find(sets.begin(), sets.end(), SyscallSet::kFork) == sets.end())
    filter.Fail("sched_setaffinity", EPERM);
  return filter.Load();
}

std::string SyscallName(int number) {
  std::unique_ptr<char, decltype(&std::free)> name(
      seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number), &std::free);
  return name ? std::string(name.get()) : "syscall " + std::to_string(number);
}

}  // namespace nexus::sandbox
