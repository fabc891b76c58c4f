// The price of the sandbox (issue 3, DESIGN.md §4), each figure against the same start
// without it, measured in one run. Run: build/bench/sandbox_bench
//   1. Per type: time inside the child to enter its sandbox (EnterSandbox, reported in
//      PROCESS_READY), and exec-to-PROCESS_READY with and without the sandbox (which adds
//      the user and PID namespaces at clone time).
//   2. Renderers from the zygote: fork-to-PROCESS_READY from a sandboxed zygote (renderer
//      layers stacked on the zygote's) and from an unsandboxed one.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <utility>
#include <string>
#include <vector>

#include "base/time.h"
#include "process/process_manager.h"
#include "services/routes/message_routes.h"

namespace nexus {
namespace {

constexpr int kRuns = 31;

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

class Recorder : public process::ProcessManager::Delegate {
 public:
  uint32_t awaited = 0;
  int64_t ready_at = 0;
  int64_t enter_ns = 0;
  void OnProcessReady(process::ProcessHost& host) override {
    if (host.id() != awaited)
      return;
    ready_at = MonotonicNanos();
    enter_ns = host.reported_sandbox.enter_ns;
  }
  void OnMessageFromChild(process::ProcessHost&, ipc::IncomingMessage&) override {}
  void OnProcessGone(process::ProcessHost&) override {}
};

struct Figures {
  double start_ms = 0;  // CreateProcess to PROCESS_READY
  double enter_ms = 0;  // inside the child
};

class Bench {
 public:
  explicit Bench(bool sandboxed) {
    loop_ = std::move(EventLoop::Create()).value();
    process::ProcessManager::Options options;
    options.policy = &routes::MessageRoutes();
    options.executable = NEXUS_BINARY;
    options.sandbox = sandboxed;
    options.memory_limit_for = [](process::ProcessType) { return uint64_t{512} << 20; };
    if (!sandboxed)
      options.child_args.push_back("--no-sandbox");
    manager_ = std::make_unique<process::ProcessManager>(*loop_, recorder_, scheduler_, nullptr,
                                                         options);
  }
  ~Bench() { manager_->ShutdownAll(1000); }

  // One start; the caller alternates sandboxed and plain ones so drift hits both alike.
  void StartOnce(process::ProcessType type) {
    int64_t begin = MonotonicNanos();
    recorder_.awaited = *manager_->CreateProcess(type, {});
    recorder_.ready_at = 0;
    while (!recorder_.ready_at)
      loop_->RunOnce(100);
    start_ms_.push_back(static_cast<double>(recorder_.ready_at - begin) / 1e6);
    enter_ms_.push_back(static_cast<double>(recorder_.enter_ns) / 1e6);
    manager_->Kill(recorder_.awaited, "benchmark done");
    for (int i = 0; i < 5; ++i)
      loop_->RunOnce(5);
    // Exec'd children own a network namespace: let the kernel finish tearing the dead one
    // down (a kworker does it after the exit) so it does not compete with the next start on
    // 2 cores. Zygote children share the zygote's, so there is nothing to wait for.
    if (type != process::ProcessType::RENDERER || !manager_->zygote_ready())
      usleep(30 * 1000);
  }
  Figures TakeFigures() {
    Figures figures{Median(start_ms_), Median(enter_ms_)};
    start_ms_.clear();
    enter_ms_.clear();
    return figures;
  }

  void StartZygote() {
    (void)manager_->StartZygote();
    while (!manager_->zygote_ready())
      loop_->RunOnce(100);
  }

 private:
  std::unique_ptr<EventLoop> loop_;
  Recorder recorder_;
  process::ProcessScheduler scheduler_;
  std::unique_ptr<process::ProcessManager> manager_;
  std::vector<double> start_ms_, enter_ms_;
};

// Alternates starts between the two set-ups, ABBA, so that both land on every core as the
// scheduler spreads renderers round-robin.
std::pair<Figures, Figures> Compare(Bench& plain, Bench& boxed, process::ProcessType type) {
  for (int run = 0; run < kRuns; ++run) {
    Bench& first = run % 2 ? boxed : plain;
    Bench& second = run % 2 ? plain : boxed;
    first.StartOnce(type);
    second.StartOnce(type);
  }
  return {plain.TakeFigures(), boxed.TakeFigures()};
}

}  // namespace
}  // namespace nexus

int main() {
  using nexus::process::ProcessType;
  nexus::Bench plain(false), boxed(true);
  std::printf("== exec to PROCESS_READY, median of %d alternating starts (ms) ==\n", nexus::kRuns);
  std::printf("%-10s %12s %12s %8s %16s\n", "type", "no sandbox", "sandboxed", "ratio",
              "enter (inside)");
  for (ProcessType type : {ProcessType::RENDERER, ProcessType::GPU, ProcessType::AI,
                           ProcessType::NETWORK, ProcessType::STORAGE, ProcessType::AUDIO}) {
    auto [without, with] = nexus::Compare(plain, boxed, type);
    std::printf("%-10s %12.3f %12.3f %7.2fx %16.3f\n",
                std::string(nexus::process::ProcessTypeName(type)).c_str(), without.start_ms,
                with.start_ms, with.start_ms / without.start_ms, with.enter_ms);
  }
  std::printf("== renderer forked by the zygote to PROCESS_READY, median of %d (ms) ==\n",
              nexus::kRuns);
  plain.StartZygote();
  boxed.StartZygote();
  auto [without, with] = nexus::Compare(plain, boxed, ProcessType::RENDERER);
  std::printf("unsandboxed zygote %.3f   sandboxed zygote %.3f (%.2fx; entering the renderer's "
              "layers inside: %.3f)\n",
              without.start_ms, with.start_ms, with.start_ms / without.start_ms, with.enter_ms);
  return 0;
}
