// From parsed style sheets to what each element's properties are declared as (CSS Cascade 5
// §6): style rules collected with their selectors parsed, nested rules flattened and @media
// resolved (SheetRules), indexed by the rightmost compound's id, class or type (RuleSet, so
// that most rules are never tried on most elements), and the cascade's choice per property:
// origin and importance, then the style attribute, then specificity, then order.
// Values stay as component values: what a property's value means is the next stage's.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "web/css/media_query.h"
#include "web/css/parser.h"
#include "web/css/selectors.h"

namespace nexus::web::css {

enum class Origin { kUserAgent, kAuthor };

// One value shared by every element that takes it (a rule's declaration, an initial value,
// an inherited value): computed styles point at values rather than copy them.
using SharedValue = std::shared_ptr<const std::vector<ComponentValue>>;

// A declaration as the longhands (or custom property) it sets.
struct LonghandDeclaration {
  std::string name;  // lower case; a custom property's as written
  SharedValue value;
  bool important = false;
};

struct StyleRule {
  SelectorList selectors;
  std::vector<Declaration> declarations;
  // The declarations expanded, shorthands into longhands, unknown properties and values
  // their grammar refuses dropped (as browsers drop them: value_validation.h); in order.
  std::vector<LonghandDeclaration> longhands;
  std::string layer;  // its cascade layer (@layer), "" for none
};

// `declarations` expanded as StyleRule::longhands says (in quirks mode, unitless lengths
// where HTML's quirks allow them).
std::vector<LonghandDeclaration> ExpandDeclarations(const std::vector<Declaration>& declarations,
                                                    bool quirks_mode = false);

struct ImportRule {
  std::string url;  // as written: the page resolves it against the sheet's URL
  std::vector<ComponentValue> media;
  // `layer` or `layer(name)`: the imported sheet's rules go in that cascade layer.
  std::optional<std::string> layer;
};

// One style sheet's rules, for one environment.
struct SheetRules {
  std::vector<StyleRule> rules;  // in source order, @media and nesting resolved
  std::vector<ImportRule> imports;
  std::vector<std::vector<Declaration>> font_faces;
  std::vector<std::string> layers;  // layer names, in the order they first appear
};

// A rule whose selector does not parse is dropped, as browsers drop it; a nested rule's
// selector is its parent's with `&` (or a descendant combinator) joining them.
// With a `layer`, every rule is in it (a sheet imported with `layer(...)`).
SheetRules CollectRules(const StyleSheet& sheet,
                        const MediaEnvironment& environment,
                        bool quirks_mode = false,
                        const std::string& layer = "");

class RuleSet {
 public:
  // Adds a sheet's rules after those added before (order counts in the cascade).
  void Add(SheetRules sheet, Origin origin);
  // The same for rules many rule sets share (the user-agent sheet's).
  void Add(std::shared_ptr<const SheetRules> sheet, Origin origin);

  struct Match {
    const StyleRule* rule;
    uint32_t specificity;
    Origin origin;
    size_t order;
    int layer;  // its layer's place in the layer order; kUnlayered above them all
  };
  static constexpr int kUnlayered = 1 << 30;
  // The rules whose selectors match `element` (for `pseudo_element`, "" for the element).
  std::vector<Match> Collect(const dom::Element& element, const MatchState& state,
                             const std::string& pseudo_element = "") const;

  // What a change among an element's siblings may restyle (Blink's sibling invalidation,
  // coarser): whether a rule with :first-child, :nth-child() and the like, or on the right
  // of + or ~, may match `element`, judged by its id, classes and type.
  bool DependsOnSiblings(const dom::Element& element) const;
  // Whether a rule joins compounds with + or ~, or counts siblings by a selector
  // (:nth-child(An+B of S)): then a change to an element's attributes or children can
  // restyle its siblings; and whether one uses :has() (then any change can restyle anything
  // above it).
  bool has_sibling_combinators() const { return sibling_combinators_; }
  bool uses_has() const { return has_; }

 private:
  struct Entry {
    const StyleRule* rule;
    const ComplexSelector* selector;
    Origin origin;
    size_t order;
    int layer;  // an index into layer_names_, or -1 for none
    // Names some ancestor must have for it to match (AncestorFilter keys), up to four.
    std::array<uint32_t, 4> ancestor_keys{};
    uint8_t ancestor_key_count = 0;
  };
  void AddToIndex(Entry entry);
  // A layer's id, known from now on (a new one comes after those known: its place among
  // its siblings is the order names first appear).
  int LayerId(const std::string& name);
  // Every layer's rank (CSS Cascade 5 §6.4.3): a layer's sub-layers before it (its own
  // rules are its implicit last sub-layer), siblings in the order they first appeared.
  void RankLayers();

  std::vector<std::shared_ptr<const SheetRules>> sheets_;  // the rules entries point into
  // Looked up by string_view, without making a string of each key.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>()(key); }
  };
  using Buckets = std::unordered_map<std::string, std::vector<Entry>, KeyHash, std::equal_to<>>;
  // The rules of one pseudo-element ("" for the element itself), by what their rightmost
  // compound names: an element's styles and each of its pseudo-elements' look only at theirs.
  struct Index {
    Buckets by_id, by_class, by_type;
    std::vector<Entry> everything_else;
  };
  std::map<std::string, Index, std::less<>> by_pseudo_element_;
  size_t next_order_ = 0;
  std::vector<std::string> layer_names_;  // by id, in the order they first appeared
  std::map<std::string, int> layer_ids_;
  std::vector<int> layer_ranks_;  // by id
  void NoteSiblingDependence(const ComplexSelector& selector);
  // The ids, classes and types (lower case) that name elements a positional or sibling
  // rule may match: by the compound itself, or by its parent's (`#list > :first-child`).
  struct SiblingKeys {
    std::unordered_set<std::string> ids, classes, types;
    bool empty() const { return ids.empty() && classes.empty() && types.empty(); }
    bool Name(const dom::Element& element) const;  // whether they name `element`
  };
  SiblingKeys siblings_of_, children_of_;
  bool sibling_any_ = false, sibling_combinators_ = false, has_ = false;
};

struct CascadedValue {
  SharedValue value;
  bool important = false;
  Origin origin = Origin::kAuthor;
};

// What an element declares itself, beside the rules that match it.
struct ElementDeclarations {
  std::vector<LonghandDeclaration> style_attribute;
  // HTML's presentational hints: author declarations that every author rule beats.
  std::vector<LonghandDeclaration> presentational_hints;
};

// Each property declared for `element` and the declaration that wins it. Property names are
// lower case (custom properties keep their case).
std::map<std::string, CascadedValue> Cascade(const RuleSet& rules,
                                             const dom::Element& element,
                                             const MatchState& state,
                                             const ElementDeclarations& own = {},
                                             const std::string& pseudo_element = "");
// The same from the rules already collected (RuleSet::Collect) for an element.
std::map<std::string, CascadedValue> Cascade(const std::vector<RuleSet::Match>& matches,
                                             const ElementDeclarations& own = {},
                                             bool pseudo_element = false);

}  // namespace nexus::web::css
