#include "services/gpu/scene.h"

#include <algorithm>

namespace nexus::gpu {

std::vector<DrawQuad> QuadsOf(const Scene& scene) {
  std::vector<DrawQuad> quads;
  const Rect& output = scene.output;
  auto ui = [&](const Rect& area, bool blend) {
    Rect visible = area.Intersect(output);
    if (visible.empty())
      return;
    if (scene.ui_layer)
      quads.push_back({.layer = scene.ui_layer,
                       .source = visible,
                       .x = visible.x,
                       .y = visible.y,
                       .blend = blend});
    else if (!blend)
      quads.push_back(
          {.layer = 0, .source = visible, .x = visible.x, .y = visible.y, .color = 0xffffffff});
  };
  auto white = [&](const Rect& area) {
    if (!area.empty())
      quads.push_back({.layer = 0,
                       .source = {0, 0, area.width, area.height},
                       .x = area.x,
                       .y = area.y,
                       .color = 0xffffffff});
  };
  Rect content = scene.content.Intersect(output);
  if (content.empty()) {
    ui(output, false);
    return quads;
  }
  ui({output.x, output.y, output.width, content.y - output.y}, false);
  ui({output.x, content.bottom(), output.width, output.bottom() - content.bottom()}, false);
  ui({output.x, content.y, content.x - output.x, content.height}, false);
  ui({content.right(), content.y, output.right() - content.right(), content.height}, false);
  const PageBand& page = scene.page;
  // Page rows the band has of those shown.
  int first = 0, last = 0;
  if (page.layer) {
    first = std::max(page.scroll_y, page.top);
    last = std::min(page.scroll_y + content.height, page.top + page.height);
  }
  if (last > first) {
    int shown_width = std::min(page.width, content.width);
    int y = content.y + first - page.scroll_y;
    quads.push_back({.layer = page.layer,
                     .source = {0, first - page.top, shown_width, last - first},
                     .x = content.x,
                     .y = y});
    white({content.x + shown_width, y, content.width - shown_width, last - first});
    white({content.x, content.y, content.width, y - content.y});
    white({content.x, y + last - first, content.width, content.bottom() - (y + last - first)});
  } else {
    white(content);
  }
  for (const Rect& overlay : scene.overlays)
    ui(overlay, true);
  return quads;
}

}  // namespace nexus::gpu
