#include "sandbox/landlock.h"

#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

#include "base/scoped_fd.h"

namespace nexus::sandbox {
namespace {

// Rights newer than Debian 12's kernel headers (linux/landlock.h of 6.1).
constexpr uint64_t kAccessFsRefer = 1ULL << 13;     // ABI 2
constexpr uint64_t kAccessFsTruncate = 1ULL << 14;  // ABI 3
constexpr uint64_t kAccessFsIoctlDev = 1ULL << 15;  // ABI 5
constexpr uint64_t kAccessNetBindTcp = 1ULL << 0;   // ABI 4
constexpr uint64_t kAccessNetConnectTcp = 1ULL << 1;

// struct landlock_ruleset_attr as of ABI 4 (the 6.1 header lacks the net field).
struct RulesetAttributes {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
};

constexpr uint64_t kReadRights =
    LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
constexpr uint64_t kFileOnlyRights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                     LANDLOCK_ACCESS_FS_READ_FILE | kAccessFsTruncate |
                                     kAccessFsIoctlDev;

uint64_t HandledFsRights(int abi) {
  uint64_t rights = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;  // ABI 1: bits 0..12
  if (abi >= 2)
    rights |= kAccessFsRefer;
  if (abi >= 3)
    rights |= kAccessFsTruncate;
  if (abi >= 5)
    rights |= kAccessFsIoctlDev;
  return rights;
}

}  // namespace

int LandlockAbi() {
  long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

Result<int> ApplyLandlock(const std::vector<LandlockRule>& rules, bool deny_tcp) {
  int abi = LandlockAbi();
  if (abi == 0)
    return ErrnoError("Landlock is not available in this kernel");
  uint64_t handled = HandledFsRights(abi);
  RulesetAttributes attributes{handled, 0};
  size_t attributes_size = sizeof(uint64_t);
  if (abi >= 4) {
    attributes.handled_access_net = deny_tcp ? kAccessNetBindTcp | kAccessNetConnectTcp : 0;
    attributes_size = sizeof(attributes);
  }
  ScopedFd ruleset(static_cast<int>(
      syscall(SYS_landlock_create_ruleset, &attributes, attributes_size, 0)));
  if (!ruleset.valid())
    return ErrnoError("landlock_create_ruleset");
  for (const LandlockRule& rule : rules) {
    ScopedFd path(open(rule.path.c_str(), O_PATH | O_CLOEXEC));
    if (!path.valid())
      continue;
    struct stat st {};
    if (fstat(path.get(), &st) != 0)
      return ErrnoError("stat " + rule.path);
    uint64_t allowed = rule.writable ? handled : kReadRights;
    if (!S_ISDIR(st.st_mode))
      allowed &= kFileOnlyRights;
    landlock_path_beneath_attr beneath{};
    beneath.allowed_access = allowed & handled;
    beneath.parent_fd = path.get();
    if (syscall(SYS_landlock_add_rule, ruleset.get(), LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) != 0)
      return ErrnoError("landlock_add_rule " + rule.path);
  }
  if (syscall(SYS_landlock_restrict_self, ruleset.get(), 0) != 0)
    return ErrnoError("landlock_restrict_self");
  return abi;
}

}  // namespace nexus::sandbox
