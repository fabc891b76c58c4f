#include "services/ai/inference_queue.h"

#include <gtest/gtest.h>

namespace nexus::ai {
namespace {

using ai::schema::AiTask;

InferenceRequest Request(uint64_t id, uint32_t tab, const char* site, AiTask task,
                         uint8_t priority = 1, int64_t deadline = 0) {
  InferenceRequest request;
  request.id = id;
  request.tab_id = tab;
  request.site = site;
  request.task = task;
  request.priority = priority;
  request.deadline_ms = deadline;
  request.queued_ms = static_cast<int64_t>(id);
  return request;
}

std::vector<uint64_t> Ids(const std::vector<InferenceRequest>& batch) {
  std::vector<uint64_t> ids;
  for (const auto& request : batch)
    ids.push_back(request.id);
  return ids;
}

const InferenceQueue::Expired kNoExpiry = [](const InferenceRequest&) {
  ADD_FAILURE() << "nothing should expire";
};

TEST(InferenceQueue, MostUrgentFirstThenEarliestDeadlineThenOldest) {
  InferenceQueue queue;
  queue.Push(Request(1, 1, "https://a.example", AiTask::CLASSIFY_TOPIC, 2));
  queue.Push(Request(2, 1, "https://a.example", AiTask::CLASSIFY_INTENT, 0, 900));
  queue.Push(Request(3, 2, "https://b.example", AiTask::DETECT_LANGUAGE, 0, 500));
  EXPECT_EQ(Ids(queue.NextBatch(100, 1, kNoExpiry)), std::vector<uint64_t>{3});
  EXPECT_EQ(Ids(queue.NextBatch(100, 1, kNoExpiry)), std::vector<uint64_t>{2});
  EXPECT_EQ(Ids(queue.NextBatch(100, 1, kNoExpiry)), std::vector<uint64_t>{1});
  EXPECT_TRUE(queue.NextBatch(100, 1, kNoExpiry).empty());
}

TEST(InferenceQueue, BatchesTheSameTaskOfOneSiteOnly) {
  InferenceQueue queue;
  queue.Push(Request(1, 1, "https://a.example", AiTask::RECOGNIZE_TEXT));
  queue.Push(Request(2, 2, "https://b.example", AiTask::RECOGNIZE_TEXT));  // another site
  queue.Push(Request(3, 1, "https://a.example", AiTask::DETECT_LANGUAGE));  // another task
  queue.Push(Request(4, 3, "https://a.example", AiTask::RECOGNIZE_TEXT));
  queue.Push(Request(5, 1, "https://a.example", AiTask::RECOGNIZE_TEXT));
  EXPECT_EQ(Ids(queue.NextBatch(0, 2, kNoExpiry)), (std::vector<uint64_t>{1, 4})) << "capped at 2";
  EXPECT_EQ(Ids(queue.NextBatch(0, 8, kNoExpiry)), (std::vector<uint64_t>{2}));
  EXPECT_EQ(Ids(queue.NextBatch(0, 8, kNoExpiry)), (std::vector<uint64_t>{3}));
  EXPECT_EQ(Ids(queue.NextBatch(0, 8, kNoExpiry)), (std::vector<uint64_t>{5}));
}

TEST(InferenceQueue, MissedDeadlinesFailAndClosedTabsCancel) {
  InferenceQueue queue;
  queue.Push(Request(1, 1, "s", AiTask::CLASSIFY_INTENT, 1, 50));
  queue.Push(Request(2, 2, "s", AiTask::CLASSIFY_INTENT, 1, 500));
  queue.Push(Request(3, 3, "s", AiTask::CLASSIFY_INTENT, 1));
  queue.Push(Request(4, 3, "s", AiTask::CLASSIFY_INTENT, 1));
  EXPECT_EQ(queue.CancelTab(3), 2u);
  std::vector<uint64_t> expired;
  auto batch = queue.NextBatch(100, 8, [&](const InferenceRequest& r) { expired.push_back(r.id); });
  EXPECT_EQ(expired, std::vector<uint64_t>{1});
  EXPECT_EQ(Ids(batch), std::vector<uint64_t>{2});
  EXPECT_EQ(queue.size(), 0u);
}

}  // namespace
}  // namespace nexus::ai
