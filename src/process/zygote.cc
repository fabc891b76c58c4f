#include "process/zygote.h"

#include <linux/close_range.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "base/logging.h"
#include "process/child_process.h"
#include "process/launcher.h"
#include "process/zygote.capnp.h"

namespace nexus::process {
namespace {

// Runs in the forked child: becomes a clean child process with only `channel_fd` (as fd 3)
// and stdio, then runs the type's entry point and never returns into the zygote's loop.
[[noreturn]] void BecomeChild(ProcessType type,
                              uint32_t id,
                              int channel_fd,
                              int nice_value,
                              uint64_t memory_limit_bytes,
                              pid_t zygote_pid,
                              const ChildEntry& entry) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGCHLD, SIG_DFL);
  setpgid(0, 0);
  if (ChildStartup(zygote_pid).ok() == false)
    _exit(1);
  if (dup2(channel_fd, kChildChannelFd) < 0)
    _exit(1);
  // Drops every fd of the zygote (its epoll, signalfd, channel) without touching the epoll
  // registrations it shares with the zygote: those belong to the zygote's open file.
  syscall(SYS_close_range, kChildChannelFd + 1, ~0U, 0);
  setpriority(PRIO_PROCESS, 0, nice_value);
  std::exit(entry(type, id, memory_limit_bytes, ScopedFd(kChildChannelFd)));
}

void ReportExitedChildren(ChildProcess& zygote) {
  int status = 0;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    ipc::OutgoingMessage exited;
    auto body = exited.Init<schema::ZygoteToBrowser>().initChildExited();
    body.setPid(pid);
    body.setExitCode(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    body.setSignal(WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    (void)zygote.Send(exited);
  }
}

void OnForkRequest(ChildProcess& zygote,
                   ipc::IncomingMessage& message,
                   pid_t zygote_pid,
                   const ChildEntry& entry) {
  // The channel accepts only the lifecycle (handled by ChildProcess) and this interface.
  auto request = message.Body<schema::BrowserToZygote>();
  ipc::OutgoingMessage reply;
  auto forked = reply.Init<schema::ZygoteToBrowser>().initForked();
  forked.setChildId(request.getChildId());
  auto child_channel = message.TakeAttachment(request.getChannelAttachment());
  if (!child_channel.ok()) {
    forked.setError(child_channel.error().message());
  } else {
    pid_t pid = fork();
    if (pid == 0) {
      BecomeChild(request.getType(), request.getChildId(), child_channel->get(),
                  request.getNiceValue(), request.getMemoryLimitBytes(), zygote_pid, entry);
    }
    if (pid < 0)
      forked.setError(ErrnoError("fork").message());
    forked.setPid(pid);
  }
  (void)zygote.Send(reply, message.envelope().getRequestId());
}

}  // namespace

int RunZygote(uint32_t id, ScopedFd channel, const ChildEntry& entry) {
  ScopedFd signal_fd;  // SIGCHLD, so the zygote can reap its children and report them
  pid_t zygote_pid = getpid();
  return RunChildProcess(ProcessType::ZYGOTE, id, std::move(channel), [&](ChildProcess& zygote) {
    sigset_t child_signals;
    sigemptyset(&child_signals);
    sigaddset(&child_signals, SIGCHLD);
    sigprocmask(SIG_BLOCK, &child_signals, nullptr);
    signal_fd.reset(signalfd(-1, &child_signals, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!signal_fd.valid())
      return Status(ErrnoError("signalfd"));
    zygote.set_message_handler(
        [&](ipc::IncomingMessage& message) { OnForkRequest(zygote, message, zygote_pid, entry); });
    return zygote.loop().Watch(signal_fd.get(), EPOLLIN, [&](uint32_t) {
      signalfd_siginfo info;
      while (read(signal_fd.get(), &info, sizeof(info)) == sizeof(info)) {
      }
      ReportExitedChildren(zygote);
    });
  });
}

Result<pid_t> FindZygoteChild(pid_t zygote_pid, pid_t pid_in_namespace) {
  std::string task = "/proc/" + std::to_string(zygote_pid) + "/task/" + std::to_string(zygote_pid);
  std::ifstream children(task + "/children");
  if (!children)
    return Error("cannot read " + task + "/children");
  pid_t child;
  while (children >> child) {
    std::ifstream status("/proc/" + std::to_string(child) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("NSpid:", 0) != 0)
        continue;
      std::istringstream fields(line.substr(6));
      pid_t innermost = 0;
      for (pid_t field; fields >> field;)
        innermost = field;
      if (innermost == pid_in_namespace)
        return child;
      break;
    }
  }
  return Error("zygote " + std::to_string(zygote_pid) + " has no child " +
               std::to_string(pid_in_namespace) + " (any more)");
}

}  // namespace nexus::process
