// A CSS font-family list as pango should be asked for it: the generic families as browsers
// resolve them (Chromium's defaults on Linux), not as fontconfig would: its "serif" is DejaVu
// Serif here, a browser's is Times New Roman (Liberation Serif through fontconfig's metric
// aliases). Quotes go; the list stays in order for fontconfig to pick the first it has.
#pragma once

#include <string>

namespace nexus::web {

std::string BrowserFamilies(std::string list);

}  // namespace nexus::web
