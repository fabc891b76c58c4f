// Flex layout (CSS Flexbox 1 §9): items in `order`, their flex base sizes from flex-basis (or
// their width or height, or their content), broken into lines when the container wraps,
// grown or shrunk by flex-grow and flex-shrink to fill each line, then placed along the main
// axis by auto margins and justify-content and across it by align-items / align-self
// (stretch by default), lines stacked by the gaps between them.
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "web/layout/layout_engine.h"

namespace nexus::web::layout {
namespace {

double Number(const css::ComputedStyle& style, const char* property, double fallback) {
  for (const css::ComponentValue& value : style.Value(property)) {
    if (value.IsToken(css::TokenType::kNumber))
      return value.token.number;
  }
  return fallback;
}

// A px length (percentages of `percent_of`); none for auto, normal and keywords.
std::optional<double> Pixels(const css::ComputedStyle& style,
                             const char* property,
                             std::optional<double> percent_of) {
  auto length = style.LengthOf(property);
  if (!length || (length->has_percentage() && !percent_of))
    return std::nullopt;
  return length->ToPixels(style.Context(percent_of.value_or(0)));
}

struct Edges {
  double before = 0, after = 0;  // along one axis: left/right or top/bottom
  double sum() const { return before + after; }
};

struct Item {
  const Box* box = nullptr;
  const css::ComputedStyle* style = nullptr;
  double grow = 0, shrink = 1;
  double base = 0;  // flex base size, border box
  double min = 0, max = 1e12;
  double target = 0;  // main size after flexing, border box
  Edges margin;       // main axis, auto as 0
  bool auto_before = false, auto_after = false;
  Edges cross_margin;
  Fragment fragment;
  double cross = 0;  // border-box cross size as laid out
};

std::string Align(const css::ComputedStyle& item, const css::ComputedStyle& container) {
  std::string self = item.Keyword("align-self");
  std::string align = self.empty() || self == "auto" ? container.Keyword("align-items") : self;
  if (align.empty() || align == "normal")
    return "stretch";
  return align;
}

}  // namespace

double LayoutEngine::LayOutFlexContent(const Box& box,
                                       Fragment& fragment,
                                       double content_width,
                                       std::optional<double> content_height) {
  const css::ComputedStyle& style = *box.style;
  std::string direction = style.Keyword("flex-direction");
  bool row = direction != "column" && direction != "column-reverse";
  bool reverse = direction == "row-reverse" || direction == "column-reverse";
  bool wrap = style.Keyword("flex-wrap") == "wrap" || style.Keyword("flex-wrap") == "wrap-reverse";
  double main_gap = Pixels(style, row ? "column-gap" : "row-gap", content_width).value_or(0);
  double cross_gap = Pixels(style, row ? "row-gap" : "column-gap", content_width).value_or(0);
  std::optional<double> main_space = row ? std::optional<double>(content_width) : content_height;
  SizingContext sizing{content_width, content_height, viewport_width_, viewport_height_};

  std::vector<Item> items;
  for (const auto& child : box.children) {
    if (child->style && IsOutOfFlow(*child->style)) {
      fragment.children.push_back(StaticPosition(*child, fragment.content_x, fragment.content_y));
      continue;
    }
    if (!child->style || child->IsCollapsibleWhitespace())
      continue;
    const css::ComputedStyle& item_style = *child->style;
    Item item;
    item.box = child.get();
    item.style = &item_style;
    item.grow = Number(item_style, "flex-grow", 0);
    item.shrink = Number(item_style, "flex-shrink", 1);
    HorizontalGeometry h = BlockWidths(item_style, sizing);
    VerticalEdges v = BlockVerticalEdges(item_style, sizing);
    double horizontal_edges = h.border_left + h.padding_left + h.padding_right + h.border_right;
    double vertical_edges = v.border_top + v.padding_top + v.padding_bottom + v.border_bottom;
    const char* before = row ? "margin-left" : "margin-top";
    const char* after = row ? "margin-right" : "margin-bottom";
    item.auto_before = !item_style.LengthOf(before);
    item.auto_after = !item_style.LengthOf(after);
    item.margin = {Pixels(item_style, before, content_width).value_or(0),
                   Pixels(item_style, after, content_width).value_or(0)};
    item.cross_margin = {
        Pixels(item_style, row ? "margin-top" : "margin-left", content_width).value_or(0),
        Pixels(item_style, row ? "margin-bottom" : "margin-right", content_width).value_or(0)};
    double main_edges = row ? horizontal_edges : vertical_edges;
    bool border_box = item_style.Keyword("box-sizing") == "border-box";
    auto border_box_size = [&](const char* property) -> std::optional<double> {
      auto size = Pixels(item_style, property, main_space);
      if (!size)
        return std::nullopt;
      return border_box ? std::max(*size, main_edges) : *size + main_edges;
    };
    // The flex base size (§9.2.3): flex-basis, else the main size, else the content's.
    std::optional<double> basis = border_box_size("flex-basis");
    if (!basis && item_style.Keyword("flex-basis") != "content")
      basis = border_box_size(row ? "width" : "height");
    double cross_available = row ? content_height.value_or(0) : content_width;
    IntrinsicWidths widths;
    if (row)
      widths = Widths(*child);
    if (!basis) {
      if (row) {
        basis = widths.max - item.margin.sum();
      } else {
        Laid probe = Lay(*child, content_width, std::nullopt,
                         {std::max(0.0, cross_available - item.cross_margin.sum())});
        basis = probe.fragment.height;
      }
    }
    item.base = *basis;
    // Min and max main sizes; an auto minimum is the content's min-content size (§4.5).
    if (auto max = border_box_size(row ? "max-width" : "max-height"))
      item.max = *max;
    if (auto min = border_box_size(row ? "min-width" : "min-height"))
      item.min = *min;
    else if (row && item_style.Keyword("overflow-x") == "visible") {
      // The content size suggestion, no more than a specified width (not the flex basis).
      item.min = widths.min - item.margin.sum();
      if (auto specified = border_box_size("width"))
        item.min = std::min(item.min, *specified);
    }
    item.min = std::max(item.min, main_edges);
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return Number(*a.style, "order", 0) < Number(*b.style, "order", 0);
  });

  // Lines (§9.3): as many items as fit, at least one.
  double line_room = main_space.value_or(1e12);
  std::vector<std::pair<size_t, size_t>> lines;
  for (size_t i = 0; i < items.size();) {
    size_t end = i;
    double used = 0;
    while (end < items.size()) {
      double outer =
          std::clamp(items[end].base, items[end].min, std::max(items[end].min, items[end].max)) +
          items[end].margin.sum();
      if (wrap && end > i && used + main_gap + outer > line_room)
        break;
      used += (end > i ? main_gap : 0) + outer;
      ++end;
    }
    lines.push_back({i, end});
    i = end;
  }

  double cross_cursor = 0;
  double main_extent = 0;
  for (size_t l = 0; l < lines.size(); ++l) {
    auto [first, last] = lines[l];
    // Resolving flexible lengths (§9.7): free space shared by grow or shrink factors, items
    // that hit their min or max frozen there, until nothing changes.
    double gaps = main_gap * (last - first - 1);
    std::vector<bool> frozen(last - first, false);
    for (size_t i = first; i < last; ++i)
      items[i].target =
          std::clamp(items[i].base, items[i].min, std::max(items[i].min, items[i].max));
    if (main_space) {
      for (int round = 0; round < 8; ++round) {
        double used = gaps;
        for (size_t i = first; i < last; ++i)
          used += (frozen[i - first] ? items[i].target : items[i].base) + items[i].margin.sum();
        double free = *main_space - used;
        bool growing = free > 0;
        double weight = 0;
        for (size_t i = first; i < last; ++i) {
          if (!frozen[i - first])
            weight += growing ? items[i].grow : items[i].shrink * items[i].base;
        }
        if (weight <= 0)
          break;
        bool clamped = false;
        for (size_t i = first; i < last; ++i) {
          if (frozen[i - first])
            continue;
          double share =
              growing ? items[i].grow / weight : items[i].shrink * items[i].base / weight;
          double size = items[i].base + free * share;
          double limited = std::clamp(size, items[i].min, std::max(items[i].min, items[i].max));
          items[i].target = limited;
          if (limited != size) {
            frozen[i - first] = true;
            clamped = true;
          }
        }
        if (!clamped)
          break;
      }
    }

    // Each item laid out at its main size; the line as tall (or wide) as its largest item.
    double line_cross = 0;
    for (size_t i = first; i < last; ++i) {
      Item& item = items[i];
      if (row) {
        Laid laid = Lay(*item.box, content_width, content_height, {item.target});
        item.fragment = std::move(laid.fragment);
        item.cross = item.fragment.height;
      } else {
        double cross_size;
        bool stretch = Align(*item.style, style) == "stretch" && !item.style->LengthOf("width");
        if (stretch)
          cross_size = content_width - item.cross_margin.sum();
        else if (item.style->LengthOf("width"))
          cross_size = BlockWidths(*item.style, sizing).border_box_width();
        else
          cross_size = std::min(Widths(*item.box).max - item.cross_margin.sum(),
                                content_width - item.cross_margin.sum());
        Laid laid = Lay(*item.box, content_width, content_height, {std::max(0.0, cross_size)});
        item.fragment = std::move(laid.fragment);
        item.fragment.height = item.target;
        item.cross = item.fragment.width;
      }
      line_cross = std::max(line_cross, item.cross + item.cross_margin.sum());
    }
    if (lines.size() == 1 && row && content_height)
      line_cross = *content_height;
    if (lines.size() == 1 && !row)
      line_cross = content_width;

    // Main axis: auto margins take the free space first, then justify-content shares it.
    double used = gaps;
    int auto_margins = 0;
    for (size_t i = first; i < last; ++i) {
      used += items[i].target + items[i].margin.sum();
      auto_margins += items[i].auto_before + items[i].auto_after;
    }
    double line_main = main_space.value_or(used);
    double free = line_main - used;
    double start = 0, between = main_gap;
    if (auto_margins > 0 && free > 0) {
      double each = free / auto_margins;
      for (size_t i = first; i < last; ++i) {
        items[i].margin.before += items[i].auto_before ? each : 0;
        items[i].margin.after += items[i].auto_after ? each : 0;
      }
      free = 0;
    }
    std::string justify = style.Keyword("justify-content");
    size_t count = last - first;
    if (justify == "flex-end" || justify == "end" || justify == "right")
      start = free;
    else if (justify == "center")
      start = free / 2;
    else if (justify == "space-between" && count > 1 && free > 0)
      between += free / (count - 1);
    else if (justify == "space-around" && free > 0)
      start = free / count / 2, between += free / count;
    else if (justify == "space-evenly" && free > 0)
      start = free / (count + 1), between += free / (count + 1);

    double main_cursor = start;
    for (size_t k = 0; k < count; ++k) {
      Item& item = items[first + k];  // reversed directions are mirrored when placed
      main_cursor += item.margin.before;
      std::string align = Align(*item.style, style);
      double slack = line_cross - item.cross - item.cross_margin.sum();
      double cross_offset = item.cross_margin.before;
      if (align == "flex-end" || align == "end" || align == "self-end")
        cross_offset += slack;
      else if (align == "center")
        cross_offset += slack / 2;
      else if (align == "stretch" && row && !item.style->LengthOf("height") && slack > 0)
        item.fragment.height += slack;
      double main_position = reverse ? line_main - main_cursor - item.target : main_cursor;
      double x = row ? main_position : cross_cursor + cross_offset;
      double y = row ? cross_cursor + cross_offset : main_position;
      Translate(item.fragment, fragment.content_x + x - item.fragment.x,
                fragment.content_y + y - item.fragment.y);
      main_cursor += item.target + item.margin.after + between;
    }
    main_extent = std::max(main_extent, used);
    cross_cursor += line_cross + (l + 1 < lines.size() ? cross_gap : 0);
  }
  if (style.Keyword("flex-wrap") == "wrap-reverse") {
    // Lines stack from the cross end, and each line's cross start and end swap: the same
    // as mirroring every item across the container's cross size.
    double total = row ? content_height.value_or(cross_cursor) : content_width;
    for (Item& item : items) {
      double at = row ? item.fragment.y - fragment.content_y : item.fragment.x - fragment.content_x;
      double size = row ? item.fragment.height : item.fragment.width;
      double shift = total - at - size - at;
      Translate(item.fragment, row ? 0 : shift, row ? shift : 0);
    }
  }
  for (Item& item : items)
    fragment.children.push_back(std::move(item.fragment));
  return row ? cross_cursor : content_height.value_or(main_extent);
}

IntrinsicWidths LayoutEngine::FlexWidths(const Box& box) {
  const css::ComputedStyle& style = *box.style;
  std::string direction = style.Keyword("flex-direction");
  bool row = direction != "column" && direction != "column-reverse";
  bool wrap = style.Keyword("flex-wrap") == "wrap" || style.Keyword("flex-wrap") == "wrap-reverse";
  auto gap = style.LengthOf("column-gap");
  double main_gap = gap && !gap->has_percentage() ? gap->ToPixels(style.Context()) : 0;
  IntrinsicWidths widths;
  size_t count = 0;
  for (const auto& child : box.children) {
    if (!child->style || IsOutOfFlow(*child->style) || child->IsCollapsibleWhitespace())
      continue;
    IntrinsicWidths item = Widths(*child);
    if (row) {
      widths.min = wrap ? std::max(widths.min, item.min) : widths.min + item.min;
      widths.max += item.max;
    } else {
      widths.min = std::max(widths.min, item.min);
      widths.max = std::max(widths.max, item.max);
    }
    ++count;
  }
  if (row && count > 1) {
    widths.max += main_gap * (count - 1);
    if (!wrap)
      widths.min += main_gap * (count - 1);
  }
  return widths;
}

}  // namespace nexus::web::layout
