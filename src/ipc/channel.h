// Channel: one end of an AF_UNIX SOCK_SEQPACKET socketpair carrying Envelopes and fds
// (DESIGN.md §3). Datagrams keep message boundaries, so a message is one sendmsg/recvmsg.
// Sends never block: a peer that stops reading cannot stall the sender, whose messages wait
// in a bounded queue until the socket drains.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/event_loop.h"
#include "base/result.h"
#include "base/scoped_fd.h"
#include "ipc/message.h"

namespace nexus::ipc {

struct ChannelCounters {
  uint64_t messages_sent = 0;
  uint64_t messages_received = 0;
  uint64_t bytes_sent = 0;
  uint64_t bytes_received = 0;
};

class Channel {
 public:
  enum class ReceiveOutcome { kMessage, kWouldBlock, kClosed, kBadMessage };
  struct Received {
    ReceiveOutcome outcome;
    std::unique_ptr<IncomingMessage> message;  // kMessage only
    std::string error;                         // kBadMessage and kClosed: why
  };
  using MessageHandler = std::function<void(std::unique_ptr<IncomingMessage>)>;
  // Called when the peer sends a message that does not decode (reading goes on unless the
  // handler detaches; main's kills the sender) and once when the peer hangs up.
  using ErrorHandler = std::function<void(ReceiveOutcome outcome, const std::string& why)>;

  // A connected pair; the second end is usually handed to a child process.
  static Result<std::pair<std::unique_ptr<Channel>, ScopedFd>> CreatePair();
  static Result<std::unique_ptr<Channel>> Adopt(ScopedFd fd);
  ~Channel();

  // Stamps the timestamp and sends. Queues if the socket is full. Fails when the peer is
  // gone or has let more than kMaxQueuedMessages pile up.
  Status Send(OutgoingMessage& message);
  // A full queue makes Send wait (up to 10 s) for the peer to read, instead of failing: for a
  // child's channel to main, which always reads, so that a page writing in a loop loses none
  // of its messages.
  void set_wait_when_full(bool wait) { wait_when_full_ = wait; }
  // Reads one datagram without blocking and validates it.
  Received Receive();
  // Waits up to `timeout_ms` for a message (for synchronous start-up handshakes).
  Received ReceiveBlocking(int timeout_ms);

  // The interfaces this end reads (ipc/message_policy.h gives them per process type). A
  // message of any other interface is a bad message; a channel that accepts none takes none.
  void Accept(std::vector<Interface> interfaces) { accepted_ = std::move(interfaces); }
  const std::vector<Interface>& accepted() const { return accepted_; }

  // Delivers messages from `loop` until Detach() or an error.
  Status Attach(EventLoop& loop, MessageHandler on_message, ErrorHandler on_error);
  void Detach();

  int fd() const { return fd_.get(); }
  const ChannelCounters& counters() const { return counters_; }

  static constexpr size_t kMaxQueuedMessages = 4096;

 private:
  explicit Channel(ScopedFd fd) : fd_(std::move(fd)) {}
  struct Pending {
    std::vector<uint8_t> bytes;
    std::vector<ScopedFd> fds;
  };
  // Returns bytes written, 0 if the socket is full, or an error.
  Result<size_t> SendNow(const iovec* iov, int iov_count, const std::vector<ScopedFd>& fds);
  Status FlushQueue();
  Status WaitForRoom();
  // recvmsg with `flags` (MSG_DONTWAIT or 0), then validation.
  Received ReceiveWithFlags(int flags);
  void OnReadable(uint32_t events);
  void UpdateWatch();

  ScopedFd fd_;
  std::vector<Interface> accepted_;
  ChannelCounters counters_;
  std::deque<Pending> queue_;
  bool wait_when_full_ = false;
  EventLoop* loop_ = nullptr;
  MessageHandler on_message_;
  ErrorHandler on_error_;
  std::unique_ptr<capnp::word[]> receive_buffer_;
  bool watching_writable_ = false;
  int receive_timeout_ms_ = -1;  // The SO_RCVTIMEO last set; -1: none yet.
};

}  // namespace nexus::ipc
