// Sealed memfd shared memory: the way large payloads (pixels, page text, model input) cross
// processes (DESIGN.md §3). The writer fills the region, seals it against writes and growth,
// and hands only the fd over; the reader maps it read-only and can trust its size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "base/result.h"
#include "base/scoped_fd.h"

namespace nexus {

class ReadOnlySharedMemory {
 public:
  ReadOnlySharedMemory() = default;
  ReadOnlySharedMemory(ReadOnlySharedMemory&& other) noexcept;
  ReadOnlySharedMemory& operator=(ReadOnlySharedMemory&& other) noexcept;
  ~ReadOnlySharedMemory();

  // Copies `bytes` into a new memfd and seals it (no write, grow, shrink, or further seals).
  static Result<ReadOnlySharedMemory> CreateFrom(std::span<const uint8_t> bytes,
                                                 const char* name = "nexus-payload");
  // Maps a received fd. Rejects fds that are not fully sealed memfds, so the sender cannot
  // change or truncate the bytes while the receiver reads them.
  static Result<ReadOnlySharedMemory> MapReceived(ScopedFd fd, uint64_t expected_size);

  std::span<const uint8_t> bytes() const {
    return {static_cast<const uint8_t*>(address_), size_};
  }
  std::string_view view() const {
    return {static_cast<const char*>(address_), size_};
  }
  int fd() const { return fd_.get(); }
  size_t size() const { return size_; }

 private:
  friend class WritableSharedMemory;
  ReadOnlySharedMemory(ScopedFd fd, void* address, size_t size)
      : fd_(std::move(fd)), address_(address), size_(size) {}
  void Unmap();

  ScopedFd fd_;
  void* address_ = nullptr;
  size_t size_ = 0;
};

// A writable memfd for producers that fill memory in place (e.g. painting into a frame)
// before sealing, avoiding the extra copy CreateFrom makes.
class WritableSharedMemory {
 public:
  static Result<WritableSharedMemory> Create(size_t size, const char* name = "nexus-buffer");
  WritableSharedMemory(WritableSharedMemory&& other) noexcept;
  ~WritableSharedMemory();

  std::span<uint8_t> bytes() { return {static_cast<uint8_t*>(address_), size_}; }
  // Unmaps the writable view and seals the memfd; the result can be sent to another process.
  Result<ReadOnlySharedMemory> Seal() &&;

 private:
  WritableSharedMemory(ScopedFd fd, void* address, size_t size)
      : fd_(std::move(fd)), address_(address), size_(size) {}
  ScopedFd fd_;
  void* address_ = nullptr;
  size_t size_ = 0;
};

// A memfd sealed against resizing but not against writes: its creator fills it again and
// again (a frame buffer painted in place every frame), and a receiver maps it once,
// read-only. The receiver can rely on the size (no SIGBUS from a truncation), not on the
// bytes staying put, so it is for data that is harmless when torn, such as pixels.
class SharedBuffer {
 public:
  SharedBuffer() = default;
  SharedBuffer(SharedBuffer&& other) noexcept;
  SharedBuffer& operator=(SharedBuffer&& other) noexcept;
  ~SharedBuffer();

  static Result<SharedBuffer> Create(size_t size, const char* name = "nexus-shared-buffer");
  // Maps a received fd read-only after checking it is a memfd of `expected_size` bytes
  // sealed against shrinking, growing and further seals.
  static Result<SharedBuffer> MapReceived(ScopedFd fd, uint64_t expected_size);

  // Empty on the receiving side.
  std::span<uint8_t> writable_bytes() {
    return writable_ ? std::span<uint8_t>(static_cast<uint8_t*>(address_), size_)
                     : std::span<uint8_t>();
  }
  std::span<const uint8_t> bytes() const {
    return {static_cast<const uint8_t*>(address_), size_};
  }
  int fd() const { return fd_.get(); }
  size_t size() const { return size_; }

 private:
  SharedBuffer(ScopedFd fd, void* address, size_t size, bool writable)
      : fd_(std::move(fd)), address_(address), size_(size), writable_(writable) {}
  void Unmap();

  ScopedFd fd_;
  void* address_ = nullptr;
  size_t size_ = 0;
  bool writable_ = false;
};

}  // namespace nexus
