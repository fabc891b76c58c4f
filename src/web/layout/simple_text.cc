#include "web/layout/simple_text.h"

#include <algorithm>
#include <array>
#include <optional>

#include "web/layout/run_fonts.h"

namespace nexus::web::layout {

namespace {

// Looked up by string_view, without making a string of each word.
struct WordHash {
  using is_transparent = void;
  size_t operator()(std::string_view word) const { return std::hash<std::string_view>()(word); }
};

}  // namespace

struct WordWidths::Font {
  PangoLayout* measurer = nullptr;  // a layout in the font, to shape words with
  double line_height = 0, baseline = 0;
  std::unordered_map<std::string, double, WordHash, std::equal_to<>> words;
  // Where the font has every printable ASCII character, a word of them is one run in it:
  // shaped alone as pango shapes that run in a layout (the same analysis and flags), without
  // the layout's itemizing and line breaking around it.
  PangoAnalysis analysis{};
  bool shapes_ascii = false;
  PangoShapeFlags flags = PANGO_SHAPE_NONE;
  PangoGlyphString* glyphs = nullptr;
  // Numbers are mostly new words (a table's every row has its own): where the font only
  // kerns pairs of these characters, such a word is the sum of their advances and of their
  // pairs' kerning (in pango units, as shaping sums them).
  static constexpr std::string_view kNumeric = "0123456789.,+-%$";
  std::array<int, 16> numeric_advances{};
  std::array<std::array<int, 16>, 16> numeric_kerning{};
  bool numeric_is_sum = false;
};

namespace {

// Whether text in `style` may be simple: white-space normal (1) or nowrap (2), nothing
// that moves words (spacing, indents); 0 when not.
int PlainStyle(const css::ComputedStyle& style) {
  std::string white_space = style.Keyword("white-space");
  if (white_space != "normal" && white_space != "nowrap")
    return 0;
  // Spacing and indents move words: the paragraph's own layout places them.
  for (const char* spacing : {"letter-spacing", "word-spacing", "text-indent"}) {
    auto length = style.LengthOf(spacing);
    if (length && (length->has_percentage() || length->ToPixels(style.Context()) != 0))
      return 0;
  }
  return white_space == "normal" ? 1 : 2;
}

// Whether the box or one around it draws a text decoration through what it holds (looked
// at without copying values: cells ask it of every row and table around them).
bool Decorated(const Box& box) {
  for (const Box* up = &box; up && up->style; up = up->parent) {
    if (DrawsTextDecoration(*up->style))
      return true;
  }
  return false;
}

}  // namespace

std::optional<SimpleText> SimpleTextOf(const Box& container, SimpleTextChecks* checks) {
  if (!container.style || container.children.empty() || container.broken_image)
    return std::nullopt;
  int plain = 0;
  if (!checks) {
    plain = PlainStyle(*container.style);
  } else if (auto [known, fresh] = checks->styles.try_emplace(container.style.get()); !fresh) {
    plain = known->second;
  } else {
    plain = known->second = PlainStyle(*container.style);
  }
  if (!plain || Decorated(container))
    return std::nullopt;  // decorated: its lines are drawn with the text
  SimpleText simple{"", container.style.get(), plain == 1};
  bool after_space = true;  // as the paragraph does: leading spaces go, runs collapse
  for (const auto& child : container.children) {
    if (child->kind != BoxKind::kText || child->style.get() != container.style.get())
      return std::nullopt;
    for (char c : child->text) {
      // Where pango would find wrap opportunities that spaces alone do not give (hyphens,
      // slashes, scripts beyond ASCII), the words would not measure the same: not simple.
      if (static_cast<unsigned char>(c) >= 0x80 || c == '-' || c == '/' || c == '?' || c == '!' ||
          c == '|' || c == '}')
        return std::nullopt;
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (space && after_space)
        continue;
      simple.text += space ? ' ' : c;
      after_space = space;
    }
  }
  while (!simple.text.empty() && simple.text.back() == ' ')
    simple.text.pop_back();
  return simple;
}

WordWidths::WordWidths(PangoContext* context) : context_(context) {}

WordWidths::~WordWidths() {
  for (auto& [description, font] : by_description_) {
    g_object_unref(font->measurer);
    if (font->analysis.font)
      g_object_unref(font->analysis.font);
    if (font->glyphs)
      pango_glyph_string_free(font->glyphs);
  }
}

namespace {

// The analysis pango gives a run of ASCII letters in the layout's font (its first run of
// "x"), when that font has all of printable ASCII; none otherwise.
std::optional<PangoAnalysis> AsciiAnalysis(PangoLayout* layout) {
  pango_layout_set_text(layout, "x", 1);
  PangoLayoutLine* line = pango_layout_get_line_readonly(layout, 0);
  if (!line || !line->runs || line->runs->next)
    return std::nullopt;
  const PangoAnalysis& analysis = static_cast<PangoGlyphItem*>(line->runs->data)->item->analysis;
  if (!analysis.font || analysis.extra_attrs || analysis.level != 0)
    return std::nullopt;
  for (gunichar c = 0x20; c < 0x7F; ++c) {
    if (!pango_font_has_char(analysis.font, c))
      return std::nullopt;
  }
  return analysis;
}

}  // namespace

// Whether words of Font::kNumeric shape as the sum of their advances and of the kerning of
// each pair side by side (the font's pairs, measured here; no ligature or contextual rule
// among them, as checked on longer words), filling those in.
bool WordWidths::AdvancesAddUp(Font& font) {
  auto shaped = [&](std::string_view text) {
    pango_shape_with_flags(text.data(), static_cast<int>(text.size()), text.data(),
                           static_cast<int>(text.size()), &font.analysis, font.glyphs, font.flags);
    return pango_glyph_string_get_width(font.glyphs);
  };
  const std::string_view chars = Font::kNumeric;
  for (size_t i = 0; i < chars.size(); ++i)
    font.numeric_advances[i] = shaped(chars.substr(i, 1));
  for (size_t i = 0; i < chars.size(); ++i) {
    for (size_t j = 0; j < chars.size(); ++j) {
      char pair[2] = {chars[i], chars[j]};
      font.numeric_kerning[i][j] =
          shaped(std::string_view(pair, 2)) - font.numeric_advances[i] - font.numeric_advances[j];
    }
  }
  static const char* kChecks[] = {"1111", "11.11",      "-1,171.01", "$1,000,000.00", "+41%",
                                  "7.77", "2024-11-29", "0.001",     "99.5%",         "3,141,592"};
  for (const char* check : kChecks) {
    if (shaped(check) != NumericWidth(font, check))
      return false;
  }
  return true;
}

int WordWidths::NumericWidth(const Font& font, std::string_view word) {
  int units = 0;
  size_t previous = std::string_view::npos;
  for (char c : word) {
    size_t index = Font::kNumeric.find(c);
    if (index == std::string_view::npos)
      return -1;
    units += font.numeric_advances[index];
    if (previous != std::string_view::npos)
      units += font.numeric_kerning[previous][index];
    previous = index;
  }
  return units;
}

WordWidths::Font& WordWidths::FontFor(const css::ComputedStyle& style) {
  if (auto known = by_style_.find(&style); known != by_style_.end())
    return *known->second;
  const PangoFontDescription* description = FontOf(style);
  double line_height = LineHeight(style).value_or(NormalLineHeight(description));
  std::unique_ptr<Font>& font = by_description_[{description, line_height}];
  if (!font) {
    font = std::make_unique<Font>();
    font->measurer = pango_layout_new(context_);
    pango_layout_set_font_description(font->measurer, description);
    font->line_height = line_height;
    font->baseline = AscentAndDescent(MetricsOf(description), line_height).first;
    if (std::optional<PangoAnalysis> analysis = AsciiAnalysis(font->measurer)) {
      font->analysis = *analysis;
      g_object_ref(font->analysis.font);
      font->shapes_ascii = true;
      font->flags = pango_context_get_round_glyph_positions(context_) ? PANGO_SHAPE_ROUND_POSITIONS
                                                                      : PANGO_SHAPE_NONE;
      font->glyphs = pango_glyph_string_new();
      font->numeric_is_sum = AdvancesAddUp(*font);
    }
  }
  by_style_[&style] = font.get();
  return *font;
}

double WordWidths::WordWidth(Font& font, std::string_view word) {
  // A number: its characters' advances and pairs' kerning, as shaping has them; summed
  // again rather than kept (a table's numbers are mostly new words).
  if (int units = font.numeric_is_sum && !word.empty() ? NumericWidth(font, word) : -1; units >= 0)
    return static_cast<double>(units) / PANGO_SCALE;
  if (auto known = font.words.find(word); known != font.words.end())
    return known->second;
  int units;
  if (font.shapes_ascii && !word.empty()) {  // simple texts are printable ASCII
    pango_shape_with_flags(word.data(), static_cast<int>(word.size()), word.data(),
                           static_cast<int>(word.size()), &font.analysis, font.glyphs, font.flags);
    units = pango_glyph_string_get_width(font.glyphs);
  } else {
    pango_layout_set_text(font.measurer, word.data(), static_cast<int>(word.size()));
    PangoRectangle logical;
    pango_layout_get_extents(font.measurer, nullptr, &logical);
    units = logical.width;
  }
  double width = static_cast<double>(units) / PANGO_SCALE;
  font.words.emplace(word, width);
  return width;
}

IntrinsicWidths WordWidths::Measure(const SimpleText& text) {
  Font& font = FontFor(*text.style);
  IntrinsicWidths widths;
  double space = WordWidth(font, " ");
  size_t start = 0;
  while (start <= text.text.size()) {
    size_t end = text.text.find(' ', start);
    if (end == std::string::npos)
      end = text.text.size();
    double word = WordWidth(font, std::string_view(text.text).substr(start, end - start));
    widths.min = std::max(widths.min, word);
    widths.max += word + (end < text.text.size() ? space : 0);
    start = end + 1;
  }
  if (!text.wraps)
    widths.min = widths.max;
  return widths;
}

SimpleLine WordWidths::Line(const SimpleText& text) {
  Font& font = FontFor(*text.style);
  return {font.line_height, font.baseline};
}

}  // namespace nexus::web::layout
