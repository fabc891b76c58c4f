#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <algorithm>

#include "process/crash_loop_policy.h"
#include "process/inspector.h"
#include "process/process_scheduler.h"
#include "process/process_state.h"
#include "process/resource_limiter.h"

namespace nexus::process {
namespace {

using S = ProcessState;

TEST(ProcessStateMachine, FollowsTheSpecDiagram) {
  ProcessStateMachine machine;
  EXPECT_EQ(machine.state(), S::kCreated);
  EXPECT_FALSE(machine.TransitionTo(S::kActive).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kReady).ok());
  EXPECT_FALSE(machine.TransitionTo(S::kSuspended).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kActive).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kSuspended).ok());
  EXPECT_FALSE(machine.TransitionTo(S::kSuspended).ok());
  EXPECT_FALSE(machine.TransitionTo(S::kIdle).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kActive).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kIdle).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kActive).ok());
  EXPECT_TRUE(machine.TransitionTo(S::kTerminated).ok());
  EXPECT_FALSE(machine.TransitionTo(S::kReady).ok());
  EXPECT_FALSE(machine.TransitionTo(S::kTerminated).ok());
}

TEST(ProcessStateMachine, IllegalTransitionNamesBothStates) {
  ProcessStateMachine machine;
  auto status = machine.TransitionTo(S::kSuspended);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "illegal process state transition created -> suspended");
}

TEST(ResourceLimiter, UsesTheSpecLimitsAndItsThresholds) {
  ResourceLimiter limiter;
  constexpr uint64_t kMiB = 1024 * 1024;
  EXPECT_EQ(limiter.LimitFor(ProcessType::RENDERER), 512 * kMiB);
  EXPECT_EQ(limiter.LimitFor(ProcessType::GPU), 1024 * kMiB);
  EXPECT_EQ(limiter.LimitFor(ProcessType::AI), 2048 * kMiB);
  EXPECT_EQ(limiter.LimitFor(ProcessType::BROWSER), 1024 * kMiB);
  EXPECT_EQ(limiter.Check(ProcessType::RENDERER, 400 * kMiB), MemoryVerdict::kWithinLimit);
  EXPECT_EQ(limiter.Check(ProcessType::RENDERER, 470 * kMiB), MemoryVerdict::kApproachingLimit);
  EXPECT_EQ(limiter.Check(ProcessType::RENDERER, 513 * kMiB), MemoryVerdict::kOverLimit);
}

TEST(ResourceLimiter, FlagsOverrideLimitsAndBadFlagsAreErrors) {
  ResourceLimiter limiter;
  ASSERT_TRUE(limiter.SetLimitFromFlag("renderer:64M").ok());
  EXPECT_EQ(limiter.LimitFor(ProcessType::RENDERER), 64u << 20);
  EXPECT_FALSE(limiter.SetLimitFromFlag("renderer").ok());
  EXPECT_FALSE(limiter.SetLimitFromFlag("toaster:64M").ok());
  EXPECT_FALSE(limiter.SetLimitFromFlag("renderer:64Q").ok());
  EXPECT_FALSE(limiter.SetLimitFromFlag("renderer:0").ok());
  EXPECT_EQ(*ParseByteSize("2G"), 2ull << 30);
}

class MemoryStore : public CrashHistoryStore {
 public:
  void AppendCrash(ProcessType type, int64_t ms) override { crashes.emplace_back(type, ms); }
  std::vector<std::pair<ProcessType, int64_t>> LoadCrashes(int64_t since) override {
    std::vector<std::pair<ProcessType, int64_t>> out;
    for (auto& crash : crashes)
      if (crash.second > since)
        out.push_back(crash);
    return out;
  }
  void ClearCrashes() override { crashes.clear(); }
  std::vector<std::pair<ProcessType, int64_t>> crashes;
};

TEST(CrashLoopPolicy, BacksOffThenDisablesAndForgetsOldCrashes) {
  MemoryStore store;
  CrashLoopOptions options;
  options.window_ms = 10000;
  options.max_crashes_in_window = 3;
  options.first_backoff_ms = 100;
  CrashLoopPolicy policy(options, &store, 0);
  auto first = policy.RecordCrash(ProcessType::GPU, 1000);
  EXPECT_FALSE(first.disabled);
  EXPECT_EQ(first.restart_delay_ms, 100);
  auto second = policy.RecordCrash(ProcessType::GPU, 2000);
  EXPECT_EQ(second.restart_delay_ms, 200);
  EXPECT_FALSE(policy.IsDisabled(ProcessType::AI, 2000)) << "counted per type";
  auto third = policy.RecordCrash(ProcessType::GPU, 3000);
  EXPECT_TRUE(third.disabled);
  EXPECT_TRUE(policy.IsDisabled(ProcessType::GPU, 3000));
  EXPECT_FALSE(policy.IsDisabled(ProcessType::GPU, 11500)) << "the first crash left the window";
}

TEST(CrashLoopPolicy, TheAiProcessIsGivenUpOnAfterThreeCrashes) {
  CrashLoopOptions options;  // five crashes for every other type
  CrashLoopPolicy policy(options, nullptr, 0);
  for (int crash = 1; crash <= 3; ++crash) {
    EXPECT_FALSE(policy.RecordCrash(ProcessType::NETWORK, crash * 100).disabled);
    EXPECT_EQ(policy.RecordCrash(ProcessType::AI, crash * 100).disabled, crash == 3) << crash;
  }
  EXPECT_TRUE(policy.IsDisabled(ProcessType::AI, 400));
  EXPECT_FALSE(policy.IsDisabled(ProcessType::NETWORK, 400));
}

TEST(CrashLoopPolicy, HistoryPersistsThroughTheStoreAndResets) {
  MemoryStore store;
  CrashLoopOptions options;
  options.max_crashes_in_window = 2;
  {
    CrashLoopPolicy policy(options, &store, 0);
    policy.RecordCrash(ProcessType::AI, 100);
    policy.RecordCrash(ProcessType::AI, 200);
  }
  CrashLoopPolicy reloaded(options, &store, 300);
  EXPECT_TRUE(reloaded.IsDisabled(ProcessType::AI, 300));
  reloaded.Reset();
  EXPECT_FALSE(reloaded.IsDisabled(ProcessType::AI, 300));
  EXPECT_TRUE(store.crashes.empty());
}

TEST(ProcessScheduler, PrioritiesAreOrderedAndAffinityUsesRealCores) {
  EXPECT_LE(NiceValueFor(ProcessPriority::kCritical), NiceValueFor(ProcessPriority::kHigh));
  EXPECT_LT(NiceValueFor(ProcessPriority::kHigh), NiceValueFor(ProcessPriority::kNormal));
  EXPECT_LT(NiceValueFor(ProcessPriority::kNormal), NiceValueFor(ProcessPriority::kLow));
  EXPECT_LT(NiceValueFor(ProcessPriority::kLow), NiceValueFor(ProcessPriority::kBackground));
  ProcessScheduler scheduler;
  const auto& cpus = scheduler.allowed_cpus();
  ASSERT_FALSE(cpus.empty());
  std::set<int> renderer_cores;
  for (size_t i = 0; i < cpus.size() * 2; ++i) {
    auto placement = scheduler.PlacementFor(ProcessType::RENDERER);
    ASSERT_EQ(placement.size(), 1u);
    renderer_cores.insert(placement[0]);
  }
  EXPECT_EQ(renderer_cores.size(), cpus.size()) << "renderers spread over every core";
  // With four cores or more the GPU process is pinned to cores the AI process does not use;
  // with fewer it may use them all.
  auto gpu = scheduler.PlacementFor(ProcessType::GPU);
  auto ai = scheduler.PlacementFor(ProcessType::AI);
  ASSERT_FALSE(gpu.empty());
  EXPECT_EQ(gpu.front(), cpus.front());
  if (cpus.size() >= 4) {
    EXPECT_EQ(gpu.size(), cpus.size() / 2);
    for (int core : gpu)
      EXPECT_EQ(std::count(ai.begin(), ai.end(), core), 0) << "core " << core;
  } else {
    EXPECT_EQ(gpu.size(), cpus.size());
  }
  EXPECT_EQ(FormatCpuList({0, 1, 2, 5, 7, 8}), "0-2,5,7-8");
}

TEST(ProcessScheduler, PriorityReachesNiceAndIoPriorityOfEveryThread) {
  EXPECT_LT(IoPriorityFor(ProcessPriority::kCritical), IoPriorityFor(ProcessPriority::kNormal));
  EXPECT_LT(IoPriorityFor(ProcessPriority::kLow), IoPriorityFor(ProcessPriority::kBackground));
  pid_t child = fork();
  if (child == 0) {
    pause();
    _exit(0);
  }
  ProcessScheduler scheduler;
  ASSERT_TRUE(scheduler.SetPriority(child, ProcessPriority::kBackground).ok());
  EXPECT_EQ(getpriority(PRIO_PROCESS, child), NiceValueFor(ProcessPriority::kBackground));
  EXPECT_EQ(ReadIoPriority(child), IoPriorityFor(ProcessPriority::kBackground));
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
}

TEST(Inspector, TreePutsRenderersUnderTheZygote) {
  std::vector<ProcessStatsRecord> records(3);
  records[0].type = ProcessType::BROWSER;
  records[0].parent_id = -1;
  records[1].type = ProcessType::ZYGOTE;
  records[1].process_id = 4;
  records[1].parent_id = 0;
  records[2].type = ProcessType::RENDERER;
  records[2].process_id = 9;
  records[2].parent_id = 4;
  std::string tree = FormatProcessTree(records);
  EXPECT_NE(tree.find("`- zygote #4"), std::string::npos) << tree;
  EXPECT_NE(tree.find("   `- renderer #9"), std::string::npos) << tree;
}

}  // namespace
}  // namespace nexus::process
