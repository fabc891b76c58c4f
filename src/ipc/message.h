// Messages as they cross a channel: OutgoingMessage builds an Envelope and collects the fds
// to pass with it; IncomingMessage owns a received, already validated Envelope and its fds.
// A message is one member of an interface: a Cap'n Proto struct named by direction
// (`RendererToBrowser`) whose union's members are its messages, or which is itself the one
// message when it has no union (`BrowserToZygote`). Names come from the schema, never from
// hand-kept lists.
#pragma once

#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/logging.h"
#include "base/result.h"
#include "base/scoped_fd.h"
#include "base/shared_memory.h"
#include "ipc/envelope.capnp.h"

namespace nexus::ipc {

using schema::Envelope;
using Interface = capnp::StructSchema;

template <typename T>
Interface InterfaceOf() {
  return capnp::Schema::from<T>();
}
// "RendererToBrowser.openUrl", or the interface's name for a one-message interface.
std::string MessageName(Interface interface, uint16_t which);
// How many messages an interface has: its union's members, or 1.
uint16_t MessageCount(Interface interface);
// The interface's name as declared ("RendererToBrowser").
std::string InterfaceName(Interface interface);
// Makes these interfaces nameable in the errors of channels that refuse them (a forged
// BrowserToNetwork on a renderer's channel is reported by name, not by number).
void RegisterInterfaceNames(std::span<const Interface> interfaces);

// Payloads above this travel in sealed memfd shared memory (issue 2, DESIGN.md §3).
inline constexpr size_t kMaxInlinePayloadBytes = 64 * 1024;
// The largest datagram a channel accepts: an inline payload plus its envelope.
inline constexpr size_t kMaxMessageBytes = 96 * 1024;
inline constexpr size_t kMaxAttachments = 8;
inline constexpr uint32_t kBrowserProcessId = 0;

class OutgoingMessage {
 public:
  OutgoingMessage();
  Envelope::Builder envelope() { return envelope_; }
  // Makes this a message of interface T and returns T to fill (its union picks the message).
  template <typename T>
  typename T::Builder Init() {
    envelope_.setInterface(capnp::typeId<T>());
    return envelope_.getBody().template initAs<T>();
  }
  // Passes `fd` with the message; returns its attachment index.
  Result<uint8_t> Attach(ScopedFd fd);
  // Fills `payload` inline, or in sealed shared memory when it is larger than 64 KiB.
  Status SetPayload(schema::Payload::Builder payload, std::span<const uint8_t> bytes);
  Status SetPayload(schema::Payload::Builder payload, std::string_view text) {
    return SetPayload(payload, std::span(reinterpret_cast<const uint8_t*>(text.data()),
                                         text.size()));
  }
  // Puts an existing sealed region in `payload` (the fd is duplicated, the caller keeps it).
  Status SetSharedPayload(schema::Payload::Builder payload, const ReadOnlySharedMemory& memory);

  capnp::MessageBuilder& builder() { return builder_; }
  const std::vector<ScopedFd>& attachments() const { return attachments_; }

 private:
  // The first segment lives in the message itself, so building a small message does not
  // touch the heap. Cap'n Proto requires it zeroed.
  static constexpr unsigned kFirstSegmentWords = 64;
  capnp::word first_segment_[kFirstSegmentWords] = {};
  capnp::MallocMessageBuilder builder_;
  Envelope::Builder envelope_;
  std::vector<ScopedFd> attachments_;
};

class IncomingMessage {
 public:
  // Validates `words` as an Envelope: framing, pointers, nesting, an interface among
  // `accepted` and a message that interface has. Never throws: every failure is an Error
  // (the caller's "bad message").
  static Result<std::unique_ptr<IncomingMessage>> Decode(kj::Array<capnp::word> words,
                                                         std::vector<ScopedFd> fds,
                                                         std::span<const Interface> accepted);

  Envelope::Reader envelope() const { return envelope_; }
  Interface interface() const { return interface_; }
  // The message within the interface: its union's discriminant (0 without a union).
  uint16_t which() const { return which_; }
  std::string name() const { return MessageName(interface_, which_); }
  template <typename T>
  bool Is() const {
    return interface_.getProto().getId() == capnp::typeId<T>();
  }
  template <typename T>
  typename T::Reader Body() const {
    CHECK(Is<T>());
    return envelope_.getBody().template getAs<T>();
  }
  size_t byte_size() const { return words_.size() * sizeof(capnp::word); }
  size_t attachment_count() const { return fds_.size(); }
  Result<ScopedFd> TakeAttachment(uint8_t index);

  // The bytes of a payload: inline ones are copied out; shared ones are mapped read-only
  // after checking the memfd's seals and size.
  Result<std::string> ReadPayload(schema::Payload::Reader payload);
  Result<ReadOnlySharedMemory> MapPayload(schema::Payload::Reader payload);

 private:
  IncomingMessage(kj::Array<capnp::word> words, std::vector<ScopedFd> fds);
  kj::Array<capnp::word> words_;
  std::vector<ScopedFd> fds_;
  std::optional<capnp::FlatArrayMessageReader> reader_;
  Envelope::Reader envelope_;
  Interface interface_;
  uint16_t which_ = 0;
};

}  // namespace nexus::ipc
