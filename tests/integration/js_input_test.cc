// A page's scripts meeting the user and the network through the real binary (issue 7): clicks
// and keys from `nexus click/type/key` become DOM events with their default actions (a form's
// POST reaches the server), fetch() goes through main with same-origin rules and CORS (checked
// by a second server on another port, another origin), document.cookie never shows HttpOnly
// cookies and its writes reach the cookie jar, and history.pushState changes the tab's URL.
#include <gtest/gtest.h>

#include <mutex>

#include "http_test_server.h"
#include "nexus_instance.h"

namespace nexus::testing {
namespace {

// What a server was asked, for the test to look at afterwards.
struct Seen {
  std::mutex mutex;
  std::vector<TestRequest> requests;
  void Add(const TestRequest& request) {
    std::lock_guard<std::mutex> lock(mutex);
    requests.push_back(request);
  }
  std::optional<TestRequest> Find(const std::string& method, const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex);
    for (const TestRequest& request : requests) {
      if (request.method == method && request.path == path)
        return request;
    }
    return std::nullopt;
  }
};

std::string Header(const TestRequest& request, const std::string& name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? "(none)" : it->second;
}

// The page: a form with one text field (36 px tall: 30 + padding and borders), a button under
// it whose click runs the fetches and reports what they saw to /report.
std::string PageHtml(const std::string& other_origin) {
  return R"(<!doctype html><title>input</title><body style="margin:0">
<form method=post action="/submit"><input id=q name=q style="display:block;height:30px;width:300px"></form>
<div id=go style="height:40px;width:300px;background:#00f">go</div>
<script>
const other = ")" + other_origin + R"(";
const report = ["cookie:" + document.cookie];
document.cookie = "js=2; path=/";
history.pushState({}, "", "/pushed");
async function attempt(name, run) {
  try { report.push(name + ":" + await run()); } catch (error) { report.push(name + ":" + error.name); }
}
document.getElementById("go").addEventListener("click", async () => {
  await attempt("same", async () => {
    const r = await fetch("/api", {method: "PUT", headers: {"X-Test": "yes"}, body: "payload"});
    return r.status + "," + await r.text() + "," + r.headers.get("x-own");
  });
  await attempt("open", async () => {
    const r = await fetch(other + "/open");
    return r.status + "," + r.headers.get("x-exposed") + "," + r.headers.get("x-hidden");
  });
  await attempt("closed", async () => (await fetch(other + "/closed")).status);
  await attempt("preflight", async () => {
    const r = await fetch(other + "/preflight", {method: "PUT", headers: {"X-Test": "1"}});
    return r.status;
  });
  await attempt("xhr", () => new Promise(resolve => {
    const xhr = new XMLHttpRequest();
    xhr.onload = () => resolve(xhr.status + "," + xhr.responseText);
    xhr.open("GET", "/api");
    xhr.send();
  }));
  await fetch("/report", {method: "POST", body: report.join("|")});
});
</script>)";
}

TEST(JsInput, ClicksKeysFormsFetchCorsCookiesAndHistoryWorkThroughTheBrowser) {
  Seen own, other;
  HttpTestServer other_server([&](const TestRequest& request) {
    other.Add(request);
    TestResponse response;
    std::string origin = Header(request, "origin");
    if (request.path == "/open") {
      response.headers = {{"Access-Control-Allow-Origin", origin},
                          {"Access-Control-Expose-Headers", "X-Exposed"},
                          {"X-Exposed", "1"},
                          {"X-Hidden", "1"}};
    } else if (request.path == "/preflight") {
      response.headers = {{"Access-Control-Allow-Origin", origin},
                          {"Access-Control-Allow-Methods", "PUT"},
                          {"Access-Control-Allow-Headers", "X-Test"}};
    }
    response.body = "from the other origin";
    return response;
  });
  std::string other_origin = "http://127.0.0.1:" + std::to_string(other_server.port());
  HttpTestServer server([&](const TestRequest& request) {
    own.Add(request);
    TestResponse response;
    response.headers = {{"Content-Type", "text/html"}};
    if (request.path == "/page.html") {
      response.headers.emplace_back("Set-Cookie", "session=abc; HttpOnly; Path=/");
      response.headers.emplace_back("Set-Cookie", "visible=1; Path=/");
      response.body = PageHtml(other_origin);
    } else if (request.path == "/api") {
      response.headers = {{"Content-Type", "text/plain"}, {"X-Own", "mine"}};
      response.body = "got " + request.method + " " + request.body + " " + Header(request, "x-test");
    } else if (request.path == "/submit") {
      response.body = "<title>submitted</title>";
    }
    return response;
  });

  NexusInstance nexus({server.Url("/page.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  // pushState: the tab's URL is the page's new one, without a load.
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return nexus.Tab(1)["url"] == server.Url("/pushed"); }))
      << nexus.Tab(1).dump();
  EXPECT_FALSE(own.Find("GET", "/pushed").has_value());

  ASSERT_EQ(nexus.Command({"click", "1", "10", "50"}).exit_code, 0);  // on the blue div
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return own.Find("POST", "/report").has_value(); }));
  TestRequest report = *own.Find("POST", "/report");
  EXPECT_EQ(report.body,
            "cookie:visible=1|same:200,got PUT payload yes,mine|open:200,1,null|closed:TypeError|"
            "preflight:200|xhr:200,got GET  (none)");
  // document.cookie's write reached the jar: the fetch carried it, with the HttpOnly one.
  std::string cookies = Header(report, "cookie");
  EXPECT_NE(cookies.find("js=2"), std::string::npos) << cookies;
  EXPECT_NE(cookies.find("session=abc"), std::string::npos) << cookies;
  // Cross-origin: with the page's Origin and without cookies; the preflight came first.
  auto open = other.Find("GET", "/open");
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(Header(*open, "origin"), server.Url(""));
  EXPECT_EQ(Header(*open, "cookie"), "(none)");
  auto preflight = other.Find("OPTIONS", "/preflight");
  ASSERT_TRUE(preflight.has_value());
  EXPECT_EQ(Header(*preflight, "access-control-request-method"), "PUT");
  EXPECT_TRUE(other.Find("PUT", "/preflight").has_value());

  // Typing into the field and Enter submit the form with POST.
  ASSERT_EQ(nexus.Command({"click", "1", "10", "10"}).exit_code, 0);
  ASSERT_EQ(nexus.Command({"type", "1", "hello wörld"}).exit_code, 0);
  ASSERT_EQ(nexus.Command({"key", "1", "Enter"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return own.Find("POST", "/submit").has_value(); }));
  TestRequest submitted = *own.Find("POST", "/submit");
  EXPECT_EQ(submitted.body, "q=hello+w%C3%B6rld");
  EXPECT_EQ(Header(submitted, "content-type"), "application/x-www-form-urlencoded");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return nexus.Tab(1)["title"] == "submitted"; }));
  EXPECT_EQ(nexus.Tab(1)["url"], server.Url("/submit"));

  auto bad = nexus.Command({"type", "1"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("takes TAB TEXT"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace nexus::testing
