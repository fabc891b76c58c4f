// JavaScript against headless Chromium in the same run (issue 7):
//   - time to first frame of a page that builds 10,000 nodes by script (`nexus shot` against
//     Chromium's --screenshot), whole commands, medians;
//   - DOM micro-benchmarks timed inside each page (createElement + appendChild, querySelector,
//     getElementById, textContent, and 1,000 elements restyled then laid out again), read
//     back with `nexus eval` and Chromium's --dump-dom.
//   build/bench/js_bench [RUNS]        (needs the Debian package chromium)
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_support.h"
#include "spawn_quiet.h"

namespace {

const char kChromium[] = "/usr/bin/chromium";

double Seconds(const std::vector<std::string>& command) {
  auto start = std::chrono::steady_clock::now();
  int status = -1;
  if (pid_t pid = SpawnQuiet(command); pid > 0)
    waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "js_bench: %s failed\n", command[0].c_str());
    std::exit(1);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::string> ChromiumFlags(const std::string& profile) {
  return {kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--user-data-dir=" + profile, "--hide-scrollbars",
          "--window-size=800,600"};
}

const char kBuildPage[] = R"(<!doctype html><title>10,000 nodes</title><body><script>
const list = document.createElement('div');
for (let i = 0; i < 10000; ++i) {
  const item = document.createElement('div');
  item.className = 'item';
  item.appendChild(document.createTextNode('item ' + i));
  list.appendChild(item);
}
document.body.appendChild(list);
</script>)";

// The timings land in a <pre id=out> (for --dump-dom) and in `timings` (for nexus eval).
const char kMicroPage[] = R"(<!doctype html><title>micro</title><body><pre id=out></pre><script>
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const timings = {};
let t = now();
const root = document.createElement('div');
document.body.appendChild(root);
for (let i = 0; i < 10000; ++i) {
  const e = document.createElement('p');
  e.id = 'p' + i;
  e.className = i % 2 ? 'odd' : 'even';
  root.appendChild(e);
}
timings.create_append_10000 = now() - t;
t = now();
let found = 0;
for (let i = 0; i < 100; ++i) found += document.querySelector('#p' + (i * 97)) ? 1 : 0;
timings.query_selector_100 = now() - t;
t = now();
for (let i = 0; i < 10000; ++i) found += document.getElementById('p' + i) ? 1 : 0;
timings.get_element_by_id_10000 = now() - t;
t = now();
const kids = root.children;
for (let i = 0; i < 10000; ++i) kids[i % 100].textContent = 'x' + i;
timings.text_content_10000 = now() - t;
t = now();
for (let i = 0; i < 100; ++i) found += root.children[i].id ? 1 : 0;
timings.children_access_100 = now() - t;
// 1,000 elements changed by script, then one question that needs layout: the restyle and
// re-layout it costs (issue 15's "page that changes 1,000 elements").
const boxes = document.createElement('div');
document.body.appendChild(boxes);
for (let i = 0; i < 1000; ++i) {
  const box = boxes.appendChild(document.createElement('div'));
  box.textContent = 'box ' + i;
}
found += boxes.lastChild.getBoundingClientRect().height > 0 ? 1 : 0;
t = now();
for (let i = 0; i < 1000; ++i) {
  const box = boxes.children[i];
  box.style.width = (100 + i % 50) + 'px';
  box.style.color = i % 2 ? 'red' : 'blue';
}
found += boxes.lastChild.getBoundingClientRect().width > 0 ? 1 : 0;
timings.restyle_relayout_1000 = now() - t;
timings.found = found;
document.getElementById('out').textContent = JSON.stringify(timings);
</script>)";

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  if (access(kChromium, X_OK) != 0) {
    std::fprintf(stderr, "js_bench: %s is missing (apt-get install chromium)\n", kChromium);
    return 1;
  }
  char dir_template[] = "/tmp/nexus-js-bench-XXXXXX";
  std::string dir = mkdtemp(dir_template);
  std::ofstream(dir + "/build.html") << kBuildPage;
  std::ofstream(dir + "/micro.html") << kMicroPage;

  std::vector<double> nexus_s, chromium_s;
  for (int i = 0; i < runs; ++i) {
    auto chromium = ChromiumFlags(dir + "/profile-" + std::to_string(i));
    chromium.push_back("--screenshot=" + dir + "/chromium.png");
    chromium.push_back("file://" + dir + "/build.html");
    chromium_s.push_back(Seconds(chromium));
    nexus_s.push_back(Seconds({NEXUS_BINARY, "shot", dir + "/build.html", "-o", dir + "/nexus.png"}));
  }

  auto nexus_micro = nlohmann::json::parse(
      CommandOutput(std::string(NEXUS_BINARY) + " eval " + dir + "/micro.html timings"), nullptr,
      false);
  std::string dumped = CommandOutput(std::string(kChromium) +
                                     " --headless --no-sandbox --disable-gpu"
                                     " --no-first-run --user-data-dir=" +
                                     dir +
                                     "/profile-dump"
                                     " --dump-dom file://" +
                                     dir + "/micro.html");
  size_t open = dumped.find("<pre id=\"out\">"), close = dumped.find("</pre>");
  auto chromium_micro =
      open == std::string::npos || close == std::string::npos
          ? nlohmann::json()
          : nlohmann::json::parse(dumped.substr(open + 14, close - open - 14), nullptr, false);
  if (!nexus_micro.is_object() || !chromium_micro.is_object()) {
    std::fprintf(stderr, "js_bench: no timings (nexus %s, chromium %s)\n",
                 nexus_micro.dump().c_str(), chromium_micro.dump().c_str());
    return 1;
  }

  std::printf("%d runs, medians.\n\n| what | Chromium | Nexus | Nexus/Chromium |\n"
              "| --- | --- | --- | --- |\n", runs);
  double n = Median(nexus_s), c = Median(chromium_s);
  std::printf("| first frame of a page that builds 10,000 nodes (whole command) | %.0f ms | "
              "%.0f ms | %.2fx |\n", c * 1000, n * 1000, n / c);
  for (const char* key : {"create_append_10000", "query_selector_100", "get_element_by_id_10000",
                          "text_content_10000", "children_access_100", "restyle_relayout_1000"}) {
    double nexus_ms = nexus_micro[key].get<double>(), chromium_ms = chromium_micro[key].get<double>();
    std::printf("| %s (in page) | %.2f ms | %.2f ms | %.1fx |\n", key, chromium_ms, nexus_ms,
                chromium_ms > 0 ? nexus_ms / chromium_ms : 0.0);
  }
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
