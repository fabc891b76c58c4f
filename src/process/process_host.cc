#include "process/process_host.h"

#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace nexus::process {

std::string_view SpawnMethodName(SpawnMethod method) {
  return method == SpawnMethod::kExec ? "exec" : "zygote";
}

std::string ExitInfo::Describe() const {
  if (!known)
    return "unknown";
  if (signal != 0) {
    const char* abbreviation = sigabbrev_np(signal);
    return "signal " + std::to_string(signal) + " (SIG" + (abbreviation ? abbreviation : "?") +
           ")";
  }
  return "exit code " + std::to_string(exit_code);
}

ProcessHost::ProcessHost(uint32_t id, ProcessType type, SpawnMethod spawn,
                         std::unique_ptr<ipc::Channel> channel, sandbox::SandboxConfig sandbox,
                         int64_t created_ms)
    : created_ms(created_ms),
      id_(id),
      type_(type),
      spawn_(spawn),
      channel_(std::move(channel)),
      sandbox_(std::move(sandbox)) {}

Status ProcessHost::Send(ipc::OutgoingMessage& message, uint64_t request_id) {
  auto envelope = message.envelope();
  envelope.setSenderId(ipc::kBrowserProcessId);
  envelope.setRecipientId(id_);
  envelope.setRequestId(request_id);
  auto status = channel_->Send(message);
  if (!status.ok())
    return status.error().Context("send to " + std::string(ProcessTypeName(type_)) + " " +
                                  std::to_string(id_));
  return OkStatus();
}

Status ProcessHost::SendSignal(int signal_number) {
  if (!pidfd.valid())
    return Error("process " + std::to_string(id_) + " has no pidfd yet");
  if (syscall(SYS_pidfd_send_signal, pidfd.get(), signal_number, nullptr, 0) != 0)
    return ErrnoError("signal process " + std::to_string(id_));
  return OkStatus();
}

}  // namespace nexus::process
