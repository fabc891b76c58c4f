#include "services/browser/cors.h"

#include <gtest/gtest.h>

namespace nexus::browser {
namespace {

TEST(Cors, OriginsLeaveOutDefaultPortsAndAreNullWithoutAHost) {
  EXPECT_EQ(OriginOf(*web::ParseUrl("https://A.test:443/x?y")), "https://a.test");
  EXPECT_EQ(OriginOf(*web::ParseUrl("http://a.test:8080/")), "http://a.test:8080");
  EXPECT_EQ(OriginOf(*web::ParseUrl("file:///tmp/page.html")), "null");
}

TEST(Cors, PagesCannotSetForbiddenHeadersOrMethods) {
  EXPECT_TRUE(CheckRequestHeaders({{"X-Token", "1"}, {"Content-Type", "text/plain"}}).ok());
  for (const char* name : {"Cookie", "host", "Origin", "Sec-Fetch-Mode", "Proxy-Authorization"})
    EXPECT_FALSE(CheckRequestHeaders({{name, "x"}}).ok()) << name;
  EXPECT_FALSE(CheckRequestHeaders({{"Bad Name", "x"}}).ok());
  EXPECT_FALSE(CheckRequestHeaders({{"X-Split", "a\r\nInjected: 1"}}).ok());
  EXPECT_EQ(*NormalizeMethod("post"), "POST");
  EXPECT_EQ(*NormalizeMethod("patch"), "patch");  // only the standard ones are upper-cased
  EXPECT_EQ(*NormalizeMethod(""), "GET");
  EXPECT_FALSE(NormalizeMethod("TRACE").ok());
  EXPECT_FALSE(NormalizeMethod("GET /").ok());
}

TEST(Cors, OnlySimpleRequestsGoWithoutAPreflight) {
  EXPECT_TRUE(IsSimpleRequest("GET", {}));
  EXPECT_TRUE(IsSimpleRequest("POST", {{"Content-Type", "application/x-www-form-urlencoded"}}));
  EXPECT_FALSE(IsSimpleRequest("POST", {{"Content-Type", "application/json"}}));
  EXPECT_FALSE(IsSimpleRequest("PUT", {}));
  EXPECT_FALSE(IsSimpleRequest("GET", {{"X-Token", "1"}}));
}

TEST(Cors, AnswersAreCheckedAgainstThePagesOrigin) {
  std::string origin = "http://a.test";
  EXPECT_TRUE(CheckCorsResponse(origin, {{"access-control-allow-origin", "*"}}).ok());
  EXPECT_TRUE(CheckCorsResponse(origin, {{"access-control-allow-origin", "http://a.test"}}).ok());
  EXPECT_FALSE(CheckCorsResponse(origin, {{"access-control-allow-origin", "http://b.test"}}).ok());
  EXPECT_FALSE(CheckCorsResponse(origin, {}).ok());

  HeaderList allowing = {{"access-control-allow-origin", origin},
                         {"access-control-allow-methods", "PUT, DELETE"},
                         {"access-control-allow-headers", "X-Token"}};
  EXPECT_TRUE(CheckPreflight(origin, 204, "PUT", {{"x-token", "1"}}, allowing).ok());
  EXPECT_FALSE(CheckPreflight(origin, 204, "PATCH", {}, allowing).ok());
  EXPECT_FALSE(CheckPreflight(origin, 204, "PUT", {{"X-Other", "1"}}, allowing).ok());
  EXPECT_FALSE(CheckPreflight(origin, 403, "PUT", {}, allowing).ok());
}

TEST(Cors, PagesSeeNoSetCookieAndCrossOriginOnlyExposedHeaders) {
  HeaderList headers = {{"Content-Type", "text/plain"}, {"set-cookie", "a=1"},
                        {"x-exposed", "1"}, {"x-hidden", "1"},
                        {"access-control-expose-headers", "X-Exposed"}};
  HeaderList same = FilterResponseHeaders(headers, false);
  EXPECT_EQ(same.size(), 4u);
  for (const auto& [name, value] : same)
    EXPECT_NE(name, "set-cookie");
  HeaderList cross = FilterResponseHeaders(headers, true);
  ASSERT_EQ(cross.size(), 2u);
  EXPECT_EQ(cross[0].first, "content-type");
  EXPECT_EQ(cross[1].first, "x-exposed");
}

}  // namespace
}  // namespace nexus::browser
