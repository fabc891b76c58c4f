#include "web/css/media_query.h"

#include <cmath>
#include <optional>

#include "base/ascii.h"

namespace nexus::web::css {
namespace {

using Values = std::vector<ComponentValue>;

// A feature's value as a number: lengths in CSS pixels, ratios as width / height,
// resolutions in dppx; identifiers stay identifiers.
struct Value {
  std::optional<double> number;
  std::string ident;
};

std::optional<Value> ReadValue(const Values& values, size_t& at, const MediaEnvironment& environment) {
  if (at >= values.size())
    return std::nullopt;
  const ComponentValue& first = values[at];
  Value value;
  if (first.IsToken(TokenType::kIdent)) {
    value.ident = AsciiLowercase(first.token.value);
    ++at;
    return value;
  }
  if (first.IsToken(TokenType::kNumber)) {
    double number = first.token.number;
    ++at;
    // A ratio: number / number.
    if (at + 1 < values.size() && values[at].token.IsDelim('/') &&
        values[at + 1].IsToken(TokenType::kNumber)) {
      if (values[at + 1].token.number == 0)
        return std::nullopt;
      number /= values[at + 1].token.number;
      at += 2;
    }
    value.number = number;
    return value;
  }
  if (first.IsToken(TokenType::kDimension)) {
    std::string unit = AsciiLowercase(first.token.unit);
    double n = first.token.number;
    static const std::pair<const char*, double> kPixels[] = {
        {"px", 1}, {"cm", 96 / 2.54}, {"mm", 96 / 25.4}, {"q", 96 / 101.6}, {"in", 96},
        {"pt", 96.0 / 72}, {"pc", 16}, {"dppx", 1}, {"x", 1}, {"dpi", 1.0 / 96},
        {"dpcm", 2.54 / 96}};
    for (const auto& [name, factor] : kPixels) {
      if (unit == name)
        value.number = n * factor;
    }
    if (unit == "em" || unit == "rem")
      value.number = n * environment.font_size;
    if (!value.number)
      return std::nullopt;
    ++at;
    return value;
  }
  return std::nullopt;
}

// The environment's value of a feature, or nothing for one Nexus does not know.
std::optional<Value> Feature(const std::string& name, const MediaEnvironment& environment) {
  Value value;
  auto ident = [&](const char* word) {
    value.ident = word;
    return value;
  };
  auto number = [&](double n) {
    value.number = n;
    return value;
  };
  if (name == "width" || name == "device-width") return number(environment.width);
  if (name == "height" || name == "device-height") return number(environment.height);
  if (name == "aspect-ratio" || name == "device-aspect-ratio")
    return number(environment.height > 0 ? environment.width / environment.height : 0);
  if (name == "orientation")
    return ident(environment.height >= environment.width ? "portrait" : "landscape");
  if (name == "prefers-color-scheme") return ident(environment.dark ? "dark" : "light");
  if (name == "prefers-reduced-motion")
    return ident(environment.reduced_motion ? "reduce" : "no-preference");
  if (name == "hover" || name == "any-hover") return ident("hover");
  if (name == "pointer" || name == "any-pointer") return ident("fine");
  if (name == "resolution") return number(1);
  if (name == "color") return number(8);
  if (name == "color-index" || name == "monochrome" || name == "grid") return number(0);
  if (name == "scripting") return ident("enabled");
  if (name == "display-mode") return ident("browser");
  if (name == "forced-colors") return ident("none");
  if (name == "prefers-contrast") return ident("no-preference");
  if (name == "update") return ident("fast");
  return std::nullopt;
}

bool Compare(double left, const std::string& op, double right) {
  constexpr double kEpsilon = 1e-9;
  if (op == "=") return std::abs(left - right) < kEpsilon;
  if (op == "<") return left < right;
  if (op == "<=") return left <= right + kEpsilon;
  if (op == ">") return left > right;
  if (op == ">=") return left + kEpsilon >= right;
  return false;
}

// '<', '<=', '>', '>=' or '=' at `at` (two delimiter tokens for the two-character forms).
std::optional<std::string> ReadOperator(const Values& values, size_t& at) {
  if (at >= values.size() || !values[at].IsToken(TokenType::kDelim))
    return std::nullopt;
  std::string op = values[at].token.value;
  if (op != "<" && op != ">" && op != "=")
    return std::nullopt;
  ++at;
  if (op != "=" && at < values.size() && values[at].token.IsDelim('=')) {
    op += "=";
    ++at;
  }
  return op;
}

// Media Queries 4 §3.2: a feature Nexus does not know, or a value that does not fit it, is
// "unknown", which `not` leaves unknown and which matches nothing in the end (so that
// `not (bogus)` is false, as in Chromium), in Kleene's three-valued logic.
enum class Truth { kFalse, kTrue, kUnknown };

Truth Of(bool value) {
  return value ? Truth::kTrue : Truth::kFalse;
}
Truth Not(Truth value) {
  return value == Truth::kUnknown ? value : Of(value == Truth::kFalse);
}
Truth And(Truth a, Truth b) {
  if (a == Truth::kFalse || b == Truth::kFalse)
    return Truth::kFalse;
  return a == Truth::kTrue && b == Truth::kTrue ? Truth::kTrue : Truth::kUnknown;
}
Truth Or(Truth a, Truth b) {
  if (a == Truth::kTrue || b == Truth::kTrue)
    return Truth::kTrue;
  return a == Truth::kFalse && b == Truth::kFalse ? Truth::kFalse : Truth::kUnknown;
}

Truth EvaluateFeature(const Values& inside, const MediaEnvironment& environment) {
  Values parts = WithoutWhitespace(inside);
  if (parts.empty())
    return Truth::kUnknown;
  // `(name)` and `(name: value)`, with min-/max- prefixes.
  if (parts[0].IsToken(TokenType::kIdent) &&
      (parts.size() == 1 || parts[1].IsToken(TokenType::kColon))) {
    std::string name = AsciiLowercase(parts[0].token.value);
    std::string op = "=";
    if (name.rfind("min-", 0) == 0) {
      op = ">=";
      name = name.substr(4);
    } else if (name.rfind("max-", 0) == 0) {
      op = "<=";
      name = name.substr(4);
    }
    auto actual = Feature(name, environment);
    if (!actual)
      return Truth::kUnknown;
    if (parts.size() == 1) {  // boolean context: anything but zero and none
      if (op != "=")
        return Truth::kUnknown;
      return Of(actual->number ? *actual->number != 0 : actual->ident != "none");
    }
    size_t at = 2;
    auto wanted = ReadValue(parts, at, environment);
    if (!wanted || at != parts.size())
      return Truth::kUnknown;
    if (actual->number && wanted->number)
      return Of(Compare(*actual->number, op, *wanted->number));
    if (op != "=" || actual->ident.empty() || wanted->ident.empty())
      return Truth::kUnknown;
    return Of(actual->ident == wanted->ident);
  }
  // The range syntax: `(name op value)`, `(value op name)`, `(value op name op value)`.
  size_t at = 0;
  std::optional<Value> left;
  std::optional<std::string> left_op;
  if (!parts[0].IsToken(TokenType::kIdent)) {
    left = ReadValue(parts, at, environment);
    left_op = ReadOperator(parts, at);
    if (!left || !left->number || !left_op)
      return Truth::kUnknown;
  }
  if (at >= parts.size() || !parts[at].IsToken(TokenType::kIdent))
    return Truth::kUnknown;
  auto actual = Feature(AsciiLowercase(parts[at].token.value), environment);
  ++at;
  if (!actual || !actual->number)
    return Truth::kUnknown;
  bool holds = !left || Compare(*left->number, *left_op, *actual->number);
  if (at < parts.size()) {
    auto op = ReadOperator(parts, at);
    auto right = ReadValue(parts, at, environment);
    if (!op || !right || !right->number || at != parts.size())
      return Truth::kUnknown;
    holds = holds && Compare(*actual->number, *op, *right->number);
  } else if (!left) {
    return Truth::kUnknown;
  }
  return Of(holds);
}

Truth EvaluateCondition(const Values& parts, size_t& at, const MediaEnvironment& environment);

// `( condition )` or `( feature )`; anything else in parentheses is unknown.
Truth EvaluateInParens(const ComponentValue& value, const MediaEnvironment& environment) {
  if (!value.IsBlock(TokenType::kOpenParen))
    return Truth::kUnknown;
  Values inside = WithoutWhitespace(value.children);
  if (!inside.empty() && (inside[0].IsBlock(TokenType::kOpenParen) || IsIdent(inside[0], "not"))) {
    size_t at = 0;
    Truth result = EvaluateCondition(inside, at, environment);
    return at == inside.size() ? result : Truth::kUnknown;
  }
  return EvaluateFeature(value.children, environment);
}

Truth EvaluateCondition(const Values& parts, size_t& at, const MediaEnvironment& environment) {
  if (at < parts.size() && IsIdent(parts[at], "not")) {
    ++at;
    return at < parts.size() ? Not(EvaluateInParens(parts[at++], environment)) : Truth::kUnknown;
  }
  if (at >= parts.size())
    return Truth::kUnknown;
  Truth result = EvaluateInParens(parts[at++], environment);
  std::string joiner;
  while (at + 1 < parts.size() && (IsIdent(parts[at], "and") || IsIdent(parts[at], "or"))) {
    std::string word = AsciiLowercase(parts[at].token.value);
    if (!joiner.empty() && word != joiner) {
      at = parts.size() + 1;  // `and` and `or` do not mix without parentheses: invalid
      return Truth::kUnknown;
    }
    joiner = word;
    Truth next = EvaluateInParens(parts[at + 1], environment);
    result = word == "and" ? And(result, next) : Or(result, next);
    at += 2;
  }
  return result;
}

bool EvaluateQuery(const Values& query, const MediaEnvironment& environment) {
  Values parts = WithoutWhitespace(query);
  if (parts.empty())
    return false;
  size_t at = 0;
  if (parts[0].IsBlock(TokenType::kOpenParen) || IsIdent(parts[0], "not")) {
    // A condition alone, unless `not` starts `not screen`.
    if (!(IsIdent(parts[0], "not") && parts.size() > 1 && parts[1].IsToken(TokenType::kIdent))) {
      Truth result = EvaluateCondition(parts, at, environment);
      return at == parts.size() && result == Truth::kTrue;
    }
  }
  bool negated = false;
  if (IsIdent(parts[0], "not") || IsIdent(parts[0], "only")) {
    negated = IsIdent(parts[0], "not");
    ++at;
  }
  if (at >= parts.size() || !parts[at].IsToken(TokenType::kIdent))
    return false;
  std::string type = AsciiLowercase(parts[at].token.value);
  ++at;
  Truth matches = Of(type == "all" || (type == "screen" && !environment.print) ||
                     (type == "print" && environment.print));
  if (at < parts.size()) {
    if (!IsIdent(parts[at], "and"))
      return false;
    ++at;
    Truth condition;
    if (at < parts.size() && IsIdent(parts[at], "not")) {
      condition = EvaluateCondition(parts, at, environment);
    } else {
      // After a type only `and` joins conditions.
      if (at >= parts.size())
        return false;
      condition = EvaluateInParens(parts[at++], environment);
      while (at + 1 < parts.size() && IsIdent(parts[at], "and")) {
        condition = And(condition, EvaluateInParens(parts[at + 1], environment));
        at += 2;
      }
    }
    if (at != parts.size())
      return false;
    matches = And(matches, condition);
  }
  return (negated ? Not(matches) : matches) == Truth::kTrue;
}

}  // namespace

bool MatchesMediaQueryList(const std::vector<ComponentValue>& list,
                           const MediaEnvironment& environment) {
  if (WithoutWhitespace(list).empty())
    return true;
  Values query;
  for (size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || list[i].IsToken(TokenType::kComma)) {
      if (EvaluateQuery(query, environment))
        return true;
      query.clear();
    } else {
      query.push_back(list[i]);
    }
  }
  return false;
}

bool MatchesMediaQueryList(std::string_view text, const MediaEnvironment& environment) {
  return MatchesMediaQueryList(ParseComponentValues(text), environment);
}

}  // namespace nexus::web::css
