// The network service against real servers on 127.0.0.1 (http_test_server.h): pages and
// subresources over HTTP and HTTPS, redirects, encodings, and failures that name their
// cause (issue 5).
#include <signal.h>

#include <arpa/inet.h>
#include <sched.h>
#include <sys/mount.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "http_test_server.h"
#include "nexus_instance.h"

namespace nexus::testing {
namespace {

TestResponse Html(const std::string& title, int status = 200) {
  TestResponse response;
  response.status = status;
  response.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
  response.body = "<!doctype html><title>" + title + "</title><p>" + title;
  return response;
}

// Loads `url` in a headless Nexus and returns what it printed (the title) or its error.
CommandResult Load(const std::string& url, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--headless", "--exit-after-load", "--profile", MakeTempDir()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(url);
  return RunNexus(args, 60);
}

TEST(Http, PagesAndTheirSubresourcesComeThroughTheNetworkService) {
  HttpTestServer server(ServeDirectory(PagePath("")));
  std::string out = MakeTempDir() + "/styled.png";
  auto result = RunNexus({"shot", server.Url("/styled.html"), "-o", out}, 60);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The page, its stylesheet, the @imported one, the tile and five images.
  EXPECT_GE(server.requests(), 9);
  auto loaded = Load(server.Url("/hello.html"));
  EXPECT_EQ(loaded.exit_code, 0) << loaded.err;
  EXPECT_EQ(loaded.out, "Hello from Nexus\n");
}

TEST(Http, RedirectsAreFollowedUpToALimit) {
  HttpTestServer server([](const TestRequest& request) {
    if (request.path.rfind("/hop/", 0) == 0) {
      int left = std::stoi(request.path.substr(5));
      TestResponse response;
      response.status = 302;
      response.headers.push_back(
          {"Location", left > 0 ? "/hop/" + std::to_string(left - 1) : "/landed"});
      return response;
    }
    return Html("Landed");
  });
  // The limit is 10 redirects, as Chromium's 20 and Firefox's 20 are limits: /hop/9 takes
  // exactly 10, /hop/10 one more.
  auto ten = Load(server.Url("/hop/9"));
  EXPECT_EQ(ten.exit_code, 0) << ten.err;
  EXPECT_EQ(ten.out, "Landed\n");
  // The tab shows where the redirects ended, and the page's links resolve against it.
  NexusInstance nexus({server.Url("/hop/1")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  EXPECT_EQ(nexus.Tab(1)["url"], server.Url("/landed"));
  auto eleven = Load(server.Url("/hop/10"));
  EXPECT_NE(eleven.exit_code, 0);
  EXPECT_NE(eleven.err.find("too many redirects"), std::string::npos) << eleven.err;
}

TEST(Http, GzipBrotliZstdAndChunkedBodiesAreDecoded) {
  HttpTestServer server([](const TestRequest& request) {
    TestResponse response = Html(request.path.substr(1));
    response.body += std::string(5000, ' ');  // several chunks
    response.gzip = request.path == "/gzip";
    response.brotli = request.path == "/brotli";
    response.zstd = request.path == "/zstd";
    response.chunked = request.path == "/chunked";
    return response;
  });
  EXPECT_EQ(Load(server.Url("/gzip")).out, "gzip\n");
  EXPECT_EQ(Load(server.Url("/brotli")).out, "brotli\n");
  EXPECT_EQ(Load(server.Url("/zstd")).out, "zstd\n");
  EXPECT_EQ(Load(server.Url("/chunked")).out, "chunked\n");
}

TEST(Http, FailuresNameTheirCause) {
  RefusingPort refusing;
  int closed_port = refusing.port();
  auto refused = Load("http://127.0.0.1:" + std::to_string(closed_port) + "/");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("connection refused"), std::string::npos) << refused.err;

  auto unknown = Load("http://no-such-host.invalid/");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("host not found: no-such-host.invalid"), std::string::npos)
      << unknown.err;

  HttpTestServer stalling([](const TestRequest&) {
    TestResponse response = Html("late");
    response.stall_ms = 10000;
    return response;
  });
  auto stalled = Load(stalling.Url("/"), {"--network-timeout-ms", "1000"});
  EXPECT_NE(stalled.exit_code, 0);
  EXPECT_NE(stalled.err.find("timed out"), std::string::npos) << stalled.err;
}

TEST(Http, AFailedLoadShowsAnErrorPageThatNamesTheCause) {
  RefusingPort refusing;
  int closed_port = refusing.port();
  NexusInstance nexus({PagePath("hello.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port) + "/<script>";
  ASSERT_EQ(nexus.Command({"navigate", "1", url}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    return nexus.Tab(1)["title"].get<std::string>().rfind("Error: connection refused", 0) == 0;
  })) << nexus.Tab(1).dump();
  EXPECT_EQ(nexus.Tab(1)["state"], "error");
  EXPECT_NE(nexus.Tab(1)["error"].get<std::string>().find("connection refused by 127.0.0.1"),
            std::string::npos);
  // The error page is a page like any other: it can be hit-tested.
  auto hit = nexus.Command({"hit-test", "1", "60", "60", "--json"});
  EXPECT_EQ(hit.exit_code, 0) << hit.err;
}

TEST(Https, TheTestCaIsTrustedAndBadCertificatesAreRejectedWithTheReason) {
  std::string dir = MakeTempDir();
  TestCertificates certs = MakeTestCertificates(dir);
  auto handler = [](const TestRequest&) { return Html("Secure"); };
  HttpTestServer valid(handler, certs.valid_file, certs.key_file);
  auto trusted = Load(valid.Url("/"), {"--ca-file", certs.ca_file});
  EXPECT_EQ(trusted.exit_code, 0) << trusted.err;
  EXPECT_EQ(trusted.out, "Secure\n");

  auto unknown_ca = Load(valid.Url("/"));  // the system store does not know the test CA
  EXPECT_NE(unknown_ca.exit_code, 0);
  EXPECT_NE(unknown_ca.err.find("unknown authority"), std::string::npos) << unknown_ca.err;

  HttpTestServer expired(handler, certs.expired_file, certs.key_file);
  auto old = Load(expired.Url("/"), {"--ca-file", certs.ca_file});
  EXPECT_NE(old.exit_code, 0);
  EXPECT_NE(old.err.find("certificate has expired"), std::string::npos) << old.err;

  HttpTestServer wrong_host(handler, certs.wrong_host_file, certs.key_file);
  auto other = Load(wrong_host.Url("/"), {"--ca-file", certs.ca_file});
  EXPECT_NE(other.exit_code, 0);
  EXPECT_NE(other.err.find("certificate is for another host"), std::string::npos) << other.err;

  HttpTestServer self_signed(handler, certs.self_signed_file, certs.key_file);
  auto self = Load(self_signed.Url("/"), {"--ca-file", certs.ca_file});
  EXPECT_NE(self.exit_code, 0);
  EXPECT_NE(self.err.find("self-signed certificate"), std::string::npos) << self.err;
}

TEST(Http, NavigatingAwayCancelsWhatThePageWasLoading) {
  HttpTestServer server([](const TestRequest& request) {
    if (request.path == "/other")
      return Html("Other");
    TestResponse response = Html("Slow");
    response.body += std::string(32u << 20, ' ');  // more than any socket buffer holds
    response.stall_ms = 1500;
    return response;
  });
  NexusInstance nexus({server.Url("/slow")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return server.requests() >= 1; }));
  ASSERT_EQ(nexus.Command({"navigate", "1", server.Url("/other")}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  EXPECT_EQ(nexus.Tab(1)["title"], "Other");
  // The slow response finds its connection closed: the network service let it go.
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return server.aborted_responses() >= 1; }, 10000));
}

TEST(Http2, PagesLoadFromAServerThatSpeaksOnlyHttp2) {
  std::string dir = MakeTempDir("h2");
  TestCertificates certs = MakeTestCertificates(dir);
  mkdir((dir + "/docs").c_str(), 0700);
  std::ofstream(dir + "/docs/index.html") << "<!doctype html><title>Over HTTP/2</title><p>h2";
  // nghttpd takes a port number, not a socket: ask the kernel for a free one, and if another
  // process took it before nghttpd bound it (nghttpd then exits), ask again.
  int port = 0;
  pid_t server = -1;
  for (int attempt = 0; attempt < 5 && server < 0; ++attempt) {
    {
      HttpTestServer probe([](const TestRequest&) { return Html("x"); });
      port = probe.port();
    }
    pid_t child = fork();
    if (child == 0) {
      execl("/usr/sbin/nghttpd", "nghttpd", "-d", (dir + "/docs").c_str(),
            std::to_string(port).c_str(), certs.key_file.c_str(), certs.valid_file.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);  // Debian's nghttp2-server, installed by scripts/setup.sh
    }
    bool exited = false;
    bool up = NexusInstance::WaitFor([&] {
      if (waitpid(child, nullptr, WNOHANG) == child)
        return exited = true;
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(static_cast<uint16_t>(port));
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      bool listening = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
      close(fd);
      return listening;
    });
    if (up && !exited)
      server = child;
  }
  ASSERT_GT(server, 0) << "nghttpd did not start";
  auto result = Load("https://127.0.0.1:" + std::to_string(port) + "/index.html",
                     {"--ca-file", certs.ca_file});
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "Over HTTP/2\n") << "nghttpd speaks HTTP/2 only";
}

std::string TitleAfterNavigating(NexusInstance& nexus, const std::string& url);

// DNS is the network service's, and it keeps answers a while (the DNS cache of its libcurl
// multi handle, 60 s): a host that moves between two loads is still found where it was, while
// a new network service finds it where it went. This test gives itself (and the Nexus it
// starts) an /etc/hosts of its own, in a mount namespace of its own.
TEST(Http, HostNamesAreResolvedByTheServiceAndItsAnswersKept) {
  HttpTestServer first([](const TestRequest&) { return Html("First"); }, "127.0.0.1", 0);
  HttpTestServer second([](const TestRequest&) { return Html("Second"); }, "127.0.0.2",
                        first.port());
  std::string hosts = MakeTempDir() + "/hosts";
  std::ofstream(hosts) << "127.0.0.1 localhost moving.test\n";
  ASSERT_EQ(unshare(CLONE_NEWNS), 0) << "needs root (as CI has) for a mount namespace";
  ASSERT_EQ(mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr), 0);
  ASSERT_EQ(mount(hosts.c_str(), "/etc/hosts", nullptr, MS_BIND, nullptr), 0);
  std::string url = "http://moving.test:" + std::to_string(first.port()) + "/";
  auto move_host = [&](const char* address) {
    std::ofstream(hosts) << address << " moving.test\n127.0.0.1 localhost\n";  // same file
  };
  {
    NexusInstance nexus({url});
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
    EXPECT_EQ(nexus.Tab(1)["title"], "First");
    move_host("127.0.0.2");
    EXPECT_EQ(TitleAfterNavigating(nexus, url + "?again"), "First") << "the answer was kept";
  }
  EXPECT_EQ(Load(url).out, "Second\n") << "a new network service asks again";
  // Both sides of the lifetime, made short: kept within it, asked again past it.
  move_host("127.0.0.1");
  {
    NexusInstance nexus({"--dns-cache-s", "4", url});
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
    EXPECT_EQ(nexus.Tab(1)["title"], "First");
    auto resolved = std::chrono::steady_clock::now();
    move_host("127.0.0.2");
    std::string within = TitleAfterNavigating(nexus, url + "?within");
    // (A machine too loaded to navigate within 3 s of the first load proves nothing here.)
    if (std::chrono::steady_clock::now() - resolved < std::chrono::seconds(3)) {
      EXPECT_EQ(within, "First") << "kept for its lifetime";
    }
    std::this_thread::sleep_until(resolved + std::chrono::seconds(6));
    EXPECT_EQ(TitleAfterNavigating(nexus, url + "?past"), "Second") << "asked again after it";
  }
  umount("/etc/hosts");
}

TEST(Http, ServerErrorPagesAreShownAsTheServerSentThem) {
  HttpTestServer server([](const TestRequest&) { return Html("Nothing here", 404); });
  auto result = Load(server.Url("/missing"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "Nothing here\n");
}

TEST(Http, AKilledNetworkServiceIsRestartedAndTheLoadRetried) {
  std::atomic<int> calls{0};
  HttpTestServer server([&](const TestRequest&) {
    TestResponse response = Html("Second try");
    if (calls++ == 0)
      response.stall_ms = 3000;  // the first attempt hangs until the service is killed
    return response;
  });
  NexusInstance nexus({server.Url("/")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return server.requests() >= 1; }));
  auto network = nexus.FindProcess("network");
  ASSERT_FALSE(network.is_null());
  kill(network["pid"].get<int>(), SIGKILL);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }, 20000))
      << nexus.Tab(1).dump();
  EXPECT_EQ(nexus.Tab(1)["title"], "Second try");
  EXPECT_GE(server.requests(), 2);
}

TEST(Http, ALoadCaughtInTwoNetworkCrashesFailsInsteadOfLoopingForever) {
  HttpTestServer server([](const TestRequest&) {
    TestResponse response = Html("never");
    response.stall_ms = 20000;
    return response;
  });
  NexusInstance nexus({server.Url("/")});
  for (int crash = 1; crash <= 2; ++crash) {
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return server.requests() >= crash; }, 15000));
    auto network = nexus.FindProcess("network");
    ASSERT_FALSE(network.is_null());
    kill(network["pid"].get<int>(), SIGKILL);
    ASSERT_TRUE(NexusInstance::WaitFor([&] {
      auto now = nexus.FindProcess("network");
      return now.is_null() || now["pid"] != network["pid"];
    }));
  }
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "error"); }, 15000))
      << nexus.Tab(1).dump();
  EXPECT_NE(nexus.Tab(1)["error"].get<std::string>().find("crashed twice"), std::string::npos)
      << nexus.Tab(1).dump();
  EXPECT_EQ(server.requests(), 2) << "retried once, not again";
}

std::string Pattern(size_t size) {
  std::string body(size, '\0');
  for (size_t i = 0; i < size; ++i)
    body[i] = static_cast<char>((i * 131 + i / 4096) & 0xff);
  return body;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

TEST(Http, AHundredMegabyteBodyStreamsToAFileInPieces) {
  const std::string expected = Pattern(100u << 20);
  HttpTestServer server([&](const TestRequest&) {
    TestResponse response;
    response.headers.push_back({"Content-Type", "application/octet-stream"});
    response.body = expected;
    return response;
  });
  std::string path = MakeTempDir() + "/big.bin";
  auto result = RunNexus({"fetch", server.Url("/big.bin"), "-o", path}, 120);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "saved 104857600 bytes to " + path + "\n");
  EXPECT_TRUE(ReadAll(path) == expected) << "the saved bytes differ from the served ones";
}

TEST(Http, FetchFailuresLeaveNoFileBehind) {
  HttpTestServer server([](const TestRequest&) { return Html("Missing", 404); });
  std::string path = MakeTempDir() + "/missing.bin";
  auto result = RunNexus({"fetch", server.Url("/missing"), "-o", path}, 60);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("HTTP 404"), std::string::npos) << result.err;
  EXPECT_NE(access(path.c_str(), F_OK), 0);
  EXPECT_NE(access((path + ".part").c_str(), F_OK), 0);
  auto no_output = RunNexus({"fetch", server.Url("/x")}, 60);
  EXPECT_EQ(no_output.exit_code, 2);
  auto bad_scheme = RunNexus({"fetch", "ftp://example.com/x", "-o", path}, 60);
  EXPECT_EQ(bad_scheme.exit_code, 1);
  EXPECT_NE(bad_scheme.err.find("ftp"), std::string::npos) << bad_scheme.err;
}

// A page of exactly 64 MiB loads; one byte more is stopped and reported.
TEST(Http, APageOverTheDocumentLimitIsStoppedAndReported) {
  HttpTestServer server([](const TestRequest& request) {
    TestResponse response = Html("Huge");
    size_t size = (64u << 20) + (request.path == "/over" ? 1 : 0);
    response.body.resize(size, ' ');
    return response;
  });
  auto at_limit = Load(server.Url("/at"));
  EXPECT_EQ(at_limit.exit_code, 0) << at_limit.err;
  EXPECT_EQ(at_limit.out, "Huge\n");
  auto over = Load(server.Url("/over"));
  EXPECT_NE(over.exit_code, 0);
  EXPECT_NE(over.err.find("over the 64 MiB limit"), std::string::npos) << over.err;
}

TEST(Http, ADownloadCutByANetworkCrashStartsAgainAndCompletes) {
  const std::string expected = Pattern(20u << 20);
  std::atomic<int> calls{0};
  HttpTestServer server([&](const TestRequest&) {
    TestResponse response;
    response.body = expected;
    if (calls++ == 0)
      response.stall_ms = 3000;  // killed while waiting for this one
    return response;
  });
  std::string path = MakeTempDir() + "/file.bin";
  std::string profile = MakeTempDir();
  pid_t child = fork();
  if (child == 0) {
    execl(NEXUS_BINARY, NEXUS_BINARY, "fetch", server.Url("/file").c_str(), "-o", path.c_str(),
          "--profile", profile.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return server.requests() >= 1; }));
  // The fetch's network service: the child of the fetching main whose command line says so.
  pid_t network = ChildOfType(child, "network");
  ASSERT_GT(network, 0);
  kill(network, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_GE(server.requests(), 2);
  EXPECT_TRUE(ReadAll(path) == expected);
}

// A server whose /fresh may be cached for an hour and whose /validated must be revalidated
// (ETag); it counts what it served and how.
struct CachingServer {
  std::mutex mutex;
  std::map<std::string, int> full_responses;
  int not_modified = 0;
  HttpTestServer server{[this](const TestRequest& request) {
    std::lock_guard<std::mutex> lock(mutex);
    TestResponse response = Html("Cached " + request.path);
    if (request.path == "/fresh") {
      response.headers.push_back({"Cache-Control", "max-age=3600"});
    } else {
      response.headers.push_back({"Cache-Control", "no-cache"});
      response.headers.push_back({"ETag", "\"v1\""});
      auto sent = request.headers.find("if-none-match");
      if (sent != request.headers.end() && sent->second == "\"v1\"") {
        ++not_modified;
        response.status = 304;
        response.body.clear();
        return response;
      }
    }
    ++full_responses[request.path];
    return response;
  }};
};

TEST(HttpCache, FreshResponsesAreReusedStaleOnesRevalidatedAcrossRestarts) {
  CachingServer origin;
  std::string profile = MakeTempDir();
  for (int run = 0; run < 2; ++run) {  // the second run is a new session on the same profile
    NexusInstance nexus({origin.server.Url("/fresh")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
    EXPECT_EQ(TitleAfterNavigating(nexus, origin.server.Url("/validated")), "Cached /validated");
    EXPECT_EQ(TitleAfterNavigating(nexus, origin.server.Url("/fresh")), "Cached /fresh");
    EXPECT_EQ(TitleAfterNavigating(nexus, origin.server.Url("/validated")), "Cached /validated");
    EXPECT_EQ(nexus.Stop(), 0);
  }
  std::lock_guard<std::mutex> lock(origin.mutex);
  EXPECT_EQ(origin.full_responses["/fresh"], 1) << "fresh for an hour: served once";
  EXPECT_EQ(origin.full_responses["/validated"], 1) << "after the first, 304s";
  EXPECT_EQ(origin.not_modified, 3);
}

// A cache entry damaged on disk (here a field of the wrong type, as an older version might
// have written) is a miss: the page comes from the server again, the network service lives,
// and `nexus ps` counts the dropped entry on main's row.
TEST(HttpCache, ADamagedEntryIsAMissDroppedAndCounted) {
  CachingServer origin;
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({origin.server.Url("/fresh")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
    EXPECT_EQ(nexus.Stop(), 0);
  }
  int damaged = 0;
  for (const auto& entry : std::filesystem::directory_iterator(profile + "/cache")) {
    if (entry.path().extension() != ".entry")
      continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), {});
    size_t status = text.find("\"status\":200");
    ASSERT_NE(status, std::string::npos) << text.substr(0, 200);
    text.replace(status, 12, "\"status\":\"2\"");  // same length: the header length holds
    std::ofstream(entry.path(), std::ios::trunc) << text;
    ++damaged;
  }
  ASSERT_EQ(damaged, 1);
  NexusInstance nexus({origin.server.Url("/fresh")}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  EXPECT_EQ(nexus.Tab(1)["title"], "Cached /fresh");
  {
    std::lock_guard<std::mutex> lock(origin.mutex);
    EXPECT_EQ(origin.full_responses["/fresh"], 2) << "the damaged entry was a miss";
  }
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    for (auto& process : nexus.Processes()) {
      if (process["id"] == 0)
        return process.value("detail", "") == "damaged, dropped: 1 cache entry";
    }
    return false;
  })) << nexus.Processes().dump();
}

TEST(HttpCache, DisableCacheAsksTheServerEveryTime) {
  CachingServer origin;
  NexusInstance nexus({"--disable-cache", origin.server.Url("/fresh")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  EXPECT_EQ(TitleAfterNavigating(nexus, origin.server.Url("/fresh?again")), "Cached /fresh?again");
  EXPECT_EQ(TitleAfterNavigating(nexus, origin.server.Url("/fresh")), "Cached /fresh");
  std::lock_guard<std::mutex> lock(origin.mutex);
  EXPECT_EQ(origin.full_responses["/fresh"], 2);
}

// A server that sets cookies on /set and echoes the Cookie header it gets as the page title.
TestHandler CookieServer(std::vector<std::string>* seen = nullptr, std::mutex* mutex = nullptr) {
  return [seen, mutex](const TestRequest& request) {
    auto cookie = request.headers.find("cookie");
    std::string sent = cookie == request.headers.end() ? "none" : cookie->second;
    if (seen) {
      std::lock_guard<std::mutex> lock(*mutex);
      seen->push_back(request.path + " " + sent);
    }
    if (request.path == "/set") {
      TestResponse response = Html("Set");
      response.headers.push_back({"Set-Cookie", "id=42; Max-Age=3600; Path=/"});
      response.headers.push_back({"Set-Cookie", "session=1; Path=/; HttpOnly"});
      response.headers.push_back({"Set-Cookie", "strict=1; Path=/; SameSite=Strict"});
      response.headers.push_back({"Set-Cookie", "bad=1; Domain=example.com"});
      return response;
    }
    if (request.path == "/img")
      return TestResponse{404, {}, "", false, false, 0};
    return Html(sent);
  };
}

std::string TitleAfterNavigating(NexusInstance& nexus, const std::string& url) {
  EXPECT_EQ(nexus.Command({"navigate", "1", url}).exit_code, 0);
  NexusInstance::WaitFor([&] {
    auto tab = nexus.Tab(1);
    return tab["url"] == url && tab["state"] != "loading";
  });
  return nexus.Tab(1)["title"];
}

TEST(Cookies, RoundTripSurviveANetworkCrashAndPersistAcrossRestarts) {
  HttpTestServer server(CookieServer());
  std::string profile = MakeTempDir();
  {
    NexusInstance nexus({server.Url("/set")}, profile);
    ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
    EXPECT_EQ(TitleAfterNavigating(nexus, server.Url("/echo")), "id=42; session=1; strict=1");
    // What a script sees as document.cookie: all but the HttpOnly one.
    auto script_view = nexus.Command({"cookies", "1"});
    EXPECT_EQ(script_view.exit_code, 0) << script_view.err;
    EXPECT_EQ(script_view.out, "id=42; strict=1\n");
    // The network service (and its jar) dies; main gives the restarted one every cookie.
    auto network = nexus.FindProcess("network");
    ASSERT_FALSE(network.is_null());
    kill(network["pid"].get<int>(), SIGKILL);
    ASSERT_TRUE(NexusInstance::WaitFor([&] {
      auto now = nexus.FindProcess("network");
      return !now.is_null() && now["pid"] != network["pid"] && now["state"] == "active";
    }));
    EXPECT_EQ(TitleAfterNavigating(nexus, server.Url("/echo?after-crash")),
              "id=42; session=1; strict=1");
    EXPECT_EQ(nexus.Stop(), 0);
  }
  // A new session: the persistent cookie is back from the profile, the session cookies not.
  NexusInstance again({server.Url("/echo?new-session")}, profile);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(again, 1, "loaded"); }));
  EXPECT_EQ(again.Tab(1)["title"], "id=42");
}

TEST(Cookies, StrictCookiesStayHomeOnCrossSiteRequests) {
  std::vector<std::string> seen;
  std::mutex mutex;
  HttpTestServer cookie_site(CookieServer(&seen, &mutex));
  // Another site (localhost is not 127.0.0.1's site) whose page embeds an image from the first.
  std::string image = "http://127.0.0.1:" + std::to_string(cookie_site.port()) + "/img";
  HttpTestServer other_site([image](const TestRequest&) {
    TestResponse response = Html("Embedder");
    response.body += "<img src='" + image + "'>";
    return response;
  });
  std::string other = "http://localhost:" + std::to_string(other_site.port()) + "/";
  NexusInstance nexus({cookie_site.Url("/set")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  EXPECT_EQ(TitleAfterNavigating(nexus, other), "Embedder");
  std::lock_guard<std::mutex> lock(mutex);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), "/img none")
      << "an image on another site's page carries neither Strict nor Lax (default) cookies";
}

}  // namespace
}  // namespace nexus::testing
