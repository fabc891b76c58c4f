#include "services/storage/origin_database.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "services/storage/public/sqlite_salvage.h"

namespace nexus::storage {
namespace {

bool IsDamage(int code) {
  code &= 0xff;  // the primary code of an extended one
  return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
}

uint64_t FileBytes(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 ? static_cast<uint64_t>(info.st_size) : 0;
}

// Opens the file and checks it whole; an error says why it cannot be used, and `damaged`
// whether the file itself is the cause (not, say, a full disk).
Result<sqlite3*> OpenChecked(const std::string& path, bool& damaged) {
  damaged = false;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  auto fail = [&](const std::string& what) -> Error {
    damaged = IsDamage(rc);
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error(what + " " + path + ": " + message);
  };
  if (rc != SQLITE_OK)
    return fail("open");
  sqlite3_busy_timeout(db, 2000);
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"}) {
    if ((rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr)) != SQLITE_OK)
      return fail("set up");
  }
  sqlite3_stmt* check = nullptr;
  rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &check, nullptr);
  if (rc != SQLITE_OK)
    return fail("check");
  rc = sqlite3_step(check);
  std::string verdict = rc == SQLITE_ROW && sqlite3_column_text(check, 0)
                            ? reinterpret_cast<const char*>(sqlite3_column_text(check, 0))
                            : "";
  sqlite3_finalize(check);
  if (rc != SQLITE_ROW)
    return fail("check");
  if (verdict != "ok") {
    sqlite3_close(db);
    damaged = true;
    return Error("check " + path + ": " + verdict.substr(0, 200));
  }
  return db;
}

}  // namespace

void ConfigureSqliteForSandbox() {
  sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
  if (!vfs || !vfs->xSetSystemCall)
    return;
  auto keep_owner = +[](int, uid_t, gid_t) { return 0; };
  vfs->xSetSystemCall(vfs, "fchown", reinterpret_cast<sqlite3_syscall_ptr>(keep_owner));
}

SqlStatement::SqlStatement(sqlite3* db, const char* sql) {
  if (sqlite3_prepare_v2(db, sql, -1, &handle_, nullptr) != SQLITE_OK)
    handle_ = nullptr;
}

SqlStatement& SqlStatement::Bind(int index, std::string_view text) {
  if (handle_)
    sqlite3_bind_text(handle_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

SqlStatement& SqlStatement::Bind(int index, int64_t number) {
  if (handle_)
    sqlite3_bind_int64(handle_, index, number);
  return *this;
}

std::string SqlStatement::TextAt(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(handle_, column));
  return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(handle_, column)))
              : std::string();
}

std::string OriginDatabase::DirectoryName(const std::string& origin) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string name;
  for (unsigned char c : origin) {
    // A leading '.' is escaped too: no name is "." or "..".
    if (isalnum(c) || (c == '.' && !name.empty()) || c == '-' || c == '_') {
      name.push_back(static_cast<char>(c));
    } else {
      name.push_back('%');
      name.push_back(kHex[c >> 4]);
      name.push_back(kHex[c & 15]);
    }
  }
  return name;
}

Result<std::unique_ptr<OriginDatabase>> OriginDatabase::Open(const std::string& origins,
                                                             const std::string& origin,
                                                             const std::string& file,
                                                             const std::vector<const char*>& schema,
                                                             std::string* set_aside) {
  std::string directory = origins + "/" + DirectoryName(origin);
  for (const std::string& made : {origins, directory}) {
    if (mkdir(made.c_str(), 0700) != 0 && errno != EEXIST)
      return ErrnoError("make " + made);
  }
  std::string path = directory + "/" + file;
  bool damaged = false;
  auto db = OpenChecked(path, damaged);
  std::string damage = db.ok() ? "" : db.error().message();
  std::string aside;
  if (!db.ok() && damaged) {
    ASSIGN_OR_RETURN(aside, SetAsideDamaged(path));
    db = OpenChecked(path, damaged);
  }
  if (!db.ok())
    return db.error();
  std::unique_ptr<OriginDatabase> database(new OriginDatabase(*db, path, origin));
  for (const char* sql : schema)
    TRY_STATUS(database->Execute(sql));
  if (!aside.empty()) {
    Salvaged salvaged = SalvageTables(database->handle(), aside);
    if (set_aside)
      *set_aside = damage + "; set aside as " + aside + "; " + salvaged.Describe();
  }
  return database;
}

Result<uint64_t> OriginDatabase::Delete(const std::string& origins, const std::string& origin) {
  std::string directory = origins + "/" + DirectoryName(origin);
  uint64_t bytes = Usage(origins, origin);
  std::error_code error;
  std::filesystem::remove_all(directory, error);
  if (error)
    return Error("delete " + directory + ": " + error.message());
  return bytes;
}

uint64_t OriginDatabase::Usage(const std::string& origins, const std::string& origin) {
  std::error_code error;
  uint64_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           origins + "/" + DirectoryName(origin), error)) {
    if (entry.is_regular_file(error))
      bytes += FileBytes(entry.path());
  }
  return bytes;
}

OriginDatabase::~OriginDatabase() {
  sqlite3_close(db_);
}

Status OriginDatabase::Execute(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    return Failed(std::string("'") + sql + "'");
  return OkStatus();
}

Error OriginDatabase::Failed(const std::string& what) {
  int code = sqlite3_extended_errcode(db_);
  damaged_ = damaged_ || IsDamage(code);
  return Error(what + " in the storage of " + origin_ + ": " + sqlite3_errmsg(db_));
}

}  // namespace nexus::storage
