#include "services/browser/storage_client.h"

#include "base/logging.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;
using storage::schema::StorageToBrowser;

StorageClient::StorageClient(EventLoop& loop, ServiceHosts& services, RequestIds& ids)
    : services_(services),
      ids_(ids),
      answers_(loop, [this](Pending pending, const std::string& why) {
        if (pending.resend_after_crash)
          resend_.push_back(std::move(pending));
        else
          pending.done(Error(why));
      }) {}

void StorageClient::Request(Fill fill, StorageDone done, bool resend_after_crash) {
  Pending pending{std::move(fill), std::move(done), resend_after_crash};
  if (services_.IsDisabled(ProcessType::STORAGE))
    return pending.done(
        Error("storage is unavailable: " + services_.WhyDisabled(ProcessType::STORAGE)));
  if (auto status = services_.Ensure(ProcessType::STORAGE); !status.ok())
    return pending.done(status.error().Context("storage is unavailable"));
  queued_.push_back(std::move(pending));
  SendQueued();
}

void StorageClient::SendQueued(size_t max_in_flight) {
  ProcessHost* storage = services_.Ready(ProcessType::STORAGE);
  while (storage && !queued_.empty() && answers_.size() < max_in_flight) {
    if (!Send(*storage, queued_.front()))
      return;  // stays first in line
    queued_.pop_front();
  }
}

bool StorageClient::Send(ProcessHost& storage, Pending& pending) {
  ipc::OutgoingMessage message;
  if (!pending.done) {  // told, not asked: nothing to wait for, nothing to resend
    if (Status filled = pending.fill(message); filled.ok()) {
      if (Status sent = storage.Send(message); !sent.ok())
        LOG(Info) << "storage: " << sent.error().message();
    }
    return true;
  }
  uint64_t request_id = ids_.Next();
  if (Status filled = pending.fill(message); !filled.ok()) {
    pending.done(filled.error().Context("storage"));
    return true;
  }
  if (Status sent = storage.Send(message, request_id); !sent.ok()) {
    // The process died and main has not heard yet: OnGone sends it to the next one, after what
    // this one had and before anything newer.
    if (pending.resend_after_crash)
      return false;
    pending.done(sent.error().Context("storage"));
    return true;
  }
  answers_.Add(request_id, storage.id(), std::move(pending));
  return true;
}

void StorageClient::SendEverythingBeforeShutdown() {
  SendQueued(SIZE_MAX);
}

void StorageClient::Tell(Fill fill) {
  if (queued_.empty() && !services_.Ready(ProcessType::STORAGE))
    return;
  queued_.push_back(Pending{std::move(fill), nullptr, false});
  SendQueued();
}

void StorageClient::OnReady(ProcessHost&) {
  SendQueued();
}

void StorageClient::OnMessage(ProcessHost& storage, ipc::IncomingMessage& message) {
  auto said = message.Body<StorageToBrowser>();
  if (said.isProblem()) {
    LOG(Warning) << "storage: " << said.getProblem().cStr();
    return;
  }
  auto pending = answers_.Take(message.envelope().getRequestId(), storage.id());
  if (!pending)
    return;  // its process was replaced meanwhile
  pending->done(&message);
  SendQueued();
}

void StorageClient::OnGone(const std::string& why, bool restarting) {
  answers_.FailAllOf(0, why);
  // Sent again first, in their order, then what was waiting for the process already.
  for (auto it = resend_.rbegin(); it != resend_.rend(); ++it)
    queued_.push_front(std::move(*it));
  resend_.clear();
  if (queued_.empty() || restarting)
    return;  // OnReady sends them to the new process
  // Not restarted (disabled, or it ended as asked): a request now starts it, if it may.
  Status started = services_.IsDisabled(ProcessType::STORAGE)
                       ? Error("storage is " + services_.WhyDisabled(ProcessType::STORAGE))
                       : services_.Ensure(ProcessType::STORAGE);
  if (started.ok())
    return;
  std::deque<Pending> queued = std::move(queued_);
  queued_.clear();
  for (Pending& pending : queued) {
    if (pending.done)
      pending.done(Error(why + "; " + started.error().message()));
  }
}

}  // namespace nexus::browser
