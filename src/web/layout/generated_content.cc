#include "web/layout/generated_content.h"

#include <vector>

#include "base/ascii.h"

namespace nexus::web::layout {
namespace {

std::string Alphabetic(int ordinal, char first) {
  if (ordinal <= 0)
    return std::to_string(ordinal);
  std::string out;
  for (int n = ordinal; n > 0; n = (n - 1) / 26)
    out.insert(out.begin(), static_cast<char>(first + (n - 1) % 26));
  return out;
}

std::string Roman(int ordinal, bool upper) {
  if (ordinal <= 0 || ordinal >= 4000)
    return std::to_string(ordinal);
  static const std::pair<int, const char*> kDigits[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string out;
  for (const auto& [value, digits] : kDigits) {
    for (; ordinal >= value; ordinal -= value)
      out += digits;
  }
  if (upper) {
    for (char& c : out)
      c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string Greek(int ordinal) {
  static const char* kLetters[] = {"α", "β", "γ", "δ", "ε", "ζ", "η", "θ", "ι", "κ", "λ", "μ",
                                   "ν", "ξ", "ο", "π", "ρ", "σ", "τ", "υ", "φ", "χ", "ψ", "ω"};
  if (ordinal <= 0)
    return std::to_string(ordinal);
  std::string out;
  for (int n = ordinal; n > 0; n = (n - 1) / 24)
    out.insert(0, kLetters[(n - 1) % 24]);
  return out;
}

}  // namespace

std::optional<std::string> ContentText(const css::ComputedStyle& style,
                                       const dom::Element& element,
                                       int& quote_depth) {
  std::string keyword = style.Keyword("content");
  if (keyword == "none" || keyword == "normal")
    return std::nullopt;
  std::string text;
  bool any = false;
  for (const css::ComponentValue& value : style.Value("content")) {
    if (value.IsToken(css::TokenType::kString)) {
      text += value.token.value;
      any = true;
    } else if (value.IsFunction() && EqualsIgnoringAsciiCase(value.token.value, "attr")) {
      for (const css::ComponentValue& argument : value.children) {
        if (argument.IsToken(css::TokenType::kIdent)) {
          text +=
              std::string(element.GetAttribute(AsciiLowercase(argument.token.value)).value_or(""));
          break;
        }
      }
      any = true;
    } else if (value.IsToken(css::TokenType::kIdent)) {
      // Quotes as the initial `quotes: auto` has them for English: “ ” outside, ‘ ’ inside.
      std::string word = AsciiLowercase(value.token.value);
      if (word == "open-quote") {
        text += quote_depth % 2 == 0 ? "\u201c" : "\u2018";
        ++quote_depth;
      } else if (word == "close-quote" && quote_depth > 0) {
        --quote_depth;
        text += quote_depth % 2 == 0 ? "\u201d" : "\u2019";
      } else if (word == "no-open-quote") {
        ++quote_depth;
      } else if (word == "no-close-quote" && quote_depth > 0) {
        --quote_depth;
      }
      any = true;
    }
  }
  if (!any)
    return std::nullopt;
  return text;
}

std::string MarkerText(const css::ComputedStyle& style, int ordinal) {
  const auto& value = style.Value("list-style-type");
  for (const css::ComponentValue& part : value) {
    if (part.IsToken(css::TokenType::kString))
      return part.token.value;
  }
  std::string type = style.Keyword("list-style-type");
  if (type == "none")
    return "";
  if (type == "disc")
    return "\u2022 ";
  if (type == "circle")
    return "\u25e6 ";
  if (type == "square")
    return "\u25aa ";
  if (type == "disclosure-open")
    return "\u25be ";
  if (type == "disclosure-closed")
    return "\u25b8 ";
  std::string number;
  if (type == "decimal-leading-zero")
    number = (ordinal >= 0 && ordinal < 10 ? "0" : "") + std::to_string(ordinal);
  else if (type == "lower-alpha" || type == "lower-latin")
    number = Alphabetic(ordinal, 'a');
  else if (type == "upper-alpha" || type == "upper-latin")
    number = Alphabetic(ordinal, 'A');
  else if (type == "lower-roman" || type == "upper-roman")
    number = Roman(ordinal, type == "upper-roman");
  else if (type == "lower-greek")
    number = Greek(ordinal);
  else
    number = std::to_string(ordinal);  // decimal, and styles Nexus does not know
  return number + ". ";
}

}  // namespace nexus::web::layout
