#include "web/css/values.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <set>

#include "base/ascii.h"

namespace nexus::web::css {
namespace {

using Values = std::vector<ComponentValue>;

// --- Colours --------------------------------------------------------------------------------

// CSS Color 4 §6.1: the named colours, as 0xRRGGBB.
const std::map<std::string, uint32_t>& NamedColors() {
  static const std::map<std::string, uint32_t> colors = {
      {"aliceblue", 0xf0f8ff},
      {"antiquewhite", 0xfaebd7},
      {"aqua", 0x00ffff},
      {"aquamarine", 0x7fffd4},
      {"azure", 0xf0ffff},
      {"beige", 0xf5f5dc},
      {"bisque", 0xffe4c4},
      {"black", 0x000000},
      {"blanchedalmond", 0xffebcd},
      {"blue", 0x0000ff},
      {"blueviolet", 0x8a2be2},
      {"brown", 0xa52a2a},
      {"burlywood", 0xdeb887},
      {"cadetblue", 0x5f9ea0},
      {"chartreuse", 0x7fff00},
      {"chocolate", 0xd2691e},
      {"coral", 0xff7f50},
      {"cornflowerblue", 0x6495ed},
      {"cornsilk", 0xfff8dc},
      {"crimson", 0xdc143c},
      {"cyan", 0x00ffff},
      {"darkblue", 0x00008b},
      {"darkcyan", 0x008b8b},
      {"darkgoldenrod", 0xb8860b},
      {"darkgray", 0xa9a9a9},
      {"darkgreen", 0x006400},
      {"darkgrey", 0xa9a9a9},
      {"darkkhaki", 0xbdb76b},
      {"darkmagenta", 0x8b008b},
      {"darkolivegreen", 0x556b2f},
      {"darkorange", 0xff8c00},
      {"darkorchid", 0x9932cc},
      {"darkred", 0x8b0000},
      {"darksalmon", 0xe9967a},
      {"darkseagreen", 0x8fbc8f},
      {"darkslateblue", 0x483d8b},
      {"darkslategray", 0x2f4f4f},
      {"darkslategrey", 0x2f4f4f},
      {"darkturquoise", 0x00ced1},
      {"darkviolet", 0x9400d3},
      {"deeppink", 0xff1493},
      {"deepskyblue", 0x00bfff},
      {"dimgray", 0x696969},
      {"dimgrey", 0x696969},
      {"dodgerblue", 0x1e90ff},
      {"firebrick", 0xb22222},
      {"floralwhite", 0xfffaf0},
      {"forestgreen", 0x228b22},
      {"fuchsia", 0xff00ff},
      {"gainsboro", 0xdcdcdc},
      {"ghostwhite", 0xf8f8ff},
      {"gold", 0xffd700},
      {"goldenrod", 0xdaa520},
      {"gray", 0x808080},
      {"green", 0x008000},
      {"greenyellow", 0xadff2f},
      {"grey", 0x808080},
      {"honeydew", 0xf0fff0},
      {"hotpink", 0xff69b4},
      {"indianred", 0xcd5c5c},
      {"indigo", 0x4b0082},
      {"ivory", 0xfffff0},
      {"khaki", 0xf0e68c},
      {"lavender", 0xe6e6fa},
      {"lavenderblush", 0xfff0f5},
      {"lawngreen", 0x7cfc00},
      {"lemonchiffon", 0xfffacd},
      {"lightblue", 0xadd8e6},
      {"lightcoral", 0xf08080},
      {"lightcyan", 0xe0ffff},
      {"lightgoldenrodyellow", 0xfafad2},
      {"lightgray", 0xd3d3d3},
      {"lightgreen", 0x90ee90},
      {"lightgrey", 0xd3d3d3},
      {"lightpink", 0xffb6c1},
      {"lightsalmon", 0xffa07a},
      {"lightseagreen", 0x20b2aa},
      {"lightskyblue", 0x87cefa},
      {"lightslategray", 0x778899},
      {"lightslategrey", 0x778899},
      {"lightsteelblue", 0xb0c4de},
      {"lightyellow", 0xffffe0},
      {"lime", 0x00ff00},
      {"limegreen", 0x32cd32},
      {"linen", 0xfaf0e6},
      {"magenta", 0xff00ff},
      {"maroon", 0x800000},
      {"mediumaquamarine", 0x66cdaa},
      {"mediumblue", 0x0000cd},
      {"mediumorchid", 0xba55d3},
      {"mediumpurple", 0x9370db},
      {"mediumseagreen", 0x3cb371},
      {"mediumslateblue", 0x7b68ee},
      {"mediumspringgreen", 0x00fa9a},
      {"mediumturquoise", 0x48d1cc},
      {"mediumvioletred", 0xc71585},
      {"midnightblue", 0x191970},
      {"mintcream", 0xf5fffa},
      {"mistyrose", 0xffe4e1},
      {"moccasin", 0xffe4b5},
      {"navajowhite", 0xffdead},
      {"navy", 0x000080},
      {"oldlace", 0xfdf5e6},
      {"olive", 0x808000},
      {"olivedrab", 0x6b8e23},
      {"orange", 0xffa500},
      {"orangered", 0xff4500},
      {"orchid", 0xda70d6},
      {"palegoldenrod", 0xeee8aa},
      {"palegreen", 0x98fb98},
      {"paleturquoise", 0xafeeee},
      {"palevioletred", 0xdb7093},
      {"papayawhip", 0xffefd5},
      {"peachpuff", 0xffdab9},
      {"peru", 0xcd853f},
      {"pink", 0xffc0cb},
      {"plum", 0xdda0dd},
      {"powderblue", 0xb0e0e6},
      {"purple", 0x800080},
      {"rebeccapurple", 0x663399},
      {"red", 0xff0000},
      {"rosybrown", 0xbc8f8f},
      {"royalblue", 0x4169e1},
      {"saddlebrown", 0x8b4513},
      {"salmon", 0xfa8072},
      {"sandybrown", 0xf4a460},
      {"seagreen", 0x2e8b57},
      {"seashell", 0xfff5ee},
      {"sienna", 0xa0522d},
      {"silver", 0xc0c0c0},
      {"skyblue", 0x87ceeb},
      {"slateblue", 0x6a5acd},
      {"slategray", 0x708090},
      {"slategrey", 0x708090},
      {"snow", 0xfffafa},
      {"springgreen", 0x00ff7f},
      {"steelblue", 0x4682b4},
      {"tan", 0xd2b48c},
      {"teal", 0x008080},
      {"thistle", 0xd8bfd8},
      {"tomato", 0xff6347},
      {"turquoise", 0x40e0d0},
      {"violet", 0xee82ee},
      {"wheat", 0xf5deb3},
      {"white", 0xffffff},
      {"whitesmoke", 0xf5f5f5},
      {"yellow", 0xffff00},
      {"yellowgreen", 0x9acd32},
      // System colours (CSS Color 4 §6.2) in the light scheme, as Chromium has them.
      {"canvas", 0xffffff},
      {"canvastext", 0x000000},
      {"linktext", 0x0000ee},
      {"visitedtext", 0x551a8b},
      {"activetext", 0xff0000},
      {"buttonface", 0xefefef},
      {"buttontext", 0x000000},
      {"buttonborder", 0x767676},
      {"field", 0xffffff},
      {"fieldtext", 0x000000},
      {"graytext", 0x808080},
      {"mark", 0xffff00},
      {"marktext", 0x000000},
      {"selecteditem", 0x0075ff},
      {"selecteditemtext", 0xffffff},
      {"accentcolor", 0x0075ff},
      {"accentcolortext", 0xffffff},
      {"threedface", 0xc0c0c0}};
  return colors;
}

uint8_t Channel(double value) {
  if (!std::isfinite(value))
    value = value > 0 ? 255 : 0;  // NaN (hsl(1e999 ...)) and infinities: no undefined casts
  return static_cast<uint8_t>(std::clamp(std::round(value), 0.0, 255.0));
}

std::optional<Color> FromHex(const std::string& hex) {
  if (!std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  auto digit = [&](size_t i) { return std::stoi(hex.substr(i, 1), nullptr, 16); };
  auto pair = [&](size_t i) { return std::stoi(hex.substr(i, 2), nullptr, 16); };
  Color color;
  if (hex.size() == 3 || hex.size() == 4) {
    color.r = static_cast<uint8_t>(digit(0) * 17);
    color.g = static_cast<uint8_t>(digit(1) * 17);
    color.b = static_cast<uint8_t>(digit(2) * 17);
    if (hex.size() == 4)
      color.alpha = static_cast<float>(digit(3) * 17 / 255.0);
    return color;
  }
  if (hex.size() == 6 || hex.size() == 8) {
    color.r = static_cast<uint8_t>(pair(0));
    color.g = static_cast<uint8_t>(pair(2));
    color.b = static_cast<uint8_t>(pair(4));
    if (hex.size() == 8)
      color.alpha = static_cast<float>(pair(6) / 255.0);
    return color;
  }
  return std::nullopt;
}

// A colour function's arguments: three components and an optional alpha, in the legacy
// comma syntax or the modern space syntax with `/ alpha`.
std::optional<Values> ColorArguments(const Values& arguments) {
  Values parts = WithoutWhitespace(arguments);
  Values out;
  bool commas = parts.size() > 1 && parts[1].IsToken(TokenType::kComma);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (commas && i % 2 == 1) {
      if (!parts[i].IsToken(TokenType::kComma))
        return std::nullopt;
      continue;
    }
    if (!commas && parts[i].kind == ComponentValue::Kind::kToken && parts[i].token.IsDelim('/')) {
      if (out.size() != 3)
        return std::nullopt;
      continue;
    }
    out.push_back(parts[i]);
  }
  if (out.size() != 3 && out.size() != 4)
    return std::nullopt;
  return out;
}

std::optional<double> Alpha(const ComponentValue& value) {
  if (value.IsToken(TokenType::kNumber))
    return std::clamp(value.token.number, 0.0, 1.0);
  if (value.IsToken(TokenType::kPercentage))
    return std::clamp(value.token.number / 100, 0.0, 1.0);
  if (value.IsToken(TokenType::kIdent) && EqualsIgnoringAsciiCase(value.token.value, "none"))
    return 0.0;
  return std::nullopt;
}

// A hue in degrees: a number, or an angle.
std::optional<double> Hue(const ComponentValue& value) {
  if (value.IsToken(TokenType::kNumber))
    return value.token.number;
  if (value.IsToken(TokenType::kIdent) && EqualsIgnoringAsciiCase(value.token.value, "none"))
    return 0.0;
  if (!value.IsToken(TokenType::kDimension))
    return std::nullopt;
  std::string unit = AsciiLowercase(value.token.unit);
  double n = value.token.number;
  if (unit == "deg") return n;
  if (unit == "rad") return n * 180 / M_PI;
  if (unit == "grad") return n * 0.9;
  if (unit == "turn") return n * 360;
  return std::nullopt;
}

std::optional<double> Percent(const ComponentValue& value) {
  if (value.IsToken(TokenType::kPercentage) || value.IsToken(TokenType::kNumber))
    return std::clamp(value.token.number, 0.0, 100.0) / 100;
  if (value.IsToken(TokenType::kIdent) && EqualsIgnoringAsciiCase(value.token.value, "none"))
    return 0.0;
  return std::nullopt;
}

Color FromHsl(double hue, double saturation, double lightness) {
  hue = std::fmod(std::fmod(hue, 360) + 360, 360) / 360;
  auto channel = [&](double n) {
    double k = std::fmod(n + hue * 12, 12);
    double a = saturation * std::min(lightness, 1 - lightness);
    return lightness - a * std::max(-1.0, std::min({k - 3, 9 - k, 1.0}));
  };
  Color color;
  color.r = Channel(channel(0) * 255);
  color.g = Channel(channel(8) * 255);
  color.b = Channel(channel(4) * 255);
  return color;
}

std::optional<Color> ColorFunction(const ComponentValue& function) {
  std::string name = AsciiLowercase(function.token.value);
  auto arguments = ColorArguments(function.children);
  if (!arguments)
    return std::nullopt;
  const auto& a = *arguments;
  std::optional<Color> color;
  if (name == "rgb" || name == "rgba") {
    Color rgb;
    uint8_t* channels[] = {&rgb.r, &rgb.g, &rgb.b};
    for (int i = 0; i < 3; ++i) {
      const ComponentValue& value = a[static_cast<size_t>(i)];
      if (value.IsToken(TokenType::kNumber))
        *channels[i] = Channel(value.token.number);
      else if (value.IsToken(TokenType::kPercentage))
        *channels[i] = Channel(value.token.number * 255 / 100);
      else if (value.IsToken(TokenType::kIdent) && EqualsIgnoringAsciiCase(value.token.value, "none"))
        *channels[i] = 0;
      else
        return std::nullopt;
    }
    color = rgb;
  } else if (name == "hsl" || name == "hsla" || name == "hwb") {
    auto hue = Hue(a[0]);
    auto second = Percent(a[1]);
    auto third = Percent(a[2]);
    if (!hue || !second || !third)
      return std::nullopt;
    if (name == "hwb") {
      double white = *second, black = *third;
      if (white + black >= 1) {
        uint8_t gray = Channel(white / (white + black) * 255);
        color = Color{gray, gray, gray, 1, false};
      } else {
        Color pure = FromHsl(*hue, 1, 0.5);
        auto mix = [&](uint8_t channel) {
          return Channel((channel / 255.0 * (1 - white - black) + white) * 255);
        };
        color = Color{mix(pure.r), mix(pure.g), mix(pure.b), 1, false};
      }
    } else {
      color = FromHsl(*hue, *second, *third);
    }
  } else {
    return std::nullopt;
  }
  if (a.size() == 4) {
    auto alpha = Alpha(a[3]);
    if (!alpha)
      return std::nullopt;
    color->alpha = static_cast<float>(*alpha);
  }
  return color;
}

// --- Lengths and calc() ---------------------------------------------------------------------

}  // namespace

struct Length::Node {
  enum class Kind { kValue, kSum, kProduct, kQuotient, kMin, kMax, kClamp };
  Kind kind = Kind::kValue;
  double number = 0;
  std::string unit;  // "" for a plain number, "%" for a percentage, else a length unit
  std::vector<std::shared_ptr<const Node>> operands;
  std::vector<bool> subtract;  // kSum: whether operand i is subtracted
};

namespace {

using Node = Length::Node;
using NodePtr = std::shared_ptr<const Node>;

bool IsLengthUnit(const std::string& unit) {
  static const char* kUnits[] = {"px", "em", "rem", "ex", "ch", "vw", "vh", "vmin", "vmax",
                                 "cm", "mm", "q", "in", "pt", "pc", "lh", "rlh", "svw", "svh",
                                 "lvw", "lvh", "dvw", "dvh"};
  return std::any_of(std::begin(kUnits), std::end(kUnits), [&](const char* u) { return unit == u; });
}

NodePtr Leaf(double number, std::string unit) {
  auto node = std::make_shared<Node>();
  node->number = number;
  node->unit = std::move(unit);
  return node;
}

NodePtr ParseSum(const Values& parts, size_t& at, int depth);

// A number, a length, a percentage, ( sum ), or a math function.
NodePtr ParseValue(const Values& parts, size_t& at, int depth) {
  if (at >= parts.size() || depth > 32)
    return nullptr;
  const ComponentValue& value = parts[at];
  if (value.IsToken(TokenType::kNumber)) {
    ++at;
    return Leaf(value.token.number, "");
  }
  if (value.IsToken(TokenType::kPercentage)) {
    ++at;
    return Leaf(value.token.number, "%");
  }
  if (value.IsToken(TokenType::kDimension)) {
    std::string unit = AsciiLowercase(value.token.unit);
    if (!IsLengthUnit(unit))
      return nullptr;
    ++at;
    return Leaf(value.token.number, unit);
  }
  Values inside;
  if (value.IsBlock(TokenType::kOpenParen)) {
    inside = WithoutWhitespace(value.children);
  } else if (value.IsFunction()) {
    inside = WithoutWhitespace(value.children);
  } else {
    return nullptr;
  }
  ++at;
  std::string name = value.IsFunction() ? AsciiLowercase(value.token.value) : "calc";
  if (name == "calc") {
    size_t inner = 0;
    NodePtr sum = ParseSum(inside, inner, depth + 1);
    return inner == inside.size() ? sum : nullptr;
  }
  Node::Kind kind = name == "min" ? Node::Kind::kMin : name == "max" ? Node::Kind::kMax
                    : name == "clamp"                 ? Node::Kind::kClamp
                                                      : Node::Kind::kValue;
  if (kind == Node::Kind::kValue)
    return nullptr;
  auto node = std::make_shared<Node>();
  node->kind = kind;
  size_t inner = 0;
  while (inner < inside.size()) {
    NodePtr operand = ParseSum(inside, inner, depth + 1);
    if (!operand)
      return nullptr;
    node->operands.push_back(operand);
    if (inner < inside.size()) {
      if (!inside[inner].IsToken(TokenType::kComma))
        return nullptr;
      ++inner;
    }
  }
  if (node->operands.empty() || (kind == Node::Kind::kClamp && node->operands.size() != 3))
    return nullptr;
  return node;
}

NodePtr ParseProduct(const Values& parts, size_t& at, int depth) {
  NodePtr left = ParseValue(parts, at, depth);
  while (left && at < parts.size() && parts[at].kind == ComponentValue::Kind::kToken &&
         (parts[at].token.IsDelim('*') || parts[at].token.IsDelim('/'))) {
    bool divide = parts[at].token.IsDelim('/');
    ++at;
    NodePtr right = ParseValue(parts, at, depth);
    if (!right)
      return nullptr;
    auto node = std::make_shared<Node>();
    node->kind = divide ? Node::Kind::kQuotient : Node::Kind::kProduct;
    node->operands = {left, right};
    left = node;
  }
  return left;
}

NodePtr ParseSum(const Values& parts, size_t& at, int depth) {
  NodePtr first = ParseProduct(parts, at, depth);
  if (!first)
    return nullptr;
  auto sum = std::make_shared<Node>();
  sum->kind = Node::Kind::kSum;
  sum->operands.push_back(first);
  sum->subtract.push_back(false);
  while (at < parts.size() && parts[at].kind == ComponentValue::Kind::kToken &&
         (parts[at].token.IsDelim('+') || parts[at].token.IsDelim('-'))) {
    bool minus = parts[at].token.IsDelim('-');
    ++at;
    NodePtr next = ParseProduct(parts, at, depth);
    if (!next)
      return nullptr;
    sum->operands.push_back(next);
    sum->subtract.push_back(minus);
  }
  return sum->operands.size() == 1 ? first : sum;
}

double UnitToPixels(double number, const std::string& unit, const LengthContext& context) {
  if (unit.empty() || unit == "px") return number;
  if (unit == "%") return number * context.percent_of / 100;
  if (unit == "em" || unit == "lh") return number * context.font_size;
  if (unit == "rem" || unit == "rlh") return number * context.root_font_size;
  if (unit == "ex" || unit == "ch") {
    double measured = context.font_units ? context.font_units(context.font_owner, unit == "ch") : 0;
    return number * (measured > 0 ? measured : context.font_size / 2);
  }
  if (unit.find("vw") != std::string::npos) return number * context.viewport_width / 100;
  if (unit.find("vh") != std::string::npos) return number * context.viewport_height / 100;
  if (unit == "vmin")
    return number * std::min(context.viewport_width, context.viewport_height) / 100;
  if (unit == "vmax")
    return number * std::max(context.viewport_width, context.viewport_height) / 100;
  if (unit == "cm") return number * 96 / 2.54;
  if (unit == "mm") return number * 96 / 25.4;
  if (unit == "q") return number * 96 / 101.6;
  if (unit == "in") return number * 96;
  if (unit == "pt") return number * 96 / 72;
  if (unit == "pc") return number * 16;
  return 0;
}

double Evaluate(const Node& node, const LengthContext& context) {
  switch (node.kind) {
    case Node::Kind::kValue: return UnitToPixels(node.number, node.unit, context);
    case Node::Kind::kSum: {
      double total = 0;
      for (size_t i = 0; i < node.operands.size(); ++i)
        total += (node.subtract[i] ? -1 : 1) * Evaluate(*node.operands[i], context);
      return total;
    }
    case Node::Kind::kProduct:
      return Evaluate(*node.operands[0], context) * Evaluate(*node.operands[1], context);
    case Node::Kind::kQuotient: {
      double divisor = Evaluate(*node.operands[1], context);
      return divisor == 0 ? 0 : Evaluate(*node.operands[0], context) / divisor;
    }
    case Node::Kind::kMin:
    case Node::Kind::kMax: {
      double result = Evaluate(*node.operands[0], context);
      for (size_t i = 1; i < node.operands.size(); ++i) {
        double value = Evaluate(*node.operands[i], context);
        result = node.kind == Node::Kind::kMin ? std::min(result, value) : std::max(result, value);
      }
      return result;
    }
    case Node::Kind::kClamp: {
      double low = Evaluate(*node.operands[0], context);
      double value = Evaluate(*node.operands[1], context);
      double high = Evaluate(*node.operands[2], context);
      return std::max(low, std::min(value, high));
    }
  }
  return 0;
}

bool UsesPercentage(const Node& node) {
  if (node.kind == Node::Kind::kValue)
    return node.unit == "%";
  return std::any_of(node.operands.begin(), node.operands.end(),
                     [](const NodePtr& operand) { return UsesPercentage(*operand); });
}

// A leaf number without a unit is a length only as 0 (or inside calc, as a factor).
bool ValidLength(const Node& node, bool top) {
  if (node.kind == Node::Kind::kValue)
    return !top || !node.unit.empty() || node.number == 0;
  return true;
}

// --- var() ----------------------------------------------------------------------------------

using Lookup = std::function<const Values*(const std::string& name)>;

Status Substitute(const Values& value, const Lookup& lookup, Values& out, int depth) {
  if (depth > 64)
    return Error("var() nested too deep");
  for (const ComponentValue& part : value) {
    if (part.IsFunction() && EqualsIgnoringAsciiCase(part.token.value, "var")) {
      size_t at = 0;
      while (at < part.children.size() && part.children[at].IsToken(TokenType::kWhitespace))
        ++at;
      if (at >= part.children.size() || !part.children[at].IsToken(TokenType::kIdent) ||
          part.children[at].token.value.rfind("--", 0) != 0)
        return Error("var() needs a custom property name");
      std::string name = part.children[at].token.value;
      ++at;
      while (at < part.children.size() && part.children[at].IsToken(TokenType::kWhitespace))
        ++at;
      bool has_fallback = at < part.children.size() && part.children[at].IsToken(TokenType::kComma);
      if (const Values* found = lookup(name)) {
        out.insert(out.end(), found->begin(), found->end());
        continue;
      }
      if (!has_fallback)
        return Error(name + " is not defined");
      Values fallback(part.children.begin() + static_cast<long>(at) + 1, part.children.end());
      while (!fallback.empty() && fallback.front().IsToken(TokenType::kWhitespace))
        fallback.erase(fallback.begin());
      while (!fallback.empty() && fallback.back().IsToken(TokenType::kWhitespace))
        fallback.pop_back();
      TRY_STATUS(Substitute(fallback, lookup, out, depth + 1));
      continue;
    }
    if (part.kind == ComponentValue::Kind::kToken) {
      out.push_back(part);
      continue;
    }
    ComponentValue copy = part;
    copy.children.clear();
    TRY_STATUS(Substitute(part.children, lookup, copy.children, depth + 1));
    out.push_back(std::move(copy));
  }
  return OkStatus();
}

}  // namespace

std::optional<Color> ParseColor(const std::vector<ComponentValue>& value) {
  Values parts = WithoutWhitespace(value);
  if (parts.size() != 1)
    return std::nullopt;
  const ComponentValue& only = parts[0];
  if (only.IsToken(TokenType::kHash))
    return FromHex(only.token.value);
  if (only.IsToken(TokenType::kIdent)) {
    std::string name = AsciiLowercase(only.token.value);
    if (name == "transparent")
      return Color{0, 0, 0, 0, false};
    if (name == "currentcolor")
      return Color{0, 0, 0, 1, true};
    auto it = NamedColors().find(name);
    if (it == NamedColors().end())
      return std::nullopt;
    return Color{static_cast<uint8_t>(it->second >> 16), static_cast<uint8_t>(it->second >> 8),
                 static_cast<uint8_t>(it->second), 1, false};
  }
  if (only.IsFunction())
    return ColorFunction(only);
  return std::nullopt;
}

std::optional<Color> ParseColor(std::string_view text) {
  return ParseColor(ParseComponentValues(text));
}

std::optional<Length> Length::Parse(const std::vector<ComponentValue>& value) {
  Values parts = WithoutWhitespace(value);
  size_t at = 0;
  NodePtr root = parts.size() == 1 ? ParseValue(parts, at, 0) : nullptr;
  if (!root || at != parts.size() || !ValidLength(*root, true))
    return std::nullopt;
  Length length;
  length.root_ = root;
  return length;
}

std::optional<Length> Length::Parse(std::string_view text) {
  return Parse(ParseComponentValues(text));
}

Length Length::Pixels(double px) {
  Length length;
  length.root_ = Leaf(px, "px");
  return length;
}

double Length::ToPixels(const LengthContext& context) const {
  return root_ ? Evaluate(*root_, context) : 0;
}

bool Length::has_percentage() const {
  return root_ && UsesPercentage(*root_);
}

bool ContainsVar(const std::vector<ComponentValue>& values) {
  return std::any_of(values.begin(), values.end(), [](const ComponentValue& value) {
    return (value.IsFunction() && EqualsIgnoringAsciiCase(value.token.value, "var")) ||
           ContainsVar(value.children);
  });
}

Result<std::vector<ComponentValue>> SubstituteVariables(const std::vector<ComponentValue>& value,
                                                        const CustomProperties& properties) {
  Values out;
  TRY_STATUS(Substitute(
      value,
      [&](const std::string& name) -> const Values* {
        auto it = properties.find(name);
        return it == properties.end() ? nullptr : &it->second;
      },
      out, 0));
  return out;
}

CustomProperties ResolveCustomProperties(
    const std::map<std::string, std::vector<ComponentValue>>& declared,
    const CustomProperties& inherited) {
  CustomProperties resolved = inherited;
  std::map<std::string, int> state;  // 1: being resolved, 2: done
  std::vector<std::string> stack;
  std::set<std::string> cyclic;
  std::function<const Values*(const std::string&)> resolve = [&](const std::string& name) -> const Values* {
    auto declaration = declared.find(name);
    if (declaration == declared.end()) {
      auto it = resolved.find(name);
      return it == resolved.end() ? nullptr : &it->second;
    }
    if (state[name] == 1) {
      // A cycle: every property on it is invalid (CSS Variables §2.3).
      for (auto it = std::find(stack.begin(), stack.end(), name); it != stack.end(); ++it)
        cyclic.insert(*it);
      return nullptr;
    }
    if (state[name] == 2) {
      auto it = resolved.find(name);
      return it == resolved.end() ? nullptr : &it->second;
    }
    // CSS-wide keywords: initial is the guaranteed-invalid value (var() takes its fallback),
    // inherit and unset the parent's (custom properties inherit).
    Values written = WithoutWhitespace(declaration->second);
    if (written.size() == 1 && written[0].IsToken(TokenType::kIdent)) {
      std::string keyword = AsciiLowercase(written[0].token.value);
      if (keyword == "initial" || keyword == "inherit" || keyword == "unset" ||
          keyword == "revert" || keyword == "revert-layer") {
        state[name] = 2;
        if (keyword == "initial")
          resolved.erase(name);
        auto it = resolved.find(name);
        return it == resolved.end() ? nullptr : &it->second;
      }
    }
    state[name] = 1;
    stack.push_back(name);
    Values out;
    Status substituted = Substitute(declaration->second, resolve, out, 0);
    stack.pop_back();
    state[name] = 2;
    if (!substituted.ok() || cyclic.count(name)) {
      resolved.erase(name);  // invalid at computed-value time: the initial (empty) value
      return nullptr;
    }
    resolved[name] = std::move(out);
    return &resolved[name];
  };
  for (const auto& [name, value] : declared)
    resolve(name);
  for (const std::string& name : cyclic)
    resolved.erase(name);
  return resolved;
}

}  // namespace nexus::web::css
