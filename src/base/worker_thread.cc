#include "base/worker_thread.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

namespace nexus {

Result<std::unique_ptr<WorkerThread>> WorkerThread::Create(EventLoop& loop) {
  ScopedFd finished(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!finished.valid())
    return ErrnoError("eventfd for a worker thread");
  std::unique_ptr<WorkerThread> worker(new WorkerThread(loop, std::move(finished)));
  WorkerThread* raw = worker.get();
  TRY_STATUS(loop.Watch(raw->finished_.get(), EPOLLIN, [raw](uint32_t) { raw->OnFinished(); }));
  raw->thread_ = std::thread([raw] { raw->ThreadMain(); });
  return worker;
}

WorkerThread::~WorkerThread() {
  loop_.Unwatch(finished_.get());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (working_ || work_)
      _exit(0);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WorkerThread::Run(std::function<void()> work, std::function<void()> done) {
  done_ = std::move(done);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    work_ = std::move(work);
  }
  wake_.notify_one();
}

void WorkerThread::ThreadMain() {
  while (true) {
    std::function<void()> work;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || work_; });
      if (stopping_)
        return;
      work = std::move(work_);
      work_ = nullptr;
      working_ = true;
    }
    work();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      working_ = false;
    }
    uint64_t one = 1;
    (void)!write(finished_.get(), &one, sizeof(one));
  }
}

void WorkerThread::OnFinished() {
  uint64_t count = 0;
  (void)!read(finished_.get(), &count, sizeof(count));
  if (!done_)
    return;
  auto done = std::move(done_);
  done_ = nullptr;
  done();
}

}  // namespace nexus
