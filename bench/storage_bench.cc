// Web storage against headless Chromium in the same run (issue 17): localStorage setItem and
// getItem of 10,000 small records, timed inside the page with performance.now(), read back
// with `nexus eval` and Chromium's --dump-dom. Medians of RUNS runs, each on a fresh profile.
//   build/bench/storage_bench [RUNS]        (needs the Debian package chromium)
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

const char kChromium[] = "/usr/bin/chromium";

const char kPage[] = R"(<!doctype html><title>storage bench</title><pre id="out"></pre><script>
const now = () => performance.now();
const timings = {};
localStorage.clear();
let t = now();
for (let i = 0; i < 10000; ++i) localStorage.setItem('key' + i, 'value number ' + i);
timings.local_set_10000 = now() - t;
let length = 0;
t = now();
for (let i = 0; i < 10000; ++i) length += localStorage.getItem('key' + i).length;
timings.local_get_10000 = now() - t;
t = now();
for (let i = 0; i < 10000; ++i) localStorage.removeItem('key' + i);
timings.local_remove_10000 = now() - t;
timings.checked = length;
document.getElementById('out').textContent = JSON.stringify(timings);
</script>)";

std::string Output(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r")) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
      out.append(buffer, n);
    pclose(pipe);
  }
  return out;
}

nlohmann::json ChromiumTimings(const std::string& dir, int run) {
  std::string dumped =
      Output(std::string(kChromium) +
             " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
             " --disable-background-networking --disable-component-update"
             " --disable-sync --user-data-dir=" +
             dir + "/chromium-" + std::to_string(run) + " --dump-dom file://" + dir + "/page.html");
  size_t open = dumped.find("<pre id=\"out\">"), close = dumped.find("</pre>");
  if (open == std::string::npos || close == std::string::npos)
    return nullptr;
  return nlohmann::json::parse(dumped.substr(open + 14, close - open - 14), nullptr, false);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  if (access(kChromium, X_OK) != 0) {
    std::fprintf(stderr, "storage_bench: %s is missing (apt-get install chromium)\n", kChromium);
    return 1;
  }
  char dir_template[] = "/tmp/nexus-storage-bench-XXXXXX";
  std::string dir = mkdtemp(dir_template);
  std::ofstream(dir + "/page.html") << kPage;
  const char* keys[] = {"local_set_10000", "local_get_10000", "local_remove_10000"};
  std::map<std::string, std::vector<double>> nexus, chromium;
  for (int run = 0; run < runs; ++run) {
    auto ours = nlohmann::json::parse(
        Output(std::string(NEXUS_BINARY) + " eval " + dir + "/page.html timings"), nullptr, false);
    auto theirs = ChromiumTimings(dir, run);
    if (!ours.is_object() || !theirs.is_object() || ours["checked"] != theirs["checked"]) {
      std::fprintf(stderr, "storage_bench: no timings (nexus %s, chromium %s)\n",
                   ours.dump().c_str(), theirs.dump().c_str());
      return 1;
    }
    for (const char* key : keys) {
      nexus[key].push_back(ours[key].get<double>());
      chromium[key].push_back(theirs[key].get<double>());
    }
  }
  std::printf(
      "%d runs, medians, timed inside the page.\n\n"
      "| what | Chromium | Nexus | Nexus/Chromium |\n| --- | --- | --- | --- |\n",
      runs);
  for (const char* key : keys) {
    double c = Median(chromium[key]), n = Median(nexus[key]);
    std::printf("| %s | %.2f ms | %.2f ms | %.2fx |\n", key, c, n, c > 0 ? n / c : 0.0);
  }
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
