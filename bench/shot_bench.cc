// `nexus shot` against headless Chromium's --screenshot on the pages in tests/pages/ and on
// two large pages (issue 15): Node.js's fs.html (Debian's nodejs-doc, when installed) and a
// generated table of 36,000 rows (5 MB), in one run: wall time and peak memory (PSS summed
// over each tool's whole process tree, sampled while it runs), and how many pixels of
// Nexus's picture differ from Chromium's.
//   build/bench/shot_bench [RUNS]        (needs the Debian package chromium)
#include <cairo.h>
#include <dirent.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "spawn_quiet.h"

namespace {

const std::string kPages = std::string(NEXUS_SOURCE_DIR) + "/tests/pages/";

std::map<pid_t, pid_t> ParentsOfAll() {
  std::map<pid_t, pid_t> parents;
  DIR* proc = opendir("/proc");
  while (dirent* entry = readdir(proc)) {
    pid_t pid = std::atoi(entry->d_name);
    if (pid <= 0)
      continue;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    size_t close = line.rfind(')');
    if (close == std::string::npos)
      continue;
    std::istringstream rest(line.substr(close + 2));
    char state;
    pid_t parent;
    rest >> state >> parent;
    parents[pid] = parent;
  }
  closedir(proc);
  return parents;
}

long PssKb(pid_t pid) {
  std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
  std::string key;
  long value;
  while (rollup >> key) {
    if (key == "Pss:" && rollup >> value)
      return value;
  }
  return 0;
}

// PSS of `root` and every descendant, now.
long TreePssKb(pid_t root, size_t* processes) {
  auto parents = ParentsOfAll();
  std::set<pid_t> tree = {root};
  for (bool grew = true; grew;) {
    grew = false;
    for (auto [pid, parent] : parents) {
      if (tree.count(parent) && tree.insert(pid).second)
        grew = true;
    }
  }
  long total = 0;
  for (pid_t pid : tree)
    total += PssKb(pid);
  *processes = std::max(*processes, tree.size());
  return total;
}

struct Run {
  double seconds = 0;
  long peak_pss_kb = 0;
  size_t processes = 0;
  int exit_code = -1;
};

Run Measure(const std::vector<std::string>& command) {
  Run run;
  auto start = std::chrono::steady_clock::now();
  pid_t pid = SpawnQuiet(command);
  if (pid < 0)
    return run;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    run.peak_pss_kb = std::max(run.peak_pss_kb, TreePssKb(pid, &run.processes));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

// The fraction of pixels where any channel differs by more than `tolerance`.
double DifferingFraction(const std::string& a, const std::string& b, int tolerance) {
  cairo_surface_t* x = cairo_image_surface_create_from_png(a.c_str());
  cairo_surface_t* y = cairo_image_surface_create_from_png(b.c_str());
  double fraction = 1.0;
  int w = cairo_image_surface_get_width(x), h = cairo_image_surface_get_height(x);
  if (cairo_surface_status(x) == CAIRO_STATUS_SUCCESS &&
      cairo_surface_status(y) == CAIRO_STATUS_SUCCESS && w == cairo_image_surface_get_width(y) &&
      h == cairo_image_surface_get_height(y)) {
    long differing = 0;
    for (int row = 0; row < h; ++row) {
      auto* p = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(x) +
                                                  row * cairo_image_surface_get_stride(x));
      auto* q = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(y) +
                                                  row * cairo_image_surface_get_stride(y));
      for (int col = 0; col < w; ++col) {
        for (int shift : {0, 8, 16}) {
          if (std::abs(static_cast<int>((p[col] >> shift) & 0xff) -
                       static_cast<int>((q[col] >> shift) & 0xff)) > tolerance) {
            ++differing;
            break;
          }
        }
      }
    }
    fraction = static_cast<double>(differing) / (static_cast<double>(w) * h);
  }
  cairo_surface_destroy(x);
  cairo_surface_destroy(y);
  return fraction;
}

// A table of 36,000 rows in five columns (5 MB), every other row shaded.
std::string WriteLargeTable(const std::string& dir) {
  std::string path = dir + "/table-36000-rows.html";
  std::ofstream out(path);
  out << "<!doctype html><style>tr:nth-child(even) { background: #eee }</style>"
         "<table border=1>";
  for (int row = 0; row < 36000; ++row) {
    out << "<tr><td>" << row << "</td><td>row " << row << " name</td><td>some text in a cell</td>"
        << "<td>" << row * 3 << ".00</td><td>status ok, updated on day " << row % 365
        << " of the year</td></tr>\n";
  }
  out << "</table>";
  return path;
}

template <typename T>
T Median(std::vector<T> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  const std::string chromium = "/usr/bin/chromium";
  if (access(chromium.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "shot_bench: %s is missing (apt-get install chromium)\n",
                 chromium.c_str());
    return 1;
  }
  char dir_template[] = "/tmp/nexus-shot-bench-XXXXXX";
  std::string dir = mkdtemp(dir_template);
  std::vector<std::string> pages;
  for (const char* page : {"article.html", "boxes.html", "styled.html", "links.html",
                           "broken_markup.html", "hello.html"})
    pages.push_back(kPages + page);
  const std::string fs_html = "/usr/share/doc/nodejs/api/fs.html";
  if (access(fs_html.c_str(), R_OK) == 0)
    pages.push_back(fs_html);
  pages.push_back(WriteLargeTable(dir));
  std::printf("%d runs per tool and page; medians. PSS: peak of the sum over the process tree.\n\n",
              runs);
  std::printf("| page | Chromium | Nexus | Nexus faster | Chromium PSS (procs) | Nexus PSS (procs) "
              "| Nexus memory share | pixels differing (>16) | (>64) |\n");
  std::printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
  for (const std::string& path : pages) {
    std::string page = path.substr(path.rfind('/') + 1);
    std::string nexus_png = dir + "/nexus.png", chromium_png = dir + "/chromium.png";
    std::vector<double> nexus_s, chromium_s;
    std::vector<long> nexus_kb, chromium_kb;
    size_t nexus_procs = 0, chromium_procs = 0;
    for (int i = 0; i < runs; ++i) {
      std::string profile = dir + "/chromium-profile-" + std::to_string(i);
      Run c = Measure({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                       "--no-first-run", "--disable-background-networking",
                       "--disable-component-update", "--disable-sync",
                       "--user-data-dir=" + profile, "--hide-scrollbars",
                       "--window-size=800,600", "--screenshot=" + chromium_png, "file://" + path});
      Run n = Measure({NEXUS_BINARY, "shot", path, "-o", nexus_png, "--width", "800",
                       "--height", "600"});
      if (n.exit_code != 0 || c.exit_code != 0) {
        std::fprintf(stderr, "%s: nexus exit %d, chromium exit %d\n", page.c_str(), n.exit_code,
                     c.exit_code);
        return 1;
      }
      nexus_s.push_back(n.seconds);
      chromium_s.push_back(c.seconds);
      nexus_kb.push_back(n.peak_pss_kb);
      chromium_kb.push_back(c.peak_pss_kb);
      nexus_procs = std::max(nexus_procs, n.processes);
      chromium_procs = std::max(chromium_procs, c.processes);
    }
    double ns = Median(nexus_s), cs = Median(chromium_s);
    long nk = Median(nexus_kb), ck = Median(chromium_kb);
    std::printf(
        "| %s | %.0f ms | %.0f ms | %.1fx | %.0f MiB (%zu) | %.1f MiB (%zu) | 1/%.1f | "
        "%.2f %% | %.2f %% |\n",
        page.c_str(), cs * 1000, ns * 1000, cs / ns, ck / 1024.0, chromium_procs, nk / 1024.0,
        nexus_procs, static_cast<double>(ck) / std::max(nk, 1L),
        100 * DifferingFraction(nexus_png, chromium_png, 16),
        100 * DifferingFraction(nexus_png, chromium_png, 64));
    std::fflush(stdout);
  }
  std::string cleanup = "rm -rf " + dir;
  return std::system(cleanup.c_str()) == 0 ? 0 : 1;
}
