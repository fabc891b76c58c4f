#include "services/storage/indexed_db_tables.h"

#include <cmath>
#include <set>
#include <variant>

#include <nlohmann/json.hpp>

namespace nexus::storage::idb {
namespace {

constexpr double kMaxGeneratedKey = 9007199254740992.0;  // 2^53: generators stop there

struct StoreRow {
  int64_t id = 0;
  bool auto_increment = false;
  double next_key = 1;
};

Result<int64_t> DatabaseId(OriginDatabase& db, const std::string& name) {
  SqlStatement select(db.handle(), "SELECT id FROM databases WHERE name = ?");
  int rc = select.Bind(1, name).Step();
  if (rc == SQLITE_ROW)
    return select.NumberAt(0);
  if (rc != SQLITE_DONE)
    return db.Failed("find database " + name);
  return Error("NotFoundError: there is no database named " + name);
}

Result<StoreRow> FindStore(OriginDatabase& db,
                           const std::string& database,
                           const std::string& store) {
  ASSIGN_OR_RETURN(int64_t database_id, DatabaseId(db, database));
  SqlStatement select(
      db.handle(),
      "SELECT id, auto_increment, next_key FROM stores WHERE database = ? AND name = ?");
  int rc = select.Bind(1, database_id).Bind(2, store).Step();
  if (rc == SQLITE_ROW)
    return StoreRow{select.NumberAt(0), select.NumberAt(1) != 0,
                    sqlite3_column_double(select.handle(), 2)};
  if (rc != SQLITE_DONE)
    return db.Failed("find object store " + store);
  return Error("NotFoundError: no object store named " + store);
}

Result<int64_t> FindIndex(OriginDatabase& db, int64_t store_id, const std::string& name) {
  SqlStatement select(db.handle(), "SELECT id FROM indexes WHERE store = ? AND name = ?");
  int rc = select.Bind(1, store_id).Bind(2, name).Step();
  if (rc == SQLITE_ROW)
    return select.NumberAt(0);
  if (rc != SQLITE_DONE)
    return db.Failed("find index " + name);
  return Error("NotFoundError: no index named " + name);
}

// Runs a statement to its end.
Status Run(OriginDatabase& db, SqlStatement& statement, const std::string& what) {
  return statement.Step() == SQLITE_DONE ? OkStatus() : Status(db.Failed(what));
}

// A statement assembled from pieces, with its text parameters in order.
struct Query {
  std::string sql;
  std::vector<std::variant<int64_t, std::string>> binds;
  Query& Add(const std::string& text) {
    sql += text;
    return *this;
  }
  Query& Bind(std::variant<int64_t, std::string> value) {
    binds.push_back(std::move(value));
    return *this;
  }
  void BindAll(SqlStatement& statement) const {
    int i = 1;
    for (const auto& value : binds) {
      if (const auto* number = std::get_if<int64_t>(&value))
        statement.Bind(i++, *number);
      else
        statement.Bind(i++, std::get<std::string>(value));
    }
  }
};

// `column` within the request's range.
void AddRange(Query& query, const IdbOperation& operation, const std::string& column) {
  if (!operation.lower.empty())
    query.Add(" AND " + column + (operation.lower_open ? " > ?" : " >= ?")).Bind(operation.lower);
  if (!operation.upper.empty())
    query.Add(" AND " + column + (operation.upper_open ? " < ?" : " <= ?")).Bind(operation.upper);
}

std::string SchemaJson(OriginDatabase& db, int64_t database_id) {
  nlohmann::json stores = nlohmann::json::array();
  SqlStatement select(db.handle(),
                      "SELECT id, name, key_path, auto_increment FROM stores WHERE database = ? "
                      "ORDER BY name");
  select.Bind(1, database_id);
  while (select.Step() == SQLITE_ROW) {
    nlohmann::json indexes = nlohmann::json::array();
    SqlStatement index(db.handle(),
                       "SELECT name, key_path, is_unique, multi_entry FROM indexes WHERE store = ? "
                       "ORDER BY name");
    index.Bind(1, select.NumberAt(0));
    while (index.Step() == SQLITE_ROW)
      indexes.push_back({{"name", index.TextAt(0)},
                         {"keyPath", index.TextAt(1)},
                         {"unique", index.NumberAt(2) != 0},
                         {"multiEntry", index.NumberAt(3) != 0}});
    stores.push_back({{"name", select.TextAt(1)},
                      {"keyPath", select.TextAt(2)},
                      {"autoIncrement", select.NumberAt(3) != 0},
                      {"indexes", indexes}});
  }
  return nlohmann::json{{"stores", stores}}.dump();
}

}  // namespace

Result<Opened> OpenDatabase(OriginDatabase& db, const std::string& name, uint64_t version) {
  SqlStatement select(db.handle(), "SELECT id, version FROM databases WHERE name = ?");
  int rc = select.Bind(1, name).Step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db.Failed("open database " + name);
  bool exists = rc == SQLITE_ROW;
  Opened opened;
  opened.old_version = exists ? static_cast<uint64_t>(select.NumberAt(1)) : 0;
  int64_t id = exists ? select.NumberAt(0) : 0;
  opened.version = version ? version : std::max<uint64_t>(opened.old_version, 1);
  if (opened.version < opened.old_version)
    return Error("VersionError: the requested version (" + std::to_string(opened.version) +
                 ") is less than the existing version (" + std::to_string(opened.old_version) +
                 ")");
  opened.upgrade = opened.version > opened.old_version;
  if (opened.upgrade) {
    SqlStatement write(db.handle(), exists ? "UPDATE databases SET version = ? WHERE name = ?"
                                           : "INSERT INTO databases(version, name) VALUES(?, ?)");
    write.Bind(1, static_cast<int64_t>(opened.version)).Bind(2, name);
    TRY_STATUS(Run(db, write, "set the version of " + name));
    if (!exists)
      id = sqlite3_last_insert_rowid(db.handle());
  }
  opened.schema = SchemaJson(db, id);
  return opened;
}

Result<uint64_t> DeleteDatabase(OriginDatabase& db, const std::string& name) {
  auto id = DatabaseId(db, name);
  if (!id.ok())
    return uint64_t{0};  // deleting what is not there succeeds, with version 0
  SqlStatement version(db.handle(), "SELECT version FROM databases WHERE id = ?");
  uint64_t old_version =
      version.Bind(1, *id).Step() == SQLITE_ROW ? static_cast<uint64_t>(version.NumberAt(0)) : 0;
  for (const char* sql :
       {"DELETE FROM index_records WHERE index_id IN (SELECT i.id FROM indexes i JOIN stores s "
        "ON i.store = s.id WHERE s.database = ?1)",
        "DELETE FROM records WHERE store IN (SELECT id FROM stores WHERE database = ?1)",
        "DELETE FROM indexes WHERE store IN (SELECT id FROM stores WHERE database = ?1)",
        "DELETE FROM stores WHERE database = ?1", "DELETE FROM databases WHERE id = ?1"}) {
    SqlStatement statement(db.handle(), sql);
    statement.Bind(1, *id);
    TRY_STATUS(Run(db, statement, "delete database " + name));
  }
  return old_version;
}

Result<std::vector<std::string>> ListDatabases(OriginDatabase& db) {
  std::vector<std::string> list;
  SqlStatement select(db.handle(), "SELECT name, version FROM databases ORDER BY name");
  int rc;
  while ((rc = select.Step()) == SQLITE_ROW) {
    list.push_back(select.TextAt(0));
    list.push_back(std::to_string(select.NumberAt(1)));
  }
  if (rc != SQLITE_DONE)
    return db.Failed("list databases");
  return list;
}

Status CreateStore(OriginDatabase& db, const IdbOperation& operation) {
  ASSIGN_OR_RETURN(int64_t database_id, DatabaseId(db, operation.database));
  if (FindStore(db, operation.database, operation.name).ok())
    return Error("ConstraintError: an object store named " + operation.name + " exists");
  SqlStatement insert(db.handle(),
                      "INSERT INTO stores(database, name, key_path, auto_increment, next_key) "
                      "VALUES(?, ?, ?, ?, 1)");
  insert.Bind(1, database_id)
      .Bind(2, operation.name)
      .Bind(3, operation.key_path)
      .Bind(4, int64_t{operation.auto_increment});
  return Run(db, insert, "create object store " + operation.name);
}

Status DeleteStore(OriginDatabase& db, const IdbOperation& operation) {
  ASSIGN_OR_RETURN(StoreRow store, FindStore(db, operation.database, operation.name));
  for (const char* sql :
       {"DELETE FROM index_records WHERE index_id IN (SELECT id FROM indexes "
        "WHERE store = ?1)",
        "DELETE FROM records WHERE store = ?1", "DELETE FROM indexes WHERE store = ?1",
        "DELETE FROM stores WHERE id = ?1"}) {
    SqlStatement statement(db.handle(), sql);
    statement.Bind(1, store.id);
    TRY_STATUS(Run(db, statement, "delete object store " + operation.name));
  }
  return OkStatus();
}

Status CreateIndex(OriginDatabase& db, const IdbOperation& operation) {
  ASSIGN_OR_RETURN(StoreRow store, FindStore(db, operation.database, operation.store));
  if (FindIndex(db, store.id, operation.name).ok())
    return Error("ConstraintError: an index named " + operation.name + " exists");
  SqlStatement insert(db.handle(),
                      "INSERT INTO indexes(store, name, key_path, is_unique, multi_entry) "
                      "VALUES(?, ?, ?, ?, ?)");
  insert.Bind(1, store.id)
      .Bind(2, operation.name)
      .Bind(3, operation.key_path)
      .Bind(4, int64_t{operation.unique})
      .Bind(5, int64_t{operation.multi_entry});
  return Run(db, insert, "create index " + operation.name);
}

Status DeleteIndex(OriginDatabase& db, const IdbOperation& operation) {
  ASSIGN_OR_RETURN(StoreRow store, FindStore(db, operation.database, operation.store));
  ASSIGN_OR_RETURN(int64_t index, FindIndex(db, store.id, operation.name));
  for (const char* sql :
       {"DELETE FROM index_records WHERE index_id = ?1", "DELETE FROM indexes WHERE id = ?1"}) {
    SqlStatement statement(db.handle(), sql);
    statement.Bind(1, index);
    TRY_STATUS(Run(db, statement, "delete index " + operation.name));
  }
  return OkStatus();
}

Status Rename(OriginDatabase& db, const IdbOperation& operation) {
  ASSIGN_OR_RETURN(StoreRow store, FindStore(db, operation.database, operation.store));
  if (operation.index.empty()) {
    if (FindStore(db, operation.database, operation.name).ok())
      return Error("ConstraintError: an object store named " + operation.name + " exists");
    SqlStatement rename(db.handle(), "UPDATE stores SET name = ? WHERE id = ?");
    rename.Bind(1, operation.name).Bind(2, store.id);
    return Run(db, rename, "rename object store " + operation.store);
  }
  ASSIGN_OR_RETURN(int64_t index, FindIndex(db, store.id, operation.index));
  if (FindIndex(db, store.id, operation.name).ok())
    return Error("ConstraintError: an index named " + operation.name + " exists");
  SqlStatement rename(db.handle(), "UPDATE indexes SET name = ? WHERE id = ?");
  rename.Bind(1, operation.name).Bind(2, index);
  return Run(db, rename, "rename index " + operation.index);
}

namespace {

// The record and its index entries, inside the caller's savepoint.
Status WriteRecord(OriginDatabase& db,
                   const IdbOperation& operation,
                   const StoreRow& store,
                   const std::string& key) {
  SqlStatement put(db.handle(),
                   "INSERT OR REPLACE INTO records(store, key, value) VALUES(?, ?, ?)");
  put.Bind(1, store.id).Bind(2, key).Bind(3, operation.value);
  TRY_STATUS(Run(db, put, "write a record"));
  SqlStatement unindex(db.handle(),
                       "DELETE FROM index_records WHERE primary_key = ? AND index_id IN "
                       "(SELECT id FROM indexes WHERE store = ?)");
  unindex.Bind(1, key).Bind(2, store.id);
  TRY_STATUS(Run(db, unindex, "update the indexes"));
  for (const auto& [name, keys] : operation.index_keys) {
    ASSIGN_OR_RETURN(int64_t index, FindIndex(db, store.id, name));
    SqlStatement unique(db.handle(), "SELECT is_unique FROM indexes WHERE id = ?");
    bool is_unique = unique.Bind(1, index).Step() == SQLITE_ROW && unique.NumberAt(0) != 0;
    for (const std::string& index_key : std::set<std::string>(keys.begin(), keys.end())) {
      if (is_unique) {
        SqlStatement taken(db.handle(),
                           "SELECT 1 FROM index_records WHERE index_id = ? AND key = ? AND "
                           "primary_key != ?");
        if (taken.Bind(1, index).Bind(2, index_key).Bind(3, key).Step() == SQLITE_ROW)
          return Error("ConstraintError: the unique index " + name + " already has that key");
      }
      SqlStatement insert(db.handle(),
                          "INSERT OR IGNORE INTO index_records(index_id, key, primary_key) "
                          "VALUES(?, ?, ?)");
      insert.Bind(1, index).Bind(2, index_key).Bind(3, key);
      TRY_STATUS(Run(db, insert, "index a record"));
    }
  }
  return OkStatus();
}

}  // namespace

Result<std::string> Put(OriginDatabase& db, const IdbOperation& operation) {
  ASSIGN_OR_RETURN(StoreRow store, FindStore(db, operation.database, operation.store));
  std::string key = operation.key;
  double next_key = store.next_key;
  if (key.empty()) {
    if (!store.auto_increment)
      return Error("DataError: the object store has no key generator and no key was given");
    if (store.next_key > kMaxGeneratedKey)
      return Error("ConstraintError: the object store's key generator is exhausted");
    key = EncodeNumberKey(store.next_key);
    next_key = store.next_key + 1;
  } else if (auto number = DecodeNumberKey(key);
             store.auto_increment && number && *number >= store.next_key) {
    next_key = std::min(std::floor(*number) + 1, kMaxGeneratedKey + 1);
  }
  if (!operation.overwrite) {
    SqlStatement exists(db.handle(), "SELECT 1 FROM records WHERE store = ? AND key = ?");
    if (exists.Bind(1, store.id).Bind(2, key).Step() == SQLITE_ROW)
      return Error("ConstraintError: a record with that key exists in the object store");
  }
  TRY_STATUS(db.Execute("SAVEPOINT put"));
  Status written = WriteRecord(db, operation, store, key);
  if (written.ok() && next_key != store.next_key) {
    SqlStatement update(db.handle(), "UPDATE stores SET next_key = ? WHERE id = ?");
    sqlite3_bind_double(update.handle(), 1, next_key);
    update.Bind(2, store.id);
    written = Run(db, update, "advance the key generator");
  }
  if (!written.ok()) {
    (void)db.Execute("ROLLBACK TO put");
    (void)db.Execute("RELEASE put");
    return written.error();
  }
  TRY_STATUS(db.Execute("RELEASE put"));
  return key;
}

Result<ReadResult> Read(OriginDatabase& db, const IdbOperation& operation) {
  ASSIGN_OR_RETURN(StoreRow store, FindStore(db, operation.database, operation.store));
  bool on_index = !operation.index.empty();
  int64_t index = 0;
  if (on_index) {
    auto found = FindIndex(db, store.id, operation.index);
    if (!found.ok())
      return found.error();
    index = *found;
  }
  std::string key = on_index ? "ir.key" : "key";
  std::string primary = on_index ? "ir.primary_key" : "key";
  bool reverse = operation.reverse;
  Query where;
  if (on_index)
    where.Add(" WHERE ir.index_id = ?").Bind(index);
  else
    where.Add(" WHERE store = ?").Bind(store.id);
  AddRange(where, operation, key);
  if (!operation.after_key.empty()) {
    std::string beyond = reverse ? " < ?" : " > ?";
    if (on_index && !operation.unique_cursor) {
      std::string at_or_beyond = operation.after_inclusive ? beyond.substr(0, 2) + "= ?" : beyond;
      where
          .Add(" AND (" + key + beyond + " OR (" + key + " = ? AND " + primary + at_or_beyond +
               "))")
          .Bind(operation.after_key)
          .Bind(operation.after_key)
          .Bind(operation.after_primary_key);
    } else {
      where.Add(" AND " + key + beyond).Bind(operation.after_key);
    }
  }
  std::string from = on_index ? " FROM index_records ir" : " FROM records";
  ReadResult result;
  if (operation.read_kind == schema::IdbReadKind::COUNT) {
    Query count;
    count.Add("SELECT COUNT(*)" + from + where.sql).binds = where.binds;
    SqlStatement statement(db.handle(), count.sql.c_str());
    count.BindAll(statement);
    if (statement.Step() != SQLITE_ROW)
      return db.Failed("count records");
    result.count = static_cast<uint64_t>(statement.NumberAt(0));
    return result;
  }
  bool values = operation.read_kind == schema::IdbReadKind::RECORDS;
  std::string order = reverse ? " DESC" : "";
  std::string limit = operation.limit ? " LIMIT " + std::to_string(operation.limit) : "";
  Query query;
  if (on_index && operation.unique_cursor) {
    // One record per index key: the one with the lowest primary key, in either direction.
    query.Add("SELECT g.key, g.pk" + std::string(values ? ", r.value" : "") +
              " FROM (SELECT ir.key AS key, MIN(ir.primary_key) AS pk" + from + where.sql +
              " GROUP BY ir.key ORDER BY ir.key" + order + limit + ") g" +
              (values ? " JOIN records r ON r.store = ? AND r.key = g.pk" : "") +
              " ORDER BY g.key" + order);
    query.binds = where.binds;
    if (values)
      query.Bind(store.id);
  } else if (on_index) {
    query.Add("SELECT ir.key, ir.primary_key" + std::string(values ? ", r.value" : "") + from +
              (values ? " JOIN records r ON r.store = ? AND r.key = ir.primary_key" : "") +
              where.sql + " ORDER BY ir.key" + order + ", ir.primary_key" + order + limit);
    if (values)
      query.Bind(store.id);
    query.binds.insert(query.binds.end(), where.binds.begin(), where.binds.end());
  } else {
    query.Add("SELECT key, key" + std::string(values ? ", value" : "") + from + where.sql +
              " ORDER BY key" + order + limit);
    query.binds = where.binds;
  }
  SqlStatement statement(db.handle(), query.sql.c_str());
  if (!statement.ok())
    return db.Failed("prepare a read");
  query.BindAll(statement);
  int rc;
  while ((rc = statement.Step()) == SQLITE_ROW) {
    for (int column = 0; column < (values ? 3 : 2); ++column)
      result.records.push_back(statement.TextAt(column));
    ++result.count;
  }
  if (rc != SQLITE_DONE)
    return db.Failed("read records");
  return result;
}

Status Delete(OriginDatabase& db, const IdbOperation& operation) {
  ASSIGN_OR_RETURN(StoreRow store, FindStore(db, operation.database, operation.store));
  Query range;
  AddRange(range, operation, "key");
  Query unindex;
  unindex
      .Add(
          "DELETE FROM index_records WHERE index_id IN (SELECT id FROM indexes WHERE store = "
          "?) AND primary_key IN (SELECT key FROM records WHERE store = ?" +
          range.sql + ")")
      .Bind(store.id)
      .Bind(store.id);
  unindex.binds.insert(unindex.binds.end(), range.binds.begin(), range.binds.end());
  Query remove;
  remove.Add("DELETE FROM records WHERE store = ?" + range.sql).Bind(store.id);
  remove.binds.insert(remove.binds.end(), range.binds.begin(), range.binds.end());
  for (const Query* query : {&unindex, &remove}) {
    SqlStatement statement(db.handle(), query->sql.c_str());
    query->BindAll(statement);
    TRY_STATUS(Run(db, statement, "delete records"));
  }
  return OkStatus();
}

Status Clear(OriginDatabase& db, const IdbOperation& operation) {
  IdbOperation everything = operation;
  everything.lower.clear();
  everything.upper.clear();
  return Delete(db, everything);
}

}  // namespace nexus::storage::idb
