#include "ipc/channel.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/logging.h"
#include "base/time.h"

namespace nexus::ipc {
namespace {

constexpr int kSocketBufferBytes = 4 * 1024 * 1024;

void ConfigureSocket(int fd) {
  // Best effort: the kernel caps these at net.core.{w,r}mem_max.
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kSocketBufferBytes, sizeof(kSocketBufferBytes));
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kSocketBufferBytes, sizeof(kSocketBufferBytes));
}

}  // namespace

Result<std::pair<std::unique_ptr<Channel>, ScopedFd>> Channel::CreatePair() {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
    return ErrnoError("socketpair(SOCK_SEQPACKET)");
  ScopedFd mine(fds[0]);
  ScopedFd theirs(fds[1]);
  ConfigureSocket(mine.get());
  ConfigureSocket(theirs.get());
  ASSIGN_OR_RETURN(auto channel, Adopt(std::move(mine)));
  return std::make_pair(std::move(channel), std::move(theirs));
}

Result<std::unique_ptr<Channel>> Channel::Adopt(ScopedFd fd) {
  int type = 0;
  socklen_t length = sizeof(type);
  if (getsockopt(fd.get(), SOL_SOCKET, SO_TYPE, &type, &length) != 0)
    return ErrnoError("channel fd " + std::to_string(fd.get()) + " is not a socket");
  if (type != SOCK_SEQPACKET)
    return Error("channel fd " + std::to_string(fd.get()) + " is not a SOCK_SEQPACKET socket");
  // The fd itself blocks; every call that must not passes MSG_DONTWAIT. That lets a
  // synchronous wait be one blocking recvmsg instead of poll + recvmsg.
  int flags = fcntl(fd.get(), F_GETFL);
  if (flags < 0 || fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0)
    return ErrnoError("make channel fd blocking");
  return std::unique_ptr<Channel>(new Channel(std::move(fd)));
}

Channel::~Channel() {
  Detach();
}

Result<size_t> Channel::SendNow(const iovec* iov, int iov_count, const std::vector<ScopedFd>& fds) {
  msghdr header{};
  header.msg_iov = const_cast<iovec*>(iov);
  header.msg_iovlen = iov_count;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxAttachments)];
  if (!fds.empty()) {
    header.msg_control = control;
    header.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
    cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    int* out = reinterpret_cast<int*>(CMSG_DATA(cmsg));
    for (size_t i = 0; i < fds.size(); ++i)
      out[i] = fds[i].get();
  }
  ssize_t sent;
  do {
    sent = sendmsg(fd_.get(), &header, MSG_NOSIGNAL | MSG_DONTWAIT);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      return size_t{0};
    return ErrnoError("send on channel");
  }
  return static_cast<size_t>(sent);
}

Status Channel::Send(OutgoingMessage& message) {
  message.envelope().setTimestampNs(MonotonicNanos());
  auto segments = message.builder().getSegmentsForOutput();
  // Single-segment messages (nearly all) go out without a copy: the segment table is one
  // word, then the segment.
  uint32_t table[2] = {0, 0};
  iovec iov[2];
  kj::Array<capnp::word> flat;
  int iov_count;
  size_t total;
  if (segments.size() == 1) {
    table[1] = static_cast<uint32_t>(segments[0].size());
    iov[0] = {table, sizeof(table)};
    iov[1] = {const_cast<capnp::word*>(segments[0].begin()),
              segments[0].size() * sizeof(capnp::word)};
    iov_count = 2;
    total = iov[0].iov_len + iov[1].iov_len;
  } else {
    flat = capnp::messageToFlatArray(segments);
    iov[0] = {flat.begin(), flat.size() * sizeof(capnp::word)};
    iov_count = 1;
    total = iov[0].iov_len;
  }
  if (total > kMaxMessageBytes) {
    return Error("message of interface @" + std::to_string(message.envelope().getInterface()) +
                 " is " + std::to_string(total) + " bytes, over the channel's limit");
  }
  if (queue_.empty()) {
    ASSIGN_OR_RETURN(size_t sent, SendNow(iov, iov_count, message.attachments()));
    if (sent > 0) {
      ++counters_.messages_sent;
      counters_.bytes_sent += sent;
      return OkStatus();
    }
  }
  if (queue_.size() >= kMaxQueuedMessages && wait_when_full_)
    TRY_STATUS(WaitForRoom());
  if (queue_.size() >= kMaxQueuedMessages)
    return Error("peer is not reading: " + std::to_string(queue_.size()) + " messages queued");
  Pending pending;
  pending.bytes.reserve(total);
  for (int i = 0; i < iov_count; ++i) {
    auto* begin = static_cast<const uint8_t*>(iov[i].iov_base);
    pending.bytes.insert(pending.bytes.end(), begin, begin + iov[i].iov_len);
  }
  for (const ScopedFd& fd : message.attachments()) {
    ScopedFd copy(fcntl(fd.get(), F_DUPFD_CLOEXEC, 0));
    if (!copy.valid())
      return ErrnoError("dup fd to queue a message");
    pending.fds.push_back(std::move(copy));
  }
  queue_.push_back(std::move(pending));
  UpdateWatch();
  return OkStatus();
}

Status Channel::WaitForRoom() {
  constexpr int kMaxWaitMs = 10000;
  for (int waited = 0; queue_.size() >= kMaxQueuedMessages && waited < kMaxWaitMs; waited += 100) {
    pollfd writable{fd_.get(), POLLOUT, 0};
    if (poll(&writable, 1, 100) < 0 && errno != EINTR)
      return ErrnoError("wait to write on channel");
    TRY_STATUS(FlushQueue());
  }
  return OkStatus();
}

Status Channel::FlushQueue() {
  while (!queue_.empty()) {
    Pending& front = queue_.front();
    iovec iov{front.bytes.data(), front.bytes.size()};
    ASSIGN_OR_RETURN(size_t sent, SendNow(&iov, 1, front.fds));
    if (sent == 0)
      break;
    ++counters_.messages_sent;
    counters_.bytes_sent += sent;
    queue_.pop_front();
  }
  UpdateWatch();
  return OkStatus();
}

Channel::Received Channel::Receive() {
  return ReceiveWithFlags(MSG_DONTWAIT);
}

Channel::Received Channel::ReceiveWithFlags(int flags) {
  if (!receive_buffer_)
    receive_buffer_ = std::make_unique<capnp::word[]>(kMaxMessageBytes / sizeof(capnp::word));
  iovec iov{receive_buffer_.get(), kMaxMessageBytes};
  msghdr header{};
  header.msg_iov = &iov;
  header.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxAttachments)];
  header.msg_control = control;
  header.msg_controllen = sizeof(control);
  ssize_t received;
  do {
    received = recvmsg(fd_.get(), &header, MSG_CMSG_CLOEXEC | flags);
  } while (received < 0 && errno == EINTR);
  if (received < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK)
      return {ReceiveOutcome::kWouldBlock, nullptr, ""};
    return {ReceiveOutcome::kClosed, nullptr, ErrnoError("receive on channel").message()};
  }
  // Take ownership of every fd first, so each is closed whatever happens next.
  std::vector<ScopedFd> fds;
  for (cmsghdr* cmsg = CMSG_FIRSTHDR(&header); cmsg; cmsg = CMSG_NXTHDR(&header, cmsg)) {
    if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS) {
      size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      const int* in = reinterpret_cast<const int*>(CMSG_DATA(cmsg));
      for (size_t i = 0; i < count; ++i)
        fds.emplace_back(in[i]);
    }
  }
  if (received == 0)
    return {ReceiveOutcome::kClosed, nullptr, "peer closed the channel"};
  ++counters_.messages_received;
  counters_.bytes_received += received;
  if (header.msg_flags & MSG_TRUNC)
    return {ReceiveOutcome::kBadMessage, nullptr, "message larger than the channel's limit"};
  if (header.msg_flags & MSG_CTRUNC)
    return {ReceiveOutcome::kBadMessage, nullptr, "too many fds attached to a message"};
  if (received % sizeof(capnp::word) != 0) {
    return {ReceiveOutcome::kBadMessage, nullptr,
            "message of " + std::to_string(received) + " bytes is not whole 8-byte words"};
  }
  auto words = kj::heapArray<capnp::word>(received / sizeof(capnp::word));
  std::memcpy(words.begin(), receive_buffer_.get(), received);
  auto decoded = IncomingMessage::Decode(kj::mv(words), std::move(fds), accepted_);
  if (!decoded.ok())
    return {ReceiveOutcome::kBadMessage, nullptr, decoded.error().message()};
  return {ReceiveOutcome::kMessage, std::move(decoded).value(), ""};
}

Channel::Received Channel::ReceiveBlocking(int timeout_ms) {
  // SO_RCVTIMEO bounds the blocking recvmsg; set only when the timeout changes, so a
  // synchronous exchange costs one syscall per message like a raw socket.
  if (timeout_ms != receive_timeout_ms_) {
    timeval timeout{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    if (timeout_ms <= 0)
      timeout = {0, 1};  // 0 would mean "wait forever".
    if (setsockopt(fd_.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) != 0)
      return {ReceiveOutcome::kClosed, nullptr, ErrnoError("set channel receive timeout").message()};
    receive_timeout_ms_ = timeout_ms;
  }
  Received received = ReceiveWithFlags(0);
  if (received.outcome == ReceiveOutcome::kWouldBlock)
    received.error = "timed out after " + std::to_string(timeout_ms) + " ms waiting for a message";
  return received;
}

Status Channel::Attach(EventLoop& loop, MessageHandler on_message, ErrorHandler on_error) {
  Detach();
  loop_ = &loop;
  on_message_ = std::move(on_message);
  on_error_ = std::move(on_error);
  watching_writable_ = !queue_.empty();
  return loop.Watch(fd_.get(), EPOLLIN | (watching_writable_ ? uint32_t{EPOLLOUT} : 0u),
                    [this](uint32_t events) { OnReadable(events); });
}

void Channel::Detach() {
  if (loop_)
    loop_->Unwatch(fd_.get());
  loop_ = nullptr;
}

void Channel::UpdateWatch() {
  if (!loop_)
    return;
  bool want_writable = !queue_.empty();
  if (want_writable == watching_writable_)
    return;
  watching_writable_ = want_writable;
  auto status = loop_->Watch(fd_.get(), EPOLLIN | (want_writable ? uint32_t{EPOLLOUT} : 0u),
                             [this](uint32_t events) { OnReadable(events); });
  CHECK(status.ok());
}

void Channel::OnReadable(uint32_t events) {
  if (events & EPOLLOUT) {
    auto status = FlushQueue();
    if (!status.ok()) {
      ErrorHandler on_error = on_error_;
      Detach();
      if (on_error)
        on_error(ReceiveOutcome::kClosed, status.error().message());
      return;
    }
  }
  if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
    return;
  // Drain a bounded batch per wake-up so one chatty peer cannot starve the others.
  for (int i = 0; i < 64 && loop_; ++i) {
    Received received = Receive();
    switch (received.outcome) {
      case ReceiveOutcome::kMessage:
        on_message_(std::move(received.message));
        break;
      case ReceiveOutcome::kWouldBlock:
        return;
      case ReceiveOutcome::kBadMessage:
        // One bad datagram says nothing of the next: the handler decides (main kills the
        // sender and detaches; a child drops it and reads on).
        if (on_error_)
          on_error_(received.outcome, received.error);
        break;
      case ReceiveOutcome::kClosed: {
        ErrorHandler on_error = on_error_;
        Detach();
        if (on_error)
          on_error(received.outcome, received.error);
        return;
      }
    }
  }
}

}  // namespace nexus::ipc
