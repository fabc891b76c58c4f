#include "ipc/channel.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include <gtest/gtest.h>

#include "ipc/lifecycle.capnp.h"
#include "process/zygote.capnp.h"
#include "services/network/public/network.capnp.h"
#include "services/renderer/public/renderer.capnp.h"
#include "services/routes/message_routes.h"

namespace nexus::ipc {
namespace {

struct Pair {
  std::unique_ptr<Channel> a;
  std::unique_ptr<Channel> b;
};

Pair MakePair() {
  auto created = Channel::CreatePair();
  EXPECT_TRUE(created.ok());
  auto other = Channel::Adopt(std::move(created->second));
  EXPECT_TRUE(other.ok());
  // Both ends read every interface of the routing table: these tests are about the channel.
  created->first->Accept(routes::MessageRoutes().Interfaces());
  (*other)->Accept(routes::MessageRoutes().Interfaces());
  return {std::move(created->first), std::move(other).value()};
}

TEST(IpcChannel, EnvelopeHeaderAndBodyRoundTrip) {
  Pair pair = MakePair();
  OutgoingMessage message;
  auto envelope = message.envelope();
  envelope.setSenderId(7);
  envelope.setRecipientId(0);
  envelope.setRequestId(42);
  auto body = message.Init<renderer::schema::RendererToBrowser>().initNavigationComplete();
  body.setTabId(3);
  body.setTitle("Hello");
  body.setTextLength(1234);
  ASSERT_TRUE(pair.a->Send(message).ok());
  auto received = pair.b->ReceiveBlocking(1000);
  ASSERT_EQ(received.outcome, Channel::ReceiveOutcome::kMessage) << received.error;
  auto in = received.message->envelope();
  EXPECT_TRUE(received.message->Is<renderer::schema::RendererToBrowser>());
  EXPECT_EQ(received.message->name(), "RendererToBrowser.navigationComplete");
  EXPECT_EQ(in.getSenderId(), 7u);
  EXPECT_EQ(in.getRequestId(), 42u);
  EXPECT_GT(in.getTimestampNs(), 0);
  auto complete =
      received.message->Body<renderer::schema::RendererToBrowser>().getNavigationComplete();
  EXPECT_EQ(std::string(complete.getTitle().cStr()), "Hello");
  EXPECT_EQ(complete.getTextLength(), 1234u);
  EXPECT_EQ(pair.a->counters().messages_sent, 1u);
  EXPECT_EQ(pair.b->counters().messages_received, 1u);
}

TEST(IpcChannel, PassesFileDescriptors) {
  Pair pair = MakePair();
  int pipe_fds[2];
  ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
  ScopedFd read_end(pipe_fds[0]);
  OutgoingMessage message;
  auto fork = message.Init<process::schema::BrowserToZygote>();
  auto index = message.Attach(ScopedFd(pipe_fds[1]));
  ASSERT_TRUE(index.ok());
  fork.setChannelAttachment(*index);
  ASSERT_TRUE(pair.a->Send(message).ok());
  auto received = pair.b->ReceiveBlocking(1000);
  ASSERT_EQ(received.outcome, Channel::ReceiveOutcome::kMessage);
  auto fd = received.message->TakeAttachment(
      received.message->Body<process::schema::BrowserToZygote>().getChannelAttachment());
  EXPECT_EQ(received.message->name(), "BrowserToZygote") << "a one-message interface";
  ASSERT_TRUE(fd.ok());
  ASSERT_EQ(write(fd->get(), "x", 1), 1);
  char c = 0;
  ASSERT_EQ(read(read_end.get(), &c, 1), 1);
  EXPECT_EQ(c, 'x');
  EXPECT_FALSE(received.message->TakeAttachment(5).ok());
}

TEST(IpcChannel, LargePayloadTravelsInSealedSharedMemory) {
  Pair pair = MakePair();
  std::string big(kMaxInlinePayloadBytes + 1, 'z');
  big[12345] = 'q';
  OutgoingMessage message;
  auto body = message.Init<renderer::schema::BrowserToRenderer>().initNavigate();
  ASSERT_TRUE(message.SetPayload(body.initDocument(), big).ok());
  EXPECT_TRUE(body.getDocument().isSharedMemory());
  ASSERT_TRUE(pair.a->Send(message).ok());
  auto received = pair.b->ReceiveBlocking(1000);
  ASSERT_EQ(received.outcome, Channel::ReceiveOutcome::kMessage);
  auto payload = received.message->ReadPayload(
      received.message->Body<renderer::schema::BrowserToRenderer>().getNavigate().getDocument());
  ASSERT_TRUE(payload.ok()) << payload.error().message();
  EXPECT_EQ(*payload, big);
}

TEST(IpcChannel, SmallPayloadTravelsInline) {
  OutgoingMessage message;
  auto body = message.Init<renderer::schema::BrowserToRenderer>().initNavigate();
  ASSERT_TRUE(message.SetPayload(body.initDocument(), std::string(100, 'a')).ok());
  EXPECT_TRUE(body.getDocument().isInline());
  EXPECT_TRUE(message.attachments().empty());
}

TEST(IpcChannel, UnsealedSharedMemoryIsRejected) {
  int fd = memfd_create("unsealed", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, 4096), 0);
  auto mapped = ReadOnlySharedMemory::MapReceived(ScopedFd(fd), 4096);
  EXPECT_FALSE(mapped.ok());
}

TEST(IpcChannel, SharedMemoryOfAnotherSizeThanAnnouncedIsRejected) {
  std::string bytes(1000, 'x');
  auto memory = ReadOnlySharedMemory::CreateFrom(
      std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  ASSERT_TRUE(memory.ok());
  ScopedFd copy(dup(memory->fd()));
  EXPECT_FALSE(ReadOnlySharedMemory::MapReceived(std::move(copy), 5000).ok());
}

TEST(IpcChannel, GarbageBytesAreABadMessageNotACrash) {
  Pair pair = MakePair();
  const char garbage[] = "\x01\x00\x00\x00\xff\xff\xff\x7f garbage!";
  ASSERT_GT(send(pair.a->fd(), garbage, 16, 0), 0);
  auto received = pair.b->ReceiveBlocking(1000);
  EXPECT_EQ(received.outcome, Channel::ReceiveOutcome::kBadMessage);
  EXPECT_FALSE(received.error.empty());
}

TEST(IpcChannel, BytesThatAreNotWholeWordsAreABadMessage) {
  Pair pair = MakePair();
  ASSERT_GT(send(pair.a->fd(), "abc", 3, 0), 0);
  EXPECT_EQ(pair.b->ReceiveBlocking(1000).outcome, Channel::ReceiveOutcome::kBadMessage);
}

TEST(IpcChannel, AMessageTheInterfaceDoesNotHaveIsABadMessage) {
  // A well-formed BrowserToChild whose union names message 999: a forgery or another build.
  OutgoingMessage message;
  Interface interface = InterfaceOf<schema::BrowserToChild>();
  message.envelope().setInterface(interface.getProto().getId());
  auto body = message.envelope().getBody().initAsAnyStruct(2, 1);
  uint16_t bad_tag = 999;
  size_t offset = interface.getProto().getStruct().getDiscriminantOffset() * sizeof(bad_tag);
  std::memcpy(body.getDataSection().begin() + offset, &bad_tag, sizeof(bad_tag));
  Pair pair = MakePair();
  ASSERT_TRUE(pair.a->Send(message).ok());
  auto received = pair.b->ReceiveBlocking(1000);
  EXPECT_EQ(received.outcome, Channel::ReceiveOutcome::kBadMessage) << received.error;
  EXPECT_NE(received.error.find("BrowserToChild"), std::string::npos) << received.error;
}

TEST(IpcChannel, AnInterfaceTheChannelDoesNotAcceptIsABadMessage) {
  Pair pair = MakePair();
  pair.b->Accept({InterfaceOf<renderer::schema::RendererToBrowser>()});
  OutgoingMessage forged;  // what the network service hears, written on a renderer's channel
  forged.Init<network::schema::BrowserToNetwork>().initSetCookie().setUrl("http://victim.test/");
  ASSERT_TRUE(pair.a->Send(forged).ok());
  auto received = pair.b->ReceiveBlocking(1000);
  EXPECT_EQ(received.outcome, Channel::ReceiveOutcome::kBadMessage);
  EXPECT_NE(received.error.find("BrowserToNetwork is not an interface this channel accepts"),
            std::string::npos)
      << received.error;

  OutgoingMessage allowed;
  allowed.Init<renderer::schema::RendererToBrowser>().initUrlChanged().setTabId(1);
  ASSERT_TRUE(pair.a->Send(allowed).ok());
  EXPECT_EQ(pair.b->ReceiveBlocking(1000).outcome, Channel::ReceiveOutcome::kMessage)
      << "the channel reads on after a bad message";

  pair.b->Accept({});
  ASSERT_TRUE(pair.a->Send(allowed).ok());
  EXPECT_EQ(pair.b->ReceiveBlocking(1000).outcome, Channel::ReceiveOutcome::kBadMessage)
      << "a channel that accepts nothing takes nothing";
}

TEST(IpcChannel, MessageNamesComeFromTheSchema) {
  Interface interface = InterfaceOf<renderer::schema::RendererToBrowser>();
  EXPECT_EQ(MessageCount(interface), 16u);
  EXPECT_EQ(MessageName(interface, renderer::schema::RendererToBrowser::OPEN_URL),
            "RendererToBrowser.openUrl");
  EXPECT_EQ(MessageCount(InterfaceOf<process::schema::BrowserToZygote>()), 1u);
}

TEST(IpcChannel, PeerHangUpIsReportedAsClosed) {
  Pair pair = MakePair();
  pair.a.reset();
  EXPECT_EQ(pair.b->ReceiveBlocking(1000).outcome, Channel::ReceiveOutcome::kClosed);
}

TEST(IpcChannel, BlockingReceiveGivesUpWhenNothingArrivesAndNonBlockingNeverWaits) {
  Pair pair = MakePair();
  Channel::Received waited = pair.b->ReceiveBlocking(20);
  EXPECT_EQ(waited.outcome, Channel::ReceiveOutcome::kWouldBlock);
  EXPECT_NE(waited.error.find("timed out"), std::string::npos) << waited.error;
  EXPECT_EQ(pair.b->Receive().outcome, Channel::ReceiveOutcome::kWouldBlock);
  // The timeout set for the wait above must not leak into later waits that do get a message.
  OutgoingMessage message;
  message.Init<schema::BrowserToChild>().initHeartbeat().setSequence(7);
  ASSERT_TRUE(pair.a->Send(message).ok());
  Channel::Received got = pair.b->ReceiveBlocking(1000);
  ASSERT_EQ(got.outcome, Channel::ReceiveOutcome::kMessage) << got.error;
  EXPECT_EQ(got.message->Body<schema::BrowserToChild>().getHeartbeat().getSequence(), 7u);
}

TEST(IpcChannel, SendQueuesWhenThePeerDoesNotRead) {
  Pair pair = MakePair();
  std::string chunk(60000, 'x');
  int sent = 0;
  for (; sent < 2000; ++sent) {
    OutgoingMessage message;
    auto body = message.Init<renderer::schema::BrowserToRenderer>().initNavigate();
    ASSERT_TRUE(message.SetPayload(body.initDocument(), chunk).ok());
    if (!pair.a->Send(message).ok())
      break;
  }
  EXPECT_EQ(sent, 2000) << "queued, not failed";
  int received = 0;
  while (pair.b->Receive().outcome == Channel::ReceiveOutcome::kMessage)
    ++received;
  EXPECT_GT(received, 0);
  EXPECT_LT(received, 2000) << "the rest waits in the sender's queue";
}

}  // namespace
}  // namespace nexus::ipc
