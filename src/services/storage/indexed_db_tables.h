// IndexedDB's tables in an origin's indexed_db.db: databases, object stores, indexes, records
// and index records, read and written for one request at a time (indexed_db.h runs them in
// transactions). Errors name the DOMException a page gets ("ConstraintError: ...").
#pragma once

#include <string>
#include <vector>

#include "services/storage/indexed_db.h"

namespace nexus::storage::idb {

struct Opened {
  uint64_t version = 0;
  uint64_t old_version = 0;
  bool upgrade = false;
  std::string schema;  // JSON: {"stores": [{name, keyPath, autoIncrement, indexes: [...]}]}
};
// Reads the database's version (0 for a new one); a higher `version` sets it (an upgrade).
Result<Opened> OpenDatabase(OriginDatabase& db, const std::string& name, uint64_t version);
// Deletes it and everything in it; the version it had (0: there was none).
Result<uint64_t> DeleteDatabase(OriginDatabase& db, const std::string& name);
// Names and versions, one after another.
Result<std::vector<std::string>> ListDatabases(OriginDatabase& db);

Status CreateStore(OriginDatabase& db, const IdbOperation& operation);
Status DeleteStore(OriginDatabase& db, const IdbOperation& operation);
Status CreateIndex(OriginDatabase& db, const IdbOperation& operation);
Status DeleteIndex(OriginDatabase& db, const IdbOperation& operation);
// The store (or, with an index name, the index) gets `operation.name`.
Status Rename(OriginDatabase& db, const IdbOperation& operation);

// add / put with its index keys; the record's key.
Result<std::string> Put(OriginDatabase& db, const IdbOperation& operation);

struct ReadResult {
  uint64_t count = 0;
  std::vector<std::string> records;  // key, primary key[, value], ...
};
Result<ReadResult> Read(OriginDatabase& db, const IdbOperation& operation);
Status Delete(OriginDatabase& db, const IdbOperation& operation);
Status Clear(OriginDatabase& db, const IdbOperation& operation);

}  // namespace nexus::storage::idb
