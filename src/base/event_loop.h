// A single-threaded epoll loop: fd readiness, timers and posted tasks. Every process runs
// one; all process-management state lives on it, so nothing here needs locks.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <vector>

#include "base/result.h"
#include "base/scoped_fd.h"

namespace nexus {

class EventLoop {
 public:
  using FdCallback = std::function<void(uint32_t epoll_events)>;
  using Task = std::function<void()>;
  using TimerId = uint64_t;

  static Result<std::unique_ptr<EventLoop>> Create();
  ~EventLoop();

  // Calls `callback` whenever `fd` is ready for `events` (EPOLLIN, ...). The fd must stay open
  // until Unwatch(). Unwatch() from inside any callback is safe.
  Status Watch(int fd, uint32_t events, FdCallback callback);
  void Unwatch(int fd);

  TimerId PostDelayed(int64_t delay_ms, Task task);
  void CancelTimer(TimerId id);
  void Post(Task task) { PostDelayed(0, std::move(task)); }

  // Runs rounds until Quit(). Returns at once if Quit() was already called. RunOnce() serves
  // a round whether or not Quit() was called (shutdown still needs the loop).
  void Run();
  // Runs one round: waits at most `timeout_ms` (-1: until something happens).
  void RunOnce(int timeout_ms);
  void Quit() { quit_ = true; }
  bool quitting() const { return quit_; }

 private:
  explicit EventLoop(ScopedFd epoll_fd) : epoll_fd_(std::move(epoll_fd)) {}
  int MillisUntilNextTimer() const;
  void RunDueTimers();

  struct Watcher {
    std::shared_ptr<FdCallback> callback;
  };
  struct Timer {
    int64_t due_ns;
    TimerId id;
    bool operator>(const Timer& other) const {
      return due_ns != other.due_ns ? due_ns > other.due_ns : id > other.id;
    }
  };

  ScopedFd epoll_fd_;
  std::map<int, Watcher> watchers_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timer_queue_;
  std::map<TimerId, Task> timer_tasks_;
  TimerId next_timer_id_ = 1;
  bool quit_ = false;
};

}  // namespace nexus
