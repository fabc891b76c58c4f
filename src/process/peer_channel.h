// A channel main brokered between two children (DESIGN.md §3: hot paths such as frames go
// renderer -> GPU directly). Main made the socketpair and told each side the other's id;
// the routing table says what each type may send the other. A message that is not from the
// peer, not for this process or not of an interface the peer's type may send here is
// dropped and reported, as on the channel to main.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/event_loop.h"
#include "ipc/channel.h"
#include "process/process_type.h"

namespace nexus::process {

class PeerChannel {
 public:
  using MessageHandler = std::function<void(ipc::IncomingMessage& message)>;
  // Called once when the peer hangs up or its channel breaks.
  using ClosedHandler = std::function<void(const std::string& why)>;

  static Result<std::unique_ptr<PeerChannel>> Adopt(EventLoop& loop,
                                                    ScopedFd fd,
                                                    uint32_t own_id,
                                                    ProcessType peer_type,
                                                    uint32_t peer_id,
                                                    MessageHandler on_message,
                                                    ClosedHandler on_closed);
  ~PeerChannel();

  // Fills sender and recipient and sends.
  Status Send(ipc::OutgoingMessage& message);

 private:
  PeerChannel(std::unique_ptr<ipc::Channel> channel, uint32_t own_id, uint32_t peer_id)
      : channel_(std::move(channel)), own_id_(own_id), peer_id_(peer_id) {}
  void OnMessage(std::unique_ptr<ipc::IncomingMessage> message);

  std::unique_ptr<ipc::Channel> channel_;
  uint32_t own_id_;
  uint32_t peer_id_;
  MessageHandler on_message_;
  ClosedHandler on_closed_;
};

// What a process of this type reads from a peer of `peer_type`: the routing table's rows
// from that type to this one (set by the entry point, which knows the table).
void SetInterfacesFromPeer(ProcessType peer_type, std::vector<ipc::Interface> interfaces);

}  // namespace nexus::process
