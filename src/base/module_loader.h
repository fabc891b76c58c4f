// Modules a process type loads for itself, beside the executable (libnexus_renderer.so,
// libnexus_js.so, the AI backends): what one type needs is never mapped by the others.
#pragma once

#include "base/result.h"

namespace nexus {

// Opens `file_name` from the executable's directory and returns its `symbol`. A module is
// opened once per process; a second call returns the same symbol.
Result<void*> OpenModuleBesideExecutable(const char* file_name, const char* symbol);

}  // namespace nexus
