// Dispatches a child process to its type's entry point (exec'd children and zygote forks),
// after it has entered its type's sandbox.
#pragma once

#include <cstdint>
#include <string>

#include "base/scoped_fd.h"
#include "process/process_type.h"
#include "sandbox/sandbox_config.h"
#include "services/renderer/public/renderer_main.h"

namespace nexus::app {

// How children sandbox themselves, from the flags main passes them.
struct ChildSandboxSettings {
  bool enabled = true;                     // --no-sandbox turns it off
  bool require_all_layers = false;         // --require-sandbox
  std::string disabled_layer_for_testing;  // --disable-sandbox-layer-for-testing=LAYER
  sandbox::SandboxPaths paths;             // --sandbox-models-dir, --sandbox-storage-dir
  // --sandbox-escape-for-testing=NAME[:ARG]: once sandboxed, try this instead of serving
  // (tests/sandbox/). The zygote passes it on to the renderers it forks, unless it reads
  // "zygote/NAME[:ARG]": then the zygote tries it itself.
  std::string escape_attempt_for_testing;
};
void SetChildSandboxSettings(ChildSandboxSettings settings);

int RunChild(process::ProcessType type, uint32_t id, uint64_t memory_limit_bytes,
             ScopedFd channel);

// The renderer's entry points from libnexus_renderer.so, loaded once: renderers and the
// zygote only, so that no other process maps the web engine's libraries.
Result<const renderer::EntryPoints*> LoadRendererModule();

}  // namespace nexus::app
