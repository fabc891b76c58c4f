#include "app/browser_flags.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "process/resource_limiter.h"
#include "sandbox/sandbox.h"
#include "services/browser/address_bar.h"

namespace nexus::app {
namespace {

// The real path of a file or directory that exists, or an error naming the flag.
Result<std::string> ExistingPath(const std::string& flag, const std::string& path) {
  char* absolute = realpath(path.c_str(), nullptr);
  if (!absolute)
    return Error(flag + ": no such file or directory " + path);
  std::string result = absolute;
  free(absolute);
  return result;
}

// A number flag the children read: checked here, passed on as --name=N.
Flag ChildNumber(std::string name, std::string help, browser::BrowserOptions& options) {
  std::string flag = name;
  return {std::move(name), "MS", std::move(help), "",
          [flag, &options](const std::string& text) -> Status {
            ASSIGN_OR_RETURN(int64_t ms, ParseNumber(flag, text, 1, 3600000));
            options.child_args.push_back(flag + "=" + std::to_string(ms));
            return OkStatus();
          }};
}

// A whole number into an int64_t field.
Flag Milliseconds(std::string name,
                  std::string value,
                  std::string help,
                  int64_t min,
                  int64_t max,
                  int64_t scale,
                  int64_t& target) {
  std::string flag = name;
  return {std::move(name), std::move(value), std::move(help), std::to_string(target / scale),
          [flag, min, max, scale, &target](const std::string& text) -> Status {
            ASSIGN_OR_RETURN(int64_t number, ParseNumber(flag, text, min, max));
            target = number * scale;
            return OkStatus();
          }};
}

}  // namespace

void AddBrowserFlags(FlagTable& table, browser::BrowserOptions& options, bool with_profile) {
  if (with_profile)
    table.Text("--profile", "DIR", "the profile: profile.db, crash reports, cache",
               options.profile_flag);
  table.Add({"--headless", "", "no window; print each page's title when it loaded", "",
             [&options](const std::string&) {
               options.print_titles = true;
               options.window = false;
               return OkStatus();
             }});
  table.Add({"--no-restore", "", "do not bring back the tabs of a browser that was killed", "",
             [&options](const std::string&) {
               options.restore_session = false;
               return OkStatus();
             }});
  table.Switch("--disable-gpu", "composite in software (pixman), not with OpenGL ES",
               options.disable_gpu);
  table.Switch("--use-software-gl",
               "composite with OpenGL ES on a CPU rasterizer too (Mesa's llvmpipe)",
               options.software_gl);
  table.Add({"--window-size", "WxH", "the window's size in pixels (default 1280x800)", "",
             [&options](const std::string& text) -> Status {
               int width = 0, height = 0;
               char tail = 0;
               if (std::sscanf(text.c_str(), "%dx%d%c", &width, &height, &tail) != 2 ||
                   width < 200 || height < 150 || width > 3840 || height > 2160)
                 return Error("--window-size: '" + text +
                              "' is not WIDTHxHEIGHT within 200x150..3840x2160");
               options.window_width = width;
               options.window_height = height;
               return OkStatus();
             }});
  table.Switch("--exit-after-load", "exit once the pages given loaded (1 if one failed)",
               options.exit_after_load);
  table.Text("--trace", "FILE", "write a Chrome trace (Perfetto) of processes and IPC",
             options.trace_path);
  table.Add({"--renderer-pool", "N", "warm renderers kept ready",
             std::to_string(options.renderer_pool), [&options](const std::string& text) -> Status {
               ASSIGN_OR_RETURN(int64_t pool, ParseNumber("--renderer-pool", text, 0, 64));
               options.renderer_pool = static_cast<size_t>(pool);
               return OkStatus();
             }});
  table.Add({"--no-zygote", "", "start renderers by exec, not from the zygote", "",
             [&options](const std::string&) {
               options.use_zygote = false;
               return OkStatus();
             }});
  table.Add({"--memory-limit", "TYPE:SIZE", "a process type's memory limit (e.g. renderer:256M)",
             "", [&options](const std::string& value) -> Status {
               process::ResourceLimiter check;
               TRY_STATUS(check.SetLimitFromFlag(value));
               options.memory_limits.push_back(value);
               return OkStatus();
             }});
  table.Add(Milliseconds("--heartbeat-ms", "N", "how often children are pinged", 1, 3600000, 1,
                         options.monitor.heartbeat_interval_ms));
  table.Add(Milliseconds("--hang-timeout-ms", "N", "a child silent this long is hung", 1, 3600000,
                         1, options.monitor.hang_timeout_ms));
  table.Add(Milliseconds("--memory-sample-ms", "N", "how often memory is sampled", 1, 3600000, 1,
                         options.monitor.memory_sample_interval_ms));
  table.Add(Milliseconds("--crash-window-s", "N", "the window crashes are counted in", 1, 86400,
                         1000, options.crash_loop.window_ms));
  table.Add({"--crash-threshold", "N", "crashes in the window that disable a type",
             std::to_string(options.crash_loop.max_crashes_in_window),
             [&options](const std::string& text) -> Status {
               ASSIGN_OR_RETURN(int64_t count, ParseNumber("--crash-threshold", text, 1, 1000));
               options.crash_loop.max_crashes_in_window = static_cast<int>(count);
               return OkStatus();
             }});
  table.Add(
      {"--no-sandbox", "", "children unconfined (debugging)", "", [&options](const std::string&) {
         options.sandbox = false;
         return OkStatus();
       }});
  table.Switch("--require-sandbox", "a sandbox layer the kernel lacks is fatal",
               options.require_sandbox);
  table.Add({"--disable-sandbox-layer-for-testing", "LAYER", "tests: act as if LAYER were missing",
             "", [&options](const std::string& layer) -> Status {
               if (std::none_of(std::begin(sandbox::kLayerNames), std::end(sandbox::kLayerNames),
                                [&](const char* name) { return layer == name; }))
                 return Error("--disable-sandbox-layer-for-testing: no sandbox layer '" + layer +
                              "'");
               options.sandbox_layer_disabled_for_testing = layer;
               return OkStatus();
             }});
  table.Add({"--ca-file", "PEM", "trust this CA bundle instead of the system's", "",
             [&options](const std::string& path) -> Status {
               if (access(path.c_str(), R_OK) != 0)
                 return Error("--ca-file: cannot read " + path);
               ASSIGN_OR_RETURN(std::string absolute, ExistingPath("--ca-file", path));
               options.child_args.push_back("--ca-file=" + absolute);
               return OkStatus();
             }});
  table.Add(
      ChildNumber("--network-timeout-ms", "a transfer with no progress this long fails", options));
  table.Add(
      ChildNumber("--script-time-limit-ms", "a script running longer is stopped (10000)", options));
  table.Add({"--dns-cache-s", "N",
             "how long the network service keeps a DNS answer (0: not at all)", "60",
             [&options](const std::string& text) -> Status {
               ASSIGN_OR_RETURN(int64_t seconds, ParseNumber("--dns-cache-s", text, 0, 86400));
               options.child_args.push_back("--dns-cache-s=" + std::to_string(seconds));
               return OkStatus();
             }});
  table.Switch("--disable-cache", "the network service keeps no HTTP cache", options.disable_cache);
  table.Add({"--storage-quota-mb", "N", "what each origin may keep in IndexedDB, caches and files",
             std::to_string(options.storage_quota_mb),
             [&options](const std::string& text) -> Status {
               ASSIGN_OR_RETURN(options.storage_quota_mb,
                                ParseNumber("--storage-quota-mb", text, 1, 1 << 20));
               return OkStatus();
             }});
  table.Switch("--disable-ai", "no AI process: AI features say \"unavailable\"",
               options.disable_ai);
  table.Switch("--ai-prelaunch", "start the AI process with the browser", options.ai_prelaunch);
  table.Add(Milliseconds("--ai-idle-timeout-s", "N", "an unused AI process ends after this", 1,
                         86400, 1000, options.ai_idle_timeout_ms));
  table.Add({"--models-dir", "DIR", "the AI models (default: models/ beside the executable)", "",
             [&options](const std::string& path) -> Status {
               ASSIGN_OR_RETURN(options.models_directory, ExistingPath("--models-dir", path));
               return OkStatus();
             }});
  table.Add({"--search-url", "TEMPLATE",
             "where typed searches go, %s the query (kept in the profile)", "",
             [&options](const std::string& value) -> Status {
               if (auto status = browser::CheckSearchTemplate(value); !status.ok())
                 return status.error().Context("--search-url");
               options.search_template = value;
               return OkStatus();
             }});
  table.Add({"--intent-deadline-ms", "N", "how long typed input waits for the intent model",
             std::to_string(options.intent_deadline_ms),
             [&options](const std::string& text) -> Status {
               ASSIGN_OR_RETURN(int64_t ms, ParseNumber("--intent-deadline-ms", text, 1, 60000));
               options.intent_deadline_ms = static_cast<uint32_t>(ms);
               return OkStatus();
             }});
}

Status CheckBrowserOptions(const browser::BrowserOptions& options) {
  if (!options.sandbox && options.require_sandbox)
    return Error("--require-sandbox and --no-sandbox contradict each other");
  return OkStatus();
}

}  // namespace nexus::app
