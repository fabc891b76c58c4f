// Bytes a compromised renderer could write to its IPC fd, decoded as main decodes them
// (IncomingMessage::Decode with what the routing table lets a renderer send), then read the
// way handlers read them.
#include <kj/exception.h>

#include <cstdint>
#include <cstring>

#include "ipc/message.h"
#include "ipc/shared_buffer_pool.h"
#include "services/renderer/public/renderer.capnp.h"
#include "services/routes/message_routes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nexus;
  using namespace nexus::ipc;
  if (size % sizeof(capnp::word) != 0 || size > kMaxMessageBytes)
    return 0;  // The channel rejects these before decoding.
  static const std::vector<Interface> accepted = [] {
    auto interfaces = routes::MessageRoutes().Accepted(ProcessType::RENDERER, ProcessType::BROWSER);
    interfaces.push_back(InterfaceOf<schema::SharedBufferCreated>());
    return interfaces;
  }();
  auto words = kj::heapArray<capnp::word>(size / sizeof(capnp::word));
  if (size)
    std::memcpy(words.begin(), data, size);
  auto decoded = IncomingMessage::Decode(kj::mv(words), {}, accepted);
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
      case renderer::schema::RendererToBrowser::FRAME_RENDERED:
        (void)message.ReadPayload(said.getFrameRendered().getPixels());
        (void)buffers.Read(said.getFrameRendered().getPixels());
        break;
      case renderer::schema::RendererToBrowser::LOAD_RESOURCE:
        (void)message.ReadPayload(said.getLoadResource().getBody());
        break;
      default:
        break;
    }
  });
  return 0;
}
