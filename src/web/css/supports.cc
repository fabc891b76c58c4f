#include "web/css/supports.h"

#include <algorithm>
#include <string>

#include "base/ascii.h"
#include "web/css/properties.h"
#include "web/css/selectors.h"
#include "web/css/value_validation.h"

namespace nexus::web::css {
namespace {

using Values = std::vector<ComponentValue>;

bool Declaration(const Values& inside) {
  size_t at = 0;
  while (at < inside.size() && inside[at].IsToken(TokenType::kWhitespace))
    ++at;
  if (at >= inside.size() || !inside[at].IsToken(TokenType::kIdent))
    return false;
  std::string name = inside[at].token.value;
  ++at;
  while (at < inside.size() && inside[at].IsToken(TokenType::kWhitespace))
    ++at;
  if (at >= inside.size() || !inside[at].IsToken(TokenType::kColon))
    return false;
  Values value(inside.begin() + static_cast<long>(at) + 1, inside.end());
  if (WithoutWhitespace(value).empty())
    return false;
  return SupportsDeclaration(name, Serialize(value));
}

bool Condition(const Values& parts, size_t& at);

// `( condition )`, `( declaration )` or `selector( ... )`; anything else is false.
bool InParens(const ComponentValue& value) {
  if (value.IsFunction() && EqualsIgnoringAsciiCase(value.token.value, "selector"))
    return ParseSelectorList(value.children).ok();
  if (!value.IsBlock(TokenType::kOpenParen))
    return false;
  Values inside = WithoutWhitespace(value.children);
  if (!inside.empty() && (IsIdent(inside[0], "not") || inside[0].IsBlock(TokenType::kOpenParen) ||
                          inside[0].IsFunction())) {
    size_t at = 0;
    bool result = Condition(inside, at);
    return at == inside.size() && result;
  }
  return Declaration(value.children);
}

bool Condition(const Values& parts, size_t& at) {
  if (at < parts.size() && IsIdent(parts[at], "not")) {
    ++at;
    return at < parts.size() && !InParens(parts[at++]);
  }
  if (at >= parts.size())
    return false;
  bool result = InParens(parts[at++]);
  std::string joiner;
  while (at + 1 < parts.size() && (IsIdent(parts[at], "and") || IsIdent(parts[at], "or"))) {
    std::string word = AsciiLowercase(parts[at].token.value);
    if (!joiner.empty() && word != joiner) {
      at = parts.size() + 1;  // `and` and `or` do not mix without parentheses
      return false;
    }
    joiner = word;
    bool next = InParens(parts[at + 1]);
    result = word == "and" ? result && next : result || next;
    at += 2;
  }
  return result;
}

}  // namespace

bool SupportsCondition(const std::vector<ComponentValue>& condition) {
  Values parts = WithoutWhitespace(condition);
  size_t at = 0;
  bool result = Condition(parts, at);
  return at == parts.size() && result;
}

bool SupportsCondition(std::string_view condition) {
  return SupportsCondition(ParseComponentValues(condition));
}

bool SupportsDeclaration(std::string_view property, std::string_view value) {
  std::string name(TrimAsciiWhitespace(property));
  if (name.rfind("--", 0) != 0)
    name = AsciiLowercase(name);
  Values parsed = ParseComponentValues(value);
  if (!IsKnownProperty(name) || WithoutWhitespace(parsed).empty())
    return false;
  auto longhands = Expand(name, parsed);
  if (!longhands)
    return false;
  // Supported: every longhand's value is one its grammar takes (value_validation.h).
  return name.rfind("--", 0) == 0 ||
         std::all_of(longhands->begin(), longhands->end(), [](const auto& longhand) {
           return ValidatedValue(longhand.first, longhand.second).has_value();
         });
}

}  // namespace nexus::web::css
