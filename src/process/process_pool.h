// The pre-warmed renderer pool (spec "Process Pool"): renderers forked ahead of need, so
// opening a tab takes one that is already running. Acquiring refills the pool in the
// background; a released renderer drops all page state (RESET_STATE) before it is reused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <set>

#include "base/event_loop.h"
#include "process/process_manager.h"

namespace nexus::process {

class ProcessPool {
 public:
  ProcessPool(EventLoop& loop, ProcessManager& manager) : loop_(loop), manager_(manager) {}

  // Keeps `count` renderers warm from now on and starts the missing ones (0: stop refilling,
  // as at shutdown).
  void WarmupPool(size_t count);
  // A renderer for a new tab: a ready pooled one if there is one (Active at once), else one
  // still starting, else a new one. The caller waits for PROCESS_READY in the last two cases.
  Result<uint32_t> AcquireRenderer();
  // Hands a renderer back: it resets its state and rejoins the pool (Idle).
  Status ReleaseRenderer(uint32_t id);

  // From the manager's delegate. OnProcessReady returns true if the process belongs to the
  // pool (then the caller has nothing to do with it).
  bool OnProcessReady(ProcessHost& host);
  void OnProcessGone(uint32_t id);

  size_t ready_count() const { return ready_.size(); }

 private:
  void ScheduleRefill();
  void Refill();

  EventLoop& loop_;
  ProcessManager& manager_;
  size_t target_ = 0;
  std::deque<uint32_t> ready_;   // Ready or Idle, waiting to be acquired
  std::set<uint32_t> starting_;  // created for the pool, not ready yet
  std::set<uint32_t> resetting_; // released, resetting
  bool refill_scheduled_ = false;
};

}  // namespace nexus::process
