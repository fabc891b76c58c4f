// A compromised renderer, end to end: a live, sandboxed renderer of a real browser writes
// forged messages on its real IPC channel (nexus://forge-ipc makes it act as one would). Each
// forgery must get it killed as a bad message and change nothing: no cookie stored, no request
// sent, nothing handed to another process (DESIGN.md §3, issue 14).
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>

#include <gtest/gtest.h>

#include "http_test_server.h"
#include "nexus_instance.h"

namespace nexus::testing {
namespace {

int CountForgedCookies(const std::string& profile) {
  sqlite3* db = nullptr;
  int count = -1;
  if (sqlite3_open_v2((profile + "/profile.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
      SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM cookies WHERE name = 'forged'", -1, &statement,
                           nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
      count = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return count;
}

TEST(ForgedIpc, ACompromisedRendererIsKilledAndNothingItForgedTakesEffect) {
  std::atomic<int> secret_requests{0};
  std::atomic<int> stolen_cookies{0};
  HttpTestServer server([&](const TestRequest& request) {
    if (request.path == "/secret")
      ++secret_requests;
    if (auto cookie = request.headers.find("cookie");
        cookie != request.headers.end() && cookie->second.find("stolen") != std::string::npos)
      ++stolen_cookies;
    TestResponse response;
    response.headers = {{"Content-Type", "text/plain"}};
    response.body = "secret";
    return response;
  });
  // Heartbeats off the clock and a data: page (kept out of the history, so no page vectors
  // are asked for), so that the AI process hears nothing after it has started.
  NexusInstance nexus({"--heartbeat-ms", "600000", "--hang-timeout-ms", "600000",
                       "data:text/html,<title>forger</title><p>a page"});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  ASSERT_EQ(nexus.Command({"navigate", "1", "nexus://start?process=ai"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    auto ai = nexus.FindProcess("ai");
    return !ai.is_null() && ai["state"] == "active";
  }));
  auto pid_of = [&](const char* type) { return nexus.FindProcess(type)["pid"].get<int>(); };
  int network_pid = pid_of("network"), ai_pid = pid_of("ai"), storage_pid = pid_of("storage");
  int ai_received = nexus.FindProcess("ai")["ipc_messages_received"].get<int>();

  struct Forgery {
    std::string message, to, url;
  };
  const Forgery forgeries[] = {
      {"cookie-to-network", "network", "http://victim.test/"},
      {"load-to-network", "network", server.Url("/secret")},
      {"analysis-to-ai", "ai", "http://victim.test"},
      {"cookie-changed", "browser", "victim.test"},
      {"as-another-process", "browser", server.Url("/secret")},
      {"area-write-to-storage", "storage", "http://victim.test"},
      {"storage-write-opaque", "browser", "1"},
  };
  for (const Forgery& forgery : forgeries) {
    SCOPED_TRACE(forgery.message);
    int renderer = RendererPidOfTab(nexus, 1);
    ASSERT_GT(renderer, 0);
    ASSERT_EQ(nexus
                  .Command({"navigate", "1",
                            "nexus://forge-ipc?message=" + forgery.message + "&to=" + forgery.to +
                                "&url=" + forgery.url})
                  .exit_code,
              0);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "crashed"); }));
    std::string error = nexus.Tab(1)["error"];
    EXPECT_NE(error.find("bad message"), std::string::npos) << error;
    EXPECT_NE(kill(renderer, 0), 0) << "the forging renderer is gone";
    // The services it addressed never heard of it, and live on.
    EXPECT_EQ(pid_of("network"), network_pid);
    EXPECT_EQ(pid_of("ai"), ai_pid);
    EXPECT_EQ(pid_of("storage"), storage_pid);
    EXPECT_EQ(nexus.FindProcess("ai")["ipc_messages_received"].get<int>(), ai_received);
    ASSERT_EQ(nexus.Command({"reload", "1"}).exit_code, 0);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  }
  EXPECT_EQ(secret_requests.load(), 0) << "a forged load reached the server";
  EXPECT_EQ(stolen_cookies.load(), 0);
  EXPECT_TRUE(nexus.alive());
  EXPECT_EQ(nexus.Stop(), 0);
  EXPECT_EQ(CountForgedCookies(nexus.profile()), 0) << "a forged cookie was stored";
  EXPECT_NE(access((nexus.profile() + "/storage/origins").c_str(), F_OK), 0)
      << "no origin's storage was ever opened";
}

}  // namespace
}  // namespace nexus::testing
