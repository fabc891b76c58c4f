// The utility processes main keeps one of each (spec "Process Types": GPU, network, storage,
// AI, audio): started at launch or on demand, restarted after a crash as the crash-loop
// policy says, and disabled (with the reason shown by `nexus ps`) when it gives up on them.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/event_loop.h"
#include "process/crash_recovery.h"
#include "process/process_manager.h"

namespace nexus::browser {

class ServiceHosts {
 public:
  ServiceHosts(EventLoop& loop, process::ProcessManager& manager)
      : loop_(loop), manager_(manager) {}

  // Starts the service of `type` unless it runs (or is starting); fails if it is disabled.
  Status Ensure(process::ProcessType type);
  // Switches the process of `type` starts with, asked each time one starts (a GPU process
  // after crashes starts with software compositing).
  void SetArgs(process::ProcessType type, std::function<std::vector<std::string>()> args) {
    args_[type] = std::move(args);
  }
  // The live process of `type`, or null; `Ready` only once it said PROCESS_READY.
  process::ProcessHost* Running(process::ProcessType type);
  process::ProcessHost* Ready(process::ProcessType type);
  uint32_t IdOf(process::ProcessType type) const;
  // Asks the running process of `type` to exit (an idle AI process).
  void Shutdown(process::ProcessType type);

  void Disable(process::ProcessType type, std::string why) { disabled_[type] = std::move(why); }
  // A type that still runs once disabled, in a degraded mode its switches select (the GPU
  // process composites in software after repeated crashes, as Chromium's does).
  void RunDegradedWhenDisabled(process::ProcessType type) { degraded_.insert(type); }
  bool RunsDegraded(process::ProcessType type) const {
    return IsDisabled(type) && degraded_.count(type) > 0;
  }
  bool IsDisabled(process::ProcessType type) const { return disabled_.count(type) > 0; }
  // Why `type` is disabled ("" when it is not).
  std::string WhyDisabled(process::ProcessType type) const;
  const std::map<process::ProcessType, std::string>& disabled() const { return disabled_; }
  // `nexus crashes --reset`: the types disabled after crashes may start again.
  void EnableCrashedTypes();

  // A process of a service type ended: it is forgotten, and restarted or disabled as `plan`
  // says. False if it was not the current process of its type.
  bool OnGone(const process::ProcessHost& host, const process::RecoveryPlan& plan);

 private:
  static constexpr char kAfterCrashes[] = "after repeated crashes";
  EventLoop& loop_;
  process::ProcessManager& manager_;
  std::map<process::ProcessType, uint32_t> running_;
  std::map<process::ProcessType, std::string> disabled_;  // and why
  std::map<process::ProcessType, std::function<std::vector<std::string>()>> args_;
  std::set<process::ProcessType> degraded_;
};

}  // namespace nexus::browser
