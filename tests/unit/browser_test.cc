#include <gtest/gtest.h>

#include <sqlite3.h>
#include <fstream>

#include "services/browser/address_bar.h"
#include "services/browser/profile_database.h"
#include "services/browser/tab.h"
#include "services/browser/user_settings.h"
#include "services/network/data_url.h"
#include "temp_dir.h"
#include "web/page/page_summary.h"
#include "web/url/url.h"

namespace nexus {
namespace {

TEST(Url, ParsesAndNormalises) {
  auto url = web::ParseUrl("HTTPS://Example.COM/a/b?x=1#frag");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "example.com");
  EXPECT_EQ(url->path, "/a/b");
  EXPECT_EQ(url->query, "x=1");
  EXPECT_EQ(url->spec, "https://example.com/a/b?x=1");
  EXPECT_FALSE(web::ParseUrl("").ok());
  EXPECT_FALSE(web::ParseUrl("no scheme here").ok());
  EXPECT_FALSE(web::ParseUrl("http:/missing-slash").ok());
  EXPECT_FALSE(web::ParseUrl("http://a\nb/").ok());
}

TEST(Url, SiteIsSchemePlusRegistrableDomain) {
  auto site = [](const char* text) { return web::SiteForUrl(*web::ParseUrl(text)); };
  EXPECT_EQ(site("https://www.example.co.uk/x"), "https://example.co.uk");
  EXPECT_EQ(site("https://a.b.example.com/"), "https://example.com");
  EXPECT_NE(site("http://example.com/"), site("https://example.com/"));
  EXPECT_EQ(site("http://localhost:8080/"), "http://localhost");
  EXPECT_EQ(site("file:///tmp/a.html"), "file://");
}

TEST(Url, AnIpv4HostIsASiteOfItsOwn) {
  auto site = [](const char* text) { return web::SiteForUrl(*web::ParseUrl(text)); };
  EXPECT_EQ(site("http://127.0.0.2/a"), "http://127.0.0.2");
  EXPECT_NE(site("http://127.0.0.1/"), site("http://127.0.0.2/"));
  EXPECT_NE(site("http://10.0.0.2/"), site("http://127.0.0.2/"));
  EXPECT_EQ(site("http://127.0.0.2:8080/"), site("http://127.0.0.2/")) << "ports do not matter";
  EXPECT_NE(site("http://127.0.0.2/"), site("https://127.0.0.2/"));
  // Other spellings of an address never shrink to a "registrable domain" of their last labels.
  EXPECT_EQ(site("http://0x7f.0.0.2/"), "http://0x7f.0.0.2");
  EXPECT_NE(site("http://0x7f.0.0.2/"), site("http://0x0a.0.0.2/"));
  EXPECT_EQ(site("https://a.example.co.uk:8443/"), "https://example.co.uk");
}

TEST(Url, AnIpv6HostIsASiteOfItsOwn) {
  auto site = [](const char* text) { return web::SiteForUrl(*web::ParseUrl(text)); };
  EXPECT_EQ(site("http://[::1]/"), "http://[::1]");
  EXPECT_EQ(site("http://[::1]:8080/x"), "http://[::1]") << "ports do not matter";
  EXPECT_EQ(site("http://[0:0::1]/"), "http://[::1]") << "one address, one site";
  EXPECT_NE(site("http://[::1]/"), site("http://[::2]/"));
  EXPECT_EQ(site("http://[2001:DB8::1]/"), "http://[2001:db8::1]");
}

TEST(Url, UserInputPathsBecomeFileUrlsAndMissingOnesFail) {
  auto url = web::UrlFromUserInput("/etc/hostname");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->spec, "file:///etc/hostname");
  EXPECT_FALSE(web::UrlFromUserInput("/definitely/missing.html").ok());
  EXPECT_EQ(web::QueryValue("process=gpu&mb=12", "mb"), "12");
}

// Adversarial: what a local page may load. Its directory and below; a page installed under
// /usr/share the rest of /usr/share too; never another directory, however the path is spelt.
TEST(Url, ALocalPageLoadsItsDirectoryAndBelowAndPackagedDocsLoadUsrShare) {
  auto allowed = [](const std::string& document, const std::string& resource) {
    auto from = web::ParseUrl(document), to = web::ParseUrl(resource);
    return from.ok() && to.ok() && web::CheckSubresourceAllowed(*from, *to).ok();
  };
  EXPECT_TRUE(allowed("file:///home/u/Downloads/a.html", "file:///home/u/Downloads/img/x.png"));
  EXPECT_FALSE(allowed("file:///home/u/Downloads/a.html", "file:///home/u/.ssh/id_rsa"));
  EXPECT_FALSE(
      allowed("file:///home/u/Downloads/a.html", "file:///home/u/Downloads%2F..%2F.ssh/k"));
  EXPECT_FALSE(allowed("file:///home/u/Downloads/a.html", "file:///usr/share/doc/x/y.css"));
  EXPECT_TRUE(allowed("file:///usr/share/doc/pkg/html/api/f.html",
                      "file:///usr/share/doc/pkg/html/_static/basic.css"));
  EXPECT_TRUE(allowed("file:///usr/share/doc/pkg/html/f.html",
                      "file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));
  EXPECT_FALSE(allowed("file:///usr/share/doc/pkg/f.html", "file:///etc/shadow"));
  EXPECT_FALSE(
      allowed("file:///usr/share/doc/pkg/f.html", "file:///usr/share/%2E%2E/%2E%2E/etc/shadow"));
  EXPECT_FALSE(allowed("file:///usr/share/doc/pkg/f.html", "file:///usr/sharefoo/x.css"));
  EXPECT_FALSE(allowed("http://example.test/a.html", "file:///usr/share/doc/x.css"));
}

TEST(Url, ReferencesResolveAgainstTheDocument) {
  using web::ParseUrl;
  using web::ResolveUrl;
  auto base = web::ParseUrl("https://example.com/a/b/page.html?q=1");
  ASSERT_TRUE(base.ok());
  auto resolve = [&](const std::string& reference) {
    auto url = web::ResolveUrl(*base, reference);
    return url.ok() ? url->spec : "error: " + url.error().message();
  };
  EXPECT_EQ(resolve("style.css"), "https://example.com/a/b/style.css");
  EXPECT_EQ(resolve("../img/x.png"), "https://example.com/a/img/x.png");
  EXPECT_EQ(resolve("../../../../x"), "https://example.com/x");
  EXPECT_EQ(resolve("./c/./d/../e"), "https://example.com/a/b/c/e");
  EXPECT_EQ(resolve("/root.css"), "https://example.com/root.css");
  EXPECT_EQ(resolve("//cdn.example.org/lib.css"), "https://cdn.example.org/lib.css");
  EXPECT_EQ(resolve("?page=2"), "https://example.com/a/b/page.html?page=2");
  EXPECT_EQ(resolve("other.html#frag"), "https://example.com/a/b/other.html");
  EXPECT_EQ(resolve(" data:text/css,p{} "), "data:text/css,p{}");
  EXPECT_EQ(resolve("1x:y.png"), "https://example.com/a/b/1x:y.png") << "not a scheme";
  auto file = web::ParseUrl("file:///home/u/site/index.html");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(web::ResolveUrl(*file, "img/a.png")->spec, "file:///home/u/site/img/a.png");
  auto data = web::ParseUrl("data:text/html,<img src=x.png>");
  EXPECT_FALSE(web::ResolveUrl(*data, "x.png").ok());
}

TEST(DataUrl, DecodesPercentAndBase64) {
  auto plain = network::DecodeDataUrl("data:text/html,<b>hi%20there</b>");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->mime_type, "text/html");
  EXPECT_EQ(plain->bytes, "<b>hi there</b>");
  auto b64 = network::DecodeDataUrl("data:;base64,SGVsbG8=");
  ASSERT_TRUE(b64.ok());
  EXPECT_EQ(b64->bytes, "Hello");
  EXPECT_EQ(b64->mime_type, "text/plain;charset=US-ASCII");
  EXPECT_FALSE(network::DecodeDataUrl("data:text/html").ok());
  EXPECT_FALSE(network::DecodeDataUrl("data:;base64,@@@").ok());
}

TEST(PageSummary, TitleAndVisibleTextFromBrokenMarkup) {
  auto summary = web::SummarizeHtml(
      "<title>  A   &amp; B </title><p>one <b>two<p>three<script>hidden()</script>");
  EXPECT_EQ(summary.title, "A & B");
  EXPECT_EQ(summary.text_length, std::string("one twothree").size());
  EXPECT_GE(summary.element_count, 6u);
}

TEST(NavigationController, NewNavigationDropsForwardHistory) {
  browser::NavigationController history;
  history.Commit("a");
  history.Commit("b");
  history.Commit("c");
  EXPECT_EQ(history.GoBack(), "b");
  EXPECT_TRUE(history.CanGoForward());
  history.Commit("d");
  EXPECT_FALSE(history.CanGoForward());
  EXPECT_EQ(history.size(), 3u);
  EXPECT_EQ(history.GoBack(), "b");
}

TEST(ProfileDatabase, ADamagedSessionRowIsLeftOutAndSaid) {
  std::string dir = testing::MakeTempDir("profile");
  std::string path = dir + "/profile.db";
  {
    auto db = browser::ProfileDatabase::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->SaveSession({{{"file:///a"}, 0, {}}, {{"file:///b"}, 0, {}}}).ok());
  }
  // Another program (or a bad disk) leaves the second row unreadable.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE session SET entries = '[oops' WHERE position = 1", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto db = browser::ProfileDatabase::Open(path);
  ASSERT_TRUE(db.ok());
  std::string damaged;
  auto session = (*db)->LoadSession(&damaged);
  ASSERT_EQ(session.size(), 1u);
  EXPECT_EQ(session[0].entries[0], "file:///a");
  EXPECT_NE(damaged.find("does not parse"), std::string::npos);
}

// Issue 18: a damaged profile.db stopped Nexus from starting. Now it is set aside, what can be
// read is kept, and the report says what happened once.
TEST(ProfileDatabase, ADamagedDatabaseIsSetAsideAndWhatCanBeReadIsKept) {
  std::string dir = testing::MakeTempDir("profile");
  std::string path = dir + "/profile.db";
  {
    auto db = browser::ProfileDatabase::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->SetSetting("search_url", "https://s.test/?q=%s").ok());
    for (int i = 0; i < 400; ++i)
      ASSERT_TRUE(
          (*db)->AddVisit({"https://v.test/" + std::to_string(i), std::string(300, 'x'), i}).ok());
  }
  std::string report;
  auto healthy = browser::ProfileDatabase::OpenOrRecover(path, &report);
  ASSERT_TRUE(healthy.ok());
  EXPECT_EQ(report, "") << "a healthy database is opened as it is";
  healthy->reset();
  {
    // The end of the file (the visits' pages, written last) gets garbage; the start stays.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
    FILE* file = fopen(path.c_str(), "r+b");
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(fseek(file, -8192, SEEK_END), 0);
    std::string junk(8192, '\x5a');
    ASSERT_EQ(fwrite(junk.data(), 1, junk.size(), file), junk.size());
    fclose(file);
  }
  auto recovered = browser::ProfileDatabase::OpenOrRecover(path, &report);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message();
  EXPECT_NE(report.find("was damaged"), std::string::npos) << report;
  EXPECT_NE(report.find("set aside as " + path + ".corrupt-"), std::string::npos) << report;
  EXPECT_NE(report.find("kept: settings"), std::string::npos) << report;
  EXPECT_EQ((*recovered)->GetSetting("search_url"), "https://s.test/?q=%s");
  EXPECT_TRUE((*recovered)->SetSetting("after", "works").ok()) << "the fresh database is writable";
  // Not a database at all: nothing is kept, and it still opens.
  recovered->reset();
  std::ofstream(path, std::ios::trunc) << std::string(4096, 'G');
  auto fresh = browser::ProfileDatabase::OpenOrRecover(path, &report);
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(report.find("kept: nothing"), std::string::npos) << report;
}

TEST(ProfileDatabase, KeepsSettingsSessionAndCrashes) {
  std::string dir = testing::MakeTempDir("profile");
  std::string path = dir + "/profile.db";
  {
    auto db = browser::ProfileDatabase::Open(path);
    ASSERT_TRUE(db.ok()) << db.error().message();
    ASSERT_TRUE((*db)->SetSetting("homepage", "about:blank").ok());
    // The second tab's page had text typed into it: it comes back with the tab.
    std::vector<browser::SessionTab> session = {{{"file:///a", "file:///b"}, 1, {}},
                                                {{"data:,c"}, 0, {{"#name", "Ann"}, {"1/0", "é"}}}};
    ASSERT_TRUE((*db)->SaveSession(session).ok());
    (*db)->AppendCrash(process::ProcessType::GPU, 1000);
  }
  auto db = browser::ProfileDatabase::Open(path);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->GetSetting("homepage"), "about:blank");
  std::vector<browser::SessionTab> expected = {{{"file:///a", "file:///b"}, 1, {}},
                                               {{"data:,c"}, 0, {{"#name", "Ann"}, {"1/0", "é"}}}};
  EXPECT_EQ((*db)->LoadSession(), expected);
  EXPECT_EQ((*db)->LoadCrashes(0).size(), 1u);
  EXPECT_TRUE((*db)->LoadCrashes(1000).empty());
  EXPECT_FALSE(browser::ProfileDatabase::Open("/proc/nope/profile.db").ok());
}

// Rows that load but cannot be right are dropped one by one, counted, and removed, so that
// the next start neither trips on them nor counts them again; good rows beside them stay.
TEST(ProfileDatabase, DamagedRowsAreDroppedCountedAndRemoved) {
  std::string path = testing::MakeTempDir("profile") + "/profile.db";
  {
    auto db = browser::ProfileDatabase::Open(path);
    ASSERT_TRUE(db.ok());
    network::Cookie good;
    good.name = "id";
    good.value = "42";
    good.domain = "a.test";
    good.path = "/";
    good.persistent = true;
    ASSERT_TRUE((*db)->SaveCookie(good).ok());
    (*db)->AppendCrash(process::ProcessType::GPU, 1000);
    ASSERT_TRUE((*db)->SavePageVector({"https://a.test/", "A", "m", {0.5f, 0.25f}, 1}).ok());
  }
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    const char* damage[] = {
        // A value that would end the Cookie header and start another; a domain and a path no
        // server could set; an unknown SameSite.
        "INSERT INTO cookies VALUES('x', 'a.test', '/', 'v\r\nHost: evil', 0, 0, 0, 0, 0, 0, 0)",
        "INSERT INTO cookies VALUES('y', 'A TEST', '/', 'v', 0, 0, 0, 0, 0, 0, 0)",
        "INSERT INTO cookies VALUES('z', 'a.test', 'no-slash', 'v', 0, 0, 0, 0, 0, 0, 0)",
        "INSERT INTO cookies VALUES('w', 'a.test', '/', 'v', 0, 0, 0, 0, 0, 0, 9)",
        "INSERT INTO crash_history(type, time_ms) VALUES('martian', 2000)",
        "INSERT INTO crash_history(type, time_ms) VALUES('gpu', 9000000000000000)",
        "INSERT INTO page_vectors VALUES('https://b.test/', 'B', 'm', x'0102030405', 1)",
        "INSERT INTO page_vectors VALUES('https://c.test/', 'C', 'm', x'0000c07f', 1)",  // NaN
        "INSERT INTO settings VALUES('search_url', 'not a template')",
    };
    for (const char* sql : damage)
      ASSERT_EQ(sqlite3_exec(raw, sql, nullptr, nullptr, nullptr), SQLITE_OK)
          << sql << ": " << sqlite3_errmsg(raw);
    sqlite3_close(raw);
  }
  auto db = browser::ProfileDatabase::Open(path);
  ASSERT_TRUE(db.ok());
  auto cookies = (*db)->LoadCookies();
  ASSERT_EQ(cookies.size(), 1u);
  EXPECT_EQ(cookies[0].name, "id");
  ASSERT_EQ((*db)->LoadCrashes(0).size(), 1u);
  EXPECT_EQ((*db)->LoadCrashes(0)[0].second, 1000);
  auto vectors = (*db)->LoadPageVectors("m");
  ASSERT_TRUE(vectors.ok());
  ASSERT_EQ(vectors->size(), 1u);
  EXPECT_EQ((*vectors)[0].vector, (std::vector<float>{0.5f, 0.25f}));
  EXPECT_EQ(browser::SettingInEffect(**db, *browser::FindUserSetting("search_url")),
            browser::kDefaultSearchTemplate);
  std::map<std::string, int> expected = {
      {"cookie", 4}, {"crash record", 2}, {"page vector", 2}, {"setting", 1}};
  EXPECT_EQ((*db)->dropped(), expected);
  // Removed: the next start finds nothing to drop.
  auto again = browser::ProfileDatabase::Open(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->LoadCookies().size(), 1u);
  EXPECT_EQ((*again)->LoadCrashes(0).size(), 1u);
  EXPECT_EQ((*again)->LoadPageVectors("m")->size(), 1u);
  EXPECT_FALSE((*again)->GetSetting("search_url").has_value());
  EXPECT_TRUE((*again)->dropped().empty());
}

}  // namespace
}  // namespace nexus
