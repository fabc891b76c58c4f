// The AI process's inference queue (spec "AI Process": request queue, ProcessBatch). Each
// request carries a priority, a deadline and the tab and site that asked; the queue hands
// out batches of compatible requests (same task, same site: nothing of one site's request
// is computed together with another's), most urgent first, fails those whose deadline has
// passed, and drops a closed tab's requests.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "services/ai/public/ai.capnp.h"

namespace nexus::ai {

struct InferenceRequest {
  uint64_t id = 0;
  uint32_t tab_id = 0;
  std::string site;
  ai::schema::AiTask task = ai::schema::AiTask::DETECT_LANGUAGE;
  uint8_t priority = 1;     // 0 is the most urgent (a user waiting), larger is later
  int64_t deadline_ms = 0;  // monotonic; 0: none
  std::string input;
  int64_t queued_ms = 0;
};

class InferenceQueue {
 public:
  using Expired = std::function<void(const InferenceRequest& request)>;

  void Push(InferenceRequest request);
  // Removes every request of the tab (it closed or navigated away); returns how many.
  size_t CancelTab(uint32_t tab_id);
  // The next batch: the most urgent request (lowest priority value, then earliest deadline,
  // then oldest) and up to `max_batch - 1` others of the same task and site, in queue order.
  // Requests whose deadline passed before `now_ms` are handed to `expired` and left out.
  std::vector<InferenceRequest> NextBatch(int64_t now_ms, size_t max_batch, const Expired& expired);
  size_t size() const { return queue_.size(); }

 private:
  std::deque<InferenceRequest> queue_;
};

}  // namespace nexus::ai
