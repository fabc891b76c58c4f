// The nexus executable: one binary for every process type (DESIGN.md §1).
//   nexus [--headless] [--exit-after-load] [--profile DIR] [--trace FILE] URL_OR_FILE...
//   nexus ps [--profile DIR] [--json]        the process tree of the running instance
//   nexus tabs|crashes [--reset]|suspend ID|resume ID|reload TAB|quit [--profile DIR]
//   nexus --type=TYPE --id=N --parent-pid=P  (children; started by main, not by users)
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/child_entry.h"
#include "base/logging.h"
#include "process/inspector.h"
#include "process/launcher.h"
#include "process/resource_limiter.h"
#include "sandbox/sandbox.h"
#include "services/browser/main_process.h"
#include "services/browser/public/control_client.h"
#include "services/ai/public/ai_main.h"
#include "services/renderer/public/renderer_main.h"
#include "services/network/public/network_main.h"
#include "services/renderer/public/frame_limits.h"
#include "services/routes/message_routes.h"

namespace nexus::app {
namespace {

constexpr char kUsage[] =
    "usage: nexus [--headless] [--exit-after-load] [--profile DIR] [--trace FILE]\n"
    "             [--renderer-pool N] [--no-zygote] [--memory-limit TYPE:SIZE]\n"
    "             [--heartbeat-ms N] [--hang-timeout-ms N] [--memory-sample-ms N]\n"
    "             [--crash-window-s N] [--crash-threshold N] [--no-sandbox]\n"
    "             [--require-sandbox] [--ca-file PEM] [--network-timeout-ms N]\n"
    "             [--disable-cache] [--disable-ai] [--ai-prelaunch] [--ai-idle-timeout-s N]\n"
    "             [--script-time-limit-ms N]\n"
    "             [--models-dir DIR] [--search-url TEMPLATE_WITH_%s] [--intent-deadline-ms N]\n"
    "             URL_OR_FILE...\n"
    "       nexus ps [--json] [--profile DIR]\n"
    "       nexus routes\n"
    "       nexus sandbox-status [--json] [--profile DIR]\n"
    "       nexus shot URL_OR_FILE -o OUT.png [--width W] [--height H] [--full-page]\n"
    "             [--timeout S] [--wait-ms N] [browser options]\n"
    "       nexus fetch URL -o FILE [--ca-file PEM] [--network-timeout-ms N]\n"
    "       nexus intent TEXT [--json]\n"
    "       nexus analyze URL_OR_FILE | --lang-only TEXT_FILE | --ocr-only IMAGE [--json]\n"
    "             [--models-dir DIR] [--disable-ai]\n"
    "       nexus related URL_OR_FILE [--json] [--count N] [--profile DIR]\n"
    "       nexus eval URL_OR_FILE EXPRESSION [--wait-ms N] [--script-time-limit-ms N]\n"
    "       nexus tabs [--json] | crashes [--reset] | suspend ID | resume ID | reload TAB\n"
    "             | navigate TAB URL | back TAB | forward TAB | hit-test TAB X Y\n"
    "             | click TAB X Y | type TAB TEXT | key TAB KEY | cookies TAB | go TAB TEXT\n"
    "             | analyze-tab TAB [--json]\n"
    "             | screenshot TAB -o OUT.png [--full-page] | release ID | quit\n"
    "             [--profile DIR]\n";

int Fail(const std::string& message, int code = 2) {
  std::cerr << "nexus: " << message << "\n";
  return code;
}

// "--name=value" or "--name value"; advances `i` past what it used.
bool TakeValue(const std::vector<std::string>& args, size_t& i, const std::string& name,
               std::string& value) {
  const std::string& arg = args[i];
  if (arg == name) {
    if (i + 1 >= args.size())
      return false;
    value = args[++i];
    return true;
  }
  if (arg.rfind(name + "=", 0) == 0) {
    value = arg.substr(name.size() + 1);
    return true;
  }
  return false;
}

// Browser flags that take a value; the one-shot commands pass them through to the browser.
bool TakesValue(const std::string& flag) {
  static const char* kValueFlags[] = {
      "--profile", "--trace", "--renderer-pool", "--memory-limit", "--heartbeat-ms",
      "--hang-timeout-ms", "--memory-sample-ms", "--crash-window-s", "--crash-threshold",
      "--ca-file", "--network-timeout-ms", "--ai-idle-timeout-s", "--models-dir",
      "--search-url", "--intent-deadline-ms", "--script-time-limit-ms"};
  return std::any_of(std::begin(kValueFlags), std::end(kValueFlags),
                     [&](const char* name) { return flag == name; });
}

Result<int64_t> ParsePositive(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value <= 0)
    return Error(flag + " needs a positive whole number, not '" + text + "'");
  return static_cast<int64_t>(value);
}

int RunChildFromCommandLine(const std::vector<std::string>& args) {
  std::string type_name, id_text, parent_text, limit_text = "0", ca_file, network_timeout,
      models_dir, script_limit;
  ChildSandboxSettings sandbox;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--no-sandbox")
      sandbox.enabled = false;
    else if (args[i] == "--ai-torch")
      ai::SetTorchWanted(true);
    else if (args[i] == "--require-sandbox")
      sandbox.require_all_layers = true;
    TakeValue(args, i, "--type", type_name) || TakeValue(args, i, "--id", id_text) ||
        TakeValue(args, i, "--parent-pid", parent_text) ||
        TakeValue(args, i, "--memory-limit-bytes", limit_text) ||
        TakeValue(args, i, "--sandbox-models-dir", sandbox.paths.models_directory) ||
        TakeValue(args, i, "--sandbox-storage-dir", sandbox.paths.storage_directory) ||
        TakeValue(args, i, "--disable-sandbox-layer-for-testing",
                  sandbox.disabled_layer_for_testing) ||
        TakeValue(args, i, "--sandbox-escape-for-testing", sandbox.escape_attempt_for_testing) ||
        TakeValue(args, i, "--ca-file", ca_file) ||
        TakeValue(args, i, "--network-timeout-ms", network_timeout) ||
        TakeValue(args, i, "--cache-dir", sandbox.paths.cache_directory) ||
        TakeValue(args, i, "--models-dir", models_dir) ||
        TakeValue(args, i, "--script-time-limit-ms", script_limit);
  }
  if (!script_limit.empty())
    renderer::SetScriptTimeLimitMs(std::strtoll(script_limit.c_str(), nullptr, 10));
  if (!models_dir.empty()) {
    ai::SetModelsDirectory(models_dir);
    sandbox.paths.models_directory = models_dir;  // the AI process reads it, nothing else
  }
  network::NetworkSettings network_settings;
  network_settings.cache_directory = sandbox.paths.cache_directory;
  if (!ca_file.empty()) {
    network_settings.ca_file = ca_file;
    sandbox.paths.network_files.push_back(ca_file);  // the network service must read it
  }
  if (!network_timeout.empty())
    network_settings.stall_timeout_ms = std::strtoll(network_timeout.c_str(), nullptr, 10);
  network::SetNetworkSettings(std::move(network_settings));
  auto type = process::ParseProcessType(type_name);
  if (!type || *type == process::ProcessType::BROWSER)
    return Fail("--type=" + type_name + " is not a child process type");
  if (auto status = process::ChildStartup(std::atoi(parent_text.c_str())); !status.ok())
    return Fail(status.error().message(), 1);
  SetChildSandboxSettings(std::move(sandbox));
  return RunChild(*type, static_cast<uint32_t>(std::strtoul(id_text.c_str(), nullptr, 10)),
                  std::strtoull(limit_text.c_str(), nullptr, 10), ScopedFd(process::kChildChannelFd));
}

int PrintSandboxStatus(capnp::List<browser::schema::ProcessSandbox>::Reader processes, bool json) {
  nlohmann::json list = nlohmann::json::array();
  for (auto process : processes) {
    std::string name = std::string(process::ProcessTypeName(process.getType())) + " #" +
                       std::to_string(process.getProcessId());
    nlohmann::json layers = nlohmann::json::object();
    std::string line;
    for (auto layer : process.getLayers()) {
      layers[layer.getName().cStr()] = {{"active", layer.getActive()},
                                        {"detail", layer.getDetail().cStr()}};
      line += std::string("  ") + (layer.getActive() ? "+" : "-") + layer.getName().cStr() +
              " (" + layer.getDetail().cStr() + ")\n";
    }
    nlohmann::json missing = nlohmann::json::array();
    for (auto reason : process.getMissing()) {
      missing.push_back(reason.cStr());
      line += std::string("  missing: ") + reason.cStr() + "\n";
    }
    list.push_back({{"id", process.getProcessId()},
                    {"type", process::ProcessTypeName(process.getType())},
                    {"pid", process.getPid()},
                    {"layers", layers},
                    {"missing", missing}});
    if (!json)
      std::cout << name << " (pid " << process.getPid() << ")\n" << line;
  }
  if (json)
    std::cout << nlohmann::json{{"processes", list}}.dump(2) << "\n";
  return 0;
}

int RunControlCommand(const std::string& command, const std::vector<std::string>& args) {
  std::string profile_flag, output;
  bool json = false, reset = false, full_page = false;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    if (TakeValue(args, i, "--profile", profile_flag) ||
        (command == "screenshot" && TakeValue(args, i, "-o", output)))
      continue;
    if (args[i] == "--json")
      json = true;
    else if (args[i] == "--reset")
      reset = true;
    else if (args[i] == "--full-page" && command == "screenshot")
      full_page = true;
    else if (args[i].rfind("--", 0) == 0)
      return Fail("unknown option " + args[i] + " for '" + command + "'\n" + kUsage);
    else
      positional.push_back(args[i]);
  }
  auto profile = browser::ResolveProfile(profile_flag);
  if (!profile.ok())
    return Fail(profile.error().message());
  auto client = browser::ControlClient::Connect(profile->control_socket_path());
  if (!client.ok())
    return Fail(client.error().message(), 1);
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<browser::schema::ControlRequest>();
  auto need_id = [&](size_t count) -> Result<uint32_t> {
    if (positional.size() != count)
      return Error("'" + command + "' takes " + std::to_string(count) + " argument(s)");
    auto value = ParsePositive(command, positional[0]);
    if (!value.ok())
      return value.error();
    return static_cast<uint32_t>(*value);
  };
  if (command == "ps") {
    request.setListProcesses();
  } else if (command == "sandbox-status") {
    request.setSandboxStatus();
  } else if (command == "tabs") {
    request.setListTabs();
  } else if (command == "crashes") {
    request.setCrashCounts(reset);
  } else if (command == "quit") {
    request.setQuit();
  } else if (command == "hit-test" || command == "click") {
    if (positional.size() != 3)
      return Fail("'" + command + "' takes TAB X Y");
    auto id = ParsePositive(command, positional[0]);
    if (!id.ok())
      return Fail(id.error().message());
    int coordinates[2];
    for (int i = 0; i < 2; ++i) {
      char* end = nullptr;
      long value = std::strtol(positional[i + 1].c_str(), &end, 10);
      if (positional[i + 1].empty() || *end || value < 0 || value > 1000000)
        return Fail(command + ": '" + positional[i + 1] + "' is not a page coordinate");
      coordinates[i] = static_cast<int>(value);
    }
    auto point = command == "click" ? request.initClick() : request.initHitTest();
    point.setTabId(static_cast<uint32_t>(*id));
    point.setX(coordinates[0]);
    point.setY(coordinates[1]);
  } else if (command == "screenshot") {
    auto id = need_id(1);
    if (!id.ok())
      return Fail(id.error().message());
    if (output.empty())
      return Fail("screenshot needs -o OUT.png");
    // Main writes the file: it needs the whole path, not one relative to this shell.
    std::filesystem::path path = std::filesystem::absolute(output);
    auto shot = request.initScreenshot();
    shot.setTabId(*id);
    shot.setPath(path.string());
    shot.setFullPage(full_page);
  } else if (command == "type" || command == "key") {
    if (positional.size() != 2)
      return Fail("'" + command + "' takes TAB " + (command == "type" ? "TEXT" : "KEY"));
    auto id = ParsePositive(command, positional[0]);
    if (!id.ok())
      return Fail(id.error().message());
    if (command == "type") {
      auto typed = request.initTypeText();
      typed.setTabId(static_cast<uint32_t>(*id));
      typed.setText(positional[1]);
    } else {
      auto key = request.initPressKey();
      key.setTabId(static_cast<uint32_t>(*id));
      key.setKey(positional[1]);
    }
  } else if (command == "go") {
    // What a user types in the address bar: every word after the tab.
    if (positional.size() < 2)
      return Fail("'go' takes TAB TEXT");
    auto id = ParsePositive(command, positional[0]);
    if (!id.ok())
      return Fail(id.error().message());
    std::string text;
    for (size_t i = 1; i < positional.size(); ++i)
      text += (i > 1 ? " " : "") + positional[i];
    auto input = request.initAddressBarInput();
    input.setTabId(static_cast<uint32_t>(*id));
    input.setText(text);
  } else if (command == "navigate") {
    auto id = need_id(2);
    if (!id.ok())
      return Fail(id.error().message());
    auto navigate = request.initNavigate();
    navigate.setTabId(*id);
    navigate.setUrl(positional[1]);
  } else {
    auto id = need_id(1);
    if (!id.ok())
      return Fail(id.error().message());
    if (command == "suspend")
      request.setSuspend(*id);
    else if (command == "resume")
      request.setResume(*id);
    else if (command == "reload")
      request.setReload(*id);
    else if (command == "release")
      request.setReleaseToPool(*id);
    else if (command == "back")
      request.setGoBack(*id);
    else if (command == "forward")
      request.setGoForward(*id);
    else if (command == "cookies")
      request.setDocumentCookie(*id);
    else if (command == "analyze-tab")
      request.setAnalyzeTab(*id);
    else
      return Fail("unknown command '" + command + "'\n" + kUsage);
  }
  // An analysis reads every image of the page by OCR, at background priority: minutes, at
  // worst, on a big page; everything else answers at once.
  auto reply = client->Call(message, command == "analyze-tab" ? 600000 : 10000);
  if (!reply.ok())
    return Fail(reply.error().message(), 1);
  auto root = (*reply)->Root<browser::schema::ControlReply>();
  using Reply = browser::schema::ControlReply;
  switch (root.which()) {
    case Reply::ERROR:
      return Fail(root.getError().cStr(), 1);
    case Reply::OK:
    case Reply::OPENED_TAB:
      return 0;
    case Reply::PROCESSES: {
      std::vector<process::ProcessStatsRecord> records;
      for (auto stats : root.getProcesses())
        records.push_back(process::FromCapnp(stats));
      if (json)
        std::cout << process::ToJson(records).dump(2) << "\n";
      else
        std::cout << process::FormatProcessTree(records);
      return 0;
    }
    case Reply::TABS: {
      nlohmann::json tabs = nlohmann::json::array();
      for (auto tab : root.getTabs()) {
        tabs.push_back({{"id", tab.getTabId()}, {"url", tab.getUrl().cStr()},
                        {"title", tab.getTitle().cStr()}, {"state", tab.getState().cStr()},
                        {"renderer_id", tab.getRendererId()},
                        {"error", tab.getCrashReason().cStr()},
                        {"text_length", tab.getTextLength()}});
        if (!json) {
          std::cout << tab.getTabId() << "\t" << tab.getState().cStr() << "\t"
                    << tab.getTitle().cStr() << "\t" << tab.getUrl().cStr() << "\n";
        }
      }
      if (json)
        std::cout << nlohmann::json{{"tabs", tabs}}.dump(2) << "\n";
      return 0;
    }
    case Reply::SANDBOX:
      return PrintSandboxStatus(root.getSandbox(), json);
    case Reply::TEXT:
      if (command == "analyze-tab") {  // the analysis as JSON, shown as `nexus analyze` shows it
        auto analysis = nlohmann::json::parse(root.getText().cStr(), nullptr, false);
        if (analysis.is_discarded())
          return Fail("analyze-tab: the browser's answer is not JSON", 1);
        std::cout << (json ? analysis.dump(2) + "\n" : browser::FormatAnalysis(analysis));
        return 0;
      }
      std::cout << root.getText().cStr() << "\n";
      return 0;
    case Reply::HIT_TEST: {
      auto hit = root.getHitTest();
      nlohmann::json out = {{"found", hit.getFound()},
                            {"tag", hit.getTag().cStr()},
                            {"id", hit.getElementId().cStr()},
                            {"link", hit.getLink().cStr()},
                            {"box", {hit.getX(), hit.getY(), hit.getWidth(), hit.getHeight()}}};
      if (json)
        std::cout << out.dump(2) << "\n";
      else if (!hit.getFound())
        std::cout << "nothing\n";
      else
        std::cout << hit.getTag().cStr() << (hit.getElementId().size() ? "#" : "")
                  << hit.getElementId().cStr() << " at " << hit.getX() << "," << hit.getY()
                  << " " << hit.getWidth() << "x" << hit.getHeight()
                  << (hit.getLink().size() ? std::string(" link ") + hit.getLink().cStr() : "")
                  << "\n";
      return 0;
    }
    case Reply::CRASH_COUNTS: {
      for (auto count : root.getCrashCounts()) {
        std::cout << process::ProcessTypeName(count.getType()) << "\t"
                  << count.getRecentCrashes() << (count.getDisabled() ? "\tdisabled" : "")
                  << "\n";
      }
      return 0;
    }
  }
  return Fail("unexpected reply", 1);
}

// A profile directory removed with everything in it when the object goes.
struct TemporaryProfile {
  std::string path;
  static Result<TemporaryProfile> Create() {
    std::string base = std::filesystem::temp_directory_path().string() + "/nexus-shot-XXXXXX";
    if (!mkdtemp(base.data()))
      return ErrnoError("create a temporary profile in " + base);
    return TemporaryProfile{base};
  }
  TemporaryProfile(std::string p) : path(std::move(p)) {}
  TemporaryProfile(TemporaryProfile&& other) noexcept : path(std::move(other.path)) {
    other.path.clear();
  }
  ~TemporaryProfile() {
    std::error_code ignored;
    if (!path.empty())
      std::filesystem::remove_all(path, ignored);
  }
};

// The browser, or one of its one-shot commands when `options` names one (shot, fetch, ...);
// `args` are the command line's browser flags and URLs.
int RunBrowser(const std::vector<std::string>& args, browser::BrowserOptions options = {}) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string value;
    const std::string& arg = args[i];
    if (arg == "--headless") {
      options.headless = true;
    } else if (arg == "--exit-after-load") {
      options.exit_after_load = true;
    } else if (arg == "--no-zygote") {
      options.use_zygote = false;
    } else if (arg == "--no-sandbox") {
      options.sandbox = false;
    } else if (arg == "--disable-cache") {
      options.disable_cache = true;
    } else if (arg == "--disable-ai") {
      options.disable_ai = true;
    } else if (arg == "--ai-prelaunch") {
      options.ai_prelaunch = true;
    } else if (TakeValue(args, i, "--ai-idle-timeout-s", value)) {
      auto seconds = ParsePositive("--ai-idle-timeout-s", value);
      if (!seconds.ok())
        return Fail(seconds.error().message());
      options.ai_idle_timeout_ms = *seconds * 1000;
    } else if (TakeValue(args, i, "--models-dir", value)) {
      char* absolute = realpath(value.c_str(), nullptr);
      if (!absolute)
        return Fail("--models-dir: no directory " + value);
      options.models_directory = absolute;
      free(absolute);
    } else if (TakeValue(args, i, "--intent-deadline-ms", value)) {
      auto ms = ParsePositive("--intent-deadline-ms", value);
      if (!ms.ok() || *ms > 60000)
        return Fail("--intent-deadline-ms needs a number of milliseconds from 1 to 60000, not '" +
                    value + "'");
      options.intent_deadline_ms = static_cast<uint32_t>(*ms);
    } else if (TakeValue(args, i, "--search-url", value)) {
      if (auto status = browser::CheckSearchTemplate(value); !status.ok())
        return Fail("--search-url: " + status.error().message());
      options.search_template = value;
    } else if (arg == "--require-sandbox") {
      options.require_sandbox = true;
    } else if (TakeValue(args, i, "--disable-sandbox-layer-for-testing", value)) {
      options.sandbox_layer_disabled_for_testing = value;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (TakeValue(args, i, "--profile", value)) {
      options.profile_flag = value;
    } else if (TakeValue(args, i, "--trace", value)) {
      options.trace_path = value;
    } else if (TakeValue(args, i, "--ca-file", value)) {
      if (access(value.c_str(), R_OK) != 0)
        return Fail("--ca-file: cannot read " + value);
      char* absolute = realpath(value.c_str(), nullptr);
      options.child_args.push_back("--ca-file=" + std::string(absolute ? absolute : value.c_str()));
      free(absolute);
    } else if (TakeValue(args, i, "--network-timeout-ms", value) ||
               TakeValue(args, i, "--script-time-limit-ms", value)) {
      std::string flag = arg.substr(0, arg.find('='));
      auto number = ParsePositive(flag, value);
      if (!number.ok())
        return Fail(number.error().message());
      options.child_args.push_back(flag + "=" + std::to_string(*number));
    } else if (TakeValue(args, i, "--memory-limit", value)) {
      process::ResourceLimiter check;
      if (auto status = check.SetLimitFromFlag(value); !status.ok())
        return Fail(status.error().message());
      options.memory_limits.push_back(value);
    } else if (TakeValue(args, i, "--renderer-pool", value)) {
      char* end = nullptr;
      long pool = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end || pool < 0 || pool > 64)
        return Fail("--renderer-pool needs a number from 0 to 64, not '" + value + "'");
      options.renderer_pool = static_cast<size_t>(pool);
    } else if (TakeValue(args, i, "--heartbeat-ms", value) ||
               TakeValue(args, i, "--hang-timeout-ms", value) ||
               TakeValue(args, i, "--memory-sample-ms", value) ||
               TakeValue(args, i, "--crash-window-s", value) ||
               TakeValue(args, i, "--crash-threshold", value)) {
      std::string flag = arg.substr(0, arg.find('='));
      auto number = ParsePositive(flag, value);
      if (!number.ok())
        return Fail(number.error().message());
      if (flag == "--heartbeat-ms")
        options.monitor.heartbeat_interval_ms = *number;
      else if (flag == "--hang-timeout-ms")
        options.monitor.hang_timeout_ms = *number;
      else if (flag == "--memory-sample-ms")
        options.monitor.memory_sample_interval_ms = *number;
      else if (flag == "--crash-window-s")
        options.crash_loop.window_ms = *number * 1000;
      else
        options.crash_loop.max_crashes_in_window = static_cast<int>(*number);
    } else if (arg.rfind("-", 0) == 0) {
      return Fail("unknown option " + arg + "\n" + kUsage);
    } else {
      // Reject what cannot be loaded before starting anything.
      auto url = browser::UrlFromUserInput(arg);
      if (!url.ok())
        return Fail(url.error().message());
      options.urls.push_back(arg);
    }
  }
  if (options.urls.empty() && options.exit_after_load)
    return Fail("--exit-after-load needs a URL or file to load");
  std::optional<TemporaryProfile> temporary_profile;
  if (options.download) {
    // nexus fetch: the URL is the download's, not a tab's.
    if (options.urls.size() != 1)
      return Fail("fetch takes one URL, not " + std::to_string(options.urls.size()));
    options.download->url = options.urls.front();
    options.urls.clear();
  }
  if (options.shot || options.analyze || options.related || options.eval) {
    if (options.urls.size() != 1)
      return Fail(std::string(options.shot      ? "shot"
                              : options.analyze ? "analyze"
                              : options.eval    ? "eval"
                                                : "related") +
                  " takes one URL or file, not " + std::to_string(options.urls.size()));
    options.exit_after_load = true;
    // One page needs one renderer: a zygote or a warm pool only pays off from the second.
    options.use_zygote = false;
    options.renderer_pool = 0;
  }
  if (options.one_shot() && options.profile_flag.empty()) {
    // A one-shot command must not hand its URL to a running browser: a profile of its own.
    auto created = TemporaryProfile::Create();
    if (!created.ok())
      return Fail(created.error().message(), 1);
    temporary_profile.emplace(std::move(created).value());
    options.profile_flag = temporary_profile->path;
  }
  if (!options.sandbox && options.require_sandbox)
    return Fail("--require-sandbox and --no-sandbox contradict each other");
  const std::string& disabled = options.sandbox_layer_disabled_for_testing;
  if (!disabled.empty() &&
      std::none_of(std::begin(sandbox::kLayerNames), std::end(sandbox::kLayerNames),
                   [&](const char* name) { return disabled == name; })) {
    return Fail("--disable-sandbox-layer-for-testing: no sandbox layer '" + disabled + "'");
  }
  if (MinLogLevel() <= LogLevel::kInfo)
    options.child_args.push_back("--log-level=info");
  browser::MainProcess main_process(std::move(options));
  auto initialized = main_process.Initialize();
  if (!initialized.ok())
    return Fail(initialized.error().message(), 1);
  if (!*initialized)
    return 0;  // Handed to the running instance.
  return main_process.Run();
}

// nexus intent TEXT [--json]; nexus analyze --lang-only TEXT_FILE [--json]: one question to
// the AI process.
int RunAiQuery(const std::string& command, const std::vector<std::string>& args) {
  browser::AiQuery query;
  std::vector<std::string> browser_args, positional;
  bool lang_only = false, ocr_only = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--json") {
      query.json = true;
    } else if (arg == "--lang-only") {
      lang_only = true;
    } else if (arg == "--ocr-only") {
      ocr_only = true;
    } else if (TakesValue(arg) && i + 1 < args.size()) {
      browser_args.push_back(arg);  // a browser flag with its value
      browser_args.push_back(args[++i]);
    } else if (arg.rfind("--", 0) == 0) {
      browser_args.push_back(arg);
    } else {
      positional.push_back(arg);
    }
  }
  if (command == "intent") {
    if (positional.empty())
      return Fail("usage: nexus intent TEXT [--json]");
    query.task = ai::schema::AiTask::CLASSIFY_INTENT;
    for (const std::string& word : positional)
      query.text += (query.text.empty() ? "" : " ") + word;
  } else {
    if ((lang_only && ocr_only) || positional.size() != 1)
      return Fail("usage: nexus analyze URL_OR_FILE | --lang-only TEXT_FILE | --ocr-only IMAGE"
                  " [--json]");
    if (!lang_only && !ocr_only) {
      // The whole page: loaded in a renderer, analysed in the AI process.
      browser::AnalyzeOptions analyze;
      analyze.json = query.json;
      browser_args.push_back(positional[0]);
      if (!std::getenv("NEXUS_LOG"))
        SetMinLogLevel(LogLevel::kError);
      browser::BrowserOptions options;
      options.analyze = std::move(analyze);
      return RunBrowser(browser_args, std::move(options));
    }
    std::ifstream file(positional[0], std::ios::binary);
    if (!file)
      return Fail("cannot read " + positional[0], 1);
    std::stringstream content;
    content << file.rdbuf();
    query.task = lang_only ? ai::schema::AiTask::DETECT_LANGUAGE
                           : ai::schema::AiTask::RECOGNIZE_TEXT;
    query.text = content.str();
  }
  if (!std::getenv("NEXUS_LOG"))
    SetMinLogLevel(LogLevel::kError);
  browser::BrowserOptions options;
  options.ai_query = std::move(query);
  return RunBrowser(browser_args, std::move(options));
}

// nexus related URL_OR_FILE [--json] [--count N] [--profile DIR]: the pages of the profile's
// history most like this one. The history is read from the profile; the command itself runs
// on a profile of its own, so it works beside a browser running on that profile.
int RunRelated(const std::vector<std::string>& args) {
  browser::RelatedOptions related;
  std::vector<std::string> browser_args;
  std::string profile_flag;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string value;
    if (TakeValue(args, i, "--profile", profile_flag))
      continue;
    if (args[i] == "--json") {
      related.json = true;
    } else if (TakeValue(args, i, "--count", value)) {
      auto count = ParsePositive("--count", value);
      if (!count.ok())
        return Fail(count.error().message());
      related.count = static_cast<size_t>(*count);
    } else if (args[i] == "--profile" || args[i] == "--count") {
      return Fail(args[i] + " needs a value");
    } else {
      browser_args.push_back(args[i]);
    }
  }
  auto profile = browser::ResolveProfile(profile_flag);
  if (!profile.ok())
    return Fail(profile.error().message());
  related.history_database = profile->database_path();
  if (!std::getenv("NEXUS_LOG"))
    SetMinLogLevel(LogLevel::kError);
  browser::BrowserOptions options;
  options.related = std::move(related);
  return RunBrowser(browser_args, std::move(options));
}

// nexus eval URL_OR_FILE EXPRESSION: the JSON of the expression's value once the page loaded.
int RunEval(const std::vector<std::string>& args) {
  std::vector<std::string> browser_args, positional;
  browser::EvalOptions eval;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string value;
    if (TakeValue(args, i, "--wait-ms", value)) {
      auto ms = ParsePositive("--wait-ms", value);
      if (!ms.ok() || *ms > 600000)
        return Fail("--wait-ms needs milliseconds from 1 to 600000, not '" + value + "'");
      eval.wait_ms = static_cast<int>(*ms);
      continue;
    }
    if (args[i].rfind("--", 0) != 0) {
      positional.push_back(args[i]);
      continue;
    }
    browser_args.push_back(args[i]);
    if (TakesValue(args[i]) && i + 1 < args.size())
      browser_args.push_back(args[++i]);
  }
  if (positional.size() != 2)
    return Fail("usage: nexus eval URL_OR_FILE EXPRESSION [browser options]");
  browser_args.push_back(positional[0]);
  browser::BrowserOptions options;
  eval.expression = positional[1];
  options.eval = std::move(eval);
  if (!std::getenv("NEXUS_LOG"))
    SetMinLogLevel(LogLevel::kError);
  return RunBrowser(browser_args, std::move(options));
}

// nexus fetch URL -o FILE: the body, streamed through the network service into FILE.
int RunFetch(const std::vector<std::string>& args) {
  browser::DownloadOptions download;
  std::vector<std::string> browser_args;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string value;
    if (TakeValue(args, i, "-o", value) || TakeValue(args, i, "--output", value))
      download.output_path = value;
    else if (args[i] == "-o" || args[i] == "--output")
      return Fail(args[i] + " needs a value");
    else
      browser_args.push_back(args[i]);
  }
  if (download.output_path.empty())
    return Fail("fetch needs -o FILE\n" + std::string(kUsage));
  if (!std::getenv("NEXUS_LOG"))
    SetMinLogLevel(LogLevel::kError);
  browser::BrowserOptions options;
  options.download = std::move(download);
  return RunBrowser(browser_args, std::move(options));
}

// nexus shot URL_OR_FILE -o OUT.png [--width W] [--height H] [--full-page] [--timeout S]
int RunShot(const std::vector<std::string>& args) {
  browser::ShotOptions shot;
  std::vector<std::string> browser_args;
  auto number = [](const std::string& flag, const std::string& text, int max) -> Result<int> {
    auto value = ParsePositive(flag, text);
    if (!value.ok())
      return value.error();
    if (*value > max)
      return Error(flag + " is at most " + std::to_string(max) + ", not " + text);
    return static_cast<int>(*value);
  };
  for (size_t i = 0; i < args.size(); ++i) {
    std::string value;
    Result<int> parsed = 0;
    if (TakeValue(args, i, "-o", value) || TakeValue(args, i, "--output", value)) {
      shot.output_path = value;
    } else if (TakeValue(args, i, "--width", value)) {
      parsed = number("--width", value, renderer::kMaxFrameSide);
      shot.width = parsed.ok() ? *parsed : 0;
    } else if (TakeValue(args, i, "--height", value)) {
      parsed = number("--height", value, renderer::kMaxFrameSide);
      shot.height = parsed.ok() ? *parsed : 0;
    } else if (TakeValue(args, i, "--timeout", value)) {
      parsed = number("--timeout", value, 3600);
      shot.timeout_s = parsed.ok() ? *parsed : 0;
    } else if (TakeValue(args, i, "--wait-ms", value)) {
      parsed = number("--wait-ms", value, 600000);
      shot.wait_ms = parsed.ok() ? *parsed : 0;
    } else if (args[i] == "--full-page") {
      shot.full_page = true;
    } else if (args[i] == "-o" || args[i] == "--output" || args[i] == "--width" ||
               args[i] == "--height" || args[i] == "--timeout" || args[i] == "--wait-ms") {
      return Fail(args[i] + " needs a value");
    } else {
      browser_args.push_back(args[i]);
    }
    if (!parsed.ok())
      return Fail(parsed.error().message());
  }
  if (shot.output_path.empty())
    return Fail("shot needs -o OUT.png\n" + std::string(kUsage));
  // A shot that fails says why in one line; the warnings on the way there are for NEXUS_LOG.
  if (!std::getenv("NEXUS_LOG"))
    SetMinLogLevel(LogLevel::kError);
  browser::BrowserOptions options;
  options.shot = std::move(shot);
  return RunBrowser(browser_args, std::move(options));
}

}  // namespace
}  // namespace nexus::app

int main(int argc, char** argv) {
  using namespace nexus;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& arg : args) {
    if (arg == "--log-level=info")
      SetMinLogLevel(LogLevel::kInfo);
  }
  for (const std::string& arg : args) {
    if (arg.rfind("--type=", 0) == 0 && arg != "--type=main")
      return app::RunChildFromCommandLine(args);
  }
  SetLogPrefix("main");
  static const char* kCommands[] = {"ps",      "tabs",     "crashes", "suspend",
                                    "resume",  "reload",   "navigate", "release",
                                    "quit",    "sandbox-status", "back", "forward",
                                    "hit-test", "click", "cookies", "go", "analyze-tab",
                                    "screenshot", "type", "key"};
  if (!args.empty()) {
    for (const char* command : kCommands) {
      if (args[0] == command)
        return app::RunControlCommand(args[0], {args.begin() + 1, args.end()});
    }
  }
  if (!args.empty() && args[0] == "routes") {
    // The IPC routing table: who may send which interface to whom (docs/architecture.md).
    std::cout << routes::DescribeRoutes();
    return 0;
  }
  if (!args.empty() && args[0] == "shot")
    return app::RunShot({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "fetch")
    return app::RunFetch({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "eval")
    return app::RunEval({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "related")
    return app::RunRelated({args.begin() + 1, args.end()});
  if (!args.empty() && (args[0] == "intent" || args[0] == "analyze"))
    return app::RunAiQuery(args[0], {args.begin() + 1, args.end()});
  std::vector<std::string> browser_args;
  for (const std::string& arg : args) {
    if (arg != "--type=main" && arg != "--log-level=info")
      browser_args.push_back(arg);
  }
  return app::RunBrowser(browser_args);
}
