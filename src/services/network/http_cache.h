// The HTTP disk cache of the network service: one file per entry in the profile's cache
// directory (the only place the network service may write), an in-memory index of sizes and
// last use, least recently used entries evicted past the size bound. Entries keep the request
// header values their response Varies on.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "services/network/cache_policy.h"

namespace nexus::network {

struct CacheEntry {
  std::string url;
  long status = 0;
  HeaderMap response_headers;
  HeaderMap vary_values;  // request header values named by Vary, when it was stored
  int64_t request_time_ms = 0;
  int64_t response_time_ms = 0;
  std::string body;
};

// An entry file's content (8 hex digits: the header's length, the header as JSON, the body),
// every field checked; nothing when any part is damaged.
std::optional<CacheEntry> DecodeCacheEntry(std::string_view content);

class HttpCache {
 public:
  static Result<std::unique_ptr<HttpCache>> Open(const std::string& directory, uint64_t max_bytes);

  // The entry for `url` whose Vary'd request headers match `request`; nothing if none.
  std::optional<CacheEntry> Find(const std::string& url, const HeaderMap& request);
  // Stores or replaces the entry (callers have checked IsStorable); evicts to stay in bound.
  Status Store(const CacheEntry& entry, const HeaderMap& request);
  void Remove(const std::string& url);
  // Removes the entries whose URL `matches` (Clear-Site-Data's "cache" for an origin); how
  // many. Each entry's header is read for its URL: slow, and rare.
  size_t RemoveWhere(const std::function<bool(const std::string& url)>& matches);

  // Told of each damaged entry Find drops (it is logged either way).
  void set_damage_observer(std::function<void(const std::string& why)> observer) {
    damage_observer_ = std::move(observer);
  }

  uint64_t size_bytes() const { return total_bytes_; }
  size_t entry_count() const { return index_.size(); }

 private:
  struct IndexEntry {
    uint64_t bytes = 0;
    int64_t last_used = 0;  // a counter, not a clock: order is all eviction needs
  };
  HttpCache(std::string directory, uint64_t max_bytes)
      : directory_(std::move(directory)), max_bytes_(max_bytes) {}
  std::string PathFor(const std::string& url) const;
  void Evict();

  std::string directory_;
  uint64_t max_bytes_;
  std::map<std::string, IndexEntry> index_;  // by file name
  uint64_t total_bytes_ = 0;
  int64_t use_counter_ = 0;
  std::function<void(const std::string& why)> damage_observer_;
};

}  // namespace nexus::network
