// A box in page coordinates (CSS pixels from the document's top left).
#pragma once

namespace nexus::web {

struct ElementBox {
  int x = 0, y = 0, width = 0, height = 0;
};

}  // namespace nexus::web
