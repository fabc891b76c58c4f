// The sandbox as the running browser has it (issue 3): live processes, their status as
// `nexus sandbox-status` reads it from /proc, violations, and machines missing a layer.
#include <signal.h>
#include <unistd.h>

#include <climits>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "nexus_instance.h"

namespace nexus::testing {
namespace {

const std::string kHello = PagePath("hello.html");

std::string StatusField(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0)
      return line.substr(line.find_first_not_of(" \t", field.size() + 1));
  }
  return "";
}

std::string NamespaceOf(int pid, const char* name) {
  char target[PATH_MAX] = {};
  std::string link = "/proc/" + std::to_string(pid) + "/ns/" + name;
  ssize_t length = readlink(link.c_str(), target, sizeof(target) - 1);
  return length > 0 ? std::string(target, length) : "";
}

nlohmann::json SandboxStatus(NexusInstance& nexus) {
  auto result = nexus.Command({"sandbox-status", "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out)["processes"];
}

TEST(Sandbox, LiveRendererOfALoadedPageIsSandboxed) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  int renderer = RendererPidOfTab(nexus, 1);
  ASSERT_GT(renderer, 0);
  EXPECT_EQ(StatusField(renderer, "Seccomp"), "2");
  EXPECT_EQ(StatusField(renderer, "NoNewPrivs"), "1");
  EXPECT_EQ(StatusField(renderer, "CapEff"), "0000000000000000");
  for (const char* ns : {"net", "user", "pid", "mnt"}) {
    EXPECT_FALSE(NamespaceOf(renderer, ns).empty());
    EXPECT_NE(NamespaceOf(renderer, ns), NamespaceOf(nexus.pid(), ns)) << ns;
  }
}

TEST(Sandbox, StatusShowsEveryLayerInEveryChild) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  // Processes still starting are listed once they have reported (PROCESS_READY).
  nlohmann::json processes;
  std::set<std::string> types;
  NexusInstance::WaitFor([&] {
    processes = SandboxStatus(nexus);
    types.clear();
    for (auto& process : processes)
      types.insert(process["type"].get<std::string>());
    return types.size() >= 5;
  });
  for (auto& process : processes) {
    for (const char* layer : {"namespaces", "privileges", "landlock", "capabilities", "seccomp"}) {
      EXPECT_TRUE(process["layers"][layer]["active"].get<bool>())
          << process["type"] << " " << layer << ": " << process["layers"][layer]["detail"];
    }
    EXPECT_TRUE(process["missing"].empty()) << process["missing"];
    if (process["type"] == "network") {
      EXPECT_NE(process["layers"]["namespaces"]["detail"].get<std::string>().find("keeps the network"),
                std::string::npos);
    }
  }
  for (const char* type : {"gpu", "network", "storage", "zygote", "renderer"})
    EXPECT_TRUE(types.count(type)) << type << " missing from sandbox-status";
  auto text = nexus.Command({"sandbox-status"});
  EXPECT_NE(text.out.find("+seccomp (filter"), std::string::npos) << text.out;
}

TEST(Sandbox, BlockedSyscallKillsTheRendererAndTheCrashReportNamesIt) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  ASSERT_EQ(nexus.Command({"navigate", "1", "nexus://blocked-syscall"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return nexus.CrashReports().size() == 1; }));
  auto report = nlohmann::json::parse(nexus.CrashReports()[0]);
  EXPECT_EQ(report["type"], "renderer");
  EXPECT_EQ(report["signal"], SIGSYS);
  EXPECT_EQ(report["syscall"], "ptrace");
  EXPECT_NE(report["reason"].get<std::string>().find("blocked syscall ptrace"), std::string::npos)
      << report["reason"];
  EXPECT_TRUE(nexus.alive());
}

TEST(Sandbox, AMissingLayerIsReportedAndTheBrowserStillWorks) {
  NexusInstance nexus({"--disable-sandbox-layer-for-testing=landlock", kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  bool saw_renderer = false;
  for (auto& process : SandboxStatus(nexus)) {
    EXPECT_FALSE(process["layers"]["landlock"]["active"].get<bool>()) << process["type"];
    EXPECT_TRUE(process["layers"]["seccomp"]["active"].get<bool>()) << process["type"];
    ASSERT_EQ(process["missing"].size(), 1u) << process["missing"];
    EXPECT_NE(process["missing"][0].get<std::string>().find("landlock: disabled for testing"),
              std::string::npos);
    saw_renderer |= process["type"] == "renderer";
  }
  EXPECT_TRUE(saw_renderer);
}

TEST(Sandbox, RequireSandboxMakesAMissingLayerFatal) {
  auto result = RunNexus({"--headless", "--exit-after-load", "--require-sandbox",
                          "--disable-sandbox-layer-for-testing=seccomp", "--profile",
                          MakeTempDir(), kHello});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("--require-sandbox: sandbox layer seccomp: disabled for testing"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.out.find("Hello from Nexus"), std::string::npos);

  auto fine = RunNexus({"--headless", "--exit-after-load", "--require-sandbox", "--profile",
                        MakeTempDir(), kHello});
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
  EXPECT_NE(fine.out.find("Hello from Nexus"), std::string::npos);
}

TEST(Sandbox, BadSandboxFlagsAreOneLineErrors) {
  auto unknown = RunNexus({"--headless", "--disable-sandbox-layer-for-testing=moat", kHello});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no sandbox layer 'moat'"), std::string::npos) << unknown.err;
  auto contradiction = RunNexus({"--headless", "--no-sandbox", "--require-sandbox", kHello});
  EXPECT_EQ(contradiction.exit_code, 2);
  EXPECT_NE(contradiction.err.find("contradict"), std::string::npos) << contradiction.err;
}

TEST(Sandbox, NoSandboxRunsChildrenUnconfinedForDebugging) {
  NexusInstance nexus({"--no-sandbox", kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  int renderer = RendererPidOfTab(nexus, 1);
  ASSERT_GT(renderer, 0);
  EXPECT_EQ(StatusField(renderer, "Seccomp"), "0");
  EXPECT_EQ(NamespaceOf(renderer, "net"), NamespaceOf(nexus.pid(), "net"));
}

}  // namespace
}  // namespace nexus::testing
