#include "services/storage/public/storage_area.h"

#include <cstdint>
#include <utility>

namespace nexus::storage {

size_t Utf16Length(std::string_view utf8) {
  size_t units = 0;
  for (unsigned char byte : utf8) {
    if ((byte & 0xc0) != 0x80)
      ++units;  // a lead byte (or ASCII) starts a code point
    if (byte >= 0xf0)
      ++units;  // four bytes: beyond the BMP, a surrogate pair
  }
  return units;
}

Error QuotaExceeded(size_t would_be_units) {
  return Error("QuotaExceededError: the origin's storage would hold " +
               std::to_string(would_be_units) + " characters, more than its quota of " +
               std::to_string(kStorageAreaQuotaUnits));
}

Result<AreaChange> StorageArea::Set(const std::string& key, const std::string& value) {
  auto existing = entries_.find(key);
  if (existing != entries_.end() && existing->second == value)
    return AreaChange{};
  size_t old_units =
      existing == entries_.end() ? 0 : Utf16Length(key) + Utf16Length(existing->second);
  size_t new_units = units_ - old_units + Utf16Length(key) + Utf16Length(value);
  if (new_units > kStorageAreaQuotaUnits && new_units > units_)
    return QuotaExceeded(new_units);
  AreaChange change{true, std::nullopt};
  if (existing != entries_.end())
    change.old_value = std::exchange(existing->second, value);
  else
    entries_.emplace(key, value);
  units_ = new_units;
  return change;
}

AreaChange StorageArea::Remove(const std::string& key) {
  auto existing = entries_.find(key);
  if (existing == entries_.end())
    return {};
  units_ -= Utf16Length(key) + Utf16Length(existing->second);
  AreaChange change{true, std::move(existing->second)};
  entries_.erase(existing);
  return change;
}

AreaChange StorageArea::Clear() {
  AreaChange change{!entries_.empty(), std::nullopt};
  entries_.clear();
  units_ = 0;
  return change;
}

}  // namespace nexus::storage
