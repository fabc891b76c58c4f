// Decides what follows a process's end (spec "Crash Recovery"): whether it was a crash, the
// crash report, and per type: renderer -> sad tab (no restart); every service -> restart
// after a back-off, or, in a crash loop, disabled with its fallback (GPU: software
// compositing, AI: features unavailable).
#pragma once

#include <string>

#include "process/crash_loop_policy.h"
#include "process/crash_reporter.h"

namespace nexus::process {

struct RecoveryPlan {
  bool crashed = false;  // false: it exited because main asked it to
  bool restart = false;
  int64_t restart_delay_ms = 0;
  bool disabled = false;
  std::string report_path;  // empty if none was written
  CrashReport report;
};

// What a type falls back to when it is disabled.
std::string_view FallbackDescription(ProcessType type);

class CrashRecovery {
 public:
  CrashRecovery(CrashLoopPolicy& policy, CrashReporter& reporter)
      : policy_(policy), reporter_(reporter) {}

  RecoveryPlan HandleProcessGone(const ProcessHost& host, int64_t now_monotonic_ms,
                                 int64_t now_wall_ms);

 private:
  CrashLoopPolicy& policy_;
  CrashReporter& reporter_;
};

}  // namespace nexus::process
