// The nexus command line: the browser (`nexus [flags] URL...`), the one-shot commands that
// run a browser of their own (shot, eval, fetch, intent, analyze, related), the commands to a
// running browser (ps, tabs, navigate, screenshot, ...) and children's entry (--type=TYPE).
// Every command's flags are one table each (base/flag_table.h): `nexus --help` prints them.
#pragma once

#include <string>
#include <vector>

namespace nexus::app {

// A one-line error on stderr ("nexus: ..."), and the exit code: 2 for a bad command line.
int Fail(const std::string& message, int code = 2);

int RunBrowserCommand(const std::vector<std::string>& args);
bool IsOneShotCommand(const std::string& command);
int RunOneShotCommand(const std::string& command, const std::vector<std::string>& args);
bool IsRemoteCommand(const std::string& command);
int RunRemoteCommand(const std::string& command, const std::vector<std::string>& args);
int RunChildFromCommandLine(const std::vector<std::string>& args);

// Every command with its flags, as `nexus --help` prints it.
std::string Usage();
std::string UsageOfBrowser();
std::string UsageOfOneShotCommands();
std::string UsageOfRemoteCommands();

}  // namespace nexus::app
