// The commands a running browser answers over its control socket (`nexus ps`, `tabs`,
// `navigate`, `screenshot`, ...): each sends one ControlRequest and prints the reply.
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "base/flag_table.h"
#include "process/inspector.h"
#include "services/browser/page_analysis.h"
#include "services/browser/profile.h"
#include "services/browser/public/control_client.h"

namespace nexus::app {

namespace {

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
      line += std::string("  ") + (layer.getActive() ? "+" : "-") + layer.getName().cStr() + " (" +
              layer.getDetail().cStr() + ")\n";
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

}  // namespace

namespace {

// The commands a running browser answers, each with what it takes after its flags.
struct RemoteCommand {
  const char* name;
  const char* arguments;
  const char* what;
};
constexpr RemoteCommand kRemoteCommands[] = {
    {"ps", "", "the process tree: type, state, memory, CPU, IPC counts, sandbox, site"},
    {"tabs", "", "the tabs and their state"},
    {"sandbox-status", "", "each child's sandbox layers, read from /proc"},
    {"crashes", "", "crash-loop counts per type"},
    {"quit", "", "end the browser"},
    {"suspend", "ID", "stop a process (SIGSTOP)"},
    {"resume", "ID", "continue a suspended process"},
    {"release", "ID", "give an unused renderer back to the pool"},
    {"reload", "TAB", "load the tab's page again (a crashed tab too)"},
    {"back", "TAB", "the tab's previous page"},
    {"forward", "TAB", "the tab's next page"},
    {"navigate", "TAB URL", "load URL in the tab"},
    {"hit-test", "TAB X Y", "the element and link at a page point"},
    {"click", "TAB X Y", "press and release there: links navigate, forms submit"},
    {"type", "TAB TEXT", "keys into the focused field"},
    {"key", "TAB KEY", "one named key: Enter, Tab, Backspace, Escape..."},
    {"go", "TAB TEXT...", "typed in the address bar: opened or searched for"},
    {"cookies", "TAB", "what document.cookie shows in the tab"},
    {"analyze-tab", "TAB", "analyse the page the tab shows"},
    {"screenshot", "[TAB]",
     "what the tab shows now, as PNG; without TAB, the window as composited"},
    {"history", "[QUERY]",
     "the pages visited, newest first (those whose title or URL holds QUERY)"},
    {"bookmarks", "add URL [TITLE] | list | remove URL", "the profile's bookmarks"},
    {"settings", "get [KEY] | set KEY VALUE", "the profile's settings (search_url)"},
    {"clear-site-data", "ORIGIN", "an origin's storage, its site's cookies and its HTTP cache"},
    {"eval-tab", "TAB EXPRESSION", "the JSON of an expression's value in the tab's page"},
};

struct RemoteOptions {
  std::string profile_flag;
  bool json = false;
  bool reset = false;
  bool full_page = false;
  std::string output;
};

FlagTable CommandFlags(const std::string& command, RemoteOptions& options);

// The flags of `command`: every one takes --profile; some have their own.
FlagTable RemoteFlags(const std::string& command, RemoteOptions& options) {
  FlagTable table = CommandFlags(command, options);
  table.Text("--profile", "DIR", "the running browser's profile", options.profile_flag);
  return table;
}

// The profile's lists as main sends them (JSON): printed as JSON or as lines.
int PrintProfileList(const std::string& command, const std::string& text, bool json) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded())
    return Fail(command + ": the browser's answer is not JSON", 1);
  if (json) {
    std::cout << parsed.dump(2) << "\n";
    return 0;
  }
  if (command == "settings") {
    for (auto& [key, value] : parsed.items())
      std::cout << key << "=" << value.get<std::string>() << "\n";
    return 0;
  }
  for (const auto& entry : parsed[command == "history" ? "visits" : "bookmarks"]) {
    std::time_t seconds =
        entry[command == "history" ? "time_ms" : "added_ms"].get<int64_t>() / 1000;
    char when[32];
    std::strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", std::localtime(&seconds));
    std::cout << when << "\t" << entry["title"].get<std::string>() << "\t"
              << entry["url"].get<std::string>() << "\n";
  }
  return 0;
}

// What `command` takes beside --profile.
FlagTable CommandFlags(const std::string& command, RemoteOptions& options) {
  FlagTable table;
  if (command == "ps" || command == "tabs" || command == "sandbox-status" ||
      command == "hit-test" || command == "analyze-tab" || command == "history" ||
      command == "bookmarks")
    table.Switch("--json", "print JSON", options.json);
  if (command == "crashes")
    table.Switch("--reset", "forget the crashes; re-enable disabled types", options.reset);
  if (command == "screenshot") {
    table.Text("-o", "OUT.png", "where the PNG goes (required)", options.output);
    table.Switch("--full-page", "the whole page, not the viewport", options.full_page);
  }
  return table;
}

Result<uint32_t> ParseId(const std::string& command, const std::string& text) {
  ASSIGN_OR_RETURN(int64_t id, ParseNumber(command, text, 1, UINT32_MAX));
  return static_cast<uint32_t>(id);
}

}  // namespace

bool IsRemoteCommand(const std::string& command) {
  return std::any_of(std::begin(kRemoteCommands), std::end(kRemoteCommands),
                     [&](const RemoteCommand& remote) { return command == remote.name; });
}

std::string UsageOfRemoteCommands() {
  std::string usage =
      "Commands to a running browser, which take --profile DIR (the browser's profile):\n";
  for (const RemoteCommand& remote : kRemoteCommands) {
    RemoteOptions ignored;
    usage += std::string("nexus ") + remote.name + (*remote.arguments ? " " : "") +
             remote.arguments + "\n  " + remote.what + "\n" +
             CommandFlags(remote.name, ignored).Help();
  }
  return usage;
}

int RunRemoteCommand(const std::string& command, const std::vector<std::string>& args) {
  RemoteOptions options;
  auto parsed = RemoteFlags(command, options).Parse(args);
  if (!parsed.ok())
    return Fail(parsed.error().message() + " for '" + command + "'");
  const std::vector<std::string>& positional = *parsed;
  std::string& profile_flag = options.profile_flag;
  std::string& output = options.output;
  bool json = options.json, reset = options.reset, full_page = options.full_page;
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
    return ParseId(command, positional[0]);
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
    auto id = ParseId(command, positional[0]);
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
    // No tab: the GPU process's output, the window as it shows.
    auto id = positional.empty() ? Result<uint32_t>(0u) : need_id(1);
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
  } else if (command == "history") {
    if (positional.size() > 1)
      return Fail("'history' takes at most one QUERY (quote words together)");
    request.setHistory(positional.empty() ? "" : positional[0]);
  } else if (command == "bookmarks") {
    using Action = browser::schema::BookmarkAction;
    auto change = request.initBookmarks();
    std::string verb = positional.empty() ? "list" : positional[0];
    if (verb == "list" && positional.size() <= 1) {
      change.setAction(Action::LIST);
    } else if (verb == "add" && (positional.size() == 2 || positional.size() == 3)) {
      change.setAction(Action::ADD);
      change.setUrl(positional[1]);
      if (positional.size() == 3)
        change.setTitle(positional[2]);
    } else if (verb == "remove" && positional.size() == 2) {
      change.setAction(Action::REMOVE);
      change.setUrl(positional[1]);
    } else {
      return Fail("'bookmarks' takes add URL [TITLE], list or remove URL");
    }
  } else if (command == "settings") {
    auto change = request.initSettings();
    if (!positional.empty() && positional[0] == "get" && positional.size() <= 2) {
      change.setKey(positional.size() == 2 ? positional[1] : "");
    } else if (positional.size() == 3 && positional[0] == "set") {
      change.setKey(positional[1]);
      change.setValue(positional[2]);
      change.setSet(true);
    } else {
      return Fail("'settings' takes get [KEY] or set KEY VALUE");
    }
  } else if (command == "type" || command == "key") {
    if (positional.size() != 2)
      return Fail("'" + command + "' takes TAB " + (command == "type" ? "TEXT" : "KEY"));
    auto id = ParseId(command, positional[0]);
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
    auto id = ParseId(command, positional[0]);
    if (!id.ok())
      return Fail(id.error().message());
    std::string text;
    for (size_t i = 1; i < positional.size(); ++i)
      text += (i > 1 ? " " : "") + positional[i];
    auto input = request.initAddressBarInput();
    input.setTabId(static_cast<uint32_t>(*id));
    input.setText(text);
  } else if (command == "clear-site-data") {
    if (positional.size() != 1)
      return Fail("'clear-site-data' takes one ORIGIN (https://example.com)");
    request.setClearSiteData(positional[0]);
  } else if (command == "eval-tab") {
    auto id = need_id(2);
    if (!id.ok())
      return Fail(id.error().message());
    auto evaluate = request.initEvaluate();
    evaluate.setTabId(*id);
    evaluate.setText(positional[1]);
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
      return Fail("unknown command '" + command + "'");
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
        tabs.push_back({{"id", tab.getTabId()},
                        {"url", tab.getUrl().cStr()},
                        {"title", tab.getTitle().cStr()},
                        {"state", tab.getState().cStr()},
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
      if (command == "history" || command == "bookmarks" || command == "settings")
        return PrintProfileList(command, root.getText().cStr(), json);
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
                  << hit.getElementId().cStr() << " at " << hit.getX() << "," << hit.getY() << " "
                  << hit.getWidth() << "x" << hit.getHeight()
                  << (hit.getLink().size() ? std::string(" link ") + hit.getLink().cStr() : "")
                  << "\n";
      return 0;
    }
    case Reply::CRASH_COUNTS: {
      for (auto count : root.getCrashCounts()) {
        std::cout << process::ProcessTypeName(count.getType()) << "\t" << count.getRecentCrashes()
                  << (count.getDisabled() ? "\tdisabled" : "") << "\n";
      }
      return 0;
    }
  }
  return Fail("unexpected reply", 1);
}

}  // namespace nexus::app
