#include "ipc/shared_buffer_pool.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

#include <gtest/gtest.h>

#include "services/renderer/public/renderer.capnp.h"

namespace nexus::ipc {
namespace {

struct Ends {
  std::unique_ptr<Channel> producer;
  std::unique_ptr<Channel> consumer;
};

Ends MakeEnds() {
  auto created = Channel::CreatePair();
  EXPECT_TRUE(created.ok());
  auto other = Channel::Adopt(std::move(created->second));
  EXPECT_TRUE(other.ok());
  // Frames as a renderer would send them, on a channel that also carries the buffers.
  created->first->Accept({InterfaceOf<schema::SharedBufferReleased>()});
  (*other)->Accept({InterfaceOf<schema::SharedBufferCreated>(),
                    InterfaceOf<renderer::schema::RendererToBrowser>()});
  return {std::move(created->first), std::move(other).value()};
}

std::unique_ptr<IncomingMessage> Next(Channel& channel) {
  auto received = channel.ReceiveBlocking(1000);
  EXPECT_EQ(received.outcome, Channel::ReceiveOutcome::kMessage) << received.error;
  return std::move(received.message);
}

// Announces `fd` as shared buffer `id` of `size` bytes, as a (possibly lying) producer would.
void Announce(Channel& channel, ScopedFd fd, uint32_t id, uint64_t size) {
  OutgoingMessage message;
  auto index = message.Attach(std::move(fd));
  ASSERT_TRUE(index.ok());
  auto created = message.Init<schema::SharedBufferCreated>();
  created.setBuffer(id);
  created.setAttachment(*index);
  created.setSize(size);
  ASSERT_TRUE(channel.Send(message).ok());
}

TEST(SharedBuffers, FramesAreWrittenInPlaceReadByIdAndHandedBack) {
  Ends ends = MakeEnds();
  auto pool = SharedBufferPool::Create(*ends.producer, 2, 64 * 1024);
  ASSERT_TRUE(pool.ok()) << pool.error().message();
  SharedBufferReceiver receiver;
  for (int i = 0; i < 2; ++i) {
    auto created = Next(*ends.consumer);
    ASSERT_TRUE(receiver.Register(*created).ok());
  }
  EXPECT_EQ(receiver.buffer_count(), 2u);

  auto first = pool->Acquire();
  auto second = pool->Acquire();
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(pool->Acquire()) << "both buffers are out: the producer must wait";

  std::memcpy(pool->Bytes(*first).data(), "frame one", 9);
  OutgoingMessage frame;
  auto pixels = frame.Init<renderer::schema::RendererToBrowser>().initFrameRendered().initPixels();
  ASSERT_TRUE(pool->SetPayload(pixels, *first, 9).ok());
  ASSERT_TRUE(ends.producer->Send(frame).ok());
  auto in = Next(*ends.consumer);
  auto bytes =
      receiver.Read(in->Body<renderer::schema::RendererToBrowser>().getFrameRendered().getPixels());
  ASSERT_TRUE(bytes.ok()) << bytes.error().message();
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()), "frame one");
  EXPECT_FALSE(in->ReadPayload(
                     in->Body<renderer::schema::RendererToBrowser>().getFrameRendered().getPixels())
                   .ok())
      << "a shared-buffer payload is only readable through its receiver";

  OutgoingMessage release;
  SharedBufferReceiver::FillRelease(release, *first);
  ASSERT_TRUE(ends.consumer->Send(release).ok());
  auto released = Next(*ends.producer);
  ASSERT_TRUE(pool->Release(released->Body<schema::SharedBufferReleased>().getBuffer()).ok());
  EXPECT_EQ(pool->free_count(), 1u);
  EXPECT_EQ(pool->Acquire(), first) << "the released buffer is reused";
  EXPECT_FALSE(pool->Release(7).ok()) << "unknown buffer";
  ASSERT_TRUE(pool->Release(*second).ok());
  EXPECT_FALSE(pool->Release(*second).ok()) << "released twice";
  EXPECT_FALSE(pool->SetPayload(pixels, *second, 9).ok()) << "not acquired";
}

TEST(SharedBuffers, TheProducerCannotResizeABufferUnderTheConsumer) {
  auto buffer = SharedBuffer::Create(8192);
  ASSERT_TRUE(buffer.ok());
  EXPECT_NE(ftruncate(buffer->fd(), 0), 0) << "shrinking would SIGBUS the reader";
  EXPECT_NE(ftruncate(buffer->fd(), 1 << 20), 0);
  EXPECT_EQ(buffer->writable_bytes().size(), 8192u);
}

TEST(SharedBuffers, ReceiverRefusesBuffersItCannotTrust) {
  Ends ends = MakeEnds();
  SharedBufferReceiver receiver;
  // A memfd that can still be truncated.
  Announce(*ends.producer, ScopedFd(memfd_create("unsealed", MFD_CLOEXEC | MFD_ALLOW_SEALING)), 1, 0);
  EXPECT_FALSE(receiver.Register(*Next(*ends.consumer)).ok());
  // Sealed, but not the size announced.
  auto real = SharedBuffer::Create(4096);
  ASSERT_TRUE(real.ok());
  Announce(*ends.producer, ScopedFd(dup(real->fd())), 2, 8192);
  auto status = receiver.Register(*Next(*ends.consumer));
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("does not match"), std::string::npos);
  // Good, then the same id again.
  Announce(*ends.producer, ScopedFd(dup(real->fd())), 3, 4096);
  EXPECT_TRUE(receiver.Register(*Next(*ends.consumer)).ok());
  Announce(*ends.producer, ScopedFd(dup(real->fd())), 3, 4096);
  EXPECT_FALSE(receiver.Register(*Next(*ends.consumer)).ok());
  EXPECT_EQ(receiver.buffer_count(), 1u);

  // Slices must name a registered buffer and stay inside it.
  OutgoingMessage frame;
  auto slice = frame.Init<renderer::schema::RendererToBrowser>()
                   .initFrameRendered()
                   .initPixels()
                   .initSharedBuffer();
  slice.setBuffer(3);
  slice.setSize(4097);
  ASSERT_TRUE(ends.producer->Send(frame).ok());
  auto in = Next(*ends.consumer);
  auto overrun =
      receiver.Read(in->Body<renderer::schema::RendererToBrowser>().getFrameRendered().getPixels());
  ASSERT_FALSE(overrun.ok());
  EXPECT_NE(overrun.error().message().find("overruns"), std::string::npos);
  OutgoingMessage unknown;
  auto other = unknown.Init<renderer::schema::RendererToBrowser>()
                   .initFrameRendered()
                   .initPixels()
                   .initSharedBuffer();
  other.setBuffer(9);
  other.setSize(1);
  ASSERT_TRUE(ends.producer->Send(unknown).ok());
  auto in2 = Next(*ends.consumer);
  EXPECT_FALSE(
      receiver.Read(in2->Body<renderer::schema::RendererToBrowser>().getFrameRendered().getPixels())
          .ok());
}

TEST(SharedBuffers, ReceiverCapsHowManyBuffersAPeerMayPin) {
  Ends ends = MakeEnds();
  SharedBufferReceiver receiver;
  auto real = SharedBuffer::Create(4096);
  ASSERT_TRUE(real.ok());
  size_t accepted = 0;
  for (uint32_t id = 0; id < SharedBufferReceiver::kMaxBuffers + 2; ++id) {
    Announce(*ends.producer, ScopedFd(dup(real->fd())), id, 4096);
    accepted += receiver.Register(*Next(*ends.consumer)).ok() ? 1 : 0;
  }
  EXPECT_EQ(accepted, SharedBufferReceiver::kMaxBuffers);
}

}  // namespace
}  // namespace nexus::ipc
