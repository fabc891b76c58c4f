#include "app/child_entry.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

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

// Fds opened before the lock that stay open in it; a zygote's forks inherit the set.
std::set<int>& FdsKeptInSandbox() {
  static std::set<int> fds;
  return fds;
}

// The process's open fds, from /proc/self/fd.
std::set<int> OpenFds() {
  std::set<int> fds;
  if (DIR* dir = opendir("/proc/self/fd")) {
    int own = dirfd(dir);
    while (dirent* entry = readdir(dir)) {
      int fd = std::atoi(entry->d_name);
      if (entry->d_name[0] != '.' && fd != own)
        fds.insert(fd);
    }
    closedir(dir);
  }
  return fds;
}

// Enters the sandbox of `type`; false if the process must not go on (--require-sandbox).
// `kept_fds`: what the process opened for itself before (the GPU process's display).
bool EnterSandbox(process::ProcessType type,
                  uint32_t id,
                  uint64_t memory_limit_bytes,
                  const std::vector<int>& kept_fds) {
  const ChildSandboxSettings& settings = Settings();
  if (!settings.enabled)
    return true;
  sandbox::SandboxPolicy policy = sandbox::PolicyFor(
      type, sandbox::GetSandboxConfig(type, settings.paths), memory_limit_bytes);
  policy.kept_fds = kept_fds;
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
  // What the process opens for itself before the lock stays open in the sandbox: the GPU
  // process's display connection and device, and what libraries made while preparing (GLib's
  // wakeup eventfd in the zygote). Closed, its number would be reused by a later fd, and the
  // library would write into that one. A zygote's fork keeps what the zygote kept.
  std::set<int> before = OpenFds();
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
  std::set<int>& kept = FdsKeptInSandbox();
  for (int fd : OpenFds()) {
    if (!before.count(fd))
      kept.insert(fd);
  }
  std::vector<int> kept_fds(kept.begin(), kept.end());
  if (!EnterSandbox(type, id, memory_limit_bytes, kept_fds))
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
