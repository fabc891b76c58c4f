#pragma once

#include <cstdint>

#include "base/scoped_fd.h"

namespace nexus::renderer {
// Entry point of a renderer (forked by the zygote, or --type=renderer); channel on fd 3.
int RendererMain(uint32_t id, ScopedFd channel);
// What the zygote loads once for every renderer it forks: libraries' tables, fontconfig's
// configuration, the user-agent stylesheet and the common faces.
void PrepareBeforeSandbox();
// --script-time-limit-ms: how long one script may run before it is stopped (10 s).
void SetScriptTimeLimitMs(int64_t milliseconds);
// Every renderer, exec'd or forked, before its sandbox closes: starts its JavaScript VM.
void PrepareScriptingBeforeSandbox();
}  // namespace nexus::renderer
