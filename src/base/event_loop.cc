#include "base/event_loop.h"

#include <sys/epoll.h>

#include <cerrno>

#include "base/logging.h"
#include "base/time.h"

namespace nexus {

Result<std::unique_ptr<EventLoop>> EventLoop::Create() {
  ScopedFd fd(epoll_create1(EPOLL_CLOEXEC));
  if (!fd.valid())
    return ErrnoError("epoll_create1");
  return std::unique_ptr<EventLoop>(new EventLoop(std::move(fd)));
}

EventLoop::~EventLoop() = default;

Status EventLoop::Watch(int fd, uint32_t events, FdCallback callback) {
  epoll_event event{};
  event.events = events;
  event.data.fd = fd;
  int op = watchers_.count(fd) ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(epoll_fd_.get(), op, fd, &event) != 0)
    return ErrnoError("epoll_ctl watch fd " + std::to_string(fd));
  watchers_[fd] = Watcher{std::make_shared<FdCallback>(std::move(callback))};
  return OkStatus();
}

void EventLoop::Unwatch(int fd) {
  if (watchers_.erase(fd))
    epoll_ctl(epoll_fd_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

EventLoop::TimerId EventLoop::PostDelayed(int64_t delay_ms, Task task) {
  TimerId id = next_timer_id_++;
  timer_queue_.push(Timer{MonotonicNanos() + delay_ms * 1000000, id});
  timer_tasks_.emplace(id, std::move(task));
  return id;
}

void EventLoop::CancelTimer(TimerId id) {
  timer_tasks_.erase(id);  // The queue entry is skipped when it comes due.
}

int EventLoop::MillisUntilNextTimer() const {
  if (timer_queue_.empty())
    return -1;
  int64_t wait_ns = timer_queue_.top().due_ns - MonotonicNanos();
  if (wait_ns <= 0)
    return 0;
  return static_cast<int>((wait_ns + 999999) / 1000000);
}

void EventLoop::RunDueTimers() {
  int64_t now = MonotonicNanos();
  while (!timer_queue_.empty() && timer_queue_.top().due_ns <= now) {
    TimerId id = timer_queue_.top().id;
    timer_queue_.pop();
    auto it = timer_tasks_.find(id);
    if (it == timer_tasks_.end())
      continue;
    Task task = std::move(it->second);
    timer_tasks_.erase(it);
    task();
  }
}

void EventLoop::RunOnce(int timeout_ms) {
  int timer_wait = MillisUntilNextTimer();
  int wait = timeout_ms;
  if (timer_wait >= 0 && (wait < 0 || timer_wait < wait))
    wait = timer_wait;
  epoll_event events[32];
  int count = epoll_wait(epoll_fd_.get(), events, 32, wait);
  // epoll_wait only fails with EINTR on a valid epoll fd; treat anything else as a bug.
  CHECK(count >= 0 || errno == EINTR);
  for (int i = 0; i < count; ++i) {
    auto it = watchers_.find(events[i].data.fd);
    if (it == watchers_.end())
      continue;  // Unwatched by an earlier callback in this round.
    // Hold a reference: the callback may Unwatch (and so destroy) itself.
    std::shared_ptr<FdCallback> callback = it->second.callback;
    (*callback)(events[i].events);
  }
  RunDueTimers();
}

void EventLoop::Run() {
  while (!quit_)
    RunOnce(-1);
}

}  // namespace nexus
