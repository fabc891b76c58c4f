#include "services/browser/profile_database.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

#include "base/logging.h"
#include "base/time.h"
#include "services/storage/public/sqlite_salvage.h"

namespace nexus::browser {
namespace {

// Finalizes a prepared statement on every path.
struct Statement {
  sqlite3_stmt* handle = nullptr;
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { Reset(); }
  // Done with it (before writing to the table it read).
  void Reset() {
    sqlite3_finalize(handle);
    handle = nullptr;
  }
};

// A text column; "" for NULL (a row written by another version, or damaged), never a null
// pointer turned into a string.
std::string TextAt(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(statement, column)))
              : std::string();
}

bool HasControlOrSemicolon(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) {
    return (c < 0x20 && c != '\t') || c == 0x7f || c == ';';
  });
}

}  // namespace

std::string CookieDamage(const network::Cookie& cookie) {
  if (cookie.name.empty() && cookie.value.empty())
    return "no name and no value";
  if (cookie.name.size() + cookie.value.size() > 4096)
    return "name and value over 4096 bytes";
  if (HasControlOrSemicolon(cookie.name) || HasControlOrSemicolon(cookie.value))
    return "a control character or ';' in its name or value";
  bool host_characters =
      !cookie.domain.empty() && cookie.domain.size() <= 255 &&
      std::all_of(cookie.domain.begin(), cookie.domain.end(), [](unsigned char c) {
        return std::islower(c) || std::isdigit(c) || c == '.' || c == '-' || c == '_' || c == ':' ||
               c == '[' || c == ']';
      });
  if (!host_characters)
    return "domain '" + cookie.domain.substr(0, 64) + "' is no host";
  if (cookie.path.empty() || cookie.path[0] != '/' || HasControlOrSemicolon(cookie.path))
    return "path '" + cookie.path.substr(0, 64) + "'";
  return "";
}

Result<std::unique_ptr<ProfileDatabase>> ProfileDatabase::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error("open database " + path + ": " + message);
  }
  std::unique_ptr<ProfileDatabase> database(new ProfileDatabase(db));
  sqlite3_busy_timeout(db, 2000);
  for (const char* sql : {
           "PRAGMA journal_mode=WAL",
           "PRAGMA synchronous=NORMAL",
           "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
           "CREATE TABLE IF NOT EXISTS session (position INTEGER PRIMARY KEY, entries TEXT NOT "
           "NULL, current INTEGER NOT NULL, form TEXT NOT NULL DEFAULT '{}')",
           "CREATE TABLE IF NOT EXISTS crash_history (type TEXT NOT NULL, time_ms INTEGER NOT "
           "NULL)",
           "CREATE INDEX IF NOT EXISTS crash_history_time ON crash_history(time_ms)",
           "CREATE TABLE IF NOT EXISTS cookies (name TEXT NOT NULL, domain TEXT NOT NULL, "
           "path TEXT NOT NULL, value TEXT NOT NULL, host_only INTEGER NOT NULL, secure "
           "INTEGER NOT NULL, http_only INTEGER NOT NULL, expiry_ms INTEGER NOT NULL, "
           "creation_ms INTEGER NOT NULL, last_access_ms INTEGER NOT NULL, same_site INTEGER "
           "NOT NULL, PRIMARY KEY (name, domain, path))",
           "CREATE TABLE IF NOT EXISTS page_vectors (url TEXT PRIMARY KEY, title TEXT NOT NULL, "
           "model TEXT NOT NULL, vector BLOB NOT NULL, visited_ms INTEGER NOT NULL)",
           "CREATE INDEX IF NOT EXISTS page_vectors_visited ON page_vectors(visited_ms)",
           "CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY, url TEXT NOT NULL, "
           "title TEXT NOT NULL, time_ms INTEGER NOT NULL)",
           "CREATE TABLE IF NOT EXISTS bookmarks (url TEXT PRIMARY KEY, title TEXT NOT NULL, "
           "added_ms INTEGER NOT NULL)",
       }) {
    auto status = database->Execute(sql);
    if (!status.ok())
      return status.error().Context("database " + path);
  }
  // A profile from before typed form text was saved: its session table gains the column.
  (void)database->Execute("ALTER TABLE session ADD COLUMN form TEXT NOT NULL DEFAULT '{}'");
  return database;
}

namespace {

// What is wrong with the database at `path` ("" when SQLite's quick check passes): only damage
// is recovered from, never a missing permission or a full disk.
std::string DamageOf(const std::string& path) {
  sqlite3* db = nullptr;
  std::string damage;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    damage = db ? sqlite3_errmsg(db) : "cannot open";
  } else {
    sqlite3_stmt* check = nullptr;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &check, nullptr);
    if (rc == SQLITE_OK)
      rc = sqlite3_step(check);
    const char* verdict =
        rc == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(check, 0)) : nullptr;
    if (rc != SQLITE_ROW)
      damage = sqlite3_errmsg(db);
    else if (!verdict || std::string(verdict) != "ok")
      damage = verdict ? verdict : "no verdict";
    sqlite3_finalize(check);
    int code = sqlite3_extended_errcode(db) & 0xff;
    if (!damage.empty() && rc != SQLITE_ROW && code != SQLITE_CORRUPT && code != SQLITE_NOTADB)
      damage.clear();  // not damage: something else is wrong
  }
  sqlite3_close(db);
  return damage.substr(0, 200);
}

}  // namespace

Result<std::unique_ptr<ProfileDatabase>> ProfileDatabase::OpenOrRecover(const std::string& path,
                                                                        std::string* recovered) {
  std::string damage = access(path.c_str(), F_OK) == 0 ? DamageOf(path) : "";
  if (damage.empty())
    return Open(path);
  ASSIGN_OR_RETURN(std::string aside, storage::SetAsideDamaged(path));
  ASSIGN_OR_RETURN(auto database, Open(path));
  storage::Salvaged salvaged = storage::SalvageTables(database->db_, aside);
  if (recovered)
    *recovered =
        path + " was damaged (" + damage + "): set aside as " + aside + "; " + salvaged.Describe();
  return database;
}

ProfileDatabase::~ProfileDatabase() {
  sqlite3_close(db_);
}

Status ProfileDatabase::Execute(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    return Error("sql '" + sql + "': " + message);
  }
  return OkStatus();
}

Status ProfileDatabase::SetSetting(const std::string& key, const std::string& value) {
  Statement statement;
  if (sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO settings(key, value) VALUES(?, ?)", -1,
                         &statement.handle, nullptr) != SQLITE_OK)
    return Error(std::string("prepare settings write: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(statement.handle, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement.handle, 2, value.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(statement.handle) != SQLITE_DONE)
    return Error("write setting " + key + ": " + sqlite3_errmsg(db_));
  return OkStatus();
}

std::optional<std::string> ProfileDatabase::GetSetting(const std::string& key) {
  Statement statement;
  if (sqlite3_prepare_v2(db_, "SELECT value FROM settings WHERE key = ?", -1, &statement.handle,
                         nullptr) != SQLITE_OK)
    return std::nullopt;
  sqlite3_bind_text(statement.handle, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(statement.handle) != SQLITE_ROW)
    return std::nullopt;
  return TextAt(statement.handle, 0);
}

std::vector<std::pair<std::string, std::string>> ProfileDatabase::AllSettings() {
  std::vector<std::pair<std::string, std::string>> settings;
  Statement statement;
  if (sqlite3_prepare_v2(db_, "SELECT key, value FROM settings ORDER BY key", -1, &statement.handle,
                         nullptr) != SQLITE_OK)
    return settings;
  while (sqlite3_step(statement.handle) == SQLITE_ROW)
    settings.emplace_back(TextAt(statement.handle, 0), TextAt(statement.handle, 1));
  return settings;
}

Status ProfileDatabase::AddVisit(const Visit& visit) {
  Statement statement;
  if (sqlite3_prepare_v2(db_, "INSERT INTO visits(url, title, time_ms) VALUES(?, ?, ?)", -1,
                         &statement.handle, nullptr) != SQLITE_OK)
    return Error(std::string("prepare history write: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(statement.handle, 1, visit.url.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement.handle, 2, visit.title.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(statement.handle, 3, visit.time_ms);
  if (sqlite3_step(statement.handle) != SQLITE_DONE)
    return Error("write visit of " + visit.url + ": " + sqlite3_errmsg(db_));
  int64_t id = sqlite3_last_insert_rowid(db_);
  if (id > kMaxVisits)
    return Execute("DELETE FROM visits WHERE id <= " + std::to_string(id - kMaxVisits));
  return OkStatus();
}

Result<std::vector<Visit>> ProfileDatabase::QueryHistory(const std::string& query, int limit) {
  Statement statement;
  // instr on lowercased text: a query's % and _ mean themselves, unlike LIKE's.
  if (sqlite3_prepare_v2(db_,
                         "SELECT url, title, time_ms FROM visits WHERE ?1 = '' OR "
                         "instr(lower(title), lower(?1)) > 0 OR instr(lower(url), lower(?1)) > 0 "
                         "ORDER BY id DESC LIMIT ?2",
                         -1, &statement.handle, nullptr) != SQLITE_OK)
    return Error(std::string("prepare history query: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(statement.handle, 1, query.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(statement.handle, 2, limit);
  std::vector<Visit> visits;
  int rc;
  while ((rc = sqlite3_step(statement.handle)) == SQLITE_ROW)
    visits.push_back({TextAt(statement.handle, 0), TextAt(statement.handle, 1),
                      sqlite3_column_int64(statement.handle, 2)});
  if (rc != SQLITE_DONE)
    return Error(std::string("read history: ") + sqlite3_errmsg(db_));
  return visits;
}

Status ProfileDatabase::AddBookmark(const Bookmark& bookmark) {
  Statement statement;
  if (sqlite3_prepare_v2(db_,
                         "INSERT INTO bookmarks(url, title, added_ms) VALUES(?, ?, ?) ON "
                         "CONFLICT(url) DO UPDATE SET title = excluded.title",
                         -1, &statement.handle, nullptr) != SQLITE_OK)
    return Error(std::string("prepare bookmark write: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(statement.handle, 1, bookmark.url.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement.handle, 2, bookmark.title.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(statement.handle, 3, bookmark.added_ms);
  if (sqlite3_step(statement.handle) != SQLITE_DONE)
    return Error("write bookmark " + bookmark.url + ": " + sqlite3_errmsg(db_));
  return OkStatus();
}

Result<bool> ProfileDatabase::RemoveBookmark(const std::string& url) {
  Statement statement;
  if (sqlite3_prepare_v2(db_, "DELETE FROM bookmarks WHERE url = ?", -1, &statement.handle,
                         nullptr) != SQLITE_OK)
    return Error(std::string("prepare bookmark removal: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(statement.handle, 1, url.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(statement.handle) != SQLITE_DONE)
    return Error("remove bookmark " + url + ": " + sqlite3_errmsg(db_));
  return sqlite3_changes(db_) > 0;
}

Result<std::vector<Bookmark>> ProfileDatabase::ListBookmarks() {
  Statement statement;
  if (sqlite3_prepare_v2(db_, "SELECT url, title, added_ms FROM bookmarks ORDER BY added_ms, url",
                         -1, &statement.handle, nullptr) != SQLITE_OK)
    return Error(std::string("prepare bookmark list: ") + sqlite3_errmsg(db_));
  std::vector<Bookmark> bookmarks;
  int rc;
  while ((rc = sqlite3_step(statement.handle)) == SQLITE_ROW)
    bookmarks.push_back({TextAt(statement.handle, 0), TextAt(statement.handle, 1),
                         sqlite3_column_int64(statement.handle, 2)});
  if (rc != SQLITE_DONE)
    return Error(std::string("read bookmarks: ") + sqlite3_errmsg(db_));
  return bookmarks;
}

Status ProfileDatabase::SaveSession(const std::vector<SessionTab>& tabs) {
  TRY_STATUS(Execute("BEGIN"));
  TRY_STATUS(Execute("DELETE FROM session"));
  Statement statement;
  if (sqlite3_prepare_v2(db_,
                         "INSERT INTO session(position, entries, current, form) VALUES(?, ?, ?, ?)",
                         -1, &statement.handle, nullptr) != SQLITE_OK) {
    (void)Execute("ROLLBACK");
    return Error(std::string("prepare session write: ") + sqlite3_errmsg(db_));
  }
  for (size_t i = 0; i < tabs.size(); ++i) {
    std::string entries = nlohmann::json(tabs[i].entries).dump();
    sqlite3_reset(statement.handle);
    sqlite3_bind_int64(statement.handle, 1, static_cast<int64_t>(i));
    sqlite3_bind_text(statement.handle, 2, entries.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(statement.handle, 3, static_cast<int64_t>(tabs[i].index));
    std::string form = nlohmann::json(tabs[i].form).dump();
    sqlite3_bind_text(statement.handle, 4, form.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(statement.handle) != SQLITE_DONE) {
      (void)Execute("ROLLBACK");
      return Error(std::string("write session: ") + sqlite3_errmsg(db_));
    }
  }
  return Execute("COMMIT");
}

std::vector<SessionTab> ProfileDatabase::LoadSession(std::string* damaged) {
  std::vector<SessionTab> tabs;
  Statement statement;
  if (sqlite3_prepare_v2(db_, "SELECT entries, current, form FROM session ORDER BY position", -1,
                         &statement.handle, nullptr) != SQLITE_OK)
    return tabs;
  while (sqlite3_step(statement.handle) == SQLITE_ROW) {
    auto entries = nlohmann::json::parse(TextAt(statement.handle, 0), nullptr, false);
    int64_t current = sqlite3_column_int64(statement.handle, 1);
    SessionTab tab;
    bool whole = entries.is_array() && !entries.empty() && current >= 0 &&
                 current < static_cast<int64_t>(entries.size());
    for (size_t i = 0; whole && i < entries.size(); ++i) {
      whole = entries[i].is_string();
      if (whole)
        tab.entries.push_back(entries[i].get<std::string>());
    }
    if (!whole) {
      if (damaged)
        *damaged = "a saved tab's list does not parse: it is left out";
      continue;
    }
    tab.index = static_cast<size_t>(current);
    // Typed text that does not parse is left out; the tab still comes back.
    auto form = nlohmann::json::parse(TextAt(statement.handle, 2), nullptr, false);
    for (auto it = form.is_object() ? form.begin() : form.end(); it != form.end(); ++it) {
      if (it.value().is_string())
        tab.form[it.key()] = it.value().get<std::string>();
    }
    tabs.push_back(std::move(tab));
  }
  return tabs;
}

Status ProfileDatabase::SaveCookie(const network::Cookie& cookie) {
  Statement statement;
  if (sqlite3_prepare_v2(db_,
                         "INSERT OR REPLACE INTO cookies(name, domain, path, value, host_only, "
                         "secure, http_only, expiry_ms, creation_ms, last_access_ms, same_site) "
                         "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         -1, &statement.handle, nullptr) != SQLITE_OK)
    return Error(std::string("prepare cookie write: ") + sqlite3_errmsg(db_));
  int column = 1;
  for (const std::string* text : {&cookie.name, &cookie.domain, &cookie.path, &cookie.value})
    sqlite3_bind_text(statement.handle, column++, text->c_str(), -1, SQLITE_TRANSIENT);
  for (int64_t number : {int64_t{cookie.host_only}, int64_t{cookie.secure},
                         int64_t{cookie.http_only}, cookie.expiry_ms, cookie.creation_ms,
                         cookie.last_access_ms, static_cast<int64_t>(cookie.same_site)})
    sqlite3_bind_int64(statement.handle, column++, number);
  if (sqlite3_step(statement.handle) != SQLITE_DONE)
    return Error(std::string("write cookie: ") + sqlite3_errmsg(db_));
  return OkStatus();
}

Status ProfileDatabase::DeleteCookie(const network::Cookie& cookie) {
  Statement statement;
  if (sqlite3_prepare_v2(db_, "DELETE FROM cookies WHERE name = ? AND domain = ? AND path = ?",
                         -1, &statement.handle, nullptr) != SQLITE_OK)
    return Error(std::string("prepare cookie delete: ") + sqlite3_errmsg(db_));
  int column = 1;
  for (const std::string* text : {&cookie.name, &cookie.domain, &cookie.path})
    sqlite3_bind_text(statement.handle, column++, text->c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(statement.handle) != SQLITE_DONE)
    return Error(std::string("delete cookie: ") + sqlite3_errmsg(db_));
  return OkStatus();
}

std::vector<network::Cookie> ProfileDatabase::LoadCookies() {
  std::vector<network::Cookie> cookies, damaged;
  Statement statement;
  if (sqlite3_prepare_v2(db_,
                         "SELECT name, domain, path, value, host_only, secure, http_only, "
                         "expiry_ms, creation_ms, last_access_ms, same_site FROM cookies",
                         -1, &statement.handle, nullptr) != SQLITE_OK)
    return cookies;
  auto text = [&](int column) { return TextAt(statement.handle, column); };
  while (sqlite3_step(statement.handle) == SQLITE_ROW) {
    network::Cookie cookie;
    cookie.name = text(0);
    cookie.domain = text(1);
    cookie.path = text(2);
    cookie.value = text(3);
    cookie.host_only = sqlite3_column_int64(statement.handle, 4) != 0;
    cookie.secure = sqlite3_column_int64(statement.handle, 5) != 0;
    cookie.http_only = sqlite3_column_int64(statement.handle, 6) != 0;
    cookie.persistent = true;
    cookie.expiry_ms = sqlite3_column_int64(statement.handle, 7);
    cookie.creation_ms = sqlite3_column_int64(statement.handle, 8);
    cookie.last_access_ms = sqlite3_column_int64(statement.handle, 9);
    int64_t same_site = sqlite3_column_int64(statement.handle, 10);
    cookie.same_site = static_cast<network::SameSite>(std::clamp<int64_t>(same_site, 0, 3));
    std::string damage = same_site < 0 || same_site > 3 ? "unknown SameSite" : CookieDamage(cookie);
    if (!damage.empty()) {
      damaged.push_back(std::move(cookie));
      DropDamaged("cookie", damage);
      continue;
    }
    cookies.push_back(std::move(cookie));
  }
  statement.Reset();
  for (const network::Cookie& cookie : damaged)
    (void)DeleteCookie(cookie);
  return cookies;
}

void ProfileDatabase::AppendCrash(process::ProcessType type, int64_t wall_clock_ms) {
  Statement statement;
  if (sqlite3_prepare_v2(db_, "INSERT INTO crash_history(type, time_ms) VALUES(?, ?)", -1,
                         &statement.handle, nullptr) != SQLITE_OK)
    return;
  std::string name(process::ProcessTypeName(type));
  sqlite3_bind_text(statement.handle, 1, name.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(statement.handle, 2, wall_clock_ms);
  if (sqlite3_step(statement.handle) != SQLITE_DONE)
    LOG(Error) << "record crash: " << sqlite3_errmsg(db_);
}

std::vector<std::pair<process::ProcessType, int64_t>> ProfileDatabase::LoadCrashes(
    int64_t since_ms) {
  std::vector<std::pair<process::ProcessType, int64_t>> crashes;
  Statement statement;
  if (sqlite3_prepare_v2(db_, "SELECT type, time_ms, rowid FROM crash_history WHERE time_ms > ?",
                         -1, &statement.handle, nullptr) != SQLITE_OK)
    return crashes;
  sqlite3_bind_int64(statement.handle, 1, since_ms);
  // A crash from the future would stay in every window and keep its type disabled for good.
  const int64_t latest = WallClockMillis() + 60'000;
  std::vector<std::string> damaged;
  while (sqlite3_step(statement.handle) == SQLITE_ROW) {
    std::string name = TextAt(statement.handle, 0);
    auto type = process::ParseProcessType(name);
    int64_t time_ms = sqlite3_column_int64(statement.handle, 1);
    if (!type || time_ms > latest) {
      DropDamaged("crash record", !type ? "unknown process type '" + name.substr(0, 32) + "'"
                                        : "a time in the future");
      damaged.push_back(std::to_string(sqlite3_column_int64(statement.handle, 2)));
      continue;
    }
    crashes.emplace_back(*type, time_ms);
  }
  statement.Reset();
  for (const std::string& rowid : damaged)
    RemoveRow("DELETE FROM crash_history WHERE rowid = ?", rowid);
  return crashes;
}

void ProfileDatabase::ClearCrashes() {
  if (auto status = Execute("DELETE FROM crash_history"); !status.ok())
    LOG(Error) << status.error().message();
}

Status ProfileDatabase::SavePageVector(const PageVector& page) {
  Statement statement;
  if (sqlite3_prepare_v2(db_,
                         "INSERT OR REPLACE INTO page_vectors(url, title, model, vector, "
                         "visited_ms) VALUES(?, ?, ?, ?, ?)",
                         -1, &statement.handle, nullptr) != SQLITE_OK)
    return Error(std::string("prepare page vector write: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(statement.handle, 1, page.url.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement.handle, 2, page.title.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement.handle, 3, page.model.c_str(), -1, SQLITE_TRANSIENT);
  // Floats in this machine's byte order: the database never leaves the machine.
  sqlite3_bind_blob(statement.handle, 4, page.vector.data(),
                    static_cast<int>(page.vector.size() * sizeof(float)), SQLITE_TRANSIENT);
  sqlite3_bind_int64(statement.handle, 5, page.visited_ms);
  if (sqlite3_step(statement.handle) != SQLITE_DONE)
    return Error("write the vector of " + page.url + ": " + sqlite3_errmsg(db_));
  return Execute(
      "DELETE FROM page_vectors WHERE url NOT IN (SELECT url FROM page_vectors ORDER BY "
      "visited_ms DESC LIMIT " + std::to_string(kMaxPageVectors) + ")");
}

Result<std::vector<PageVector>> ProfileDatabase::LoadPageVectors(const std::string& model) {
  Statement statement;
  if (sqlite3_prepare_v2(db_,
                         "SELECT url, title, vector, visited_ms FROM page_vectors WHERE model = ?",
                         -1, &statement.handle, nullptr) != SQLITE_OK)
    return Error(std::string("read the history's page vectors: ") + sqlite3_errmsg(db_));
  sqlite3_bind_text(statement.handle, 1, model.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<PageVector> pages;
  std::vector<std::string> damaged;
  int rc;
  while ((rc = sqlite3_step(statement.handle)) == SQLITE_ROW) {
    PageVector page;
    page.url = TextAt(statement.handle, 0);
    page.title = TextAt(statement.handle, 1);
    page.model = model;
    const auto* bytes = static_cast<const uint8_t*>(sqlite3_column_blob(statement.handle, 2));
    size_t size = static_cast<size_t>(sqlite3_column_bytes(statement.handle, 2));
    if (bytes && size % sizeof(float) == 0) {
      page.vector.resize(size / sizeof(float));
      std::memcpy(page.vector.data(), bytes, size);  // a blob need not be aligned for floats
    }
    page.visited_ms = sqlite3_column_int64(statement.handle, 3);
    if (page.vector.empty() || !std::all_of(page.vector.begin(), page.vector.end(),
                                            [](float x) { return std::isfinite(x); })) {
      DropDamaged("page vector", page.url.substr(0, 200) + ": not a vector of finite numbers");
      damaged.push_back(page.url);
      continue;
    }
    pages.push_back(std::move(page));
  }
  if (rc != SQLITE_DONE)
    return Error(std::string("read the history's page vectors: ") + sqlite3_errmsg(db_));
  statement.Reset();
  for (const std::string& url : damaged)
    RemoveRow("DELETE FROM page_vectors WHERE url = ?", url);
  return pages;
}

void ProfileDatabase::DropDamaged(const std::string& kind, const std::string& why) {
  ++dropped_[kind];
  LOG(Warning) << "profile.db: a damaged " << kind << " was dropped (" << why << ")";
}

void ProfileDatabase::RemoveRow(const char* sql, const std::string& key) {
  Statement statement;
  if (sqlite3_prepare_v2(db_, sql, -1, &statement.handle, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(statement.handle, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(statement.handle) == SQLITE_DONE)
      return;
  }
  LOG(Error) << "profile.db: remove a damaged row: " << sqlite3_errmsg(db_);
}

void ProfileDatabase::RemoveSetting(const std::string& key) {
  RemoveRow("DELETE FROM settings WHERE key = ?", key);
}

}  // namespace nexus::browser
