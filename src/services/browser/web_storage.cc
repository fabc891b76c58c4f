#include "services/browser/web_storage.h"

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
  Tab* tab = tabs_.OfRenderer(renderer, tab_id);
  if (!tab)
    return ReplyOpened(renderer.id(), tab_id, request_id,
                       Error("InvalidStateError: the page's tab is gone"));
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
  Tab* tab = tabs_.OfRenderer(renderer, write.getTabId());
  if (!tab)
    return;  // Stale: the tab moved on.
  auto origin = StorageOriginOf(tab->document_url);
  auto value = message.ReadPayload(write.getValue());
  if (!origin.ok() || !value.ok()) {
    // An honest renderer never writes what it could not open, nor sends unreadable bytes.
    return manager_.ReceivedBadMessage(
        renderer, "storage write: " + (origin.ok() ? value.error() : origin.error()).message());
  }
  std::string key = write.getKey();
  AreaOperation operation = write.getOperation();
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
