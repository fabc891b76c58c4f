// Chaos (DESIGN.md §7): for about 45 seconds, random SIGKILLs of every child type (renderers,
// the zygote, GPU, network, storage, AI) while tabs navigate and two pages of two sites write
// IndexedDB records without pause. Main must stay up and keep answering its control socket;
// afterwards every tab must load again, every page must write again, and every record whose
// transaction a page saw complete must be on disk.
//
// The run prints its random seed; NEXUS_CHAOS_SEED=S replays the same choices (the timing of
// a real browser under it is never the same twice).
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http_test_server.h"
#include "nexus_instance.h"

namespace nexus::testing {
namespace {

constexpr auto kChaosTime = std::chrono::seconds(45);
// Every type but main; the audio process has nothing to do yet and may not be running.
const std::set<std::string> kTypesThatMustBeKilled = {"renderer", "zygote",  "gpu",
                                                      "network",  "storage", "ai"};

std::string PagesDirectory() {
  return std::string(NEXUS_SOURCE_DIR) + "/tests/pages";
}

nlohmann::json Eval(NexusInstance& nexus, int tab, const std::string& expression) {
  auto run = nexus.Command({"eval-tab", std::to_string(tab), expression});
  if (run.exit_code != 0)
    return nullptr;  // its renderer is gone, or the page is loading: both expected here
  return nlohmann::json::parse(run.out, nullptr, false);
}

// What one writer tab has acknowledged: the highest count seen for each of its runs (a run is
// one load of the page; a crash or reload starts another).
using AckedByRun = std::map<std::string, int>;

void Poll(NexusInstance& nexus, int tab, AckedByRun& acked) {
  auto seen = Eval(nexus, tab, "ready ? [run, acked] : null");
  if (!seen.is_array() || seen.size() != 2)
    return;
  int& best = acked[seen[0].get<std::string>()];
  best = std::max(best, seen[1].get<int>());
}

// Main's log without the crashes the test itself caused, its last 6000 characters.
std::string ReadTail(const std::string& path) {
  std::ifstream file(path);
  std::string text, line;
  while (std::getline(file, line)) {
    if (line.find("crashed: closed its IPC channel") == std::string::npos &&
        line.find("ended: closed its IPC channel") == std::string::npos)
      text += line + "\n";
  }
  return text.size() > 6000 ? text.substr(text.size() - 6000) : text;
}

uint64_t Seed() {
  if (const char* fixed = std::getenv("NEXUS_CHAOS_SEED"))
    return std::strtoull(fixed, nullptr, 10);
  return std::random_device()();
}

TEST(Chaos, RandomKillsOfEveryChildTypeLoseNoAcknowledgedWrite) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  const std::string port = std::to_string(server.port());
  // Two sites, so two renderers write, each to its own origin's database.
  const std::vector<std::string> writers = {"http://127.0.0.1:" + port + "/chaos_writer.html",
                                            "http://localhost:" + port + "/chaos_writer.html"};
  const std::vector<std::string> browsing = {server.Url("/hello.html"), server.Url("/links.html"),
                                             server.Url("/article.html"), PagePath("boxes.html"),
                                             "http://localhost:" + port + "/form.html"};
  // Chaos is about recovery, not the crash-loop policy (tested on its own): no type may be
  // disabled, and restarts come after the first back-off.
  NexusInstance nexus({"--crash-threshold", "1000", "--crash-window-s", "1", "--ai-prelaunch",
                       writers[0], writers[1], browsing[0]});
  ASSERT_TRUE(NexusInstance::WaitFor(
      [&] { return Eval(nexus, 1, "ready") == true && Eval(nexus, 2, "ready") == true; }, 20000))
      << nexus.Tabs().dump();

  const uint64_t seed = Seed();
  std::printf("chaos seed %llu (NEXUS_CHAOS_SEED=%llu replays its choices)\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  std::mt19937_64 random(seed);
  std::vector<AckedByRun> acked(2);
  std::map<std::string, int> kills;
  int navigations = 0, reloads = 0, polls = 0;
  const auto end = std::chrono::steady_clock::now() + kChaosTime;
  while (std::chrono::steady_clock::now() < end) {
    ASSERT_TRUE(nexus.alive()) << "main died; its stderr:\n"
                               << ReadTail(nexus.profile() + "/stderr.txt");
    auto processes = nexus.Processes();
    ASSERT_FALSE(processes.empty()) << "main's control socket did not answer `ps`";
    for (int tab : {1, 2})
      Poll(nexus, tab, acked[tab - 1]);
    ++polls;
    // As a user would: a crashed or failed tab is reloaded.
    for (auto& tab : nexus.Tabs()) {
      if (tab["state"] == "crashed" || tab["state"] == "error") {
        nexus.Command({"reload", std::to_string(tab["id"].get<int>())});
        ++reloads;
      }
    }
    switch (random() % 5) {
      case 0:
      case 1:
      case 2: {  // kill a random child
        std::vector<std::pair<std::string, pid_t>> children;
        for (auto& process : processes) {
          pid_t pid = process["pid"].get<pid_t>();
          if (process["id"] != 0 && pid > 0)  // id 0 is main
            children.push_back({process["type"].get<std::string>(), pid});
        }
        if (children.empty())
          break;
        auto [type, pid] = children[random() % children.size()];
        if (kill(pid, SIGKILL) == 0)
          ++kills[type];
        break;
      }
      case 3:
        nexus.Command({"navigate", "3", browsing[random() % browsing.size()]});
        ++navigations;
        break;
      case 4:  // starts the AI process if it is not running
        nexus.Command({"analyze-tab", "3", "--json"});
        break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + random() % 300));
  }

  // The chaos is over: every tab loads again (a tab whose renderer died in the last moments
  // of the chaos may need another reload, as it would for a user), and both pages write again.
  for (auto& tab : nexus.Tabs())
    ASSERT_EQ(nexus.Command({"reload", std::to_string(tab["id"].get<int>())}).exit_code, 0);
  int settle_reloads = 0;
  bool all_loaded = NexusInstance::WaitFor(
      [&] {
        bool loaded = true;
        for (auto& tab : nexus.Tabs()) {
          if (tab["state"] == "crashed" || tab["state"] == "error") {
            nexus.Command({"reload", std::to_string(tab["id"].get<int>())});
            ++settle_reloads;
          }
          loaded = loaded && tab["state"] == "loaded";
        }
        return loaded;
      },
      30000);
  ASSERT_TRUE(all_loaded) << nexus.Tabs().dump();
  EXPECT_LE(settle_reloads, 6) << "tabs kept failing after the chaos: " << nexus.Tabs().dump();
  for (int tab : {1, 2}) {
    EXPECT_TRUE(NexusInstance::WaitFor(
        [&] {
          auto progress = Eval(nexus, tab, "ready && acked > 5");
          return progress == true;
        },
        30000))
        << "the writer in tab " << tab
        << " does not write again: " << Eval(nexus, tab, "[ready, acked, aborts, run]").dump()
        << "\n"
        << nexus.FindProcess("storage").dump() << "\n"
        << ReadTail(nexus.profile() + "/stderr.txt");
  }

  // Every acknowledged record is there, counted by the fresh page of the same origin.
  int total = 0;
  for (int tab : {1, 2}) {
    for (const auto& [run, count] : acked[tab - 1]) {
      ASSERT_EQ(Eval(nexus, tab, "countRun('" + run + "', " + std::to_string(count) + ")"), true);
      ASSERT_TRUE(NexusInstance::WaitFor([&] { return !Eval(nexus, tab, "counted").is_null(); }));
      EXPECT_EQ(Eval(nexus, tab, "counted"), count)
          << "tab " << tab << ", run " << run << ": " << count << " transactions completed";
      total += count;
    }
  }

  std::string killed;
  int kill_count = 0;
  for (const auto& [type, count] : kills) {
    killed += " " + type + " " + std::to_string(count);
    kill_count += count;
  }
  std::printf(
      "chaos: %d kills (%s), %d navigations, %d reloads, %d polls; %d reloads after "
      "it; %d acknowledged transactions in %zu + %zu runs, all on disk\n",
      kill_count, killed.c_str() + 1, navigations, reloads, polls, settle_reloads, total,
      acked[0].size(), acked[1].size());
  for (const auto& type : kTypesThatMustBeKilled)
    EXPECT_GT(kills[type], 0) << "no " << type << " was killed: the run proved nothing for it";
  EXPECT_GT(total, 0) << "no write was acknowledged during the chaos";
}

}  // namespace
}  // namespace nexus::testing
