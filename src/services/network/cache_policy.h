// HTTP caching rules (RFC 9111) as a private (browser) cache applies them: what may be
// stored, how long it stays fresh, and how old it is. Pure functions over header maps.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace nexus::network {

// Response or request header fields, names in lower case (one value each; repeated fields
// joined with ", ").
using HeaderMap = std::map<std::string, std::string>;

struct CacheControl {
  bool no_store = false;
  bool no_cache = false;
  bool must_revalidate = false;
  int64_t max_age_s = -1;  // -1: not given
};
CacheControl ParseCacheControl(const std::string& value);

// A response a private cache may keep (RFC 9111 3): a final status it knows how to reuse, and
// no "no-store" on either side. Vary: * can never match, so it is not stored either.
bool IsStorable(long status, const HeaderMap& request, const HeaderMap& response);

// How long the response stays fresh after it was received (RFC 9111 4.2.1): max-age, else
// Expires - Date, else 10 % of the time since Last-Modified (heuristic), else 0.
int64_t FreshnessLifetimeMs(const HeaderMap& response, int64_t response_time_ms);

// Its age now (RFC 9111 4.2.3): the Age it came with plus the time since it arrived.
int64_t CurrentAgeMs(const HeaderMap& response, int64_t request_time_ms, int64_t response_time_ms,
                     int64_t now_ms);

// Fresh: usable without asking the server. Stale ones can still be revalidated when they
// carry a validator (ETag or Last-Modified).
bool IsFresh(const HeaderMap& response, int64_t request_time_ms, int64_t response_time_ms,
             int64_t now_ms);
bool HasValidator(const HeaderMap& response);

}  // namespace nexus::network
