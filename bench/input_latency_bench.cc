// A tab's input-to-frame latency while the AI process runs a batch, against the same tab with
// the AI process idle, in one browser and one run (issue 6: "no visible effect").
//   One sample = an input event hit-tested by the tab's renderer (`hit-test`), then a frame
//   of the tab painted by it and handed to main (`screenshot`, PNG-encoded into /dev/null),
//   each a round trip over the control socket from this process (no exec per sample).
//   Busy = another connection keeps the AI process analysing a second tab without a pause:
//   OCR of four images of 15 lines of text, the heaviest work it does.
//   build/bench/input_latency_bench [SAMPLES]
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

#include "process/process_type.h"
#include "services/browser/public/control_client.h"
#include "spawn_quiet.h"

namespace {

using nexus::browser::ControlClient;
using Request = nexus::browser::schema::ControlRequest;
using Reply = nexus::browser::schema::ControlReply;

// One request; false if it failed.
template <typename Fill>
bool Call(ControlClient& client, Fill fill, std::string* text = nullptr) {
  capnp::MallocMessageBuilder message;
  fill(message.initRoot<Request>());
  auto reply = client.Call(message, 120000);
  if (!reply.ok())
    return false;
  auto root = (*reply)->Root<Reply>();
  if (text && root.isText())
    *text = root.getText();
  return !root.isError();
}

struct Latency {
  double median_ms = 0, p95_ms = 0;
};

Latency InputToFrame(ControlClient& client, int samples) {
  std::vector<double> ms;
  for (int i = 0; i < samples; ++i) {
    auto start = std::chrono::steady_clock::now();
    bool ok = Call(client, [&](Request::Builder request) {
      auto point = request.initHitTest();
      point.setTabId(1);
      point.setX(40 + i % 200);
      point.setY(40);
    });
    ok = ok && Call(client, [](Request::Builder request) {
      auto shot = request.initScreenshot();
      shot.setTabId(1);
      shot.setPath("/dev/null");
    });
    if (!ok) {
      std::fprintf(stderr, "input_latency_bench: a request to tab 1 failed\n");
      std::exit(1);
    }
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 95 / 100]};
}

std::string CpusOf(const nlohmann::json& processes, const std::string& type, int tab_site) {
  for (const auto& process : processes) {
    if (process["type"] == type && process["pid"].get<int>() > 0 &&
        (tab_site < 0 || !process["site"].get<std::string>().empty()))
      return process["cpus"].get<std::string>();
  }
  return "?";
}

}  // namespace

int main(int argc, char** argv) {
  int samples = argc > 1 ? std::max(10, std::atoi(argv[1])) : 200;
  char dir_template[] = "/tmp/nexus-input-bench-XXXXXX";
  std::string dir = mkdtemp(dir_template);
  {
    std::ofstream page(dir + "/tab.html");
    page << "<title>tab</title><body style='font: 16px sans-serif'>";
    for (int i = 0; i < 40; ++i)
      page << "<p><a href='#p" << i << "'>Link " << i << "</a> and some text around it.</p>";
  }
  {
    std::ofstream text(dir + "/text.html");
    text << "<body style='margin:20px; font: 18px sans-serif'>";
    for (int i = 0; i < 15; ++i)
      text << "<p>Line " << i << " of a page of text that the AI process reads by OCR.</p>";
  }
  pid_t shot = SpawnQuiet({NEXUS_BINARY, "shot", dir + "/text.html", "-o", dir + "/text.png",
                           "--full-page"});
  int status = 0;
  waitpid(shot, &status, 0);
  {
    std::ofstream images(dir + "/images.html");
    images << "<title>images</title><p>Four pages of text as images.</p>";
    for (int i = 0; i < 4; ++i)
      images << "<img src='text.png'>";
  }

  std::string profile = dir + "/profile";
  pid_t browser = SpawnQuiet({NEXUS_BINARY, "--headless", "--ai-prelaunch", "--profile", profile,
                              dir + "/tab.html", dir + "/images.html"});
  std::string socket = profile + "/run/control.sock";
  std::optional<ControlClient> client;
  for (int i = 0; i < 200 && !client; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (auto connected = ControlClient::Connect(socket); connected.ok())
      client.emplace(std::move(connected).value());
  }
  if (!client) {
    std::fprintf(stderr, "input_latency_bench: the browser did not start\n");
    return 1;
  }
  // Both tabs loaded, the AI process up and its first analysis done (models loaded).
  auto analyze = [&](ControlClient& connection) {
    return Call(connection, [](Request::Builder request) { request.setAnalyzeTab(2); });
  };
  bool ready = false;
  for (int i = 0; i < 200 && !ready; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ready = analyze(*client);
  }
  if (!ready) {
    std::fprintf(stderr, "input_latency_bench: the AI process did not analyse tab 2\n");
    return 1;
  }
  Latency idle = InputToFrame(*client, samples);

  std::atomic<bool> stop{false};
  std::atomic<int> analyses{0};
  std::thread load([&] {
    auto connection = ControlClient::Connect(socket);
    while (connection.ok() && !stop) {
      if (analyze(*connection))
        ++analyses;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the batch is running
  auto busy_start = std::chrono::steady_clock::now();
  Latency busy = InputToFrame(*client, samples);
  double busy_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - busy_start).count();
  stop = true;
  load.join();

  // Where the tab's renderer and the AI process ran (2 cores: the placement decides a lot).
  auto processes = nlohmann::json::array();
  {
    capnp::MallocMessageBuilder message;
    message.initRoot<Request>().setListProcesses();
    if (auto reply = client->Call(message); reply.ok()) {
      auto root = (*reply)->Root<Reply>();
      if (root.isProcesses()) {
        for (auto process : root.getProcesses())
          processes.push_back({{"type", nexus::process::ProcessTypeName(process.getType())},
                               {"pid", process.getPid()},
                               {"cpus", process.getCpus().cStr()},
                               {"site", process.getSite().cStr()}});
      }
    }
  }
  Call(*client, [](Request::Builder request) { request.setQuit(); });
  waitpid(browser, &status, 0);

  std::printf("| input to frame (hit test + frame of tab 1) | AI idle | AI analysing tab 2 | ratio |\n");
  std::printf("|---|---|---|---|\n");
  std::printf("| median | %.2f ms | %.2f ms | %.2fx |\n", idle.median_ms, busy.median_ms,
              busy.median_ms / idle.median_ms);
  std::printf("| 95th percentile | %.2f ms | %.2f ms | %.2fx |\n", idle.p95_ms, busy.p95_ms,
              busy.p95_ms / idle.p95_ms);
  std::printf("%d samples each; %d analyses (4 OCR images each) finished during the busy %.1f s;"
              " renderer on CPUs %s, AI process on CPUs %s\n",
              samples, analyses.load(), busy_s, CpusOf(processes, "renderer", 0).c_str(),
              CpusOf(processes, "ai", -1).c_str());
  return 0;
}
