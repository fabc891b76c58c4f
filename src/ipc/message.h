// Messages as they cross a channel: OutgoingMessage builds an Envelope and collects the fds
// to pass with it; IncomingMessage owns a received, already validated Envelope and its fds.
#pragma once

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/scoped_fd.h"
#include "base/shared_memory.h"
#include "ipc/messages.capnp.h"

namespace nexus::ipc {

using schema::Envelope;
using MessageType = Envelope::Body::Which;

// Payloads above this travel in sealed memfd shared memory (issue 2, DESIGN.md §3).
inline constexpr size_t kMaxInlinePayloadBytes = 64 * 1024;
// The largest datagram a channel accepts: an inline payload plus its envelope.
inline constexpr size_t kMaxMessageBytes = 96 * 1024;
inline constexpr size_t kMaxAttachments = 8;
inline constexpr uint32_t kBrowserProcessId = 0;

const char* MessageTypeName(MessageType type);

class OutgoingMessage {
 public:
  OutgoingMessage();
  Envelope::Builder envelope() { return envelope_; }
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
  // Validates `words` as an Envelope: framing, pointers, nesting, known type, attachment
  // indices. Never throws: every failure is an Error (the caller's "bad message").
  static Result<std::unique_ptr<IncomingMessage>> Decode(kj::Array<capnp::word> words,
                                                         std::vector<ScopedFd> fds);

  Envelope::Reader envelope() const { return envelope_; }
  MessageType type() const { return type_; }
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
  MessageType type_ = MessageType::NAVIGATE_TO_URL;
};

}  // namespace nexus::ipc
