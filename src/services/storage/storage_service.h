// The storage service's work (spec "Storage Service Process"): requests from main, each for
// an origin main named, answered under their request ids once committed. localStorage writes
// that arrive together (a page writing in a loop) are committed together, at the end of the
// loop turn they arrived in; each is answered after that commit. Databases open on
// first use, at most kMaxOpenDatabases at a time; a damaged one is set aside, reported to
// main (StorageToBrowser.problem) and replaced by an empty one on the next request.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "ipc/message.h"
#include "services/storage/indexed_db.h"
#include "services/storage/origin_database.h"
#include "services/storage/public/storage_area.h"

namespace nexus::storage {

class StorageService {
 public:
  using Send = std::function<void(ipc::OutgoingMessage& message, uint64_t request_id)>;
  // Runs a task once the loop has handled what it read this turn.
  using Post = std::function<void(std::function<void()> task)>;
  static constexpr size_t kMaxOpenDatabases = 16;

  // `directory`: where the origins' databases live (made if missing).
  // `quota_bytes`: what each origin may keep in IndexedDB (and so the Cache API and files).
  StorageService(std::string directory, uint64_t quota_bytes, Send send, Post post);
  // Commits the writes of the last turn (the process was asked to end before it could).
  ~StorageService();

  void OnMessage(ipc::IncomingMessage& message);

 private:
  // The origin's database `file` (local_storage.h's, indexed_db.h's), opened if need be.
  Result<OriginDatabase*> Database(const std::string& origin,
                                   const std::string& file,
                                   const std::vector<const char*>& schema);
  // A request on `database` failed: a damaged database goes (set aside, reported).
  void AfterFailure(OriginDatabase* database);
  void ReadArea(const std::string& origin, uint64_t request_id);
  void WriteArea(ipc::IncomingMessage& message, uint64_t request_id);
  void ClearOrigin(const std::string& origin, uint64_t request_id);
  void ReportProblem(const std::string& problem);
  // Commits the localStorage writes of this turn and answers them (or fails them all).
  void CommitWrites();
  void SendAreaChange(uint64_t request_id,
                      const std::string& key,
                      const Result<AreaChange>& change);
  std::string Origins() const { return directory_ + "/origins"; }

  struct Open {
    std::unique_ptr<OriginDatabase> database;
    uint64_t last_used = 0;
  };
  struct PendingWrite {
    uint64_t request_id;
    std::string key;
    AreaChange change;
  };
  std::string directory_;
  Send send_;
  Post post_;
  // Databases with an open transaction of this turn's writes, and those writes.
  std::map<OriginDatabase*, std::vector<PendingWrite>> batches_;
  IndexedDb indexed_db_;
  std::map<std::pair<std::string, std::string>, Open> open_;  // by origin and file
  uint64_t uses_ = 0;
};

}  // namespace nexus::storage
