#include "base/shared_memory.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace nexus {
namespace {

constexpr int kSizeSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW;
constexpr int kAllSeals = kSizeSeals | F_SEAL_WRITE;

// One-off payloads are mapped with MAP_POPULATE: every page in one go, far cheaper than a
// fault per page for the frames that travel this way. Reused buffers are not: they are sized
// for the largest frame and mostly hold smaller ones, whose pages are faulted in once and
// then stay.
Result<void*> MapReadOnly(int fd, size_t size, bool populate = true) {
  if (size == 0)
    return static_cast<void*>(nullptr);
  void* address = mmap(nullptr, size, PROT_READ, MAP_SHARED | (populate ? MAP_POPULATE : 0), fd, 0);
  if (address == MAP_FAILED)
    return ErrnoError("mmap shared memory read-only");
  return address;
}

// Checks that `fd` carries `required_seals` and is exactly `expected_size` bytes long.
Status CheckReceivedMemfd(int fd, int required_seals, uint64_t expected_size) {
  int seals = fcntl(fd, F_GET_SEALS);
  if (seals < 0)
    return ErrnoError("shared memory fd is not a memfd (F_GET_SEALS)");
  if ((seals & required_seals) != required_seals) {
    return Error(required_seals & F_SEAL_WRITE
                     ? "shared memory fd is not sealed against writes and resizing"
                     : "shared buffer fd is not sealed against resizing");
  }
  struct stat st {};
  if (fstat(fd, &st) != 0)
    return ErrnoError("fstat shared memory");
  if (static_cast<uint64_t>(st.st_size) != expected_size) {
    return Error("shared memory size " + std::to_string(st.st_size) + " does not match the " +
                 std::to_string(expected_size) + " bytes announced");
  }
  return OkStatus();
}

Result<ScopedFd> CreateMemfd(size_t size, const char* name) {
  ScopedFd fd(memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd.valid())
    return ErrnoError("memfd_create");
  if (ftruncate(fd.get(), static_cast<off_t>(size)) != 0)
    return ErrnoError("ftruncate memfd to " + std::to_string(size) + " bytes");
  return fd;
}

Result<void*> MapWritable(int fd, size_t size, bool populate = true) {
  if (size == 0)
    return static_cast<void*>(nullptr);
  void* address = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                       MAP_SHARED | (populate ? MAP_POPULATE : 0), fd, 0);
  if (address == MAP_FAILED)
    return ErrnoError("mmap memfd writable");
  return address;
}

}  // namespace

ReadOnlySharedMemory::ReadOnlySharedMemory(ReadOnlySharedMemory&& other) noexcept
    : fd_(std::move(other.fd_)),
      address_(std::exchange(other.address_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

ReadOnlySharedMemory& ReadOnlySharedMemory::operator=(ReadOnlySharedMemory&& other) noexcept {
  Unmap();
  fd_ = std::move(other.fd_);
  address_ = std::exchange(other.address_, nullptr);
  size_ = std::exchange(other.size_, 0);
  return *this;
}

ReadOnlySharedMemory::~ReadOnlySharedMemory() {
  Unmap();
}

void ReadOnlySharedMemory::Unmap() {
  if (address_)
    munmap(address_, size_);
  address_ = nullptr;
  size_ = 0;
}

Result<ReadOnlySharedMemory> ReadOnlySharedMemory::CreateFrom(std::span<const uint8_t> bytes,
                                                              const char* name) {
  ASSIGN_OR_RETURN(auto writable, WritableSharedMemory::Create(bytes.size(), name));
  if (!bytes.empty())
    std::memcpy(writable.bytes().data(), bytes.data(), bytes.size());
  return std::move(writable).Seal();
}

Result<ReadOnlySharedMemory> ReadOnlySharedMemory::MapReceived(ScopedFd fd,
                                                               uint64_t expected_size) {
  TRY_STATUS(CheckReceivedMemfd(fd.get(), kAllSeals, expected_size));
  ASSIGN_OR_RETURN(void* address, MapReadOnly(fd.get(), expected_size));
  return ReadOnlySharedMemory(std::move(fd), address, expected_size);
}

Result<WritableSharedMemory> WritableSharedMemory::Create(size_t size, const char* name) {
  ASSIGN_OR_RETURN(ScopedFd fd, CreateMemfd(size, name));
  ASSIGN_OR_RETURN(void* address, MapWritable(fd.get(), size));
  return WritableSharedMemory(std::move(fd), address, size);
}

WritableSharedMemory::WritableSharedMemory(WritableSharedMemory&& other) noexcept
    : fd_(std::move(other.fd_)),
      address_(std::exchange(other.address_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

WritableSharedMemory::~WritableSharedMemory() {
  if (address_)
    munmap(address_, size_);
}

Result<ReadOnlySharedMemory> WritableSharedMemory::Seal() && {
  // F_SEAL_WRITE fails with EBUSY while a writable shared mapping exists: unmap first.
  if (address_)
    munmap(address_, size_);
  address_ = nullptr;
  size_t size = std::exchange(size_, 0);
  if (fcntl(fd_.get(), F_ADD_SEALS, kAllSeals) != 0)
    return ErrnoError("seal memfd");
  ASSIGN_OR_RETURN(void* address, MapReadOnly(fd_.get(), size));
  return ReadOnlySharedMemory(std::move(fd_), address, size);
}

SharedBuffer::SharedBuffer(SharedBuffer&& other) noexcept
    : fd_(std::move(other.fd_)),
      address_(std::exchange(other.address_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      writable_(other.writable_) {}

SharedBuffer& SharedBuffer::operator=(SharedBuffer&& other) noexcept {
  Unmap();
  fd_ = std::move(other.fd_);
  address_ = std::exchange(other.address_, nullptr);
  size_ = std::exchange(other.size_, 0);
  writable_ = other.writable_;
  return *this;
}

SharedBuffer::~SharedBuffer() {
  Unmap();
}

void SharedBuffer::Unmap() {
  if (address_)
    munmap(address_, size_);
  address_ = nullptr;
  size_ = 0;
}

Result<SharedBuffer> SharedBuffer::Create(size_t size, const char* name) {
  ASSIGN_OR_RETURN(ScopedFd fd, CreateMemfd(size, name));
  if (fcntl(fd.get(), F_ADD_SEALS, kSizeSeals) != 0)
    return ErrnoError("seal shared buffer against resizing");
  ASSIGN_OR_RETURN(void* address, MapWritable(fd.get(), size, /*populate=*/false));
  return SharedBuffer(std::move(fd), address, size, /*writable=*/true);
}

Result<SharedBuffer> SharedBuffer::MapReceived(ScopedFd fd, uint64_t expected_size) {
  TRY_STATUS(CheckReceivedMemfd(fd.get(), kSizeSeals, expected_size));
  ASSIGN_OR_RETURN(void* address, MapReadOnly(fd.get(), expected_size, /*populate=*/false));
  return SharedBuffer(std::move(fd), address, expected_size, /*writable=*/false);
}

}  // namespace nexus
