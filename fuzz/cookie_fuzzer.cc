// Set-Cookie headers from any server and document.cookie from any page: parsing, dates,
// domains and paths, and what the jar sends back.
#include <cstdint>
#include <string>

#include "services/network/public/cookie_jar.h"
#include "web/url/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string header(reinterpret_cast<const char*>(data), size);
  static const auto url = nexus::web::ParseUrl("https://www.example.co.uk/a/b?c");
  nexus::network::CookieJar jar;
  const int64_t now = 1700000000000;
  (void)jar.SetFromHeader(*url, header, now);
  (void)jar.SetFromHeader(*url, header, now, /*from_script=*/true);
  (void)nexus::network::ParseCookieDate(header);
  (void)jar.HeaderFor(*url, nexus::network::CookieRequestContext{true, true}, now);
  (void)jar.HeaderFor(*url, nexus::network::CookieRequestContext{false, false}, now + 1, true);
  return 0;
}
