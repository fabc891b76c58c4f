#include "services/storage/storage_service.h"

#include "base/logging.h"
#include "services/storage/local_storage.h"
#include "services/storage/public/sqlite_salvage.h"
#include "services/storage/public/storage.capnp.h"

namespace nexus::storage {

using schema::BrowserToStorage;
using schema::StorageToBrowser;

namespace {

// Main names origins; anything else is main's bug, refused rather than turned into a file.
Status CheckOrigin(const std::string& origin) {
  bool web = (origin.rfind("http://", 0) == 0 || origin.rfind("https://", 0) == 0) &&
             origin.find('/', origin.find("//") + 2) == std::string::npos;
  if (origin.size() > 1024 || (!web && origin != "file://"))
    return Error("'" + origin.substr(0, 100) + "' is not an origin with storage");
  return OkStatus();
}

}  // namespace

StorageService::StorageService(std::string directory, uint64_t quota_bytes, Send send, Post post)
    : directory_(std::move(directory)),
      send_(std::move(send)),
      post_(std::move(post)),
      indexed_db_(
          [this](const std::string& origin) {
            return Database(origin, kIndexedDbFile, IndexedDbSchema());
          },
          send_,
          [this](OriginDatabase* database) { AfterFailure(database); },
          [this](const std::string& origin) { return OriginDatabase::Usage(Origins(), origin); },
          quota_bytes) {}

StorageService::~StorageService() {
  for (auto& [db, writes] : batches_) {
    if (auto status = db->Execute("COMMIT"); !status.ok())
      LOG(Error) << status.error().message();
  }
}

void StorageService::OnMessage(ipc::IncomingMessage& message) {
  auto said = message.Body<BrowserToStorage>();
  uint64_t request_id = message.envelope().getRequestId();
  switch (said.which()) {
    case BrowserToStorage::READ_AREA:
      return ReadArea(said.getReadArea(), request_id);
    case BrowserToStorage::WRITE_AREA:
      return WriteArea(message, request_id);
    case BrowserToStorage::CLEAR_ORIGIN:
      return ClearOrigin(said.getClearOrigin(), request_id);
    case BrowserToStorage::INDEXED_DB: {
      auto operation = ReadIdbOperation(message, said.getIndexedDb(), request_id);
      Status valid = operation.ok() ? CheckOrigin(operation->origin) : Status(operation.error());
      if (valid.ok())
        return indexed_db_.OnRequest(std::move(operation).value());
      ipc::OutgoingMessage reply;
      reply.Init<StorageToBrowser>().initIdbResult().setError("UnknownError: " +
                                                              valid.error().message());
      return send_(reply, request_id);
    }
    case BrowserToStorage::PAGE_GONE:
      return indexed_db_.OnPageGone(said.getPageGone());
    case BrowserToStorage::USAGE: {
      ipc::OutgoingMessage reply;
      std::string origin = said.getUsage();
      reply.Init<StorageToBrowser>().setUsage(CheckOrigin(origin).ok() && !directory_.empty()
                                                  ? OriginDatabase::Usage(Origins(), origin)
                                                  : 0);
      return send_(reply, request_id);
    }
  }
}

Result<OriginDatabase*> StorageService::Database(const std::string& origin,
                                                 const std::string& file,
                                                 const std::vector<const char*>& schema) {
  TRY_STATUS(CheckOrigin(origin));
  if (directory_.empty())
    return Error("the storage process was given no directory (--sandbox-storage-dir)");
  auto open = open_.find({origin, file});
  if (open == open_.end()) {
    if (open_.size() >= kMaxOpenDatabases) {
      CommitWrites();  // none of them waits on a database about to close
      // The least recently used, but never an IndexedDB database a transaction holds open.
      auto oldest = open_.end();
      for (auto it = open_.begin(); it != open_.end(); ++it) {
        bool held = it->first.second == kIndexedDbFile && indexed_db_.Running(it->first.first);
        if (!held && (oldest == open_.end() || it->second.last_used < oldest->second.last_used))
          oldest = it;
      }
      if (oldest != open_.end())
        open_.erase(oldest);
    }
    std::string set_aside;
    ASSIGN_OR_RETURN(auto database,
                     OriginDatabase::Open(Origins(), origin, file, schema, &set_aside));
    if (!set_aside.empty())
      ReportProblem("the storage of " + origin + " was damaged: " + set_aside);
    open = open_.emplace(std::pair(origin, file), Open{std::move(database), 0}).first;
  }
  open->second.last_used = ++uses_;
  return open->second.database.get();
}

void StorageService::AfterFailure(OriginDatabase* database) {
  if (!database || !database->damaged())
    return;
  std::string path = database->path();
  std::string origin = database->origin();
  std::string file = path.substr(path.rfind('/') + 1);
  std::erase_if(open_, [&](const auto& entry) { return entry.second.database.get() == database; });
  auto aside = SetAsideDamaged(path);  // closed first, then moved
  if (!aside.ok()) {
    ReportProblem("the storage of " + origin + " was damaged in use; " + aside.error().message());
    return;
  }
  // A fresh database at once, with what the damaged one still gives.
  std::string salvaged = "nothing kept (no fresh database)";
  auto fresh =
      Database(origin, file, file == kIndexedDbFile ? IndexedDbSchema() : LocalStorageSchema());
  if (fresh.ok())
    salvaged = SalvageTables((*fresh)->handle(), *aside).Describe();
  ReportProblem("the storage of " + origin + " was damaged in use; set aside as " + *aside + "; " +
                salvaged);
}

void StorageService::ReportProblem(const std::string& problem) {
  LOG(Error) << problem;
  ipc::OutgoingMessage message;
  message.Init<StorageToBrowser>().setProblem(problem);
  send_(message, 0);
}

void StorageService::ReadArea(const std::string& origin, uint64_t request_id) {
  CommitWrites();  // what is read is on disk
  ipc::OutgoingMessage reply;
  auto contents = reply.Init<StorageToBrowser>().initAreaContents();
  auto database = Database(origin, kLocalStorageFile, LocalStorageSchema());
  Result<ipc::StringPairs> entries =
      database.ok() ? ReadLocalStorage(**database) : Result<ipc::StringPairs>(database.error());
  Status status = entries.ok()
                      ? reply.SetPayload(contents.initEntries(), ipc::EncodeStringPairs(*entries))
                      : Status(entries.error());
  if (!status.ok()) {
    contents.setError(status.error().message());
    AfterFailure(database.ok() ? *database : nullptr);
  }
  send_(reply, request_id);
}

void StorageService::WriteArea(ipc::IncomingMessage& message, uint64_t request_id) {
  auto write = message.Body<BrowserToStorage>().getWriteArea();
  std::string key = write.getKey();
  auto value = message.ReadPayload(write.getValue());
  if (!value.ok())
    return SendAreaChange(request_id, key, value.error().Context("the value"));
  auto database = Database(write.getOrigin(), kLocalStorageFile, LocalStorageSchema());
  if (!database.ok())
    return SendAreaChange(request_id, key, database.error());
  OriginDatabase* db = *database;
  if (!batches_.count(db)) {
    if (Status begun = db->Execute("BEGIN IMMEDIATE"); !begun.ok()) {
      SendAreaChange(request_id, key, begun.error());
      return AfterFailure(db);
    }
    batches_[db];
    if (batches_.size() == 1)
      post_([this] { CommitWrites(); });
  }
  auto changed = WriteLocalStorage(*db, write.getOperation(), key, *value);
  if (!changed.ok() && db->damaged()) {
    SendAreaChange(request_id, key, changed.error());
    return CommitWrites();  // the commit fails too, and sets the database aside
  }
  if (!changed.ok())
    return SendAreaChange(request_id, key, changed.error());  // over the quota: nothing changed
  batches_[db].push_back({request_id, key, std::move(changed).value()});
}

void StorageService::CommitWrites() {
  auto batches = std::move(batches_);
  batches_.clear();
  std::vector<OriginDatabase*> failed;
  for (auto& [db, writes] : batches) {
    Status committed = db->Execute("COMMIT");
    if (!committed.ok()) {
      (void)db->Execute("ROLLBACK");
      db->area_units().reset();  // counted again from what is on disk
      failed.push_back(db);
    }
    for (const PendingWrite& write : writes) {
      SendAreaChange(write.request_id, write.key,
                     committed.ok() ? Result<AreaChange>(write.change)
                                    : Result<AreaChange>(committed.error()));
    }
  }
  for (OriginDatabase* db : failed)
    AfterFailure(db);
}

void StorageService::SendAreaChange(uint64_t request_id,
                                    const std::string& key,
                                    const Result<AreaChange>& changed) {
  ipc::OutgoingMessage reply;
  auto change = reply.Init<StorageToBrowser>().initAreaChanged();
  change.setKey(key);
  if (!changed.ok()) {
    change.setError(changed.error().message());
    return send_(reply, request_id);
  }
  change.setChanged(changed->changed);
  change.setHadOldValue(changed->old_value.has_value());
  if (changed->old_value) {
    if (auto status = reply.SetPayload(change.initOldValue(), *changed->old_value); !status.ok())
      change.setHadOldValue(false);  // the event goes without it rather than not at all
  }
  send_(reply, request_id);
}

void StorageService::ClearOrigin(const std::string& origin, uint64_t request_id) {
  ipc::OutgoingMessage reply;
  auto cleared = reply.Init<StorageToBrowser>().initCleared();
  Status valid = CheckOrigin(origin);
  CommitWrites();
  if (valid.ok()) {
    // Closed before their files go.
    indexed_db_.ForgetOrigin(origin);
    std::erase_if(open_, [&](const auto& entry) { return entry.first.first == origin; });
    auto bytes = OriginDatabase::Delete(Origins(), origin);
    if (bytes.ok())
      cleared.setBytes(*bytes);
    else
      cleared.setError(bytes.error().message());
  } else {
    cleared.setError(valid.error().message());
  }
  send_(reply, request_id);
}

}  // namespace nexus::storage
