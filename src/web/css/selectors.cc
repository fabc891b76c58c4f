#include "web/css/selectors.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "base/ascii.h"

namespace nexus::web::css {
namespace {

using Kind = SimpleSelector::Kind;
using AttributeMatch = SimpleSelector::AttributeMatch;

constexpr uint32_t kIdWeight = 1u << 20;
constexpr uint32_t kClassWeight = 1u << 10;
constexpr uint32_t kTypeWeight = 1u;

// Pseudo-elements a selector may name; those Nexus does not generate match nothing.
bool IsPseudoElement(const std::string& name) {
  static const char* kNames[] = {"before", "after", "marker", "first-line", "first-letter",
                                 "selection", "placeholder", "backdrop", "file-selector-button"};
  return name.rfind("-webkit-", 0) == 0 ||
         std::any_of(std::begin(kNames), std::end(kNames), [&](const char* n) { return name == n; });
}

bool IsPseudoClass(const std::string& name) {
  static const char* kNames[] = {
      "root",          "first-child",  "last-child",    "only-child",
      "first-of-type", "last-of-type", "only-of-type",  "empty",
      "link",          "any-link",     "visited",       "hover",
      "focus",         "focus-within", "focus-visible", "active",
      "checked",       "disabled",     "enabled",       "required",
      "optional",      "read-only",    "read-write",    "placeholder-shown",
      "target",        "scope",        "defined",       "default",
      "indeterminate"};
  return std::any_of(std::begin(kNames), std::end(kNames), [&](const char* n) { return name == n; });
}

PseudoClass PseudoClassNamed(std::string_view name) {
  static const std::pair<const char*, PseudoClass> kNames[] = {
      {"is", PseudoClass::kIs},
      {"where", PseudoClass::kWhere},
      {"not", PseudoClass::kNot},
      {"has", PseudoClass::kHas},
      {"nth-child", PseudoClass::kNthChild},
      {"nth-last-child", PseudoClass::kNthLastChild},
      {"nth-of-type", PseudoClass::kNthOfType},
      {"nth-last-of-type", PseudoClass::kNthLastOfType},
      {"first-child", PseudoClass::kFirstChild},
      {"last-child", PseudoClass::kLastChild},
      {"only-child", PseudoClass::kOnlyChild},
      {"first-of-type", PseudoClass::kFirstOfType},
      {"last-of-type", PseudoClass::kLastOfType},
      {"only-of-type", PseudoClass::kOnlyOfType},
      {"root", PseudoClass::kRoot},
      {"scope", PseudoClass::kScope},
      {"empty", PseudoClass::kEmpty},
      {"link", PseudoClass::kLink},
      {"any-link", PseudoClass::kAnyLink},
      {"visited", PseudoClass::kVisited},
      {"target", PseudoClass::kTarget},
      {"indeterminate", PseudoClass::kIndeterminate},
      {"hover", PseudoClass::kHover},
      {"active", PseudoClass::kActive},
      {"focus", PseudoClass::kFocus},
      {"focus-visible", PseudoClass::kFocusVisible},
      {"focus-within", PseudoClass::kFocusWithin},
      {"checked", PseudoClass::kChecked},
      {"default", PseudoClass::kDefault},
      {"disabled", PseudoClass::kDisabled},
      {"enabled", PseudoClass::kEnabled},
      {"required", PseudoClass::kRequired},
      {"optional", PseudoClass::kOptional},
      {"read-write", PseudoClass::kReadWrite},
      {"read-only", PseudoClass::kReadOnly},
      {"placeholder-shown", PseudoClass::kPlaceholderShown},
      {"defined", PseudoClass::kDefined},
      {"lang", PseudoClass::kLang},
  };
  for (const auto& [known, pseudo] : kNames) {
    if (name == known)
      return pseudo;
  }
  return PseudoClass::kNone;
}

SimpleSelector Simple(Kind kind, std::string name = "") {
  SimpleSelector simple;
  simple.kind = kind;
  simple.name = std::move(name);
  if (kind == Kind::kPseudoClass)
    simple.pseudo = PseudoClassNamed(simple.name);
  return simple;
}

class SelectorParser {
 public:
  explicit SelectorParser(const std::vector<ComponentValue>& values) : values_(values) {}

  // A comma-separated list. `forgiving`: a bad selector is dropped alone (:is, :where).
  Result<SelectorList> List(bool relative, bool forgiving) {
    SelectorList list;
    while (true) {
      size_t start = at_;
      auto selector = Complex(relative);
      SkipWhitespace();
      bool at_separator = AtEnd() || values_[at_].IsToken(TokenType::kComma);
      if (selector.ok() && at_separator) {
        list.push_back(std::move(selector).value());
      } else if (!forgiving) {
        return selector.ok() ? Error("unexpected " + Describe(at_) + " in a selector")
                             : selector.error();
      } else {
        at_ = start;  // skip to the next comma
        while (!AtEnd() && !values_[at_].IsToken(TokenType::kComma))
          ++at_;
      }
      if (AtEnd())
        break;
      ++at_;  // the comma
    }
    if (list.empty() && !forgiving)
      return Error("an empty selector");
    return list;
  }

 private:
  bool AtEnd() const { return at_ >= values_.size(); }
  const ComponentValue& Next() const { return values_[at_]; }
  bool SkipWhitespace() {
    bool skipped = false;
    while (!AtEnd() && Next().IsToken(TokenType::kWhitespace)) {
      ++at_;
      skipped = true;
    }
    return skipped;
  }
  std::string Describe(size_t at) const {
    if (at >= values_.size())
      return "end";
    std::vector<ComponentValue> one{values_[at]};
    return "'" + Serialize(one) + "'";
  }
  std::optional<Combinator> CombinatorAt() const {
    if (AtEnd() || !Next().IsToken(TokenType::kDelim))
      return std::nullopt;
    const std::string& delim = Next().token.value;
    if (delim == ">")
      return Combinator::kChild;
    if (delim == "+")
      return Combinator::kNextSibling;
    if (delim == "~")
      return Combinator::kSubsequentSibling;
    return std::nullopt;
  }

  Result<ComplexSelector> Complex(bool relative) {
    ComplexSelector selector;
    SkipWhitespace();
    if (relative) {
      if (auto leading = CombinatorAt()) {
        selector.leading = *leading;
        ++at_;
        SkipWhitespace();
      }
    }
    while (true) {
      auto compound = Compound(selector);
      if (!compound.ok())
        return compound.error();
      selector.compounds.push_back(std::move(compound).value());
      bool spaced = SkipWhitespace();
      if (AtEnd() || Next().IsToken(TokenType::kComma))
        break;
      if (!selector.pseudo_element.empty())
        return Error("nothing may follow a pseudo-element");
      if (auto combinator = CombinatorAt()) {
        selector.combinators.push_back(*combinator);
        ++at_;
        SkipWhitespace();
      } else if (spaced) {
        selector.combinators.push_back(Combinator::kDescendant);
      } else {
        return Error("unexpected " + Describe(at_) + " in a selector");
      }
    }
    return selector;
  }

  Result<std::vector<SimpleSelector>> Compound(ComplexSelector& complex) {
    std::vector<SimpleSelector> compound;
    if (!AtEnd() && Next().IsToken(TokenType::kIdent)) {
      compound.push_back(Simple(Kind::kType, AsciiLowercase(Next().token.value)));
      complex.specificity += kTypeWeight;
      ++at_;
    } else if (!AtEnd() && Next().token.IsDelim('*') && Next().kind == ComponentValue::Kind::kToken) {
      compound.push_back(Simple(Kind::kUniversal));
      ++at_;
    }
    while (!AtEnd()) {
      const ComponentValue& value = Next();
      if (!complex.pseudo_element.empty() && !value.IsToken(TokenType::kColon))
        break;
      if (value.IsToken(TokenType::kHash)) {
        if (!value.token.id)
          return Error("#" + value.token.value + " is not an id");
        compound.push_back(Simple(Kind::kId, value.token.value));
        complex.specificity += kIdWeight;
        ++at_;
      } else if (value.IsToken(TokenType::kDelim) && value.token.value == ".") {
        ++at_;
        if (AtEnd() || !Next().IsToken(TokenType::kIdent))
          return Error("a '.' needs a class name");
        compound.push_back(Simple(Kind::kClass, Next().token.value));
        complex.specificity += kClassWeight;
        ++at_;
      } else if (value.IsBlock(TokenType::kOpenSquare)) {
        ASSIGN_OR_RETURN(SimpleSelector attribute, Attribute(value.children));
        compound.push_back(std::move(attribute));
        complex.specificity += kClassWeight;
        ++at_;
      } else if (value.IsToken(TokenType::kColon)) {
        ++at_;
        TRY_STATUS(Pseudo(compound, complex));
      } else {
        break;
      }
    }
    if (compound.empty())
      return Error("expected a selector, not " + Describe(at_));
    return compound;
  }

  Result<SimpleSelector> Attribute(const std::vector<ComponentValue>& inside) {
    std::vector<ComponentValue> parts;
    for (const ComponentValue& value : inside) {
      if (!value.IsToken(TokenType::kWhitespace))
        parts.push_back(value);
    }
    SimpleSelector selector = Simple(Kind::kAttribute);
    if (parts.empty() || !parts[0].IsToken(TokenType::kIdent))
      return Error("an attribute selector needs a name");
    selector.name = AsciiLowercase(parts[0].token.value);
    if (parts.size() == 1)
      return selector;
    size_t at = 1;
    static const std::pair<const char*, AttributeMatch> kOperators[] = {
        {"~", AttributeMatch::kIncludes}, {"|", AttributeMatch::kDashMatch},
        {"^", AttributeMatch::kPrefix},   {"$", AttributeMatch::kSuffix},
        {"*", AttributeMatch::kSubstring}};
    if (parts[at].IsToken(TokenType::kDelim) && parts[at].token.value == "=") {
      selector.match = AttributeMatch::kEquals;
      ++at;
    } else {
      auto op = std::find_if(std::begin(kOperators), std::end(kOperators), [&](const auto& entry) {
        return parts[at].IsToken(TokenType::kDelim) && parts[at].token.value == entry.first;
      });
      if (op == std::end(kOperators) || at + 1 >= parts.size() ||
          !parts[at + 1].token.IsDelim('='))
        return Error("a bad attribute selector operator");
      selector.match = op->second;
      at += 2;
    }
    if (at >= parts.size() ||
        !(parts[at].IsToken(TokenType::kIdent) || parts[at].IsToken(TokenType::kString)))
      return Error("an attribute selector needs a value");
    selector.value = parts[at].token.value;
    ++at;
    if (at < parts.size() && parts[at].IsToken(TokenType::kIdent)) {
      std::string flag = AsciiLowercase(parts[at].token.value);
      if (flag != "i" && flag != "s")
        return Error("an unknown attribute selector flag " + flag);
      selector.case_insensitive = flag == "i";
      ++at;
    }
    if (at != parts.size())
      return Error("an attribute selector ends with its value and flag");
    return selector;
  }

  Status Pseudo(std::vector<SimpleSelector>& compound, ComplexSelector& complex) {
    bool element = !AtEnd() && Next().IsToken(TokenType::kColon);
    if (element)
      ++at_;
    if (AtEnd())
      return Error("a ':' needs a name");
    const ComponentValue& value = Next();
    std::string name = AsciiLowercase(value.token.value);
    ++at_;
    static const char* kLegacyElements[] = {"before", "after", "first-line", "first-letter"};
    bool legacy_element = std::any_of(std::begin(kLegacyElements), std::end(kLegacyElements),
                                      [&](const char* n) { return name == n; });
    if (value.IsToken(TokenType::kIdent) && (element || legacy_element)) {
      if (!IsPseudoElement(name) || !complex.pseudo_element.empty())
        return Error("unknown pseudo-element ::" + name);
      complex.pseudo_element = name;
      complex.specificity += kTypeWeight;
      return OkStatus();
    }
    if (element)
      return Error("unknown pseudo-element ::" + name);
    if (value.IsToken(TokenType::kIdent)) {
      if (!IsPseudoClass(name))
        return Error("unknown pseudo-class :" + name);
      compound.push_back(Simple(Kind::kPseudoClass, name));
      complex.specificity += kClassWeight;
      return OkStatus();
    }
    if (!value.IsFunction())
      return Error("a ':' needs a name");
    SimpleSelector selector = Simple(Kind::kPseudoClass, name);
    if (name == "not" || name == "is" || name == "matches" || name == "where" || name == "has") {
      SelectorParser inner(value.children);
      bool forgiving = name == "is" || name == "where" || name == "matches";
      ASSIGN_OR_RETURN(selector.arguments, inner.List(/*relative=*/name == "has", forgiving));
      if (name == "matches") {
        selector.name = "is";
        selector.pseudo = PseudoClass::kIs;
      }
      uint32_t most = 0;
      for (const ComplexSelector& argument : selector.arguments)
        most = std::max(most, argument.specificity);
      if (name != "where")
        complex.specificity += most;
    } else if (name == "nth-child" || name == "nth-last-child" || name == "nth-of-type" ||
               name == "nth-last-of-type") {
      TRY_STATUS(Nth(value.children, selector, complex, name.find("child") != std::string::npos));
      complex.specificity += kClassWeight;
    } else if (name == "lang") {
      std::string lang;
      for (const ComponentValue& part : value.children) {
        if (part.IsToken(TokenType::kIdent) || part.IsToken(TokenType::kString))
          lang = part.token.value;
      }
      if (lang.empty())
        return Error(":lang() needs a language");
      selector.value = AsciiLowercase(lang);
      complex.specificity += kClassWeight;
    } else {
      return Error("unknown pseudo-class :" + name + "()");
    }
    compound.push_back(std::move(selector));
    return OkStatus();
  }

  // The An+B microsyntax (CSS Syntax §6), and `of S` for the -child forms.
  Status Nth(const std::vector<ComponentValue>& inside, SimpleSelector& selector,
             ComplexSelector& complex, bool of_allowed) {
    std::string text;
    size_t at = 0;
    for (; at < inside.size(); ++at) {
      if (inside[at].IsToken(TokenType::kIdent) && AsciiLowercase(inside[at].token.value) == "of")
        break;
      if (!inside[at].IsToken(TokenType::kWhitespace)) {
        std::vector<ComponentValue> one{inside[at]};
        text += Serialize(one);
      }
    }
    text = AsciiLowercase(text);
    if (text == "odd") {
      selector.a = 2, selector.b = 1;
    } else if (text == "even") {
      selector.a = 2, selector.b = 0;
    } else {
      size_t n = text.find('n');
      auto number = [](const std::string& digits, int& out) {
        if (digits.empty() || digits.size() > 9)
          return false;
        size_t start = digits[0] == '+' || digits[0] == '-' ? 1 : 0;
        if (start == digits.size() ||
            !std::all_of(digits.begin() + start, digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
          return false;
        out = std::atoi(digits.c_str());
        return true;
      };
      if (n == std::string::npos) {
        if (!number(text, selector.b))
          return Error("a bad An+B: " + text);
      } else {
        std::string a = text.substr(0, n), b = text.substr(n + 1);
        selector.a = a.empty() || a == "+" ? 1 : a == "-" ? -1 : 0;
        if (selector.a == 0 && !number(a, selector.a))
          return Error("a bad An+B: " + text);
        if (!b.empty() && !number(b, selector.b))
          return Error("a bad An+B: " + text);
      }
    }
    if (at < inside.size()) {
      if (!of_allowed)
        return Error("'of' belongs to :nth-child and :nth-last-child");
      std::vector<ComponentValue> rest(inside.begin() + static_cast<long>(at) + 1, inside.end());
      SelectorParser inner(rest);
      ASSIGN_OR_RETURN(selector.arguments, inner.List(false, false));
      uint32_t most = 0;
      for (const ComplexSelector& argument : selector.arguments)
        most = std::max(most, argument.specificity);
      complex.specificity += most;
    }
    return OkStatus();
  }

  const std::vector<ComponentValue>& values_;
  size_t at_ = 0;
};

// --- Matching -------------------------------------------------------------------------------

const dom::Element* ParentElement(const dom::Element& element) {
  dom::Node* parent = element.parent();
  return parent ? parent->AsElement() : nullptr;
}

const dom::Element* PreviousElement(const dom::Element& element) {
  for (dom::Node* node = element.previous_sibling(); node; node = node->previous_sibling()) {
    if (const dom::Element* sibling = node->AsElement())
      return sibling;
  }
  return nullptr;
}

bool IsInclusiveAncestor(const dom::Element& ancestor, const dom::Element* element) {
  for (const dom::Element* at = element; at; at = ParentElement(*at)) {
    if (at == &ancestor)
      return true;
  }
  return false;
}

bool Quirks(const dom::Element& element) {
  return element.owner_document() && element.owner_document()->quirks_mode;
}

bool HasClass(const dom::Element& element, const std::string& name) {
  auto classes = element.GetAttribute("class");
  if (!classes)
    return false;
  std::string_view list = *classes;
  size_t at = 0;
  while (at < list.size()) {
    while (at < list.size() && (list[at] == ' ' || list[at] == '\t' || list[at] == '\n' ||
                                list[at] == '\r' || list[at] == '\f'))
      ++at;
    size_t end = at;
    while (end < list.size() && list[end] != ' ' && list[end] != '\t' && list[end] != '\n' &&
           list[end] != '\r' && list[end] != '\f')
      ++end;
    std::string_view word = list.substr(at, end - at);
    if (!word.empty() && (word == name || (Quirks(element) && EqualsIgnoringAsciiCase(word, name))))
      return true;
    at = end;
  }
  return false;
}

bool AttributeMatches(const SimpleSelector& selector, const dom::Element& element) {
  auto value = element.GetAttribute(selector.name);
  if (!value)
    return false;
  std::string actual(*value), wanted = selector.value;
  if (selector.case_insensitive) {
    actual = AsciiLowercase(actual);
    wanted = AsciiLowercase(wanted);
  }
  switch (selector.match) {
    case AttributeMatch::kExists: return true;
    case AttributeMatch::kEquals: return actual == wanted;
    case AttributeMatch::kIncludes: {
      if (wanted.empty() || wanted.find_first_of(" \t\n\r\f") != std::string::npos)
        return false;
      std::string padded = " " + actual + " ";
      for (char& c : padded) {
        if (c == '\t' || c == '\n' || c == '\r' || c == '\f')
          c = ' ';
      }
      return padded.find(" " + wanted + " ") != std::string::npos;
    }
    case AttributeMatch::kDashMatch:
      return actual == wanted || actual.rfind(wanted + "-", 0) == 0;
    case AttributeMatch::kPrefix: return !wanted.empty() && actual.rfind(wanted, 0) == 0;
    case AttributeMatch::kSuffix:
      return !wanted.empty() && actual.size() >= wanted.size() &&
             actual.compare(actual.size() - wanted.size(), wanted.size(), wanted) == 0;
    case AttributeMatch::kSubstring:
      return !wanted.empty() && actual.find(wanted) != std::string::npos;
  }
  return false;
}

// `element`'s position among its parent's element children (1-based), counting those that
// `counts` accepts; from the end when `from_end`.
int Position(const dom::Element& element, bool from_end,
             const std::function<bool(const dom::Element&)>& counts) {
  int position = 1;
  dom::Node* parent = element.parent();
  if (!parent)
    return 1;
  const auto& children = parent->children();
  auto visit = [&](const std::unique_ptr<dom::Node>& child) {
    if (child.get() == &element)
      return true;
    if (const dom::Element* sibling = child->AsElement(); sibling && counts(*sibling))
      ++position;
    return false;
  };
  if (from_end) {
    for (auto it = children.rbegin(); it != children.rend() && !visit(*it); ++it) {
    }
  } else {
    for (auto it = children.begin(); it != children.end() && !visit(*it); ++it) {
    }
  }
  return position;
}

// Position() for plain counting (every element sibling, or those of the element's type),
// from the pass's sibling index when there is one.
int PlainPosition(const dom::Element& element,
                  bool from_end,
                  bool of_type,
                  const MatchState& state) {
  if (state.sibling_index) {
    const SiblingIndex::Place& place = state.sibling_index->Of(element);
    return of_type ? (from_end ? place.of_type_from_end : place.of_type)
                   : (from_end ? place.from_end : place.position);
  }
  auto same_type = [&](const dom::Element& other) {
    return other.tag_name() == element.tag_name();
  };
  auto every = [](const dom::Element&) { return true; };
  return of_type ? Position(element, from_end, same_type) : Position(element, from_end, every);
}

bool NthMatches(int a, int b, int position) {
  if (a == 0)
    return position == b;
  int difference = position - b;
  return difference % a == 0 && difference / a >= 0;
}

bool IsFormControl(const dom::Element& element) {
  static const char* kControls[] = {"button", "input", "select", "textarea", "optgroup",
                                    "option", "fieldset"};
  return std::any_of(std::begin(kControls), std::end(kControls),
                     [&](const char* tag) { return element.tag_name() == tag; });
}

bool IsDisabled(const dom::Element& element) {
  if (!IsFormControl(element))
    return false;
  if (element.HasAttribute("disabled"))
    return true;
  for (const dom::Element* at = ParentElement(element); at; at = ParentElement(*at)) {
    if (at->tag_name() == "fieldset" && at->HasAttribute("disabled"))
      return true;
  }
  return false;
}

bool IsTextField(const dom::Element& element) {
  if (element.tag_name() == "textarea")
    return true;
  if (element.tag_name() != "input")
    return false;
  std::string type = AsciiLowercase(element.GetAttribute("type").value_or("text"));
  static const char* kText[] = {"text", "search", "url", "tel", "email", "password", "number",
                                "date", "month", "week", "time", "datetime-local"};
  return std::any_of(std::begin(kText), std::end(kText), [&](const char* t) { return type == t; });
}

bool MatchesComplex(const ComplexSelector& selector, const dom::Element& element,
                    const MatchState& state, const dom::Element* anchor);

bool MatchesSimple(const SimpleSelector& simple, const dom::Element& element,
                   const MatchState& state) {
  switch (simple.kind) {
    case Kind::kUniversal: return true;
    case Kind::kType: return element.tag_name() == simple.name;
    case Kind::kId: {
      auto id = element.GetAttribute("id");
      return id && (*id == simple.name || (Quirks(element) && EqualsIgnoringAsciiCase(*id, simple.name)));
    }
    case Kind::kClass: return HasClass(element, simple.name);
    case Kind::kAttribute: return AttributeMatches(simple, element);
    case Kind::kPseudoClass: break;
  }
  PseudoClass pseudo = simple.pseudo;
  using P = PseudoClass;
  auto any_argument = [&](const dom::Element& candidate) {
    for (const ComplexSelector& argument : simple.arguments) {
      if (MatchesComplex(argument, candidate, state, nullptr))
        return true;
    }
    return false;
  };
  if (pseudo == P::kIs || pseudo == P::kWhere)
    return any_argument(element);
  if (pseudo == P::kNot)
    return !any_argument(element);
  if (pseudo == P::kHas) {
    for (const ComplexSelector& argument : simple.arguments) {
      // One compound (`:has(> p)`, `:has(+ h2)`): only the children or the next siblings can
      // match, so only they are tried; pages put such :has() in rules every element meets.
      if (argument.compounds.size() == 1 && argument.leading != Combinator::kDescendant) {
        bool next_only = argument.leading == Combinator::kNextSibling;
        const dom::Node* node =
            argument.leading == Combinator::kChild ? element.first_child() : element.next_sibling();
        for (; node; node = node->next_sibling()) {
          const dom::Element* candidate = node->AsElement();
          if (!candidate)
            continue;
          if (MatchesComplex(argument, *candidate, state, &element))
            return true;
          if (next_only)
            break;
        }
        continue;
      }
      // Where what :has() looks for may be: below, or after it among its siblings.
      const dom::Node* scope = element.parent();
      bool siblings = argument.leading == Combinator::kNextSibling ||
                      argument.leading == Combinator::kSubsequentSibling;
      for (const dom::Node* node : dom::Descendants(siblings && scope ? *scope : element)) {
        const dom::Element* candidate = node->AsElement();
        if (candidate && MatchesComplex(argument, *candidate, state, &element))
          return true;
      }
    }
    return false;
  }
  if (pseudo == P::kNthChild || pseudo == P::kNthLastChild) {
    if (!simple.arguments.empty() && !any_argument(element))
      return false;
    auto counts = [&](const dom::Element& other) {
      return simple.arguments.empty() || any_argument(other);
    };
    if (simple.arguments.empty())
      return NthMatches(simple.a, simple.b,
                        PlainPosition(element, pseudo == P::kNthLastChild, false, state));
    return NthMatches(simple.a, simple.b, Position(element, pseudo == P::kNthLastChild, counts));
  }
  // First or last: whether an element (of its type) comes before or after it, found by
  // walking to the nearest one (usually a step or two), not by counting its place.
  auto alone_toward = [&](bool forward, bool of_type) {
    for (const dom::Node* node = forward ? element.next_sibling() : element.previous_sibling();
         node; node = forward ? node->next_sibling() : node->previous_sibling()) {
      const dom::Element* other = node->AsElement();
      if (other && (!of_type || other->tag_name() == element.tag_name()))
        return false;
    }
    return true;
  };
  auto first = [&](bool of_type) { return alone_toward(false, of_type); };
  auto last = [&](bool of_type) { return alone_toward(true, of_type); };
  if (pseudo == P::kNthOfType || pseudo == P::kNthLastOfType)
    return NthMatches(simple.a, simple.b,
                      PlainPosition(element, pseudo == P::kNthLastOfType, true, state));
  if (pseudo == P::kFirstChild)
    return first(false);
  if (pseudo == P::kLastChild)
    return last(false);
  if (pseudo == P::kOnlyChild)
    return first(false) && last(false);
  if (pseudo == P::kFirstOfType)
    return first(true);
  if (pseudo == P::kLastOfType)
    return last(true);
  if (pseudo == P::kOnlyOfType)
    return first(true) && last(true);
  if (pseudo == P::kRoot || pseudo == P::kScope)
    return element.parent() && element.parent()->type() == dom::NodeType::kDocument;
  if (pseudo == P::kEmpty) {
    for (const auto& child : element.children()) {
      if (child->type() == dom::NodeType::kElement ||
          (child->type() == dom::NodeType::kText && !child->TextContent().empty()))
        return false;
    }
    return true;
  }
  if (pseudo == P::kLink || pseudo == P::kAnyLink)
    return (element.tag_name() == "a" || element.tag_name() == "area") && element.HasAttribute("href");
  if (pseudo == P::kVisited || pseudo == P::kTarget || pseudo == P::kIndeterminate)
    return false;  // no history is shown to pages (privacy), no fragment target yet
  if (pseudo == P::kHover)
    return IsInclusiveAncestor(element, state.hovered);
  if (pseudo == P::kActive)
    return IsInclusiveAncestor(element, state.active);
  if (pseudo == P::kFocus || pseudo == P::kFocusVisible)
    return &element == state.focused;
  if (pseudo == P::kFocusWithin)
    return IsInclusiveAncestor(element, state.focused);
  if (pseudo == P::kChecked) {
    std::string type = AsciiLowercase(element.GetAttribute("type").value_or(""));
    if (element.tag_name() == "input" && (type == "checkbox" || type == "radio"))
      return element.Checked();
    return element.tag_name() == "option" && element.HasAttribute("selected");
  }
  if (pseudo == P::kDefault)
    return (element.tag_name() == "input" || element.tag_name() == "option") &&
           (element.HasAttribute("checked") || element.HasAttribute("selected"));
  if (pseudo == P::kDisabled)
    return IsDisabled(element);
  if (pseudo == P::kEnabled)
    return IsFormControl(element) && !IsDisabled(element);
  if (pseudo == P::kRequired || pseudo == P::kOptional) {
    bool control = element.tag_name() == "input" || element.tag_name() == "select" ||
                   element.tag_name() == "textarea";
    return control && element.HasAttribute("required") == (pseudo == P::kRequired);
  }
  if (pseudo == P::kReadWrite || pseudo == P::kReadOnly) {
    bool writable = (IsTextField(element) && !element.HasAttribute("readonly") && !IsDisabled(element)) ||
                    element.GetAttribute("contenteditable").value_or("false") != "false";
    return writable == (pseudo == P::kReadWrite);
  }
  if (pseudo == P::kPlaceholderShown)
    return IsTextField(element) && element.HasAttribute("placeholder") && element.Value().empty();
  if (pseudo == P::kDefined)
    return true;
  if (pseudo == P::kLang) {
    for (const dom::Element* at = &element; at; at = ParentElement(*at)) {
      if (auto lang = at->GetAttribute("lang")) {
        std::string value = AsciiLowercase(*lang);
        return value == simple.value || value.rfind(simple.value + "-", 0) == 0;
      }
    }
    return false;
  }
  return false;
}

bool MatchesCompound(const std::vector<SimpleSelector>& compound, const dom::Element& element,
                     const MatchState& state) {
  return std::all_of(compound.begin(), compound.end(), [&](const SimpleSelector& simple) {
    return MatchesSimple(simple, element, state);
  });
}

// Whether `element` matches compounds 0..k of `selector`, right to left; with an `anchor`
// (a relative selector of :has()), compound 0 must stand in `leading` to it.
bool MatchesFrom(const ComplexSelector& selector, size_t k, const dom::Element& element,
                 const MatchState& state, const dom::Element* anchor) {
  if (!MatchesCompound(selector.compounds[k], element, state))
    return false;
  Combinator combinator = k == 0 ? selector.leading : selector.combinators[k - 1];
  if (k == 0 && !anchor)
    return true;
  auto next = [&](const dom::Element& candidate) {
    if (k > 0)
      return MatchesFrom(selector, k - 1, candidate, state, anchor);
    return &candidate == anchor;
  };
  switch (combinator) {
    case Combinator::kChild: {
      const dom::Element* parent = ParentElement(element);
      return parent && next(*parent);
    }
    case Combinator::kDescendant:
      for (const dom::Element* at = ParentElement(element); at; at = ParentElement(*at)) {
        if (next(*at))
          return true;
      }
      return false;
    case Combinator::kNextSibling: {
      const dom::Element* previous = PreviousElement(element);
      return previous && next(*previous);
    }
    case Combinator::kSubsequentSibling:
      for (const dom::Element* at = PreviousElement(element); at; at = PreviousElement(*at)) {
        if (next(*at))
          return true;
      }
      return false;
  }
  return false;
}

bool MatchesComplex(const ComplexSelector& selector, const dom::Element& element,
                    const MatchState& state, const dom::Element* anchor) {
  if (selector.compounds.empty())
    return false;
  return MatchesFrom(selector, selector.compounds.size() - 1, element, state, anchor);
}

}  // namespace

Result<SelectorList> ParseSelectorList(const std::vector<ComponentValue>& values) {
  return SelectorParser(values).List(/*relative=*/false, /*forgiving=*/false);
}

Result<SelectorList> ParseSelectorList(std::string_view text) {
  return ParseSelectorList(ParseComponentValues(text));
}

bool Matches(const ComplexSelector& selector, const dom::Element& element,
             const MatchState& state) {
  return MatchesComplex(selector, element, state, nullptr);
}

bool MatchesAny(const SelectorList& list, const dom::Element& element, const MatchState& state) {
  return std::any_of(list.begin(), list.end(), [&](const ComplexSelector& selector) {
    return Matches(selector, element, state);
  });
}

const SiblingIndex::Place& SiblingIndex::Of(const dom::Element& element) {
  if (auto it = places_.find(&element); it != places_.end())
    return it->second;
  const dom::Node* parent = element.parent();
  if (!parent)
    return places_[&element];
  // Index every element child of this parent at once: two walks, one from each end.
  std::vector<const dom::Element*> siblings;
  for (const auto& child : parent->children()) {
    if (const dom::Element* sibling = child->AsElement())
      siblings.push_back(sibling);
  }
  std::unordered_map<std::string_view, int> of_type;
  for (size_t i = 0; i < siblings.size(); ++i) {
    Place& place = places_[siblings[i]];
    place.position = static_cast<int>(i) + 1;
    place.of_type = ++of_type[siblings[i]->tag_name()];
  }
  of_type.clear();
  for (size_t i = siblings.size(); i-- > 0;) {
    Place& place = places_[siblings[i]];
    place.from_end = static_cast<int>(siblings.size() - i);
    place.of_type_from_end = ++of_type[siblings[i]->tag_name()];
  }
  return places_[&element];
}

}  // namespace nexus::web::css
