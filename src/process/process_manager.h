// The registry of child processes and their lifecycle (spec "Process Creation", "Process
// States", "Message Routing"). CreateProcess follows the spec's five steps. Every message a
// child sends passes through here first: it is decoded as an interface the policy table lets
// its type send to main, its sender and recipient are checked, and anything wrong is a bad
// message that kills the sender (never main). Nothing is relayed to another child.
// Crashes are seen through pidfds on the event loop, not by polling.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/event_loop.h"
#include "ipc/lifecycle.capnp.h"
#include "ipc/message_policy.h"
#include "process/process_host.h"
#include "process/process_scheduler.h"
#include "process/trace_recorder.h"
#include "process/zygote.capnp.h"

namespace nexus::process {

struct ProcessConfig {
  std::string site;  // renderers: the site the process is locked to
  std::optional<ProcessPriority> priority;  // default: DefaultPriorityFor(type)
  std::vector<std::string> args;            // switches of its own type (the GPU process's output)
};

class ProcessManager {
 public:
  class Delegate {
   public:
    virtual ~Delegate() = default;
    // PROCESS_READY: first start, or a pooled renderer done resetting.
    virtual void OnProcessReady(ProcessHost& host) = 0;
    // A message of the sender's type's own interface (not lifecycle, not zygote) that passed
    // decoding and the policy.
    virtual void OnMessageFromChild(ProcessHost& host, ipc::IncomingMessage& message) = 0;
    // The process is gone; host.exit and host.termination_reason say how. The host is
    // destroyed after this returns (on the next loop round).
    virtual void OnProcessGone(ProcessHost& host) = 0;
  };

  struct Options {
    // Which interfaces each child type may send to main (routes/message_routes.h); required.
    const ipc::MessagePolicy* policy = nullptr;
    bool use_zygote = true;
    std::string executable;  // the nexus binary; empty: the running one
    std::vector<std::string> child_args;  // flags every child gets (log level, ...)
    sandbox::SandboxPaths sandbox_paths;
    bool sandbox = true;  // children in their own user and PID namespaces (DESIGN.md §4)
    // The memory limit of each type: children set their RLIMIT_DATA from it.
    std::function<uint64_t(ProcessType)> memory_limit_for;
    // How long to wait for the zygote's report of how a forked child ended.
    int64_t exit_status_wait_ms = 500;
  };

  ProcessManager(EventLoop& loop, Delegate& delegate, ProcessScheduler& scheduler,
                 TraceRecorder* trace, Options options);
  ~ProcessManager();

  // Starts the zygote (once; again after it crashed). Renderers are forked from it.
  Status StartZygote();
  bool zygote_ready() const;

  // Spec "Process Creation": 1. allocate an id, 2. sandbox config, 3. launch (exec, or fork
  // from the zygote for renderers), 4. IPC channel, 5. register for monitoring. Returns the
  // id at once; the process reports PROCESS_READY when it can take work.
  Result<uint32_t> CreateProcess(ProcessType type, const ProcessConfig& config);

  // SIGKILL, recording why; the usual crash path (OnProcessGone) follows.
  void Kill(uint32_t id, const std::string& reason);
  // Asks for a clean exit; kills it if it has not exited after `grace_ms`.
  void Shutdown(uint32_t id, int64_t grace_ms = 2000);
  // Chromium's ReceivedBadMessage: the child sent something it must not; it dies.
  void ReceivedBadMessage(ProcessHost& host, const std::string& why);

  // Spec "Process States". Suspend stops the process (SIGSTOP to its process group) and
  // Resume continues it; heartbeats are not expected while suspended.
  Status Activate(uint32_t id);
  Status MarkIdle(uint32_t id);
  Status Suspend(uint32_t id);
  Status Resume(uint32_t id);
  Status SetPriority(uint32_t id, ProcessPriority priority);

  ProcessHost* Find(uint32_t id);
  std::vector<ProcessHost*> Hosts();
  size_t size() const { return hosts_.size(); }

  // Every live child: SHUTDOWN, wait up to `timeout_ms` for them to go, SIGKILL the rest.
  void ShutdownAll(int64_t timeout_ms);

  ProcessScheduler& scheduler() { return scheduler_; }
  // Main's message counts on channels of processes that are gone.
  const ipc::ChannelCounters& retired_counters() const { return retired_counters_; }
  TraceRecorder* trace() { return trace_; }

 private:
  uint32_t AllocateProcessId() { return next_id_++; }
  Result<uint32_t> LaunchByExec(ProcessType type, uint32_t id, const ProcessConfig& config);
  Result<uint32_t> LaunchFromZygote(ProcessType type, uint32_t id, const ProcessConfig& config);
  ProcessHost& Register(std::unique_ptr<ProcessHost> host);
  void OnLaunched(ProcessHost& host);  // pid known: watch pidfd, place, prioritise
  void OnChildMessage(ProcessHost& host, std::unique_ptr<ipc::IncomingMessage> message);
  void DispatchFromChild(ProcessHost& host, ipc::IncomingMessage& message);
  void RecordSandboxReport(ProcessHost& host, ipc::schema::SandboxSelfReport::Reader report);
  uint64_t MemoryLimitFor(ProcessType type) const;
  void OnZygoteForked(schema::ZygoteForked::Reader reply);
  void OnZygoteChildExited(schema::ZygoteChildExited::Reader exited);
  void OnChannelError(ProcessHost& host, ipc::Channel::ReceiveOutcome outcome,
                      const std::string& why);
  void OnPidfdReadable(uint32_t id);
  void Finalize(uint32_t id);

  EventLoop& loop_;
  Delegate& delegate_;
  ProcessScheduler& scheduler_;
  TraceRecorder* trace_;
  Options options_;
  std::map<uint32_t, std::unique_ptr<ProcessHost>> hosts_;
  uint32_t next_id_ = 1;
  uint32_t zygote_id_ = 0;  // 0: none
  // Exit statuses the zygote reported for pids whose pidfd has not fired yet.
  std::map<pid_t, ExitInfo> early_exits_;
  ipc::ChannelCounters retired_counters_;
};

}  // namespace nexus::process
