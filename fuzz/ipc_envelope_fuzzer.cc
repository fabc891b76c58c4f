// Bytes a compromised child could write to its IPC fd, decoded as main decodes them
// (IncomingMessage::Decode), then read the way handlers read them.
#include <kj/exception.h>

#include <cstdint>
#include <cstring>

#include "ipc/message.h"
#include "ipc/shared_buffer_pool.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nexus::ipc;
  if (size % sizeof(capnp::word) != 0 || size > kMaxMessageBytes)
    return 0;  // The channel rejects these before decoding.
  auto words = kj::heapArray<capnp::word>(size / sizeof(capnp::word));
  if (size)
    std::memcpy(words.begin(), data, size);
  auto decoded = IncomingMessage::Decode(kj::mv(words), {});
  if (!decoded.ok())
    return 0;
  IncomingMessage& message = **decoded;
  // Handlers run inside runCatchingExceptions in main (a text field without its NUL only
  // throws when read); do the same here so only real memory errors stop the fuzzer.
  (void)kj::runCatchingExceptions([&]() {
    auto body = message.envelope().getBody();
    SharedBufferReceiver buffers;
    switch (message.type()) {
      case MessageType::NAVIGATION_COMPLETE:
        (void)body.getNavigationComplete().getTitle().size();
        break;
      case MessageType::FRAME_RENDERED:
        (void)message.ReadPayload(body.getFrameRendered().getPixels());
        (void)buffers.Read(body.getFrameRendered().getPixels());
        break;
      case MessageType::RESOURCE_LOADED:
        (void)message.ReadPayload(body.getResourceLoaded().getBody());
        break;
      case MessageType::SHARED_BUFFER_CREATED:
        (void)buffers.Register(message);
        break;
      default:
        break;
    }
  });
  return 0;
}
