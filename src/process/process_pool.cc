#include "process/process_pool.h"

#include <algorithm>

#include "base/logging.h"
#include "ipc/lifecycle.capnp.h"

namespace nexus::process {

void ProcessPool::WarmupPool(size_t count) {
  target_ = count;
  Refill();
}

Result<uint32_t> ProcessPool::AcquireRenderer() {
  while (!ready_.empty()) {
    uint32_t id = ready_.front();
    ready_.pop_front();
    ProcessHost* host = manager_.Find(id);
    if (!host || !host->alive())
      continue;
    TRY_STATUS(manager_.Activate(id));
    ScheduleRefill();
    return id;
  }
  ScheduleRefill();
  if (!starting_.empty()) {
    uint32_t id = *starting_.begin();
    starting_.erase(starting_.begin());
    return id;
  }
  return manager_.CreateProcess(ProcessType::RENDERER, {});
}

Status ProcessPool::ReleaseRenderer(uint32_t id) {
  ProcessHost* host = manager_.Find(id);
  if (!host || !host->alive())
    return Error("renderer " + std::to_string(id) + " is gone");
  if (host->type() != ProcessType::RENDERER)
    return Error("process " + std::to_string(id) + " is not a renderer");
  if (host->state() == ProcessState::kSuspended)
    TRY_STATUS(manager_.Resume(id));
  TRY_STATUS(manager_.MarkIdle(id));
  ipc::OutgoingMessage reset;
  reset.Init<ipc::schema::BrowserToChild>().setResetState();
  TRY_STATUS(host->Send(reset));
  host->site.clear();
  host->url.clear();
  resetting_.insert(id);
  return OkStatus();
}

bool ProcessPool::OnProcessReady(ProcessHost& host) {
  uint32_t id = host.id();
  if (starting_.erase(id) || resetting_.erase(id)) {
    if (ready_.size() >= target_) {
      manager_.Shutdown(id);  // Released more than the pool keeps.
      return true;
    }
    ready_.push_back(id);
    return true;
  }
  return false;
}

void ProcessPool::OnProcessGone(uint32_t id) {
  starting_.erase(id);
  resetting_.erase(id);
  ready_.erase(std::remove(ready_.begin(), ready_.end(), id), ready_.end());
  ScheduleRefill();
}

void ProcessPool::ScheduleRefill() {
  if (refill_scheduled_)
    return;
  refill_scheduled_ = true;
  loop_.Post([this] {
    refill_scheduled_ = false;
    Refill();
  });
}

void ProcessPool::Refill() {
  while (ready_.size() + starting_.size() + resetting_.size() < target_) {
    auto id = manager_.CreateProcess(ProcessType::RENDERER, {});
    if (!id.ok()) {
      LOG(Error) << "renderer pool: " << id.error().message();
      return;
    }
    starting_.insert(*id);
  }
}

}  // namespace nexus::process
