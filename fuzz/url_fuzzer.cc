// URLs typed by users, sent by pages and named by other instances: parsing, the site that
// picks a renderer, query values, and data: URL decoding.
#include <cstdint>
#include <string>

#include "services/browser/url.h"
#include "services/network/data_url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto url = nexus::browser::ParseUrl(text);
  if (url.ok()) {
    (void)nexus::browser::SiteForUrl(*url);
    (void)nexus::browser::QueryValue(url->query, "mb");
  }
  (void)nexus::browser::PercentDecode(text);
  (void)nexus::network::DecodeDataUrl(text);
  return 0;
}
