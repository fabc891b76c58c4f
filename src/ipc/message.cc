#include "ipc/message.h"

#include <fcntl.h>
#include <unistd.h>

#include <capnp/any.h>
#include <kj/exception.h>

#include <algorithm>
#include <cstdio>
#include <map>

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

uint16_t MessageCount(Interface interface) {
  auto fields = interface.getUnionFields();
  return fields.size() == 0 ? 1 : static_cast<uint16_t>(fields.size());
}

std::string InterfaceName(Interface interface) {
  return interface.getUnqualifiedName().cStr();
}

namespace {
std::map<uint64_t, std::string>& InterfaceNames() {
  static std::map<uint64_t, std::string> names;
  return names;
}
}  // namespace

void RegisterInterfaceNames(std::span<const Interface> interfaces) {
  for (const Interface& interface : interfaces)
    InterfaceNames()[interface.getProto().getId()] = InterfaceName(interface);
}

std::string MessageName(Interface interface, uint16_t which) {
  std::string name = InterfaceName(interface);
  for (auto field : interface.getUnionFields()) {
    if (field.getProto().getDiscriminantValue() == which)
      return name + "." + field.getProto().getName().cStr();
  }
  return name;
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

Result<std::unique_ptr<IncomingMessage>> IncomingMessage::Decode(
    kj::Array<capnp::word> words,
    std::vector<ScopedFd> fds,
    std::span<const Interface> accepted) {
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
  });
  KJ_IF_MAYBE(exception, failure) {
    return Error(std::string("malformed message: ") + exception->getDescription().cStr());
  }
  uint64_t id = message->envelope_.getInterface();
  auto interface = std::find_if(accepted.begin(), accepted.end(), [id](const Interface& candidate) {
    return candidate.getProto().getId() == id;
  });
  if (interface == accepted.end()) {
    if (auto known = InterfaceNames().find(id); known != InterfaceNames().end())
      return Error(known->second + " is not an interface this channel accepts");
    char hex[24];
    snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(id));
    return Error(std::string("unknown interface @0x") + hex);
  }
  message->interface_ = *interface;
  // The body must be a struct and, when the interface has a union, name one of its messages:
  // a newer or forged discriminant is refused here, so handlers can switch over every message
  // without a default. Unions number their members 0..n-1; the discriminant sits at a fixed
  // offset of the data section (0 when the section is shorter, as Cap'n Proto reads it).
  auto layout = interface->getProto().getStruct();
  failure = kj::runCatchingExceptions([&]() {
    auto data = message->envelope_.getBody().getAs<capnp::AnyStruct>().getDataSection();
    size_t offset = size_t{layout.getDiscriminantOffset()} * sizeof(uint16_t);
    if (layout.getDiscriminantCount() > 0 && offset + sizeof(uint16_t) <= data.size())
      message->which_ = static_cast<uint16_t>(data[offset] | (data[offset + 1] << 8));
  });
  KJ_IF_MAYBE(exception, failure) {
    return Error("malformed " + InterfaceName(*interface) + ": " +
                 exception->getDescription().cStr());
  }
  if (layout.getDiscriminantCount() > 0 && message->which_ >= layout.getDiscriminantCount()) {
    return Error("malformed " + InterfaceName(*interface) + ": it has no message " +
                 std::to_string(message->which_));
  }
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
