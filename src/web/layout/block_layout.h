// Block layout (CSS 2.2 §9.4.1, §10.3.3, §10.6.3, §8.3.1): block-level boxes stacked in their
// block formatting contexts, with used widths and heights and vertical margins collapsing
// between siblings, between a parent and its first or last child, and through empty boxes.
// Lines of inline content are the inline layout's: it is asked for their height. Floats,
// positioned boxes, flex, grid and tables are laid out by their own contexts (to come): here
// their boxes are stacked as blocks.
#pragma once

#include <functional>
#include <vector>

#include "web/layout/box.h"

namespace nexus::web::layout {

// Where a box landed: its border box in document coordinates (CSS px from the top left).
struct Fragment {
  const Box* box = nullptr;
  double x = 0, y = 0, width = 0, height = 0;
  double content_x = 0, content_y = 0;  // its content box's top left, where lines start
  std::vector<Fragment> children;
};

// The height of the lines a block container's inline content makes at `content_width`.
using InlineMeasure = std::function<double(const Box& container, double content_width)>;

// The viewport box's fragment (the initial containing block: `viewport_width` wide, as tall
// as the viewport or the content, whichever is more) with everything block-level inside.
Fragment LayOutBlocks(const Box& viewport,
                      double viewport_width,
                      double viewport_height,
                      const InlineMeasure& measure_inline);

}  // namespace nexus::web::layout
