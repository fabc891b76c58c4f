// What main knows about one child process (spec "Process Monitoring": the registry entry):
// its id, type, pid and pidfd, lifecycle state, channel, counters and health samples.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/scoped_fd.h"
#include "ipc/channel.h"
#include "process/process_scheduler.h"
#include "process/process_state.h"
#include "process/process_type.h"
#include "sandbox/sandbox_config.h"

namespace nexus::process {

enum class SpawnMethod { kExec, kZygote };
std::string_view SpawnMethodName(SpawnMethod method);

// How a process ended, once known.
struct ExitInfo {
  bool known = false;  // false when its parent (the zygote) died before reporting it
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string Describe() const;  // "exit code 0", "signal 9 (SIGKILL)", "unknown"
  bool clean() const { return known && signal == 0 && exit_code == 0; }
};

class ProcessHost {
 public:
  ProcessHost(uint32_t id, ProcessType type, SpawnMethod spawn, std::unique_ptr<ipc::Channel> channel,
              sandbox::SandboxConfig sandbox, int64_t created_ms);

  uint32_t id() const { return id_; }
  ProcessType type() const { return type_; }
  SpawnMethod spawn_method() const { return spawn_; }
  ProcessState state() const { return state_.state(); }
  Status TransitionTo(ProcessState next) { return state_.TransitionTo(next); }
  bool alive() const { return state() != ProcessState::kTerminated; }
  ipc::Channel& channel() { return *channel_; }
  const sandbox::SandboxConfig& sandbox_config() const { return sandbox_; }

  // Sends from main (sender 0) to this process.
  Status Send(ipc::OutgoingMessage& message, uint64_t request_id = 0);
  // pidfd_send_signal: cannot hit a recycled pid.
  Status SendSignal(int signal_number);

  // Set once the process exists (at once for exec, on the zygote's reply for forks).
  pid_t pid = 0;
  pid_t pid_in_zygote_namespace = 0;  // zygote children: the pid the zygote reports
  ScopedFd pidfd;
  int64_t created_ms;  // monotonic

  ProcessPriority priority = ProcessPriority::kNormal;
  std::vector<int> cpus;
  std::string site;  // renderers: the site it is locked to; empty while pooled
  std::string url;   // last document, for crash reports

  // Health, kept by the monitor.
  uint64_t heartbeat_sequence = 0;
  int64_t heartbeat_sent_ms = 0;  // 0 when no ack is outstanding
  uint64_t private_bytes = 0;
  bool pressure_signalled = false;
  int64_t cpu_sample_ns = -1;
  int64_t cpu_sample_at_ns = 0;
  double cpu_percent = 0;

  // Sandbox: what the process reported when ready (and main's own launch notes); the rest of
  // its status main reads from /proc (sandbox/sandbox_status.h).
  struct ReportedSandbox {
    int landlock_abi = 0;
    bool file_probe_denied = false;
    int64_t enter_ns = 0;
    std::vector<std::string> missing_layers;
  } reported_sandbox;
  std::string blocked_syscall;  // from SANDBOX_VIOLATION, for the crash report

  // Ending.
  std::string termination_reason;  // why main ended it; empty if it died by itself
  bool shutdown_requested = false;
  bool died = false;               // pidfd fired
  ExitInfo exit;
  int64_t died_at_ns = 0;

 private:
  uint32_t id_;
  ProcessType type_;
  SpawnMethod spawn_;
  std::unique_ptr<ipc::Channel> channel_;
  sandbox::SandboxConfig sandbox_;
  ProcessStateMachine state_;
};

}  // namespace nexus::process
