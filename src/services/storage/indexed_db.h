// IndexedDB in the storage service (spec "Storage Service Process": IndexedDB). Each origin's
// databases live in its indexed_db.db; keys arrive encoded so that their byte order is
// IndexedDB's key order (number < date < string < binary < array; web/js's prelude encodes
// them), values as the page's structured clone, which this process never reads. Transactions
// run one at a time per origin, in the order they began: a transaction that is waiting keeps
// its requests until it runs. Each is one SQLite transaction; a request is answered once
// done, a commit once committed; a put that breaks a constraint changes nothing (a savepoint).
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ipc/message.h"
#include "services/storage/origin_database.h"
#include "services/storage/public/storage.capnp.h"

namespace nexus::storage {

inline constexpr char kIndexedDbFile[] = "indexed_db.db";
const std::vector<const char*>& IndexedDbSchema();

// The number in an encoded key, if it is a number key (for key generators).
std::optional<double> DecodeNumberKey(const std::string& key);
std::string EncodeNumberKey(double number);

// One request, copied out of its message so that it can wait for its transaction.
struct IdbOperation {
  uint64_t request_id = 0;
  uint64_t page = 0;
  std::string origin;
  std::string database;
  uint64_t transaction = 0;
  schema::IdbRequest::Which kind = schema::IdbRequest::OPEN;
  uint64_t version = 0;
  bool strict = false;
  std::string store, index, name, key_path, key, value;
  bool auto_increment = false, unique = false, multi_entry = false, overwrite = false;
  std::vector<std::pair<std::string, std::vector<std::string>>> index_keys;
  std::string lower, upper;
  bool lower_open = false, upper_open = false, reverse = false, unique_cursor = false;
  uint32_t limit = 0;
  schema::IdbReadKind read_kind = schema::IdbReadKind::RECORDS;
  std::string after_key, after_primary_key;
  bool after_inclusive = false;
};
Result<IdbOperation> ReadIdbOperation(ipc::IncomingMessage& message,
                                      schema::IdbCall::Reader call,
                                      uint64_t request_id);

class IndexedDb {
 public:
  using Opener = std::function<Result<OriginDatabase*>(const std::string& origin)>;
  using Send = std::function<void(ipc::OutgoingMessage& message, uint64_t request_id)>;
  using Usage = std::function<uint64_t(const std::string& origin)>;
  // `failed`: a request on the database failed (damage is set aside by the service). `usage`:
  // the bytes an origin's files take; a put that would take it past `quota_bytes` is a
  // QuotaExceededError.
  IndexedDb(
      Opener open,
      Send send,
      std::function<void(OriginDatabase*)> failed,
      Usage usage = [](const std::string&) { return uint64_t{0}; },
      uint64_t quota_bytes = UINT64_MAX)
      : open_(std::move(open)),
        send_(std::move(send)),
        failed_(std::move(failed)),
        usage_(std::move(usage)),
        quota_bytes_(quota_bytes) {}

  void OnRequest(IdbOperation operation);
  // The page's transactions are rolled back, those waiting dropped.
  void OnPageGone(uint64_t page);
  // Whether one of the origin's transactions holds its database open now (it must not be
  // closed under it).
  bool Running(const std::string& origin) const;
  // The origin's database is about to be closed (clear-site-data): its transactions end.
  void ForgetOrigin(const std::string& origin);

 private:
  struct Transaction {
    uint64_t page = 0;
    uint64_t id = 0;
    bool started = false;
    bool strict = false;
    uint64_t usage = 0;                // the origin's bytes when it started
    uint64_t written = 0;              // the values it put since
    std::deque<IdbOperation> waiting;  // requests made before it started
  };
  struct Origin {
    std::deque<Transaction> queue;  // the front one runs once started
  };
  // Starts the origin's next transaction if none runs, and runs what it has waiting.
  void Pump(const std::string& origin);
  // Runs a request of the origin's running transaction (which it may end).
  void Run(const std::string& origin, IdbOperation& operation);
  // Ends the running transaction: committed (or rolled back when that fails) or rolled back.
  Status Finish(const std::string& origin, OriginDatabase& db, bool commit);
  void Reply(uint64_t request_id,
             const std::function<Status(ipc::OutgoingMessage&, schema::IdbResult::Builder)>& fill);
  void ReplyError(uint64_t request_id, const std::string& error);

  Opener open_;
  Send send_;
  std::function<void(OriginDatabase*)> failed_;
  Usage usage_;
  uint64_t quota_bytes_;
  std::map<std::string, Origin> origins_;
};

}  // namespace nexus::storage
