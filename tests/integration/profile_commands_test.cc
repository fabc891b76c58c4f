// The profile in main (issue 17, item 4): the history of visits, bookmarks and settings, kept
// in profile.db across restarts, through the commands a user runs against a browser.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "nexus_instance.h"

namespace nexus::testing {
namespace {

nlohmann::json Json(const CommandResult& result) {
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out, nullptr, false);
}

TEST(ProfileCommands, HistoryListsVisitsNewestFirstFiltersAndOutlivesTheBrowser) {
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({PagePath("boxes.html")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
    ASSERT_EQ(nexus.Command({"navigate", "1", PagePath("links.html")}).exit_code, 0);
    ASSERT_TRUE(NexusInstance::WaitFor(
        [&] { return nexus.Tab(1)["title"] == "Links" && TabInState(nexus, 1, "loaded"); }));
    auto visits = Json(nexus.Command({"history", "--json"}))["visits"];
    ASSERT_EQ(visits.size(), 2u);
    EXPECT_EQ(visits[0]["title"], "Links");
    EXPECT_EQ(visits[1]["title"], "Boxes");
    EXPECT_EQ(visits[1]["url"], "file://" + PagePath("boxes.html"));
    EXPECT_GE(visits[0]["time_ms"].get<int64_t>(), visits[1]["time_ms"].get<int64_t>());
    auto found = Json(nexus.Command({"history", "--json", "BOX"}))["visits"];
    ASSERT_EQ(found.size(), 1u) << "a query matches title or URL, whatever its case";
    EXPECT_EQ(found[0]["title"], "Boxes");
    EXPECT_EQ(Json(nexus.Command({"history", "--json", "%"}))["visits"].size(), 0u)
        << "% is a character, not a wildcard";
    auto text = nexus.Command({"history"});
    EXPECT_NE(text.out.find("\tLinks\tfile://"), std::string::npos) << text.out;
  }
  NexusInstance again({}, profile);
  EXPECT_EQ(Json(again.Command({"history", "--json"}))["visits"].size(), 2u);
}

// Issue 18: a damaged profile.db stopped Nexus from starting. Now the browser starts on a fresh
// database, and says once what happened to the old one.
TEST(ProfileCommands, ABrowserStartsOnADamagedProfileDatabaseAndSaysSo) {
  std::string profile = MakeTempDir();
  std::ofstream(profile + "/profile.db") << std::string(8192, 'G');
  NexusInstance nexus({PagePath("boxes.html")}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  std::ifstream log(profile + "/stderr.txt");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  EXPECT_NE(text.find("profile.db was damaged"), std::string::npos) << text;
  EXPECT_EQ(Json(nexus.Command({"history", "--json"}))["visits"].size(), 1u)
      << "the fresh database records as the old one did";
}

// A damaged row is not a damaged database: the browser drops it, says so in its log, and
// `nexus ps` shows what was dropped on main's row. A crash "from the future" would otherwise
// keep the GPU process disabled for good.
TEST(ProfileCommands, DamagedRowsAreDroppedAndShownOnMainsRow) {
  std::string profile = MakeTempDir();
  { NexusInstance first({}, profile); }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open((profile + "/profile.db").c_str(), &raw), SQLITE_OK);
  for (const char* sql :
       {"INSERT INTO cookies VALUES('x', 'a.test', '/', 'v\r\nHost: evil', 0, 0, 0, "
        "9000000000000, 0, 0, 0)",
        "INSERT INTO crash_history(type, time_ms) VALUES('gpu', 9000000000000000)",
        "INSERT INTO crash_history(type, time_ms) VALUES('gpu', 9000000000000001)",
        "INSERT INTO crash_history(type, time_ms) VALUES('gpu', 9000000000000002)",
        "INSERT INTO crash_history(type, time_ms) VALUES('gpu', 9000000000000003)",
        "INSERT INTO crash_history(type, time_ms) VALUES('gpu', 9000000000000004)"})
    ASSERT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  NexusInstance nexus({PagePath("boxes.html")}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  std::string detail;
  for (auto& process : nexus.Processes()) {
    if (process["id"] == 0)
      detail = process.value("detail", "");
  }
  EXPECT_EQ(detail, "damaged, dropped: 1 cookie, 5 crash records");
  EXPECT_NE(nexus.Stderr().find("a damaged cookie was dropped (a control character"),
            std::string::npos)
      << nexus.Stderr();
  EXPECT_FALSE(nexus.FindProcess("gpu").is_null())
      << "the crashes from the future count for nothing";
}

TEST(ProfileCommands, BookmarksAreAddedListedRenamedAndRemoved) {
  std::string profile = MakeTempDir();
  std::string boxes = "file://" + PagePath("boxes.html");
  {
    NexusInstance nexus({}, profile);
    EXPECT_EQ(nexus.Command({"bookmarks", "add", PagePath("boxes.html"), "My boxes"}).exit_code, 0);
    EXPECT_EQ(nexus.Command({"bookmarks", "add", "https://example.org/"}).exit_code, 0);
    auto list = Json(nexus.Command({"bookmarks", "--json"}))["bookmarks"];
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0]["url"], boxes);
    EXPECT_EQ(list[0]["title"], "My boxes");
    EXPECT_EQ(list[1]["title"], "https://example.org/") << "no title: the URL";
    EXPECT_EQ(nexus.Command({"bookmarks", "add", boxes, "Boxes"}).exit_code, 0);
    EXPECT_EQ(Json(nexus.Command({"bookmarks", "--json"}))["bookmarks"][0]["title"], "Boxes")
        << "one bookmark per URL: adding again renames";
    auto missing = nexus.Command({"bookmarks", "remove", "https://nowhere.example/"});
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("no bookmark for https://nowhere.example/"), std::string::npos);
    EXPECT_EQ(nexus.Command({"bookmarks", "remove", "https://example.org/"}).exit_code, 0);
    EXPECT_NE(nexus.Command({"bookmarks", "frobnicate"}).exit_code, 0);
  }
  NexusInstance again({}, profile);
  auto list = Json(again.Command({"bookmarks", "--json"}))["bookmarks"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["url"], boxes);
}

TEST(ProfileCommands, SettingsAreCheckedKeptAndUsed) {
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({PagePath("boxes.html")}, profile);
    EXPECT_EQ(nexus.Command({"settings", "get"}).out, "search_url=https://duckduckgo.com/?q=%s\n");
    auto unknown = nexus.Command({"settings", "set", "colour", "blue"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("no setting 'colour'"), std::string::npos) << unknown.err;
    auto bad = nexus.Command({"settings", "set", "search_url", "https://example.org/"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("%s"), std::string::npos) << bad.err;
    EXPECT_EQ(
        nexus.Command({"settings", "set", "search_url", "http://127.0.0.1:9/find?q=%s"}).exit_code,
        0);
  }
  NexusInstance again({PagePath("boxes.html")}, profile);
  EXPECT_EQ(again.Command({"settings", "get", "search_url"}).out,
            "search_url=http://127.0.0.1:9/find?q=%s\n");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(again, 1, "loaded"); }));
  // What is typed and searched for goes where the setting says.
  ASSERT_EQ(again.Command({"go", "1", "two words"}).exit_code, 0);
  EXPECT_TRUE(NexusInstance::WaitFor([&] {
    return again.Tab(1)["url"] == "http://127.0.0.1:9/find?q=two+words";
  })) << again.Tab(1).dump();
}

}  // namespace
}  // namespace nexus::testing

namespace nexus::testing {
namespace {

// The session main last saved in `profile`: each tab's entries and typed text, one line per
// tab (read-only, beside the running browser: its saves are what a killed browser leaves).
std::string SavedSession(const std::string& profile) {
  sqlite3* db = nullptr;
  std::string saved;
  if (sqlite3_open_v2((profile + "/profile.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
      SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt* rows = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT entries || ' ' || form FROM session ORDER BY position", -1,
                           &rows, nullptr) == SQLITE_OK) {
      while (sqlite3_step(rows) == SQLITE_ROW)
        saved += reinterpret_cast<const char*>(sqlite3_column_text(rows, 0)) + std::string("\n");
    }
    sqlite3_finalize(rows);
  }
  sqlite3_close(db);
  return saved;
}

// Issue 17, item 5: the open tabs and their back/forward lists, saved as they change.
TEST(Session, AKilledBrowserComesBackWithItsTabsAndTheirHistory) {
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({PagePath("boxes.html"), PagePath("tall.html")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor(
        [&] { return TabInState(nexus, 1, "loaded") && TabInState(nexus, 2, "loaded"); }));
    ASSERT_EQ(nexus.Command({"navigate", "1", PagePath("links.html")}).exit_code, 0);
    ASSERT_TRUE(NexusInstance::WaitFor(
        [&] { return nexus.Tab(1)["title"] == "Links" && TabInState(nexus, 1, "loaded"); }));
    ASSERT_TRUE(NexusInstance::WaitFor([&] {
      std::string saved = SavedSession(profile);
      return saved.find("links.html") != std::string::npos &&
             saved.find("tall.html") != std::string::npos;
    })) << SavedSession(profile);
    kill(nexus.pid(), SIGKILL);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return !nexus.alive(); }));
  }
  {
    NexusInstance again({}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return again.Tabs().size() == 2; }))
        << again.Tabs().dump();
    auto tabs = again.Tabs();
    EXPECT_EQ(tabs[0]["url"], "file://" + PagePath("links.html"));
    EXPECT_EQ(tabs[1]["url"], "file://" + PagePath("tall.html"));
    int first = tabs[0]["id"];
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(again, first, "loaded"); }));
    // Its back/forward list came back too.
    ASSERT_EQ(again.Command({"back", std::to_string(first)}).exit_code, 0);
    EXPECT_TRUE(NexusInstance::WaitFor(
        [&] { return again.Tab(first)["url"] == "file://" + PagePath("boxes.html"); }));
    EXPECT_EQ(again.Stop(), 0);
  }
  // A browser that shut down cleanly starts afresh next time.
  // (Main restores a session before its loop answers a first command: no wait is needed.)
  NexusInstance third({}, profile);
  EXPECT_EQ(third.Tabs().size(), 0u) << third.Tabs().dump();
}

// What the user typed into a page's fields outlives a crash of its renderer (Chromium loses
// it) and of main: the text is in the session as it is typed, and put back before the page's
// scripts run.
TEST(Session, TypedFormTextSurvivesARendererCrashAndAKilledBrowser) {
  std::string profile = MakeTempDir();
  auto eval = [](NexusInstance& nexus, int tab, const std::string& expression) {
    auto run = nexus.Command({"eval-tab", std::to_string(tab), expression});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out, nullptr, false);
  };
  auto fields =
      "[document.getElementById('name').value, document.querySelector('textarea').value, "
      "loadedWith]";
  {
    NexusInstance nexus({PagePath("form.html")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
    eval(nexus, 1, "document.getElementById('name').focus(), 0");
    ASSERT_EQ(nexus.Command({"type", "1", "Ann Lee"}).exit_code, 0);
    eval(nexus, 1, "document.querySelector('textarea').focus(), 0");
    ASSERT_EQ(nexus.Command({"type", "1", "Hello"}).exit_code, 0);
    ASSERT_TRUE(NexusInstance::WaitFor([&] {
      return eval(nexus, 1, fields) == nlohmann::json::parse(R"(["Ann Lee","Hello",""])");
    }));
    int renderer = RendererPidOfTab(nexus, 1);
    ASSERT_EQ(kill(renderer, SIGKILL), 0);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
    ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
    EXPECT_EQ(eval(nexus, 1, fields), nlohmann::json::parse(R"(["Ann Lee","Hello","Ann Lee"])"))
        << "the text is back before the page's scripts run";
    ASSERT_TRUE(NexusInstance::WaitFor([&] {
      std::string saved = SavedSession(profile);
      return saved.find("Ann Lee") != std::string::npos && saved.find("Hello") != std::string::npos;
    })) << SavedSession(profile);
    kill(nexus.pid(), SIGKILL);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return !nexus.alive(); }));
  }
  NexusInstance again({}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return again.Tabs().size() == 1; }));
  int tab = again.Tabs()[0]["id"];
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(again, tab, "loaded"); }));
  EXPECT_EQ(eval(again, tab, fields)[0], "Ann Lee");
  EXPECT_EQ(eval(again, tab, fields)[1], "Hello");
  // Another page in the tab starts with empty fields.
  ASSERT_EQ(
      again.Command({"navigate", std::to_string(tab), "file://" + PagePath("form.html") + "?other"})
          .exit_code,
      0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    return TabInState(again, tab, "loaded") &&
           again.Tab(tab)["url"].get<std::string>().find("other") != std::string::npos;
  }));
  EXPECT_EQ(eval(again, tab, fields), nlohmann::json::parse(R"(["","",""])"));
}

TEST(Session, NoRestoreLeavesTheKilledSessionsTabsBehind) {
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({PagePath("boxes.html")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
    ASSERT_TRUE(NexusInstance::WaitFor(
        [&] { return SavedSession(profile).find("boxes.html") != std::string::npos; }));
    kill(nexus.pid(), SIGKILL);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return !nexus.alive(); }));
  }
  NexusInstance again({"--no-restore"}, profile);
  EXPECT_EQ(again.Tabs().size(), 0u);
}

}  // namespace
}  // namespace nexus::testing
