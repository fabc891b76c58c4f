// Opaque Response Blocking through the real browser (issue 14): a page's <script src> and
// stylesheets from another site get their bodies only when such an element could use them;
// JSON, HTML and mislabelled styles of another site never enter the page's renderer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http_test_server.h"
#include "nexus_instance.h"

namespace nexus::testing {
namespace {

TestResponse Respond(const std::string& type, const std::string& body, bool nosniff = false) {
  TestResponse response;
  response.headers = {{"Content-Type", type}};
  if (nosniff)
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.body = body;
  return response;
}

// A script that, if it ever runs, renames the page: JSON-shaped, as JSON API responses are.
constexpr char kJsonThatRuns[] = R"(["leaked"].forEach(function (x) { document.title = x; });)";

TestResponse Assets(const TestRequest& request) {
  if (request.path == "/leak.json")
    return Respond("application/json", kJsonThatRuns);
  if (request.path == "/red.css")  // a style sheet labelled as HTML, with nosniff
    return Respond("text/html", "body { background-color: rgb(255, 0, 0) }", true);
  if (request.path == "/green.css")
    return Respond("text/css", "p { color: rgb(0, 128, 0) }");
  if (request.path == "/ok.js")
    return Respond("text/javascript", "document.body.setAttribute('data-ok', 'yes');");
  TestResponse missing;
  missing.status = 404;
  return missing;
}

std::string Evaluate(const std::string& url) {
  auto run = RunNexus({"eval", url,
                       "document.title + '|' + document.body.getAttribute('data-ok') + '|' + "
                       "getComputedStyle(document.body).backgroundColor + '|' + "
                       "getComputedStyle(document.querySelector('p')).color"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  auto value = nlohmann::json::parse(run.out, nullptr, false);
  return value.is_string() ? value.get<std::string>() : run.out;
}

TEST(Orb, AnotherSitesJsonAndMislabelledStylesNeverReachThePage) {
  HttpTestServer other(Assets);  // another origin: another port of 127.0.0.1
  std::string page =
      "<title>orig</title>"
      "<link rel=stylesheet href='" +
      other.Url("/red.css") +
      "'>"
      "<link rel=stylesheet href='" +
      other.Url("/green.css") +
      "'>"
      "<p>text</p>"
      "<script src='" +
      other.Url("/leak.json") +
      "'></script>"
      "<script src='" +
      other.Url("/ok.js") + "'></script>";
  HttpTestServer site([&](const TestRequest& request) {
    if (request.path == "/page.html")
      return Respond("text/html", page);
    if (request.path == "/same.html")  // the same JSON, from the page's own origin
      return Respond("text/html",
                     "<title>orig</title><p>text</p><script src='/leak.json'></script>");
    return Assets(request);
  });
  std::string seen = Evaluate(site.Url("/page.html"));
  EXPECT_EQ(seen.substr(0, seen.find('|')), "orig") << seen << ": another site's JSON ran";
  EXPECT_NE(seen.find("|yes|"), std::string::npos) << seen << ": its JavaScript must run";
  EXPECT_EQ(seen.find("rgb(255, 0, 0)"), std::string::npos) << seen << ": HTML used as a style";
  EXPECT_NE(seen.find("|rgb(0, 128, 0)"), std::string::npos) << seen << ": its CSS must apply";
  // ORB is about other sites: a page reads its own origin's responses, whatever their type.
  std::string same = Evaluate(site.Url("/same.html"));
  EXPECT_EQ(same.substr(0, same.find('|')), "leaked") << same;
}

}  // namespace
}  // namespace nexus::testing
