#include "process/crash_loop_policy.h"

#include <algorithm>

namespace nexus::process {

CrashLoopPolicy::CrashLoopPolicy(CrashLoopOptions options, CrashHistoryStore* store,
                                 int64_t now_ms)
    : options_(options), store_(store) {
  if (!store_)
    return;
  for (const auto& [type, time] : store_->LoadCrashes(now_ms - options_.window_ms))
    crashes_[type].push_back(time);
  for (auto& [type, times] : crashes_)
    std::sort(times.begin(), times.end());
}

void CrashLoopPolicy::Prune(std::deque<int64_t>& times, int64_t now_ms) const {
  while (!times.empty() && times.front() <= now_ms - options_.window_ms)
    times.pop_front();
}

int CrashLoopPolicy::CrashesInWindow(ProcessType type, int64_t now_ms) {
  auto& times = crashes_[type];
  Prune(times, now_ms);
  return static_cast<int>(times.size());
}

CrashDecision CrashLoopPolicy::RecordCrash(ProcessType type, int64_t now_ms) {
  auto& times = crashes_[type];
  Prune(times, now_ms);
  times.push_back(now_ms);
  if (store_)
    store_->AppendCrash(type, now_ms);
  CrashDecision decision;
  decision.crashes_in_window = static_cast<int>(times.size());
  decision.disabled = decision.crashes_in_window >= ThresholdFor(type);
  int64_t delay = options_.first_backoff_ms;
  for (int i = 1; i < decision.crashes_in_window && delay < options_.max_backoff_ms; ++i)
    delay *= 2;
  decision.restart_delay_ms = std::min(delay, options_.max_backoff_ms);
  return decision;
}

void CrashLoopPolicy::Reset() {
  crashes_.clear();
  if (store_)
    store_->ClearCrashes();
}

int CrashLoopPolicy::ThresholdFor(ProcessType type) const {
  // Chrome gives up on its on-device model service, and on GPU compositing, after 3.
  constexpr int kAiAndGpuThreshold = 3;
  return type == ProcessType::AI || type == ProcessType::GPU
             ? std::min(options_.max_crashes_in_window, kAiAndGpuThreshold)
             : options_.max_crashes_in_window;
}

}  // namespace nexus::process
