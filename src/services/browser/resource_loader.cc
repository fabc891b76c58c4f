#include "services/browser/resource_loader.h"

#include "base/logging.h"
#include "web/url/url.h"

namespace nexus::browser {

using network::schema::ResourceKind;
using process::ProcessHost;
using process::ProcessType;

void ResourceLoader::Load(NetworkLoad load, LoadDone done) {
  if (services_.IsDisabled(ProcessType::NETWORK))
    return done(Error("network service unavailable after repeated crashes"), "");
  if (auto status = services_.Ensure(ProcessType::NETWORK); !status.ok())
    return done(status.error().Context("network service unavailable"), "");
  Pending pending;
  pending.load = std::move(load);
  pending.done = std::move(done);
  Add(std::move(pending));
}

Status ResourceLoader::Download(const std::string& url_text,
                                const std::string& path,
                                std::function<void(Result<uint64_t>)> done) {
  ASSIGN_OR_RETURN(web::Url url, web::ParseUrl(url_text));
  if (url.scheme != "http" && url.scheme != "https" && url.scheme != "data")
    return Error("cannot fetch " + url.spec + ": scheme '" + url.scheme +
                 "' is not supported (http:, https: and data: are)");
  ASSIGN_OR_RETURN(FileDownload file, FileDownload::Create(path));
  TRY_STATUS(services_.Ensure(ProcessType::NETWORK));
  Pending pending;
  pending.load.url = url.spec;
  pending.load.kind = ResourceKind::DOWNLOAD;
  pending.file.emplace(std::move(file));
  pending.download_done = std::move(done);
  Add(std::move(pending));
  return OkStatus();
}

void ResourceLoader::Add(Pending pending) {
  loads_.emplace(ids_.Next(), std::move(pending));
  SendWaiting();
}

void ResourceLoader::CancelTab(uint32_t tab_id) {
  for (auto it = loads_.begin(); it != loads_.end();) {
    if (it->second.load.tab_id != tab_id || tab_id == 0) {
      ++it;
      continue;
    }
    CancelAtNetwork(it->first, it->second.sent_to);
    it = loads_.erase(it);
  }
}

void ResourceLoader::OnReady(ProcessHost&) {
  SendWaiting();
}

void ResourceLoader::SendWaiting() {
  ProcessHost* network = services_.Ready(ProcessType::NETWORK);
  if (!network)
    return;  // Sent when it is ready.
  for (auto& [request_id, pending] : loads_) {
    if (pending.sent_to == network->id())
      continue;  // In flight there already.
    const NetworkLoad& load = pending.load;
    ipc::OutgoingMessage message;
    auto body = message.Init<network::schema::BrowserToNetwork>().initLoad();
    body.setUrl(load.url);
    body.setKind(load.kind);
    body.setSiteForCookies(load.site_for_cookies);
    body.setMethod(load.method);
    body.setOmitCookies(load.omit_cookies);
    auto headers = body.initHeaders(static_cast<unsigned>(load.headers.size()));
    for (size_t i = 0; i < load.headers.size(); ++i) {
      headers[i].setName(load.headers[i].first);
      headers[i].setValue(load.headers[i].second);
    }
    if (auto status = message.SetPayload(body.initBody(), load.body); !status.ok()) {
      LOG(Error) << "request body of " << load.url.substr(0, 200) << ": "
                 << status.error().message();
      continue;
    }
    pending.body.clear();  // a retry starts the body again
    if (pending.file)
      pending.file->Restart();
    if (network->Send(message, request_id).ok()) {
      pending.sent_to = network->id();
      ++pending.attempts;
    }
  }
}

void ResourceLoader::OnChunk(ProcessHost& network, ipc::IncomingMessage& message) {
  uint64_t request_id = message.envelope().getRequestId();
  auto it = loads_.find(request_id);
  if (it == loads_.end() || it->second.sent_to != network.id())
    return;  // Cancelled meanwhile.
  auto bytes = message.MapPayload(message.Body<network::schema::NetworkToBrowser>().getChunk());
  if (!bytes.ok()) {
    manager_.ReceivedBadMessage(network, "chunk: " + bytes.error().message());
    return;
  }
  Pending& pending = it->second;
  if (pending.file) {
    if (auto written = pending.file->Append(bytes->view()); !written.ok())
      Finish(request_id, written.error(), "", /*transfer_over=*/false);
    return;
  }
  AppendWithinLimit(request_id, bytes->view(), /*transfer_over=*/false);
}

bool ResourceLoader::AppendWithinLimit(uint64_t request_id,
                                       std::string_view bytes,
                                       bool transfer_over) {
  Pending& pending = loads_.at(request_id);
  if (pending.body.size() + bytes.size() > kMaxDocumentBytes) {
    // More than a page may hold: the transfer stops and the load fails.
    Finish(request_id,
           Error(pending.load.url.substr(0, 200) + " is over the " +
                 std::to_string(kMaxDocumentBytes >> 20) + " MiB limit"),
           "", transfer_over);
    return false;
  }
  pending.body.append(bytes);
  return true;
}

void ResourceLoader::OnLoaded(ProcessHost& network, ipc::IncomingMessage& message) {
  uint64_t request_id = message.envelope().getRequestId();
  auto it = loads_.find(request_id);
  if (it == loads_.end() || it->second.sent_to != network.id())
    return;  // Cancelled, or answered by a service that has since been replaced.
  auto loaded = message.Body<network::schema::NetworkToBrowser>().getLoaded();
  std::string final_url = loaded.getFinalUrl();
  if (!final_url.empty()) {
    // Redirects end on the web: a network service that says file: or nexus: is lying.
    auto parsed = web::ParseUrl(final_url);
    if (!parsed.ok() || (parsed->scheme != "http" && parsed->scheme != "https")) {
      manager_.ReceivedBadMessage(network, "redirect to " + final_url.substr(0, 200));
      return;
    }
  }
  if (loaded.getError().size() > 0)
    return Finish(request_id, Error(loaded.getError().cStr()), final_url, true);
  auto tail = message.ReadPayload(loaded.getBody());
  if (!tail.ok()) {
    manager_.ReceivedBadMessage(network, tail.error().message());
    return;
  }
  Pending& pending = it->second;
  if (pending.file) {
    // A download of an error page is a failed download, as `curl --fail` has it.
    Status status = loaded.getStatus() >= 400
                        ? Status(Error("HTTP " + std::to_string(loaded.getStatus()) + " from " +
                                       pending.load.url.substr(0, 200)))
                        : pending.file->Append(*tail);
    return Finish(request_id, status.ok() ? Result<Document>(Document{}) : status.error(), "",
                  true);
  }
  // The last bytes come with the answer: the limit holds for them too.
  if (!AppendWithinLimit(request_id, *tail, /*transfer_over=*/true))
    return;
  HeaderList headers;
  for (auto header : loaded.getHeaders())
    headers.emplace_back(header.getName(), header.getValue());
  Finish(request_id,
         Document{loaded.getMimeType(), std::move(pending.body), loaded.getStatus(),
                  std::move(headers)},
         final_url, true);
}

void ResourceLoader::Finish(uint64_t request_id,
                            Result<Document> response,
                            const std::string& final_url,
                            bool transfer_over) {
  auto it = loads_.find(request_id);
  if (it == loads_.end())
    return;
  Pending pending = std::move(it->second);
  loads_.erase(it);
  if (!transfer_over)
    CancelAtNetwork(request_id, pending.sent_to);
  if (pending.file) {
    Status committed = response.ok() ? pending.file->Commit() : Status(response.error());
    uint64_t bytes = pending.file->bytes();
    pending.file.reset();  // an uncommitted file is removed
    pending.download_done(committed.ok() ? Result<uint64_t>(bytes) : committed.error());
    return;
  }
  pending.done(std::move(response), final_url);
}

void ResourceLoader::OnGone(const process::RecoveryPlan& plan) {
  // Loads are retried once on the restarted service: those in flight twice, or all of them
  // when the service is disabled, fail.
  std::string why = plan.disabled ? "network service unavailable after repeated crashes"
                                  : "the network service crashed twice while loading it";
  std::vector<uint64_t> failed;
  for (const auto& [request_id, pending] : loads_) {
    if (plan.disabled || pending.attempts >= kMaxAttempts)
      failed.push_back(request_id);
  }
  for (uint64_t request_id : failed) {
    auto it = loads_.find(request_id);
    if (it != loads_.end())
      Finish(request_id, Error(why + ": " + it->second.load.url.substr(0, 200)), "", false);
  }
}

void ResourceLoader::CancelAtNetwork(uint64_t request_id, uint32_t network_id) {
  ProcessHost* network = manager_.Find(network_id);
  if (!network || !network->alive())
    return;  // If it is gone, so is the transfer.
  ipc::OutgoingMessage cancel;
  cancel.Init<network::schema::BrowserToNetwork>().setCancelLoad(request_id);
  (void)network->Send(cancel);
}

}  // namespace nexus::browser
