#pragma once

#include <cstdint>

#include <string>
#include <vector>

#include "base/result.h"
#include "base/scoped_fd.h"

namespace nexus::renderer {

// A renderer's code and the web engine live in libnexus_renderer.so, which renderers and the
// zygote load before their sandbox closes (app/child_entry.cc) and no other process maps. The
// module hands out these entry points, the ones declared below.
struct EntryPoints {
  Status (*read_switches)(const std::vector<std::string>& args);
  void (*prepare_before_sandbox)();
  void (*prepare_scripting_before_sandbox)();
  int (*renderer_main)(uint32_t id, ScopedFd channel);
};
inline constexpr char kEntryPointsSymbol[] = "NexusRendererEntryPoints";
using EntryPointsFunction = const EntryPoints*();
// Entry point of a renderer (forked by the zygote, or --type=renderer); channel on fd 3.
int RendererMain(uint32_t id, ScopedFd channel);
// What the zygote loads once for every renderer it forks: libraries' tables, fontconfig's
// configuration, the user-agent stylesheet and the common faces.
void PrepareBeforeSandbox();
// A renderer's own switches (the zygote reads them for the renderers it forks):
// --script-time-limit-ms N, how long one script may run before it is stopped (10 s).
Status ReadSwitches(const std::vector<std::string>& args);
// Every renderer, exec'd or forked, before its sandbox closes: starts its JavaScript VM.
void PrepareScriptingBeforeSandbox();
}  // namespace nexus::renderer
