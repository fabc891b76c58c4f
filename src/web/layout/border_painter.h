// Borders as CSS Backgrounds 3 §4 draws them: each side a trapezoid meeting its neighbours on
// the diagonal, in its own colour and style (solid, double, dashed, dotted, and inset, outset,
// groove and ridge shaded as Chromium shades them), and rounded corners (border-radius) for
// the box's border and its background.
#pragma once

#include <cairo.h>

#include <array>

#include "web/css/computed_style.h"

namespace nexus::web::layout {

struct BorderBox {
  double x = 0, y = 0, width = 0, height = 0;
};

// Adds the box's border-box outline to cr's path, its corners rounded by border-radius.
void BorderBoxPath(cairo_t* cr, const BorderBox& box, const css::ComputedStyle& style);

// Whether any corner is rounded.
bool HasBorderRadius(const css::ComputedStyle& style);

struct CollapsedBorders;

// `collapsed`, when given, replaces the style's borders (a table cell's under
// border-collapse: each side as wide as the border that won it, in its style and colour).
void PaintBorders(cairo_t* cr,
                  const BorderBox& box,
                  const css::ComputedStyle& style,
                  const CollapsedBorders* collapsed = nullptr);

// Chromium's shading of a colour for the dark and light sides of inset, outset, groove and
// ridge borders.
css::Color DarkShade(const css::Color& color);
css::Color LightShade(const css::Color& color);

}  // namespace nexus::web::layout
