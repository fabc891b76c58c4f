// A Web Storage area (localStorage, sessionStorage: the HTML standard's "Web storage"): keys
// and values, and the quota every holder of one checks the same way. Sizes count UTF-16 code
// units of keys plus values, as the page sees its strings: 5 MiB of them per origin (Firefox
// counts so; Chromium's 10 MiB of UTF-16 bytes is the same limit).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace nexus::storage {

inline constexpr size_t kStorageAreaQuotaUnits = 5 * 1024 * 1024;

// How many UTF-16 code units `utf8` takes in a page.
size_t Utf16Length(std::string_view utf8);

// What a change did to an area, for storage events: `changed` is false when it did nothing.
struct AreaChange {
  bool changed = false;
  std::optional<std::string> old_value;
};

// The error of a write that would take an area over its quota: "QuotaExceededError: ...",
// the DOMException's name first, as pages see it.
Error QuotaExceeded(size_t would_be_units);

// An area held in memory (main's sessionStorage, one per tab and origin).
class StorageArea {
 public:
  Result<AreaChange> Set(const std::string& key, const std::string& value);
  AreaChange Remove(const std::string& key);
  AreaChange Clear();
  const std::map<std::string, std::string>& entries() const { return entries_; }
  size_t units() const { return units_; }

 private:
  std::map<std::string, std::string> entries_;
  size_t units_ = 0;
};

}  // namespace nexus::storage
