// URLs typed by users, sent by pages and named by other instances: parsing, the site that
// picks a renderer, query values, and data: URL decoding.
#include <cstdint>
#include <string>

#include "services/network/data_url.h"
#include "web/url/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto url = nexus::web::ParseUrl(text);
  if (url.ok()) {
    (void)nexus::web::SiteForUrl(*url);
    (void)nexus::web::QueryValue(url->query, "mb");
  }
  (void)nexus::web::PercentDecode(text);
  (void)nexus::network::DecodeDataUrl(text);
  return 0;
}
