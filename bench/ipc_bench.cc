// IPC and process start-up figures, each printed as a ratio against a baseline measured in
// the same run (DESIGN.md §7, §10). Run: build/bench/ipc_bench
//   1. 64-byte round trip: Nexus channel (Cap'n Proto envelope) vs raw SEQPACKET ping-pong,
//      both processes pinned to one core, then to two cores.
//   2. 16 MiB hand-off vs memcpy: a one-off sealed memfd (create, seal, send fd, map, read)
//      and a reused shared buffer (write in place, send its id, read, release).
//   3. Renderer start to PROCESS_READY: cold exec vs zygote fork vs pool acquire.
//   4. Crash detection: SIGKILL to main's OnProcessGone.
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "base/time.h"
#include "ipc/channel.h"
#include "ipc/lifecycle.capnp.h"
#include "ipc/shared_buffer_pool.h"
#include "process/process_manager.h"
#include "process/process_pool.h"
#include "services/renderer/public/renderer.capnp.h"
#include "services/routes/message_routes.h"

namespace nexus {
namespace {

constexpr int kRoundTrips = 20000;

void Pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof(set), &set);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Runs `child` in a forked process pinned to `child_cpu`, `parent` here pinned to
// `parent_cpu`; returns parent's result.
double WithChild(int parent_cpu, int child_cpu, const std::function<void()>& child,
                 const std::function<double()>& parent) {
  pid_t pid = fork();
  if (pid == 0) {
    Pin(child_cpu);
    child();
    _exit(0);
  }
  Pin(parent_cpu);
  double result = parent();
  waitpid(pid, nullptr, 0);
  return result;
}

double RawRoundTripNs(int parent_cpu, int child_cpu) {
  int fds[2];
  socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds);
  char buffer[64] = {};
  double ns = WithChild(
      parent_cpu, child_cpu,
      [&] {
        close(fds[0]);
        for (int i = 0; i < kRoundTrips; ++i) {
          if (recv(fds[1], buffer, sizeof(buffer), 0) <= 0)
            return;
          send(fds[1], buffer, sizeof(buffer), 0);
        }
      },
      [&] {
        int64_t start = MonotonicNanos();
        for (int i = 0; i < kRoundTrips; ++i) {
          send(fds[0], buffer, sizeof(buffer), 0);
          recv(fds[0], buffer, sizeof(buffer), 0);
        }
        return static_cast<double>(MonotonicNanos() - start) / kRoundTrips;
      });
  close(fds[0]);
  close(fds[1]);
  return ns;
}

void FillSmallMessage(ipc::OutgoingMessage& message, uint64_t sequence) {
  // A heartbeat: 64 bytes on the wire with the envelope header and segment table.
  message.envelope().setSenderId(1);
  message.Init<ipc::schema::BrowserToChild>().initHeartbeat().setSequence(sequence);
}

double ChannelRoundTripNs(int parent_cpu, int child_cpu) {
  auto pair = ipc::Channel::CreatePair();
  ScopedFd child_end = std::move(pair->second);
  std::unique_ptr<ipc::Channel> parent_channel = std::move(pair->first);
  return WithChild(
      parent_cpu, child_cpu,
      [&] {
        parent_channel.reset();
        auto channel = ipc::Channel::Adopt(std::move(child_end));
        (*channel)->Accept({ipc::InterfaceOf<ipc::schema::BrowserToChild>()});
        for (int i = 0; i < kRoundTrips; ++i) {
          auto in = (*channel)->ReceiveBlocking(5000);
          if (in.outcome != ipc::Channel::ReceiveOutcome::kMessage)
            return;
          ipc::OutgoingMessage reply;
          FillSmallMessage(
              reply, in.message->Body<ipc::schema::BrowserToChild>().getHeartbeat().getSequence());
          (void)(*channel)->Send(reply);
        }
      },
      [&] {
        child_end.reset();
        parent_channel->Accept({ipc::InterfaceOf<ipc::schema::BrowserToChild>()});
        int64_t start = MonotonicNanos();
        for (int i = 0; i < kRoundTrips; ++i) {
          ipc::OutgoingMessage message;
          FillSmallMessage(message, i);
          (void)parent_channel->Send(message);
          auto in = parent_channel->ReceiveBlocking(5000);
          if (in.outcome != ipc::Channel::ReceiveOutcome::kMessage)
            return -1.0;
        }
        return static_cast<double>(MonotonicNanos() - start) / kRoundTrips;
      });
}

void BenchRoundTrip() {
  int cpus = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("== 64-byte round trip (%d round trips, median of 5) ==\n", kRoundTrips);
  for (int cross = 0; cross <= (cpus > 1 ? 1 : 0); ++cross) {
    std::vector<double> raw, nexus;
    for (int run = 0; run < 5; ++run) {
      raw.push_back(RawRoundTripNs(0, cross));
      nexus.push_back(ChannelRoundTripNs(0, cross));
    }
    double r = Median(raw), n = Median(nexus);
    std::printf("%-10s raw socketpair %7.2f us   nexus channel %7.2f us   ratio %.2fx\n",
                cross ? "cross-core" : "same-core", r / 1000, n / 1000, n / r);
  }
}

// Reads one byte per page, as a compositor touching every row would.
uint64_t TouchEveryPage(std::span<const uint8_t> bytes) {
  uint64_t sum = 0;
  for (size_t i = 0; i < bytes.size(); i += 4096)
    sum += bytes[i];
  return sum;
}

void BenchSharedMemory() {
  constexpr size_t kBytes = 16 * 1024 * 1024;
  std::vector<uint8_t> source(kBytes, 7), target(kBytes);
  std::vector<double> copy_ns, one_off_ns, reused_ns;
  auto pair = ipc::Channel::CreatePair();
  auto receiver = ipc::Channel::Adopt(std::move(pair->second));
  (*receiver)->Accept({ipc::InterfaceOf<ipc::schema::SharedBufferCreated>(),
                       ipc::InterfaceOf<renderer::schema::RendererToBrowser>()});
  pair->first->Accept({ipc::InterfaceOf<ipc::schema::SharedBufferReleased>()});
  // Reused buffers: announced once, then every frame is written in place and named by id.
  auto pool = ipc::SharedBufferPool::Create(*pair->first, 2, kBytes);
  ipc::SharedBufferReceiver buffers;
  for (int i = 0; i < 2; ++i) {
    auto created = (*receiver)->ReceiveBlocking(1000);
    if (created.outcome != ipc::Channel::ReceiveOutcome::kMessage ||
        !buffers.Register(*created.message).ok()) {
      std::printf("shared buffer set-up failed\n");
      return;
    }
  }
  uint64_t sum = 0;
  for (int run = 0; run < 9; ++run) {
    int64_t start = MonotonicNanos();
    std::memcpy(target.data(), source.data(), kBytes);
    copy_ns.push_back(static_cast<double>(MonotonicNanos() - start));

    // One-off sealed memfd: copy in, seal, send the fd, map, read.
    start = MonotonicNanos();
    {
      ipc::OutgoingMessage message;
      auto body = message.Init<renderer::schema::RendererToBrowser>().initFrameRendered();
      (void)message.SetPayload(body.initPixels(), std::span<const uint8_t>(source));
      (void)pair->first->Send(message);
      auto in = (*receiver)->ReceiveBlocking(1000);
      auto mapped = in.message->MapPayload(
          in.message->Body<renderer::schema::RendererToBrowser>().getFrameRendered().getPixels());
      sum += TouchEveryPage(mapped->bytes());
    }
    one_off_ns.push_back(static_cast<double>(MonotonicNanos() - start));

    // Reused buffer: copy in (a renderer would paint there instead), send the id, read,
    // release.
    start = MonotonicNanos();
    {
      uint32_t buffer = *pool->Acquire();
      std::memcpy(pool->Bytes(buffer).data(), source.data(), kBytes);
      ipc::OutgoingMessage message;
      (void)pool->SetPayload(
          message.Init<renderer::schema::RendererToBrowser>().initFrameRendered().initPixels(),
          buffer, kBytes);
      (void)pair->first->Send(message);
      auto in = (*receiver)->ReceiveBlocking(1000);
      auto bytes = buffers.Read(
          in.message->Body<renderer::schema::RendererToBrowser>().getFrameRendered().getPixels());
      sum += TouchEveryPage(*bytes);
      ipc::OutgoingMessage release;
      ipc::SharedBufferReceiver::FillRelease(release, buffer);
      (void)(*receiver)->Send(release);
      auto released = pair->first->ReceiveBlocking(1000);
      (void)pool->Release(released.message->Body<ipc::schema::SharedBufferReleased>().getBuffer());
    }
    reused_ns.push_back(static_cast<double>(MonotonicNanos() - start));
  }
  if (sum == 0)
    std::printf("unexpected checksum\n");
  double c = Median(copy_ns), o = Median(one_off_ns), r = Median(reused_ns);
  std::printf("== 16 MiB payload (median of 9) ==\n");
  std::printf("memcpy %.2f GB/s\n", kBytes / c);
  std::printf("one-off sealed memfd (copy in, seal, send, map, read) %.2f GB/s   ratio %.2fx\n",
              kBytes / o, c / o);
  std::printf("reused shared buffer (copy in, send id, read, release) %.2f GB/s   ratio %.2fx\n",
              kBytes / r, c / r);
}

class Recorder : public process::ProcessManager::Delegate {
 public:
  std::function<void(process::ProcessHost&)> on_ready;
  std::function<void(process::ProcessHost&)> on_gone;
  void OnProcessReady(process::ProcessHost& host) override {
    if (on_ready)
      on_ready(host);
  }
  void OnMessageFromChild(process::ProcessHost&, ipc::IncomingMessage&) override {}
  void OnProcessGone(process::ProcessHost& host) override {
    if (on_gone)
      on_gone(host);
  }
};

void BenchStartAndCrash() {
  auto loop = EventLoop::Create();
  Recorder recorder;
  process::ProcessScheduler scheduler;
  process::ProcessManager::Options options;
  options.policy = &routes::MessageRoutes();
  options.executable = NEXUS_BINARY;
  process::ProcessManager manager(**loop, recorder, scheduler, nullptr, options);
  process::ProcessPool pool(**loop, manager);

  uint32_t awaited = 0;
  int64_t ready_at = 0;
  recorder.on_ready = [&](process::ProcessHost& host) {
    if (pool.OnProcessReady(host) && host.id() != awaited)
      return;
    if (host.id() == awaited)
      ready_at = MonotonicNanos();
  };
  auto wait_ready = [&](uint32_t id) {
    awaited = id;
    ready_at = 0;
    while (!ready_at)
      (*loop)->RunOnce(100);
  };
  auto time_start = [&](const std::function<uint32_t()>& start) {
    std::vector<double> ms;
    for (int run = 0; run < 15; ++run) {
      int64_t begin = MonotonicNanos();
      uint32_t id = start();
      wait_ready(id);
      ms.push_back(static_cast<double>(ready_at - begin) / 1e6);
      manager.Kill(id, "benchmark done");
      for (int i = 0; i < 5; ++i)
        (*loop)->RunOnce(5);
    }
    return Median(ms);
  };
  double cold = time_start([&] { return *manager.CreateProcess(process::ProcessType::RENDERER, {}); });
  (void)manager.StartZygote();
  while (!manager.zygote_ready())
    (*loop)->RunOnce(100);
  double zygote = time_start([&] { return *manager.CreateProcess(process::ProcessType::RENDERER, {}); });
  pool.WarmupPool(1);
  std::vector<double> acquire_ms;
  for (int run = 0; run < 15; ++run) {
    while (pool.ready_count() == 0)
      (*loop)->RunOnce(100);
    // A pooled renderer has already said PROCESS_READY: it can take a navigation as soon as
    // AcquireRenderer returns.
    int64_t begin = MonotonicNanos();
    uint32_t id = *pool.AcquireRenderer();
    acquire_ms.push_back(static_cast<double>(MonotonicNanos() - begin) / 1e6);
    manager.Kill(id, "benchmark done");
  }
  double pooled = Median(acquire_ms);
  std::printf("== renderer start to PROCESS_READY (median of 15) ==\n");
  std::printf("cold exec %.3f ms   zygote fork %.3f ms (%.1fx faster)   pool acquire %.4f ms\n",
              cold, zygote, cold / zygote, pooled);

  std::vector<double> detect_us;
  int64_t gone_at = 0;
  recorder.on_gone = [&](process::ProcessHost&) { gone_at = MonotonicNanos(); };
  for (int run = 0; run < 15; ++run) {
    uint32_t id = *manager.CreateProcess(process::ProcessType::GPU, {});
    wait_ready(id);
    gone_at = 0;
    int64_t killed_at = MonotonicNanos();
    (void)manager.Find(id)->SendSignal(SIGKILL);
    while (!gone_at)
      (*loop)->RunOnce(100);
    detect_us.push_back(static_cast<double>(gone_at - killed_at) / 1000);
  }
  std::printf("== crash detection, SIGKILL to recovery start (exec'd child, median of 15) ==\n");
  std::printf("%.1f us\n", Median(detect_us));
  pool.WarmupPool(0);
  manager.ShutdownAll(1000);
}

}  // namespace
}  // namespace nexus

// An optional argument runs one part (for profiling): roundtrip, memfd or start.
int main(int argc, char** argv) {
  std::string only = argc > 1 ? argv[1] : "";
  if (!only.empty() && only != "roundtrip" && only != "memfd" && only != "start") {
    std::fprintf(stderr, "ipc_bench: unknown part '%s' (roundtrip, memfd or start)\n", argv[1]);
    return 2;
  }
  if (only.empty() || only == "roundtrip")
    nexus::BenchRoundTrip();
  if (only.empty() || only == "memfd")
    nexus::BenchSharedMemory();
  if (only.empty() || only == "start")
    nexus::BenchStartAndCrash();
  return 0;
}
