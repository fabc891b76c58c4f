// The process model end to end, with the real binary and its real children.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include <cairo.h>
#include <gtest/gtest.h>

#include "nexus_instance.h"
#include "process/proc_stats.h"

namespace nexus::testing {
namespace {

const std::string kHello = PagePath("hello.html");

std::string FdTarget(const std::string& path) {
  char target[256];
  ssize_t n = readlink(path.c_str(), target, sizeof(target) - 1);
  return n > 0 ? std::string(target, n) : std::string();
}

TEST(MainJob, LoadsAPageInARendererAndPrintsItsTitle) {
  auto result = RunNexus({"--headless", "--exit-after-load", "--profile", MakeTempDir(), kHello});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "Hello from Nexus\n");
}

TEST(MainJob, MissingFileIsAOneLineErrorAndNonZeroExit) {
  auto result = RunNexus({"--headless", "--exit-after-load", "--profile", MakeTempDir(),
                          "/no/such/page.html"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("/no/such/page.html"), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(MainJob, UnknownFlagAndUnsupportedSchemeAreRejected) {
  EXPECT_EQ(RunNexus({"--bogus-flag"}).exit_code, 2);
  auto result = RunNexus({"--headless", "--exit-after-load", "--profile", MakeTempDir(),
                          "gopher://example.com/"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("gopher"), std::string::npos) << result.err;
}

TEST(MainJob, DataUrlIsFetchedByTheNetworkService) {
  auto result = RunNexus({"--headless", "--exit-after-load", "--profile", MakeTempDir(),
                          "data:text/html,<title>From%20data</title><p>x"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "From data\n");
}

TEST(ProcessTree, PsJsonListsEveryProcessWithSaneValues) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return !nexus.FindProcess("zygote").is_null(); }));
  auto processes = nexus.Processes();
  std::set<std::string> types;
  for (auto& process : processes) {
    types.insert(process["type"]);
    EXPECT_GT(process["pid"].get<int>(), 0);
    EXPECT_GT(process["rss_bytes"].get<uint64_t>(), 0u) << process.dump();
    EXPECT_GT(process["pss_bytes"].get<uint64_t>(), 0u) << process.dump();
    EXPECT_LE(process["pss_bytes"].get<uint64_t>(), process["rss_bytes"].get<uint64_t>());
    EXPECT_LT(process["rss_bytes"].get<uint64_t>(), 512ull << 20);
    EXPECT_GE(process["cpu_percent"].get<double>(), 0.0);
    EXPECT_LT(process["uptime_ms"].get<uint64_t>(), 120000u);
    // The pid is a live process of ours.
    EXPECT_EQ(kill(process["pid"].get<int>(), 0), 0);
  }
  EXPECT_EQ(processes[0]["type"], "main");
  EXPECT_EQ(processes[0]["pid"], nexus.pid());
  for (const char* type : {"main", "zygote", "renderer", "gpu", "network", "storage"})
    EXPECT_TRUE(types.count(type)) << type;
  // The renderer of the loaded page has exchanged messages with main.
  auto tab = nexus.Tab(1);
  for (auto& process : processes) {
    if (process["id"] == tab["renderer_id"]) {
      EXPECT_GE(process["ipc_messages_sent"].get<uint64_t>(), 2u);
      EXPECT_GE(process["ipc_messages_received"].get<uint64_t>(), 1u);
      EXPECT_EQ(process["site"], "file://");
    }
  }
  EXPECT_GT(processes[0]["ipc_messages_received"].get<uint64_t>(), 4u);
  auto text = nexus.Command({"ps"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("zygote #"), std::string::npos) << text.out;
}

TEST(ProcessTree, EveryChildHasOneIpcFdItsOwnGroupAndAParentDeathSignal) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  std::set<std::string> main_fds;
  for (int fd = 0; fd < 1024; ++fd) {
    std::string link = FdTarget("/proc/" + std::to_string(nexus.pid()) + "/fd/" + std::to_string(fd));
    if (!link.empty())
      main_fds.insert(link);
  }
  for (auto& process : nexus.Processes()) {
    if (process["type"] == "main")
      continue;
    int pid = process["pid"];
    std::string fd_dir = "/proc/" + std::to_string(pid) + "/fd/";
    struct stat st {};
    ASSERT_EQ(stat((fd_dir + "3").c_str(), &st), 0) << process.dump();
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    // Nothing inherited above the channel: no fd points at a socket, pipe or file that main
    // has open. What the child made itself is fine (epoll, signalfd, the network service's
    // own sockets).
    // The sockets a child may hold beside it: the network service's own, the channel main
    // brokered between a renderer and the GPU process (one per renderer, main keeps no end),
    // and the GPU process's display connection.
    int sockets = 0;
    for (int fd = 4; fd < 256; ++fd) {
      std::string link = FdTarget(fd_dir + std::to_string(fd));
      if (link.empty() || link.find("anon_inode") == 0 || link.find("memfd") != std::string::npos)
        continue;
      EXPECT_EQ(main_fds.count(link), 0u) << process["type"] << " fd " << fd << " -> " << link;
      sockets += link.find("socket:") == 0;
    }
    if (process["type"] == "renderer") {
      EXPECT_LE(sockets, 1) << "a renderer has one channel besides main's: to the GPU process";
    } else if (process["type"] != "network" && process["type"] != "gpu") {
      EXPECT_EQ(sockets, 0) << process["type"];
    }
    EXPECT_EQ(getpgid(pid), pid) << process.dump();
  }
  // Parent death: SIGKILL main and every child goes too.
  auto processes = nexus.Processes();
  kill(nexus.pid(), SIGKILL);
  for (auto& process : processes) {
    int pid = process["pid"];
    EXPECT_TRUE(NexusInstance::WaitFor([&] {
      auto state = process::ReadSchedulerState(pid);
      return !state.ok() || *state == 'Z';
    })) << process.dump();
  }
}

TEST(CrashRecovery, KilledRendererGivesASadTabAReportAndReloadRecovers) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  int renderer = RendererPidOfTab(nexus, 1);
  ASSERT_GT(renderer, 0);
  ASSERT_EQ(kill(renderer, SIGKILL), 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
  EXPECT_TRUE(nexus.alive());
  auto reports = nexus.CrashReports();
  ASSERT_EQ(reports.size(), 1u);
  auto report = nlohmann::json::parse(reports[0]);
  EXPECT_EQ(report["type"], "renderer");
  EXPECT_EQ(report["pid"], renderer);
  EXPECT_EQ(report["signal"], SIGKILL);
  EXPECT_EQ(report["url"], "file://" + kHello);
  EXPECT_FALSE(report["time"].get<std::string>().empty());

  ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  int new_renderer = RendererPidOfTab(nexus, 1);
  EXPECT_GT(new_renderer, 0);
  EXPECT_NE(new_renderer, renderer);
  EXPECT_EQ(nexus.Tab(1)["title"], "Hello from Nexus");
}

TEST(CrashRecovery, RendererThatSegfaultsIsReportedWithItsSignal) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  ASSERT_EQ(nexus.Command({"navigate", "1", "nexus://crash"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return nexus.CrashReports().size() == 1; }));
  auto report = nlohmann::json::parse(nexus.CrashReports()[0]);
  EXPECT_EQ(report["signal"], SIGSEGV);
  EXPECT_EQ(report["signal_name"], "SIGSEGV");
}

TEST(BadMessage, GarbageOnTheIpcFdKillsTheRendererAndMainKeepsServing) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  ASSERT_EQ(nexus.Command({"navigate", "1", "nexus://garbage-ipc"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
  EXPECT_NE(nexus.Tab(1)["error"].get<std::string>().find("bad message"), std::string::npos)
      << nexus.Tab(1).dump();
  EXPECT_TRUE(nexus.alive());
  ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
}

TEST(BadMessage, AMessageTheTypeMayNotSendKillsTheSender) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  ASSERT_EQ(nexus.Command({"navigate", "1", "nexus://forbidden-ipc"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
  std::string error = nexus.Tab(1)["error"];
  EXPECT_NE(error.find("BrowserToZygote is not an interface this channel accepts"),
            std::string::npos)
      << error;
  EXPECT_TRUE(nexus.alive());
}

TEST(Monitor, ChildThatAllocatesPastItsLimitIsTerminated) {
  NexusInstance nexus({"--memory-limit", "renderer:96M", "--memory-sample-ms", "20", kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  ASSERT_EQ(nexus.Command({"navigate", "1", "nexus://allocate?mb=400"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }, 20000));
  std::string error = nexus.Tab(1)["error"];
  EXPECT_NE(error.find("out of memory"), std::string::npos) << error;
  EXPECT_TRUE(nexus.alive());
}

TEST(Monitor, ChildThatStopsAnsweringHeartbeatsIsDetected) {
  NexusInstance nexus({"--heartbeat-ms", "50", "--hang-timeout-ms", "400", kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  ASSERT_EQ(nexus.Command({"navigate", "1", "nexus://hang"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
  std::string error = nexus.Tab(1)["error"];
  EXPECT_NE(error.find("hang"), std::string::npos) << error;
}

// The memory-pressure chain end to end: a renderer near its limit is told so by main, and its
// JavaScript engine collects: a WeakRef to an object nothing else holds is cleared. The memory
// is a large decoded image (outside JavaScript's heap, so the engine has no reason of its own
// to collect); the limit is set so that the page's renderer uses 95 % of it, as measured in a
// first browser without a limit. JavaScriptCore also collects on its own timers (about 9 s
// after this page loads, measured): without pressure the WeakRef must still be set after 5 s,
// with it, cleared within 3 s of main's signal. (Without the collection on pressure, this
// test fails: the WeakRef outlives the 3 s.)
TEST(Lifecycle, MemoryPressureFromMainMakesTheRenderersJavaScriptCollect) {
  std::string dir = MakeTempDir("pressure");
  {
    cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4000, 4000);
    cairo_t* cr = cairo_create(image);
    cairo_set_source_rgb(cr, 0.2, 0.6, 0.2);
    cairo_paint(cr);
    cairo_destroy(cr);
    ASSERT_EQ(cairo_surface_write_to_png(image, (dir + "/big.png").c_str()), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(image);
  }
  std::ofstream(dir + "/page.html")
      << "<!doctype html><title>pressure</title><img src=big.png><script>"
         "var ref = new WeakRef({held: 'by nothing but the WeakRef', data: new "
         "Array(1000).fill(7)});"
         "</script>";
  const std::string page = "file://" + dir + "/page.html";
  auto eval = [](NexusInstance& nexus, const std::string& expression) {
    return nexus.Command({"eval-tab", "1", expression}).out;
  };
  int64_t used = 0;
  {
    NexusInstance free_of_limits({page});
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(free_of_limits, 1, "loaded"); }));
    auto loaded = std::chrono::steady_clock::now();
    int pid = RendererPidOfTab(free_of_limits, 1);
    // Settled: what it holds with the image decoded and painted.
    ASSERT_TRUE(NexusInstance::WaitFor([&] {
      auto read = process::ReadPrivateResidentBytes(pid);
      int64_t now = read.ok() ? static_cast<int64_t>(*read) : 0;
      bool settled = now > (60 << 20) && std::abs(now - used) < (1 << 20);
      used = now;
      return settled;
    })) << used;
    std::this_thread::sleep_until(loaded + std::chrono::seconds(5));
    EXPECT_EQ(eval(free_of_limits, "ref.deref() !== undefined"), "true\n")
        << "without pressure the engine keeps the object for 5 s";
  }
  int64_t limit_mib = (used * 100 / 95 >> 20) + 1;
  NexusInstance pressed({"--memory-limit", "renderer:" + std::to_string(limit_mib) + "M",
                         "--memory-sample-ms", "50", page});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(pressed, 1, "loaded"); }));
  EXPECT_TRUE(NexusInstance::WaitFor([&] {
    return pressed.Stderr().find("MiB: asked to free memory") != std::string::npos;
  })) << "main did not signal pressure (limit "
      << limit_mib << " MiB, " << (used >> 20) << " MiB used without one)\n"
      << pressed.Stderr();
  EXPECT_TRUE(NexusInstance::WaitFor(
      [&] { return eval(pressed, "ref.deref() === undefined") == "true\n"; }, 3000))
      << "the WeakRef outlived the pressure";
  EXPECT_TRUE(TabInState(pressed, 1, "loaded")) << "under its limit: not killed";
}

TEST(Lifecycle, SuspendStopsTheProcessAndResumeContinuesIt) {
  NexusInstance nexus({"--heartbeat-ms", "50", "--hang-timeout-ms", "400", kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  int renderer_id = nexus.Tab(1)["renderer_id"];
  int pid = RendererPidOfTab(nexus, 1);
  ASSERT_EQ(nexus.Command({"suspend", std::to_string(renderer_id)}).exit_code, 0);
  // SIGSTOP reaches a running process a moment after kill() returns: wait for the state.
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return *process::ReadSchedulerState(pid) == 'T'; }));
  // Suspended longer than the hang timeout: not a hang.
  usleep(800 * 1000);
  EXPECT_TRUE(TabInState(nexus, 1, "loaded"));
  EXPECT_EQ(nexus.Command({"suspend", std::to_string(renderer_id)}).exit_code, 1)
      << "suspended -> suspended is not a legal transition";
  ASSERT_EQ(nexus.Command({"resume", std::to_string(renderer_id)}).exit_code, 0);
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return *process::ReadSchedulerState(pid) != 'T'; }));
  for (auto& process : nexus.Processes()) {
    if (process["id"] == renderer_id) {
      EXPECT_EQ(process["state"], "active");
    }
  }
  ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
}

TEST(Pool, WarmRenderersComeFromTheZygoteAndARenderedTabTakesOne) {
  NexusInstance nexus({"--renderer-pool", "2"});
  auto pooled = [&] {
    int count = 0;
    for (auto& process : nexus.Processes())
      count += process["type"] == "renderer" && process["spawned_by"] == "zygote" &&
               process["state"] == "ready";
    return count;
  };
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return pooled() == 2; }));
  ASSERT_EQ(nexus.Command({"navigate", "1", kHello}).exit_code, 1) << "no tab 1 yet";
  auto opened = RunNexus({"--headless", "--profile", nexus.profile(), kHello});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  // The tab took a pooled renderer, and the pool refilled behind it.
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return pooled() == 2; }));
  int renderer_id = nexus.Tab(1)["renderer_id"];
  ASSERT_EQ(nexus.Command({"navigate", "1", "data:text/html,<title>other site</title>"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    return TabInState(nexus, 1, "loaded") && nexus.Tab(1)["title"] == "other site";
  }));
  EXPECT_NE(nexus.Tab(1)["renderer_id"], renderer_id) << "cross-site navigation swaps renderer";
}

TEST(Profiles, SecondInstanceHandsItsUrlToTheRunningOne) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  auto second = RunNexus({"--headless", "--profile", nexus.profile(),
                          "data:text/html,<title>Second</title>"});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 2, "loaded"); }));
  EXPECT_EQ(nexus.Tab(2)["title"], "Second");
  // Another profile is another instance, untouched by the first.
  NexusInstance other({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(other, 1, "loaded"); }));
  EXPECT_EQ(other.Tabs().size(), 1u);
  EXPECT_EQ(nexus.Tabs().size(), 2u);
}

TEST(CrashRecovery, UtilityProcessRestartsAndRetriesWhatWasInFlight) {
  NexusInstance nexus({kHello});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  int network_pid = nexus.FindProcess("network")["pid"];
  // Stop it so the request is in flight when it dies.
  ASSERT_EQ(kill(network_pid, SIGSTOP), 0);
  ASSERT_EQ(nexus.Command({"navigate", "1", "data:text/html,<title>Retried</title>"}).exit_code, 0);
  // Main asks the network service in the turn it starts loading: once the tab loads, the
  // request waits in the stopped process's socket.
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loading"); }));
  ASSERT_EQ(kill(network_pid, SIGKILL), 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    auto network = nexus.FindProcess("network");
    return !network.is_null() && network["pid"] != network_pid;
  }));
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  EXPECT_EQ(nexus.Tab(1)["title"], "Retried");
}

TEST(CrashRecovery, ACrashLoopDisablesTheTypeAcrossRestartsUntilReset) {
  std::string profile = MakeTempDir();
  // Main decides on the restart when it learns of the crash, and says so: after that line no
  // restart is pending.
  const std::string decided = "storage is disabled after repeated crashes";
  {
    NexusInstance nexus({"--crash-threshold", "3"}, profile);
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(NexusInstance::WaitFor([&] { return !nexus.FindProcess("storage").is_null(); }));
      kill(nexus.FindProcess("storage")["pid"].get<int>(), SIGKILL);
      ASSERT_TRUE(NexusInstance::WaitFor(
          [&] { return nexus.CrashReports().size() == static_cast<size_t>(i + 1); }));
    }
    auto counts = nexus.Command({"crashes"});
    EXPECT_NE(counts.out.find("storage\t3\tdisabled"), std::string::npos) << counts.out;
    ASSERT_TRUE(
        NexusInstance::WaitFor([&] { return nexus.Stderr().find(decided) != std::string::npos; }));
    EXPECT_TRUE(nexus.FindProcess("storage").is_null()) << "a disabled type is not restarted";
  }
  {
    NexusInstance nexus({"--crash-threshold", "3"}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] {
      return nexus.Stderr().find(decided) != std::string::npos;
    })) << "the crash loop persists in the profile";
    EXPECT_TRUE(nexus.FindProcess("storage").is_null()) << "the crash loop persists in the profile";
    EXPECT_NE(nexus.Command({"crashes", "--reset"}).out.find("storage\t0"), std::string::npos);
  }
  NexusInstance nexus({"--crash-threshold", "3"}, profile);
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return !nexus.FindProcess("storage").is_null(); }));
}

// What `nexus ps` says the GPU process composites with, once it said (empty before).
std::string GpuBackend(NexusInstance& nexus) {
  auto gpu = nexus.FindProcess("gpu");
  if (gpu.is_null() || !gpu.contains("detail"))
    return "";
  std::string detail = gpu["detail"];
  return detail == "starting" ? "" : detail;
}

TEST(CrashRecovery, ThreeGpuCrashesSwitchToSoftwareCompositingWhichPersistsUntilReset) {
  std::string profile = MakeTempDir();
  {
    // GL on Mesa's llvmpipe, asked for: without a GPU, pixman is the default.
    NexusInstance nexus({"--use-software-gl", kHello}, profile);
    for (int i = 0; i < 3; ++i) {
      // Each of the first three is the GL compositor (Mesa's llvmpipe without a GPU).
      ASSERT_TRUE(NexusInstance::WaitFor([&] { return !GpuBackend(nexus).empty(); }));
      EXPECT_EQ(GpuBackend(nexus).rfind("gl: ", 0), 0u) << GpuBackend(nexus);
      kill(nexus.FindProcess("gpu")["pid"].get<int>(), SIGKILL);
      ASSERT_TRUE(NexusInstance::WaitFor(
          [&] { return nexus.CrashReports().size() == static_cast<size_t>(i + 1); }));
    }
    EXPECT_NE(nexus.Command({"crashes"}).out.find("gpu\t3\tdisabled"), std::string::npos);
    // Chromium's rule: after three, the GPU process comes back compositing in software.
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return !GpuBackend(nexus).empty(); }));
    EXPECT_EQ(GpuBackend(nexus).rfind("software (pixman)", 0), 0u) << GpuBackend(nexus);
    EXPECT_NE(nexus.Command({"ps"}).out.find("software compositing: after repeated crashes"),
              std::string::npos);
  }
  {
    NexusInstance nexus({"--use-software-gl", kHello}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return !GpuBackend(nexus).empty(); }));
    EXPECT_EQ(GpuBackend(nexus).rfind("software (pixman)", 0), 0u)
        << "the crash loop persists in the profile: " << GpuBackend(nexus);
    EXPECT_NE(nexus.Command({"crashes", "--reset"}).out.find("gpu\t0"), std::string::npos);
  }
  NexusInstance nexus({"--use-software-gl", kHello}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return !GpuBackend(nexus).empty(); }));
  EXPECT_EQ(GpuBackend(nexus).rfind("gl: ", 0), 0u) << GpuBackend(nexus);
}

TEST(Trace, TraceFileHoldsLifecycleAndIpcEvents) {
  std::string dir = MakeTempDir();
  auto result = RunNexus({"--headless", "--exit-after-load", "--profile", dir, "--trace",
                          dir + "/trace.json", kHello});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::ifstream in(dir + "/trace.json");
  auto trace = nlohmann::json::parse(in);
  std::set<std::string> names;
  for (auto& event : trace["traceEvents"])
    names.insert(event["name"].get<std::string>());
  for (const char* name :
       {"process_name", "launched", "ready", "receive RendererToBrowser.navigationComplete",
        "send ChildToBrowser.processReady", "RendererToBrowser.navigationComplete"})
    EXPECT_TRUE(names.count(name)) << name;
}

}  // namespace
}  // namespace nexus::testing
