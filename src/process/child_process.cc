#include "process/child_process.h"

#include <malloc.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "base/logging.h"

namespace nexus::process {
namespace {

constexpr uint64_t kAllocationStepBytes = 16 * 1024 * 1024;
constexpr int64_t kAllocationStepDelayMs = 5;

}  // namespace

Result<std::unique_ptr<ChildProcess>> ChildProcess::Create(ProcessType type, uint32_t id,
                                                           ScopedFd channel_fd) {
  ASSIGN_OR_RETURN(auto loop, EventLoop::Create());
  ASSIGN_OR_RETURN(auto channel, ipc::Channel::Adopt(std::move(channel_fd)));
  return std::unique_ptr<ChildProcess>(
      new ChildProcess(type, id, std::move(loop), std::move(channel)));
}

ChildProcess::ChildProcess(ProcessType type, uint32_t id, std::unique_ptr<EventLoop> loop,
                           std::unique_ptr<ipc::Channel> channel)
    : type_(type), id_(id), loop_(std::move(loop)), channel_(std::move(channel)) {}

ChildProcess::~ChildProcess() {
  channel_->Detach();
}

Status ChildProcess::Send(ipc::OutgoingMessage& message, uint64_t request_id) {
  auto envelope = message.envelope();
  envelope.setSenderId(id_);
  // The recipient stays as the caller set it: main (0) by default, or another process that
  // main relays to if the policy table allows it.
  envelope.setRequestId(request_id);
  return channel_->Send(message);
}

namespace {
// Process-wide by nature: one sandbox per process, entered before any ChildProcess exists.
sandbox::SandboxReport& SandboxReportOfThisProcess() {
  static sandbox::SandboxReport report{.missing = {"all: not sandboxed (--no-sandbox)"}};
  return report;
}
}  // namespace

void SetSandboxReport(sandbox::SandboxReport report) {
  SandboxReportOfThisProcess() = std::move(report);
}

void ChildProcess::SendReady() {
  ipc::OutgoingMessage ready;
  auto body = ready.envelope().getBody().initProcessReady();
  body.setType(type_);
  body.setPid(getpid());
  const sandbox::SandboxReport& report = SandboxReportOfThisProcess();
  auto reported = body.initSandbox();
  reported.setLandlockAbi(report.landlock_abi);
  reported.setFileProbeDenied(report.file_probe_denied);
  reported.setEnterNanos(report.enter_ns);
  auto missing = reported.initMissingLayers(static_cast<unsigned>(report.missing.size()));
  for (size_t i = 0; i < report.missing.size(); ++i)
    missing.set(static_cast<unsigned>(i), report.missing[i]);
  auto status = Send(ready);
  if (!status.ok())
    LOG(Error) << "announce ready: " << status.error().message();
}

int ChildProcess::Run() {
  auto status = channel_->Attach(
      *loop_, [this](std::unique_ptr<ipc::IncomingMessage> message) { OnMessage(std::move(message)); },
      [this](ipc::Channel::ReceiveOutcome outcome, const std::string& why) {
        // Main is trusted; a message from it that does not decode means a build mismatch.
        if (outcome == ipc::Channel::ReceiveOutcome::kBadMessage) {
          LOG(Error) << "bad message from main: " << why;
          exit_code_ = 2;
        }
        loop_->Quit();
      });
  if (!status.ok()) {
    LOG(Error) << status.error().message();
    return 1;
  }
  SendReady();
  loop_->Run();
  return exit_code_;
}

void ChildProcess::OnMessage(std::unique_ptr<ipc::IncomingMessage> message) {
  using ipc::MessageType;
  auto envelope = message->envelope();
  switch (message->type()) {
    case MessageType::HEARTBEAT: {
      ipc::OutgoingMessage ack;
      ack.envelope().getBody().initHeartbeatAck().setSequence(
          envelope.getBody().getHeartbeat().getSequence());
      (void)Send(ack, envelope.getRequestId());
      return;
    }
    case MessageType::MEMORY_PRESSURE:
      malloc_trim(0);
      if (memory_pressure_handler_)
        memory_pressure_handler_();
      return;
    case MessageType::SHUTDOWN:
      loop_->Quit();
      return;
    case MessageType::RESET_STATE:
      if (reset_handler_)
        reset_handler_();
      debug_allocations_.clear();
      malloc_trim(0);
      SendReady();
      return;
    case MessageType::DEBUG_ACTION:
      OnDebugAction(envelope.getBody().getDebugAction());
      return;
    default:
      break;
  }
  if (handler_) {
    handler_(*message);
  } else {
    LOG(Warning) << ProcessTypeName(type_) << " ignores "
                 << ipc::MessageTypeName(message->type());
  }
}

void ChildProcess::OnDebugAction(ipc::schema::DebugAction::Reader action) {
  using Kind = ipc::schema::DebugActionKind;
  switch (action.getKind()) {
    case Kind::CRASH: {
      // A real fault, not raise(): the kernel forces it even on a process that is the init
      // of its PID namespace, where a self-sent SIGSEGV with the default action is ignored.
      signal(SIGSEGV, SIG_DFL);
      volatile int* volatile nowhere = nullptr;
      *nowhere = 1;
      return;
    }
    case Kind::HANG:
      // Stops serving the loop for good, as a stuck script would; main's heartbeat notices.
      while (true)
        pause();
    case Kind::ALLOCATE:
      AllocateGradually(uint64_t{action.getMegabytes()} * 1024 * 1024);
      return;
    case Kind::SEND_GARBAGE: {
      // Bytes that are no Cap'n Proto message at all, straight onto the socket.
      const char garbage[] = "\x13\x37 this is not a message \xff\xfe\xfd";
      [[maybe_unused]] ssize_t sent = send(channel_->fd(), garbage, sizeof(garbage), MSG_NOSIGNAL);
      return;
    }
    case Kind::BLOCKED_SYSCALL: {
      // ptrace is outside every type's allow-list: the sandbox kills the process with SIGSYS
      // and main's crash report names the call.
      syscall(SYS_ptrace, PTRACE_TRACEME, 0, nullptr, nullptr);
      return;
    }
    case Kind::SEND_THROUGH_MAIN: {
      // Main relays it if the policy lets this type address the recipient's type, and kills
      // the sender otherwise.
      ipc::OutgoingMessage relayed;
      relayed.envelope().setRecipientId(action.getRelayTo());
      auto analyze = relayed.envelope().getBody().initAiAnalyzeContent();
      (void)relayed.SetPayload(analyze.initInput(), std::string_view("relayed by main"));
      (void)Send(relayed);
      return;
    }
    case Kind::SEND_FORBIDDEN_MESSAGE: {
      // A well-formed message this type may not send: only main may ask the zygote to fork.
      ipc::OutgoingMessage forbidden;
      forbidden.envelope().getBody().initZygoteFork().setChildId(id_);
      (void)Send(forbidden);
      return;
    }
  }
}

void ChildProcess::AllocateGradually(uint64_t remaining_bytes) {
  if (remaining_bytes == 0)
    return;
  uint64_t step = std::min(remaining_bytes, kAllocationStepBytes);
  auto block = std::make_unique<char[]>(step);
  std::memset(block.get(), 0x5a, step);  // Touch every page so it counts as resident.
  debug_allocations_.push_back(std::move(block));
  loop_->PostDelayed(kAllocationStepDelayMs,
                     [this, rest = remaining_bytes - step] { AllocateGradually(rest); });
}

}  // namespace nexus::process

namespace nexus::process {

int RunChildProcess(ProcessType type, uint32_t id, ScopedFd channel,
                    const std::function<Status(ChildProcess&)>& configure) {
  auto created = ChildProcess::Create(type, id, std::move(channel));
  if (!created.ok()) {
    LOG(Error) << created.error().message();
    return 1;
  }
  if (configure) {
    if (auto status = configure(**created); !status.ok()) {
      LOG(Error) << ProcessTypeName(type) << ": " << status.error().message();
      return 1;
    }
  }
  return (*created)->Run();
}

}  // namespace nexus::process
