// @font-face rules (CSS Fonts 4 §4) as the descriptors a page's fonts are chosen by: the
// family the page names, where the face comes from (a URL, or a face installed here with
// local()), the weights and style it is for, and the characters it is used for
// (unicode-range: the subsets web font services split a family into). font-display is read
// past: text waits for its fonts (as `nexus shot` would want anyway).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "web/css/parser.h"

namespace nexus::web::css {

struct FontSource {
  bool local = false;
  std::string location;  // a URL as written (local: the face's name)
  std::string format;    // format("woff2") lower-cased, "" when not given
};

struct FontFaceRule {
  std::string family;  // as written, quotes gone
  std::vector<FontSource> sources;
  int weight_min = 400;  // font-weight: one weight, or a range for a variable face
  int weight_max = 400;
  bool italic = false;  // font-style: italic or oblique
  // unicode-range's code point ranges, inclusive; empty for every character.
  std::vector<std::pair<char32_t, char32_t>> unicode_ranges;
};

// The rule's descriptors; nothing without a font-family and a src, as browsers ignore it.
std::optional<FontFaceRule> ParseFontFace(const std::vector<Declaration>& descriptors);

// A format() this engine reads (FreeType's: TrueType, OpenType, WOFF, WOFF 2); a source
// without one is tried too.
bool IsSupportedFontFormat(const std::string& format);

// The first source of the rule a browser would fetch: a supported url(); nullptr when it
// has none (local() faces need no fetch).
const FontSource* FirstFetchedSource(const FontFaceRule& rule);

}  // namespace nexus::web::css
