#include "web/css/value_validation.h"

#include <algorithm>
#include <string>

#include "base/ascii.h"
#include "web/css/values.h"

namespace nexus::web::css {
namespace {

using Values = std::vector<ComponentValue>;

enum class Kind { kLength, kColor, kKeyword };

struct Grammar {
  Kind kind;
  bool negative = false;  // lengths: below zero allowed
  bool quirky = false;    // lengths: unitless in quirks mode
  std::vector<std::string_view> keywords = {};
};

const Grammar* GrammarOf(std::string_view name) {
  static const std::vector<std::string_view> kSizes = {"auto", "min-content", "max-content",
                                                       "fit-content"};
  static const std::vector<std::string_view> kMaxSizes = {"none", "min-content", "max-content",
                                                          "fit-content"};
  static const std::vector<std::string_view> kBorderWidths = {"thin", "medium", "thick"};
  static const std::vector<std::string_view> kBorderStyles = {"none",  "hidden", "dotted", "dashed",
                                                              "solid", "double", "groove", "ridge",
                                                              "inset", "outset"};
  static const std::vector<std::string_view> kOverflow = {"visible", "hidden", "clip",
                                                          "scroll",  "auto",   "overlay"};
  static const std::pair<const char*, Grammar> kGrammars[] = {
      {"width", {Kind::kLength, false, true, kSizes}},
      {"height", {Kind::kLength, false, true, kSizes}},
      {"min-width", {Kind::kLength, false, true, kSizes}},
      {"min-height", {Kind::kLength, false, true, kSizes}},
      {"max-width", {Kind::kLength, false, true, kMaxSizes}},
      {"max-height", {Kind::kLength, false, true, kMaxSizes}},
      {"margin-top", {Kind::kLength, true, true, {"auto"}}},
      {"margin-right", {Kind::kLength, true, true, {"auto"}}},
      {"margin-bottom", {Kind::kLength, true, true, {"auto"}}},
      {"margin-left", {Kind::kLength, true, true, {"auto"}}},
      {"padding-top", {Kind::kLength, false, true}},
      {"padding-right", {Kind::kLength, false, true}},
      {"padding-bottom", {Kind::kLength, false, true}},
      {"padding-left", {Kind::kLength, false, true}},
      {"top", {Kind::kLength, true, true, {"auto"}}},
      {"right", {Kind::kLength, true, true, {"auto"}}},
      {"bottom", {Kind::kLength, true, true, {"auto"}}},
      {"left", {Kind::kLength, true, true, {"auto"}}},
      {"border-top-width", {Kind::kLength, false, true, kBorderWidths}},
      {"border-right-width", {Kind::kLength, false, true, kBorderWidths}},
      {"border-bottom-width", {Kind::kLength, false, true, kBorderWidths}},
      {"border-left-width", {Kind::kLength, false, true, kBorderWidths}},
      {"outline-width", {Kind::kLength, false, false, kBorderWidths}},
      {"text-indent", {Kind::kLength, true, true}},
      {"font-size",
       {Kind::kLength,
        false,
        true,
        {"xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "xxx-large",
         "larger", "smaller", "math"}}},
      {"color", {Kind::kColor}},
      {"background-color", {Kind::kColor}},
      {"border-top-color", {Kind::kColor}},
      {"border-right-color", {Kind::kColor}},
      {"border-bottom-color", {Kind::kColor}},
      {"border-left-color", {Kind::kColor}},
      {"outline-color", {Kind::kColor}},
      {"border-top-style", {Kind::kKeyword, false, false, kBorderStyles}},
      {"border-right-style", {Kind::kKeyword, false, false, kBorderStyles}},
      {"border-bottom-style", {Kind::kKeyword, false, false, kBorderStyles}},
      {"border-left-style", {Kind::kKeyword, false, false, kBorderStyles}},
      {"position",
       {Kind::kKeyword, false, false, {"static", "relative", "absolute", "fixed", "sticky"}}},
      {"float",
       {Kind::kKeyword, false, false, {"none", "left", "right", "inline-start", "inline-end"}}},
      {"clear",
       {Kind::kKeyword,
        false,
        false,
        {"none", "left", "right", "both", "inline-start", "inline-end"}}},
      {"visibility", {Kind::kKeyword, false, false, {"visible", "hidden", "collapse"}}},
      {"box-sizing", {Kind::kKeyword, false, false, {"content-box", "border-box"}}},
      {"overflow-x", {Kind::kKeyword, false, false, kOverflow}},
      {"overflow-y", {Kind::kKeyword, false, false, kOverflow}},
      {"white-space",
       {Kind::kKeyword,
        false,
        false,
        {"normal", "pre", "nowrap", "pre-wrap", "pre-line", "break-spaces"}}},
  };
  for (const auto& [known, grammar] : kGrammars) {
    if (name == known)
      return &grammar;
  }
  return nullptr;
}

bool IsKeywordIn(const ComponentValue& value, const std::vector<std::string_view>& keywords) {
  return value.IsToken(TokenType::kIdent) &&
         std::any_of(keywords.begin(), keywords.end(), [&](std::string_view keyword) {
           return EqualsIgnoringAsciiCase(value.token.value, keyword);
         });
}

bool IsNegative(const Values& parts) {
  return parts.size() == 1 &&
         (parts[0].IsToken(TokenType::kDimension) || parts[0].IsToken(TokenType::kPercentage) ||
          parts[0].IsToken(TokenType::kNumber)) &&
         parts[0].token.number < 0;
}

// Whether this checker knows every unit and function in the value: what it does not know
// (env(), attr(), container units, newer math functions) it keeps, as a browser that knows
// them would, rather than drop valid CSS.
bool Judgeable(const Values& value) {
  static const std::vector<std::string_view> kUnits = {
      "px", "em", "rem", "ex",  "ch",   "vw",   "vh", "vmin", "vmax", "cm",  "mm",   "q", "in",
      "pt", "pc", "deg", "rad", "grad", "turn", "s",  "ms",   "fr",   "dpi", "dppx", "x"};
  static const std::vector<std::string_view> kFunctions = {
      "calc", "min", "max", "clamp", "fit-content", "rgb",   "rgba",      "hsl", "hsla",
      "hwb",  "lab", "lch", "oklab", "oklch",       "color", "color-mix", "url"};
  auto known = [](const std::vector<std::string_view>& names, const std::string& name) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view known) {
      return EqualsIgnoringAsciiCase(name, known);
    });
  };
  for (const ComponentValue& part : value) {
    if (part.IsToken(TokenType::kDimension) && !known(kUnits, part.token.unit))
      return false;
    if (part.IsFunction() && !known(kFunctions, part.token.value))
      return false;
    if (part.IsToken(TokenType::kIdent) &&
        known({"infinity", "-infinity", "pi", "e", "nan"}, part.token.value))
      return false;
    if (!Judgeable(part.children))
      return false;
  }
  return true;
}

}  // namespace

std::optional<Values> ValidatedValue(std::string_view longhand,
                                     const Values& value,
                                     bool quirks_mode) {
  Values parts = WithoutWhitespace(value);
  if (ContainsVar(value) || !Judgeable(value))
    return value;
  if (parts.empty())
    return std::nullopt;  // `height:` says nothing
  static const std::vector<std::string_view> kWide = {"inherit", "initial", "unset", "revert",
                                                      "revert-layer"};
  if (parts.size() == 1 && IsKeywordIn(parts[0], kWide))
    return value;
  const Grammar* grammar = GrammarOf(longhand);
  if (!grammar)
    return value;
  switch (grammar->kind) {
    case Kind::kKeyword:
      if (parts.size() == 1 && IsKeywordIn(parts[0], grammar->keywords))
        return value;
      return std::nullopt;
    case Kind::kColor:
      // Any single name may be a colour (system colours included); other shapes must parse.
      if (ParseColor(value) || (parts.size() == 1 && parts[0].IsToken(TokenType::kIdent)))
        return value;
      return std::nullopt;
    case Kind::kLength:
      break;
  }
  if (parts.size() == 1 && IsKeywordIn(parts[0], grammar->keywords))
    return value;
  if (parts.size() == 1 && parts[0].IsFunction() &&
      EqualsIgnoringAsciiCase(parts[0].token.value, "fit-content"))
    return value;
  if (!grammar->negative && IsNegative(parts))
    return std::nullopt;
  if (Length::Parse(value))
    return value;
  if (quirks_mode && grammar->quirky && parts.size() == 1 && parts[0].IsToken(TokenType::kNumber)) {
    ComponentValue pixels = parts[0];
    pixels.token.type = TokenType::kDimension;
    pixels.token.unit = "px";
    return Values{pixels};
  }
  if (longhand == "font-size" && parts.size() == 1 && parts[0].IsToken(TokenType::kNumber) &&
      parts[0].token.number == 0)
    return value;
  return std::nullopt;
}

}  // namespace nexus::web::css
