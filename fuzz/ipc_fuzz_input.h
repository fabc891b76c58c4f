// The fds an IPC fuzz input attaches to its datagram, so that shared-memory payloads meet
// real memfds (shared by ipc_envelope_fuzzer and the corpus test that checks its seeds).
//
// An input's first 8-byte word says what is attached; the rest is the datagram.
//   byte 0: how many fds (0-3); then per fd two bytes: its kind and its size in 8 KiB units.
//   kinds: 0 a memfd with every seal, 1 one without seals, 2 one sealed against writes only,
//   3 a pipe, 4 /dev/null. A real channel delivers whatever fds a sender passes, so main must
//   survive each kind, and map nothing that its sender could still change.
#pragma once

#include <fcntl.h>
#include <sys/mman.h>  // memfd_create
#include <unistd.h>

#include <cstdint>
#include <vector>

#include "base/scoped_fd.h"
#include "ipc/message.h"
#include "services/routes/message_routes.h"

namespace nexus::fuzz {

inline constexpr size_t kAttachmentSpecBytes = 8;

inline ScopedFd MakeMemfd(size_t size, unsigned seals) {
  ScopedFd fd(memfd_create("fuzz", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd.valid() || ftruncate(fd.get(), static_cast<off_t>(size)) != 0)
    return ScopedFd();
  if (seals)
    (void)fcntl(fd.get(), F_ADD_SEALS, seals);
  return fd;
}

inline ScopedFd MakeAttachment(uint8_t kind, uint8_t size_units) {
  size_t size = size_t{size_units} * 8 * 1024;
  switch (kind % 5) {
    case 0:
      return MakeMemfd(size, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
    case 1:
      return MakeMemfd(size, 0);
    case 2:
      return MakeMemfd(size, F_SEAL_WRITE);
    case 3: {
      int ends[2];
      if (pipe2(ends, O_CLOEXEC) != 0)
        return ScopedFd();
      close(ends[1]);
      return ScopedFd(ends[0]);
    }
    default:
      return ScopedFd(open("/dev/null", O_RDONLY | O_CLOEXEC));
  }
}

// `spec`: the input's first kAttachmentSpecBytes bytes.
inline std::vector<ScopedFd> AttachmentsFor(const uint8_t* spec) {
  std::vector<ScopedFd> fds;
  for (size_t i = 0; i < spec[0] % 4u; ++i)
    fds.push_back(MakeAttachment(spec[1 + 2 * i], spec[2 + 2 * i]));
  return fds;
}

// What main's channel to a renderer decodes: the routing table's interfaces, and the
// announcements of shared buffers.
inline std::vector<ipc::Interface> InterfacesMainAcceptsFromARenderer() {
  auto interfaces =
      routes::MessageRoutes().Accepted(ipc::ProcessType::RENDERER, ipc::ProcessType::BROWSER);
  interfaces.push_back(ipc::InterfaceOf<ipc::schema::SharedBufferCreated>());
  return interfaces;
}

}  // namespace nexus::fuzz
