// CSS values the properties share (CSS Values 4, CSS Color 4, CSS Variables): colours,
// lengths and percentages with every unit pages use, calc() with min(), max() and clamp(),
// and var() substitution with fallbacks and cycle detection. Parsed from component values;
// resolved to pixels against a context (font sizes, viewport, what a percentage is of).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "web/css/parser.h"

namespace nexus::web::css {

struct Color {
  uint8_t r = 0, g = 0, b = 0;
  float alpha = 1;
  bool current_color = false;  // `currentColor`: the element's color property
  bool operator==(const Color&) const = default;
};

// A colour: a name (the 148 of CSS Color 4, transparent, currentColor), #rgb[a] and
// #rrggbb[aa], rgb()/rgba() and hsl()/hsla() in the comma and the space syntax, hwb().
std::optional<Color> ParseColor(const std::vector<ComponentValue>& value);
std::optional<Color> ParseColor(std::string_view text);

// What a length resolves against.
struct LengthContext {
  double font_size = 16;       // em
  double root_font_size = 16;  // rem
  double viewport_width = 800;
  double viewport_height = 600;
  double percent_of = 0;       // what 100% is, in px (a containing block's width, ...)
  // ex and ch: the font's x-height and the advance of its "0", asked of `font_units` (with
  // `font_owner`) when a length uses them; half an em when nobody can say.
  double (*font_units)(const void* font_owner, bool ch) = nullptr;
  const void* font_owner = nullptr;
};

// A length, a percentage or a calc() of them, resolvable to pixels.
class Length {
 public:
  static std::optional<Length> Parse(const std::vector<ComponentValue>& value);
  static std::optional<Length> Parse(std::string_view text);
  static Length Pixels(double px);

  double ToPixels(const LengthContext& context) const;
  bool has_percentage() const;  // its value depends on what a percentage is of
  struct Node;

 private:
  std::shared_ptr<const Node> root_;
};

// The element's custom properties (`--name` to its tokens, substituted already).
using CustomProperties = std::map<std::string, std::vector<ComponentValue>>;

// Whether `value` has a var() anywhere in it.
bool ContainsVar(const std::vector<ComponentValue>& value);

// `value` with every var() replaced by the custom property's tokens, or its fallback. An
// error when a var() names a property that is missing (or invalid) and has no fallback: the
// declaration is then "invalid at computed-value time".
Result<std::vector<ComponentValue>> SubstituteVariables(const std::vector<ComponentValue>& value,
                                                        const CustomProperties& properties);

// An element's custom properties from what the cascade declared for it (`declared`: the
// ones whose name starts with --) and what it inherits; var() among them resolved, cycles
// dropped, as CSS Variables §2.3 says.
CustomProperties ResolveCustomProperties(
    const std::map<std::string, std::vector<ComponentValue>>& declared,
    const CustomProperties& inherited);

}  // namespace nexus::web::css
