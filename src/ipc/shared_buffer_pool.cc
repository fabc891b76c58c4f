#include "ipc/shared_buffer_pool.h"

#include <fcntl.h>

#include <string>

namespace nexus::ipc {

Result<SharedBufferPool> SharedBufferPool::Create(Channel& channel, size_t count,
                                                  size_t buffer_size) {
  return Create([&](OutgoingMessage& message) { return channel.Send(message); }, count,
                buffer_size);
}

Result<SharedBufferPool> SharedBufferPool::Create(
    const std::function<Status(OutgoingMessage&)>& send,
    size_t count,
    size_t buffer_size) {
  SharedBufferPool pool;
  for (size_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(SharedBuffer memory, SharedBuffer::Create(buffer_size, "nexus-frame"));
    OutgoingMessage message;
    ScopedFd copy(fcntl(memory.fd(), F_DUPFD_CLOEXEC, 0));
    if (!copy.valid())
      return ErrnoError("dup shared buffer fd");
    ASSIGN_OR_RETURN(uint8_t attachment, message.Attach(std::move(copy)));
    auto created = message.Init<schema::SharedBufferCreated>();
    created.setBuffer(static_cast<uint32_t>(i));
    created.setAttachment(attachment);
    created.setSize(buffer_size);
    TRY_STATUS(send(message));
    pool.buffers_.push_back({std::move(memory), false});
  }
  return pool;
}

std::optional<uint32_t> SharedBufferPool::Acquire() {
  for (size_t i = 0; i < buffers_.size(); ++i) {
    if (!buffers_[i].in_use) {
      buffers_[i].in_use = true;
      return static_cast<uint32_t>(i);
    }
  }
  return std::nullopt;
}

Status SharedBufferPool::SetPayload(schema::Payload::Builder payload, uint32_t buffer,
                                    size_t size) {
  if (buffer >= buffers_.size() || !buffers_[buffer].in_use)
    return Error("shared buffer " + std::to_string(buffer) + " was not acquired");
  if (size > buffers_[buffer].memory.size()) {
    return Error(std::to_string(size) + " bytes do not fit shared buffer " +
                 std::to_string(buffer) + " of " +
                 std::to_string(buffers_[buffer].memory.size()));
  }
  auto slice = payload.initSharedBuffer();
  slice.setBuffer(buffer);
  slice.setSize(size);
  return OkStatus();
}

Status SharedBufferPool::Release(uint32_t buffer) {
  if (buffer >= buffers_.size() || !buffers_[buffer].in_use)
    return Error("peer released shared buffer " + std::to_string(buffer) + " that it did not hold");
  buffers_[buffer].in_use = false;
  return OkStatus();
}

size_t SharedBufferPool::free_count() const {
  size_t free = 0;
  for (const Slot& slot : buffers_)
    free += slot.in_use ? 0 : 1;
  return free;
}

Status SharedBufferReceiver::Register(IncomingMessage& message) {
  if (!message.Is<schema::SharedBufferCreated>())
    return Error("not a SHARED_BUFFER_CREATED message");
  auto created = message.Body<schema::SharedBufferCreated>();
  uint32_t id = created.getBuffer();
  if (buffers_.contains(id))
    return Error("shared buffer " + std::to_string(id) + " announced twice");
  if (buffers_.size() >= kMaxBuffers)
    return Error("more than " + std::to_string(kMaxBuffers) + " shared buffers announced");
  if (created.getSize() > kMaxTotalBytes - total_bytes_)
    return Error("shared buffers would exceed " + std::to_string(kMaxTotalBytes) + " bytes");
  ASSIGN_OR_RETURN(ScopedFd fd, message.TakeAttachment(created.getAttachment()));
  ASSIGN_OR_RETURN(SharedBuffer memory, SharedBuffer::MapReceived(std::move(fd), created.getSize()));
  total_bytes_ += memory.size();
  buffers_.emplace(id, std::move(memory));
  return OkStatus();
}

Result<std::span<const uint8_t>> SharedBufferReceiver::Read(schema::Payload::Reader payload) const {
  if (!payload.isSharedBuffer())
    return Error("payload is not in a shared buffer");
  auto slice = payload.getSharedBuffer();
  auto found = buffers_.find(slice.getBuffer());
  if (found == buffers_.end())
    return Error("payload names shared buffer " + std::to_string(slice.getBuffer()) +
                 " that was never announced");
  if (slice.getSize() > found->second.size()) {
    return Error("payload of " + std::to_string(slice.getSize()) + " bytes overruns shared buffer " +
                 std::to_string(slice.getBuffer()) + " of " + std::to_string(found->second.size()));
  }
  return found->second.bytes().first(slice.getSize());
}

void SharedBufferReceiver::FillRelease(OutgoingMessage& message, uint32_t buffer) {
  message.Init<schema::SharedBufferReleased>().setBuffer(buffer);
}

}  // namespace nexus::ipc
