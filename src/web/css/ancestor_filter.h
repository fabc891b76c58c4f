// The ids, classes and types of the elements above the one being styled, as a counting
// Bloom filter (Blink's SelectorFilter): a rule that needs an ancestor none of them names
// (`.sidebar a` where no ancestor has class sidebar) is passed over without walking up the
// tree to match it. Names are compared in lower case; the filter may say "maybe" wrongly,
// never "no".
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "web/css/selectors.h"
#include "web/dom/node.h"

namespace nexus::web::css {

class AncestorFilter {
 public:
  // In tree order: Push an element before styling what is inside it, Pop it after.
  void Push(const dom::Element& element) { Count(element, 1); }
  void Pop(const dom::Element& element) { Count(element, -1); }

  // A key of an id, a class or a type (`kind`), as rules and elements both make them.
  static uint32_t Key(SimpleSelector::Kind kind, std::string_view name);
  // Whether an element pushed and not popped may have that key.
  bool MayHave(uint32_t key) const {
    return counts_[key & kMask] != 0 && counts_[(key >> kBits) & kMask] != 0;
  }

 private:
  void Count(const dom::Element& element, int by);

  static constexpr int kBits = 12;
  static constexpr uint32_t kMask = (1u << kBits) - 1;
  std::array<uint16_t, 1u << kBits> counts_{};
};

}  // namespace nexus::web::css
