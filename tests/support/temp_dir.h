// Temporary directories for tests. Each test process makes one directory under $TMPDIR (or
// /tmp) and every directory it asks for goes inside; the whole tree is removed when the
// process exits, so a run of the suite leaves /tmp as it found it (ctest runs each test in a
// process of its own).
#pragma once

#include <string>

namespace nexus::testing {

// A new, empty directory; `purpose` names it ("profile", "cache") for whoever reads a path
// in a failure message. Aborts the test process if none can be made.
std::string MakeTempDir(const std::string& purpose = "dir");

}  // namespace nexus::testing
