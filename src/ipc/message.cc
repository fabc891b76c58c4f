#include "ipc/message.h"

#include <fcntl.h>
#include <unistd.h>

#include <kj/exception.h>

#include <cstring>

namespace nexus::ipc {
namespace {

// Decoding limits for untrusted input: the traversal limit bounds amplification from
// pointer tricks (kMaxMessageBytes per message, 8x headroom) and nesting bounds recursion.
capnp::ReaderOptions UntrustedReaderOptions() {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = kMaxMessageBytes / sizeof(capnp::word) * 8;
  options.nestingLimit = 16;
  return options;
}

}  // namespace

const char* MessageTypeName(MessageType type) {
  switch (type) {
    case MessageType::NAVIGATE_TO_URL: return "NAVIGATE_TO_URL";
    case MessageType::NAVIGATION_COMPLETE: return "NAVIGATION_COMPLETE";
    case MessageType::RENDER_FRAME: return "RENDER_FRAME";
    case MessageType::FRAME_RENDERED: return "FRAME_RENDERED";
    case MessageType::AI_ANALYZE_CONTENT: return "AI_ANALYZE_CONTENT";
    case MessageType::AI_RESULT_READY: return "AI_RESULT_READY";
    case MessageType::INPUT_EVENT: return "INPUT_EVENT";
    case MessageType::LOAD_RESOURCE: return "LOAD_RESOURCE";
    case MessageType::RESOURCE_LOADED: return "RESOURCE_LOADED";
    case MessageType::PROCESS_READY: return "PROCESS_READY";
    case MessageType::PROCESS_TERMINATED: return "PROCESS_TERMINATED";
    case MessageType::HEARTBEAT: return "HEARTBEAT";
    case MessageType::HEARTBEAT_ACK: return "HEARTBEAT_ACK";
    case MessageType::MEMORY_PRESSURE: return "MEMORY_PRESSURE";
    case MessageType::SHUTDOWN: return "SHUTDOWN";
    case MessageType::RESET_STATE: return "RESET_STATE";
    case MessageType::DEBUG_ACTION: return "DEBUG_ACTION";
    case MessageType::ZYGOTE_FORK: return "ZYGOTE_FORK";
    case MessageType::ZYGOTE_FORKED: return "ZYGOTE_FORKED";
    case MessageType::ZYGOTE_CHILD_EXITED: return "ZYGOTE_CHILD_EXITED";
    case MessageType::SHARED_BUFFER_CREATED: return "SHARED_BUFFER_CREATED";
    case MessageType::SHARED_BUFFER_RELEASED: return "SHARED_BUFFER_RELEASED";
    case MessageType::SANDBOX_VIOLATION: return "SANDBOX_VIOLATION";
    case MessageType::HIT_TEST: return "HIT_TEST";
    case MessageType::HIT_TEST_RESULT: return "HIT_TEST_RESULT";
    case MessageType::OPEN_URL: return "OPEN_URL";
    case MessageType::CANCEL_LOAD: return "CANCEL_LOAD";
    case MessageType::COOKIE_CHANGED: return "COOKIE_CHANGED";
    case MessageType::RESTORE_COOKIES: return "RESTORE_COOKIES";
    case MessageType::RESOURCE_CHUNK: return "RESOURCE_CHUNK";
    case MessageType::GET_PAGE_CONTENT: return "GET_PAGE_CONTENT";
    case MessageType::PAGE_CONTENT: return "PAGE_CONTENT";
    case MessageType::AI_CANCEL_TAB: return "AI_CANCEL_TAB";
    case MessageType::EVALUATE_SCRIPT: return "EVALUATE_SCRIPT";
    case MessageType::SCRIPT_RESULT: return "SCRIPT_RESULT";
    case MessageType::CONSOLE_MESSAGE: return "CONSOLE_MESSAGE";
    case MessageType::SET_DOCUMENT_COOKIE: return "SET_DOCUMENT_COOKIE";
    case MessageType::URL_CHANGED: return "URL_CHANGED";
  }
  return nullptr;  // Not a type this build knows: callers treat it as a bad message.
}

OutgoingMessage::OutgoingMessage()
    : builder_(kj::arrayPtr(first_segment_, kFirstSegmentWords)), envelope_(builder_.initRoot<Envelope>()) {}

Result<uint8_t> OutgoingMessage::Attach(ScopedFd fd) {
  if (!fd.valid())
    return Error("attach an invalid fd");
  if (attachments_.size() >= kMaxAttachments)
    return Error("a message carries at most " + std::to_string(kMaxAttachments) + " fds");
  attachments_.push_back(std::move(fd));
  return static_cast<uint8_t>(attachments_.size() - 1);
}

Status OutgoingMessage::SetPayload(schema::Payload::Builder payload,
                                   std::span<const uint8_t> bytes) {
  if (bytes.size() <= kMaxInlinePayloadBytes) {
    payload.setInline(capnp::Data::Reader(bytes.data(), bytes.size()));
    return OkStatus();
  }
  ASSIGN_OR_RETURN(auto memory, ReadOnlySharedMemory::CreateFrom(bytes));
  return SetSharedPayload(payload, memory);
}

Status OutgoingMessage::SetSharedPayload(schema::Payload::Builder payload,
                                         const ReadOnlySharedMemory& memory) {
  ScopedFd copy(fcntl(memory.fd(), F_DUPFD_CLOEXEC, 0));
  if (!copy.valid())
    return ErrnoError("dup shared memory fd");
  ASSIGN_OR_RETURN(uint8_t index, Attach(std::move(copy)));
  auto shared = payload.initSharedMemory();
  shared.setAttachment(index);
  shared.setSize(memory.size());
  return OkStatus();
}

IncomingMessage::IncomingMessage(kj::Array<capnp::word> words, std::vector<ScopedFd> fds)
    : words_(kj::mv(words)), fds_(std::move(fds)) {}

Result<std::unique_ptr<IncomingMessage>> IncomingMessage::Decode(kj::Array<capnp::word> words,
                                                                 std::vector<ScopedFd> fds) {
  if (words.size() == 0)
    return Error("empty message");
  std::unique_ptr<IncomingMessage> message(new IncomingMessage(kj::mv(words), std::move(fds)));
  // Cap'n Proto reports malformed input as kj::Exception; it must not unwind past here
  // (DESIGN.md §9).
  kj::Maybe<kj::Exception> failure = kj::runCatchingExceptions([&]() {
    message->reader_.emplace(message->words_.asPtr(), UntrustedReaderOptions());
    auto envelope = message->reader_->getRoot<Envelope>();
    // Walks every pointer once, so later reads of this message cannot hit a bad one.
    envelope.totalSize();
    message->envelope_ = envelope;
    message->type_ = envelope.getBody().which();
  });
  KJ_IF_MAYBE(exception, failure) {
    return Error(std::string("malformed message: ") + exception->getDescription().cStr());
  }
  if (!MessageTypeName(message->type_))
    return Error("unknown message type " + std::to_string(static_cast<int>(message->type_)));
  return message;
}

Result<ScopedFd> IncomingMessage::TakeAttachment(uint8_t index) {
  if (index >= fds_.size() || !fds_[index].valid())
    return Error("message names attachment " + std::to_string(index) + " that it lacks");
  return std::move(fds_[index]);
}

Result<std::string> IncomingMessage::ReadPayload(schema::Payload::Reader payload) {
  if (payload.isInline()) {
    auto data = payload.getInline();
    return std::string(reinterpret_cast<const char*>(data.begin()), data.size());
  }
  ASSIGN_OR_RETURN(auto memory, MapPayload(payload));
  return std::string(memory.view());
}

Result<ReadOnlySharedMemory> IncomingMessage::MapPayload(schema::Payload::Reader payload) {
  if (payload.isInline()) {
    auto data = payload.getInline();
    return ReadOnlySharedMemory::CreateFrom(std::span(data.begin(), data.size()));
  }
  if (!payload.isSharedMemory()) {
    return Error("payload is in shared buffer " +
                 std::to_string(payload.getSharedBuffer().getBuffer()) +
                 ": read it through the channel's SharedBufferReceiver");
  }
  auto shared = payload.getSharedMemory();
  ASSIGN_OR_RETURN(ScopedFd fd, TakeAttachment(shared.getAttachment()));
  return ReadOnlySharedMemory::MapReceived(std::move(fd), shared.getSize());
}

}  // namespace nexus::ipc
