// The browser in a window under Xvfb, as a user drives it (issue: GPU process and window).
//   1. Input to frame on screen: a wheel notch (scrolled by the GPU process itself) and a key
//      (Down: window -> GPU process -> main -> GPU process), from the moment the GPU process
//      reads the event off the display connection to the frame that shows it being presented,
//      as the GPU process reports it in the --trace (p50, p99).
//   2. The same while the AI process is kept busy analysing (OCR) another tab.
//   3. Scrolling the 20,000-pixel stripes page as fast as X delivers wheel events: frames per
//      second the compositor sustains, and pixels scrolled per second.
//   Ratios: busy against idle, in this run. build/bench/window_bench [EVENTS] [--disable-gpu]
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/time.h"
#include "services/browser/public/control_client.h"
#include "spawn_quiet.h"

namespace {

using nexus::browser::ControlClient;
using Request = nexus::browser::schema::ControlRequest;

std::string g_display;

void Shell(const std::string& command) {
  std::string line = "DISPLAY=" + g_display + " " + command + " >/dev/null 2>&1";
  if (std::system(line.c_str()) != 0)
    std::fprintf(stderr, "window_bench: '%s' failed\n", command.c_str());
}

std::string WindowId() {
  std::string line = "DISPLAY=" + g_display + " xdotool search --name Nexus 2>/dev/null";
  FILE* pipe = popen(line.c_str(), "r");
  char buffer[64] = {};
  std::string id = pipe && fgets(buffer, sizeof(buffer), pipe) ? buffer : "";
  if (pipe)
    pclose(pipe);
  return id.substr(0, id.find('\n'));
}

struct Phase {
  const char* name;
  int64_t start_ns = 0;
  int64_t end_ns = 0;
};

struct Percentiles {
  double p50_ms = 0, p99_ms = 0;
  size_t count = 0;
};

Percentiles LatencyIn(const nlohmann::json& frames, const Phase& phase) {
  std::vector<double> ms;
  for (const auto& frame : frames) {
    int64_t ts_ns = static_cast<int64_t>(frame["ts"].get<double>() * 1000);
    uint32_t latency = frame["args"]["input_latency_us"];
    if (ts_ns >= phase.start_ns && ts_ns <= phase.end_ns && latency > 0)
      ms.push_back(latency / 1000.0);
  }
  Percentiles result;
  result.count = ms.size();
  if (ms.empty())
    return result;
  std::sort(ms.begin(), ms.end());
  result.p50_ms = ms[ms.size() / 2];
  result.p99_ms = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  return result;
}

size_t FramesIn(const nlohmann::json& frames, const Phase& phase) {
  size_t count = 0;
  for (const auto& frame : frames) {
    int64_t ts_ns = static_cast<int64_t>(frame["ts"].get<double>() * 1000);
    count += ts_ns >= phase.start_ns && ts_ns <= phase.end_ns;
  }
  return count;
}

// Wheel notches then Down keys, `events` of each, 25 ms apart (a person's fast pace).
void DriveInput(const std::string& window, int events, Phase& wheel, Phase& keys) {
  wheel.start_ns = nexus::MonotonicNanos();
  Shell("xdotool mousemove --window " + window + " 400 400 sleep 0.2 click --repeat " +
        std::to_string(events) + " --delay 25 5");
  wheel.end_ns = nexus::MonotonicNanos();
  Shell("xdotool mousemove --window " + window + " 400 400 key Home");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  keys.start_ns = nexus::MonotonicNanos();
  std::string keys_command = "xdotool mousemove --window " + window + " 400 400 key --delay 25";
  for (int i = 0; i < events; ++i)
    keys_command += " Down";
  Shell(keys_command);
  keys.end_ns = nexus::MonotonicNanos();
}

}  // namespace

int main(int argc, char** argv) {
  int events = argc > 1 ? std::max(20, std::atoi(argv[1])) : 100;
  bool software = argc > 2 && std::string(argv[2]) == "--disable-gpu";
  char dir_template[] = "/tmp/nexus-window-bench-XXXXXX";
  std::string dir = mkdtemp(dir_template);
  // An X server of the bench's own.
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0)
    return 1;
  pid_t xvfb = fork();
  if (xvfb == 0) {
    int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, 1);
    dup2(null_fd, 2);
    std::string fd = std::to_string(pipe_fds[1]);
    execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1400x900x24", "-nolisten",
           "tcp", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipe_fds[1]);
  char number[16] = {};
  if (read(pipe_fds[0], number, sizeof(number) - 1) <= 0) {
    std::fprintf(stderr, "window_bench: Xvfb did not start (apt-get install xvfb)\n");
    return 1;
  }
  g_display = ":" + std::to_string(std::atoi(number));
  setenv("DISPLAY", g_display.c_str(), 1);

  // A tab of images of text for the AI process to read (OCR), made by `nexus shot`.
  {
    std::ofstream text(dir + "/text.html");
    text << "<body style='margin:20px; font: 18px sans-serif'>";
    for (int i = 0; i < 15; ++i)
      text << "<p>Line " << i << " of a page of text that the AI process reads by OCR.</p>";
  }
  int status = 0;
  pid_t shot = SpawnQuiet(
      {NEXUS_BINARY, "shot", dir + "/text.html", "-o", dir + "/text.png", "--full-page"});
  waitpid(shot, &status, 0);
  {
    std::ofstream images(dir + "/images.html");
    images << "<title>images</title>";
    for (int i = 0; i < 4; ++i)
      images << "<img src='text.png'>";
  }
  std::string profile = dir + "/profile", trace = dir + "/trace.json";
  std::vector<std::string> command = {NEXUS_BINARY,
                                      "--ai-prelaunch",
                                      "--window-size",
                                      "1280x800",
                                      "--trace",
                                      trace,
                                      "--profile",
                                      profile,
                                      std::string(NEXUS_SOURCE_DIR) + "/tests/pages/stripes.html",
                                      dir + "/images.html"};
  if (software)
    command.push_back("--disable-gpu");
  pid_t browser = SpawnQuiet(command);
  std::optional<ControlClient> client;
  for (int i = 0; i < 200 && !client; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (auto connected = ControlClient::Connect(profile + "/run/control.sock"); connected.ok())
      client.emplace(std::move(connected).value());
  }
  std::string window;
  for (int i = 0; i < 100 && window.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    window = WindowId();
  }
  if (!client || window.empty()) {
    std::fprintf(stderr, "window_bench: the browser's window did not appear\n");
    return 1;
  }
  auto analyze = [](ControlClient& connection) {
    capnp::MallocMessageBuilder message;
    message.initRoot<Request>().setAnalyzeTab(2);
    auto reply = connection.Call(message, 120000);
    return reply.ok() && !(*reply)->Root<nexus::browser::schema::ControlReply>().isError();
  };
  bool ready = false;
  for (int i = 0; i < 200 && !ready; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ready = analyze(*client);
  }
  if (!ready) {
    std::fprintf(stderr, "window_bench: the AI process did not analyse tab 2\n");
    return 1;
  }

  Phase idle_wheel{"wheel, AI idle"}, idle_keys{"key, AI idle"};
  DriveInput(window, events, idle_wheel, idle_keys);

  std::atomic<bool> stop{false};
  std::atomic<int> analyses{0};
  std::thread load([&] {
    auto connection = ControlClient::Connect(profile + "/run/control.sock");
    while (connection.ok() && !stop) {
      if (analyze(*connection))
        ++analyses;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Phase busy_wheel{"wheel, AI busy"}, busy_keys{"key, AI busy"};
  int64_t busy_start = nexus::MonotonicNanos();
  DriveInput(window, events, busy_wheel, busy_keys);
  double busy_s = (nexus::MonotonicNanos() - busy_start) / 1e9;
  stop = true;
  load.join();

  // Scrolling flat out: 700 notches as fast as xdotool sends them (37,100 px: the page's end).
  Shell("xdotool mousemove --window " + window + " 400 400 key Home");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Phase flat_out{"scrolling"};
  flat_out.start_ns = nexus::MonotonicNanos();
  Shell("xdotool mousemove --window " + window + " 400 400 click --repeat 700 --delay 1 5");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  flat_out.end_ns = nexus::MonotonicNanos();

  capnp::MallocMessageBuilder quit;
  quit.initRoot<Request>().setQuit();
  (void)client->Call(quit);
  waitpid(browser, &status, 0);
  kill(xvfb, SIGTERM);
  waitpid(xvfb, nullptr, 0);

  std::ifstream in(trace);
  auto events_json = nlohmann::json::parse(in, nullptr, false);
  if (events_json.is_discarded()) {
    std::fprintf(stderr, "window_bench: no trace at %s\n", trace.c_str());
    return 1;
  }
  nlohmann::json frames = nlohmann::json::array();
  for (auto& event : events_json["traceEvents"]) {
    if (event["name"] == "frame")
      frames.push_back(event);
  }
  std::printf("compositing: %s\n", software ? "software (--disable-gpu)" : "GL");
  std::printf("| input to frame on screen | p50 | p99 | frames with input |\n|---|---|---|---|\n");
  Percentiles rows[4];
  const Phase* phases[] = {&idle_wheel, &idle_keys, &busy_wheel, &busy_keys};
  for (int i = 0; i < 4; ++i) {
    rows[i] = LatencyIn(frames, *phases[i]);
    std::printf("| %s | %.2f ms | %.2f ms | %zu |\n", phases[i]->name, rows[i].p50_ms,
                rows[i].p99_ms, rows[i].count);
  }
  std::printf(
      "busy / idle, p99: wheel %.2fx, key %.2fx; %d analyses (4 OCR images each) in the "
      "busy %.1f s\n",
      rows[2].p99_ms / std::max(rows[0].p99_ms, 0.001),
      rows[3].p99_ms / std::max(rows[1].p99_ms, 0.001), analyses.load(), busy_s);
  size_t scrolled_frames = FramesIn(frames, flat_out);
  double seconds = (flat_out.end_ns - flat_out.start_ns) / 1e9;
  std::printf(
      "scrolling the 20,000 px page flat out: %zu frames in %.2f s = %.0f frames/s "
      "(%.0f px/s)\n",
      scrolled_frames, seconds, scrolled_frames / seconds, 700 * 53 / seconds);
  return 0;
}
