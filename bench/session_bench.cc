// Restoring a 20-tab session (issue 17): a browser holding 20 tabs (tests/pages, each its own
// URL) is killed with SIGKILL; the next `nexus` on its profile brings the tabs back. Timed from
// the start to the moment `nexus tabs` shows all 20 loaded. Baselines in the same run: a fresh
// Nexus given the same 20 URLs, timed the same way, and headless Chromium opening the same 20
// URLs as tabs, from its start to their 20 load events (tools/chromium_open_tabs.py, over the
// DevTools protocol): headless Chromium has no session restore, and bringing a session back is
// opening its tabs. Medians of RUNS runs.
//   build/bench/session_bench [RUNS]        (needs the Debian package chromium)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_support.h"
#include "spawn_quiet.h"

namespace {

constexpr int kTabs = 20;

int LoadedTabs(const std::string& profile) {
  auto tabs = nlohmann::json::parse(
      CommandOutput(std::string(NEXUS_BINARY) + " tabs --json --profile " + profile), nullptr,
      false);
  if (!tabs.is_object())
    return -1;
  int loaded = 0;
  for (const auto& tab : tabs["tabs"])
    loaded += tab["state"] == "loaded";
  return static_cast<int>(tabs["tabs"].size()) == kTabs ? loaded : 0;
}

// Starts a browser on `profile` and waits until its 20 tabs are loaded: the seconds it took,
// and the browser's pid.
std::pair<double, pid_t> StartAndWait(const std::string& profile,
                                      const std::vector<std::string>& urls) {
  std::vector<std::string> command = {NEXUS_BINARY, "--headless", "--profile", profile,
                                      "--disable-ai"};
  command.insert(command.end(), urls.begin(), urls.end());
  auto start = std::chrono::steady_clock::now();
  pid_t pid = SpawnQuiet(command);
  while (LoadedTabs(profile) < kTabs) {
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(60)) {
      std::fprintf(stderr, "session_bench: the 20 tabs did not load\n");
      std::exit(1);
    }
    usleep(5 * 1000);
  }
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), pid};
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const char* pages[] = {"article.html", "boxes.html", "hello.html", "links.html", "styled.html",
                         "svg.html",     "tall.html",  "form.html",  "stripes.html", "right_edge.html"};
  std::vector<std::string> urls;
  for (int i = 0; i < kTabs; ++i)
    urls.push_back("file://" + std::string(NEXUS_SOURCE_DIR) + "/tests/pages/" + pages[i % 10] +
                   "?tab=" + std::to_string(i));
  std::string chromium_command = "python3 " + std::string(NEXUS_SOURCE_DIR) +
                                 "/tools/chromium_open_tabs.py";
  for (const std::string& url : urls)
    chromium_command += " '" + url + "'";
  std::vector<double> fresh, restored, chromium;
  for (int run = 0; run < runs; ++run) {
    char dir_template[] = "/tmp/nexus-session-bench-XXXXXX";
    std::string profile = mkdtemp(dir_template);
    auto [open_s, first] = StartAndWait(profile, urls);
    fresh.push_back(open_s);
    usleep(300 * 1000);  // the session is saved once main's loop turns after the loads
    kill(first, SIGKILL);
    waitpid(first, nullptr, 0);
    auto [restore_s, second] = StartAndWait(profile, {});
    restored.push_back(restore_s);
    kill(second, SIGTERM);
    waitpid(second, nullptr, 0);
    double chromium_s = std::atof(CommandOutput(chromium_command).c_str());
    if (chromium_s <= 0) {
      std::fprintf(stderr, "session_bench: chromium did not open the tabs (apt-get install chromium)\n");
      return 1;
    }
    chromium.push_back(chromium_s);
    std::string cleanup = "rm -rf " + profile;
    if (std::system(cleanup.c_str()) != 0)
      return 1;
  }
  double f = Median(fresh), r = Median(restored), c = Median(chromium);
  std::printf("%d runs, medians, start to 20 tabs loaded.\n\n"
              "| what | time | / Chromium |\n| --- | --- | --- |\n"
              "| Chromium opening the 20 URLs as tabs | %.0f ms | 1.00x |\n"
              "| Nexus given the 20 URLs | %.0f ms | %.2fx |\n"
              "| Nexus restoring the killed browser's 20 tabs | %.0f ms | %.2fx |\n",
              runs, c * 1000, f * 1000, f / c, r * 1000, r / c);
  return 0;
}
