// One origin's web storage on disk: <storage>/origins/<escaped origin>/<kind>.db, SQLite in
// WAL mode (spec "Storage Service Process"), one database per origin and kind of storage
// (localStorage, IndexedDB): clearing a site deletes its directory, navigator.storage.estimate()
// is the directory's size, a damaged file costs only its own origin's storage of one kind, and
// a long IndexedDB transaction never holds up localStorage.
//
// Durability: a write is answered only after its transaction committed. WAL with
// synchronous=NORMAL puts every commit in the write-ahead log before the answer, so it
// survives the death of any process (the kernel holds the written pages); a power cut may
// lose the last commits since the log's last fsync (at each checkpoint), as Chromium's
// default "relaxed" IndexedDB durability may.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace nexus::storage {

// A prepared statement, finalized on every path.
class SqlStatement {
 public:
  SqlStatement(sqlite3* db, const char* sql);
  ~SqlStatement() { sqlite3_finalize(handle_); }
  SqlStatement(const SqlStatement&) = delete;
  SqlStatement& operator=(const SqlStatement&) = delete;

  bool ok() const { return handle_ != nullptr; }
  SqlStatement& Bind(int index, std::string_view text);
  SqlStatement& Bind(int index, int64_t number);
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return handle_ ? sqlite3_step(handle_) : SQLITE_ERROR; }
  std::string TextAt(int column) const;
  int64_t NumberAt(int column) const { return sqlite3_column_int64(handle_, column); }
  sqlite3_stmt* handle() const { return handle_; }

 private:
  sqlite3_stmt* handle_ = nullptr;
};

// SQLite, made fit for the storage sandbox: run as root, SQLite gives each new log file the
// database's owner with fchown(), which the sandbox does not allow (and which changes nothing
// here: the process created both files). Call once before the first database opens.
void ConfigureSqliteForSandbox();

class OriginDatabase {
 public:
  // Opens (or creates) `origin`'s database `file` in its directory under `origins`, with the
  // tables `schema` creates. A file that is not a database, or fails SQLite's quick check, is
  // set aside as <file>.corrupt-<time> (public/sqlite_salvage.h), a new one takes its place
  // with every table the damaged one still gives whole, and `set_aside` says so.
  static Result<std::unique_ptr<OriginDatabase>> Open(const std::string& origins,
                                                      const std::string& origin,
                                                      const std::string& file,
                                                      const std::vector<const char*>& schema,
                                                      std::string* set_aside);
  // The directory an origin's data lives in: the origin percent-encoded, so no two origins
  // share one and none names a path outside `origins`.
  static std::string DirectoryName(const std::string& origin);
  // Deletes the origin's directory and its files; the bytes they took.
  static Result<uint64_t> Delete(const std::string& origins, const std::string& origin);
  // The bytes the origin's files take (navigator.storage.estimate()).
  static uint64_t Usage(const std::string& origins, const std::string& origin);
  ~OriginDatabase();

  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }
  const std::string& origin() const { return origin_; }
  Status Execute(const char* sql);
  // An error naming what failed; damage (SQLITE_CORRUPT, SQLITE_NOTADB) is marked so the
  // service sets the file aside.
  Error Failed(const std::string& what);
  bool damaged() const { return damaged_; }

  // The localStorage area's size in UTF-16 code units, counted once and kept up to date by
  // local_storage.cc.
  std::optional<size_t>& area_units() { return area_units_; }

 private:
  OriginDatabase(sqlite3* db, std::string path, std::string origin)
      : db_(db), path_(std::move(path)), origin_(std::move(origin)) {}

  sqlite3* db_;
  std::string path_;
  std::string origin_;
  bool damaged_ = false;
  std::optional<size_t> area_units_;
};

}  // namespace nexus::storage
