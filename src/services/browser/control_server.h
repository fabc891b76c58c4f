// Main's control socket in the profile's runtime directory: `nexus ps`, a second instance
// handing over a URL, and tests talk to the running main process through it. Only the same
// user may connect (directory 0700 and SO_PEERCRED); a request that does not decode gets an
// error reply and never reaches the handler.
#pragma once

#include <capnp/message.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "base/event_loop.h"
#include "base/result.h"
#include "base/scoped_fd.h"
#include "services/browser/public/control.capnp.h"

namespace nexus::browser {

class ControlServer {
 public:
  using ReplyFiller = std::function<void(browser::schema::ControlReply::Builder reply)>;
  // Sends the reply to a deferred request; does nothing if the client or the server has
  // gone meanwhile. Call it once.
  using Responder = std::function<void(const ReplyFiller& fill)>;
  // A handler fills `reply` now, or calls `defer` and answers later through the Responder
  // it returns (a request that needs a child's answer, such as a hit test).
  using Handler = std::function<void(browser::schema::ControlRequest::Reader request,
                                     browser::schema::ControlReply::Builder reply,
                                     const std::function<Responder()>& defer)>;

  static Result<std::unique_ptr<ControlServer>> Listen(EventLoop& loop, const std::string& path,
                                                       Handler handler);
  ~ControlServer();

 private:
  ControlServer(EventLoop& loop, std::string path, ScopedFd listener, Handler handler);
  void OnAcceptable();
  void OnConnectionReadable(int fd);
  void Close(int fd);
  void Answer(int fd, uint64_t serial, const ReplyFiller& fill);

  struct Connection {
    ScopedFd fd;
    uint64_t serial;  // tells a deferred reply's connection from a later one on the same fd
  };

  EventLoop& loop_;
  std::string path_;
  ScopedFd listener_;
  Handler handler_;
  std::map<int, Connection> connections_;
  uint64_t next_serial_ = 1;
  // Responders hold a weak reference: they outlive the server harmlessly.
  std::shared_ptr<ControlServer*> self_ = std::make_shared<ControlServer*>(this);
};

}  // namespace nexus::browser
