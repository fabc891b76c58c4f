// What a box paints besides its background colour, image and borders (CSS Images 3,
// Backgrounds 3 §7, UI 4 §4, Transforms 1, Color 4 §opacity): linear and radial gradients,
// outer box shadows (blur as Chromium's, a Gaussian of half the blur radius, approximated by
// layered rectangles), outlines, and the 2D transform and opacity a box's painting goes
// through.
#pragma once

#include <cairo.h>

#include "web/css/computed_style.h"
#include "web/layout/border_painter.h"

namespace nexus::web::layout {

// An image value (one background layer's) as a pattern over `area` when it is a
// (repeating-)linear- or radial-gradient(); null when it is no gradient (or one it cannot
// read).
cairo_pattern_t* GradientPattern(const BorderBox& area,
                                 const std::vector<css::ComponentValue>& image,
                                 const css::ComputedStyle& style);

// The box's outer box-shadows, under its background.
void PaintBoxShadows(cairo_t* cr, const BorderBox& box, const css::ComputedStyle& style);

// The outline, outside the border box by outline-offset.
void PaintOutline(cairo_t* cr, const BorderBox& box, const css::ComputedStyle& style);

// Multiplies cr's matrix by the box's transform about its transform-origin; false (and cr
// untouched) for `none` or a transform it cannot read.
bool ApplyTransform(cairo_t* cr, const BorderBox& box, const css::ComputedStyle& style);

// The box's opacity, 0 to 1.
double OpacityOf(const css::ComputedStyle& style);

}  // namespace nexus::web::layout
