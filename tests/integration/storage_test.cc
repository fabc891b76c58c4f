// Web storage through the real browser (issue 17): the storage process keeps localStorage per
// origin across restarts and crashes of every process, main names the origin, storage events
// reach the origin's other tabs, sessionStorage stays with its tab, the quota holds, damaged
// databases are set aside, and clear-site-data empties an origin.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>

#include "http_test_server.h"
#include "nexus_instance.h"

namespace nexus::testing {
namespace {

std::string PagesDirectory() {
  return std::string(NEXUS_SOURCE_DIR) + "/tests/pages";
}

// The JSON of `expression` in tab `tab`, parsed; null (and a failure) if it did not run.
nlohmann::json Eval(NexusInstance& nexus, int tab, const std::string& expression) {
  auto run = nexus.Command({"eval-tab", std::to_string(tab), expression});
  EXPECT_EQ(run.exit_code, 0) << expression << ": " << run.err;
  return nlohmann::json::parse(run.out, nullptr, false);
}

bool Loaded(NexusInstance& nexus, int tab) {
  return TabInState(nexus, tab, "loaded");
}

pid_t StoragePid(NexusInstance& nexus) {
  auto storage = nexus.FindProcess("storage");
  return storage.is_null() ? 0 : storage["pid"].get<pid_t>();
}

TEST(WebStorage, LocalStorageOutlivesTheBrowserAndIsPerOrigin) {
  HttpTestServer first(ServeDirectory(PagesDirectory()));
  HttpTestServer second(ServeDirectory(PagesDirectory()));
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({first.Url("/storage_events.html"), second.Url("/storage_events.html")},
                        profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1) && Loaded(nexus, 2); }));
    EXPECT_EQ(Eval(nexus, 1, "localStorage.setItem('k', 'first'); localStorage.n = 1; 0"), 0);
    EXPECT_EQ(Eval(nexus, 2, "[localStorage.length, localStorage.getItem('k')]"),
              nlohmann::json::parse("[0, null]"))
        << "another port is another origin, though the same site (and renderer)";
    EXPECT_EQ(Eval(nexus, 2, "localStorage.k = 'second'; 0"), 0);
  }
  NexusInstance again({first.Url("/storage_events.html"), second.Url("/storage_events.html")},
                      profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(again, 1) && Loaded(again, 2); }));
  EXPECT_EQ(Eval(again, 1, "[localStorage.k, localStorage.n, localStorage.length]"),
            nlohmann::json::parse(R"(["first", "1", 2])"));
  EXPECT_EQ(Eval(again, 2, "localStorage.k"), "second");
}

// A browser asked to quit right after a page wrote thousands of items keeps them all: main
// sends what waits in its queue, and the storage process commits its last batch as it ends.
TEST(WebStorage, QuittingRightAfterABurstOfWritesKeepsThemAll) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({server.Url("/storage_events.html")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
    EXPECT_EQ(Eval(nexus, 1,
                   "for (let i = 0; i < 5000; ++i) localStorage['q' + i] = 'v'; "
                   "localStorage.length"),
              5000);
    ASSERT_EQ(nexus.Command({"quit"}).exit_code, 0);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return !nexus.alive(); }));
  }
  NexusInstance again({server.Url("/storage_events.html")}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(again, 1); }));
  EXPECT_EQ(Eval(again, 1, "localStorage.length"), 5000);
}

TEST(WebStorage, StorageEventsReachTheOriginsOtherTabsWithTheOldValue) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  HttpTestServer other(ServeDirectory(PagesDirectory()));
  NexusInstance nexus({server.Url("/storage_events.html"), server.Url("/storage_events.html?b"),
                       other.Url("/storage_events.html")});
  ASSERT_TRUE(NexusInstance::WaitFor(
      [&] { return Loaded(nexus, 1) && Loaded(nexus, 2) && Loaded(nexus, 3); }));
  Eval(nexus, 1,
       "localStorage.color = 'red'; localStorage.color = 'blue'; "
       "localStorage.removeItem('color'); localStorage.clear(); "
       "localStorage.left = 'x'; localStorage.clear(); 0");
  std::string url = server.Url("/storage_events.html");
  auto expected = nlohmann::json::array({{"color", nullptr, "red", url},
                                         {"color", "red", "blue", url},
                                         {"color", "blue", nullptr, url},
                                         {"left", nullptr, "x", url},
                                         {nullptr, nullptr, nullptr, url}});
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return Eval(nexus, 2, "seen") == expected; }))
      << Eval(nexus, 2, "seen").dump();
  EXPECT_EQ(Eval(nexus, 1, "seen"), nlohmann::json::array()) << "not to the tab that wrote";
  EXPECT_EQ(Eval(nexus, 3, "seen"), nlohmann::json::array()) << "not to another origin";
  EXPECT_EQ(Eval(nexus, 2, "localStorage.length"), 0);
}

TEST(WebStorage, SessionStorageStaysWithItsTabThroughReloadsAndARendererCrash) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  NexusInstance nexus({server.Url("/storage_events.html"), server.Url("/storage_events.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1) && Loaded(nexus, 2); }));
  Eval(nexus, 1, "sessionStorage.draft = 'typed'; 0");
  EXPECT_EQ(Eval(nexus, 2, "sessionStorage.length"), 0) << "another tab has its own";
  ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
  EXPECT_EQ(Eval(nexus, 1, "sessionStorage.draft"), "typed");
  int renderer = RendererPidOfTab(nexus, 1);
  ASSERT_GT(renderer, 0);
  ASSERT_EQ(kill(renderer, SIGKILL), 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
  ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
  EXPECT_EQ(Eval(nexus, 1, "sessionStorage.draft"), "typed");
  EXPECT_EQ(Eval(nexus, 1, "localStorage.length"), 0) << "sessionStorage is not localStorage";
}

TEST(WebStorage, TheQuotaThrowsQuotaExceededErrorAndTheStoredValueStays) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  NexusInstance nexus({server.Url("/storage_events.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
  EXPECT_EQ(Eval(nexus, 1,
                 "localStorage.big = 'x'.repeat(5 * 1024 * 1024 - 3); "
                 "try { localStorage.more = 'yy'; 'stored' } catch (e) { e.name }"),
            "QuotaExceededError");
  ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
  EXPECT_EQ(Eval(nexus, 1, "[localStorage.big.length, 'more' in localStorage]"),
            nlohmann::json::parse("[5242877, false]"));
}

// Writes a page makes right before its renderer dies reach the disk: they left the renderer
// as they were made. A second tab, opened after, reads them from the storage process.
TEST(WebStorage, KillingTheRendererAfterTheWritesLosesNone) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  NexusInstance nexus({server.Url("/storage_events.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
  EXPECT_EQ(Eval(nexus, 1,
                 "for (let i = 0; i < 2000; ++i) localStorage['k' + i] = String(i); "
                 "localStorage.length"),
            2000);
  ASSERT_EQ(kill(RendererPidOfTab(nexus, 1), SIGKILL), 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
  ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
  EXPECT_EQ(Eval(nexus, 1, "[localStorage.length, localStorage.k1999]"),
            nlohmann::json::parse(R"([2000, "1999"])"));
}

// The storage process dies in the middle of a stream of writes: main sends what it had not
// answered again to the restarted one, so every write the page made is there.
TEST(WebStorage, KillingTheStorageProcessMidStreamLosesNoWrite) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  NexusInstance nexus({server.Url("/storage_events.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1) && StoragePid(nexus) > 0; }));
  // A timer writes 100 values every few milliseconds until told to stop: the storage process
  // always has some it has not answered.
  Eval(nexus, 1,
       "var written = 0; var writer = setInterval(() => { for (let i = 0; i < 100; ++i) "
       "localStorage['w' + written] = String(written++); }, 1); 0");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Eval(nexus, 1, "written") > 2000; }));
  pid_t first = StoragePid(nexus);
  ASSERT_EQ(kill(first, SIGKILL), 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    pid_t now = StoragePid(nexus);
    return now > 0 && now != first;
  }));
  int written = Eval(nexus, 1, "clearInterval(writer); written").get<int>();
  ASSERT_EQ(nexus.Command({"navigate", "1", server.Url("/storage_events.html")}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
  auto counted = Eval(nexus, 1, "localStorage.length").get<int>();
  EXPECT_EQ(counted, written) << "written " << written << ", on disk " << counted;
  EXPECT_EQ(Eval(nexus, 1, "localStorage['w' + (" + std::to_string(written) + " - 1)]"),
            std::to_string(written - 1));
}

// Main dies (kill -9) after writes it had answered... it answers none: what the storage
// process committed before main died is there for the next browser.
TEST(WebStorage, WhatTheStorageProcessCommittedSurvivesKillingMain) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({server.Url("/storage_events.html"), server.Url("/storage_events.html")},
                        profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1) && Loaded(nexus, 2); }));
    Eval(nexus, 1, "for (let i = 0; i < 100; ++i) localStorage['k' + i] = 'v'; 0");
    // The other tab hearing the last change means the storage process committed it.
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return Eval(nexus, 2, "seen.length") == 100; }));
    ASSERT_EQ(kill(nexus.pid(), SIGKILL), 0);
  }
  NexusInstance again({"--no-restore", server.Url("/storage_events.html")}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(again, 1); }));
  EXPECT_EQ(Eval(again, 1, "localStorage.length"), 100);
}

TEST(WebStorage, ADamagedDatabaseIsSetAsideReportedAndReplaced) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  std::string profile = MakeTempDir();
  std::string origin = server.Url("/");
  origin.pop_back();
  {
    NexusInstance nexus({server.Url("/storage_events.html")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
    Eval(nexus, 1, "localStorage.k = 'v'; 0");
    EXPECT_EQ(nexus.Stop(), 0);
  }
  std::string name;
  for (char c : origin)
    name += isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'
                ? std::string(1, c)
                : (c == ':' ? "%3A" : "%2F");
  std::string path = profile + "/storage/origins/" + name + "/local_storage.db";
  ASSERT_EQ(access(path.c_str(), F_OK), 0) << path;
  std::ofstream(path, std::ios::trunc) << std::string(4096, 'J');
  NexusInstance again({server.Url("/storage_events.html")}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(again, 1); }));
  EXPECT_EQ(Eval(again, 1, "[localStorage.length, (localStorage.n = 'new', localStorage.n)]"),
            nlohmann::json::parse(R"([0, "new"])"));
  EXPECT_TRUE(NexusInstance::WaitFor(
      [&] { return again.Stderr().find("was damaged") != std::string::npos; }));
  // Set aside beside it with the time in its name, and named in the report.
  std::string log = again.Stderr();
  size_t named = log.find("set aside as " + path + ".corrupt-");
  ASSERT_NE(named, std::string::npos) << log;
  std::string aside = log.substr(named + 13, log.find(';', named) - named - 13);
  EXPECT_EQ(access(aside.c_str(), F_OK), 0) << aside;
}

TEST(WebStorage, ClearSiteDataEmptiesTheOriginsStorageAndCookies) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  NexusInstance nexus({server.Url("/storage_events.html"), server.Url("/storage_events.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1) && Loaded(nexus, 2); }));
  Eval(nexus, 1, "localStorage.k = 'v'; sessionStorage.s = 'v'; document.cookie = 'c=1'; 0");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Eval(nexus, 2, "seen.length") == 1; }));
  std::string origin = server.Url("/");
  origin.pop_back();
  auto cleared = nexus.Command({"clear-site-data", origin});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_NE(cleared.out.find("1 cookies"), std::string::npos) << cleared.out;
  EXPECT_EQ(nexus.Command({"cookies", "1"}).out, "\n");
  EXPECT_EQ(Eval(nexus, 2, "[localStorage.length, seen.length]"), nlohmann::json::parse("[0, 1]"))
      << "an open page forgets its copy, without a storage event";
  ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
  EXPECT_EQ(Eval(nexus, 1, "[localStorage.length, sessionStorage.length]"),
            nlohmann::json::parse("[0, 0]"));
  auto bad = nexus.Command({"clear-site-data", "not an origin"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("is not an origin"), std::string::npos) << bad.err;
}

// IndexedDB: what a completed transaction wrote is on disk whichever process dies, a request
// in flight when the storage process dies fails where the page sees it, and later ones work.
class IndexedDbDurability : public ::testing::Test {
 protected:
  std::string Page() { return server_.Url("/idb_writer.html"); }
  bool Ready(NexusInstance& nexus) { return Loaded(nexus, 1) && Eval(nexus, 1, "ready") == true; }
  int Acked(NexusInstance& nexus) { return Eval(nexus, 1, "acked").get<int>(); }
  // Every record below `acked`, counted by a fresh page of the origin.
  void ExpectAllThere(NexusInstance& nexus, int acked) {
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return Ready(nexus); }));
    Eval(nexus, 1, "countBelow(" + std::to_string(acked) + ")");
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return !Eval(nexus, 1, "counted").is_null(); }));
    EXPECT_EQ(Eval(nexus, 1, "counted"), acked) << acked << " transactions completed";
  }
  HttpTestServer server_{ServeDirectory(PagesDirectory())};
};

TEST_F(IndexedDbDurability, KillingTheStorageProcessLosesNoCompletedTransaction) {
  NexusInstance nexus({Page()});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Ready(nexus); }));
  Eval(nexus, 1, "start()");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Acked(nexus) > 50; }));
  // Stopped, then killed: the page has a request in flight at that moment for certain.
  pid_t storage = StoragePid(nexus);
  ASSERT_EQ(kill(storage, SIGSTOP), 0);
  int before = Acked(nexus);
  usleep(100 * 1000);
  EXPECT_EQ(Acked(nexus), before) << "nothing completes while the storage process is stopped";
  ASSERT_EQ(kill(storage, SIGKILL), 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Eval(nexus, 1, "errors.length") > 0; }));
  EXPECT_NE(Eval(nexus, 1, "errors[0]").get<std::string>().find("UnknownError"), std::string::npos)
      << Eval(nexus, 1, "errors").dump();
  // The restarted process takes the page's next transactions.
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Acked(nexus) > before + 20; }));
  int acked = Eval(nexus, 1, "stop()").get<int>();
  ASSERT_EQ(nexus.Command({"navigate", "1", Page()}).exit_code, 0);
  ExpectAllThere(nexus, acked);
}

TEST_F(IndexedDbDurability, KillingTheRendererLosesNoCompletedTransaction) {
  NexusInstance nexus({Page()});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Ready(nexus); }));
  Eval(nexus, 1, "start()");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Acked(nexus) > 50; }));
  int acked = Acked(nexus);
  ASSERT_EQ(kill(RendererPidOfTab(nexus, 1), SIGKILL), 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
  ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
  ExpectAllThere(nexus, acked);
}

TEST_F(IndexedDbDurability, KillingMainLosesNoCompletedTransaction) {
  std::string profile = MakeTempDir();
  int acked = 0;
  {
    NexusInstance nexus({Page()}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return Ready(nexus); }));
    Eval(nexus, 1, "start()");
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return Acked(nexus) > 50; }));
    acked = Acked(nexus);
    ASSERT_EQ(kill(nexus.pid(), SIGKILL), 0);
  }
  NexusInstance again({"--no-restore", Page()}, profile);
  ExpectAllThere(again, acked);
}

// clear-site-data's other two parts: IndexedDB (the Cache API and the file system are in it)
// and the HTTP cache of the origin.
TEST(WebStorage, ClearSiteDataAlsoEmptiesIndexedDbAndTheHttpCache) {
  std::atomic<int> page_requests{0};
  HttpTestServer server([&](const TestRequest& request) {
    TestResponse response;
    if (request.path == "/cached.html") {
      ++page_requests;
      response.headers = {{"Content-Type", "text/html"}, {"Cache-Control", "max-age=3600"}};
      response.body = "<title>cached</title>";
      return response;
    }
    return ServeDirectory(PagesDirectory())(request);
  });
  NexusInstance nexus({server.Url("/idb_writer.html")});
  ASSERT_TRUE(
      NexusInstance::WaitFor([&] { return Loaded(nexus, 1) && Eval(nexus, 1, "ready") == true; }));
  Eval(nexus, 1, "start()");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Eval(nexus, 1, "acked").get<int>() >= 5; }));
  Eval(nexus, 1, "stop()");
  for (int visit = 0; visit < 2; ++visit) {
    ASSERT_EQ(nexus.Command({"navigate", "1", server.Url("/cached.html")}).exit_code, 0);
    ASSERT_TRUE(NexusInstance::WaitFor(
        [&] { return Loaded(nexus, 1) && nexus.Tab(1)["title"] == "cached"; }));
  }
  EXPECT_EQ(page_requests.load(), 1) << "the second visit came from the HTTP cache";
  std::string origin = server.Url("/");
  origin.pop_back();
  auto cleared = nexus.Command({"clear-site-data", origin});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  ASSERT_EQ(nexus.Command({"navigate", "1", server.Url("/cached.html")}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return page_requests.load() == 2; }))
      << "the cached page was cleared with its origin";
  ASSERT_EQ(nexus.Command({"navigate", "1", server.Url("/idb_writer.html")}).exit_code, 0);
  ASSERT_TRUE(
      NexusInstance::WaitFor([&] { return Loaded(nexus, 1) && Eval(nexus, 1, "ready") == true; }));
  Eval(nexus, 1, "countBelow(1000)");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return !Eval(nexus, 1, "counted").is_null(); }));
  EXPECT_EQ(Eval(nexus, 1, "counted"), 0);
}

// IndexedDB, and so the Cache API and the file system, stay within the origin's quota; what
// navigator.storage.estimate() says is the same quota.
TEST(WebStorage, IndexedDbPastTheOriginsQuotaIsQuotaExceededError) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  NexusInstance nexus({"--storage-quota-mb", "1", server.Url("/idb_writer.html")});
  ASSERT_TRUE(
      NexusInstance::WaitFor([&] { return Loaded(nexus, 1) && Eval(nexus, 1, "ready") == true; }));
  Eval(nexus, 1, R"(var outcomes = []; function big(n) {
    const tx = db.transaction("log", "readwrite");
    tx.objectStore("log").put("x".repeat(600 * 1024), "big" + n);
    tx.oncomplete = () => { outcomes.push("complete"); if (n < 2) big(n + 1); };
    tx.onabort = () => { outcomes.push(tx.error.name); };
  } big(1); navigator.storage.estimate().then(e => { outcomes.push(e.quota); }); 0)");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Eval(nexus, 1, "outcomes.length") == 3; }));
  EXPECT_EQ(Eval(nexus, 1, "outcomes.filter(o => typeof o === 'string')"),
            nlohmann::json::parse(R"(["complete", "QuotaExceededError"])"));
  EXPECT_EQ(Eval(nexus, 1, "outcomes.find(o => typeof o === 'number')"), 1048576);
}

// Another tab's upgrade reaches the connections a page has open ("versionchange").
TEST(WebStorage, AnIndexedDbUpgradeInOneTabIsAVersionChangeInAnother) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  NexusInstance nexus({server.Url("/idb_writer.html"), server.Url("/idb_writer.html?second")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    return Loaded(nexus, 1) && Loaded(nexus, 2) && Eval(nexus, 1, "ready") == true &&
           Eval(nexus, 2, "ready") == true;
  }));
  Eval(nexus, 1,
       "var heard = []; db.onversionchange = e => { heard.push([e.oldVersion, e.newVersion]); "
       "db.close(); }; 0");
  Eval(nexus, 2,
       "var upgraded = null; const up = indexedDB.open('durability', 2); "
       "up.onsuccess = () => { upgraded = up.result.version; }; 0");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Eval(nexus, 2, "upgraded") == 2; }));
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Eval(nexus, 1, "heard.length") == 1; }));
  EXPECT_EQ(Eval(nexus, 1, "heard"), nlohmann::json::parse("[[1, 2]]"));
}

// cache.add() fetches through main and the network service, and what it stored outlives the
// browser; the file system's files do too.
TEST(WebStorage, CachedResponsesAndFilesOutliveTheBrowser) {
  HttpTestServer server(ServeDirectory(PagesDirectory()));
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({server.Url("/storage_events.html")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(nexus, 1); }));
    Eval(nexus, 1, R"(var stored = null; (async () => {
      const cache = await caches.open("pages");
      await cache.add("/hello.html");
      const root = await navigator.storage.getDirectory();
      const writable = await (await root.getFileHandle("note.txt", {create: true})).createWritable();
      await writable.write("kept");
      await writable.close();
      stored = true;
    })().catch(e => { stored = String(e); }); 0)");
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return !Eval(nexus, 1, "stored").is_null(); }));
    ASSERT_EQ(Eval(nexus, 1, "stored"), true) << Eval(nexus, 1, "stored").dump();
  }
  NexusInstance again({server.Url("/storage_events.html")}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Loaded(again, 1); }));
  Eval(again, 1, R"(var found = null; (async () => {
    const response = await caches.match("/hello.html");
    const root = await navigator.storage.getDirectory();
    const file = await (await root.getFileHandle("note.txt")).getFile();
    found = [response.status, (await response.text()).includes("Hello"), await file.text()];
  })().catch(e => { found = String(e); }); 0)");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return !Eval(again, 1, "found").is_null(); }));
  EXPECT_EQ(Eval(again, 1, "found"), nlohmann::json::parse(R"([200, true, "kept"])"));
}

TEST(WebStorage, APageWithAnOpaqueOriginHasNoStorage) {
  auto run = RunNexus(
      {"eval", "data:text/html,<p>x", "try { localStorage.x = 1; 'stored' } catch (e) { e.name }"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "\"SecurityError\"\n");
}

}  // namespace
}  // namespace nexus::testing
