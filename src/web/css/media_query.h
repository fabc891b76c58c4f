// Media Queries Level 4 (what pages use): media types, not/only/and/or, features in the
// plain and the range syntax: width, height (min-/max-), aspect-ratio, orientation,
// prefers-color-scheme, prefers-reduced-motion, hover, pointer, resolution. A query that does
// not parse, or a feature Nexus does not know, is false (not an error), as the spec says.
#pragma once

#include <string>
#include <vector>

#include "web/css/parser.h"

namespace nexus::web::css {

// What queries are asked about: the viewport in CSS pixels and the user's settings. Nexus
// renders for screens, in the light scheme unless asked (as headless Chromium does).
struct MediaEnvironment {
  double width = 800;
  double height = 600;
  bool print = false;
  bool dark = false;
  bool reduced_motion = false;
  double font_size = 16;  // what em and rem mean in a query
  bool operator==(const MediaEnvironment&) const = default;
};

// A comma-separated list; empty (no query at all) matches.
bool MatchesMediaQueryList(const std::vector<ComponentValue>& list,
                           const MediaEnvironment& environment);
bool MatchesMediaQueryList(std::string_view text, const MediaEnvironment& environment);

}  // namespace nexus::web::css
