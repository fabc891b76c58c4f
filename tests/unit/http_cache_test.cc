#include "services/network/http_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "services/network/cache_policy.h"
#include "temp_dir.h"

namespace nexus::network {
namespace {

constexpr int64_t kNow = 1445412480000;  // Wed, 21 Oct 2015 07:28:00 GMT

TEST(CachePolicy, FreshnessFromMaxAgeExpiresOrLastModified) {
  EXPECT_EQ(FreshnessLifetimeMs({{"cache-control", "public, max-age=600"}}, kNow), 600'000);
  EXPECT_EQ(FreshnessLifetimeMs({{"cache-control", "max-age=60"},
                                 {"expires", "Wed, 21 Oct 2015 09:28:00 GMT"}},
                                kNow),
            60'000)
      << "max-age wins over Expires";
  EXPECT_EQ(FreshnessLifetimeMs({{"date", "Wed, 21 Oct 2015 07:28:00 GMT"},
                                 {"expires", "Wed, 21 Oct 2015 08:28:00 GMT"}},
                                kNow),
            3'600'000);
  EXPECT_EQ(FreshnessLifetimeMs({{"expires", "0"}}, kNow), 0) << "an invalid date is stale";
  EXPECT_EQ(FreshnessLifetimeMs({{"date", "Wed, 21 Oct 2015 07:28:00 GMT"},
                                 {"last-modified", "Mon, 11 Oct 2015 07:28:00 GMT"}},
                                kNow),
            86'400'000)
      << "heuristic: a tenth of the ten days since it changed";
  EXPECT_EQ(FreshnessLifetimeMs({}, kNow), 0);
}

TEST(CachePolicy, AgeNoCacheAndWhatMayBeStored) {
  HeaderMap response = {{"cache-control", "max-age=100"}, {"age", "30"}};
  EXPECT_EQ(CurrentAgeMs(response, kNow, kNow, kNow + 10'000), 40'000);
  EXPECT_TRUE(IsFresh(response, kNow, kNow, kNow + 60'000));
  EXPECT_FALSE(IsFresh(response, kNow, kNow, kNow + 71'000));
  EXPECT_FALSE(IsFresh({{"cache-control", "no-cache, max-age=100"}}, kNow, kNow, kNow));
  EXPECT_TRUE(IsStorable(200, {}, {{"cache-control", "no-cache"}})) << "stored, revalidated";
  EXPECT_FALSE(IsStorable(200, {}, {{"cache-control", "private, no-store"}}));
  EXPECT_FALSE(IsStorable(200, {{"cache-control", "no-store"}}, {}));
  EXPECT_FALSE(IsStorable(500, {}, {}));
  EXPECT_FALSE(IsStorable(206, {}, {}));
  EXPECT_FALSE(IsStorable(200, {}, {{"vary", "*"}}));
  EXPECT_TRUE(HasValidator({{"etag", "\"v1\""}}));
  EXPECT_FALSE(HasValidator({{"cache-control", "max-age=1"}}));
}

// Found by fuzzing: an Age too large for milliseconds overflowed. It counts as 2^31 seconds;
// times from a damaged cache entry saturate instead of wrapping.
TEST(CachePolicy, HugeAgesAndTimesSaturate) {
  HeaderMap response = {{"cache-control", "max-age=100"}, {"age", "9223372036854775807"}};
  EXPECT_EQ(CurrentAgeMs(response, kNow, kNow, kNow), (int64_t{1} << 31) * 1000);
  EXPECT_FALSE(IsFresh(response, kNow, kNow, kNow));
  EXPECT_EQ(CurrentAgeMs({}, INT64_MIN, INT64_MAX, INT64_MAX), INT64_MAX);
}

// Times no clock gave (negative, received before requested) mark an entry as damaged.
TEST(CachePolicy, AnEntryWithImpossibleTimesIsDamaged) {
  auto entry = [](int64_t requested, int64_t received) {
    std::string header = R"({"url":"https://a.test/","status":200,"request_time_ms":)" +
                         std::to_string(requested) + R"(,"response_time_ms":)" +
                         std::to_string(received) + "}";
    char length[9];
    std::snprintf(length, sizeof(length), "%08zx", header.size());
    return DecodeCacheEntry(length + header + "body");
  };
  ASSERT_TRUE(entry(kNow, kNow + 5).has_value());
  EXPECT_EQ(entry(kNow, kNow + 5)->body, "body");
  EXPECT_FALSE(entry(-1, kNow).has_value());
  EXPECT_FALSE(entry(kNow, kNow - 1).has_value());
  EXPECT_FALSE(entry(INT64_MIN, INT64_MAX).has_value());
}

class HttpCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { directory_ = testing::MakeTempDir("cache"); }
  CacheEntry Entry(const std::string& url, const std::string& body, HeaderMap headers = {}) {
    CacheEntry entry;
    entry.url = url;
    entry.status = 200;
    entry.response_headers = std::move(headers);
    entry.request_time_ms = entry.response_time_ms = kNow;
    entry.body = body;
    return entry;
  }
  std::string directory_;
};

TEST_F(HttpCacheTest, EntriesSurviveReopeningAndVaryMustMatch) {
  {
    auto cache = HttpCache::Open(directory_, 1 << 20);
    ASSERT_TRUE(cache.ok()) << cache.error().message();
    ASSERT_TRUE((*cache)->Store(Entry("http://a.test/x", "body x", {{"content-type", "text/css"}}), {}).ok());
    ASSERT_TRUE((*cache)->Store(Entry("http://a.test/v", "for alice", {{"vary", "Cookie"}}),
                                {{"cookie", "user=alice"}})
                    .ok());
  }
  auto cache = HttpCache::Open(directory_, 1 << 20);
  ASSERT_TRUE(cache.ok());
  EXPECT_EQ((*cache)->entry_count(), 2u);
  auto x = (*cache)->Find("http://a.test/x", {});
  ASSERT_TRUE(x.has_value());
  EXPECT_EQ(x->body, "body x");
  EXPECT_EQ(x->response_headers["content-type"], "text/css");
  EXPECT_TRUE((*cache)->Find("http://a.test/v", {{"cookie", "user=alice"}}).has_value());
  EXPECT_FALSE((*cache)->Find("http://a.test/v", {{"cookie", "user=bob"}}).has_value())
      << "another user's response";
  EXPECT_FALSE((*cache)->Find("http://a.test/never", {}).has_value());
  (*cache)->Remove("http://a.test/x");
  EXPECT_FALSE((*cache)->Find("http://a.test/x", {}).has_value());
}

// Issue 18: a field of the wrong type ("status": "200", from a disk error or an older version)
// threw nlohmann::json::type_error through the network service on every load of the URL.
TEST_F(HttpCacheTest, AnEntryWithAFieldOfTheWrongTypeIsDroppedNotThrown) {
  auto cache = HttpCache::Open(directory_, 1 << 20);
  ASSERT_TRUE(cache.ok());
  for (const char* damage : {"s/\"status\":200/\"status\":\"200\"/",
                             "s/\"request_time_ms\":[0-9]*/\"request_time_ms\":[]/",
                             "s/\"headers\":{[^}]*}/\"headers\":{\"a\":1}/"}) {
    SCOPED_TRACE(damage);
    ASSERT_TRUE((*cache)->Store(Entry("http://a.test/x", "body", {{"etag", "\"1\""}}), {}).ok());
    ASSERT_TRUE((*cache)->Find("http://a.test/x", {}).has_value());
    ASSERT_EQ(system(("sed -i '" + std::string(damage) + "' " + directory_ + "/*.entry").c_str()),
              0);
    EXPECT_FALSE((*cache)->Find("http://a.test/x", {}).has_value());
    EXPECT_EQ((*cache)->entry_count(), 0u) << "the damaged entry is gone";
  }
}

TEST_F(HttpCacheTest, TheSizeBoundEvictsTheLeastRecentlyUsed) {
  auto cache = HttpCache::Open(directory_, 3000);
  ASSERT_TRUE(cache.ok());
  std::string kilobyte(1000, 'k');
  ASSERT_TRUE((*cache)->Store(Entry("http://a.test/1", kilobyte), {}).ok());
  ASSERT_TRUE((*cache)->Store(Entry("http://a.test/2", kilobyte), {}).ok());
  ASSERT_TRUE((*cache)->Find("http://a.test/1", {}).has_value());  // 1 is now the newer
  ASSERT_TRUE((*cache)->Store(Entry("http://a.test/3", kilobyte), {}).ok());
  EXPECT_LE((*cache)->size_bytes(), 3000u);
  EXPECT_TRUE((*cache)->Find("http://a.test/1", {}).has_value());
  EXPECT_FALSE((*cache)->Find("http://a.test/2", {}).has_value()) << "the least recently used";
  EXPECT_TRUE((*cache)->Find("http://a.test/3", {}).has_value());
}

TEST_F(HttpCacheTest, ACorruptEntryIsAMissNotACrash) {
  auto cache = HttpCache::Open(directory_, 1 << 20);
  ASSERT_TRUE(cache.ok());
  ASSERT_TRUE((*cache)->Store(Entry("http://a.test/x", "body"), {}).ok());
  // Overwrite every entry file with garbage.
  (void)!system(("for f in " + directory_ + "/*.entry; do echo 0000ffff{garbage > $f; done").c_str());
  EXPECT_FALSE((*cache)->Find("http://a.test/x", {}).has_value());
}

}  // namespace
}  // namespace nexus::network
