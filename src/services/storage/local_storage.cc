#include "services/storage/local_storage.h"

namespace nexus::storage {
namespace {

Result<size_t> AreaUnits(OriginDatabase& database) {
  if (!database.area_units()) {
    SqlStatement sum(database.handle(), "SELECT TOTAL(units) FROM local_storage");
    if (sum.Step() != SQLITE_ROW)
      return database.Failed("size of localStorage");
    database.area_units() = static_cast<size_t>(sum.NumberAt(0));
  }
  return *database.area_units();
}

// The value stored under `key`, if any.
Result<std::optional<std::string>> ValueOf(OriginDatabase& database, const std::string& key) {
  SqlStatement select(database.handle(), "SELECT value FROM local_storage WHERE key = ?");
  select.Bind(1, key);
  int rc = select.Step();
  if (rc == SQLITE_ROW)
    return std::optional<std::string>(select.TextAt(0));
  if (rc != SQLITE_DONE)
    return database.Failed("read localStorage");
  return std::optional<std::string>();
}

}  // namespace

const std::vector<const char*>& LocalStorageSchema() {
  static const std::vector<const char*> schema = {
      "CREATE TABLE IF NOT EXISTS local_storage (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
      "units INTEGER NOT NULL) WITHOUT ROWID"};
  return schema;
}

Result<ipc::StringPairs> ReadLocalStorage(OriginDatabase& database) {
  ipc::StringPairs entries;
  SqlStatement select(database.handle(), "SELECT key, value FROM local_storage ORDER BY key");
  int rc;
  while ((rc = select.Step()) == SQLITE_ROW)
    entries.emplace_back(select.TextAt(0), select.TextAt(1));
  if (rc != SQLITE_DONE)
    return database.Failed("read localStorage");
  return entries;
}

Result<AreaChange> WriteLocalStorage(OriginDatabase& database,
                                     schema::AreaOperation operation,
                                     const std::string& key,
                                     const std::string& value) {
  ASSIGN_OR_RETURN(size_t units, AreaUnits(database));
  if (operation == schema::AreaOperation::CLEAR) {
    if (units == 0)
      return AreaChange{};
    TRY_STATUS(database.Execute("DELETE FROM local_storage"));
    database.area_units() = 0;
    return AreaChange{true, std::nullopt};
  }
  ASSIGN_OR_RETURN(std::optional<std::string> old_value, ValueOf(database, key));
  size_t old_units = old_value ? Utf16Length(key) + Utf16Length(*old_value) : 0;
  if (operation == schema::AreaOperation::REMOVE) {
    if (!old_value)
      return AreaChange{};
    SqlStatement remove(database.handle(), "DELETE FROM local_storage WHERE key = ?");
    if (remove.Bind(1, key).Step() != SQLITE_DONE)
      return database.Failed("remove from localStorage");
    database.area_units() = units - old_units;
    return AreaChange{true, std::move(old_value)};
  }
  if (old_value == value)
    return AreaChange{};
  size_t new_units = Utf16Length(key) + Utf16Length(value);
  size_t total = units - old_units + new_units;
  if (total > kStorageAreaQuotaUnits && total > units)
    return QuotaExceeded(total);
  SqlStatement put(database.handle(),
                   "INSERT OR REPLACE INTO local_storage(key, value, units) VALUES(?, ?, ?)");
  if (put.Bind(1, key).Bind(2, value).Bind(3, static_cast<int64_t>(new_units)).Step() !=
      SQLITE_DONE)
    return database.Failed("write localStorage");
  database.area_units() = total;
  return AreaChange{true, std::move(old_value)};
}

}  // namespace nexus::storage
