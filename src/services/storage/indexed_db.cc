#include "services/storage/indexed_db.h"

#include <bit>
#include <cstdio>

#include "base/logging.h"
#include "ipc/string_pairs.h"
#include "services/storage/indexed_db_tables.h"

namespace nexus::storage {

using schema::IdbRequest;

const std::vector<const char*>& IndexedDbSchema() {
  static const std::vector<const char*> schema = {
      "CREATE TABLE IF NOT EXISTS databases (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, "
      "version INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS stores (id INTEGER PRIMARY KEY, database INTEGER NOT NULL, "
      "name TEXT NOT NULL, key_path TEXT NOT NULL, auto_increment INTEGER NOT NULL, next_key "
      "REAL NOT NULL, UNIQUE(database, name))",
      "CREATE TABLE IF NOT EXISTS indexes (id INTEGER PRIMARY KEY, store INTEGER NOT NULL, name "
      "TEXT NOT NULL, key_path TEXT NOT NULL, is_unique INTEGER NOT NULL, multi_entry INTEGER "
      "NOT NULL, UNIQUE(store, name))",
      "CREATE TABLE IF NOT EXISTS records (store INTEGER NOT NULL, key TEXT NOT NULL, value "
      "TEXT NOT NULL, PRIMARY KEY(store, key)) WITHOUT ROWID",
      "CREATE TABLE IF NOT EXISTS index_records (index_id INTEGER NOT NULL, key TEXT NOT NULL, "
      "primary_key TEXT NOT NULL, PRIMARY KEY(index_id, key, primary_key)) WITHOUT ROWID",
      "CREATE INDEX IF NOT EXISTS index_records_by_record ON index_records(index_id, "
      "primary_key)",
  };
  return schema;
}

// Numbers are tagged "10" and followed by their IEEE 754 bits as 16 hex digits, the sign bit
// flipped for positive numbers and every bit for negative ones: byte order is number order.
std::string EncodeNumberKey(double number) {
  uint64_t bits = std::bit_cast<uint64_t>(number == 0 ? 0.0 : number);
  bits = (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
  char text[19];
  std::snprintf(text, sizeof(text), "10%016llx", static_cast<unsigned long long>(bits));
  return text;
}

std::optional<double> DecodeNumberKey(const std::string& key) {
  if (key.size() != 18 || key.compare(0, 2, "10") != 0)
    return std::nullopt;
  uint64_t bits = 0;
  for (size_t i = 2; i < key.size(); ++i) {
    char c = key[i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0)
      return std::nullopt;
    bits = bits << 4 | static_cast<uint64_t>(digit);
  }
  bits = (bits >> 63) ? bits & ~(uint64_t{1} << 63) : ~bits;
  return std::bit_cast<double>(bits);
}

Result<IdbOperation> ReadIdbOperation(ipc::IncomingMessage& message,
                                      schema::IdbCall::Reader call,
                                      uint64_t request_id) {
  auto request = call.getRequest();
  IdbOperation operation;
  operation.request_id = request_id;
  operation.origin = call.getOrigin();
  operation.page = call.getPage();
  operation.database = request.getDatabase();
  operation.transaction = request.getTransaction();
  operation.kind = request.which();
  auto read_range = [&](schema::IdbRead::Reader read) {
    operation.store = read.getStore();
    operation.index = read.getIndex();
    operation.lower = read.getRange().getLower();
    operation.upper = read.getRange().getUpper();
    operation.lower_open = read.getRange().getLowerOpen();
    operation.upper_open = read.getRange().getUpperOpen();
    operation.reverse = read.getReverse();
    operation.unique_cursor = read.getUnique();
    operation.limit = read.getLimit();
    operation.read_kind = read.getKind();
    operation.after_key = read.getAfterKey();
    operation.after_primary_key = read.getAfterPrimaryKey();
    operation.after_inclusive = read.getAfterInclusive();
  };
  switch (request.which()) {
    case IdbRequest::OPEN:
      operation.version = request.getOpen();
      break;
    case IdbRequest::BEGIN:
      operation.strict = request.getBegin().getStrictDurability();
      break;
    case IdbRequest::CREATE_STORE:
      operation.name = request.getCreateStore().getName();
      operation.key_path = request.getCreateStore().getKeyPath();
      operation.auto_increment = request.getCreateStore().getAutoIncrement();
      break;
    case IdbRequest::DELETE_STORE:
      operation.name = request.getDeleteStore();
      break;
    case IdbRequest::CREATE_INDEX:
    case IdbRequest::DELETE_INDEX: {
      auto index = request.isCreateIndex() ? request.getCreateIndex() : request.getDeleteIndex();
      operation.store = index.getStore();
      operation.name = index.getName();
      operation.key_path = index.getKeyPath();
      operation.unique = index.getUnique();
      operation.multi_entry = index.getMultiEntry();
      break;
    }
    case IdbRequest::PUT: {
      auto put = request.getPut();
      operation.store = put.getStore();
      operation.key = put.getKey();
      operation.overwrite = put.getOverwrite();
      ASSIGN_OR_RETURN(operation.value, message.ReadPayload(put.getValue()));
      for (auto index : put.getIndexKeys()) {
        std::vector<std::string> keys;
        for (auto key : index.getKeys())
          keys.emplace_back(key);
        operation.index_keys.emplace_back(index.getIndex(), std::move(keys));
      }
      break;
    }
    case IdbRequest::READ:
      read_range(request.getRead());
      break;
    case IdbRequest::DELETE:
      read_range(request.getDelete());
      break;
    case IdbRequest::CLEAR:
      operation.store = request.getClear();
      break;
    case IdbRequest::RENAME:
      operation.store = request.getRename().getStore();
      operation.index = request.getRename().getIndex();
      operation.name = request.getRename().getName();
      break;
    case IdbRequest::DELETE_DATABASE:
    case IdbRequest::LIST_DATABASES:
    case IdbRequest::COMMIT:
    case IdbRequest::ABORT:
      break;
  }
  return operation;
}

void IndexedDb::Reply(
    uint64_t request_id,
    const std::function<Status(ipc::OutgoingMessage&, schema::IdbResult::Builder)>& fill) {
  ipc::OutgoingMessage message;
  auto result = message.Init<schema::StorageToBrowser>().initIdbResult();
  if (Status filled = fill(message, result); !filled.ok())
    result.setError("UnknownError: " + filled.error().message());
  send_(message, request_id);
}

void IndexedDb::ReplyError(uint64_t request_id, const std::string& error) {
  Reply(request_id, [&](ipc::OutgoingMessage&, schema::IdbResult::Builder result) {
    result.setError(error);
    return OkStatus();
  });
}

void IndexedDb::OnRequest(IdbOperation operation) {
  std::string name = operation.origin;
  Origin& origin = origins_[name];
  // Requests that are transactions of their own, and begin, join the queue; the others
  // belong to a transaction in it.
  bool starts_one = operation.kind == IdbRequest::OPEN || operation.kind == IdbRequest::BEGIN ||
                    operation.kind == IdbRequest::DELETE_DATABASE ||
                    operation.kind == IdbRequest::LIST_DATABASES;
  if (starts_one) {
    Transaction transaction;
    transaction.page = operation.page;
    transaction.id = operation.transaction;
    transaction.strict = operation.strict;
    uint64_t request_id = operation.request_id;
    bool begin = operation.kind == IdbRequest::BEGIN;
    if (!begin)
      transaction.waiting.push_back(std::move(operation));
    origin.queue.push_back(std::move(transaction));
    if (begin)  // answered at once: the transaction's requests wait in it until it runs
      Reply(request_id,
            [](ipc::OutgoingMessage&, schema::IdbResult::Builder) { return OkStatus(); });
    return Pump(name);
  }
  auto it = std::find_if(origin.queue.begin(), origin.queue.end(), [&](const Transaction& t) {
    return t.page == operation.page && t.id == operation.transaction;
  });
  if (it == origin.queue.end()) {
    // A transaction this process does not know: it ended (aborted, or the process restarted
    // since it began).
    return ReplyError(operation.request_id, "TransactionInactiveError: the transaction has ended");
  }
  if (operation.kind == IdbRequest::ABORT && !it->started) {
    origin.queue.erase(it);  // never ran: nothing to roll back
    return Reply(operation.request_id,
                 [](ipc::OutgoingMessage&, schema::IdbResult::Builder) { return OkStatus(); });
  }
  it->waiting.push_back(std::move(operation));
  Pump(name);
}

void IndexedDb::Pump(const std::string& name) {
  Origin& origin = origins_[name];
  while (!origin.queue.empty()) {
    Transaction& transaction = origin.queue.front();
    if (!transaction.started) {
      auto db = open_(name);
      Status begun = db.ok() ? (*db)->Execute("BEGIN IMMEDIATE") : Status(db.error());
      if (!begun.ok()) {
        for (IdbOperation& waiting : transaction.waiting)
          ReplyError(waiting.request_id, "UnknownError: " + begun.error().message());
        origin.queue.pop_front();
        if (db.ok())
          failed_(*db);
        continue;
      }
      transaction.started = true;
      transaction.usage = usage_(name);
    }
    if (transaction.waiting.empty())
      return;  // it runs, and waits for the page's next request
    IdbOperation operation = std::move(transaction.waiting.front());
    transaction.waiting.pop_front();
    Run(name, operation);
  }
}

Status IndexedDb::Finish(const std::string& name, OriginDatabase& db, bool commit) {
  Origin& origin = origins_[name];
  Transaction transaction = std::move(origin.queue.front());
  origin.queue.pop_front();
  for (IdbOperation& late : transaction.waiting)
    ReplyError(late.request_id, "TransactionInactiveError: the transaction has ended");
  if (!commit)
    return db.Execute("ROLLBACK");
  Status committed = db.Execute("COMMIT");
  if (!committed.ok()) {
    (void)db.Execute("ROLLBACK");
    return committed;
  }
  // durability "strict": the log is synced to disk before the page hears "complete".
  if (transaction.strict)
    return db.Execute("PRAGMA wal_checkpoint(FULL)");
  return OkStatus();
}

void IndexedDb::Run(const std::string& name, IdbOperation& operation) {
  auto opened = open_(name);
  if (!opened.ok()) {
    ReplyError(operation.request_id, "UnknownError: " + opened.error().message());
    origins_[name].queue.pop_front();
    return;
  }
  OriginDatabase& db = **opened;
  uint64_t id = operation.request_id;
  // Whatever failed, the request's answer says so; damage also ends the transaction and the
  // database (set aside by the service).
  auto answer =
      [&](const Status& status,
          const std::function<Status(ipc::OutgoingMessage&, schema::IdbResult::Builder)>& fill) {
        if (!status.ok()) {
          ReplyError(id, status.error().message());
          if (db.damaged()) {
            (void)Finish(name, db, /*commit=*/false);
            failed_(&db);
          }
          return;
        }
        Reply(id, fill);
      };
  auto nothing = [](ipc::OutgoingMessage&, schema::IdbResult::Builder) { return OkStatus(); };
  switch (operation.kind) {
    case IdbRequest::OPEN: {
      auto result = idb::OpenDatabase(db, operation.database, operation.version);
      if (!result.ok()) {
        ReplyError(id, result.error().message());
        (void)Finish(name, db, /*commit=*/false);
        return;
      }
      Reply(id, [&](ipc::OutgoingMessage&, schema::IdbResult::Builder reply) {
        reply.setVersion(result->version);
        reply.setOldVersion(result->old_version);
        reply.setUpgrade(result->upgrade);
        reply.setSchema(result->schema);
        return OkStatus();
      });
      // Without an upgrade the open is over; with one, the page's upgradeneeded goes on in it.
      if (!result->upgrade)
        (void)Finish(name, db, /*commit=*/true);
      return;
    }
    case IdbRequest::DELETE_DATABASE: {
      auto old_version = idb::DeleteDatabase(db, operation.database);
      Status finished = Finish(name, db, old_version.ok());
      if (!old_version.ok() || !finished.ok())
        return ReplyError(id,
                          (old_version.ok() ? finished.error() : old_version.error()).message());
      return Reply(id, [&](ipc::OutgoingMessage&, schema::IdbResult::Builder reply) {
        reply.setOldVersion(*old_version);
        return OkStatus();
      });
    }
    case IdbRequest::LIST_DATABASES: {
      auto list = idb::ListDatabases(db);
      (void)Finish(name, db, /*commit=*/false);
      if (!list.ok())
        return ReplyError(id, list.error().message());
      return Reply(id, [&](ipc::OutgoingMessage& message, schema::IdbResult::Builder reply) {
        return message.SetPayload(reply.initRecords(), ipc::EncodeStringList(*list));
      });
    }
    case IdbRequest::COMMIT: {
      Status committed = Finish(name, db, /*commit=*/true);
      return committed.ok() ? Reply(id, nothing)
                            : ReplyError(id, "UnknownError: " + committed.error().message());
    }
    case IdbRequest::ABORT:
      (void)Finish(name, db, /*commit=*/false);
      return Reply(id, nothing);
    case IdbRequest::BEGIN:
      return;  // never waits in a transaction: it made it
    case IdbRequest::CREATE_STORE:
      return answer(idb::CreateStore(db, operation), nothing);
    case IdbRequest::DELETE_STORE:
      return answer(idb::DeleteStore(db, operation), nothing);
    case IdbRequest::CREATE_INDEX:
      return answer(idb::CreateIndex(db, operation), nothing);
    case IdbRequest::DELETE_INDEX:
      return answer(idb::DeleteIndex(db, operation), nothing);
    case IdbRequest::DELETE:
      return answer(idb::Delete(db, operation), nothing);
    case IdbRequest::CLEAR:
      return answer(idb::Clear(db, operation), nothing);
    case IdbRequest::RENAME:
      return answer(idb::Rename(db, operation), nothing);
    case IdbRequest::PUT: {
      Transaction& running = origins_[name].queue.front();
      uint64_t bytes = operation.value.size() + operation.key.size();
      if (running.usage + running.written + bytes > quota_bytes_) {
        return ReplyError(id, "QuotaExceededError: the origin would keep more than its " +
                                  std::to_string(quota_bytes_ >> 20) + " MiB");
      }
      running.written += bytes;
      auto key = idb::Put(db, operation);
      return answer(key.ok() ? OkStatus() : Status(key.error()),
                    [&](ipc::OutgoingMessage&, schema::IdbResult::Builder reply) {
                      reply.setKey(*key);
                      return OkStatus();
                    });
    }
    case IdbRequest::READ: {
      auto read = idb::Read(db, operation);
      return answer(read.ok() ? OkStatus() : Status(read.error()),
                    [&](ipc::OutgoingMessage& message, schema::IdbResult::Builder reply) {
                      reply.setCount(read->count);
                      if (read->records.empty())
                        return OkStatus();
                      return message.SetPayload(reply.initRecords(),
                                                ipc::EncodeStringList(read->records));
                    });
    }
  }
}

bool IndexedDb::Running(const std::string& name) const {
  auto origin = origins_.find(name);
  return origin != origins_.end() && !origin->second.queue.empty() &&
         origin->second.queue.front().started;
}

void IndexedDb::OnPageGone(uint64_t page) {
  for (auto& [name, origin] : origins_) {
    bool running =
        !origin.queue.empty() && origin.queue.front().started && origin.queue.front().page == page;
    if (running) {
      if (auto db = open_(name); db.ok())
        (void)Finish(name, **db, /*commit=*/false);
    }
    std::erase_if(origin.queue,
                  [&](const Transaction& transaction) { return transaction.page == page; });
    Pump(name);
  }
}

void IndexedDb::ForgetOrigin(const std::string& name) {
  auto origin = origins_.find(name);
  if (origin == origins_.end())
    return;
  if (!origin->second.queue.empty() && origin->second.queue.front().started) {
    if (auto db = open_(name); db.ok())
      (void)(*db)->Execute("ROLLBACK");
  }
  for (Transaction& transaction : origin->second.queue) {
    for (IdbOperation& waiting : transaction.waiting)
      ReplyError(waiting.request_id, "UnknownError: the site's data was cleared");
  }
  origins_.erase(origin);
}

}  // namespace nexus::storage
