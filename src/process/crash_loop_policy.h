// One crash-loop policy for every process type (issue 2 item 6): crashes are counted in a
// sliding window; each restart waits longer (exponential back-off); past the threshold the
// type is disabled (GPU: software compositing; AI: features unavailable) until the counts
// are reset. The history is kept in a store (the profile database) so a crash loop is still
// seen after Nexus restarts.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "process/process_type.h"

namespace nexus::process {

class CrashHistoryStore {
 public:
  virtual ~CrashHistoryStore() = default;
  virtual void AppendCrash(ProcessType type, int64_t wall_clock_ms) = 0;
  virtual std::vector<std::pair<ProcessType, int64_t>> LoadCrashes(int64_t since_ms) = 0;
  virtual void ClearCrashes() = 0;
};

struct CrashLoopOptions {
  int64_t window_ms = 5 * 60 * 1000;
  int max_crashes_in_window = 5;
  int64_t first_backoff_ms = 100;
  int64_t max_backoff_ms = 30 * 1000;
};

struct CrashDecision {
  int crashes_in_window = 0;
  bool disabled = false;          // do not restart; the type's fallback takes over
  int64_t restart_delay_ms = 0;   // when not disabled
};

class CrashLoopPolicy {
 public:
  // `store` may be null (no persistence). Loads the recent history from it.
  CrashLoopPolicy(CrashLoopOptions options, CrashHistoryStore* store, int64_t now_ms);

  CrashDecision RecordCrash(ProcessType type, int64_t now_ms);
  int CrashesInWindow(ProcessType type, int64_t now_ms);
  bool IsDisabled(ProcessType type, int64_t now_ms) {
    return CrashesInWindow(type, now_ms) >= ThresholdFor(type);
  }
  // Crashes in the window that disable the type: the options' number, but at most 3 for the
  // AI process, as Chrome gives up on its on-device model service (spec "AI Process").
  int ThresholdFor(ProcessType type) const;
  void Reset();
  const CrashLoopOptions& options() const { return options_; }

 private:
  void Prune(std::deque<int64_t>& times, int64_t now_ms) const;
  CrashLoopOptions options_;
  CrashHistoryStore* store_;
  std::map<ProcessType, std::deque<int64_t>> crashes_;
};

}  // namespace nexus::process
