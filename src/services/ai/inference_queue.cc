#include "services/ai/inference_queue.h"

#include <algorithm>

namespace nexus::ai {

void InferenceQueue::Push(InferenceRequest request) {
  queue_.push_back(std::move(request));
}

size_t InferenceQueue::CancelTab(uint32_t tab_id) {
  size_t before = queue_.size();
  std::erase_if(queue_, [&](const InferenceRequest& request) { return request.tab_id == tab_id; });
  return before - queue_.size();
}

std::vector<InferenceRequest> InferenceQueue::NextBatch(int64_t now_ms, size_t max_batch,
                                                         const Expired& expired) {
  for (auto it = queue_.begin(); it != queue_.end();) {
    if (it->deadline_ms > 0 && it->deadline_ms < now_ms) {
      expired(*it);
      it = queue_.erase(it);
    } else {
      ++it;
    }
  }
  std::vector<InferenceRequest> batch;
  if (queue_.empty() || max_batch == 0)
    return batch;
  auto deadline = [](const InferenceRequest& r) {
    return r.deadline_ms > 0 ? r.deadline_ms : INT64_MAX;
  };
  auto first = std::min_element(queue_.begin(), queue_.end(), [&](const auto& a, const auto& b) {
    if (a.priority != b.priority)
      return a.priority < b.priority;
    if (deadline(a) != deadline(b))
      return deadline(a) < deadline(b);
    return a.queued_ms < b.queued_ms;
  });
  ai::schema::AiTask task = first->task;
  std::string site = first->site;
  batch.push_back(std::move(*first));
  queue_.erase(first);
  for (auto it = queue_.begin(); it != queue_.end() && batch.size() < max_batch;) {
    if (it->task == task && it->site == site) {
      batch.push_back(std::move(*it));
      it = queue_.erase(it);
    } else {
      ++it;
    }
  }
  return batch;
}

}  // namespace nexus::ai
