#include "base/worker_thread.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace nexus {
namespace {

TEST(WorkerThread, LongWorkLeavesTheLoopFreeAndItsResultArrivesOnTheLoop) {
  auto loop = EventLoop::Create();
  ASSERT_TRUE(loop.ok());
  auto worker = WorkerThread::Create(**loop);
  ASSERT_TRUE(worker.ok()) << worker.error().message();
  std::vector<std::string> order;
  std::thread::id work_thread, done_thread;
  (*worker)->Run(
      [&] {
        work_thread = std::this_thread::get_id();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      },
      [&] {
        done_thread = std::this_thread::get_id();
        order.push_back("done");
        (*loop)->Quit();
      });
  EXPECT_TRUE((*worker)->busy());
  (*loop)->PostDelayed(20, [&] { order.push_back("timer"); });  // while the work runs
  (*loop)->Run();
  EXPECT_EQ(order, (std::vector<std::string>{"timer", "done"}));
  EXPECT_NE(work_thread, std::this_thread::get_id());
  EXPECT_EQ(done_thread, std::this_thread::get_id());
  EXPECT_FALSE((*worker)->busy());

  int second = 0;
  (*worker)->Run([&] { second = 2; }, [&] { (*loop)->Quit(); });
  (*loop)->RunOnce(5000);
  EXPECT_EQ(second, 2);
  EXPECT_FALSE((*worker)->busy());
}

}  // namespace
}  // namespace nexus
