// libnexus_renderer.so's one exported symbol: the renderer's entry points
// (public/renderer_main.h). Everything else the module needs of the core (IPC, the child
// runtime, logging) it takes from the executable, which exports it.
#include "services/renderer/public/renderer_main.h"

extern "C" __attribute__((visibility("default"))) const nexus::renderer::EntryPoints*
NexusRendererEntryPoints() {
  static const nexus::renderer::EntryPoints entry_points{
      &nexus::renderer::ReadSwitches,
      &nexus::renderer::PrepareBeforeSandbox,
      &nexus::renderer::PrepareScriptingBeforeSandbox,
      &nexus::renderer::RendererMain,
  };
  return &entry_points;
}
