#include "services/browser/control_server.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include <kj/exception.h>

#include "base/logging.h"
#include "services/browser/public/control_client.h"

namespace nexus::browser {
namespace {

constexpr size_t kMaxConnections = 64;

}  // namespace

Result<std::unique_ptr<ControlServer>> ControlServer::Listen(EventLoop& loop,
                                                             const std::string& path,
                                                             Handler handler) {
  ScopedFd fd(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid())
    return ErrnoError("control socket");
  ASSIGN_OR_RETURN(sockaddr_un address, UnixSocketAddress(path));
  unlink(path.c_str());  // A leftover of a main that died; we hold the profile lock.
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0)
    return ErrnoError("bind " + path);
  if (listen(fd.get(), 16) != 0)
    return ErrnoError("listen on " + path);
  std::unique_ptr<ControlServer> server(
      new ControlServer(loop, path, std::move(fd), std::move(handler)));
  TRY_STATUS(loop.Watch(server->listener_.get(), EPOLLIN,
                        [raw = server.get()](uint32_t) { raw->OnAcceptable(); }));
  return server;
}

ControlServer::ControlServer(EventLoop& loop, std::string path, ScopedFd listener,
                             Handler handler)
    : loop_(loop), path_(std::move(path)), listener_(std::move(listener)),
      handler_(std::move(handler)) {}

ControlServer::~ControlServer() {
  loop_.Unwatch(listener_.get());
  for (auto& [fd, connection] : connections_)
    loop_.Unwatch(fd);
  unlink(path_.c_str());
}

void ControlServer::OnAcceptable() {
  while (true) {
    ScopedFd connection(accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (!connection.valid())
      return;
    ucred credentials{};
    socklen_t length = sizeof(credentials);
    if (getsockopt(connection.get(), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0 ||
        credentials.uid != getuid() || connections_.size() >= kMaxConnections) {
      continue;  // Closed by ScopedFd.
    }
    int fd = connection.get();
    connections_[fd] = Connection{std::move(connection), next_serial_++};
    if (!loop_.Watch(fd, EPOLLIN, [this, fd](uint32_t) { OnConnectionReadable(fd); }).ok())
      connections_.erase(fd);
  }
}

void ControlServer::Close(int fd) {
  loop_.Unwatch(fd);
  connections_.erase(fd);
}

void ControlServer::OnConnectionReadable(int fd) {
  auto request = ControlDatagram::Receive(fd, 0);
  if (!request.ok()) {
    Close(fd);
    return;
  }
  capnp::MallocMessageBuilder reply_message;
  auto reply = reply_message.initRoot<browser::schema::ControlReply>();
  bool deferred = false;
  auto defer = [&]() -> Responder {
    deferred = true;
    std::weak_ptr<ControlServer*> server = self_;
    uint64_t serial = connections_.at(fd).serial;
    return [server, fd, serial](const ReplyFiller& fill) {
      if (auto alive = server.lock())
        (*alive)->Answer(fd, serial, fill);
    };
  };
  kj::Maybe<kj::Exception> failure = kj::runCatchingExceptions([&]() {
    auto root = (*request)->Root<browser::schema::ControlRequest>();
    handler_(root, reply, defer);
  });
  KJ_IF_MAYBE(exception, failure) {
    deferred = false;
    reply.setError(std::string("malformed control request: ") +
                   exception->getDescription().cStr());
  }
  if (!deferred && !SendControlDatagram(fd, reply_message).ok())
    Close(fd);
}

void ControlServer::Answer(int fd, uint64_t serial, const ReplyFiller& fill) {
  auto connection = connections_.find(fd);
  if (connection == connections_.end() || connection->second.serial != serial)
    return;  // The client went away.
  capnp::MallocMessageBuilder reply_message;
  fill(reply_message.initRoot<browser::schema::ControlReply>());
  if (!SendControlDatagram(fd, reply_message).ok())
    Close(fd);
}

}  // namespace nexus::browser
