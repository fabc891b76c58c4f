// The command line as a user meets it: help, errors, and the README that documents it.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "nexus_instance.h"

namespace nexus::testing {
namespace {

TEST(CommandLine, TheReadmeShowsEveryCommandAndFlagAsHelpPrintsThem) {
  auto help = RunNexus({"--help"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  std::istringstream lines(help.out);
  std::string indented, line;
  while (std::getline(lines, line))
    indented += (line.empty() ? "" : "    " + line) + "\n";
  std::ifstream readme(std::string(NEXUS_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << readme.rdbuf();
  EXPECT_NE(text.str().find(indented), std::string::npos)
      << "README.md's \"Using it\" must hold `nexus --help` as it is now, indented 4 spaces:\n"
      << indented;
  for (const char* flag : {"--renderer-pool", "--ca-file", "--wait-ms", "--full-page", "--reset"})
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
}

TEST(CommandLine, BadFlagsAndValuesAreOneLineErrorsWithExitCodeTwo) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--bogus"},
                                               {"--renderer-pool", "65"},
                                               {"shot", "x.html", "-o", "x.png", "--width", "wide"},
                                               {"ps", "--reset"},
                                               {"--heartbeat-ms"},
                                               {"--no-sandbox", "--require-sandbox", "x.html"}}) {
    auto run = RunNexus(args);
    EXPECT_EQ(run.exit_code, 2) << args[0] << ": " << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  }
}

}  // namespace
}  // namespace nexus::testing
