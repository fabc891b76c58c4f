// The font of a run of text as pango takes it, from the run's computed style, and the
// vertical metrics browsers build lines from: `line-height`, or `normal` from the font's
// ascent, descent and line gap, each rounded to whole pixels as Chromium rounds them (a 16px
// Liberation Serif line is 18px), which also give an inline box's content area.
#pragma once

#include <pango/pango.h>

#include <optional>
#include <utility>

#include "web/css/computed_style.h"

namespace nexus::web::layout {

// The description of the family list, size, weight and style. Descriptions are interned:
// one per distinct font for the life of the process (never freed, never changed), so asking
// again is a lookup, and MetricsOf finds them by address.
const PangoFontDescription* FontOf(const css::ComputedStyle& style);

// Whether the style draws a text decoration (a line but `none` in text-decoration-line),
// asked without copying the value: text asks it of every box around it.
bool DrawsTextDecoration(const css::ComputedStyle& style);

// The line height a run asks for, in px; none for `normal` (the font's own).
std::optional<double> LineHeight(const css::ComputedStyle& style);

struct FontMetrics {
  double ascent = 0, descent = 0, line_gap = 0;  // rounded, as Chromium rounds them
  double exact_ascent = 0, exact_descent = 0;    // as pango has them
  // Where text decorations go, down from the baseline, and how thick (the font's own).
  double underline_offset = 0, underline_thickness = 1;
  double strikethrough_offset = 0, strikethrough_thickness = 1;
  double x_height = 0, zero_width = 0;  // ex and ch
};

// The font's metrics (looked up once per distinct description).
const FontMetrics& MetricsOf(const PangoFontDescription* font);

// `line-height: normal` for the font: its rounded ascent, descent and line gap.
double NormalLineHeight(const PangoFontDescription* font);

// How far an inline box's `vertical-align` raises its baseline above its parent's, in px
// (CSS 2.2 §10.8.1, with Chromium's sub and super: a fifth and a third of the parent's font
// size, and a pixel); 0 for baseline and the values that align to the line box.
double BaselineRise(const css::ComputedStyle& style, double parent_font_size);

// The metrics of a font pango chose for a run (looked up once per font).
const FontMetrics& MetricsOfFont(PangoFont* font);

// An inline box's ascent and descent in a line (CSS 2.2 §10.8.1) as Chromium computes them:
// the font's rounded ascent and descent, and the leading (line height less their sum) split
// with the half above floored.
std::pair<double, double> AscentAndDescent(const FontMetrics& metrics, double line_height);

}  // namespace nexus::web::layout
