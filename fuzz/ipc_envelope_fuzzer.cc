// Bytes a compromised renderer could write to its IPC fd, with the fds it could pass beside
// them, decoded as main decodes them (IncomingMessage::Decode with what the routing table lets
// a renderer send), then read the way handlers read them, shared memory included.
// The input's first 8-byte word says which fds come with it (fuzz/ipc_fuzz_input.h).
#include <kj/exception.h>

#include <cstdint>
#include <cstring>

#include "ipc/message.h"
#include "ipc/shared_buffer_pool.h"
#include "ipc_fuzz_input.h"
#include "services/renderer/public/renderer.capnp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nexus;
  using namespace nexus::ipc;
  constexpr size_t kWord = sizeof(capnp::word);
  if (size < fuzz::kAttachmentSpecBytes || size % kWord != 0 ||
      size - fuzz::kAttachmentSpecBytes > kMaxMessageBytes)
    return 0;  // The channel rejects these before decoding.
  static const std::vector<Interface> accepted = fuzz::InterfacesMainAcceptsFromARenderer();
  std::vector<ScopedFd> fds = fuzz::AttachmentsFor(data);
  data += fuzz::kAttachmentSpecBytes;
  size -= fuzz::kAttachmentSpecBytes;
  auto words = kj::heapArray<capnp::word>(size / kWord);
  if (size)
    std::memcpy(words.begin(), data, size);
  auto decoded = IncomingMessage::Decode(kj::mv(words), std::move(fds), accepted);
  if (!decoded.ok())
    return 0;
  IncomingMessage& message = **decoded;
  (void)message.name();
  // Handlers run inside runCatchingExceptions in main (a text field without its NUL only
  // throws when read); do the same here so only real memory errors stop the fuzzer.
  (void)kj::runCatchingExceptions([&]() {
    SharedBufferReceiver buffers;
    if (message.Is<schema::SharedBufferCreated>()) {
      (void)buffers.Register(message);
      return;
    }
    if (!message.Is<renderer::schema::RendererToBrowser>())
      return;
    auto said = message.Body<renderer::schema::RendererToBrowser>();
    switch (said.which()) {
      case renderer::schema::RendererToBrowser::NAVIGATION_COMPLETE:
        (void)said.getNavigationComplete().getTitle().size();
        break;
      case renderer::schema::RendererToBrowser::FRAME_RENDERED: {
        auto pixels = said.getFrameRendered().getPixels();
        if (pixels.isSharedBuffer()) {
          (void)buffers.Read(pixels);
          break;
        }
        auto memory = message.MapPayload(pixels);
        if (memory.ok() && !memory->bytes().empty())  // touch the last byte the mapping claims
          (void)*static_cast<const volatile uint8_t*>(&memory->bytes().back());
        break;
      }
      case renderer::schema::RendererToBrowser::LOAD_RESOURCE:
        (void)message.ReadPayload(said.getLoadResource().getBody());
        break;
      default:
        break;
    }
  });
  return 0;
}
