// The size of replaced elements (CSS 2.2 §10.3.2, §10.4, §10.6.2, §10.7): given widths and
// heights, the other from the natural aspect ratio, the natural size when neither is given,
// 300x150 when there is nothing to go by; then min and max sizes.
#include <algorithm>

#include "web/layout/layout_engine.h"

namespace nexus::web::layout {

std::pair<double, double> LayoutEngine::ReplacedSize(const Box& box, const SizingContext& context) {
  const css::ComputedStyle& style = *box.style;
  auto natural = inline_.NaturalSize(box);
  auto px = [&](const char* property, std::optional<double> percent_of) -> std::optional<double> {
    auto length = style.LengthOf(property);
    if (!length || (length->has_percentage() && !percent_of))
      return std::nullopt;
    return length->ToPixels(
        style.Context(percent_of.value_or(0), context.viewport_width, context.viewport_height));
  };
  bool border_box = style.Keyword("box-sizing") == "border-box";
  double horizontal = px("border-left-width", 0).value_or(0) +
                      px("border-right-width", 0).value_or(0) +
                      px("padding-left", context.containing_width).value_or(0) +
                      px("padding-right", context.containing_width).value_or(0);
  double vertical = px("border-top-width", 0).value_or(0) +
                    px("border-bottom-width", 0).value_or(0) +
                    px("padding-top", context.containing_width).value_or(0) +
                    px("padding-bottom", context.containing_width).value_or(0);
  auto content = [&](std::optional<double> size, double edges) -> std::optional<double> {
    if (!size)
      return std::nullopt;
    return std::max(0.0, border_box ? *size - edges : *size);
  };
  std::optional<double> width = content(px("width", context.containing_width), horizontal);
  std::optional<double> height = content(px("height", context.containing_height), vertical);
  std::optional<double> ratio;
  if (natural && natural->second > 0)
    ratio = natural->first / natural->second;
  if (!width && !height) {
    width = natural ? natural->first : 300;
    height = natural ? natural->second : 150;
  } else if (!width) {
    width = ratio ? *height * *ratio : natural ? natural->first : 300;
  } else if (!height) {
    height = ratio ? *width / *ratio : natural ? natural->second : 150;
  }
  auto limit = [&](double value, const char* min, const char* max, std::optional<double> of,
                   double edges) {
    if (auto most = content(px(max, of), edges))
      value = std::min(value, *most);
    if (auto least = content(px(min, of), edges))
      value = std::max(value, *least);
    return value;
  };
  double limited_width =
      limit(*width, "min-width", "max-width", context.containing_width, horizontal);
  double limited_height =
      limit(*height, "min-height", "max-height", context.containing_height, vertical);
  // A max-width that shrinks an image with an auto height shrinks its height with it.
  if (limited_width != *width && ratio && !style.LengthOf("height"))
    limited_height = limited_width / *ratio;
  return {limited_width, limited_height};
}

}  // namespace nexus::web::layout
