// Datagrams on main's control socket (any local process of the same user can connect),
// decoded as ControlServer decodes them, then read as its handler reads them.
#include <kj/exception.h>

#include <cstdint>
#include <span>

#include "services/browser/public/control_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto datagram = nexus::browser::ControlDatagram::Decode(std::span(data, size));
  if (!datagram.ok())
    return 0;
  (void)kj::runCatchingExceptions([&]() {
    auto request = (*datagram)->Root<nexus::browser::schema::ControlRequest>();
    if (request.isOpenUrl())
      (void)request.getOpenUrl().size();
    auto reply = (*datagram)->Root<nexus::browser::schema::ControlReply>();
    if (reply.isError())
      (void)reply.getError().size();
  });
  return 0;
}
