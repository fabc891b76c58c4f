// Watches the health of every child (spec "Process Monitoring"): heartbeats for hangs and
// memory samples against the per-type limits. Crashes need no watching here: ProcessManager
// hears of them from pidfds the moment they happen.
#pragma once

#include <cstdint>

#include "base/event_loop.h"
#include "process/process_manager.h"
#include "process/resource_limiter.h"

namespace nexus::process {

struct MonitorOptions {
  int64_t heartbeat_interval_ms = 1000;
  int64_t hang_timeout_ms = 10000;
  int64_t memory_sample_interval_ms = 250;
};

class ProcessMonitor {
 public:
  ProcessMonitor(EventLoop& loop, ProcessManager& manager, ResourceLimiter& limiter,
                 MonitorOptions options);
  ~ProcessMonitor();
  void Start();

  // One round of each check; the timers call these, tests may too.
  void CheckHeartbeats();
  void SampleResources();

 private:
  void ScheduleHeartbeat();
  void ScheduleSampling();

  EventLoop& loop_;
  ProcessManager& manager_;
  ResourceLimiter& limiter_;
  MonitorOptions options_;
  EventLoop::TimerId heartbeat_timer_ = 0;
  EventLoop::TimerId sample_timer_ = 0;
};

}  // namespace nexus::process
