// Main's side of the storage service (spec "Storage Service Process"): requests go out in the
// order they are made, wait while the process starts, and are answered by callback under
// their request ids. A service that crashes is restarted (ServiceHosts); what it had not
// answered is sent again when the request said it may be (localStorage's reads and writes:
// each says what the area becomes, so a second delivery changes nothing), or failed with the
// crash's reason, which the page sees.
#pragma once

#include <deque>
#include <functional>
#include <string>

#include "ipc/message.h"
#include "services/browser/pending_replies.h"
#include "services/browser/service_hosts.h"
#include "services/storage/public/storage.capnp.h"

namespace nexus::browser {

// The storage service's answer (readable during the callback only), or why there is none.
using StorageAnswer = Result<ipc::IncomingMessage*>;
using StorageDone = std::function<void(StorageAnswer answer)>;

class StorageClient {
 public:
  // Builds the request into a message; called again when it is sent again.
  using Fill = std::function<Status(ipc::OutgoingMessage& message)>;

  StorageClient(EventLoop& loop, ServiceHosts& services, RequestIds& ids);

  // Sends, starting the service if it is not running; `done` runs once.
  void Request(Fill fill, StorageDone done, bool resend_after_crash);

  // Sends what needs no answer, after every request queued before it (a page's end must reach
  // the service after that page's last requests, or a transaction they begin would hold its
  // origin for good). With nothing queued and no service running it is dropped: a service
  // that is not running has nothing it could concern (a restarted one remembers no page).
  void Tell(Fill fill);

  // The browser is shutting down: what waits is sent now, past the in-flight window, for the
  // service to commit before it exits.
  void SendEverythingBeforeShutdown();

  void OnReady(process::ProcessHost& storage);
  void OnMessage(process::ProcessHost& storage, ipc::IncomingMessage& message);
  // The service ended; `restarting`: ServiceHosts starts another (after its back-off).
  void OnGone(const std::string& why, bool restarting);

 private:
  struct Pending {
    Fill fill;
    StorageDone done;  // empty for what Tell sends: no answer comes
    bool resend_after_crash = false;
  };
  // Sends what waits, while fewer than kMaxInFlight wait for answers: a page writing in a loop
  // fills main's queue, not the channel's.
  void SendQueued(size_t max_in_flight = kMaxInFlight);
  // False when the process could not take it (it is dying: OnGone sends it again).
  bool Send(process::ProcessHost& storage, Pending& pending);
  static constexpr size_t kMaxInFlight = 256;

  ServiceHosts& services_;
  RequestIds& ids_;
  std::deque<Pending> queued_;       // until the process is ready
  PendingReplies<Pending> answers_;  // sent, by request id
  std::deque<Pending> resend_;       // collected while a crash fails what was sent
};

}  // namespace nexus::browser
