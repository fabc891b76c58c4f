#include "web/layout/generated_content.h"

#include <vector>

#include "base/ascii.h"

namespace nexus::web::layout {
namespace {

// counter(name, style?) and counters(name, separator, style?) (CSS Lists 3 §4.8).
std::string CounterFunctionText(const css::ComponentValue& function, CounterState& counters) {
  std::vector<css::ComponentValue> arguments;
  for (const css::ComponentValue& argument : css::WithoutWhitespace(function.children)) {
    if (!argument.IsToken(css::TokenType::kComma))
      arguments.push_back(argument);
  }
  bool nested = EqualsIgnoringAsciiCase(function.token.value, "counters");
  if (arguments.empty() || !arguments[0].IsToken(css::TokenType::kIdent))
    return "";
  const std::string& name = arguments[0].token.value;
  std::string separator;
  size_t style_at = 1;
  if (nested) {
    if (arguments.size() < 2 || !arguments[1].IsToken(css::TokenType::kString))
      return "";
    separator = arguments[1].token.value;
    style_at = 2;
  }
  std::string style = "decimal";
  if (arguments.size() > style_at && arguments[style_at].IsToken(css::TokenType::kIdent))
    style = AsciiLowercase(arguments[style_at].token.value);
  counters.NoteRead(name);
  std::vector<int> values = counters.Values(name);
  if (!nested)
    return CounterText(values.back(), style);
  std::string text;
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? separator : "") + CounterText(values[i], style);
  return text;
}

}  // namespace

std::optional<std::string> ContentText(const css::ComputedStyle& style,
                                       const dom::Element& element,
                                       int& quote_depth,
                                       CounterState& counters) {
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
    } else if (value.IsFunction() && (EqualsIgnoringAsciiCase(value.token.value, "counter") ||
                                      EqualsIgnoringAsciiCase(value.token.value, "counters"))) {
      text += CounterFunctionText(value, counters);
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
  std::string text = CounterText(ordinal, type);
  if (text.empty())
    return "";
  bool symbol = type == "disc" || type == "circle" || type == "square" ||
                type == "disclosure-open" || type == "disclosure-closed";
  return text + (symbol ? " " : ". ");
}

}  // namespace nexus::web::layout
