#include "services/browser/web_storage.h"

#include <capnp/message.h>

#include "base/logging.h"
#include "ipc/string_pairs.h"
#include "services/browser/cors.h"
#include "services/renderer/public/renderer.capnp.h"

namespace nexus::browser {

using process::ProcessHost;
using renderer::schema::BrowserToRenderer;
using renderer::schema::RendererToBrowser;
using storage::schema::AreaOperation;
using storage::schema::BrowserToStorage;
using storage::schema::StorageToBrowser;

Result<std::string> StorageOriginOf(const std::string& url) {
  auto parsed = web::ParseUrl(url);
  if (parsed.ok() && parsed->scheme == "file")
    return std::string("file://");
  if (parsed.ok() && (parsed->scheme == "http" || parsed->scheme == "https"))
    return OriginOf(*parsed);
  return Error("SecurityError: a page at " + url.substr(0, 100) +
               " has an opaque origin, which has no storage");
}

void WebStorage::OnOpen(ProcessHost& renderer, ipc::IncomingMessage& message) {
  auto open = message.Body<RendererToBrowser>().getOpenStorage();
  uint32_t tab_id = open.getTabId();
  uint64_t request_id = message.envelope().getRequestId();
  // The renderer waits for the answer: every path gives one.
  Tab* tab = tabs_.OfDocument(renderer, tab_id, open.getDocumentId());
  if (!tab)
    return ReplyOpened(renderer.id(), tab_id, request_id,
                       Error("InvalidStateError: the page is gone"));
  auto origin = StorageOriginOf(tab->document_url);
  if (!origin.ok())
    return ReplyOpened(renderer.id(), tab_id, request_id, origin.error());
  if (open.getArea() == renderer::schema::StorageArea::SESSION) {
    const auto& entries = tab->session_storage[*origin].entries();
    return ReplyOpened(renderer.id(), tab_id, request_id,
                       ipc::EncodeStringPairs({entries.begin(), entries.end()}));
  }
  storage_.Request(
      [origin = *origin](ipc::OutgoingMessage& request) {
        request.Init<BrowserToStorage>().setReadArea(origin);
        return OkStatus();
      },
      [this, renderer_id = renderer.id(), tab_id, request_id](StorageAnswer answer) {
        if (!answer.ok())
          return ReplyOpened(renderer_id, tab_id, request_id, answer.error());
        ipc::IncomingMessage& reply = **answer;
        auto said = reply.Body<StorageToBrowser>();
        if (!said.isAreaContents())
          return ReplyOpened(renderer_id, tab_id, request_id,
                             Error("storage answered " + reply.name()));
        auto contents = said.getAreaContents();
        if (contents.getError().size() > 0)
          return ReplyOpened(renderer_id, tab_id, request_id, Error(contents.getError()));
        ReplyOpened(renderer_id, tab_id, request_id, reply.ReadPayload(contents.getEntries()));
      },
      /*resend_after_crash=*/true);
}

void WebStorage::ReplyOpened(uint32_t renderer_id,
                             uint32_t tab_id,
                             uint64_t request_id,
                             Result<std::string> entries) {
  ProcessHost* renderer = manager_.Find(renderer_id);
  if (!renderer || !renderer->alive())
    return;
  ipc::OutgoingMessage message;
  auto opened = message.Init<BrowserToRenderer>().initStorageOpened();
  opened.setTabId(tab_id);
  Status status =
      entries.ok() ? message.SetPayload(opened.initEntries(), *entries) : Status(entries.error());
  if (!status.ok())
    opened.setError(status.error().message());
  if (auto sent = renderer->Send(message, request_id); !sent.ok())
    LOG(Warning) << "storage for tab " << tab_id << ": " << sent.error().message();
}

void WebStorage::OnWrite(ProcessHost& renderer, ipc::IncomingMessage& message) {
  auto write = message.Body<RendererToBrowser>().getWriteStorage();
  Tab* tab = tabs_.OfDocument(renderer, write.getTabId(), write.getDocumentId());
  if (!tab)
    return;  // Stale: the page is gone (its tab moved on, maybe to another origin).
  auto origin = StorageOriginOf(tab->document_url);
  auto value = message.ReadPayload(write.getValue());
  if (!origin.ok() || !value.ok()) {
    // An honest renderer never writes what it could not open, nor sends unreadable bytes.
    return manager_.ReceivedBadMessage(
        renderer, "storage write: " + (origin.ok() ? value.error() : origin.error()).message());
  }
  std::string key = write.getKey();
  AreaOperation operation = write.getOperation();
  if (storage::Utf16Length(key) + storage::Utf16Length(*value) > storage::kStorageAreaQuotaUnits) {
    // The page checked its quota before it wrote: one item over all of it is a lie.
    return manager_.ReceivedBadMessage(renderer, "a storage item larger than the quota");
  }
  if (write.getArea() == renderer::schema::StorageArea::SESSION) {
    storage::StorageArea& area = tab->session_storage[*origin];
    if (operation == AreaOperation::SET) {
      if (auto set = area.Set(key, *value); !set.ok())
        LOG(Info) << "sessionStorage of tab " << tab->id << ": " << set.error().message();
    } else if (operation == AreaOperation::REMOVE) {
      area.Remove(key);
    } else {
      area.Clear();
    }
    return;
  }
  storage_.Request(
      [origin = *origin, operation, key, value = *value](ipc::OutgoingMessage& request) {
        auto body = request.Init<BrowserToStorage>().initWriteArea();
        body.setOrigin(origin);
        body.setOperation(operation);
        body.setKey(key);
        return request.SetPayload(body.initValue(), value);
      },
      [this, tab_id = tab->id, origin = *origin, url = tab->document_url, operation, key,
       value = *value](StorageAnswer answer) {
        if (!answer.ok()) {
          LOG(Warning) << "localStorage of " << origin << ": " << answer.error().message();
          return;
        }
        ipc::IncomingMessage& reply = **answer;
        auto said = reply.Body<StorageToBrowser>();
        if (!said.isAreaChanged())
          return;
        auto change = said.getAreaChanged();
        if (change.getError().size() > 0) {
          LOG(Warning) << "localStorage of " << origin << ": " << change.getError().cStr();
          return;
        }
        if (!change.getChanged())
          return;
        std::optional<std::string> old_value;
        if (change.getHadOldValue()) {
          if (auto old = reply.ReadPayload(change.getOldValue()); old.ok())
            old_value = std::move(old).value();
        }
        bool set = operation == AreaOperation::SET;
        SendStorageEvent(tab_id, origin, url, set || operation == AreaOperation::REMOVE ? key : "",
                         operation == AreaOperation::CLEAR, old_value,
                         set ? std::optional<std::string>(value) : std::nullopt);
      },
      /*resend_after_crash=*/true);
}

void WebStorage::SendStorageEvent(uint32_t source_tab,
                                  const std::string& origin,
                                  const std::string& source_url,
                                  const std::string& key,
                                  bool cleared,
                                  const std::optional<std::string>& old_value,
                                  const std::optional<std::string>& new_value) {
  for (const auto& [tab_id, tab] : tabs_.all()) {
    if (tab_id == source_tab)
      continue;
    auto tab_origin = StorageOriginOf(tab.document_url);
    ProcessHost* renderer = manager_.Find(tab.renderer_id);
    if (!tab_origin.ok() || *tab_origin != origin || !renderer || !renderer->alive() ||
        renderer->died)
      continue;
    ipc::OutgoingMessage message;
    auto event = message.Init<BrowserToRenderer>().initStorageEvent();
    event.setTabId(tab_id);
    event.setKey(key);
    event.setCleared(cleared);
    event.setUrl(source_url);
    Status status = OkStatus();
    if (old_value) {
      event.setHadOldValue(true);
      status = message.SetPayload(event.initOldValue(), *old_value);
    }
    if (new_value && status.ok()) {
      event.setHasNewValue(true);
      status = message.SetPayload(event.initNewValue(), *new_value);
    }
    if (status.ok())
      status = renderer->Send(message);
    if (!status.ok())
      LOG(Warning) << "storage event to tab " << tab_id << ": " << status.error().message();
  }
}

void WebStorage::OnIndexedDb(ProcessHost& renderer, ipc::IncomingMessage& message) {
  auto call = message.Body<RendererToBrowser>().getIndexedDb();
  uint32_t tab_id = call.getTabId();
  uint64_t request_id = message.envelope().getRequestId();
  // A page that is gone (its tab moved on) begins nothing: what it began would be the next
  // page's, and hold the origin's database while that page lives.
  Tab* tab = tabs_.OfDocument(renderer, tab_id, call.getDocumentId());
  auto origin = tab ? StorageOriginOf(tab->document_url)
                    : Result<std::string>(Error("InvalidStateError: the page is gone"));
  if (!origin.ok())
    return ReplyIdb(renderer.id(), tab_id, request_id, origin.error());
  auto request = call.getRequest();
  std::string value;
  if (request.isPut()) {
    auto read = message.ReadPayload(request.getPut().getValue());
    if (!read.ok())
      return manager_.ReceivedBadMessage(renderer, "IndexedDB value: " + read.error().message());
    value = std::move(read).value();
  }
  uint64_t page = tab->document_id;
  idb_pages_.insert(page);
  // Copied field by field by Cap'n Proto, then the value set again: its bytes are main's now,
  // not an attachment of the renderer's message.
  auto copy = std::make_shared<capnp::MallocMessageBuilder>();
  copy->setRoot(request);
  storage_.Request(
      [origin = *origin, page, copy, value](ipc::OutgoingMessage& out) {
        auto body = out.Init<BrowserToStorage>().initIndexedDb();
        body.setOrigin(origin);
        body.setPage(page);
        body.setRequest(copy->getRoot<storage::schema::IdbRequest>().asReader());
        if (body.getRequest().isPut())
          return out.SetPayload(body.getRequest().getPut().initValue(), value);
        return OkStatus();
      },
      [this, renderer_id = renderer.id(), tab_id, request_id, origin = *origin,
       copy](StorageAnswer answer) {
        // An upgrade or a deletion is news for the origin's other pages' connections.
        auto asked = copy->getRoot<storage::schema::IdbRequest>().asReader();
        if (answer.ok() && (asked.isOpen() || asked.isDeleteDatabase()) &&
            (*answer)->Body<StorageToBrowser>().isIdbResult()) {
          auto result = (*answer)->Body<StorageToBrowser>().getIdbResult();
          bool changed = asked.isOpen() ? result.getUpgrade() && result.getOldVersion() > 0
                                        : result.getOldVersion() > 0;
          if (result.getError().size() == 0 && changed)
            SendVersionChange(tab_id, origin, asked.getDatabase(), result.getOldVersion(),
                              asked.isOpen() ? result.getVersion() : 0);
        }
        ReplyIdb(renderer_id, tab_id, request_id, std::move(answer));
      },
      /*resend_after_crash=*/false);
}

void WebStorage::SendVersionChange(uint32_t source_tab,
                                   const std::string& origin,
                                   const std::string& database,
                                   uint64_t old_version,
                                   uint64_t new_version) {
  for (const auto& [tab_id, tab] : tabs_.all()) {
    auto tab_origin = StorageOriginOf(tab.document_url);
    ProcessHost* renderer = manager_.Find(tab.renderer_id);
    if (tab_id == source_tab || !tab_origin.ok() || *tab_origin != origin || !renderer ||
        !renderer->alive() || !idb_pages_.count(tab.document_id))
      continue;
    ipc::OutgoingMessage message;
    auto change = message.Init<BrowserToRenderer>().initIdbVersionChange();
    change.setTabId(tab_id);
    change.setDatabase(database);
    change.setOldVersion(old_version);
    change.setNewVersion(new_version);
    (void)renderer->Send(message);
  }
}

void WebStorage::ReplyIdb(uint32_t renderer_id,
                          uint32_t tab_id,
                          uint64_t request_id,
                          StorageAnswer answer) {
  ProcessHost* renderer = manager_.Find(renderer_id);
  if (!renderer || !renderer->alive())
    return;
  ipc::OutgoingMessage message;
  auto reply = message.Init<BrowserToRenderer>().initIdbResult();
  reply.setTabId(tab_id);
  auto result = reply.initResult();
  Status status = OkStatus();
  if (!answer.ok()) {
    // The storage service ended with the request in flight: the page sees an error (and its
    // transaction aborts); its next transaction goes to the restarted service.
    result.setError(answer.error().message().rfind("Error: ") != std::string::npos
                        ? answer.error().message()
                        : "UnknownError: " + answer.error().message());
  } else if (auto said = (*answer)->Body<StorageToBrowser>(); said.isIdbResult()) {
    reply.setResult(said.getIdbResult());
    if (said.getIdbResult().hasRecords()) {
      auto records = (*answer)->ReadPayload(said.getIdbResult().getRecords());
      status = records.ok() ? message.SetPayload(reply.getResult().initRecords(), *records)
                            : Status(records.error());
    }
  } else {
    result.setError("UnknownError: storage answered " + (*answer)->name());
  }
  if (!status.ok())
    reply.getResult().setError("UnknownError: " + status.error().message());
  if (auto sent = renderer->Send(message, request_id); !sent.ok())
    LOG(Warning) << "IndexedDB answer to tab " << tab_id << ": " << sent.error().message();
}

void WebStorage::OnEstimate(ProcessHost& renderer, ipc::IncomingMessage& message) {
  uint32_t tab_id = message.Body<RendererToBrowser>().getEstimateStorage();
  uint64_t request_id = message.envelope().getRequestId();
  Tab* tab = tabs_.OfRenderer(renderer, tab_id);
  auto origin = tab ? StorageOriginOf(tab->document_url)
                    : Result<std::string>(Error("InvalidStateError: the page's tab is gone"));
  auto reply = [this, renderer_id = renderer.id(), tab_id, request_id,
                quota = quota_bytes_](Result<uint64_t> usage) {
    ProcessHost* to = manager_.Find(renderer_id);
    if (!to || !to->alive())
      return;
    ipc::OutgoingMessage message;
    auto estimate = message.Init<BrowserToRenderer>().initStorageEstimate();
    estimate.setTabId(tab_id);
    estimate.setQuota(quota);
    if (usage.ok())
      estimate.setUsage(*usage);
    else
      estimate.setError(usage.error().message());
    (void)to->Send(message, request_id);
  };
  if (!origin.ok())
    return reply(origin.error());
  storage_.Request(
      [origin = *origin](ipc::OutgoingMessage& out) {
        out.Init<BrowserToStorage>().setUsage(origin);
        return OkStatus();
      },
      [reply](StorageAnswer answer) {
        if (!answer.ok())
          return reply(answer.error());
        auto said = (*answer)->Body<StorageToBrowser>();
        reply(said.isUsage() ? Result<uint64_t>(said.getUsage())
                             : Result<uint64_t>(Error("storage answered " + (*answer)->name())));
      },
      /*resend_after_crash=*/true);
}

void WebStorage::OnDocumentGone(uint64_t document_id) {
  if (!idb_pages_.erase(document_id))
    return;
  storage_.Tell([document_id](ipc::OutgoingMessage& message) {
    message.Init<BrowserToStorage>().setPageGone(document_id);
    return OkStatus();
  });
}

void WebStorage::ClearOrigin(const std::string& origin,
                             std::function<void(Result<uint64_t>)> done) {
  std::vector<uint32_t> ids;
  for (const auto& [tab_id, tab] : tabs_.all())
    ids.push_back(tab_id);
  for (uint32_t tab_id : ids) {
    if (Tab* tab = tabs_.Find(tab_id))
      tab->session_storage.erase(origin);
  }
  storage_.Request(
      [origin](ipc::OutgoingMessage& request) {
        request.Init<BrowserToStorage>().setClearOrigin(origin);
        return OkStatus();
      },
      [this, origin, done = std::move(done)](StorageAnswer answer) {
        if (!answer.ok())
          return done(answer.error());
        auto said = (*answer)->Body<StorageToBrowser>();
        if (!said.isCleared())
          return done(Error("storage answered " + (*answer)->name()));
        if (said.getCleared().getError().size() > 0)
          return done(Error(said.getCleared().getError()));
        // Pages of the origin that hold its localStorage in memory drop it, as after clear().
        SendStorageEvent(0, origin, "", "", /*cleared=*/true, std::nullopt, std::nullopt);
        done(said.getCleared().getBytes());
      },
      /*resend_after_crash=*/true);
}

}  // namespace nexus::browser
