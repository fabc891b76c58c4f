#include "web/layout/run_fonts.h"

#include <pango/pangocairo.h>

#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "web/css/parser.h"
#include "web/css/properties.h"
#include "web/layout/font_families.h"
#include "web/layout/inline_layout.h"
#include "web/layout/web_fonts.h"

namespace nexus::web::layout {
namespace {

// "Times New Roman,Liberation Serif" for pango from the font-family value.
std::string Families(const css::ComputedStyle& style) {
  std::string list;
  for (const css::ComponentValue& value : style.Value("font-family")) {
    if (value.IsToken(css::TokenType::kComma))
      list += ",";
    else if (value.IsToken(css::TokenType::kString) || value.IsToken(css::TokenType::kIdent))
      list += (list.empty() || list.back() == ',' ? "" : " ") + value.token.value;
  }
  return BrowserFamilies(list.empty() ? "serif" : list);
}

struct DescriptionHash {
  size_t operator()(const PangoFontDescription* font) const {
    return pango_font_description_hash(font);
  }
};
struct DescriptionEqual {
  bool operator()(const PangoFontDescription* a, const PangoFontDescription* b) const {
    return pango_font_description_equal(a, b);
  }
};

// The one description equal to `font` kept for the process (a copy the first time).
const PangoFontDescription* Interned(const PangoFontDescription* font) {
  static std::unordered_set<const PangoFontDescription*, DescriptionHash, DescriptionEqual> all;
  auto it = all.find(font);
  if (it == all.end())
    it = all.insert(pango_font_description_copy(font)).first;
  return *it;
}

PangoFontDescription* NewDescription(const css::ComputedStyle& style) {
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, Families(style).c_str());
  // Skia hands FreeType the size in 26.6 fixed point, cut to a 64th of a pixel: Chromium's
  // 14.4px text is 14.390625px text, which makes a line 0.05 % narrower.
  double size = std::floor(style.font_size() * 64 + 1e-6) / 64;
  pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
  pango_font_description_set_weight(font, static_cast<PangoWeight>(style.font_weight()));
  std::string font_style = style.Keyword("font-style");
  pango_font_description_set_style(font, font_style == "italic"    ? PANGO_STYLE_ITALIC
                                         : font_style == "oblique" ? PANGO_STYLE_OBLIQUE
                                                                   : PANGO_STYLE_NORMAL);
  return font;
}

}  // namespace

bool DrawsTextDecoration(const css::ComputedStyle& style) {
  static const size_t line_id = *css::LonghandId("text-decoration-line");
  const std::vector<css::ComponentValue>& line = style.ValueAt(line_id);
  return !line.empty() && !(line.size() == 1 && css::IsIdent(line[0], "none"));
}

std::optional<double> LineHeight(const css::ComputedStyle& style) {
  const auto& value = style.Value("line-height");
  for (const css::ComponentValue& part : value) {
    if (part.IsToken(css::TokenType::kNumber))
      return part.token.number * style.font_size();
  }
  auto length = style.LengthOf("line-height");
  if (!length)
    return std::nullopt;
  return length->ToPixels(style.Context(style.font_size()));
}

const FontMetrics& MetricsOf(const PangoFontDescription* font) {
  // By address for interned descriptions (FontOf's), else by value through the interning.
  static std::unordered_map<const PangoFontDescription*, FontMetrics> known;
  if (auto it = known.find(font); it != known.end())
    return it->second;
  const PangoFontDescription* interned = Interned(font);
  if (auto it = known.find(interned); it != known.end())
    return it->second;
  PangoFontMetrics* metrics = pango_context_get_metrics(SharedPangoContext(), interned, nullptr);
  double ascent = static_cast<double>(pango_font_metrics_get_ascent(metrics)) / PANGO_SCALE;
  double descent = static_cast<double>(pango_font_metrics_get_descent(metrics)) / PANGO_SCALE;
  double height = static_cast<double>(pango_font_metrics_get_height(metrics)) / PANGO_SCALE;
  auto px = [](int units) { return static_cast<double>(units) / PANGO_SCALE; };
  FontMetrics found{std::round(ascent), std::round(descent),
                    std::max(0.0, std::round(height - ascent - descent)), ascent, descent};
  found.underline_offset = -px(pango_font_metrics_get_underline_position(metrics));
  found.underline_thickness = px(pango_font_metrics_get_underline_thickness(metrics));
  found.strikethrough_offset = -px(pango_font_metrics_get_strikethrough_position(metrics));
  found.strikethrough_thickness = px(pango_font_metrics_get_strikethrough_thickness(metrics));
  pango_font_metrics_unref(metrics);
  // x-height: the ink height of "x"; ch: the advance of "0" (CSS Values 4 §6.1.1).
  PangoLayout* layout = pango_layout_new(SharedPangoContext());
  pango_layout_set_font_description(layout, interned);
  PangoRectangle ink, logical;
  pango_layout_set_text(layout, "x", 1);
  pango_layout_get_extents(layout, &ink, nullptr);
  found.x_height = px(ink.height);
  pango_layout_set_text(layout, "0", 1);
  pango_layout_get_extents(layout, nullptr, &logical);
  found.zero_width = px(logical.width);
  g_object_unref(layout);
  return known[interned] = found;
}

double NormalLineHeight(const PangoFontDescription* font) {
  const FontMetrics& metrics = MetricsOf(font);
  return metrics.ascent + metrics.descent + metrics.line_gap;
}

const PangoFontDescription* FontOf(const css::ComputedStyle& style) {
  // Keyed by what the description is made of: the font-family value (held, so that its
  // address names no other value later), the size, the weight and the style. Families
  // depend on the web fonts registered so far: a new one starts the cache afresh.
  struct Key {
    const void* family;
    double size, weight;
    std::string slant;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const {
      return std::hash<const void*>()(key.family) ^ std::hash<double>()(key.size) * 31 ^
             std::hash<double>()(key.weight) * 131 ^ std::hash<std::string>()(key.slant);
    }
  };
  static std::unordered_map<Key, const PangoFontDescription*, KeyHash> known;
  static std::vector<css::SharedValue> held;
  static uint64_t generation = WebFontsGeneration();
  if (generation != WebFontsGeneration()) {
    known.clear();
    held.clear();
    generation = WebFontsGeneration();
  }
  static const size_t family_id = *css::LonghandId("font-family");
  const css::SharedValue& family = style.SharedValueAt(family_id);
  Key key{family.get(), style.font_size(), style.font_weight(), style.Keyword("font-style")};
  if (auto it = known.find(key); it != known.end())
    return it->second;
  if (known.size() >= 4096) {  // a page of many one-off family values: start again
    known.clear();
    held.clear();
  }
  PangoFontDescription* font = NewDescription(style);
  const PangoFontDescription* interned = Interned(font);
  pango_font_description_free(font);
  held.push_back(family);
  return known[key] = interned;
}

double BaselineRise(const css::ComputedStyle& style, double parent_font_size) {
  std::string align = style.Keyword("vertical-align");
  // In layout units (a 64th of a pixel, floored), as Blink has them: 16px text raises a
  // sup by 6.328125px.
  auto units = [](double px) { return std::floor(px * 64) / 64; };
  if (align == "sub")
    return -units(parent_font_size / 5 + 1);
  if (align == "super")
    return units(parent_font_size / 3 + 1);
  if (!align.empty())
    return 0;  // baseline, middle, top, bottom, text-top, text-bottom
  auto length = style.LengthOf("vertical-align");
  if (!length)
    return 0;
  double line = LineHeight(style).value_or(style.font_size() * 1.15);
  return length->ToPixels(style.Context(line));
}

const FontMetrics& MetricsOfFont(PangoFont* font) {
  static std::map<PangoFont*, FontMetrics> known;
  if (auto it = known.find(font); it != known.end())
    return it->second;
  PangoFontDescription* description = pango_font_describe_with_absolute_size(font);
  const FontMetrics& metrics = MetricsOf(description);
  pango_font_description_free(description);
  g_object_ref(font);  // kept alive: the key must not name another font later
  return known[font] = metrics;
}

std::pair<double, double> AscentAndDescent(const FontMetrics& metrics, double line_height) {
  double ascent = metrics.ascent + std::floor((line_height - metrics.ascent - metrics.descent) / 2);
  return {ascent, line_height - ascent};
}

}  // namespace nexus::web::layout
