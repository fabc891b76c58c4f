// The profile's SQLite database (WAL): settings, the session's tabs, the crash history behind
// the crash-loop policy (so a loop is still seen after Nexus restarts), lasting cookies, the
// history of visits and the bookmarks (`nexus history`, `nexus bookmarks`), and the vectors
// of the pages visited (`nexus related`).
#pragma once

#include <sqlite3.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "process/crash_loop_policy.h"
#include "services/browser/related_pages.h"
#include "services/network/public/cookie.h"

namespace nexus::browser {

struct Visit {
  std::string url;
  std::string title;
  int64_t time_ms = 0;  // wall clock
};

// A tab of a saved session: its back/forward list and where in it the tab was.
struct SessionTab {
  std::vector<std::string> entries;
  size_t index = 0;
  std::map<std::string, std::string> form;  // what was typed into the current entry's fields
  bool operator==(const SessionTab&) const = default;
};

struct Bookmark {
  std::string url;
  std::string title;
  int64_t added_ms = 0;
};

class ProfileDatabase : public process::CrashHistoryStore {
 public:
  static Result<std::unique_ptr<ProfileDatabase>> Open(const std::string& path);
  // Open, and if the file is damaged (not a database, or failing SQLite's check), it is moved
  // aside as <path>.corrupt-<time>, a fresh database takes its place, and what the damaged
  // one still gives is copied over, table by table. `recovered` then says so, once, for the
  // user; the browser starts either way.
  static Result<std::unique_ptr<ProfileDatabase>> OpenOrRecover(const std::string& path,
                                                                std::string* recovered);
  ~ProfileDatabase() override;

  Status SetSetting(const std::string& key, const std::string& value);
  std::optional<std::string> GetSetting(const std::string& key);
  std::vector<std::pair<std::string, std::string>> AllSettings();

  // Each page a tab loaded, newest first in queries; past kMaxVisits the oldest go.
  Status AddVisit(const Visit& visit);
  // Visits whose title or URL contains `query` (case-insensitively; "" for all), newest first.
  Result<std::vector<Visit>> QueryHistory(const std::string& query, int limit);
  static constexpr int kMaxVisits = 100000;

  // One bookmark per URL: adding one again renames it.
  Status AddBookmark(const Bookmark& bookmark);
  // Whether there was one.
  Result<bool> RemoveBookmark(const std::string& url);
  Result<std::vector<Bookmark>> ListBookmarks();
  // The open tabs, saved as they change (one transaction: a crash leaves the last whole
  // session, never half of one).
  Status SaveSession(const std::vector<SessionTab>& tabs);
  // What was saved; a row that does not parse is left out and said in `damaged`.
  std::vector<SessionTab> LoadSession(std::string* damaged = nullptr);

  // Persistent cookies (session cookies live in main's memory only).
  Status SaveCookie(const network::Cookie& cookie);
  Status DeleteCookie(const network::Cookie& cookie);
  std::vector<network::Cookie> LoadCookies();

  // A visited page's vector (one row per URL: a later visit replaces it). Past
  // kMaxPageVectors, the least recently visited go.
  Status SavePageVector(const PageVector& page);
  Result<std::vector<PageVector>> LoadPageVectors(const std::string& model);
  static constexpr int kMaxPageVectors = 10000;

  // process::CrashHistoryStore
  void AppendCrash(process::ProcessType type, int64_t wall_clock_ms) override;
  std::vector<std::pair<process::ProcessType, int64_t>> LoadCrashes(int64_t since_ms) override;
  void ClearCrashes() override;

  // Rows that load but cannot be right (a disk error, another program, an older version): a
  // cookie no server could have set, a crash from the future, a vector that is no vector, a
  // setting that fails its check. Each is removed from the database, logged, and counted
  // here by kind; `nexus ps` shows the counts on main's row.
  void DropDamaged(const std::string& kind, const std::string& why);
  const std::map<std::string, int>& dropped() const { return dropped_; }
  void RemoveSetting(const std::string& key);

 private:
  explicit ProfileDatabase(sqlite3* db) : db_(db) {}
  Status Execute(const std::string& sql);
  // Runs `sql` (one ? for `key`) to remove a damaged row.
  void RemoveRow(const char* sql, const std::string& key);
  sqlite3* db_;
  std::map<std::string, int> dropped_;
};

// What is wrong with a cookie loaded from disk ("" when nothing): control characters or ';'
// (they would end the Cookie header a request carries, or add one), a domain no host has, a
// path not starting with '/'.
std::string CookieDamage(const network::Cookie& cookie);

}  // namespace nexus::browser
