#include "process/launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

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

Result<LaunchedProcess> LaunchProcess(const LaunchOptions& options, ScopedFd child_channel) {
  // posix_spawn's dup2 onto the same number would keep FD_CLOEXEC: move it out of the way.
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

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, channel.get(), kChildChannelFd);
  posix_spawn_file_actions_addclosefrom_np(&actions, kChildChannelFd + 1);

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGUSR1})
    sigaddset(&default_signals, signal_number);
  posix_spawnattr_setsigmask(&attributes, &empty_mask);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                            POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_USEVFORK);

  pid_t pid = 0;
  int error = posix_spawn(&pid, options.executable.c_str(), &actions, &attributes, argv.data(),
                          environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (error != 0)
    return ErrnoError("spawn " + options.executable, error);

  ASSIGN_OR_RETURN(ScopedFd pidfd, OpenPidfd(pid));
  return LaunchedProcess{pid, std::move(pidfd)};
}

Status ChildStartup(pid_t expected_parent) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
    return ErrnoError("prctl(PR_SET_PDEATHSIG)");
  if (expected_parent > 0 && getppid() != expected_parent)
    return Error("parent " + std::to_string(expected_parent) + " exited before the child started");
  return OkStatus();
}

}  // namespace nexus::process
