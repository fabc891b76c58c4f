#include "services/browser/pending_replies.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace nexus::browser {
namespace {

TEST(PendingReplies, AReplyIsTakenOnceAndOnlyFromTheProcessAsked) {
  auto loop = EventLoop::Create();
  ASSERT_TRUE(loop.ok());
  std::vector<std::string> failed;
  PendingReplies<std::string> pending(**loop, [&](std::string entry, const std::string& why) {
    failed.push_back(entry + ": " + why);
  });
  pending.Add(1, 7, "hit test");
  EXPECT_FALSE(pending.Take(1, 8)) << "another process cannot answer for process 7";
  EXPECT_EQ(pending.Take(1, 7), "hit test");
  EXPECT_FALSE(pending.Take(1, 7)) << "answered once";
  EXPECT_TRUE(failed.empty());
}

TEST(PendingReplies, AProcessThatEndsFailsWhatItOwedAndNothingElse) {
  auto loop = EventLoop::Create();
  ASSERT_TRUE(loop.ok());
  std::vector<std::string> failed;
  PendingReplies<std::string> pending(**loop, [&](std::string entry, const std::string& why) {
    failed.push_back(entry + ": " + why);
  });
  pending.Add(1, 7, "frame");
  pending.Add(2, 8, "script");
  pending.Add(3, 7, "content");
  pending.FailAllOf(7, "the renderer ended");
  EXPECT_EQ(failed,
            (std::vector<std::string>{"frame: the renderer ended", "content: the renderer ended"}));
  EXPECT_EQ(pending.Take(2, 8), "script");
}

TEST(PendingReplies, ARequestGivesUpAfterItsTimeout) {
  auto loop = EventLoop::Create();
  ASSERT_TRUE(loop.ok());
  std::vector<std::string> failed;
  PendingReplies<std::string> pending(**loop, [&](std::string entry, const std::string& why) {
    failed.push_back(entry + ": " + why);
  });
  pending.Add(1, 7, "hit test", 10, "no answer");
  pending.Add(2, 7, "answered", 10, "no answer");
  EXPECT_EQ(pending.Take(2, 7), "answered");
  int64_t deadline = MonotonicMillis() + 5000;
  while (failed.empty() && MonotonicMillis() < deadline)
    (*loop)->RunOnce(20);
  EXPECT_EQ(failed, std::vector<std::string>{"hit test: no answer"});
  EXPECT_TRUE(pending.empty());
}

}  // namespace
}  // namespace nexus::browser
