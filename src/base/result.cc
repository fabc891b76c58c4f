#include "base/result.h"

#include <cerrno>
#include <cstring>

namespace nexus {

Error ErrnoError(const std::string& what) {
  return ErrnoError(what, errno);
}

Error ErrnoError(const std::string& what, int error_number) {
  return Error(what + ": " + std::strerror(error_number));
}

}  // namespace nexus
