#include "web/layout/font_families.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "base/ascii.h"
#include "web/layout/web_fonts.h"

namespace nexus::web {
namespace {

// Families fontconfig stands in for with metric-compatible faces, which Chromium accepts
// as the family asked for.
const std::map<std::string, std::string>& MetricAliases() {
  static const std::map<std::string, std::string> aliases = {
      {"arial", "liberation sans"},       {"helvetica", "liberation sans"},
      {"arimo", "liberation sans"},       {"times new roman", "liberation serif"},
      {"times", "liberation serif"},      {"tinos", "liberation serif"},
      {"courier new", "liberation mono"}, {"courier", "liberation mono"},
      {"cousine", "liberation mono"},
  };
  return aliases;
}

// Whether this machine has `family` (or a metric-compatible stand-in): Chromium skips the
// families it does not have, where fontconfig would hand back its default face for them.
bool Installed(const std::string& family) {
  static std::mutex mutex;
  static std::map<std::string, bool> known;
  std::string lower = AsciiLowercase(family);
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = known.find(lower); it != known.end())
    return it->second;
  bool found = false;
  FcPattern* pattern = FcPatternCreate();
  FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result;
  if (FcPattern* match = FcFontMatch(nullptr, pattern, &result)) {
    FcChar8* matched = nullptr;
    if (FcPatternGetString(match, FC_FAMILY, 0, &matched) == FcResultMatch) {
      std::string name = AsciiLowercase(reinterpret_cast<const char*>(matched));
      auto alias = MetricAliases().find(lower);
      found = name == lower || (alias != MetricAliases().end() && alias->second == name);
    }
    FcPatternDestroy(match);
  }
  FcPatternDestroy(pattern);
  known[lower] = found;
  return found;
}

// The system's interface font, which Chromium takes `system-ui` to be: fontconfig's first
// choice for sans-serif (DejaVu Sans on Debian), not the browser's own sans-serif (Arial).
const std::string& SystemUiFamily() {
  static const std::string family = [] {
    std::string name = "DejaVu Sans";
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>("sans-serif"));
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    if (FcPattern* match = FcFontMatch(nullptr, pattern, &result)) {
      FcChar8* matched = nullptr;
      if (FcPatternGetString(match, FC_FAMILY, 0, &matched) == FcResultMatch)
        name = reinterpret_cast<const char*>(matched);
      FcPatternDestroy(match);
    }
    FcPatternDestroy(pattern);
    return name;
  }();
  return family;
}

}  // namespace

std::string BrowserFamilies(std::string list) {
  static const std::pair<const char*, const char*> kGenerics[] = {
      {"serif", "Times New Roman"}, {"sans-serif", "Arial"}, {"monospace", "DejaVu Sans Mono"}};
  std::string out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = std::min(list.find(',', start), list.size());
    std::string family = list.substr(start, end - start);
    std::erase_if(family, [](char c) { return c == '"' || c == '\''; });
    size_t first = family.find_first_not_of(" \t"), last = family.find_last_not_of(" \t");
    family = first == std::string::npos ? "" : family.substr(first, last - first + 1);
    bool generic_family = false;
    if (auto web_font = layout::WebFontFamily(family)) {
      // An @font-face family: the page's own face, whatever is installed by that name.
      family = *web_font;
      generic_family = true;
    } else if (g_ascii_strcasecmp(family.c_str(), "system-ui") == 0) {
      family = SystemUiFamily();
      generic_family = true;
    }
    for (auto [generic, face] : kGenerics) {
      if (g_ascii_strcasecmp(family.c_str(), generic) == 0) {
        family = face;
        generic_family = true;
      }
    }
    if (!family.empty() && (generic_family || Installed(family)))
      out += (out.empty() ? "" : ",") + family;
    start = end + 1;
  }
  // Nothing the page names is here: the browser's standard font, as Chromium falls back.
  return out.empty() ? "Times New Roman" : out;
}

}  // namespace nexus::web
