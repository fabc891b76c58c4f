// Any bytes a page's <style>, style="" or a fetched style sheet holds, through the CSS
// tokenizer and parser (web/css): the renderer parses them from every site.
#include <cstdint>
#include <string_view>

#include "web/css/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view css(reinterpret_cast<const char*>(data), size);
  auto sheet = nexus::web::css::ParseStyleSheet(css);
  for (const auto& rule : sheet.rules)
    (void)nexus::web::css::Serialize(rule.prelude);
  (void)nexus::web::css::ParseDeclarationList(css);
  (void)nexus::web::css::ParseComponentValues(css);
  return 0;
}
