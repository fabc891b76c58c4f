// Web fonts: the faces @font-face rules bring, made faces pango can choose. The font's
// bytes (fetched through main like any subresource) become an sfnt (WOFF and WOFF 2 are
// unpacked with FreeType: harfbuzz, which shapes pango's text, reads only sfnt), go into a
// memfd, and are added to fontconfig's application fonts as /proc/self/fd/N: a renderer's
// sandbox opens no file outside the system's fonts, but a memfd it made itself is no path
// on the disk (DESIGN.md §4). Each face gets a family of its own ("nexus-web-font-3"), which
// BrowserFamilies gives pango for the family the page names: a web font can neither shadow
// an installed family for another page nor be shadowed by one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "web/css/font_face.h"

namespace nexus::web::layout {

// The most bytes one web font may have (Chromium's sanitiser stops at 30 MB).
inline constexpr size_t kMaxWebFontBytes = 32 * 1024 * 1024;
// The most web fonts one renderer registers; the rest fall back to installed families.
inline constexpr int kMaxWebFontsPerProcess = 64;

// TrueType, OpenType or a collection as it is; WOFF and WOFF 2 as the sfnt they pack.
// Anything else is an error naming what the bytes are not.
Result<std::string> SfntFromWebFont(std::string_view bytes);

// Makes the faces of `rules` usable: each rule's first source that works (a local() face
// installed here, or a url() whose bytes are in `fonts`, by absolute URL), once per process.
// Failures are returned (one line each, naming the rule's family and source) for the
// console; the family then falls back as though the rule were not there.
std::vector<std::string> UseWebFonts(const std::vector<css::FontFaceRule>& rules,
                                     const std::map<std::string, std::string>& fonts);

// The family pango knows what a page calls `family` by, if an @font-face rule gave it one.
std::optional<std::string> WebFontFamily(const std::string& family);

// Changes whenever a web font's family is added (what WebFontFamily answers may differ).
uint64_t WebFontsGeneration();

}  // namespace nexus::web::layout
