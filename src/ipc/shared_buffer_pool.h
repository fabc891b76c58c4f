// Reusable shared buffers for payloads produced over and over, such as frames: the producer
// paints into a buffer in place and sends only its id; the consumer maps each buffer once and
// gives it back when done. No copy, no page allocation per frame (DESIGN.md §3; the one-off
// sealed memfd of Payload.sharedMemory costs both).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "base/shared_memory.h"
#include "ipc/channel.h"

namespace nexus::ipc {

// Producer side: a fixed set of equally sized buffers.
class SharedBufferPool {
 public:
  // Creates `count` buffers of `buffer_size` bytes and announces each to the peer of
  // `channel` with SHARED_BUFFER_CREATED.
  static Result<SharedBufferPool> Create(Channel& channel, size_t count, size_t buffer_size);
  // The same, announced through `send` (a channel whose messages carry sender and recipient).
  static Result<SharedBufferPool> Create(const std::function<Status(OutgoingMessage&)>& send,
                                         size_t count,
                                         size_t buffer_size);

  // A free buffer to fill, or nullopt when the consumer still holds all of them (the caller
  // drops or delays its frame: back-pressure instead of unbounded memory).
  std::optional<uint32_t> Acquire();
  std::span<uint8_t> Bytes(uint32_t buffer) { return buffers_[buffer].memory.writable_bytes(); }
  // Points `payload` at the first `size` bytes of an acquired buffer.
  Status SetPayload(schema::Payload::Builder payload, uint32_t buffer, size_t size);
  // The consumer's SHARED_BUFFER_RELEASED. Releasing a buffer that is not out is a protocol
  // error (the caller treats it as a bad message).
  Status Release(uint32_t buffer);

  size_t free_count() const;

 private:
  struct Slot {
    SharedBuffer memory;
    bool in_use = false;
  };
  std::vector<Slot> buffers_;
};

// Consumer side: the buffers a peer announced, mapped read-only.
class SharedBufferReceiver {
 public:
  // Takes a SHARED_BUFFER_CREATED message. Refuses a reused id, a fd that is not a memfd
  // sealed against resizing, a size that does not match, and more than the limits below.
  Status Register(IncomingMessage& message);
  // The bytes a sharedBuffer payload names, bounds-checked against the registered buffer.
  Result<std::span<const uint8_t>> Read(schema::Payload::Reader payload) const;
  // Fills a SHARED_BUFFER_RELEASED for `buffer`.
  static void FillRelease(OutgoingMessage& message, uint32_t buffer);

  size_t buffer_count() const { return buffers_.size(); }

  static constexpr size_t kMaxBuffers = 16;
  static constexpr uint64_t kMaxTotalBytes = uint64_t{1} << 30;

 private:
  std::unordered_map<uint32_t, SharedBuffer> buffers_;
  uint64_t total_bytes_ = 0;
};

}  // namespace nexus::ipc
