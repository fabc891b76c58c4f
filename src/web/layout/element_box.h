// A box in page coordinates (CSS pixels from the document's top left), as layout placed it
// (to 1/64 px, as Chromium's layout units), with its border widths.
#pragma once

#include <array>

namespace nexus::web {

struct ElementBox {
  double x = 0, y = 0, width = 0, height = 0;
  std::array<double, 4> borders{};  // top, right, bottom, left
};

}  // namespace nexus::web
