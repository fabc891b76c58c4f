// HTTP cache entry files as the network service reads them back from disk (a disk error, an
// older version or another program may have changed them): decoded, then every caching rule
// applied to the headers they hold, as a later load of the URL would.
#include <cstdint>
#include <string_view>

#include "services/network/cache_policy.h"
#include "services/network/http_cache.h"
#include "services/network/response_headers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nexus::network;
  auto entry = DecodeCacheEntry(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!entry)
    return 0;
  const HeaderMap& headers = entry->response_headers;
  (void)IsStorable(entry->status, entry->vary_values, headers);
  (void)FreshnessLifetimeMs(headers, entry->response_time_ms);
  (void)CurrentAgeMs(headers, entry->request_time_ms, entry->response_time_ms,
                     entry->response_time_ms + 1000);
  (void)IsFresh(headers, entry->request_time_ms, entry->response_time_ms, INT64_MAX / 2);
  (void)HasValidator(headers);
  (void)MediaType(headers);
  return 0;
}
