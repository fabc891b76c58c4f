// The client side of main's control socket, used by `nexus ps`, by a second instance that
// hands its URL over, and by the integration tests. One request, one reply, each a Cap'n
// Proto datagram on a SOCK_SEQPACKET connection.
#pragma once

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <sys/un.h>

#include <memory>
#include <span>
#include <string>

#include "base/result.h"
#include "base/scoped_fd.h"
#include "services/browser/public/control.capnp.h"

namespace nexus::browser {

// A decoded datagram and the bytes it points into.
class ControlDatagram {
 public:
  static Result<std::unique_ptr<ControlDatagram>> Receive(int fd, int timeout_ms);
  // Validates received bytes (framing, pointers, nesting); never throws.
  static Result<std::unique_ptr<ControlDatagram>> Decode(std::span<const uint8_t> bytes);
  template <typename T>
  typename T::Reader Root() {
    return reader_->getRoot<T>();
  }

 private:
  kj::Array<capnp::word> words_;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader_;
};

Status SendControlDatagram(int fd, capnp::MessageBuilder& message);

// The address of a filesystem Unix socket, or an error if `path` does not fit in one.
Result<sockaddr_un> UnixSocketAddress(const std::string& path);

class ControlClient {
 public:
  // Fails (with "no running instance") when nothing listens on the socket.
  static Result<ControlClient> Connect(const std::string& socket_path);
  // Sends the request built in `request` and waits for the reply (decoded and validated).
  Result<std::unique_ptr<ControlDatagram>> Call(capnp::MessageBuilder& request,
                                                int timeout_ms = 10000);

 private:
  explicit ControlClient(ScopedFd fd) : fd_(std::move(fd)) {}
  ScopedFd fd_;
};

}  // namespace nexus::browser
