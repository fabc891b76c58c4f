#include "web/layout/font_families.h"

#include <glib.h>

#include <algorithm>

namespace nexus::web {

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
    for (auto [generic, face] : kGenerics) {
      if (g_ascii_strcasecmp(family.c_str(), generic) == 0)
        family = face;
    }
    if (!family.empty())
      out += (out.empty() ? "" : ",") + family;
    start = end + 1;
  }
  return out;
}

}  // namespace nexus::web
