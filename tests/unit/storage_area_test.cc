// The Web Storage area's rules (services/storage/public/storage_area.h) and the payload its
// contents travel in (ipc/string_pairs.h).
#include <gtest/gtest.h>

#include "ipc/string_pairs.h"
#include "services/storage/public/storage_area.h"

namespace nexus::storage {
namespace {

TEST(StorageArea, SizesCountUtf16CodeUnitsAsPagesDo) {
  EXPECT_EQ(Utf16Length(""), 0u);
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("é"), 1u);     // two bytes, one unit
  EXPECT_EQ(Utf16Length("日本"), 2u);  // three bytes each
  EXPECT_EQ(Utf16Length("😀"), 2u);     // beyond the BMP: a surrogate pair
}

TEST(StorageArea, ChangesSayWhatTheyReplacedAndNoOpsChangeNothing) {
  StorageArea area;
  auto first = area.Set("k", "v1");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->changed);
  EXPECT_FALSE(first->old_value);
  auto second = area.Set("k", "v2");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->old_value, "v1");
  EXPECT_FALSE(area.Set("k", "v2")->changed);
  EXPECT_EQ(area.units(), 3u);
  EXPECT_FALSE(area.Remove("missing").changed);
  EXPECT_EQ(area.Remove("k").old_value, "v2");
  EXPECT_EQ(area.units(), 0u);
  EXPECT_FALSE(area.Clear().changed);
}

TEST(StorageArea, AWriteOverTheQuotaFailsAndLeavesTheAreaAsItWas) {
  StorageArea area;
  ASSERT_TRUE(area.Set("a", std::string(kStorageAreaQuotaUnits - 1, 'x')).ok());
  auto over = area.Set("b", "y");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message().rfind("QuotaExceededError: ", 0), 0u) << over.error().message();
  EXPECT_EQ(area.entries().size(), 1u);
  EXPECT_EQ(area.units(), kStorageAreaQuotaUnits);
  // Replacing the big value with a smaller one always fits.
  EXPECT_TRUE(area.Set("a", "small").ok());
  EXPECT_EQ(area.units(), 6u);
}

TEST(StringPairs, RoundTripAndRejectTruncatedOrLyingLengths) {
  ipc::StringPairs pairs = {
      {"", ""}, {"key", std::string("v\0al", 4)}, {"é", std::string(70000, 'z')}};
  auto decoded = ipc::DecodeStringPairs(ipc::EncodeStringPairs(pairs));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message();
  EXPECT_EQ(*decoded, pairs);
  std::string bytes = ipc::EncodeStringPairs({{"key", "value"}});
  EXPECT_FALSE(ipc::DecodeStringPairs(bytes.substr(0, bytes.size() - 1)).ok());
  EXPECT_FALSE(ipc::DecodeStringPairs(bytes.substr(0, 2)).ok());
  bytes[0] = '\xff';  // a key longer than what follows
  EXPECT_FALSE(ipc::DecodeStringPairs(bytes).ok());
  EXPECT_FALSE(ipc::DecodeStringPairs(ipc::EncodeStringPairs({{"odd", "x"}}).substr(0, 7)).ok());
}

}  // namespace
}  // namespace nexus::storage
