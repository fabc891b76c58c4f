// What main waits for from its children: each request it sends under a request id waits here
// for its reply. A reply is taken only from the process the request went to; the process's
// end fails all it owed, and a request may give up after a timeout. One helper for hit tests,
// screenshots, scripts, page contents and AI answers instead of a map and a loop of each.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "base/event_loop.h"

namespace nexus::browser {

// Request ids are main's, one sequence for every channel: a reply names the request it
// answers, and no two requests in flight share an id.
class RequestIds {
 public:
  uint64_t Next() { return next_++; }

 private:
  uint64_t next_ = 1;
};

template <typename Entry>
class PendingReplies {
 public:
  // Called with an entry that will get no reply, and why.
  using Fail = std::function<void(Entry entry, const std::string& why)>;

  PendingReplies(EventLoop& loop, Fail fail) : loop_(loop), fail_(std::move(fail)) {}

  // Waits for the reply to `request_id` from process `process_id`; after `timeout_ms` (0:
  // never) it is failed with `timeout_error`.
  void Add(uint64_t request_id,
           uint32_t process_id,
           Entry entry,
           int64_t timeout_ms = 0,
           std::string timeout_error = "") {
    waiting_.emplace(request_id, Waiting{process_id, std::move(entry)});
    if (timeout_ms <= 0)
      return;
    loop_.PostDelayed(timeout_ms, [alive = std::weak_ptr<int>(alive_), this, request_id,
                                   why = std::move(timeout_error)] {
      if (alive.expired())
        return;
      auto it = waiting_.find(request_id);
      if (it == waiting_.end())
        return;
      Entry entry = std::move(it->second.entry);
      waiting_.erase(it);
      fail_(std::move(entry), why);
    });
  }

  // The entry that waits for `request_id` from `process_id`, taken out; nothing when none
  // does (answered or timed out already, or asked of another process).
  std::optional<Entry> Take(uint64_t request_id, uint32_t process_id) {
    auto it = waiting_.find(request_id);
    if (it == waiting_.end() || it->second.process_id != process_id)
      return std::nullopt;
    Entry entry = std::move(it->second.entry);
    waiting_.erase(it);
    return entry;
  }

  // Fails what waits for process `process_id` (it ended), or for anyone when it is 0.
  void FailAllOf(uint32_t process_id, const std::string& why) {
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (process_id != 0 && it->second.process_id != process_id) {
        ++it;
        continue;
      }
      Entry entry = std::move(it->second.entry);
      it = waiting_.erase(it);
      fail_(std::move(entry), why);  // may add entries: the iterator stays valid in a map
    }
  }

  bool empty() const { return waiting_.empty(); }
  size_t size() const { return waiting_.size(); }

 private:
  struct Waiting {
    uint32_t process_id;
    Entry entry;
  };
  EventLoop& loop_;
  Fail fail_;
  std::map<uint64_t, Waiting> waiting_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // timers outlive us harmlessly
};

}  // namespace nexus::browser
