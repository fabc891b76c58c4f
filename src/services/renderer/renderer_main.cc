// The renderer process (spec "Renderer Process"): documents come from main over IPC, never
// from files or sockets; it parses, styles, lays out and paints them (renderer.h).
#include "services/renderer/public/renderer_main.h"

#include "base/flag_table.h"
#include "base/logging.h"
#include "process/child_process.h"
#include "services/renderer/forged_messages_for_testing.h"
#include "services/renderer/renderer.h"
#include "web/js/script_engine.h"
#include "web/layout/page_layout.h"
#include "web/page/page_summary.h"

namespace nexus::renderer {

void PrepareBeforeSandbox() {
  // Faults gumbo's code and tables in, loads fontconfig's configuration, the user-agent
  // stylesheet and the common faces: once in the zygote for every renderer it forks.
  web::SummarizeHtml("<!doctype html><title>warm</title><p>zygote</p>");
  web::WarmUpLayout();
  if (auto module = web::LoadScriptModule(); !module.ok())
    LOG(Warning) << module.error().message();
}

namespace {
int64_t g_script_time_limit_ms = 10000;
}  // namespace

Status ReadSwitches(const std::vector<std::string>& args) {
  FlagTable switches;
  switches.Number("--script-time-limit-ms", "N", "how long one script may run", 1, 3600000,
                  g_script_time_limit_ms);
  if (auto rest = switches.Parse(args, /*ignore_unknown=*/true); !rest.ok())
    return rest.error();
  return OkStatus();
}

void PrepareScriptingBeforeSandbox() {
  if (auto engine = web::LoadScriptEngine(g_script_time_limit_ms / 1000.0); !engine.ok())
    LOG(Warning) << engine.error().message() << ": pages run without JavaScript";
}

int RendererMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(
      process::ProcessType::RENDERER, id, std::move(channel), [](process::ChildProcess& child) {
        child.set_exit_without_teardown();  // its pages are only memory
        auto renderer = std::make_shared<Renderer>(child);
        child.set_message_handler(
            [renderer](ipc::IncomingMessage& message) { renderer->OnMessage(message); });
        child.set_reset_handler([renderer] { renderer->Reset(); });
        child.set_forgery_handler_for_testing(
            [&child, renderer](ipc::schema::DebugAction::Reader action) {
              return ForgeMessageForTesting(child, *renderer, action);
            });
        // Memory pressure from main: JavaScript's garbage goes back too (after malloc's).
        child.set_memory_pressure_handler([] {
          if (web::ScriptEngine* engine = web::StartedScriptEngine())
            engine->CollectGarbage();
        });
        return OkStatus();
      });
}

}  // namespace nexus::renderer
