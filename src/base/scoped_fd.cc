#include "base/scoped_fd.h"

#include <unistd.h>

namespace nexus {

void ScopedFd::reset(int fd) {
  if (fd_ >= 0 && fd_ != fd)
    close(fd_);  // close() must not be retried on EINTR on Linux: the fd is gone either way.
  fd_ = fd;
}

}  // namespace nexus
