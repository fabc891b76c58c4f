// Layer 3 of the sandbox: a Landlock domain that allows file access under the given paths
// only (none at all when there are none) and, from ABI 4, no TCP bind or connect.
#pragma once

#include <vector>

#include "base/result.h"
#include "sandbox/sandbox_policy.h"

namespace nexus::sandbox {

// The kernel's Landlock ABI version; 0 when Landlock is unavailable.
int LandlockAbi();

// Restricts the calling thread (and what it later creates) for good. Returns the ABI used.
// Needs no_new_privs (or CAP_SYS_ADMIN). Paths that do not exist are skipped: there is
// nothing under them to allow.
Result<int> ApplyLandlock(const std::vector<LandlockRule>& rules, bool deny_tcp);

}  // namespace nexus::sandbox
