// Selectors Level 4 (the subset issue 15 lists): parsing from CSS component values, matching
// against our DOM right to left, and specificity. One matcher for style rules and for the
// DOM's querySelector, matches and closest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "web/css/parser.h"
#include "web/dom/node.h"

namespace nexus::web::css {

struct ComplexSelector;

// Pseudo-classes by name, known once parsed (matching compares these, not names).
enum class PseudoClass : uint8_t {
  kNone,
  kIs,                // :is
  kWhere,             // :where
  kNot,               // :not
  kHas,               // :has
  kNthChild,          // :nth-child
  kNthLastChild,      // :nth-last-child
  kNthOfType,         // :nth-of-type
  kNthLastOfType,     // :nth-last-of-type
  kFirstChild,        // :first-child
  kLastChild,         // :last-child
  kOnlyChild,         // :only-child
  kFirstOfType,       // :first-of-type
  kLastOfType,        // :last-of-type
  kOnlyOfType,        // :only-of-type
  kRoot,              // :root
  kScope,             // :scope
  kEmpty,             // :empty
  kLink,              // :link
  kAnyLink,           // :any-link
  kVisited,           // :visited
  kTarget,            // :target
  kIndeterminate,     // :indeterminate
  kHover,             // :hover
  kActive,            // :active
  kFocus,             // :focus
  kFocusVisible,      // :focus-visible
  kFocusWithin,       // :focus-within
  kChecked,           // :checked
  kDefault,           // :default
  kDisabled,          // :disabled
  kEnabled,           // :enabled
  kRequired,          // :required
  kOptional,          // :optional
  kReadWrite,         // :read-write
  kReadOnly,          // :read-only
  kPlaceholderShown,  // :placeholder-shown
  kDefined,           // :defined
  kLang,              // :lang
};

struct SimpleSelector {
  enum class Kind { kUniversal, kType, kId, kClass, kAttribute, kPseudoClass };
  enum class AttributeMatch { kExists, kEquals, kIncludes, kDashMatch, kPrefix, kSuffix, kSubstring };
  Kind kind = Kind::kUniversal;
  std::string name;  // a type's or attribute's (lower case), an id, a class, a pseudo-class's
  AttributeMatch match = AttributeMatch::kExists;
  std::string value;              // what an attribute is compared with
  bool case_insensitive = false;  // [a=b i]
  int a = 0, b = 0;               // :nth-*(An+B)
  PseudoClass pseudo = PseudoClass::kNone;  // a pseudo-class's, by its name
  // :not() :is() :where() :has() (relative selectors), :nth-child(An+B of S).
  std::vector<ComplexSelector> arguments;
};

enum class Combinator { kDescendant, kChild, kNextSibling, kSubsequentSibling };

struct ComplexSelector {
  // Compounds left to right; combinators[i] joins compounds[i] and compounds[i + 1]. A
  // relative selector (in :has()) starts with `leading` from the :has() element.
  std::vector<std::vector<SimpleSelector>> compounds;
  std::vector<Combinator> combinators;
  Combinator leading = Combinator::kDescendant;
  std::string pseudo_element;  // "before", "after", "marker"; empty: the element itself
  // (ids, classes/attributes/pseudo-classes, types) packed as a << 20 | b << 10 | c.
  uint32_t specificity = 0;
};

using SelectorList = std::vector<ComplexSelector>;

// A selector list; an error names what is wrong (the whole rule is then dropped, as the
// spec says; inside :is() and :where() a bad selector is dropped alone: forgiving parsing).
Result<SelectorList> ParseSelectorList(const std::vector<ComponentValue>& values);
Result<SelectorList> ParseSelectorList(std::string_view text);

// Where elements stand among their siblings, counted once per parent for a whole pass over
// a tree that does not change meanwhile (as Blink's NthIndexCache): without it, each of a
// table's 36,000 rows would count its siblings again for :nth-child() or :last-child.
class SiblingIndex {
 public:
  struct Place {
    int position = 1, from_end = 1;         // among element siblings, from 1
    int of_type = 1, of_type_from_end = 1;  // among siblings of its type
  };
  const Place& Of(const dom::Element& element);

 private:
  std::unordered_map<const dom::Element*, Place> places_;
};

// What matching needs to know besides the tree: the user's pointer and focus.
class AncestorFilter;

struct MatchState {
  const dom::Element* hovered = nullptr;  // and its ancestors are :hover
  const dom::Element* focused = nullptr;
  const dom::Element* active = nullptr;   // and its ancestors are :active
  SiblingIndex* sibling_index = nullptr;  // for a pass over many elements; optional
  // The element's ancestors' names, for a pass in tree order (RuleSet::Collect); optional.
  const AncestorFilter* ancestors = nullptr;
};

// Whether `element` matches `selector` (its pseudo-element aside).
bool Matches(const ComplexSelector& selector, const dom::Element& element,
             const MatchState& state = {});
bool MatchesAny(const SelectorList& list, const dom::Element& element,
                const MatchState& state = {});

}  // namespace nexus::web::css
