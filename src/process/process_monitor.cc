#include "process/process_monitor.h"

#include "base/logging.h"
#include "base/time.h"
#include "ipc/lifecycle.capnp.h"
#include "process/proc_stats.h"

namespace nexus::process {

ProcessMonitor::ProcessMonitor(EventLoop& loop, ProcessManager& manager, ResourceLimiter& limiter,
                               MonitorOptions options)
    : loop_(loop), manager_(manager), limiter_(limiter), options_(options) {}

ProcessMonitor::~ProcessMonitor() {
  loop_.CancelTimer(heartbeat_timer_);
  loop_.CancelTimer(sample_timer_);
}

void ProcessMonitor::Start() {
  ScheduleHeartbeat();
  ScheduleSampling();
}

void ProcessMonitor::ScheduleHeartbeat() {
  heartbeat_timer_ = loop_.PostDelayed(options_.heartbeat_interval_ms, [this] {
    CheckHeartbeats();
    ScheduleHeartbeat();
  });
}

void ProcessMonitor::ScheduleSampling() {
  sample_timer_ = loop_.PostDelayed(options_.memory_sample_interval_ms, [this] {
    SampleResources();
    ScheduleSampling();
  });
}

void ProcessMonitor::CheckHeartbeats() {
  int64_t now = MonotonicMillis();
  for (ProcessHost* host : manager_.Hosts()) {
    if (!host->alive() || host->died || host->pid == 0)
      continue;
    ProcessState state = host->state();
    // A process still starting has not got a loop to answer with; a suspended one cannot.
    if (state == ProcessState::kCreated || state == ProcessState::kSuspended)
      continue;
    if (host->heartbeat_sent_ms != 0) {
      if (now - host->heartbeat_sent_ms >= options_.hang_timeout_ms) {
        LOG(Warning) << ProcessTypeName(host->type()) << " " << host->id() << " (pid "
                     << host->pid << ") has not answered a heartbeat for "
                     << now - host->heartbeat_sent_ms << " ms";
        manager_.Kill(host->id(), "hang: no heartbeat answer for " +
                                      std::to_string(now - host->heartbeat_sent_ms) + " ms");
      }
      continue;  // Still waiting for the previous one.
    }
    ipc::OutgoingMessage heartbeat;
    heartbeat.Init<ipc::schema::BrowserToChild>().initHeartbeat().setSequence(
        ++host->heartbeat_sequence);
    if (host->Send(heartbeat).ok())
      host->heartbeat_sent_ms = now;
  }
}

void ProcessMonitor::SampleResources() {
  int64_t now_ns = MonotonicNanos();
  for (ProcessHost* host : manager_.Hosts()) {
    if (!host->alive() || host->died || host->pid == 0)
      continue;
    auto cpu = ReadCpuTimeNanos(host->pid);
    if (cpu.ok()) {
      if (host->cpu_sample_ns >= 0 && now_ns > host->cpu_sample_at_ns) {
        host->cpu_percent = 100.0 * static_cast<double>(*cpu - host->cpu_sample_ns) /
                            static_cast<double>(now_ns - host->cpu_sample_at_ns);
      }
      host->cpu_sample_ns = *cpu;
      host->cpu_sample_at_ns = now_ns;
    }
    auto bytes = ReadPrivateResidentBytes(host->pid);
    if (!bytes.ok())
      continue;
    host->private_bytes = *bytes;
    switch (limiter_.Check(host->type(), *bytes)) {
      case MemoryVerdict::kWithinLimit:
        host->pressure_signalled = false;
        break;
      case MemoryVerdict::kApproachingLimit:
        if (!host->pressure_signalled && host->state() != ProcessState::kSuspended) {
          ipc::OutgoingMessage pressure;
          auto body = pressure.Init<ipc::schema::BrowserToChild>().initMemoryPressure();
          body.setLevel(ipc::schema::PressureLevel::MODERATE);
          body.setCurrentBytes(*bytes);
          body.setLimitBytes(limiter_.LimitFor(host->type()));
          if (host->Send(pressure).ok()) {
            host->pressure_signalled = true;
            LOG(Warning) << ProcessTypeName(host->type()) << " " << host->id() << " (pid "
                         << host->pid << ") uses " << (*bytes >> 20) << " of its "
                         << (limiter_.LimitFor(host->type()) >> 20) << " MiB: asked to free memory";
          }
        }
        break;
      case MemoryVerdict::kOverLimit:
        manager_.Kill(host->id(), "out of memory: " + std::to_string(*bytes >> 20) +
                                      " MiB over the " +
                                      std::to_string(limiter_.LimitFor(host->type()) >> 20) +
                                      " MiB limit");
        break;
    }
  }
}

}  // namespace nexus::process
