// Positioning (CSS 2.2 §9.3, §9.4.3, §10.3.7, §10.6.4): relative offsets, and absolutely
// positioned boxes laid out in their containing block once it is known. Sticky boxes stay
// where they are (a page drawn at scroll 0), but still contain absolutely positioned ones.
#include <algorithm>
#include <string>

#include "web/layout/layout_engine.h"

namespace nexus::web::layout {
namespace {

struct Rect {
  double x = 0, y = 0, width = 0, height = 0;
  bool cut = false;  // a first frame's block cut short: its height is not known
};

// Whether an absolutely positioned box's place or size depends on its containing block's
// height (CSS 2.2 §10.6.4: bottom, percentages of the height, centring).
bool UsesContainingHeight(const css::ComputedStyle& style) {
  auto percent = [&](const char* property) {
    auto length = style.LengthOf(property);
    return length && length->has_percentage();
  };
  return style.LengthOf("bottom") || percent("top") || percent("height") || percent("min-height") ||
         percent("max-height");
}

std::string PositionOf(const Box& box) {
  return box.style && box.kind != BoxKind::kText ? box.style->Keyword("position") : "";
}

bool IsPositioned(const Box& box) {
  std::string position = PositionOf(box);
  return position == "relative" || position == "absolute" || position == "fixed" ||
         position == "sticky";
}

bool ContainsFixed(const Box& box) {
  return box.style && box.kind != BoxKind::kText && ContainsFixedPositioned(*box.style);
}

// A length property in px against `percent_of`; none for auto.
std::optional<double> Pixels(const css::ComputedStyle& style,
                             const char* property,
                             double percent_of,
                             const LayoutEngine& engine) {
  auto length = style.LengthOf(property);
  if (!length)
    return std::nullopt;
  return length->ToPixels(
      style.Context(percent_of, engine.viewport_width(), engine.viewport_height()));
}

Rect PaddingBox(const Fragment& fragment);

// Its content box: the padding box less the paddings.
Rect ContentBox(const Fragment& fragment) {
  Rect box = PaddingBox(fragment);
  const css::ComputedStyle& style = *fragment.box->style;
  auto padding = [&](const char* side) {
    auto length = style.LengthOf(side);
    return length ? length->ToPixels(style.Context(box.width)) : 0.0;
  };
  double left = padding("padding-left"), top = padding("padding-top");
  return {box.x + left, box.y + top, box.width - left - padding("padding-right"),
          box.height - top - padding("padding-bottom"), box.cut};
}

Rect PaddingBox(const Fragment& fragment) {
  const css::ComputedStyle& style = *fragment.box->style;
  auto border = [&](const char* side) {
    auto width = style.LengthOf(side);
    return width ? width->ToPixels(style.Context()) : 0.0;
  };
  double left = border("border-left-width"), top = border("border-top-width");
  return {fragment.x + left, fragment.y + top, fragment.width - left - border("border-right-width"),
          fragment.height - top - border("border-bottom-width"), fragment.cut};
}

}  // namespace

// CSS 2.2 §10.3.7 and §10.6.4, in one: the offsets, margins and size that are given decide
// the rest; with neither offset of an axis given, the box stays at its static position.
static Fragment LayOutAbsolute(LayoutEngine& engine,
                               const Box& box,
                               const Rect& containing,
                               double static_x,
                               double static_y) {
  const css::ComputedStyle& style = *box.style;
  auto px = [&](const char* property, double percent_of) {
    return Pixels(style, property, percent_of, engine);
  };
  std::optional<double> left = px("left", containing.width), right = px("right", containing.width);
  std::optional<double> top = px("top", containing.height);
  std::optional<double> bottom = px("bottom", containing.height);
  std::optional<double> margin_left = px("margin-left", containing.width);
  std::optional<double> margin_right = px("margin-right", containing.width);
  std::optional<double> margin_top_length = px("margin-top", containing.width);
  std::optional<double> margin_bottom_length = px("margin-bottom", containing.width);
  double margin_top = margin_top_length.value_or(0);
  double margin_bottom = margin_bottom_length.value_or(0);
  double margins = margin_left.value_or(0) + margin_right.value_or(0);

  SizingContext sizing{containing.width, containing.height, engine.viewport_width(),
                       engine.viewport_height()};
  double width;
  bool width_auto = !style.LengthOf("width");
  if (width_auto && left && right) {
    width = std::max(0.0, containing.width - *left - *right - margins);
  } else if (width_auto) {
    IntrinsicWidths widths = engine.Widths(box);
    double available = containing.width - left.value_or(0) - right.value_or(0);
    width = std::max(0.0, std::min(std::max(widths.min, available), widths.max) - margins);
  } else {
    width = BlockWidths(style, sizing).border_box_width();
  }
  if (left && right && !width_auto && !margin_left && !margin_right) {
    margin_left = margin_right = (containing.width - *left - *right - width) / 2;  // centred
  }
  Laid laid = engine.Lay(box, containing.width, containing.height, {width});
  Fragment fragment = std::move(laid.fragment);
  if (!style.LengthOf("height") && top && bottom) {
    fragment.height =
        std::max(0.0, containing.height - *top - *bottom - margin_top - margin_bottom);
  } else if (top && bottom && !margin_top_length && !margin_bottom_length) {
    // Both vertical margins auto with top, height and bottom given: centred (§10.6.4).
    margin_top = (containing.height - *top - *bottom - fragment.height) / 2;
  }
  double x =
      left    ? containing.x + *left + margin_left.value_or(0)
      : right ? containing.x + containing.width - *right - margin_right.value_or(0) - fragment.width
              : static_x + margin_left.value_or(0);
  double y = top      ? containing.y + *top + margin_top
             : bottom ? containing.y + containing.height - *bottom - margin_bottom - fragment.height
                      : static_y + margin_top;
  Translate(fragment, x - fragment.x, y - fragment.y);
  return fragment;
}

// position: sticky, with the page at the top of its scroll (what a page's first frame and
// `nexus shot` show): the box moves, no further than its containing block allows, to keep
// its top, bottom, left and right offsets from the viewport's edges (CSS Position 3 §3.4).
// How far a sticky box moves along one axis: toward the far side to keep `near` (top or
// left) from the viewport's start, or back to keep `far` from its end, never out of its
// containing block. Positions are the box's start and size, the viewport's and the block's.
static double StickAlong(std::optional<double> near,
                         std::optional<double> far,
                         double start,
                         double size,
                         double viewport_start,
                         double viewport_size,
                         double block_start,
                         double block_size) {
  if (near && start < viewport_start + *near)
    return std::max(
        0.0, std::min(viewport_start + *near - start, block_start + block_size - (start + size)));
  if (far && start + size > viewport_start + viewport_size - *far)
    return -std::max(
        0.0, std::min(start + size - (viewport_start + viewport_size - *far), start - block_start));
  return 0;
}

static void Stick(LayoutEngine& engine,
                  Fragment& box,
                  const Rect& containing,
                  const Rect& viewport) {
  const css::ComputedStyle& style = *box.box->style;
  auto offset = [&](const char* side, double of) { return Pixels(style, side, of, engine); };
  // Kept below its top offset, it moves down no further than its block's bottom: not known
  // in a block a first frame cut short.
  std::optional<double> top = offset("top", viewport.height);
  if (containing.cut && top && box.y < viewport.y + *top)
    engine.MarkCutUnusable();
  double dy = StickAlong(offset("top", viewport.height), offset("bottom", viewport.height), box.y,
                         box.height, viewport.y, viewport.height, containing.y, containing.height);
  double dx = StickAlong(offset("left", viewport.width), offset("right", viewport.width), box.x,
                         box.width, viewport.x, viewport.width, containing.x, containing.width);
  Translate(box, dx, dy);
}

// Walks `fragment`'s children with `containing` the containing block absolutely positioned
// boxes there have; returns the lowest bottom of those placed (the document grows to it).
static double PlaceIn(LayoutEngine& engine,
                      Fragment& fragment,
                      const Rect& containing,
                      const Rect& fixed_containing,
                      const Rect& viewport) {
  double bottom = 0;
  for (Fragment& child : fragment.children) {
    if (!child.box) {
      bottom = std::max(bottom, PlaceIn(engine, child, containing, fixed_containing, viewport));
      continue;
    }
    std::string position = PositionOf(*child.box);
    if (child.awaiting_position) {
      bool fixed = position == "fixed";
      const Rect& block = fixed ? fixed_containing : containing;
      if (block.cut && UsesContainingHeight(*child.box->style))
        engine.MarkCutUnusable();
      child = LayOutAbsolute(engine, *child.box, block, child.x, child.y);
      if (!fixed)
        bottom = std::max(bottom, child.y + child.height);
    } else if (position == "relative") {
      // Percentages are of the containing block: the content box of the block it is in
      // (the parent's), not the containing block of absolutely positioned boxes. A
      // percentage of an auto height is auto.
      const css::ComputedStyle& style = *child.box->style;
      Rect parent = fragment.box && fragment.box->style ? ContentBox(fragment) : containing;
      bool definite_height = fragment.box && fragment.box->style &&
                             fragment.box->style->LengthOf("height").has_value();
      auto vertical = [&](const char* property) -> std::optional<double> {
        auto length = style.LengthOf(property);
        if (!length || (length->has_percentage() && !definite_height))
          return std::nullopt;
        return Pixels(style, property, parent.height, engine);
      };
      auto left = Pixels(style, "left", parent.width, engine);
      auto right = Pixels(style, "right", parent.width, engine);
      auto top = vertical("top");
      auto bottom_offset = vertical("bottom");
      Translate(child,
                left    ? *left
                : right ? -*right
                        : 0,
                top             ? *top
                : bottom_offset ? -*bottom_offset
                                : 0);
    } else if (position == "sticky") {
      Stick(engine, child, fragment.box ? ContentBox(fragment) : containing, viewport);
    }
    bool contains_fixed = ContainsFixed(*child.box);
    Rect inner = IsPositioned(*child.box) || contains_fixed ? PaddingBox(child) : containing;
    Rect inner_fixed = contains_fixed ? PaddingBox(child) : fixed_containing;
    bottom = std::max(bottom, PlaceIn(engine, child, inner, inner_fixed, viewport));
  }
  return bottom;
}

void LayoutEngine::PlacePositioned(Fragment& root) {
  Rect viewport{0, 0, viewport_width_, viewport_height_};
  root.height = std::max(root.height, PlaceIn(*this, root, viewport, viewport, viewport));
}

}  // namespace nexus::web::layout
