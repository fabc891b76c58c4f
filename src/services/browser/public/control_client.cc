#include "services/browser/public/control_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <kj/exception.h>

namespace nexus::browser {
namespace {

constexpr size_t kMaxControlDatagram = 1024 * 1024;

}  // namespace

Result<std::unique_ptr<ControlDatagram>> ControlDatagram::Receive(int fd, int timeout_ms) {
  pollfd waiter{fd, POLLIN, 0};
  int ready = poll(&waiter, 1, timeout_ms);
  if (ready < 0)
    return ErrnoError("wait on control socket");
  if (ready == 0)
    return Error("no answer on the control socket within " + std::to_string(timeout_ms) + " ms");
  auto buffer = kj::heapArray<capnp::word>(kMaxControlDatagram / sizeof(capnp::word));
  ssize_t received = recv(fd, buffer.begin(), kMaxControlDatagram, MSG_TRUNC);
  if (received < 0)
    return ErrnoError("receive on control socket");
  if (received == 0)
    return Error("control socket closed by the other side");
  if (static_cast<size_t>(received) > kMaxControlDatagram)
    return Error("control datagram of " + std::to_string(received) + " bytes is too large");
  return Decode(std::span(reinterpret_cast<const uint8_t*>(buffer.begin()),
                          static_cast<size_t>(received)));
}

Result<std::unique_ptr<ControlDatagram>> ControlDatagram::Decode(std::span<const uint8_t> bytes) {
  if (bytes.empty() || bytes.size() > kMaxControlDatagram || bytes.size() % sizeof(capnp::word))
    return Error("malformed control datagram of " + std::to_string(bytes.size()) + " bytes");
  auto datagram = std::make_unique<ControlDatagram>();
  datagram->words_ = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(datagram->words_.begin(), bytes.data(), bytes.size());
  kj::Maybe<kj::Exception> failure = kj::runCatchingExceptions([&]() {
    capnp::ReaderOptions options;
    options.traversalLimitInWords = kMaxControlDatagram / sizeof(capnp::word) * 4;
    options.nestingLimit = 16;
    datagram->reader_ = std::make_unique<capnp::FlatArrayMessageReader>(
        datagram->words_.asPtr(), options);
    datagram->reader_->getRoot<capnp::AnyStruct>().totalSize();
  });
  KJ_IF_MAYBE(exception, failure) {
    return Error(std::string("malformed control datagram: ") +
                 exception->getDescription().cStr());
  }
  return datagram;
}

Status SendControlDatagram(int fd, capnp::MessageBuilder& message) {
  kj::Array<capnp::word> flat = capnp::messageToFlatArray(message);
  size_t bytes = flat.size() * sizeof(capnp::word);
  if (bytes > kMaxControlDatagram)
    return Error("control datagram of " + std::to_string(bytes) + " bytes is too large");
  if (send(fd, flat.begin(), bytes, MSG_NOSIGNAL) != static_cast<ssize_t>(bytes))
    return ErrnoError("send on control socket");
  return OkStatus();
}

Result<sockaddr_un> UnixSocketAddress(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof(address.sun_path))
    return Error("socket path too long (" + std::to_string(path.size()) + " bytes): " + path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return address;
}

Result<ControlClient> ControlClient::Connect(const std::string& socket_path) {
  ScopedFd fd(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  if (!fd.valid())
    return ErrnoError("control socket");
  ASSIGN_OR_RETURN(sockaddr_un address, UnixSocketAddress(socket_path));
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    if (errno == ENOENT || errno == ECONNREFUSED)
      return Error("no running instance listens on " + socket_path);
    return ErrnoError("connect to " + socket_path);
  }
  return ControlClient(std::move(fd));
}

Result<std::unique_ptr<ControlDatagram>> ControlClient::Call(capnp::MessageBuilder& request,
                                                             int timeout_ms) {
  TRY_STATUS(SendControlDatagram(fd_.get(), request));
  return ControlDatagram::Receive(fd_.get(), timeout_ms);
}

}  // namespace nexus::browser
