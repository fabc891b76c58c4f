// Intrinsic widths (CSS Sizing 3 §5): how narrow a box can get without overflowing and how
// wide it is when nothing wraps, from its lines (the inline layout's), its block children,
// its table columns or its own `width`.
#include <algorithm>

#include "web/layout/layout_engine.h"

namespace nexus::web::layout {
namespace {

// A length property in px with percentages as 0 (what they are of is unknown here); none
// for auto and keywords.
std::optional<double> FixedPixels(const css::ComputedStyle& style, std::string_view property) {
  auto length = style.LengthOf(property);
  if (!length)
    return std::nullopt;
  return length->ToPixels(style.Context(0));
}

// A width-like property that does not depend on the containing block, as a content width.
std::optional<double> FixedContentSize(const css::ComputedStyle& style,
                                       std::string_view property,
                                       double edges) {
  auto length = style.LengthOf(property);
  if (!length || length->has_percentage())
    return std::nullopt;
  double size = length->ToPixels(style.Context(0));
  return std::max(0.0, style.Keyword("box-sizing") == "border-box" ? size - edges : size);
}

}  // namespace

// Floats among a block's inline content sit beside its lines, as Blink counts them: side
// by side in the max-content width (a float that clears starts again), each alone in the
// min-content width.
void LayoutEngine::AddFloats(const Box& box, IntrinsicWidths& widths) {
  double beside = 0, widest_row = 0;
  for (const auto& child : box.children) {
    if (child->IsInlineLevel() || !child->style || child->style->Keyword("float").empty() ||
        child->style->Keyword("float") == "none")
      continue;
    std::string clear = child->style->Keyword("clear");
    if (!clear.empty() && clear != "none") {
      widest_row = std::max(widest_row, beside);
      beside = 0;
    }
    IntrinsicWidths floated = Widths(*child);
    widths.min = std::max(widths.min, floated.min);
    beside += floated.max;
  }
  widths.max = std::max(widest_row, beside + widths.max);
}

IntrinsicWidths LayoutEngine::ContentWidths(const Box& box) {
  if (box.kind == BoxKind::kReplaced) {
    double width = ReplacedSize(box, {0, std::nullopt, viewport_width_, viewport_height_}).first;
    return {width, width};
  }
  if (box.display.inner == Inner::kTable)
    return TableWidths(box);
  if (box.display.inner == Inner::kFlex)
    return FlexWidths(box);
  if (box.display.inner == Inner::kGrid)
    return GridWidths(box);
  if (box.kind == BoxKind::kWidget) {
    if (auto natural = NaturalWidgetSize(box); natural.width)
      return {*natural.width, *natural.width};
  }
  if (HasInlineContent(box)) {
    std::vector<const Box*> boxes;
    CollectAtomicInlines(box, boxes);
    std::vector<AtomicInline> narrowest, widest;
    for (const Box* atomic : boxes) {
      IntrinsicWidths widths = Widths(*atomic);
      narrowest.push_back({atomic, widths.min, 0, 0});
      widest.push_back({atomic, widths.max, 0, 0});
    }
    IntrinsicWidths widths = inline_.LineWidths(box, narrowest, widest);
    if (box.node && box.node->AsElement() && box.node->AsElement()->tag_name() == "select")
      widths.min = widths.max = widths.max + 24;
    AddFloats(box, widths);
    return widths;
  }
  // Blocks one above another; floats in a row beside each other until one clears or a
  // block in flow comes between them.
  IntrinsicWidths widths;
  double floats_beside = 0;
  for (const auto& child : box.children) {
    if (child->kind != BoxKind::kContainer || child->IsInlineLevel())
      continue;
    IntrinsicWidths child_widths = Widths(*child);
    widths.min = std::max(widths.min, child_widths.min);
    bool floating = child->style && child->style->Keyword("float") != "none" &&
                    !child->style->Keyword("float").empty();
    std::string clear = child->style ? child->style->Keyword("clear") : "";
    if (!floating || (!clear.empty() && clear != "none"))
      floats_beside = 0;
    if (floating)
      floats_beside += child_widths.max;
    widths.max = std::max(widths.max, floating ? floats_beside : child_widths.max);
  }
  return widths;
}

const LayoutEngine::StyleWidths& LayoutEngine::WidthsOfStyle(const css::ComputedStyle& style) {
  auto [it, fresh] = style_widths_.try_emplace(&style);
  if (!fresh)
    return it->second;
  StyleWidths& found = it->second;
  auto px = [&](const char* property) { return FixedPixels(style, property).value_or(0); };
  found.edges =
      px("border-left-width") + px("padding-left") + px("padding-right") + px("border-right-width");
  found.margins = px("margin-left") + px("margin-right");
  found.width = FixedContentSize(style, "width", found.edges);
  found.min_width = FixedContentSize(style, "min-width", found.edges);
  found.max_width = FixedContentSize(style, "max-width", found.edges);
  return found;
}

IntrinsicWidths LayoutEngine::Widths(const Box& box) {
  if (box.measured_in == measuring_)
    return {box.measured_min, box.measured_max};
  IntrinsicWidths widths;
  auto keep = [&] {
    box.measured_in = measuring_;
    box.measured_min = widths.min;
    box.measured_max = widths.max;
  };
  if (!box.style) {
    keep();
    return widths;
  }
  const StyleWidths& sizes = WidthsOfStyle(*box.style);
  if (box.display.inner == Inner::kTable) {
    widths = TableWidths(box);  // a table's are of its border box already
  } else {
    // A cell's `width` is its column's business (table_layout.cc): content still counts.
    if (sizes.width && box.display.inner != Inner::kTableCell)
      widths = {*sizes.width, *sizes.width};
    else
      widths = ContentWidths(box);
    if (sizes.max_width) {
      widths.min = std::min(widths.min, *sizes.max_width);
      widths.max = std::min(widths.max, *sizes.max_width);
    }
    if (sizes.min_width) {
      widths.min = std::max(widths.min, *sizes.min_width);
      widths.max = std::max(widths.max, *sizes.min_width);
    }
    widths.min += sizes.edges;
    widths.max += sizes.edges;
  }
  widths.min = std::max(0.0, widths.min + sizes.margins);
  widths.max = std::max(widths.min, widths.max + sizes.margins);
  keep();
  return widths;
}

}  // namespace nexus::web::layout
