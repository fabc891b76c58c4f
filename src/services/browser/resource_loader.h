// Main's loads through the network service: documents for tabs, what pages ask for, images
// read for an analysis, downloads. Each load names what main decided it may carry (site for
// cookies, cookie mode, method, headers) and gets its answer through a callback. Bodies
// arrive in sealed shared-memory pieces; a load in flight survives one network crash (it is
// sent again to the restarted service), not two.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "base/event_loop.h"
#include "process/crash_recovery.h"
#include "services/browser/document_loader.h"
#include "services/browser/file_download.h"
#include "services/browser/pending_replies.h"
#include "services/browser/service_hosts.h"
#include "services/network/public/network.capnp.h"

namespace nexus::browser {

struct NetworkLoad {
  std::string url;
  network::schema::ResourceKind kind = network::schema::ResourceKind::DOCUMENT;
  std::string site_for_cookies;  // SameSite: the site that caused it; "" when a user did
  std::string method;            // "" is GET
  HeaderList headers;
  std::string body;
  bool omit_cookies = false;  // a cross-origin fetch: no cookies either way
  uint32_t tab_id = 0;        // the tab it is for: dropped when the tab moves on
};

// The response (with `final_url` where redirects ended, "" when there were none), or why
// there is none.
using LoadDone = std::function<void(Result<Document> response, const std::string& final_url)>;

class ResourceLoader {
 public:
  ResourceLoader(process::ProcessManager& manager, ServiceHosts& services, RequestIds& ids)
      : manager_(manager), services_(services), ids_(ids) {}

  // Loads a data: or http(s) URL through the network service, started if need be.
  void Load(NetworkLoad load, LoadDone done);
  // Streams `url`'s body into `path` (written as path.part, renamed when complete); `done`
  // gets the bytes saved or why not.
  Status Download(const std::string& url,
                  const std::string& path,
                  std::function<void(Result<uint64_t>)> done);
  // What `tab_id` was loading is not wanted any more.
  void CancelTab(uint32_t tab_id);

  // The network service is ready: what waits is sent, including what a crashed one had.
  void OnReady(process::ProcessHost& network);
  void OnChunk(process::ProcessHost& network, ipc::IncomingMessage& message);
  void OnLoaded(process::ProcessHost& network, ipc::IncomingMessage& message);
  // The network service ended: loads sent twice fail, or all of them when it is disabled.
  void OnGone(const process::RecoveryPlan& plan);

 private:
  static constexpr int kMaxAttempts = 2;
  struct Pending {
    NetworkLoad load;
    LoadDone done;
    uint32_t sent_to = 0;  // the network process it is in flight at; 0: not sent
    int attempts = 0;
    std::string body;  // the pieces so far (not for downloads)
    std::optional<FileDownload> file;
    std::function<void(Result<uint64_t>)> download_done;
  };
  void Add(Pending pending);
  void SendWaiting();
  // Adds bytes to a page's body; past kMaxDocumentBytes the load fails instead (false).
  bool AppendWithinLimit(uint64_t request_id, std::string_view bytes, bool transfer_over);
  // Ends a load; one whose transfer is not over is cancelled at the network service.
  void Finish(uint64_t request_id,
              Result<Document> response,
              const std::string& final_url,
              bool transfer_over);
  void CancelAtNetwork(uint64_t request_id, uint32_t network_id);

  process::ProcessManager& manager_;
  ServiceHosts& services_;
  RequestIds& ids_;
  std::map<uint64_t, Pending> loads_;
};

}  // namespace nexus::browser
