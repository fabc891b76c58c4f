// One thread beside an EventLoop for work that takes seconds (a model reading a page by OCR):
// the loop keeps answering heartbeats, cancellations and new requests meanwhile. One piece
// of work at a time; its `done` runs on the loop's thread, so results need no locks there.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "base/event_loop.h"
#include "base/result.h"
#include "base/scoped_fd.h"

namespace nexus {

class WorkerThread {
 public:
  static Result<std::unique_ptr<WorkerThread>> Create(EventLoop& loop);
  // Work still running when the process ends cannot be interrupted (a library call); rather
  // than wait for it, or run global destructors under it, the process ends at once.
  ~WorkerThread();

  // Runs `work` on the thread, then `done` on the loop. Only when !busy().
  void Run(std::function<void()> work, std::function<void()> done);
  bool busy() const { return done_ != nullptr; }

 private:
  WorkerThread(EventLoop& loop, ScopedFd finished) : loop_(loop), finished_(std::move(finished)) {}
  void ThreadMain();
  void OnFinished();

  EventLoop& loop_;
  ScopedFd finished_;  // an eventfd the thread signals when `work` returns
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::function<void()> work_;  // guarded by mutex_
  bool stopping_ = false;       // guarded by mutex_
  bool working_ = false;        // guarded by mutex_
  std::function<void()> done_;  // the loop's thread only
};

}  // namespace nexus
