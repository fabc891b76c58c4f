// What the output shows, as the compositor draws it: main's UI layer around the content area,
// the active tab's band of its page in it (scrolled, clipped, white where the band does not
// reach: the page's canvas) and the UI's overlays blended over the page. Every pixel is drawn
// once, but for the overlays.
#pragma once

#include <vector>

#include "services/gpu/gpu_backends.h"

namespace nexus::gpu {

struct PageBand {
  LayerId layer = 0;  // 0: no frame yet
  int top = 0;        // page row of the band's first row
  int width = 0;
  int height = 0;
  int scroll_y = 0;  // page row at the content area's top
};

struct Scene {
  Rect output;
  LayerId ui_layer = 0;  // 0: none yet (white)
  Rect content;          // empty: the UI layer shows everywhere (a sad tab)
  PageBand page;
  std::vector<Rect> overlays;
};

std::vector<DrawQuad> QuadsOf(const Scene& scene);

}  // namespace nexus::gpu
