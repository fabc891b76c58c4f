#include "services/network/public/cookie_jar.h"

#include <gtest/gtest.h>

namespace nexus::network {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;  // 2023-11-14

web::Url U(const std::string& text) {
  auto url = web::ParseUrl(text);
  EXPECT_TRUE(url.ok()) << text;
  return *url;
}

CookieRequestContext SameSiteRequest() { return {true, false}; }
CookieRequestContext CrossSiteSubresource() { return {false, false}; }
CookieRequestContext CrossSiteNavigation() { return {false, true}; }

TEST(CookieDate, ParsesTheFormatsServersSend) {
  EXPECT_EQ(ParseCookieDate("Wed, 21 Oct 2015 07:28:00 GMT"), 1445412480000);
  EXPECT_EQ(ParseCookieDate("Wednesday, 21-Oct-15 07:28:00 GMT"), 1445412480000);
  EXPECT_EQ(ParseCookieDate("Wed Oct 21 07:28:00 2015"), 1445412480000);
  EXPECT_EQ(ParseCookieDate("21 oct 2015 7:28:0"), 1445412480000);
  EXPECT_EQ(ParseCookieDate("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_EQ(ParseCookieDate("Wed, 30 Feb 2015 07:28:00 GMT"), -1);
  EXPECT_EQ(ParseCookieDate("Wed, 21 Oct 2015 25:28:00 GMT"), -1);
  EXPECT_EQ(ParseCookieDate("tomorrow"), -1);
  EXPECT_EQ(ParseCookieDate(""), -1);
  // Found by fuzzing (signed overflow while reading the digits): too many digits is no date.
  EXPECT_EQ(ParseCookieDate("Sun, 06 Nov 33337333333 08:49:37 GMT"), -1);
  EXPECT_EQ(ParseCookieDate("Sun, 999999999999 Nov 2015 08:49:37 GMT"), -1);
}

TEST(CookieJar, StoresAndSendsByDomainAndPath) {
  CookieJar jar;
  auto page = U("https://www.example.com/shop/cart");
  EXPECT_TRUE(jar.SetFromHeader(page, "session=abc; Path=/; HttpOnly", kNow));
  EXPECT_TRUE(jar.SetFromHeader(page, "theme=dark", kNow));  // default path /shop
  EXPECT_TRUE(jar.SetFromHeader(page, "wide=1; Domain=.example.com; Path=/", kNow));
  EXPECT_EQ(jar.HeaderFor(U("https://www.example.com/shop/item"), SameSiteRequest(), kNow),
            "theme=dark; session=abc; wide=1");
  EXPECT_EQ(jar.HeaderFor(U("https://www.example.com/about"), SameSiteRequest(), kNow),
            "session=abc; wide=1");
  EXPECT_EQ(jar.HeaderFor(U("https://api.example.com/"), SameSiteRequest(), kNow), "wide=1")
      << "host-only cookies stay on their host; Domain cookies reach subdomains";
  EXPECT_EQ(jar.HeaderFor(U("https://www.example.com/shopping"), SameSiteRequest(), kNow),
            "session=abc; wide=1")
      << "/shop does not path-match /shopping";
  EXPECT_EQ(jar.HeaderFor(U("https://example.org/"), SameSiteRequest(), kNow), "");
}

TEST(CookieJar, RejectsWhatAPageMayNotSet) {
  CookieJar jar;
  auto http = U("http://www.example.com/");
  EXPECT_FALSE(jar.SetFromHeader(http, "a=1; Domain=com", kNow)) << "a public suffix";
  EXPECT_FALSE(jar.SetFromHeader(http, "a=1; Domain=co.uk", kNow));
  EXPECT_FALSE(jar.SetFromHeader(http, "a=1; Domain=other.com", kNow)) << "not its domain";
  EXPECT_FALSE(jar.SetFromHeader(http, "a=1; Secure", kNow)) << "Secure from http";
  EXPECT_FALSE(jar.SetFromHeader(http, "no-equals-sign", kNow));
  EXPECT_FALSE(jar.SetFromHeader(http, "=value-only", kNow));
  EXPECT_FALSE(jar.SetFromHeader(U("https://a.example/"), "n=1; SameSite=None", kNow))
      << "SameSite=None needs Secure";
  EXPECT_FALSE(jar.SetFromHeader(U("https://a.example/"), "__Host-x=1; Secure; Domain=a.example",
                                 kNow));
  EXPECT_TRUE(jar.SetFromHeader(U("https://a.example/"), "__Host-x=1; Secure; Path=/", kNow));
  EXPECT_FALSE(jar.SetFromHeader(U("https://a.example/"), std::string(5000, 'v').insert(0, "big="),
                                 kNow));
  EXPECT_EQ(jar.cookies().size(), 1u);
}

TEST(CookieJar, ScriptsDoNotSeeHttpOnlyCookies) {
  CookieJar jar;
  auto url = U("https://example.com/");
  ASSERT_TRUE(jar.SetFromHeader(url, "visible=1", kNow));
  ASSERT_TRUE(jar.SetFromHeader(url, "hidden=1; HttpOnly", kNow));
  EXPECT_EQ(jar.HeaderFor(url, SameSiteRequest(), kNow), "visible=1; hidden=1");
  EXPECT_EQ(jar.HeaderFor(url, SameSiteRequest(), kNow, /*for_script=*/true), "visible=1");
  jar.Forget(jar.cookies()[0]);
  EXPECT_EQ(jar.HeaderFor(url, SameSiteRequest(), kNow), "hidden=1");
}

TEST(CookieJar, InsecurePagesCannotReplaceSecureCookies) {
  CookieJar jar;
  ASSERT_TRUE(jar.SetFromHeader(U("https://example.com/"), "id=secret; Secure", kNow));
  EXPECT_FALSE(jar.SetFromHeader(U("http://example.com/"), "id=attacker", kNow));
  EXPECT_EQ(jar.HeaderFor(U("https://example.com/"), SameSiteRequest(), kNow), "id=secret");
  EXPECT_EQ(jar.HeaderFor(U("http://example.com/"), SameSiteRequest(), kNow), "")
      << "Secure cookies travel over https only";
}

TEST(CookieJar, ExpiresAndMaxAgeWithMaxAgeWinning) {
  CookieJar jar;
  auto url = U("https://example.com/");
  ASSERT_TRUE(jar.SetFromHeader(url, "short=1; Max-Age=60; Expires=Wed, 21 Oct 2099 07:28:00 GMT",
                                kNow));
  ASSERT_TRUE(jar.SetFromHeader(url, "long=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT", kNow));
  ASSERT_TRUE(jar.SetFromHeader(url, "session=1", kNow));
  EXPECT_EQ(jar.HeaderFor(url, SameSiteRequest(), kNow + 30'000), "short=1; long=1; session=1");
  EXPECT_EQ(jar.HeaderFor(url, SameSiteRequest(), kNow + 61'000), "long=1; session=1");
  // Max-Age=0 (or an Expires in the past) deletes.
  std::vector<std::string> removed;
  jar.set_observer([&](const Cookie& c, bool gone) {
    if (gone)
      removed.push_back(c.name);
  });
  ASSERT_TRUE(jar.SetFromHeader(url, "long=; Max-Age=0", kNow + 62'000));
  EXPECT_EQ(removed, std::vector<std::string>{"long"});
  EXPECT_EQ(jar.HeaderFor(url, SameSiteRequest(), kNow + 63'000), "session=1");
}

TEST(CookieJar, SameSiteDecidesWhatCrossSiteRequestsCarry) {
  CookieJar jar;
  auto url = U("https://bank.example/");
  ASSERT_TRUE(jar.SetFromHeader(url, "strict=1; SameSite=Strict", kNow));
  ASSERT_TRUE(jar.SetFromHeader(url, "lax=1; SameSite=Lax", kNow));
  ASSERT_TRUE(jar.SetFromHeader(url, "default=1", kNow));
  ASSERT_TRUE(jar.SetFromHeader(url, "none=1; SameSite=None; Secure", kNow));
  EXPECT_EQ(jar.HeaderFor(url, SameSiteRequest(), kNow), "strict=1; lax=1; default=1; none=1");
  EXPECT_EQ(jar.HeaderFor(url, CrossSiteNavigation(), kNow), "lax=1; default=1; none=1");
  EXPECT_EQ(jar.HeaderFor(url, CrossSiteSubresource(), kNow), "none=1");
}

TEST(CookieJar, ReplacingKeepsCreationTimeAndEvictionDropsTheLeastRecentlyUsed) {
  CookieJar jar;
  auto url = U("https://example.com/");
  ASSERT_TRUE(jar.SetFromHeader(url, "a=1", kNow));
  ASSERT_TRUE(jar.SetFromHeader(url, "a=2", kNow + 10));
  ASSERT_EQ(jar.cookies().size(), 1u);
  EXPECT_EQ(jar.cookies()[0].value, "2");
  EXPECT_EQ(jar.cookies()[0].creation_ms, kNow);
  for (size_t i = 0; i < CookieJar::kMaxPerDomain + 5; ++i)
    jar.SetFromHeader(url, "c" + std::to_string(i) + "=x", kNow + 100 + static_cast<int64_t>(i));
  EXPECT_EQ(jar.cookies().size(), CookieJar::kMaxPerDomain);
  EXPECT_EQ(jar.HeaderFor(url, SameSiteRequest(), kNow + 1000).find("a=2"), std::string::npos)
      << "the oldest went first";
}

}  // namespace
}  // namespace nexus::network
