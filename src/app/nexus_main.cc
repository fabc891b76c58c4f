// The nexus executable: one binary for every process type (DESIGN.md §1). The first argument
// picks the command (commands.h); `nexus --help` lists them all with their flags.
#include <iostream>
#include <string>
#include <vector>

#include "app/browser_flags.h"
#include "app/commands.h"
#include "base/logging.h"
#include "services/browser/main_process.h"
#include "services/routes/message_routes.h"

namespace nexus::app {
namespace {

FlagTable BrowserCommandFlags(browser::BrowserOptions& options) {
  FlagTable table;
  AddBrowserFlags(table, options);
  return table;
}

}  // namespace

int Fail(const std::string& message, int code) {
  std::cerr << "nexus: " << message << "\n";
  return code;
}

std::string UsageOfBrowser() {
  browser::BrowserOptions ignored;
  return "nexus [flags] URL_OR_FILE...\n  a browser: one tab per URL, served until quit or a "
         "signal; a second one on the same profile hands its URLs to the first\n" +
         BrowserCommandFlags(ignored).Help();
}

std::string Usage() {
  return UsageOfBrowser() + "\n" + UsageOfOneShotCommands() + "\n" + UsageOfRemoteCommands() +
         "\nnexus routes\n  the IPC routing table: who sends which interface to whom\n";
}

int RunBrowserCommand(const std::vector<std::string>& args) {
  browser::BrowserOptions options;
  auto urls = BrowserCommandFlags(options).Parse(args);
  if (!urls.ok())
    return Fail(urls.error().message() + " (nexus --help lists the flags)");
  if (auto status = CheckBrowserOptions(options); !status.ok())
    return Fail(status.error().message());
  for (const std::string& url : *urls) {
    // Reject what cannot be loaded before starting anything.
    if (auto parsed = web::UrlFromUserInput(url); !parsed.ok())
      return Fail(parsed.error().message());
  }
  options.urls = std::move(urls).value();
  if (options.urls.empty() && options.exit_after_load)
    return Fail("--exit-after-load needs a URL or file to load");
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

}  // namespace nexus::app

int main(int argc, char** argv) {
  using namespace nexus;
  std::vector<std::string> args(argv + 1, argv + argc);
  // Main passes the level to its children after --type (its launcher appends what it adds).
  for (const std::string& arg : args) {
    if (arg == "--log-level=info")
      SetMinLogLevel(LogLevel::kInfo);
    if (arg == "--log-level=error")
      SetMinLogLevel(LogLevel::kError);
  }
  std::vector<std::string> rest;
  for (const std::string& arg : args) {
    if (arg.rfind("--type=", 0) == 0 && arg != "--type=main")
      return app::RunChildFromCommandLine(args);
    if (arg != "--type=main" && arg != "--log-level=info" && arg != "--log-level=error")
      rest.push_back(arg);
  }
  SetLogPrefix("main");
  bool help = !rest.empty() && rest[0] == "help";
  for (const std::string& arg : rest)
    help = help || arg == "--help" || arg == "-h";
  if (help) {
    std::cout << app::Usage();
    return 0;
  }
  std::string command = rest.empty() ? "" : rest[0];
  std::vector<std::string> command_args(rest.begin() + (rest.empty() ? 0 : 1), rest.end());
  if (command == "routes") {
    std::cout << routes::DescribeRoutes();
    return 0;
  }
  if (app::IsRemoteCommand(command))
    return app::RunRemoteCommand(command, command_args);
  if (app::IsOneShotCommand(command))
    return app::RunOneShotCommand(command, command_args);
  return app::RunBrowserCommand(rest);
}
