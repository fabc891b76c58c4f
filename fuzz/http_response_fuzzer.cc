// The parts of an HTTP response the network service parses itself (curl does the framing):
// header lines as curl delivers them, Set-Cookie lines, the media type, and the caching rules
// read from Cache-Control, Expires, Date, Last-Modified, Age and Vary. A server controls all
// of it. The input is the header block, one line per '\n'.
#include <cstdint>
#include <string_view>

#include "services/network/cache_policy.h"
#include "services/network/response_headers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nexus::network;
  std::string_view block(reinterpret_cast<const char*>(data), size);
  HeaderMap headers;
  while (!block.empty()) {
    size_t end = block.find('\n');
    std::string_view line = block.substr(0, end == std::string_view::npos ? block.size() : end + 1);
    block.remove_prefix(line.size());
    AddResponseHeaderLine(headers, line);
    (void)SetCookieValue(line);
  }
  (void)MediaType(headers);
  auto control = headers.find("cache-control");
  if (control != headers.end())
    (void)ParseCacheControl(control->second);
  const HeaderMap request = {{"accept-language", "en"}, {"cache-control", "max-age=0"}};
  (void)IsStorable(200, request, headers);
  (void)FreshnessLifetimeMs(headers, 1'700'000'000'000);
  (void)CurrentAgeMs(headers, 1'700'000'000'000, 1'700'000'000'100, 1'700'000'100'000);
  (void)IsFresh(headers, 1'700'000'000'000, 1'700'000'000'100, 1'700'000'100'000);
  (void)HasValidator(headers);
  return 0;
}
