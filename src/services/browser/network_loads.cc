// MainProcess: answers from the network service. Bodies arrive in chunks (RESOURCE_CHUNK)
// and end with RESOURCE_LOADED; main holds what a page needs, up to kMaxDocumentBytes, and
// streams downloads (`nexus fetch`) to their file.
#include <iostream>

#include "base/ascii.h"
#include "base/logging.h"
#include "services/browser/main_process.h"
#include "services/browser/orb.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;
using network::schema::ResourceKind;

void MainProcess::OnResourceChunk(ProcessHost& host, ipc::IncomingMessage& message) {
  uint64_t request_id = message.envelope().getRequestId();
  auto it = network_loads_.find(request_id);
  if (it == network_loads_.end() || it->second.sent_to != host.id())
    return;  // Cancelled meanwhile.
  auto bytes = message.MapPayload(message.Body<network::schema::NetworkToBrowser>().getChunk());
  if (!bytes.ok()) {
    manager_->ReceivedBadMessage(host, "chunk: " + bytes.error().message());
    return;
  }
  PendingLoad& load = it->second;
  if (load.kind == ResourceKind::DOWNLOAD) {
    if (auto written = downloads_.at(request_id).Append(bytes->view()); !written.ok())
      FinishDownload(request_id, written);
    return;
  }
  if (load.body.size() + bytes->size() > kMaxDocumentBytes) {
    // More than a page may hold: stop the transfer and fail the load.
    CancelAtNetwork(request_id, host.id());
    PendingLoad failed = std::move(load);
    network_loads_.erase(it);
    std::string why = failed.url.substr(0, 200) + " is over the " +
                      std::to_string(kMaxDocumentBytes >> 20) + " MiB limit";
    if (failed.for_renderer)
      AnswerSubresource(failed.for_renderer, failed.renderer_request_id, failed.tab_id,
                        failed.url, Error(why));
    else if (auto tab = tabs_.find(failed.tab_id); tab != tabs_.end() && tab->second.url == failed.url)
      FailLoad(tab->second, why);
    return;
  }
  load.body.append(bytes->view());
}

void MainProcess::OnResourceLoaded(ProcessHost& host, ipc::IncomingMessage& message) {
  auto envelope = message.envelope();
  uint64_t request_id = envelope.getRequestId();
  auto it = network_loads_.find(request_id);
  if (host.type() != ProcessType::NETWORK || it == network_loads_.end() ||
      it->second.sent_to != host.id())
    return;  // Cancelled, or answered by a service that has since been replaced.
  PendingLoad load = std::move(it->second);
  network_loads_.erase(it);
  auto loaded = message.Body<network::schema::NetworkToBrowser>().getLoaded();
  Result<Document> result = Error(loaded.getError().cStr());
  if (loaded.getError().size() == 0) {
    auto tail = message.ReadPayload(loaded.getBody());
    if (!tail.ok()) {
      manager_->ReceivedBadMessage(host, tail.error().message());
      return;
    }
    load.body += *tail;
    HeaderList headers;
    for (auto header : loaded.getHeaders())
      headers.emplace_back(header.getName(), header.getValue());
    result = Document{loaded.getMimeType(), std::move(load.body), loaded.getStatus(),
                      std::move(headers)};
  }
  if (load.kind == ResourceKind::DOWNLOAD) {
    // A download of an error page is a failed download, as `curl --fail` has it.
    if (result.ok() && loaded.getStatus() >= 400)
      result = Error("HTTP " + std::to_string(loaded.getStatus()) + " from " + load.url.substr(0, 200));
    Status status = result.ok() ? downloads_.at(request_id).Append(result->bytes) : result.error();
    FinishDownload(request_id, status);
    return;
  }
  if (load.for_renderer && (load.kind == ResourceKind::FETCH || load.after_preflight)) {
    if (loaded.getFinalUrl().size() > 0)
      load.url = loaded.getFinalUrl();
    OnFetchAnswered(std::move(load), std::move(result));
    return;
  }
  if (load.for_renderer) {
    if (result.ok())
      BlockOpaqueResponse(
          load, loaded.getFinalUrl().size() ? std::string(loaded.getFinalUrl()) : load.url,
          *result);
    AnswerSubresource(load.for_renderer, load.renderer_request_id, load.tab_id, load.url,
                      std::move(result));
    return;
  }
  if (load.ocr_image) {
    OnImageForOcr(*load.ocr_image, std::move(result));
    return;
  }
  auto tab = tabs_.find(load.tab_id);
  if (tab == tabs_.end() || tab->second.url != load.url)
    return;  // The tab navigated elsewhere meanwhile.
  if (!result.ok()) {
    FailLoad(tab->second, result.error().message());
    return;
  }
  // After redirects the document is the last hop's: its URL is what the tab shows and what
  // the page's relative links resolve against, and its site picks the renderer.
  if (loaded.getFinalUrl().size() > 0) {
    auto final_url = ParseUrl(loaded.getFinalUrl());
    if (!final_url.ok() || (final_url->scheme != "http" && final_url->scheme != "https")) {
      manager_->ReceivedBadMessage(host, "redirect to " + std::string(loaded.getFinalUrl()).substr(0, 200));
      return;
    }
    tab->second.url = final_url->spec;
    tab->second.history.ReplaceCurrent(final_url->spec);
    if (auto status = AssignRenderer(tab->second, SiteForUrl(*final_url)); !status.ok()) {
      FailLoad(tab->second, status.error().message());
      return;
    }
  }
  CommitDocument(tab->second, std::move(result->mime_type), std::move(result->bytes));
}

void MainProcess::BlockOpaqueResponse(const PendingLoad& load, const std::string& response_url,
                                      Document& response) {
  auto url = ParseUrl(response_url);
  if (url.ok() && OriginOf(*url) == load.page_origin)
    return;  // same origin: the page may read it anyway
  OrbDestination destination = load.kind == ResourceKind::IMAGE        ? OrbDestination::kImage
                               : load.kind == ResourceKind::STYLESHEET ? OrbDestination::kStylesheet
                               : load.kind == ResourceKind::SCRIPT     ? OrbDestination::kScript
                                                                       : OrbDestination::kOther;
  std::string essence = response.mime_type.substr(0, response.mime_type.find(';'));
  essence = AsciiLowercase(TrimAsciiWhitespace(essence));
  OrbDecision decision =
      DecideOrb(destination, essence, response.headers, response.status,
                std::string_view(response.bytes).substr(0, kOrbSniffBytes));
  if (decision.verdict == OrbVerdict::kAllow)
    return;
  // What a no-cors element could not use never enters the renderer's memory: it gets an
  // empty response, as Chromium's ORB gives it.
  LOG(Info) << "tab " << load.tab_id << ": " << decision.reason << " (" << response_url.substr(0, 200)
            << ")";
  response = Document{"", "", response.status, {}};
}

void MainProcess::CancelAtNetwork(uint64_t request_id, uint32_t network_id) {
  ProcessHost* network = manager_->Find(network_id);
  if (!network || !network->alive())
    return;  // If it is gone, so is the transfer.
  ipc::OutgoingMessage cancel;
  cancel.Init<network::schema::BrowserToNetwork>().setCancelLoad(request_id);
  (void)network->Send(cancel);
}

Status MainProcess::StartDownload(const std::string& url_text, const std::string& path) {
  ASSIGN_OR_RETURN(Url url, ParseUrl(url_text));
  if (url.scheme != "http" && url.scheme != "https" && url.scheme != "data")
    return Error("cannot fetch " + url.spec + ": scheme '" + url.scheme +
                 "' is not supported (http:, https: and data: are)");
  ASSIGN_OR_RETURN(FileDownload file, FileDownload::Create(path));
  TRY_STATUS(EnsureService(ProcessType::NETWORK));
  uint64_t request_id = next_request_id_++;
  PendingLoad load;
  load.url = url.spec;
  load.kind = ResourceKind::DOWNLOAD;
  network_loads_[request_id] = std::move(load);
  downloads_.emplace(request_id, std::move(file));
  SendPendingLoads();
  return OkStatus();
}

void MainProcess::FinishDownload(uint64_t request_id, const Status& status) {
  auto it = downloads_.find(request_id);
  if (it == downloads_.end())
    return;
  Status result = status.ok() ? it->second.Commit() : status;
  if (result.ok()) {
    std::cout << "saved " << it->second.bytes() << " bytes to " << it->second.path() << std::endl;
    exit_code_ = 0;
  } else {
    std::cerr << "nexus: " << result.error().message() << "\n";
    exit_code_ = 1;
  }
  downloads_.erase(it);  // an uncommitted file is removed
  if (auto load = network_loads_.find(request_id); load != network_loads_.end()) {
    CancelAtNetwork(request_id, load->second.sent_to);
    network_loads_.erase(load);
  }
  if (downloads_.empty() && options_.download)
    loop_->Quit();
}

}  // namespace nexus::browser
