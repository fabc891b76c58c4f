#include "web/style/presentational_hints.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/ascii.h"

namespace nexus::web::style {
namespace {

bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = static_cast<char>(c | 0x20);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string CssColor(const css::Color& color) {
  char text[48];
  std::snprintf(text, sizeof text, "rgb(%d, %d, %d)", color.r, color.g, color.b);
  return text;
}

// HTML's "rules for parsing dimension values": a number of pixels, or a percentage.
std::optional<std::string> Dimension(std::string_view text, bool zero_allowed) {
  text = TrimAsciiWhitespace(text);
  size_t at = 0;
  while (at < text.size() && IsAsciiDigit(text[at]))
    ++at;
  if (at == 0)
    return std::nullopt;
  size_t integer_end = at;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && IsAsciiDigit(text[at]))
      ++at;
  }
  std::string number(text.substr(0, at));
  if (at == integer_end + 1)
    number.pop_back();  // "50." is 50
  if (!zero_allowed && std::stod(number) == 0)
    return std::nullopt;
  bool percent = at < text.size() && text[at] == '%';
  return number + (percent ? "%" : "px");
}

// A non-negative integer attribute as a pixel length.
std::optional<std::string> Pixels(std::optional<std::string_view> value) {
  if (!value)
    return std::nullopt;
  std::string_view text = TrimAsciiWhitespace(*value);
  size_t at = 0;
  while (at < text.size() && IsAsciiDigit(text[at]))
    ++at;
  if (at == 0)
    return std::nullopt;
  return std::string(text.substr(0, at)) + "px";
}

const dom::Element* EnclosingTable(const dom::Element& cell) {
  for (const dom::Node* up = cell.parent(); up; up = up->parent()) {
    const dom::Element* element = up->AsElement();
    if (element && element->tag_name() == "table")
      return element;
  }
  return nullptr;
}

// <font size>: 1 to 7, or relative to 3 with + and -.
std::optional<std::string> FontSizeKeyword(std::string_view text) {
  text = TrimAsciiWhitespace(text);
  int sign = 0;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = text[0] == '+' ? 1 : -1;
    text.remove_prefix(1);
  }
  if (text.empty() || !IsAsciiDigit(text[0]))
    return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < text.size() && IsAsciiDigit(text[i]) && value < 100; ++i)
    value = value * 10 + (text[i] - '0');
  if (sign != 0)
    value = 3 + sign * value;
  static const char* kSizes[] = {"x-small", "small",    "medium",   "large",
                                 "x-large", "xx-large", "xxx-large"};
  return kSizes[std::clamp(value, 1, 7) - 1];
}

bool IsOneOf(std::string_view tag, std::initializer_list<std::string_view> tags) {
  for (std::string_view candidate : tags) {
    if (tag == candidate)
      return true;
  }
  return false;
}

}  // namespace

std::optional<css::Color> ParseLegacyColor(std::string_view input) {
  std::string text(TrimAsciiWhitespace(input));
  if (text.empty() || EqualsIgnoringAsciiCase(text, "transparent"))
    return std::nullopt;
  if (auto named = css::ParseColor(text); named && text[0] != '#' && !named->current_color)
    return named;
  if (text.size() == 4 && text[0] == '#' && HexDigit(text[1]) >= 0 && HexDigit(text[2]) >= 0 &&
      HexDigit(text[3]) >= 0) {
    return css::Color{static_cast<uint8_t>(HexDigit(text[1]) * 17),
                      static_cast<uint8_t>(HexDigit(text[2]) * 17),
                      static_cast<uint8_t>(HexDigit(text[3]) * 17), 1, false};
  }
  // Anything else is read as hex digits: junk becomes 0, the length is padded to three equal
  // parts, each part keeps its last 8 digits, then leading zeros go, then its first two.
  if (text.size() > 128)
    text.resize(128);
  if (text[0] == '#')
    text.erase(0, 1);
  for (char& c : text) {
    if (HexDigit(c) < 0)
      c = '0';
  }
  while (text.empty() || text.size() % 3 != 0)
    text += '0';
  size_t length = text.size() / 3;
  std::string parts[3] = {text.substr(0, length), text.substr(length, length),
                          text.substr(2 * length, length)};
  if (length > 8) {
    for (std::string& part : parts)
      part = part.substr(length - 8);
    length = 8;
  }
  while (length > 2 && parts[0][0] == '0' && parts[1][0] == '0' && parts[2][0] == '0') {
    for (std::string& part : parts)
      part.erase(0, 1);
    --length;
  }
  uint8_t channel[3];
  for (int i = 0; i < 3; ++i) {
    int value = 0;
    for (size_t j = 0; j < std::min<size_t>(2, length); ++j)
      value = value * 16 + HexDigit(parts[i][j]);
    channel[i] = static_cast<uint8_t>(length == 1 ? value * 17 : value);
  }
  return css::Color{channel[0], channel[1], channel[2], 1, false};
}

std::vector<css::Declaration> PresentationalHints(const dom::Element& element) {
  std::string css = PresentationalHintsText(element);
  if (css.empty())
    return {};
  return css::ParseDeclarationList(css);
}

std::string PresentationalHintsText(const dom::Element& element) {
  const std::string& tag = element.tag_name();
  std::string css;
  auto add = [&](std::string_view property, const std::string& value) {
    css.append(property).append(": ").append(value).append("; ");
  };
  auto attribute = [&](std::string_view name) { return element.GetAttribute(name); };

  if (auto bgcolor = attribute("bgcolor");
      bgcolor &&
      IsOneOf(tag, {"body", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "marquee"})) {
    if (auto color = ParseLegacyColor(*bgcolor))
      add("background-color", CssColor(*color));
  }
  if (tag == "body") {
    if (auto text = attribute("text"); text && ParseLegacyColor(*text))
      add("color", CssColor(*ParseLegacyColor(*text)));
    for (const char* side : {"top", "bottom"}) {
      if (auto margin = Pixels(attribute(side[0] == 't' ? "topmargin" : "bottommargin")))
        add(std::string("margin-") + side, *margin);
    }
    if (auto margin = Pixels(attribute("leftmargin")))
      add("margin-left", *margin);
    if (auto margin = Pixels(attribute("rightmargin")))
      add("margin-right", *margin);
  }
  // body link="" colours the links of its document that are not visited (Nexus keeps no
  // visited state for pages, so every link).
  if (tag == "a" && element.HasAttribute("href")) {
    if (const dom::Element* body = element.owner_document()->body()) {
      if (auto link = body->GetAttribute("link"); link && ParseLegacyColor(*link))
        add("color", CssColor(*ParseLegacyColor(*link)));
    }
  }
  if (tag == "font") {
    if (auto color = attribute("color"); color && ParseLegacyColor(*color))
      add("color", CssColor(*ParseLegacyColor(*color)));
    if (auto face = attribute("face"); face && !TrimAsciiWhitespace(*face).empty())
      add("font-family", std::string(*face));
    if (auto size = attribute("size"); size && FontSizeKeyword(*size))
      add("font-size", *FontSizeKeyword(*size));
  }

  // align: text alignment for blocks and cells (-webkit-*: centring the blocks inside too, as
  // browsers do and report), floats and centring for tables and images.
  if (auto align = attribute("align")) {
    std::string value = AsciiLowercase(TrimAsciiWhitespace(*align));
    if (IsOneOf(tag, {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "legend", "thead",
                      "tbody", "tfoot", "tr", "td", "th"})) {
      if (value == "left" || value == "right" || value == "center" || value == "justify")
        add("text-align", value == "justify" ? value : "-webkit-" + value);
      if (value == "middle")
        add("text-align", "-webkit-center");
    } else if (tag == "table" || tag == "img" || tag == "object" || tag == "iframe") {
      if (value == "left" || value == "right")
        add("float", value);
      else if (tag == "table" && value == "center")
        add("margin-left", "auto"), add("margin-right", "auto");
      else if (tag != "table" && (value == "top" || value == "middle" || value == "bottom"))
        add("vertical-align", value == "bottom" ? "baseline" : value);
    }
  }
  if (auto valign = attribute("valign");
      valign && IsOneOf(tag, {"thead", "tbody", "tfoot", "tr", "td", "th", "col"})) {
    std::string value = AsciiLowercase(TrimAsciiWhitespace(*valign));
    if (value == "top" || value == "middle" || value == "bottom" || value == "baseline")
      add("vertical-align", value);
  }

  // width and height: the dimension properties.
  // (An <svg>'s width and height are its geometry properties, SVG 2 §8.2: the same here.)
  bool sized = IsOneOf(tag, {"table", "td", "th", "col", "colgroup", "img", "iframe", "embed",
                             "object", "video", "canvas", "hr", "pre", "svg"});
  if (auto width = attribute("width"); width && sized && tag != "pre") {
    bool zero_allowed = !IsOneOf(tag, {"table", "td", "th", "col", "colgroup"});
    if (auto dimension = Dimension(*width, zero_allowed))
      add("width", *dimension);
  }
  if (auto height = attribute("height");
      height && (sized || tag == "tr" || IsOneOf(tag, {"thead", "tbody", "tfoot"})) &&
      tag != "hr" && tag != "pre") {
    if (auto dimension = Dimension(*height, tag != "table" && tag != "td" && tag != "th"))
      add("height", *dimension);
  }
  if (tag == "img" || tag == "object") {
    // border: a solid border that wide, in the text's colour (HTML §15.4.3).
    if (auto border = Pixels(attribute("border")))
      add("border-width", *border), add("border-style", "solid");
    if (auto hspace = attribute("hspace"); hspace && Dimension(*hspace, true))
      add("margin-left", *Dimension(*hspace, true)), add("margin-right", *Dimension(*hspace, true));
    if (auto vspace = attribute("vspace"); vspace && Dimension(*vspace, true))
      add("margin-top", *Dimension(*vspace, true)), add("margin-bottom", *Dimension(*vspace, true));
  }

  // Tables: border, cellspacing, and what cells take from their table.
  if (tag == "table") {
    if (auto border = attribute("border")) {
      std::string width = Pixels(border).value_or("1px");
      add("border-width", width);
      add("border-style", "outset");
      // Chromium's, not the HTML standard's gray: its table and cells inherit the body's
      // border colour, the text's (a table in black text has #545454 and #a8a8a8 edges).
      add("border-color", "currentcolor");
    }
    if (auto spacing = Pixels(attribute("cellspacing")))
      add("border-spacing", *spacing);
  }
  if (tag == "td" || tag == "th") {
    if (const dom::Element* table = EnclosingTable(element)) {
      if (auto padding = Pixels(table->GetAttribute("cellpadding")))
        add("padding", *padding);
      if (auto border = table->GetAttribute("border"); border && Pixels(border) != "0px") {
        add("border-width", "1px");
        add("border-style", "inset");
        add("border-color", "currentcolor");
      }
    }
    if (element.HasAttribute("nowrap"))
      add("white-space", "nowrap");
  }
  // <br clear>: left, right, all or both (HTML §15.3.3).
  if (auto clear = attribute("clear"); clear && tag == "br") {
    std::string value = AsciiLowercase(TrimAsciiWhitespace(*clear));
    if (value == "left" || value == "right")
      add("clear", value);
    else if (value == "all" || value == "both")
      add("clear", "both");
  }

  // Lists' type (HTML §15.3.8): case matters for ol's letters and numerals.
  if (auto type = attribute("type"); type && (tag == "ol" || tag == "ul" || tag == "li")) {
    std::string value(TrimAsciiWhitespace(*type));
    static const std::pair<const char*, const char*> kOrdered[] = {{"1", "decimal"},
                                                                   {"a", "lower-alpha"},
                                                                   {"A", "upper-alpha"},
                                                                   {"i", "lower-roman"},
                                                                   {"I", "upper-roman"}};
    bool done = false;
    for (auto [letter, style] : kOrdered) {
      if (tag != "ul" && value == letter)
        add("list-style-type", style), done = true;
    }
    std::string lower = AsciiLowercase(value);
    if (!done && tag != "ol" && (lower == "disc" || lower == "circle" || lower == "square"))
      add("list-style-type", lower);
    else if (!done && tag != "ol" && lower == "none")
      add("list-style-type", "none");
  }

  if (tag == "hr") {
    // As Chromium maps them: size is the whole height (1 or less: a single line), align
    // places it by its margins, color and noshade make it solid.
    if (auto size = attribute("size")) {
      if (auto pixels = Pixels(size)) {
        long whole = std::clamp(std::strtol(pixels->c_str(), nullptr, 10), -1L, 100000L);
        if (whole <= 1)
          add("border-bottom-width", "0px");
        else
          add("height", std::to_string(whole - 2) + "px");
      }
    }
    if (auto align = attribute("align")) {
      std::string value = AsciiLowercase(TrimAsciiWhitespace(*align));
      if (value == "left")
        add("margin-left", "0"), add("margin-right", "auto");
      else if (value == "right")
        add("margin-left", "auto"), add("margin-right", "0");
      else  // any other value centres it, as in Chromium
        add("margin-left", "auto"), add("margin-right", "auto");
    }
    if (auto color = attribute("color"); color && ParseLegacyColor(*color)) {
      add("border-style", "solid");
      add("border-color", CssColor(*ParseLegacyColor(*color)));
      add("background-color", CssColor(*ParseLegacyColor(*color)));
    } else if (element.HasAttribute("noshade")) {
      add("border-style", "solid");
      add("border-color", "rgb(128, 128, 128)");
      add("background-color", "rgb(128, 128, 128)");
    }
  }
  return css;
}

}  // namespace nexus::web::style
