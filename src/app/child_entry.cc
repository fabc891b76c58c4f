#include "app/child_entry.h"

#include <unistd.h>

#include <iostream>

#include "base/logging.h"
#include "base/module_loader.h"
#include "process/child_process.h"
#include "process/launcher.h"
#include "process/peer_channel.h"
#include "process/zygote.h"
#include "sandbox/escape_attempts_for_testing.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandbox_policy.h"
#include "services/ai/public/ai_main.h"
#include "services/audio/public/audio_main.h"
#include "services/gpu/public/gpu_main.h"
#include "services/network/public/network_main.h"
#include "services/routes/message_routes.h"
#include "services/storage/public/storage_main.h"

namespace nexus::app {
namespace {

ChildSandboxSettings& Settings() {
  static ChildSandboxSettings settings;
  return settings;
}

// Set in the zygote once its namespaces exist; its forks inherit the flag with the namespaces.
bool g_namespaces_inherited = false;

// Enters the sandbox of `type`; false if the process must not go on (--require-sandbox).
bool EnterSandbox(process::ProcessType type, uint32_t id, uint64_t memory_limit_bytes) {
  const ChildSandboxSettings& settings = Settings();
  if (!settings.enabled)
    return true;
  sandbox::SandboxPolicy policy = sandbox::PolicyFor(
      type, sandbox::GetSandboxConfig(type, settings.paths), memory_limit_bytes);
  sandbox::SandboxOptions options;
  options.enter_namespaces = !g_namespaces_inherited;
  options.require_all_layers = settings.require_all_layers;
  options.disabled_layer_for_testing = settings.disabled_layer_for_testing;
  options.seccomp = {getpid(), process::kChildChannelFd, id};
  auto report = sandbox::EnterSandbox(policy, options);
  if (!report.ok()) {
    std::cerr << "nexus " << process::ProcessTypeName(type) << ": " << report.error().message()
              << "\n";
    return false;
  }
  for (const std::string& missing : report->missing)
    LOG(Warning) << "sandbox layer missing: " << missing;
  g_namespaces_inherited = true;
  process::SetSandboxReport(std::move(report).value());
  return true;
}

}  // namespace

Result<const renderer::EntryPoints*> LoadRendererModule() {
  static Result<const renderer::EntryPoints*> loaded =
      []() -> Result<const renderer::EntryPoints*> {
    ASSIGN_OR_RETURN(void* entry_points, OpenModuleBesideExecutable("libnexus_renderer.so",
                                                                    renderer::kEntryPointsSymbol));
    return reinterpret_cast<renderer::EntryPointsFunction*>(entry_points)();
  }();
  return loaded;
}

void SetChildSandboxSettings(ChildSandboxSettings settings) {
  Settings() = std::move(settings);
}

int RunChild(process::ProcessType type, uint32_t id, uint64_t memory_limit_bytes,
             ScopedFd channel) {
  using process::ProcessType;
  SetLogPrefix(std::string(process::ProcessTypeName(type)));
  process::SetInterfacesFromMain(routes::MessageRoutes().Accepted(ProcessType::BROWSER, type));
  // Brokered peers (frames: renderer <-> GPU).
  for (ProcessType peer : {ProcessType::RENDERER, ProcessType::GPU})
    process::SetInterfacesFromPeer(peer, routes::MessageRoutes().Accepted(peer, type));
  // The zygote preloads (libraries, fonts) while files can still be opened, then closes its
  // sandbox before taking any fork request.
  // A renderer started without a zygote loads fonts as its pages need them (its sandbox
  // lets it read the font directories).
  const renderer::EntryPoints* renderer = nullptr;
  if (type == ProcessType::ZYGOTE || type == ProcessType::RENDERER) {
    auto module = LoadRendererModule();  // loaded already in a zygote's fork
    if (!module.ok()) {
      LOG(Error) << module.error().message();
      return 1;
    }
    renderer = *module;
  }
  if (type == ProcessType::ZYGOTE)
    renderer->prepare_before_sandbox();
  // JavaScriptCore's VM starts here, after any fork and before the lock (DESIGN.md §9).
  if (type == ProcessType::RENDERER)
    renderer->prepare_scripting_before_sandbox();
  if (type == ProcessType::NETWORK)
    network::PrepareBeforeSandbox();
  if (type == ProcessType::AI)
    ai::PrepareBeforeSandbox();
  if (type == ProcessType::GPU)
    gpu::PrepareBeforeSandbox();
  if (!EnterSandbox(type, id, memory_limit_bytes))
    return sandbox::kSandboxUnavailableExitCode;
  // The zygote tries attempts marked "zygote/" itself and passes the others on to the
  // renderers it forks.
  const std::string& attempt = Settings().escape_attempt_for_testing;
  constexpr std::string_view kZygotePrefix = "zygote/";
  if (type == ProcessType::ZYGOTE && attempt.starts_with(kZygotePrefix))
    return sandbox::RunEscapeAttemptForTesting(attempt.substr(kZygotePrefix.size()));
  if (!attempt.empty() && type != ProcessType::ZYGOTE)
    return sandbox::RunEscapeAttemptForTesting(attempt);
  switch (type) {
    case ProcessType::RENDERER:
      return renderer->renderer_main(id, std::move(channel));
    case ProcessType::GPU: return gpu::GpuMain(id, std::move(channel));
    case ProcessType::AI: return ai::AiMain(id, std::move(channel));
    case ProcessType::NETWORK: return network::NetworkMain(id, std::move(channel));
    case ProcessType::STORAGE: return storage::StorageMain(id, std::move(channel));
    case ProcessType::AUDIO: return audio::AudioMain(id, std::move(channel));
    case ProcessType::ZYGOTE: return process::RunZygote(id, std::move(channel), RunChild);
    case ProcessType::BROWSER: break;
  }
  LOG(Error) << "no child entry point for type " << process::ProcessTypeName(type);
  return 2;
}

}  // namespace nexus::app
