// A CSS font-family list as pango should be asked for it: the generic families as browsers
// resolve them (Chromium's defaults on Linux), not as fontconfig would: its "serif" is DejaVu
// Serif here, a browser's is Times New Roman (Liberation Serif through fontconfig's metric
// aliases). Quotes go; families this machine lacks go too (fontconfig would answer them with
// its default face, where a browser moves on down the list), and a list left with nothing
// falls back to the standard font, Times New Roman, as Chromium's does. A family a page's
// @font-face rule made is the web font's (web_fonts.h).
#pragma once

#include <string>

namespace nexus::web {

std::string BrowserFamilies(std::string list);

}  // namespace nexus::web
