#include "process/peer_channel.h"

#include <map>

#include "base/logging.h"

namespace nexus::process {
namespace {

std::map<ProcessType, std::vector<ipc::Interface>>& InterfacesFromPeers() {
  static std::map<ProcessType, std::vector<ipc::Interface>> interfaces;
  return interfaces;
}

}  // namespace

void SetInterfacesFromPeer(ProcessType peer_type, std::vector<ipc::Interface> interfaces) {
  InterfacesFromPeers()[peer_type] = std::move(interfaces);
}

Result<std::unique_ptr<PeerChannel>> PeerChannel::Adopt(EventLoop& loop,
                                                        ScopedFd fd,
                                                        uint32_t own_id,
                                                        ProcessType peer_type,
                                                        uint32_t peer_id,
                                                        MessageHandler on_message,
                                                        ClosedHandler on_closed) {
  ASSIGN_OR_RETURN(auto channel, ipc::Channel::Adopt(std::move(fd)));
  channel->Accept(InterfacesFromPeers()[peer_type]);
  std::unique_ptr<PeerChannel> peer(new PeerChannel(std::move(channel), own_id, peer_id));
  peer->on_message_ = std::move(on_message);
  peer->on_closed_ = std::move(on_closed);
  PeerChannel* self = peer.get();
  TRY_STATUS(peer->channel_->Attach(
      loop,
      [self](std::unique_ptr<ipc::IncomingMessage> message) {
        self->OnMessage(std::move(message));
      },
      [self](ipc::Channel::ReceiveOutcome outcome, const std::string& why) {
        if (outcome == ipc::Channel::ReceiveOutcome::kBadMessage) {
          LOG(Error) << "dropped a bad message from peer " << self->peer_id_ << ": " << why;
          return;
        }
        ClosedHandler on_closed = self->on_closed_;  // the handler may destroy `self`
        if (on_closed)
          on_closed(why);
      }));
  return peer;
}

PeerChannel::~PeerChannel() {
  channel_->Detach();
}

Status PeerChannel::Send(ipc::OutgoingMessage& message) {
  auto envelope = message.envelope();
  envelope.setSenderId(own_id_);
  envelope.setRecipientId(peer_id_);
  envelope.setRequestId(0);
  return channel_->Send(message);
}

void PeerChannel::OnMessage(std::unique_ptr<ipc::IncomingMessage> message) {
  auto envelope = message->envelope();
  if (envelope.getSenderId() != peer_id_ || envelope.getRecipientId() != own_id_) {
    LOG(Error) << "dropped " << message->name() << " on the channel from " << peer_id_
               << ": it says it is from " << envelope.getSenderId() << " to "
               << envelope.getRecipientId();
    return;
  }
  on_message_(*message);
}

}  // namespace nexus::process
