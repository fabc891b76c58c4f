#include "web/layout/block_layout.h"

#include <algorithm>

#include "web/layout/layout_engine.h"

namespace nexus::web::layout {
namespace {

// Boxes whose margins never collapse with their children's (CSS 2.2 §8.3.1): those that
// make a new block formatting context.
bool EstablishesContext(const Box& box) {
  if (!box.style || !box.parent || !box.parent->parent)
    return true;  // the viewport and the root
  const Display& display = box.display;
  if (display.inner != Inner::kFlow || display.outer == Outer::kInline)
    return true;
  if (box.parent->display.inner == Inner::kFlex || box.parent->display.inner == Inner::kGrid)
    return true;
  std::string overflow = box.style->Keyword("overflow-x");
  return IsOutOfFlow(*box.style) || (overflow != "visible" && overflow != "clip");
}

}  // namespace

bool HasInlineContent(const Box& box) {
  return !box.children.empty() &&
         std::all_of(box.children.begin(), box.children.end(),
                     [](const std::unique_ptr<Box>& child) { return child->IsInlineLevel(); });
}

void Translate(Fragment& fragment, double dx, double dy) {
  fragment.x += dx;
  fragment.y += dy;
  fragment.content_x += dx;
  fragment.content_y += dy;
  for (Fragment& child : fragment.children)
    Translate(child, dx, dy);
}

Laid LayoutEngine::Lay(const Box& box,
                       double containing_width,
                       std::optional<double> containing_height,
                       const Imposed& imposed) {
  SizingContext context{containing_width, containing_height, viewport_width_, viewport_height_};
  const css::ComputedStyle& style = *box.style;
  HorizontalGeometry h = BlockWidths(style, context);
  double edges = h.border_left + h.padding_left + h.padding_right + h.border_right;
  bool table = box.display.inner == Inner::kTable;
  if (table) {
    auto margin = [&](const char* side) {
      auto length = style.LengthOf(side);
      return length ? length->ToPixels(style.Context(containing_width)) : 0.0;
    };
    double available = containing_width - margin("margin-left") - margin("margin-right");
    h = BlockWidthsAt(style, context, TableWidth(box, available) - edges);
  } else if (imposed.border_box_width) {
    h = BlockWidthsAt(style, context, std::max(0.0, *imposed.border_box_width - edges));
  }
  VerticalEdges v = BlockVerticalEdges(style, context);
  bool own_context = EstablishesContext(box);
  bool top_open = !own_context && v.border_top == 0 && v.padding_top == 0;
  bool height_auto = !style.LengthOf("height") ||
                     (style.LengthOf("height")->has_percentage() && !containing_height);
  bool bottom_open = !own_context && v.border_bottom == 0 && v.padding_bottom == 0 && height_auto;

  Laid laid;
  laid.fragment.box = &box;
  laid.top.Add(v.margin_top);
  double content_left = h.border_left + h.padding_left;
  double content_top = v.border_top + v.padding_top;
  laid.fragment.content_x = content_left;
  laid.fragment.content_y = content_top;
  SizingContext inner{h.content_width, std::nullopt, viewport_width_, viewport_height_};
  double definite_height = BlockContentHeight(style, 0, context);
  if (!height_auto)
    inner.containing_height = definite_height;

  double cursor = 0;  // from the content box's top
  CollapsedMargin pending;
  bool content_seen = false;
  if (table) {
    laid.fragment.width = h.border_box_width();
    cursor = LayOutTableContent(box, laid.fragment, h.content_width);
    content_seen = true;
  } else if (HasInlineContent(box)) {
    std::vector<Fragment> atomic_fragments;
    std::vector<AtomicInline> atomics = LayOutAtomics(box, h.content_width, atomic_fragments);
    LineBoxes lines = inline_.LayOutLines(box, h.content_width, atomics);
    cursor = lines.height;
    content_seen = cursor > 0;
    for (size_t i = 0; i < atomic_fragments.size() && i < lines.atomic_positions.size(); ++i) {
      auto [x, y] = lines.atomic_positions[i];
      Translate(atomic_fragments[i], content_left + x, content_top + y);
      laid.fragment.children.push_back(std::move(atomic_fragments[i]));
    }
    if (lines.last_baseline)
      laid.fragment.baseline = content_top + *lines.last_baseline;
  } else {
    for (const auto& child : box.children) {
      if (child->IsInlineLevel() || (child->style && IsOutOfFlow(*child->style)))
        continue;  // inline runs are wrapped by now; out-of-flow boxes are placed apart
      Laid placed = Lay(*child, h.content_width, inner.containing_height);
      if (placed.collapses_through) {
        CollapsedMargin above = pending;
        above.Add(placed.top_alone);
        double top = content_seen || !top_open ? cursor + above.Resolve() : cursor;
        Translate(placed.fragment, content_left, content_top + top);
        laid.fragment.children.push_back(std::move(placed.fragment));
        pending.Add(placed.top);
        continue;
      }
      if (!content_seen && top_open) {
        laid.top.Add(pending);  // the first child's top margin leaves through the parent's
        laid.top.Add(placed.top);
      } else {
        pending.Add(placed.top);
        cursor += pending.Resolve();
      }
      Translate(placed.fragment, content_left, content_top + cursor);
      cursor += placed.fragment.height;
      laid.fragment.children.push_back(std::move(placed.fragment));
      pending = placed.bottom;
      content_seen = true;
    }
    for (auto child = laid.fragment.children.rbegin(); child != laid.fragment.children.rend();
         ++child) {
      if (child->baseline) {
        laid.fragment.baseline = child->y + *child->baseline;
        break;
      }
    }
  }
  if (box.kind == BoxKind::kWidget)
    cursor = std::max(cursor, NaturalWidgetSize(box).height);

  double content_height;
  if (!content_seen && top_open && bottom_open && definite_height == 0) {
    // Nothing inside and nothing in the way: its margins collapse through it.
    laid.top.Add(pending);
    laid.top_alone = laid.top;
    laid.top.Add(v.margin_bottom);
    laid.bottom = laid.top;
    laid.collapses_through = true;
    content_height = 0;
  } else if (bottom_open && content_seen) {
    laid.bottom = pending;  // the last child's bottom margin leaves through the parent's
    laid.bottom.Add(v.margin_bottom);
    content_height = cursor;
  } else {
    content_height = cursor + pending.Resolve();
    laid.bottom.Add(v.margin_bottom);
  }
  double used_height = BlockContentHeight(style, content_height, context);
  if (imposed.height_is_minimum)
    used_height = std::max(used_height, content_height);
  laid.fragment.width = h.border_box_width();
  laid.fragment.height =
      v.border_top + v.padding_top + used_height + v.padding_bottom + v.border_bottom;
  Translate(laid.fragment, h.margin_left, 0);
  return laid;
}

Fragment LayOutBlocks(const Box& viewport,
                      double viewport_width,
                      double viewport_height,
                      InlineFormatter& inline_formatter) {
  LayoutEngine layout(viewport_width, viewport_height, inline_formatter);
  Fragment root;
  root.box = &viewport;
  root.width = viewport_width;
  double cursor = 0;
  for (const auto& child : viewport.children) {
    // The root's margins do not collapse with anything (CSS 2.2 §8.3.1).
    Laid laid = layout.Lay(*child, viewport_width, viewport_height);
    cursor += laid.top.Resolve();
    Translate(laid.fragment, 0, cursor);
    cursor += laid.fragment.height + laid.bottom.Resolve();
    root.children.push_back(std::move(laid.fragment));
  }
  root.height = std::max(viewport_height, cursor);
  return root;
}

}  // namespace nexus::web::layout
