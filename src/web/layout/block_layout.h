// Block layout (CSS 2.2 §9.4.1, §10.3.3, §10.6.3, §8.3.1): block-level boxes stacked in their
// block formatting contexts, with used widths and heights and vertical margins collapsing
// between siblings, between a parent and its first or last child, and through empty boxes.
// Lines of inline content are the inline layout's: it is asked for their height. Tables are
// laid out by their own context (table_layout.cc); floats, positioned boxes, flex and grid
// (to come) are stacked as blocks for now.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "web/layout/box.h"
#include "web/layout/float_context.h"

namespace nexus::web::layout {

// A table cell's borders under border-collapse (CSS 2.2 §17.6.2.1): each side's full width
// (top, right, bottom, left) and the border that won it, the cell's own, a neighbour's or the
// table's, whose style and colour it is painted in.
struct CollapsedBorders {
  std::array<double, 4> widths{};
  std::array<const css::ComputedStyle*, 4> owners{};  // null: the cell's own
  std::array<int, 4> owner_sides{};                   // which side of the owner's (0 is top)
};

// Where a box landed: its border box in document coordinates (CSS px from the top left).
struct Fragment {
  const Box* box = nullptr;
  double x = 0, y = 0, width = 0, height = 0;
  double content_x = 0, content_y = 0;  // its content box's top left, where lines start
  // Its last line's baseline from its top (an inline-block sits on it); none without lines.
  std::optional<double> baseline;
  // An absolutely positioned box's static position, not laid out yet (see PlacePositioned).
  bool awaiting_position = false;
  // A piece of an inline box on one line: painted under its container's text.
  bool inline_box = false;
  // Laid out only down to where a first frame's layout stopped (LayOutBlocks' stop_below):
  // its height, and its document's, are not the whole content's.
  bool cut = false;
  // A table cell under border-collapse: its borders as resolved against its neighbours',
  // painted centred on its edges.
  std::shared_ptr<const CollapsedBorders> collapsed_borders;
  std::vector<Fragment> children;
};

// A box's min-content and max-content widths (CSS Sizing 3 §5.1): the narrowest it can be
// without overflowing and the width it takes when nothing wraps.
struct IntrinsicWidths {
  double min = 0, max = 0;
};

// An inline-level box laid out on its own (an inline-block, a form control) that a line
// holds as one unbreakable piece: its margin box's size, and its baseline from its top.
struct AtomicInline {
  const Box* box = nullptr;
  double width = 0, height = 0, baseline = 0;
  // vertical-align: top and bottom put it at the line box's top or bottom, not on the
  // baseline (CSS 2.2 §10.8.1); the line grows to hold it.
  enum class LineAlign { kBaseline, kTop, kBottom } line_align = LineAlign::kBaseline;
};

// The part of an inline box on one line: its border box, from the container's content box.
struct InlinePiece {
  const Box* box = nullptr;
  double x = 0, y = 0, width = 0, height = 0;
};

// A block container's lines: how tall they are, where their baselines are (from the top of
// the first) and where each atomic inline's margin box landed, in the order given.
struct LineBoxes {
  double height = 0;
  std::optional<double> first_baseline, last_baseline;
  std::vector<std::pair<double, double>> atomic_positions;  // x, y of each margin box
  std::vector<InlinePiece> pieces;  // inline boxes, line by line, in tree order
};

// What block layout asks of inline layout.
class InlineFormatter {
 public:
  virtual ~InlineFormatter() = default;
  // Lays out the lines of a block container's inline content `content_width` wide, with
  // `atomics` (its atomic inlines, in tree order) at their sizes; the last layout of a
  // container is the one painted.
  // Beside floats, `bands` (none: no floats) say how far in the lines start and stop.
  virtual LineBoxes LayOutLines(const Box& container,
                                double content_width,
                                const std::vector<AtomicInline>& atomics,
                                const std::vector<LineBand>& bands = {}) = 0;
  // The widths of that content: its longest unbreakable piece (atomics at `narrowest`
  // sizes), and all of it on one line (atomics at `widest`).
  virtual IntrinsicWidths LineWidths(const Box& container,
                                     const std::vector<AtomicInline>& narrowest,
                                     const std::vector<AtomicInline>& widest) = 0;
  // A replaced element's natural size (an image's pixels); none when it has none (an image
  // that did not load).
  virtual std::optional<std::pair<double, double>> NaturalSize(const Box& replaced) = 0;
};

// The viewport box's fragment (the initial containing block: `viewport_width` wide, as tall
// as the viewport or the content, whichever is more) with everything block-level inside.
// With a `cache` (layout_cache.h), what did not change since its last layout is not laid out
// again; the fragments returned must then live until the next layout with that cache.
//
// With `stop_below` (a page's first frame), blocks in normal flow whose top is below that y
// are left out where nothing after them can paint above it (see LayoutEngine::StopBelow):
// what is above is laid out and painted as in a whole layout, and the fragments that were
// cut short say so (Fragment::cut). Where stopping could not be proved harmless the whole
// page is laid out.
class LayoutCache;
Fragment LayOutBlocks(const Box& viewport,
                      double viewport_width,
                      double viewport_height,
                      InlineFormatter& inline_formatter,
                      LayoutCache* cache = nullptr,
                      std::optional<double> stop_below = std::nullopt);

}  // namespace nexus::web::layout
