// The one-shot commands' command lines: each command's own flags, then a browser's
// (browser_flags.h), then the commands themselves (browser/one_shot_commands.h).
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "app/browser_flags.h"
#include "app/commands.h"
#include "base/logging.h"
#include "services/browser/one_shot_commands.h"
#include "services/browser/profile.h"
#include "web/page/frame_limits.h"

namespace nexus::app {
namespace {

struct OneShotOptions {
  browser::BrowserOptions browser;
  browser::ShotOptions shot;
  browser::EvalOptions eval;
  browser::RelatedOptions related;
  std::string output;  // fetch -o
  bool json = false;
  bool lang_only = false;
  bool ocr_only = false;
  int64_t wait_ms = 0;
  int64_t timeout_s = 0;
  int64_t width = 800, height = 600, count = 5;
  std::string history_profile;  // related --profile
};

struct OneShotCommand {
  const char* name;
  const char* arguments;
  const char* what;
};
constexpr OneShotCommand kOneShotCommands[] = {
    {"shot", "URL_OR_FILE -o OUT.png", "render one page (sandboxed) to a PNG"},
    {"eval", "URL_OR_FILE EXPRESSION", "the JSON of an expression's value once the page loaded"},
    {"fetch", "URL -o FILE", "save a body through the network service"},
    {"intent", "TEXT...", "what typed text is: url, search, question, calculation or command"},
    {"analyze", "URL_OR_FILE | --lang-only TEXT_FILE | --ocr-only IMAGE",
     "a page's language, topic, keywords, summary and the text in its images"},
    {"related", "URL_OR_FILE", "the pages of the profile's history most like this one"},
};

// `command`'s own flags; OneShotFlags adds the browser's.
FlagTable CommandFlags(const std::string& command, OneShotOptions& options) {
  FlagTable table;
  if (command == "shot") {
    options.timeout_s = options.shot.timeout_s;
    table.Text("-o", "OUT.png", "where the PNG goes (required)", options.shot.output_path)
        .Number("--width", "W", "the viewport's width in CSS pixels", 1, web::kMaxFrameSide,
                options.width)
        .Number("--height", "H", "the viewport's height", 1, web::kMaxFrameSide, options.height)
        .Switch("--full-page", "the whole page, not the viewport", options.shot.full_page)
        .Number("--timeout", "S", "fail if the page is not painted by then", 1, 3600,
                options.timeout_s)
        .Number("--wait-ms", "N", "after the load event, time for the page's timers", 1, 600000,
                options.wait_ms);
  } else if (command == "eval") {
    table.Number("--wait-ms", "N", "after the load event, time for the page's timers", 1, 600000,
                 options.wait_ms);
  } else if (command == "fetch") {
    table.Text("-o", "FILE", "where the body goes (required)", options.output);
  } else if (command == "intent") {
    table.Switch("--json", "print JSON", options.json);
  } else if (command == "analyze") {
    table.Switch("--json", "print JSON", options.json)
        .Switch("--lang-only", "only the language of a text file", options.lang_only)
        .Switch("--ocr-only", "only the text in an image", options.ocr_only);
  } else if (command == "related") {
    table.Switch("--json", "print JSON", options.json)
        .Number("--count", "N", "how many pages", 1, 1000, options.count)
        .Text("--profile", "DIR", "the profile whose history is searched", options.history_profile);
  }
  return table;
}

FlagTable OneShotFlags(const std::string& command, OneShotOptions& options) {
  FlagTable table = CommandFlags(command, options);
  // `related` runs on a profile of its own: its --profile is the history's.
  AddBrowserFlags(table, options.browser, /*with_profile=*/command != "related");
  return table;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return Error("cannot read " + path);
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace

bool IsOneShotCommand(const std::string& command) {
  return std::any_of(std::begin(kOneShotCommands), std::end(kOneShotCommands),
                     [&](const OneShotCommand& one) { return command == one.name; });
}

std::string UsageOfOneShotCommands() {
  std::string usage =
      "The one-shot commands run a browser of their own (a temporary profile) and take the "
      "browser's flags too.\n";
  for (const OneShotCommand& one : kOneShotCommands) {
    OneShotOptions ignored;
    usage += std::string("nexus ") + one.name + " " + one.arguments + " [flags]\n  " + one.what +
             "\n" + CommandFlags(one.name, ignored).Help();
  }
  return usage;
}

int RunOneShotCommand(const std::string& command, const std::vector<std::string>& args) {
  OneShotOptions options;
  auto parsed = OneShotFlags(command, options).Parse(args);
  if (!parsed.ok())
    return Fail(parsed.error().message() + " for '" + command + "'");
  if (auto status = CheckBrowserOptions(options.browser); !status.ok())
    return Fail(status.error().message());
  const std::vector<std::string>& positional = *parsed;
  // A command that fails says why in one line; the warnings on the way (its children's too)
  // are for NEXUS_LOG.
  if (!std::getenv("NEXUS_LOG") && MinLogLevel() > LogLevel::kInfo)
    SetMinLogLevel(LogLevel::kError);
  if (MinLogLevel() <= LogLevel::kInfo)
    options.browser.child_args.push_back("--log-level=info");
  if (MinLogLevel() == LogLevel::kError)
    options.browser.child_args.push_back("--log-level=error");
  auto one_url = [&]() -> Result<std::string> {
    if (positional.size() != 1)
      return Error(command + " takes one URL or file, not " + std::to_string(positional.size()));
    // Reject what cannot be loaded before starting anything.
    ASSIGN_OR_RETURN(auto url, web::UrlFromUserInput(positional[0]));
    (void)url;
    return positional[0];
  };
  if (command == "intent") {
    if (positional.empty())
      return Fail("usage: nexus intent TEXT [--json]");
    browser::AiQuery query{ai::schema::AiTask::CLASSIFY_INTENT, "", options.json};
    for (const std::string& word : positional)
      query.text += (query.text.empty() ? "" : " ") + word;
    return browser::RunAiQuery(std::move(options.browser), query);
  }
  if (command == "analyze" && (options.lang_only || options.ocr_only)) {
    if ((options.lang_only && options.ocr_only) || positional.size() != 1)
      return Fail(
          "usage: nexus analyze URL_OR_FILE | --lang-only TEXT_FILE | --ocr-only IMAGE"
          " [--json]");
    auto content = ReadFile(positional[0]);
    if (!content.ok())
      return Fail(content.error().message(), 1);
    browser::AiQuery query{options.lang_only ? ai::schema::AiTask::DETECT_LANGUAGE
                                             : ai::schema::AiTask::RECOGNIZE_TEXT,
                           std::move(content).value(), options.json};
    return browser::RunAiQuery(std::move(options.browser), query);
  }
  if (command == "eval") {
    if (positional.size() != 2)
      return Fail("usage: nexus eval URL_OR_FILE EXPRESSION [browser options]");
    if (auto url = web::UrlFromUserInput(positional[0]); !url.ok())
      return Fail(url.error().message());
    options.eval.expression = positional[1];
    options.eval.wait_ms = static_cast<int>(options.wait_ms);
    return browser::RunEval(std::move(options.browser), positional[0], options.eval);
  }
  auto url = one_url();
  if (!url.ok())
    return Fail(url.error().message());
  if (command == "shot") {
    if (options.shot.output_path.empty())
      return Fail("shot needs -o OUT.png");
    options.shot.width = static_cast<int>(options.width);
    options.shot.height = static_cast<int>(options.height);
    options.shot.timeout_s = static_cast<int>(options.timeout_s);
    options.shot.wait_ms = static_cast<int>(options.wait_ms);
    return browser::RunShot(std::move(options.browser), *url, options.shot);
  }
  if (command == "fetch") {
    if (options.output.empty())
      return Fail("fetch needs -o FILE");
    return browser::RunFetch(std::move(options.browser), *url, options.output);
  }
  if (command == "analyze")
    return browser::RunAnalyze(std::move(options.browser), *url, options.json);
  // related: the history is read from the profile named (or the default one); the command
  // itself runs on a profile of its own, so it works beside a browser running on that one.
  auto profile = browser::ResolveProfile(options.history_profile);
  if (!profile.ok())
    return Fail(profile.error().message());
  options.related.history_database = profile->database_path();
  options.related.json = options.json;
  options.related.count = static_cast<size_t>(options.count);
  return browser::RunRelated(std::move(options.browser), *url, options.related);
}

}  // namespace nexus::app
