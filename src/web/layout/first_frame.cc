// What a page's first frame may leave out (LayoutEngine::StopBelow): a box below the line
// where the frame's layout stops is left out when nothing in it can paint above that line.
// Boxes move up by margins, transforms and offsets; absolutely positioned ones go where
// their containing block and offsets put them, which only a block further down keeps down.
#include "web/layout/display.h"
#include "web/layout/layout_engine.h"

namespace nexus::web::layout {

const LayoutEngine::Reach& LayoutEngine::ReachOf(const css::ComputedStyle& style) {
  // Boxes side by side mostly share a style (a table's cells): the last answer first.
  if (&style == last_reach_style_)
    return *last_reach_;
  auto [it, fresh] = reach_.try_emplace(&style);
  last_reach_style_ = &style;
  last_reach_ = &it->second;  // a map's elements stay where they are
  if (!fresh)
    return it->second;
  Reach& reach = it->second;
  // What moves a box up by less than half a viewport still lands in what a first frame
  // lays out (a viewport more).
  double slack = viewport_height_ / 2;
  auto given = [&](const char* property) { return style.LengthOf(property).has_value(); };
  auto up_by = [&](const char* property, bool upward_if_positive) {
    auto length = style.LengthOf(property);
    if (!length)
      return 0.0;
    if (length->has_percentage())
      return upward_if_positive ? 1e9 : 0.0;  // of a height not known here: assume the worst
    double px = length->ToPixels(style.Context(0, viewport_width_, viewport_height_));
    return upward_if_positive ? px : -px;
  };
  std::string position = style.Keyword("position");
  reach.moves_up = up_by("margin-top", false) > slack;
  for (const char* transform : {"transform", "translate", "rotate", "scale"})
    reach.moves_up |= style.Keyword(transform) != "none";
  if (position == "relative")
    reach.moves_up |=
        up_by("top", false) > slack || (!given("top") && up_by("bottom", true) > slack);
  if (position == "sticky")
    reach.moves_up |= given("bottom");  // pulled up toward the viewport's bottom
  reach.absolute = position == "absolute";
  reach.fixed = position == "fixed";
  reach.static_y = !given("top") && !given("bottom");
  reach.up_in_block_below = (!given("top") && given("bottom")) || up_by("top", false) > slack;
  reach.contains_fixed = ContainsFixedPositioned(style);
  reach.contains_positioned = position != "static" || reach.contains_fixed;
  return reach;
}

bool LayoutEngine::MayPaintAbove(const Box& box, bool in_positioned_block, bool in_fixed_block) {
  if (!box.style || box.kind == BoxKind::kText || box.kind == BoxKind::kLineBreak)
    return false;  // a text's style is its parent's
  // The box itself is below the line (where flow would put it).
  const Reach& reach = ReachOf(*box.style);
  if (reach.moves_up)
    return true;
  if (reach.absolute || reach.fixed) {
    // Placed against its containing block: one further down is below the line too, and
    // with neither top nor bottom it stays at its place in flow. Against a block above the
    // line (or the viewport), an offset may put it anywhere.
    bool block_below = reach.absolute ? in_positioned_block : in_fixed_block;
    if (block_below ? reach.up_in_block_below : !reach.static_y)
      return true;
  }
  in_positioned_block |= reach.contains_positioned;
  in_fixed_block |= reach.contains_fixed;
  for (const auto& child : box.children) {
    if (MayPaintAbove(*child, in_positioned_block, in_fixed_block))
      return true;
  }
  return false;
}

}  // namespace nexus::web::layout
