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
#include "ipc/messages.capnp.h"

namespace nexus::browser {

class ControlServer {
 public:
  using Handler = std::function<void(ipc::schema::ControlRequest::Reader request,
                                     ipc::schema::ControlReply::Builder reply)>;

  static Result<std::unique_ptr<ControlServer>> Listen(EventLoop& loop, const std::string& path,
                                                       Handler handler);
  ~ControlServer();

 private:
  ControlServer(EventLoop& loop, std::string path, ScopedFd listener, Handler handler);
  void OnAcceptable();
  void OnConnectionReadable(int fd);
  void Close(int fd);

  EventLoop& loop_;
  std::string path_;
  ScopedFd listener_;
  Handler handler_;
  std::map<int, ScopedFd> connections_;
};

}  // namespace nexus::browser
