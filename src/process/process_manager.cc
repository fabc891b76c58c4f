#include "process/process_manager.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kj/exception.h>

#include "base/logging.h"
#include "base/time.h"
#include "ipc/lifecycle.capnp.h"
#include "process/launcher.h"
#include "process/zygote.capnp.h"
#include "process/zygote.h"
#include "sandbox/seccomp_filter.h"

namespace nexus::process {

ProcessManager::ProcessManager(EventLoop& loop, Delegate& delegate, ProcessScheduler& scheduler,
                               TraceRecorder* trace, Options options)
    : loop_(loop),
      delegate_(delegate),
      scheduler_(scheduler),
      trace_(trace),
      options_(std::move(options)) {
  CHECK(options_.policy);
  if (trace_)
    trace_->NameProcess(getpid(), "main");
}

ProcessManager::~ProcessManager() {
  for (auto& [id, host] : hosts_) {
    host->channel().Detach();
    if (host->pidfd.valid())
      loop_.Unwatch(host->pidfd.get());
  }
}

bool ProcessManager::zygote_ready() const {
  auto it = hosts_.find(zygote_id_);
  return it != hosts_.end() && it->second->alive() &&
         it->second->state() != ProcessState::kCreated;
}

Status ProcessManager::StartZygote() {
  if (zygote_id_ != 0 && hosts_.count(zygote_id_) && hosts_[zygote_id_]->alive())
    return OkStatus();
  ASSIGN_OR_RETURN(zygote_id_, LaunchByExec(ProcessType::ZYGOTE, AllocateProcessId(), {}));
  return OkStatus();
}

Result<uint32_t> ProcessManager::CreateProcess(ProcessType type, const ProcessConfig& config) {
  if (type == ProcessType::BROWSER)
    return Error("main cannot create another main process");
  uint32_t id = AllocateProcessId();                                         // 1.
  if (type == ProcessType::RENDERER && options_.use_zygote && zygote_ready())
    return LaunchFromZygote(type, id, config);                               // 2.-5.
  return LaunchByExec(type, id, config);                                     // 2.-5.
}

ProcessHost& ProcessManager::Register(std::unique_ptr<ProcessHost> host) {
  ProcessHost& ref = *host;
  uint32_t id = ref.id();
  hosts_[id] = std::move(host);
  // The channel reads only what the policy lets this type send to main: anything else fails
  // to decode and is a bad message (OnChannelError).
  ref.channel().Accept(options_.policy->Accepted(ref.type(), ProcessType::BROWSER));
  auto status = ref.channel().Attach(
      loop_,
      [this, id](std::unique_ptr<ipc::IncomingMessage> message) {
        if (ProcessHost* host = Find(id))
          OnChildMessage(*host, std::move(message));
      },
      [this, id](ipc::Channel::ReceiveOutcome outcome, const std::string& why) {
        if (ProcessHost* host = Find(id))
          OnChannelError(*host, outcome, why);
      });
  CHECK(status.ok());
  return ref;
}

Result<uint32_t> ProcessManager::LaunchByExec(ProcessType type, uint32_t id,
                                              const ProcessConfig& config) {
  auto sandbox = sandbox::GetSandboxConfig(type, options_.sandbox_paths);  // 2.
  ASSIGN_OR_RETURN(auto pair, ipc::Channel::CreatePair());                // 4.
  LaunchOptions launch;
  launch.type = type;
  launch.id = id;
  launch.executable = options_.executable.empty() ? SelfExecutablePath() : options_.executable;
  launch.extra_args = options_.child_args;
  launch.extra_args.insert(launch.extra_args.end(), config.args.begin(), config.args.end());
  launch.extra_args.push_back("--memory-limit-bytes=" + std::to_string(MemoryLimitFor(type)));
  launch.new_namespaces = options_.sandbox;
  auto launched = LaunchProcess(launch, std::move(pair.second));            // 3.
  if (!launched.ok())
    return launched.error().Context("launch " + std::string(ProcessTypeName(type)));
  auto host = std::make_unique<ProcessHost>(id, type, SpawnMethod::kExec, std::move(pair.first),
                                            std::move(sandbox), MonotonicMillis());
  host->pid = launched->pid;
  host->pidfd = std::move(launched->pidfd);
  if (!launched->namespaces_error.empty())
    host->reported_sandbox.missing_layers.push_back("namespaces: " + launched->namespaces_error);
  host->site = config.site;
  host->priority = config.priority.value_or(DefaultPriorityFor(type));
  ProcessHost& registered = Register(std::move(host));                     // 5.
  OnLaunched(registered);
  return id;
}

Result<uint32_t> ProcessManager::LaunchFromZygote(ProcessType type, uint32_t id,
                                                  const ProcessConfig& config) {
  auto sandbox = sandbox::GetSandboxConfig(type, options_.sandbox_paths);
  ASSIGN_OR_RETURN(auto pair, ipc::Channel::CreatePair());
  ProcessPriority priority = config.priority.value_or(DefaultPriorityFor(type));
  ipc::OutgoingMessage request;
  auto fork = request.Init<schema::BrowserToZygote>();
  fork.setChildId(id);
  fork.setType(type);
  fork.setNiceValue(static_cast<int8_t>(NiceValueFor(priority)));
  fork.setMemoryLimitBytes(MemoryLimitFor(type));
  ASSIGN_OR_RETURN(uint8_t attachment, request.Attach(std::move(pair.second)));
  fork.setChannelAttachment(attachment);
  TRY_STATUS(hosts_[zygote_id_]->Send(request, id));
  auto host = std::make_unique<ProcessHost>(id, type, SpawnMethod::kZygote, std::move(pair.first),
                                            std::move(sandbox), MonotonicMillis());
  host->site = config.site;
  host->priority = priority;
  Register(std::move(host));
  return id;
}

void ProcessManager::OnLaunched(ProcessHost& host) {
  uint32_t id = host.id();
  auto watched = loop_.Watch(host.pidfd.get(), EPOLLIN, [this, id](uint32_t) {
    OnPidfdReadable(id);
  });
  CHECK(watched.ok());
  host.cpus = scheduler_.PlacementFor(host.type());
  if (auto status = scheduler_.SetAffinity(host.pid, host.cpus); !status.ok())
    LOG(Info) << status.error().message();
  if (auto status = scheduler_.SetPriority(host.pid, host.priority); !status.ok())
    LOG(Info) << status.error().message();
  if (trace_) {
    trace_->NameProcess(host.pid, std::string(ProcessTypeName(host.type())) + " " +
                                      std::to_string(host.id()));
    trace_->Lifecycle(host.pid, "launched", std::string(SpawnMethodName(host.spawn_method())));
  }
}

void ProcessManager::OnChildMessage(ProcessHost& host,
                                    std::unique_ptr<ipc::IncomingMessage> message) {
  if (!host.alive())
    return;
  if (trace_ && host.pid) {
    trace_->Message(host.pid, getpid(), message->envelope().getTimestampNs(), MonotonicNanos(),
                    message->name().c_str(), message->byte_size());
  }
  // Handlers read fields lazily; a field that turns out malformed throws, and that is the
  // child's fault, never a reason for main to die (DESIGN.md §9).
  kj::Maybe<kj::Exception> exception =
      kj::runCatchingExceptions([&]() { DispatchFromChild(host, *message); });
  KJ_IF_MAYBE(e, exception) {
    ReceivedBadMessage(host, "malformed " + message->name() + ": " + e->getDescription().cStr());
  }
}

void ProcessManager::DispatchFromChild(ProcessHost& host, ipc::IncomingMessage& message) {
  auto envelope = message.envelope();
  // The channel accepted only interfaces this type may send to main (Register). What is left
  // to check is the header: a child speaks for itself, to main alone; main relays nothing
  // (DESIGN.md §3), so another recipient is a forgery.
  if (envelope.getSenderId() != host.id()) {
    ReceivedBadMessage(host, message.name() + " claims to come from process " +
                                 std::to_string(envelope.getSenderId()));
    return;
  }
  if (envelope.getRecipientId() != ipc::kBrowserProcessId) {
    ReceivedBadMessage(host, std::string(ProcessTypeName(host.type())) + " addressed " +
                                 message.name() + " to process " +
                                 std::to_string(envelope.getRecipientId()) +
                                 ": children talk to main only");
    return;
  }
  if (message.Is<ipc::schema::ChildToBrowser>()) {
    auto said = message.Body<ipc::schema::ChildToBrowser>();
    switch (said.which()) {
      case ipc::schema::ChildToBrowser::PROCESS_READY:
        RecordSandboxReport(host, said.getProcessReady().getSandbox());
        if (host.state() == ProcessState::kCreated) {
          CHECK(host.TransitionTo(ProcessState::kReady).ok());
          if (trace_ && host.pid)
            trace_->Lifecycle(host.pid, "ready", "");
        }
        delegate_.OnProcessReady(host);
        return;
      case ipc::schema::ChildToBrowser::HEARTBEAT_ACK:
        if (said.getHeartbeatAck().getSequence() == host.heartbeat_sequence)
          host.heartbeat_sent_ms = 0;
        return;
      case ipc::schema::ChildToBrowser::SANDBOX_VIOLATION:
        host.blocked_syscall = sandbox::SyscallName(said.getSandboxViolation());
        LOG(Warning) << ProcessTypeName(host.type()) << " " << host.id()
                     << ": sandbox blocked syscall " << host.blocked_syscall;
        return;
    }
    return;
  }
  if (message.Is<schema::ZygoteToBrowser>()) {
    auto said = message.Body<schema::ZygoteToBrowser>();
    switch (said.which()) {
      case schema::ZygoteToBrowser::FORKED:
        OnZygoteForked(said.getForked());
        return;
      case schema::ZygoteToBrowser::CHILD_EXITED:
        OnZygoteChildExited(said.getChildExited());
        return;
    }
    return;
  }
  delegate_.OnMessageFromChild(host, message);
}

void ProcessManager::RecordSandboxReport(ProcessHost& host,
                                         ipc::schema::SandboxSelfReport::Reader report) {
  auto& reported = host.reported_sandbox;
  reported.landlock_abi = report.getLandlockAbi();
  reported.file_probe_denied = report.getFileProbeDenied();
  reported.enter_ns = report.getEnterNanos();
  // Keep main's own notes (a launch without namespaces); add the child's.
  for (auto missing : report.getMissingLayers())
    reported.missing_layers.emplace_back(missing.cStr());
}

uint64_t ProcessManager::MemoryLimitFor(ProcessType type) const {
  return options_.memory_limit_for ? options_.memory_limit_for(type) : 0;
}

void ProcessManager::OnZygoteForked(schema::ZygoteForked::Reader reply) {
  pid_t pid_in_namespace = reply.getPid();
  ProcessHost* zygote = Find(zygote_id_);
  auto pid = pid_in_namespace > 0 && zygote ? FindZygoteChild(zygote->pid, pid_in_namespace)
                                            : Result<pid_t>(Error("no child"));
  ProcessHost* host = Find(reply.getChildId());
  if (!host || !host->alive() || host->spawn_method() != SpawnMethod::kZygote ||
      host->pid != 0) {
    // Killed or abandoned before the fork completed: the new process must not linger.
    if (pid.ok()) {
      if (auto pidfd = OpenPidfd(*pid); pidfd.ok())
        syscall(SYS_pidfd_send_signal, pidfd->get(), SIGKILL, nullptr, 0);
    }
    return;
  }
  if (reply.getError().size() > 0 || pid_in_namespace <= 0) {
    host->termination_reason = std::string("zygote could not fork: ") + reply.getError().cStr();
    host->died = true;
    Finalize(host->id());
    return;
  }
  host->pid_in_zygote_namespace = pid_in_namespace;
  auto pidfd = pid.ok() ? OpenPidfd(*pid) : Result<ScopedFd>(pid.error());
  if (!pidfd.ok()) {
    // Already gone and reaped by the zygote: its exit report is in early_exits_ or coming.
    host->died = true;
    host->died_at_ns = MonotonicNanos();
    if (auto it = early_exits_.find(pid_in_namespace); it != early_exits_.end()) {
      host->exit = it->second;
      early_exits_.erase(it);
    }
    Finalize(host->id());
    return;
  }
  host->pid = *pid;
  host->pidfd = std::move(pidfd).value();
  OnLaunched(*host);
}

void ProcessManager::OnZygoteChildExited(schema::ZygoteChildExited::Reader exited) {
  // Pids here are the zygote's namespace's (ProcessHost::pid_in_zygote_namespace).
  ExitInfo info{true, exited.getExitCode(), exited.getSignal()};
  ProcessHost* host = nullptr;
  for (auto& [id, candidate] : hosts_) {
    if (candidate->spawn_method() == SpawnMethod::kZygote && candidate->alive() &&
        candidate->pid_in_zygote_namespace == exited.getPid())
      host = candidate.get();
  }
  if (!host) {
    early_exits_[exited.getPid()] = info;  // pidfd has not fired yet, or the reply is pending
    if (early_exits_.size() > 1024)
      early_exits_.erase(early_exits_.begin());
    return;
  }
  host->exit = info;
  if (host->died)
    Finalize(host->id());
  else
    early_exits_[exited.getPid()] = info;
}

void ProcessManager::OnChannelError(ProcessHost& host, ipc::Channel::ReceiveOutcome outcome,
                                    const std::string& why) {
  if (outcome == ipc::Channel::ReceiveOutcome::kBadMessage) {
    ReceivedBadMessage(host, why);
    return;
  }
  // Hung up: usually the process is exiting and its pidfd fires next. A child that closes
  // its channel but lives on is useless to main.
  if (host.alive() && !host.died && host.termination_reason.empty() && !host.shutdown_requested)
    Kill(host.id(), "closed its IPC channel");
}

void ProcessManager::ReceivedBadMessage(ProcessHost& host, const std::string& why) {
  LOG(Error) << "bad message from " << ProcessTypeName(host.type()) << " " << host.id()
             << " (pid " << host.pid << "): " << why;
  Kill(host.id(), "bad message: " + why);
}

void ProcessManager::Kill(uint32_t id, const std::string& reason) {
  ProcessHost* host = Find(id);
  if (!host || !host->alive())
    return;
  if (host->termination_reason.empty())
    host->termination_reason = reason;
  host->channel().Detach();  // Nothing more it says is listened to.
  if (host->pidfd.valid()) {
    if (auto status = host->SendSignal(SIGKILL); !status.ok())
      LOG(Info) << status.error().message();
  } else {
    // Not forked yet: the zygote's reply will come for a process we no longer want.
    host->died = true;
    Finalize(id);
  }
}

void ProcessManager::Shutdown(uint32_t id, int64_t grace_ms) {
  ProcessHost* host = Find(id);
  if (!host || !host->alive())
    return;
  host->shutdown_requested = true;
  ipc::OutgoingMessage shutdown;
  shutdown.Init<ipc::schema::BrowserToChild>().setShutdown();
  (void)host->Send(shutdown);
  if (host->state() == ProcessState::kSuspended)
    (void)host->SendSignal(SIGCONT);
  loop_.PostDelayed(grace_ms, [this, id] {
    ProcessHost* host = Find(id);
    if (host && host->alive() && !host->died)
      Kill(id, "did not exit after shutdown");
  });
}

void ProcessManager::OnPidfdReadable(uint32_t id) {
  ProcessHost* host = Find(id);
  if (!host || host->died)
    return;
  host->died = true;
  host->died_at_ns = MonotonicNanos();
  loop_.Unwatch(host->pidfd.get());
  if (host->spawn_method() == SpawnMethod::kExec) {
    siginfo_t info{};
    if (waitid(static_cast<idtype_t>(P_PIDFD), host->pidfd.get(), &info, WEXITED | __WALL) == 0) {
      host->exit.known = true;
      if (info.si_code == CLD_EXITED) {
        host->exit.exit_code = info.si_status;
      } else {
        host->exit.signal = info.si_status;
      }
    }
    Finalize(id);
    return;
  }
  if (auto it = early_exits_.find(host->pid_in_zygote_namespace); it != early_exits_.end()) {
    host->exit = it->second;
    early_exits_.erase(it);
    Finalize(id);
    return;
  }
  // The zygote reaps its children and reports how they ended; wait briefly for that.
  loop_.PostDelayed(options_.exit_status_wait_ms, [this, id] { Finalize(id); });
}

void ProcessManager::Finalize(uint32_t id) {
  ProcessHost* host = Find(id);
  if (!host || !host->alive())
    return;
  host->channel().Detach();
  // A child's last words (a sandbox violation report) may still be queued: read them before
  // the crash is reported.
  for (int i = 0; i < 16; ++i) {
    auto last = host->channel().Receive();
    if (last.outcome != ipc::Channel::ReceiveOutcome::kMessage)
      break;
    if (last.message->Is<ipc::schema::ChildToBrowser>() &&
        last.message->envelope().getSenderId() == host->id()) {
      auto said = last.message->Body<ipc::schema::ChildToBrowser>();
      if (said.isSandboxViolation())
        host->blocked_syscall = sandbox::SyscallName(said.getSandboxViolation());
    }
  }
  if (host->pidfd.valid())
    loop_.Unwatch(host->pidfd.get());
  CHECK(host->TransitionTo(ProcessState::kTerminated).ok());
  if (trace_ && host->pid) {
    trace_->Lifecycle(host->pid, "terminated",
                      host->termination_reason.empty() ? host->exit.Describe()
                                                       : host->termination_reason);
  }
  if (id == zygote_id_)
    zygote_id_ = 0;
  delegate_.OnProcessGone(*host);
  loop_.Post([this, id] {
    auto it = hosts_.find(id);
    if (it == hosts_.end())
      return;
    const ipc::ChannelCounters& counters = it->second->channel().counters();
    retired_counters_.messages_sent += counters.messages_sent;
    retired_counters_.messages_received += counters.messages_received;
    hosts_.erase(it);
  });
}

Status ProcessManager::Activate(uint32_t id) {
  ProcessHost* host = Find(id);
  if (!host)
    return Error("no process " + std::to_string(id));
  return host->TransitionTo(ProcessState::kActive);
}

Status ProcessManager::MarkIdle(uint32_t id) {
  ProcessHost* host = Find(id);
  if (!host)
    return Error("no process " + std::to_string(id));
  return host->TransitionTo(ProcessState::kIdle);
}

Status ProcessManager::Suspend(uint32_t id) {
  ProcessHost* host = Find(id);
  if (!host)
    return Error("no process " + std::to_string(id));
  if (host->type() == ProcessType::ZYGOTE)
    return Error("the zygote cannot be suspended: forks would stall");
  TRY_STATUS(host->TransitionTo(ProcessState::kSuspended));
  host->heartbeat_sent_ms = 0;
  if (auto status = host->SendSignal(SIGSTOP); !status.ok()) {
    CHECK(host->TransitionTo(ProcessState::kActive).ok());
    return status;
  }
  if (trace_)
    trace_->Lifecycle(host->pid, "suspended", "");
  return OkStatus();
}

Status ProcessManager::Resume(uint32_t id) {
  ProcessHost* host = Find(id);
  if (!host)
    return Error("no process " + std::to_string(id));
  if (host->state() != ProcessState::kSuspended)
    return Error("process " + std::to_string(id) + " is not suspended");
  TRY_STATUS(host->SendSignal(SIGCONT));
  CHECK(host->TransitionTo(ProcessState::kActive).ok());
  if (trace_)
    trace_->Lifecycle(host->pid, "resumed", "");
  return OkStatus();
}

Status ProcessManager::SetPriority(uint32_t id, ProcessPriority priority) {
  ProcessHost* host = Find(id);
  if (!host)
    return Error("no process " + std::to_string(id));
  host->priority = priority;
  if (host->pid == 0)
    return OkStatus();  // Applied when the zygote's reply arrives.
  return scheduler_.SetPriority(host->pid, priority);
}

ProcessHost* ProcessManager::Find(uint32_t id) {
  auto it = hosts_.find(id);
  return it == hosts_.end() ? nullptr : it->second.get();
}

std::vector<ProcessHost*> ProcessManager::Hosts() {
  std::vector<ProcessHost*> out;
  for (auto& [id, host] : hosts_)
    out.push_back(host.get());
  return out;
}

void ProcessManager::ShutdownAll(int64_t timeout_ms) {
  // Renderers and services first, the zygote last: it must live to report how its children
  // ended, and nothing should be forked meanwhile.
  int64_t deadline = MonotonicMillis() + timeout_ms + 200;
  auto run_until_gone = [&](bool include_zygote) {
    auto any_alive = [&] {
      for (auto& [id, host] : hosts_) {
        if (host->alive() && (include_zygote || id != zygote_id_))
          return true;
      }
      return false;
    };
    while (any_alive() && MonotonicMillis() < deadline)
      loop_.RunOnce(50);
  };
  for (ProcessHost* host : Hosts()) {
    if (host->alive() && host->id() != zygote_id_)
      Shutdown(host->id(), timeout_ms);
  }
  run_until_gone(false);
  if (zygote_id_)
    Shutdown(zygote_id_, timeout_ms);
  run_until_gone(true);
}

}  // namespace nexus::process
