// The sizes of a block-level box in normal flow (CSS 2.2 §10.3.3, §10.6.3, §10.4, §10.7 with
// CSS Sizing 3's box-sizing) and the collapsing of adjoining vertical margins (§8.3.1): the
// arithmetic block layout is built on, kept apart from the tree walk so each rule is tested
// on its own.
#pragma once

#include <algorithm>
#include <optional>

#include "web/css/computed_style.h"

namespace nexus::web::layout {

// What lengths of a box resolve against besides its own font sizes.
struct SizingContext {
  double containing_width = 0;              // what width and margin % are of
  std::optional<double> containing_height;  // none when it depends on content
  double viewport_width = 800, viewport_height = 600;
};

struct HorizontalGeometry {
  double margin_left = 0, border_left = 0, padding_left = 0;
  double content_width = 0;
  double padding_right = 0, border_right = 0, margin_right = 0;
  double border_box_width() const {
    return border_left + padding_left + content_width + padding_right + border_right;
  }
};

// The used width and horizontal margins, borders and paddings of a non-replaced block in
// normal flow, left to right: auto width fills the containing block, auto margins centre a
// box of definite width, an over-constrained box gives way on the right, min-width and
// max-width clamp (box-sizing: border-box counts borders and paddings in the width).
HorizontalGeometry BlockWidths(const css::ComputedStyle& style, const SizingContext& context);

// The same equation for a content width chosen elsewhere (a table's, from its columns).
HorizontalGeometry BlockWidthsAt(const css::ComputedStyle& style,
                                 const SizingContext& context,
                                 double content_width);

struct VerticalEdges {
  double margin_top = 0, border_top = 0, padding_top = 0;
  double padding_bottom = 0, border_bottom = 0, margin_bottom = 0;
};

// Vertical margins, borders and paddings (percentages of the containing block's width, as
// CSS 2.2 says for margins and paddings on every side); auto margins are 0 in normal flow.
VerticalEdges BlockVerticalEdges(const css::ComputedStyle& style, const SizingContext& context);

// The used content height: `content_height` for auto (and for a percentage of a containing
// block whose height depends on its content), then min-height and max-height.
double BlockContentHeight(const css::ComputedStyle& style,
                          double content_height,
                          const SizingContext& context);

// Adjoining margins collapse into one: the largest positive margin plus the most negative.
// Quirky margins (quirks mode's user-agent margins, block_layout.cc) count as others do,
// but are kept apart so that a body or a cell can drop them at its end.
class CollapsedMargin {
 public:
  void Add(double margin, bool quirky = false);
  void Add(const CollapsedMargin& other);
  double Resolve() const { return std::max(positive_, quirky_) + negative_; }
  void DropQuirky() { quirky_ = 0; }

 private:
  double positive_ = 0;
  double negative_ = 0;
  double quirky_ = 0;  // the largest positive quirky margin
};

}  // namespace nexus::web::layout
