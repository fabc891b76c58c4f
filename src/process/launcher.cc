#include "process/launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <linux/sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

extern char** environ;

namespace nexus::process {

const std::string& SelfExecutablePath() {
  static const std::string path = [] {
    char buffer[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
    if (length <= 0)
      return std::string("/proc/self/exe");
    return std::string(buffer, length);
  }();
  return path;
}

Result<ScopedFd> OpenPidfd(pid_t pid) {
  int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0)
    return ErrnoError("pidfd_open " + std::to_string(pid));
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  return ScopedFd(fd);
}

namespace {

// Writes the child's user namespace maps: root inside is the launching user outside, so the
// child holds capabilities in its own namespace only (enough to create its network and mount
// namespaces) and none over anything outside it.
Status WriteIdMaps(pid_t pid) {
  auto write_file = [pid](const char* name, const std::string& text) -> Status {
    std::string path = "/proc/" + std::to_string(pid) + "/" + name;
    ScopedFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd.valid() || write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
      return ErrnoError("write " + path);
    return OkStatus();
  };
  TRY_STATUS(write_file("uid_map", "0 " + std::to_string(geteuid()) + " 1\n"));
  TRY_STATUS(write_file("setgroups", "deny"));
  return write_file("gid_map", "0 " + std::to_string(getegid()) + " 1\n");
}

// In the new child, before exec: only async-signal-safe calls (main may have threads).
[[noreturn]] void ExecChild(const LaunchOptions& options, int channel_fd, int go_fd,
                            int go_write_fd, char** argv) {
  close(go_write_fd);  // so that main's death reads as end of file below
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGUSR1})
    signal(signal_number, SIG_DFL);
  sigprocmask(SIG_SETMASK, &empty_mask, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  setpgid(0, 0);
  // Wait until main has written the user namespace maps (or given up on them).
  char go = 0;
  while (read(go_fd, &go, 1) < 0 && errno == EINTR) {
  }
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(channel_fd, kChildChannelFd) < 0)
    _exit(127);
  syscall(SYS_close_range, kChildChannelFd + 1, ~0U, 0);
  execve(options.executable.c_str(), argv, environ);
  _exit(127);
}

}  // namespace

Result<LaunchedProcess> LaunchProcess(const LaunchOptions& options, ScopedFd child_channel) {
  // dup2 onto the same number would keep FD_CLOEXEC: move it out of the way first.
  ScopedFd channel(fcntl(child_channel.get(), F_DUPFD_CLOEXEC, kChildChannelFd + 1));
  if (!channel.valid())
    return ErrnoError("dup channel fd for launch");
  child_channel.reset();

  std::vector<std::string> args = {options.executable,
                                   "--type=" + std::string(ProcessTypeName(options.type)),
                                   "--id=" + std::to_string(options.id),
                                   "--parent-pid=" + std::to_string(getpid())};
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  int go_pipe[2];
  if (pipe2(go_pipe, O_CLOEXEC) != 0)
    return ErrnoError("pipe for launch");
  ScopedFd go_read(go_pipe[0]), go_write(go_pipe[1]);

  LaunchedProcess launched;
  int pidfd = -1;
  clone_args clone{};
  clone.flags = CLONE_PIDFD | (options.new_namespaces ? CLONE_NEWUSER | CLONE_NEWPID : 0);
  clone.pidfd = reinterpret_cast<uintptr_t>(&pidfd);
  clone.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &clone, sizeof(clone));
  if (pid < 0 && options.new_namespaces) {
    // User namespaces disabled (a sysctl, a container's seccomp profile): start without them;
    // the child's sandbox status will say so.
    launched.namespaces_error = ErrnoError("clone(CLONE_NEWUSER | CLONE_NEWPID)").message();
    clone.flags = CLONE_PIDFD;
    pid = syscall(SYS_clone3, &clone, sizeof(clone));
  }
  if (pid < 0)
    return ErrnoError("clone " + options.executable);
  if (pid == 0)
    ExecChild(options, channel.get(), go_read.get(), go_write.get(), argv.data());
  launched.pid = static_cast<pid_t>(pid);
  launched.pidfd = ScopedFd(pidfd);
  if (options.new_namespaces && launched.namespaces_error.empty()) {
    if (auto status = WriteIdMaps(launched.pid); !status.ok()) {
      syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
      waitpid(launched.pid, nullptr, 0);
      return status.error().Context("user namespace of the new " +
                                    std::string(ProcessTypeName(options.type)));
    }
  }
  (void)!write(go_write.get(), "g", 1);
  return launched;
}

Status ChildStartup(pid_t expected_parent) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
    return ErrnoError("prctl(PR_SET_PDEATHSIG)");
  // getppid() is 0 in a new PID namespace: the parent lives outside it. The channel's hang-up
  // tells such a child that main is gone.
  pid_t parent = getppid();
  if (expected_parent > 0 && parent != 0 && parent != expected_parent)
    return Error("parent " + std::to_string(expected_parent) + " exited before the child started");
  return OkStatus();
}

}  // namespace nexus::process
