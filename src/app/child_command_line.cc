// A child's command line (`nexus --type=TYPE --id=N --parent-pid=P ...`, written by main's
// launcher): what every child reads (its identity and sandbox), then what its type reads of
// its own (network, ai, renderer: each service's ReadSwitches).
#include <cstdlib>

#include "app/child_entry.h"
#include "app/commands.h"
#include "base/flag_table.h"
#include "process/launcher.h"
#include "services/ai/public/ai_main.h"
#include "services/gpu/public/gpu_main.h"
#include "services/network/public/network_main.h"
#include "services/storage/public/storage_main.h"

namespace nexus::app {

int RunChildFromCommandLine(const std::vector<std::string>& args) {
  std::string type_name;
  int64_t id = 0, parent_pid = 0, memory_limit_bytes = 0;
  ChildSandboxSettings sandbox;
  bool no_sandbox = false;
  FlagTable flags;
  flags.Text("--type", "TYPE", "the process type", type_name)
      .Number("--id", "N", "main's id of this process", 1, UINT32_MAX, id)
      .Number("--parent-pid", "PID", "main's pid", 1, INT32_MAX, parent_pid)
      .Number("--memory-limit-bytes", "N", "the type's memory limit", 0, INT64_MAX,
              memory_limit_bytes)
      .Switch("--no-sandbox", "unconfined", no_sandbox)
      .Switch("--require-sandbox", "a missing layer is fatal", sandbox.require_all_layers)
      .Text("--sandbox-models-dir", "DIR", "readable by the AI process",
            sandbox.paths.models_directory)
      .Text("--sandbox-storage-dir", "DIR", "writable by the storage process",
            sandbox.paths.storage_directory)
      .Text("--disable-sandbox-layer-for-testing", "LAYER", "tests",
            sandbox.disabled_layer_for_testing)
      .Text("--sandbox-escape-for-testing", "NAME", "tests", sandbox.escape_attempt_for_testing);
  auto rest = flags.Parse(args, /*ignore_unknown=*/true);
  if (!rest.ok())
    return Fail(rest.error().message());
  sandbox.enabled = !no_sandbox;
  auto type = process::ParseProcessType(type_name);
  if (!type || *type == process::ProcessType::BROWSER)
    return Fail("--type=" + type_name + " is not a child process type");
  // Each type reads its own switches (the zygote a renderer's, for those it forks).
  Status own = OkStatus();
  switch (*type) {
    case process::ProcessType::NETWORK:
      own = network::ReadSwitches(args, sandbox.paths);
      break;
    case process::ProcessType::AI:
      own = ai::ReadSwitches(args, sandbox.paths);
      break;
    case process::ProcessType::GPU:
      own = gpu::ReadSwitches(args);
      break;
    case process::ProcessType::STORAGE:
      own = storage::ReadSwitches(args);
      break;
    case process::ProcessType::RENDERER:
    case process::ProcessType::ZYGOTE: {
      auto module = LoadRendererModule();
      own = module.ok() ? (*module)->read_switches(args) : Status(module.error());
      break;
    }
    default:
      break;
  }
  if (!own.ok())
    return Fail(own.error().message());
  if (auto status = process::ChildStartup(static_cast<pid_t>(parent_pid)); !status.ok())
    return Fail(status.error().message(), 1);
  SetChildSandboxSettings(std::move(sandbox));
  return RunChild(*type, static_cast<uint32_t>(id), static_cast<uint64_t>(memory_limit_bytes),
                  ScopedFd(process::kChildChannelFd));
}

}  // namespace nexus::app
