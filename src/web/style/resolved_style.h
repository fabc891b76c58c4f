// What getComputedStyle reports (CSSOM §9, "resolved values"): every longhand Nexus knows and
// each custom property, serialised as browsers do: colours as rgb() or rgba(), lengths in
// px, font weights as numbers, other values as CSS text. Used values that need layout (a
// width of auto or a percentage) are the layout's to fill in.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "web/css/computed_style.h"

namespace nexus::web::style {

using ResolvedStyle = std::vector<std::pair<std::string, std::string>>;

// `viewport_width` x `viewport_height` are what vw and vh lengths mean.
ResolvedStyle ResolveStyle(const css::ComputedStyle& style,
                           double viewport_width,
                           double viewport_height);

// A length as CSSOM serialises it: up to six significant digits, "px" after it.
std::string SerializePixels(double px);

}  // namespace nexus::web::style
