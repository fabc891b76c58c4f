#include "web/css/cascade.h"

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

#include "base/ascii.h"
#include "web/css/ancestor_filter.h"
#include "web/css/properties.h"
#include "web/css/supports.h"
#include "web/css/value_validation.h"

namespace nexus::web::css {
namespace {

// A nested rule's selector against its parent's (CSS Nesting §3): `&` stands for the parent;
// without one, the nested selector is a descendant of it.
std::string Compose(const std::string& parent, const std::vector<ComponentValue>& prelude) {
  std::string composed;
  std::vector<ComponentValue> part;
  auto flush = [&] {
    bool has_ampersand = std::any_of(part.begin(), part.end(), [](const ComponentValue& value) {
      return value.kind == ComponentValue::Kind::kToken && value.token.IsDelim('&');
    });
    std::string text;
    for (const ComponentValue& value : part) {
      if (value.kind == ComponentValue::Kind::kToken && value.token.IsDelim('&'))
        text += ":is(" + parent + ")";
      else
        text += Serialize(std::vector<ComponentValue>{value});
    }
    if (!has_ampersand)
      text = ":is(" + parent + ") " + text;
    composed += (composed.empty() ? "" : ", ") + text;
    part.clear();
  };
  for (const ComponentValue& value : prelude) {
    if (value.IsToken(TokenType::kComma))
      flush();
    else
      part.push_back(value);
  }
  flush();
  return composed;
}

void Collect(const std::vector<Rule>& rules,
             const std::string& parent,
             const std::string& layer,
             const MediaEnvironment& environment,
             bool quirks_mode,
             SheetRules& out) {
  for (const Rule& rule : rules) {
    if (rule.kind == Rule::Kind::kQualified) {
      std::string text = parent.empty() ? Serialize(rule.prelude) : Compose(parent, rule.prelude);
      auto selectors = ParseSelectorList(text);
      if (!selectors.ok())
        continue;  // the whole rule goes, nested rules included
      out.rules.push_back({std::move(selectors).value(), rule.declarations,
                           ExpandDeclarations(rule.declarations, quirks_mode), layer});
      Collect(rule.rules, text, layer, environment, quirks_mode, out);
      continue;
    }
    std::string name = AsciiLowercase(rule.name);
    if (name == "media" || name == "supports") {
      bool holds = name == "media" ? MatchesMediaQueryList(rule.prelude, environment)
                                   : SupportsCondition(rule.prelude);
      if (!holds)
        continue;
      // Declarations in an @media nested in a style rule apply to that rule's elements.
      if (!parent.empty() && !rule.declarations.empty()) {
        if (auto selectors = ParseSelectorList(parent); selectors.ok())
          out.rules.push_back({std::move(selectors).value(), rule.declarations,
                               ExpandDeclarations(rule.declarations, quirks_mode), layer});
      }
      Collect(rule.rules, parent, layer, environment, quirks_mode, out);
    } else if (name == "layer") {
      // Cascade layers (CSS Cascade 5 §6.4): `@layer a, b;` orders them, `@layer a { }`
      // holds rules (an unnamed one is a layer of its own); nested names join with dots.
      std::vector<std::string> names;
      std::string current;
      for (const ComponentValue& value : rule.prelude) {
        if (value.IsToken(TokenType::kComma)) {
          names.push_back(current);
          current.clear();
        } else if (!value.IsToken(TokenType::kWhitespace)) {
          current += value.token.value;
        }
      }
      if (!current.empty())
        names.push_back(current);
      if (names.empty())
        names.push_back("\x01" + std::to_string(out.rules.size()) + "_" +
                        std::to_string(out.layers.size()));
      for (std::string& named : names) {
        named = layer.empty() ? named : layer + "." + named;
        if (std::find(out.layers.begin(), out.layers.end(), named) == out.layers.end())
          out.layers.push_back(named);
      }
      if (rule.has_block)
        Collect(rule.rules, parent, names.front(), environment, quirks_mode, out);
    } else if (name == "import" && parent.empty()) {
      std::vector<ComponentValue> prelude;
      for (const ComponentValue& value : rule.prelude) {
        if (!value.IsToken(TokenType::kWhitespace) || !prelude.empty())
          prelude.push_back(value);
      }
      if (prelude.empty())
        continue;
      ImportRule import;
      const ComponentValue& first = prelude[0];
      if (first.IsToken(TokenType::kUrl) || first.IsToken(TokenType::kString)) {
        import.url = first.token.value;
      } else if (first.IsFunction() && EqualsIgnoringAsciiCase(first.token.value, "url")) {
        for (const ComponentValue& argument : first.children) {
          if (argument.IsToken(TokenType::kString))
            import.url = argument.token.value;
        }
      }
      if (import.url.empty())
        continue;
      auto media = prelude.begin() + 1;
      auto skip_space = [&] {
        while (media != prelude.end() && media->IsToken(TokenType::kWhitespace))
          ++media;
      };
      skip_space();
      // Then `layer` or `layer(name)`, and `supports(...)`, before the media queries.
      if (media != prelude.end() && IsIdent(*media, "layer")) {
        import.layer = "\x01import" + std::to_string(out.imports.size());
        ++media;
      } else if (media != prelude.end() && media->IsFunction() &&
                 EqualsIgnoringAsciiCase(media->token.value, "layer")) {
        import.layer = Serialize(WithoutWhitespace(media->children));
        ++media;
      }
      skip_space();
      if (media != prelude.end() && media->IsFunction() &&
          EqualsIgnoringAsciiCase(media->token.value, "supports")) {
        // A condition, or a bare declaration (which a condition holds in parentheses).
        std::vector<ComponentValue> inside = WithoutWhitespace(media->children);
        bool declaration = inside.size() > 1 && inside[0].IsToken(TokenType::kIdent) &&
                           inside[1].IsToken(TokenType::kColon);
        std::string condition = Serialize(media->children);
        if (!SupportsCondition(declaration ? "(" + condition + ")" : condition))
          continue;
        ++media;
      }
      skip_space();
      import.media.assign(media, prelude.end());
      out.imports.push_back(std::move(import));
    } else if (name == "font-face" && parent.empty()) {
      out.font_faces.push_back(rule.declarations);
    }
    // @container waits for container queries: what pages put behind it is what they guard
    // for engines that have them.
  }
}

}  // namespace

std::vector<LonghandDeclaration> ExpandDeclarations(const std::vector<Declaration>& declarations,
                                                    bool quirks_mode) {
  std::vector<LonghandDeclaration> out;
  for (const Declaration& declaration : declarations) {
    std::string name =
        declaration.name.rfind("--", 0) == 0 ? declaration.name : AsciiLowercase(declaration.name);
    auto longhands = Expand(name, declaration.value);
    if (!longhands)
      continue;
    // One longhand the grammar refuses makes the whole declaration invalid.
    std::vector<LonghandDeclaration> expanded;
    for (auto& [longhand, value] : *longhands) {
      auto valid = name.rfind("--", 0) == 0 ? std::optional(std::move(value))
                                            : ValidatedValue(longhand, value, quirks_mode);
      if (!valid) {
        expanded.clear();
        break;
      }
      expanded.push_back({std::move(longhand),
                          std::make_shared<const std::vector<ComponentValue>>(std::move(*valid)),
                          declaration.important});
    }
    std::move(expanded.begin(), expanded.end(), std::back_inserter(out));
  }
  return out;
}

SheetRules CollectRules(const StyleSheet& sheet,
                        const MediaEnvironment& environment,
                        bool quirks_mode,
                        const std::string& layer) {
  SheetRules out;
  if (!layer.empty())
    out.layers.push_back(layer);
  Collect(sheet.rules, "", layer, environment, quirks_mode, out);
  return out;
}

void RuleSet::Add(SheetRules sheet, Origin origin) {
  Add(std::make_shared<const SheetRules>(std::move(sheet)), origin);
}

void RuleSet::Add(std::shared_ptr<const SheetRules> sheet, Origin origin) {
  sheets_.push_back(std::move(sheet));
  // An unnamed layer is its sheet's alone: its name made unique to this sheet here.
  std::string sheet_mark = "\x01" + std::to_string(sheets_.size()) + ":";
  auto qualify = [&](std::string name) {
    for (size_t at = name.find('\x01'); at != std::string::npos;
         at = name.find('\x01', at + sheet_mark.size()))
      name.replace(at, 1, sheet_mark);
    return name;
  };
  for (const std::string& name : sheets_.back()->layers)
    LayerId(qualify(name));
  for (const StyleRule& rule : sheets_.back()->rules) {
    size_t order = next_order_++;
    int layer = rule.layer.empty() ? -1 : LayerId(qualify(rule.layer));
    for (const ComplexSelector& selector : rule.selectors)
      AddToIndex({&rule, &selector, origin, order, layer});
  }
  RankLayers();
}

int RuleSet::LayerId(const std::string& name) {
  // Its parents are layers too (`@layer a.b` declares a).
  if (size_t dot = name.rfind('.'); dot != std::string::npos)
    LayerId(name.substr(0, dot));
  auto [it, fresh] = layer_ids_.try_emplace(name, static_cast<int>(layer_names_.size()));
  if (fresh)
    layer_names_.push_back(name);
  return it->second;
}

void RuleSet::RankLayers() {
  layer_ranks_.assign(layer_names_.size(), 0);
  int next = 0;
  // Depth first from the top: a layer's children (in the order they appeared), then it.
  std::function<void(const std::string&)> rank = [&](const std::string& parent) {
    for (size_t id = 0; id < layer_names_.size(); ++id) {
      const std::string& name = layer_names_[id];
      size_t dot = name.rfind('.');
      std::string up = dot == std::string::npos ? "" : name.substr(0, dot);
      if (up != parent)
        continue;
      rank(name);
      layer_ranks_[id] = next++;
    }
  };
  rank("");
}

namespace {

bool IsPositional(const SimpleSelector& simple) {
  if (simple.kind != SimpleSelector::Kind::kPseudoClass)
    return false;
  const std::string& name = simple.name;
  return name.find("child") != std::string::npos || name.find("of-type") != std::string::npos;
}

// What a compound is indexed by: its id, else a class, else its type; none for others.
const SimpleSelector* IndexKey(const std::vector<SimpleSelector>& compound) {
  for (SimpleSelector::Kind kind :
       {SimpleSelector::Kind::kId, SimpleSelector::Kind::kClass, SimpleSelector::Kind::kType}) {
    for (const SimpleSelector& simple : compound) {
      if (simple.kind == kind)
        return &simple;
    }
  }
  return nullptr;
}

// Calls `each` with every word of the element's class attribute, lower case, once.
template <typename Each>
void ForEachClass(const dom::Element& element, Each each) {
  auto classes = element.GetAttribute("class");
  if (!classes)
    return;
  std::set<std::string> seen;
  ForEachAsciiWord(*classes, [&](std::string_view word) {
    std::string lower = AsciiLowercase(word);
    if (seen.insert(lower).second)
      each(lower);
  });
}

}  // namespace

void RuleSet::NoteSiblingDependence(const ComplexSelector& selector) {
  for (size_t k = 0; k < selector.compounds.size(); ++k) {
    const auto& compound = selector.compounds[k];
    bool depends = k > 0 && (selector.combinators[k - 1] == Combinator::kNextSibling ||
                             selector.combinators[k - 1] == Combinator::kSubsequentSibling);
    sibling_combinators_ |= depends;
    for (const SimpleSelector& simple : compound) {
      depends |= IsPositional(simple);
      // :nth-child(An+B of S) counts the siblings S matches: what they are matters too.
      sibling_combinators_ |= IsPositional(simple) && !simple.arguments.empty();
      has_ |= simple.kind == SimpleSelector::Kind::kPseudoClass && simple.name == "has";
      for (const ComplexSelector& argument : simple.arguments) {
        // Inside :is(), :not(), :where() and :has(): what the argument depends on, the
        // compound does (the whole of it, to keep this simple).
        RuleSet inner;
        inner.NoteSiblingDependence(argument);
        depends |= inner.sibling_any_ || !inner.siblings_of_.empty() || !inner.children_of_.empty();
        sibling_combinators_ |= inner.sibling_combinators_;
        has_ |= inner.has_;
      }
    }
    if (!depends)
      continue;
    // Keyed as Index keys: by the compound's id, else a class, else its type.
    auto note = [](const SimpleSelector& key, SiblingKeys& keys) {
      std::string name = AsciiLowercase(key.name);
      (key.kind == SimpleSelector::Kind::kId      ? keys.ids
       : key.kind == SimpleSelector::Kind::kClass ? keys.classes
                                                  : keys.types)
          .insert(std::move(name));
    };
    if (const SimpleSelector* key = IndexKey(compound)) {
      note(*key, siblings_of_);
      continue;
    }
    // `#list > :first-child`: no key of its own, but only the children of what its parent
    // compound names can match it.
    const SimpleSelector* parent_key = k > 0 && selector.combinators[k - 1] == Combinator::kChild
                                           ? IndexKey(selector.compounds[k - 1])
                                           : nullptr;
    if (parent_key)
      note(*parent_key, children_of_);
    else
      sibling_any_ = true;
  }
}

bool RuleSet::SiblingKeys::Name(const dom::Element& element) const {
  if (types.count(element.tag_name()))
    return true;
  if (auto id = element.GetAttribute("id"); id && ids.count(AsciiLowercase(*id)))
    return true;
  bool found = false;
  if (!classes.empty())
    ForEachClass(element, [&](const std::string& word) { found |= classes.count(word) > 0; });
  return found;
}

bool RuleSet::DependsOnSiblings(const dom::Element& element) const {
  if (sibling_any_ || siblings_of_.Name(element))
    return true;
  const dom::Node* parent = element.parent();
  return parent && parent->AsElement() && children_of_.Name(*parent->AsElement());
}

void RuleSet::AddToIndex(Entry entry) {
  NoteSiblingDependence(*entry.selector);
  // A compound joined to the next by a descendant or child combinator is an ancestor of
  // the element matched (or of a sibling of one of its ancestors, which has the same).
  const ComplexSelector& selector = *entry.selector;
  for (size_t k = 0; k + 1 < selector.compounds.size(); ++k) {
    if (selector.combinators[k] != Combinator::kDescendant &&
        selector.combinators[k] != Combinator::kChild)
      continue;
    for (const SimpleSelector& simple : selector.compounds[k]) {
      bool named = simple.kind == SimpleSelector::Kind::kId ||
                   simple.kind == SimpleSelector::Kind::kClass ||
                   (simple.kind == SimpleSelector::Kind::kType && simple.name != "*");
      if (named && entry.ancestor_key_count < entry.ancestor_keys.size())
        entry.ancestor_keys[entry.ancestor_key_count++] =
            AncestorFilter::Key(simple.kind, simple.name);
    }
  }
  // The rightmost compound is what the element itself must match: its id, a class or its
  // type, whichever it names first in that order. Keys are lower case: a quirks-mode
  // document matches ids and classes without case, and the matcher checks exactly after.
  Index& index = by_pseudo_element_[entry.selector->pseudo_element];
  const SimpleSelector* key = IndexKey(entry.selector->compounds.back());
  if (!key) {
    index.everything_else.push_back(entry);
    return;
  }
  Buckets& buckets = key->kind == SimpleSelector::Kind::kId      ? index.by_id
                     : key->kind == SimpleSelector::Kind::kClass ? index.by_class
                                                                 : index.by_type;
  buckets[AsciiLowercase(key->name)].push_back(entry);
}

std::vector<RuleSet::Match> RuleSet::Collect(const dom::Element& element, const MatchState& state,
                                             const std::string& pseudo_element) const {
  std::vector<Match> matches;
  auto index = by_pseudo_element_.find(pseudo_element);
  if (index == by_pseudo_element_.end())
    return matches;
  auto ancestors_may_match = [&](const Entry& entry) {
    for (uint8_t i = 0; i < entry.ancestor_key_count; ++i) {
      if (!state.ancestors->MayHave(entry.ancestor_keys[i]))
        return false;
    }
    return true;
  };
  auto try_all = [&](const std::vector<Entry>& entries) {
    for (const Entry& entry : entries) {
      if (state.ancestors && !ancestors_may_match(entry))
        continue;
      if (Matches(*entry.selector, element, state))
        matches.push_back({entry.rule, entry.selector->specificity, entry.origin, entry.order,
                           entry.layer < 0 ? kUnlayered : layer_ranks_[entry.layer]});
    }
  };
  auto try_bucket = [&](const Buckets& buckets, std::string_view key) {
    bool lower = std::none_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    auto it = lower ? buckets.find(key) : buckets.find(AsciiLowercase(key));
    if (it != buckets.end())
      try_all(it->second);
  };
  if (auto id = element.GetAttribute("id"); id && !id->empty())
    try_bucket(index->second.by_id, *id);
  ForEachClass(element, [&](const std::string& word) { try_bucket(index->second.by_class, word); });
  try_bucket(index->second.by_type, element.tag_name());
  try_all(index->second.everything_else);
  return matches;
}

std::map<std::string, CascadedValue> Cascade(const RuleSet& rules,
                                             const dom::Element& element,
                                             const MatchState& state,
                                             const ElementDeclarations& own,
                                             const std::string& pseudo_element) {
  return Cascade(rules.Collect(element, state, pseudo_element), own, !pseudo_element.empty());
}

std::map<std::string, CascadedValue> Cascade(const std::vector<RuleSet::Match>& matches,
                                             const ElementDeclarations& own,
                                             bool pseudo_element) {
  // Precedence, lowest first: user-agent normal, author normal, author !important,
  // user-agent !important; then the style attribute over rules over presentational hints;
  // then cascade layers (later ones win, unlayered rules most; reversed for !important);
  // then specificity; then order (and a declaration's place in its rule).
  using Rank = std::tuple<int, int, int, uint32_t, size_t, size_t>;
  auto level = [](Origin origin, bool important) {
    if (!important)
      return origin == Origin::kUserAgent ? 0 : 1;
    return origin == Origin::kUserAgent ? 3 : 2;
  };
  std::map<std::string, std::pair<Rank, CascadedValue>> winners;
  auto consider = [&](const LonghandDeclaration& declaration, Origin origin, int attribute,
                      int layer, uint32_t specificity, size_t order, size_t index) {
    Rank rank{level(origin, declaration.important),
              attribute,
              declaration.important ? -layer : layer,
              specificity,
              order,
              index};
    auto [it, inserted] = winners.try_emplace(declaration.name);
    if (inserted || it->second.first < rank)
      it->second = {rank, CascadedValue{declaration.value, declaration.important, origin}};
  };
  for (const RuleSet::Match& match : matches) {
    for (size_t i = 0; i < match.rule->longhands.size(); ++i)
      consider(match.rule->longhands[i], match.origin, 0, match.layer, match.specificity,
               match.order, i);
  }
  if (!pseudo_element) {
    for (size_t i = 0; i < own.presentational_hints.size(); ++i)
      consider(own.presentational_hints[i], Origin::kAuthor, -1, RuleSet::kUnlayered, 0, 0, i);
    for (size_t i = 0; i < own.style_attribute.size(); ++i)
      consider(own.style_attribute[i], Origin::kAuthor, 1, RuleSet::kUnlayered, 0, 0, i);
  }
  std::map<std::string, CascadedValue> cascaded;
  for (auto& [name, winner] : winners)
    cascaded.emplace(name, std::move(winner.second));
  return cascaded;
}

}  // namespace nexus::web::css
