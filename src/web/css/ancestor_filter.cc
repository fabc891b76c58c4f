#include "web/css/ancestor_filter.h"

#include "base/ascii.h"

namespace nexus::web::css {

uint32_t AncestorFilter::Key(SimpleSelector::Kind kind, std::string_view name) {
  // FNV-1a over the kind and the lower-cased name.
  uint32_t hash = 2166136261u ^ static_cast<uint32_t>(kind);
  hash *= 16777619u;
  for (char c : name) {
    hash ^= static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    hash *= 16777619u;
  }
  return hash;
}

void AncestorFilter::Count(const dom::Element& element, int by) {
  auto count = [&](uint32_t key) {
    counts_[key & kMask] = static_cast<uint16_t>(counts_[key & kMask] + by);
    counts_[(key >> kBits) & kMask] = static_cast<uint16_t>(counts_[(key >> kBits) & kMask] + by);
  };
  count(Key(SimpleSelector::Kind::kType, element.tag_name()));
  if (auto id = element.GetAttribute("id"); id && !id->empty())
    count(Key(SimpleSelector::Kind::kId, *id));
  if (auto classes = element.GetAttribute("class"))
    ForEachAsciiWord(
        *classes, [&](std::string_view word) { count(Key(SimpleSelector::Kind::kClass, word)); });
}

}  // namespace nexus::web::css
