// What the formatting contexts ask of one another (internal to web/layout): a block-level
// box laid out in a containing block, possibly at a width its parent chose (a table cell at
// its column's width), and a box's intrinsic widths, which tables (and, to come, floats,
// flex items and absolutely positioned boxes) size themselves from. Block layout
// (block_layout.cc), tables (table_layout.cc) and intrinsic sizing (intrinsic_widths.cc)
// are each a part of this one class.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "web/layout/block_geometry.h"
#include "web/layout/block_layout.h"

namespace nexus::web::layout {

// A box laid out, before its parent knows where it goes: a fragment at y = 0, and the
// margins that may still collapse with what is around it.
struct Laid {
  Fragment fragment;
  CollapsedMargin top, bottom;
  bool collapses_through = false;  // empty: its top and bottom margins are one
  // For a box its margins collapse through: its top margin alone, which places its border
  // box as if it had a bottom border (CSS 2.2 §8.3.1).
  CollapsedMargin top_alone;
  // How much taller its height made it than its content: a cell aligns its content in that.
  double room_below_content = 0;
};

// How a parent that sized the box itself wants it laid out.
struct Imposed {
  std::optional<double> border_box_width;  // instead of the width the box's style gives
  bool height_is_minimum = false;          // `height` only keeps it from being shorter (cells)
  double min_content_height = 0;           // what a form control needs with nothing in it
  // Border widths (top, right, bottom, left) layout uses instead of the style's: a cell's
  // halves of its collapsed borders.
  std::optional<std::array<double, 4>> borders = std::nullopt;
};

class FloatContext;
struct TableMeasure;

// Where a box in normal flow sits in the formatting context whose floats it shares: its
// containing block's content-box left and its own border box's top, in that context's
// coordinates (as far as they are known before margins finish collapsing).
struct FlowPosition {
  FloatContext* floats = nullptr;
  double x = 0, y = 0;
  // At the top of a body or a table cell in quirks mode, nothing before it but margins that
  // collapse: its quirky top margin, and its first children's, are dropped.
  bool quirky_container_start = false;
  // Its border box's top in the document (margins still collapsing aside), where every box
  // above it is in normal block flow from the root; none elsewhere (flex items, cells).
  std::optional<double> page_y;
};

class LayoutCache;

class LayoutEngine {
 public:
  // With a `cache`, blocks in normal flow whose boxes and constraints did not change since
  // the cache's last layout are not laid out again (layout_cache.h).
  LayoutEngine(double viewport_width,
               double viewport_height,
               InlineFormatter& inline_formatter,
               LayoutCache* cache = nullptr);
  ~LayoutEngine();

  // `box` in a containing block `containing_width` wide (and `containing_height` tall, when
  // that does not depend on content); x is from the containing block's content edge.
  Laid Lay(const Box& box,
           double containing_width,
           std::optional<double> containing_height,
           const Imposed& imposed = {},
           const FlowPosition& where = {});

  // Lay's work, without the cache.
  Laid LayOut(const Box& box,
              double containing_width,
              std::optional<double> containing_height,
              const Imposed& imposed,
              const FlowPosition& where);

  // A float or absolutely positioned box, shrink-to-fit unless its `width` says otherwise.
  Laid LayOutOutOfFlow(const Box& box, double containing_width);

  // Once everything in flow is laid out (CSS 2.2 §9.3, §10.3.7, §10.6.4): moves relatively
  // positioned boxes by their offsets, and lays out each absolutely positioned box in its
  // containing block (the padding box of its nearest positioned ancestor, the viewport for
  // fixed ones and when there is none) in place of its static position.
  void PlacePositioned(Fragment& root);

  // The box's min-content and max-content widths with its margins, borders and paddings
  // (CSS Sizing 3 §5.1); percentages of the containing block count as 0.
  IntrinsicWidths Widths(const Box& box);

  // Inline-level boxes a line holds whole (inline-blocks, inline tables, form controls,
  // images that loaded or have a size), among `container`'s inline descendants, in order.
  void CollectAtomicInlines(const Box& container, std::vector<const Box*>& atomics);

  // A replaced element's content size (CSS 2.2 §10.3.2, §10.6.2): its width and height, what
  // is auto of them from its natural size and ratio.
  std::pair<double, double> ReplacedSize(const Box& replaced, const SizingContext& context);

  double viewport_width() const { return viewport_width_; }
  double viewport_height() const { return viewport_height_; }

  // A first frame's layout: a block container in normal flow (or a table, its rows) stops
  // laying out its children once the next one's top is below `page_y`, when none of those
  // left could paint above it (nothing positioned, transformed or pulled up by a large
  // negative margin). The boxes cut short say so in their fragments, and are not kept by
  // the cache.
  void StopBelow(double page_y) { stop_below_ = page_y; }
  // A positioned box was placed against a containing block that was cut short: where it
  // goes is not known without the rest (the caller lays out the whole page instead).
  void MarkCutUnusable() { cut_unusable_ = true; }
  bool cut_unusable() const { return cut_unusable_; }

 private:
  // Lays out the atomic inlines among a block container's inline content (inline-blocks,
  // form controls) in a line `available` wide: their fragments, and what lines need of them.
  std::vector<AtomicInline> LayOutAtomics(const Box& container,
                                          double available,
                                          std::vector<Fragment>& fragments);
  // The border-box width of a table: from its columns, its `width` and the room there is.
  double TableWidth(const Box& table, double available);
  // Lays out a table's captions and cells inside `fragment`, whose border box (already
  // `fragment.width` wide) starts at (0, 0), `page_y` in the document when known (a first
  // frame may stop below it, see StopBelow); returns the height of its content box.
  double LayOutTableContent(const Box& table,
                            Fragment& fragment,
                            double content_width,
                            std::optional<double> page_y);
  IntrinsicWidths TableWidths(const Box& table);
  const TableMeasure& MeasureTable(const Box& table);
  // A collapsing table's own border widths: halves of its outer collapsed borders.
  std::array<double, 4> CollapsedTableBorders(const Box& table);
  // Lays out a flex container's items inside `fragment` (its border box at (0, 0), content
  // box at its content_x/y); returns the height of its content box.
  double LayOutFlexContent(const Box& box,
                           Fragment& fragment,
                           double content_width,
                           std::optional<double> content_height);
  IntrinsicWidths FlexWidths(const Box& box);
  // The same for a grid container (grid_layout.cc).
  double LayOutGridContent(const Box& box,
                           Fragment& fragment,
                           double content_width,
                           std::optional<double> content_height);
  IntrinsicWidths GridWidths(const Box& box);
  IntrinsicWidths ContentWidths(const Box& box);
  // What a style alone says of a box's intrinsic widths, the same for every box in it:
  // its horizontal borders and paddings, margins, and fixed width, min-width and max-width
  // as content sizes.
  struct StyleWidths {
    double edges = 0, margins = 0;
    std::optional<double> width, min_width, max_width;
  };
  const StyleWidths& WidthsOfStyle(const css::ComputedStyle& style);
  void AddFloats(const Box& box, IntrinsicWidths& widths);

  // Whether anything in the box's subtree may paint above where flow puts the box (by more
  // than a first frame's slack); the flags say whether a box above it in that subtree
  // contains absolutely positioned (or fixed) descendants.
  bool MayPaintAbove(const Box& box, bool in_positioned_block, bool in_fixed_block);
  // What a style alone says of that, once per style.
  struct Reach {
    bool moves_up = false;  // by a margin, a transform, an offset, sticking down
    bool absolute = false, fixed = false;
    bool static_y = false;           // neither top nor bottom: where flow puts it
    bool up_in_block_below = false;  // above the top of a containing block further down
    bool contains_positioned = false, contains_fixed = false;
  };
  const Reach& ReachOf(const css::ComputedStyle& style);

  double viewport_width_, viewport_height_;
  std::optional<double> stop_below_;
  bool cut_unusable_ = false;
  InlineFormatter& inline_;
  LayoutCache* cache_;
  uint32_t measuring_;  // this engine's number for the widths it keeps on boxes (Widths)
  std::unordered_map<const css::ComputedStyle*, StyleWidths> style_widths_;
  std::unordered_map<const css::ComputedStyle*, Reach> reach_;
  const css::ComputedStyle* last_reach_style_ = nullptr;
  const Reach* last_reach_ = nullptr;
  std::map<const Box*, std::unique_ptr<TableMeasure>> tables_;
};

// The content size of a form control with nothing in it (CSS Sizing's "natural" size, as
// Chromium draws them): a text field `size` characters wide, a 13px checkbox, ...
struct WidgetSize {
  std::optional<double> width;
  double height = 0;
};
WidgetSize NaturalWidgetSize(const Box& widget);

// Whether the style floats the box (and does not position it absolutely, which wins).
bool IsFloat(const css::ComputedStyle& style);

// The floats and absolutely positioned boxes among a block container's inline content, in
// tree order.
void CollectInlineOutOfFlow(const Box& container,
                            std::vector<const Box*>& floats,
                            std::vector<const Box*>& positioned);

// Where an absolutely positioned box would have been in flow (its static position, CSS 2.2
// §10.3.7): an empty fragment PlacePositioned replaces with the box laid out.
Fragment StaticPosition(const Box& box, double x, double y);

// A box's margin-right in px (auto: 0).
double MarginRight(const Box& box, double containing_width);

// Whether a block container holds lines (inline-level children, and maybe out-of-flow ones)
// rather than blocks.
bool HasInlineContent(const Box& box);

// Adjoining margins and the containing block aside, moves a fragment and its descendants.
void Translate(Fragment& fragment, double dx, double dy);

}  // namespace nexus::web::layout
