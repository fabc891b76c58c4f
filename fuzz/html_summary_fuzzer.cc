// Any bytes a web server sends, parsed by the renderer's HTML summary (gumbo walk with a
// depth cap).
#include <cstdint>
#include <string_view>

#include "web/page/page_summary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)nexus::web::SummarizeHtml(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
