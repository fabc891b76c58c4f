#include "web/layout/block_geometry.h"

#include <algorithm>

namespace nexus::web::layout {
namespace {

// A length property in px (percentages of `percent_of`); none for auto, none and keywords.
std::optional<double> Pixels(const css::ComputedStyle& style,
                             std::string_view property,
                             double percent_of,
                             const SizingContext& context) {
  auto length = style.LengthOf(property);
  if (!length)
    return std::nullopt;
  return length->ToPixels(
      style.Context(percent_of, context.viewport_width, context.viewport_height));
}

double PixelsOrZero(const css::ComputedStyle& style,
                    std::string_view property,
                    double percent_of,
                    const SizingContext& context) {
  return Pixels(style, property, percent_of, context).value_or(0);
}

bool BorderBox(const css::ComputedStyle& style) {
  return style.Keyword("box-sizing") == "border-box";
}

// CSS 2.2 §10.3.3 for one candidate width (none: auto).
HorizontalGeometry SolveWidth(const css::ComputedStyle& style,
                              std::optional<double> width,
                              const SizingContext& context) {
  double cb = context.containing_width;
  HorizontalGeometry g;
  g.border_left = PixelsOrZero(style, "border-left-width", cb, context);
  g.border_right = PixelsOrZero(style, "border-right-width", cb, context);
  g.padding_left = std::max(0.0, PixelsOrZero(style, "padding-left", cb, context));
  g.padding_right = std::max(0.0, PixelsOrZero(style, "padding-right", cb, context));
  std::optional<double> margin_left = Pixels(style, "margin-left", cb, context);
  std::optional<double> margin_right = Pixels(style, "margin-right", cb, context);
  double edges = g.border_left + g.padding_left + g.padding_right + g.border_right;

  if (!width) {
    g.margin_left = margin_left.value_or(0);
    g.margin_right = margin_right.value_or(0);
    g.content_width = std::max(0.0, cb - edges - g.margin_left - g.margin_right);
    return g;
  }
  g.content_width = std::max(0.0, *width);
  double used = edges + g.content_width;
  // Auto margins count as zero when the box overflows without them.
  if (used + margin_left.value_or(0) + margin_right.value_or(0) > cb) {
    margin_left = margin_left.value_or(0);
    margin_right = margin_right.value_or(0);
  }
  if (!margin_left && !margin_right) {
    g.margin_left = g.margin_right = (cb - used) / 2;
  } else if (!margin_left) {
    g.margin_right = *margin_right;
    g.margin_left = cb - used - g.margin_right;
  } else {
    // margin-right auto takes the rest; over-constrained, it gives way (left to right).
    g.margin_left = *margin_left;
    g.margin_right = cb - used - g.margin_left;
  }
  return g;
}

// A width-like property as a content width (box-sizing taken off); none for auto and none.
std::optional<double> ContentSize(const css::ComputedStyle& style,
                                  std::string_view property,
                                  double percent_of,
                                  double edges,
                                  const SizingContext& context) {
  auto size = Pixels(style, property, percent_of, context);
  if (!size)
    return std::nullopt;
  return std::max(0.0, BorderBox(style) ? *size - edges : *size);
}

}  // namespace

HorizontalGeometry BlockWidths(const css::ComputedStyle& style, const SizingContext& context) {
  double cb = context.containing_width;
  HorizontalGeometry probe = SolveWidth(style, std::nullopt, context);
  double edges = probe.border_left + probe.padding_left + probe.padding_right + probe.border_right;
  std::optional<double> width = ContentSize(style, "width", cb, edges, context);
  HorizontalGeometry g = width ? SolveWidth(style, width, context) : probe;
  // §10.4: max-width first, then min-width, each solving the equation again.
  if (auto max = ContentSize(style, "max-width", cb, edges, context); max && g.content_width > *max)
    g = SolveWidth(style, max, context);
  if (auto min = ContentSize(style, "min-width", cb, edges, context); min && g.content_width < *min)
    g = SolveWidth(style, min, context);
  return g;
}

HorizontalGeometry BlockWidthsAt(const css::ComputedStyle& style,
                                 const SizingContext& context,
                                 double content_width) {
  return SolveWidth(style, content_width, context);
}

VerticalEdges BlockVerticalEdges(const css::ComputedStyle& style, const SizingContext& context) {
  double cb = context.containing_width;
  VerticalEdges e;
  e.margin_top = PixelsOrZero(style, "margin-top", cb, context);
  e.margin_bottom = PixelsOrZero(style, "margin-bottom", cb, context);
  e.border_top = PixelsOrZero(style, "border-top-width", cb, context);
  e.border_bottom = PixelsOrZero(style, "border-bottom-width", cb, context);
  e.padding_top = std::max(0.0, PixelsOrZero(style, "padding-top", cb, context));
  e.padding_bottom = std::max(0.0, PixelsOrZero(style, "padding-bottom", cb, context));
  return e;
}

double BlockContentHeight(const css::ComputedStyle& style,
                          double content_height,
                          const SizingContext& context) {
  VerticalEdges e = BlockVerticalEdges(style, context);
  double edges = e.border_top + e.padding_top + e.padding_bottom + e.border_bottom;
  // A percentage of a height that depends on content behaves as auto (§10.5).
  auto definite = [&](std::string_view property) -> std::optional<double> {
    auto length = style.LengthOf(property);
    if (!length || (length->has_percentage() && !context.containing_height))
      return std::nullopt;
    double size = length->ToPixels(style.Context(context.containing_height.value_or(0),
                                                 context.viewport_width, context.viewport_height));
    return std::max(0.0, BorderBox(style) ? size - edges : size);
  };
  double height = definite("height").value_or(content_height);
  if (auto max = definite("max-height"))
    height = std::min(height, *max);
  if (auto min = definite("min-height"))
    height = std::max(height, *min);
  return height;
}

void CollapsedMargin::Add(double margin, bool quirky) {
  if (quirky && margin > 0)
    quirky_ = std::max(quirky_, margin);
  else if (margin >= 0)
    positive_ = std::max(positive_, margin);
  else
    negative_ = std::min(negative_, margin);
}

void CollapsedMargin::Add(const CollapsedMargin& other) {
  Add(other.positive_);
  Add(other.negative_);
  Add(other.quirky_, true);
}

}  // namespace nexus::web::layout
