#include "process/child_process.h"

#include <malloc.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>

#include <cstring>

#include "base/logging.h"
#include "base/time.h"
#include "process/zygote.capnp.h"

namespace nexus::process {
namespace {

constexpr uint64_t kAllocationStepBytes = 16 * 1024 * 1024;
constexpr int64_t kAllocationStepDelayMs = 5;

std::vector<ipc::Interface>& InterfacesFromMain() {
  static std::vector<ipc::Interface> interfaces;
  return interfaces;
}

}  // namespace

void SetInterfacesFromMain(std::vector<ipc::Interface> interfaces) {
  InterfacesFromMain() = std::move(interfaces);
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::Create(ProcessType type, uint32_t id,
                                                           ScopedFd channel_fd) {
  ASSIGN_OR_RETURN(auto loop, EventLoop::Create());
  ASSIGN_OR_RETURN(auto channel, ipc::Channel::Adopt(std::move(channel_fd)));
  channel->Accept(InterfacesFromMain());
  channel->set_wait_when_full(true);  // main always reads: wait for it rather than drop
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
  envelope.setRecipientId(ipc::kBrowserProcessId);  // children talk to main only
  envelope.setRequestId(request_id);
  return channel_->Send(message);
}

Result<std::unique_ptr<ipc::IncomingMessage>> ChildProcess::SendAndWait(
    ipc::OutgoingMessage& message,
    uint64_t request_id,
    const std::function<bool(const ipc::IncomingMessage&)>& is_answer,
    int timeout_ms) {
  TRY_STATUS(Send(message, request_id));
  int64_t deadline = MonotonicMillis() + timeout_ms;
  while (true) {
    int64_t left = deadline - MonotonicMillis();
    if (left <= 0)
      return Error("main did not answer within " + std::to_string(timeout_ms) + " ms");
    ipc::Channel::Received received = channel_->ReceiveBlocking(static_cast<int>(left));
    switch (received.outcome) {
      case ipc::Channel::ReceiveOutcome::kMessage: {
        auto envelope = received.message->envelope();
        if (envelope.getSenderId() == ipc::kBrowserProcessId && envelope.getRecipientId() == id_ &&
            envelope.getRequestId() == request_id && is_answer(*received.message))
          return std::move(received.message);
        deferred_.push_back(std::move(received.message));
        if (deferred_.size() == 1)
          loop_->Post([this] { DispatchDeferred(); });
        break;
      }
      case ipc::Channel::ReceiveOutcome::kWouldBlock:
        break;
      case ipc::Channel::ReceiveOutcome::kBadMessage:
        DropBadMessage(received.error);
        break;
      case ipc::Channel::ReceiveOutcome::kClosed:
        loop_->Quit();
        return Error("main went away: " + received.error);
    }
  }
}

void ChildProcess::DispatchDeferred() {
  while (!deferred_.empty()) {
    std::unique_ptr<ipc::IncomingMessage> message = std::move(deferred_.front());
    deferred_.pop_front();
    OnMessage(std::move(message));
  }
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
  auto body = ready.Init<ipc::schema::ChildToBrowser>().initProcessReady();
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
      *loop_,
      [this](std::unique_ptr<ipc::IncomingMessage> message) {
        if (deferred_.empty())
          return OnMessage(std::move(message));
        deferred_.push_back(std::move(message));  // after what SendAndWait set aside
        DispatchDeferred();
      },
      [this](ipc::Channel::ReceiveOutcome outcome, const std::string& why) {
        if (outcome == ipc::Channel::ReceiveOutcome::kBadMessage) {
          DropBadMessage(why);
          return;
        }
        loop_->Quit();
      });
  if (!status.ok()) {
    LOG(Error) << status.error().message();
    return 1;
  }
  SendReady();
  loop_->Run();
  return 0;
}

void ChildProcess::DropBadMessage(const std::string& why) {
  ++bad_messages_;
  LOG(Error) << "bad message dropped: " << why;
}

void ChildProcess::OnMessage(std::unique_ptr<ipc::IncomingMessage> message) {
  auto envelope = message->envelope();
  // Only main writes on this channel, and only to this process: anything else was not sent
  // by main (DESIGN.md §3, "children check their peer").
  if (envelope.getSenderId() != ipc::kBrowserProcessId || envelope.getRecipientId() != id_) {
    DropBadMessage(message->name() + " from process " + std::to_string(envelope.getSenderId()) +
                   " to process " + std::to_string(envelope.getRecipientId()) +
                   ": only main writes here, and only to process " + std::to_string(id_));
    return;
  }
  if (!message->Is<ipc::schema::BrowserToChild>()) {
    if (handler_)
      handler_(*message);
    else
      DropBadMessage(message->name() + ": " + std::string(ProcessTypeName(type_)) +
                     " has no handler for it");
    return;
  }
  auto said = message->Body<ipc::schema::BrowserToChild>();
  switch (said.which()) {
    case ipc::schema::BrowserToChild::HEARTBEAT: {
      ipc::OutgoingMessage ack;
      ack.Init<ipc::schema::ChildToBrowser>().initHeartbeatAck().setSequence(
          said.getHeartbeat().getSequence());
      (void)Send(ack, envelope.getRequestId());
      return;
    }
    case ipc::schema::BrowserToChild::MEMORY_PRESSURE:
      malloc_trim(0);
      if (memory_pressure_handler_)
        memory_pressure_handler_();
      return;
    case ipc::schema::BrowserToChild::SHUTDOWN:
      loop_->Quit();
      return;
    case ipc::schema::BrowserToChild::RESET_STATE:
      if (reset_handler_)
        reset_handler_();
      debug_allocations_.clear();
      malloc_trim(0);
      SendReady();
      return;
    case ipc::schema::BrowserToChild::DEBUG_ACTION:
      OnDebugAction(said.getDebugAction());
      return;
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
    case Kind::FORGE_MESSAGE:
      // A compromised process writes whatever it likes; main must kill it, never obey.
      if (!forgery_handler_ || !forgery_handler_(action))
        LOG(Error) << ProcessTypeName(type_) << " cannot forge '" << action.getForgery().cStr()
                   << "'";
      return;
    case Kind::WRITE_DATAGRAMS:
      for (auto datagram : action.getDatagrams()) {
        [[maybe_unused]] ssize_t sent =
            send(channel_->fd(), datagram.begin(), datagram.size(), MSG_NOSIGNAL);
      }
      return;
    case Kind::SEND_FORBIDDEN_MESSAGE: {
      // A well-formed message this type may not send: only main may ask the zygote to fork.
      ipc::OutgoingMessage forbidden;
      forbidden.Init<schema::BrowserToZygote>().setChildId(id_);
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
  int exit_code = (*created)->Run();
  if ((*created)->exit_without_teardown()) {
    std::fflush(nullptr);
    _exit(exit_code);
  }
  return exit_code;
}

}  // namespace nexus::process
