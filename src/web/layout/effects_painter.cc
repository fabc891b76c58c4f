#include "web/layout/effects_painter.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "base/ascii.h"
#include "web/css/parser.h"

namespace nexus::web::layout {
namespace {

using Values = std::vector<css::ComponentValue>;

// A function's arguments, split at commas, white space trimmed.
std::vector<Values> Arguments(const css::ComponentValue& function) {
  std::vector<Values> arguments(1);
  for (const css::ComponentValue& value : function.children) {
    if (value.IsToken(css::TokenType::kComma))
      arguments.emplace_back();
    else
      arguments.back().push_back(value);
  }
  for (Values& argument : arguments)
    argument = css::WithoutWhitespace(argument);
  return arguments;
}

// The top-level items of a comma-separated value (box-shadow's list).
std::vector<Values> CommaList(const Values& value) {
  css::ComponentValue holder;
  holder.children = value;
  return Arguments(holder);
}

// An angle in radians (deg, rad, grad, turn; a bare 0 too).
std::optional<double> Angle(const css::ComponentValue& value) {
  if (value.IsToken(css::TokenType::kNumber) && value.token.number == 0)
    return 0.0;
  if (!value.IsToken(css::TokenType::kDimension))
    return std::nullopt;
  std::string unit = AsciiLowercase(value.token.unit);
  double number = value.token.number;
  if (unit == "deg")
    return number * M_PI / 180;
  if (unit == "rad")
    return number;
  if (unit == "grad")
    return number * M_PI / 200;
  if (unit == "turn")
    return number * 2 * M_PI;
  return std::nullopt;
}

std::optional<double> Pixels(const css::ComputedStyle& style,
                             const Values& value,
                             double percent_of) {
  auto length = css::Length::Parse(value);
  if (!length)
    return std::nullopt;
  return length->ToPixels(style.Context(percent_of));
}

std::optional<double> Pixels(const css::ComputedStyle& style,
                             const css::ComponentValue& value,
                             double percent_of) {
  return Pixels(style, Values{value}, percent_of);
}

css::Color Resolve(const css::Color& color, const css::ComputedStyle& style) {
  return color.current_color ? style.ColorOf("color") : color;
}

struct Stop {
  css::Color color;
  std::optional<double> position;  // px along the gradient line
};

// Colour stops "color [length-percentage]", positions of `length` px; false if one is not.
bool ReadStops(const std::vector<Values>& arguments,
               size_t first,
               double length,
               const css::ComputedStyle& style,
               std::vector<Stop>& stops) {
  for (size_t i = first; i < arguments.size(); ++i) {
    const Values& argument = arguments[i];
    if (argument.empty())
      return false;
    auto color = css::ParseColor(Values{argument[0]});
    if (!color)
      return false;
    Stop stop{Resolve(*color, style), std::nullopt};
    if (argument.size() == 3) {
      // "color start end": two stops of one colour (CSS Images 4).
      stop.position = Pixels(style, argument[1], length);
      stops.push_back(stop);
      stop.position = Pixels(style, argument[2], length);
    } else if (argument.size() > 1) {
      stop.position = Pixels(style, Values(argument.begin() + 1, argument.end()), length);
    }
    stops.push_back(stop);
  }
  if (stops.size() < 2)
    return false;
  // CSS Images 3 §3.5.1: the ends default to 0 and 100 %, positions never go back, and the
  // stops between known positions are spread evenly.
  if (!stops.front().position)
    stops.front().position = 0;
  if (!stops.back().position)
    stops.back().position = length;
  double highest = *stops.front().position;
  for (Stop& stop : stops) {
    if (stop.position)
      highest = *stop.position = std::max(*stop.position, highest);
  }
  for (size_t i = 1; i < stops.size(); ++i) {
    if (stops[i].position)
      continue;
    size_t next = i;
    while (!stops[next].position)
      ++next;
    double from = *stops[i - 1].position, to = *stops[next].position;
    for (size_t j = i; j < next; ++j)
      stops[j].position = from + (to - from) * static_cast<double>(j - i + 1) / (next - i + 1);
  }
  return true;
}

void AddStops(cairo_pattern_t* pattern,
              const std::vector<Stop>& stops,
              double length,
              bool repeat) {
  double start = repeat ? *stops.front().position : 0;
  double span = repeat ? *stops.back().position - start : length;
  if (span <= 0)
    span = 1;
  for (const Stop& stop : stops) {
    double offset = std::clamp((*stop.position - start) / span, 0.0, 1.0);
    cairo_pattern_add_color_stop_rgba(pattern, offset, stop.color.r / 255.0, stop.color.g / 255.0,
                                      stop.color.b / 255.0, stop.color.alpha);
  }
  cairo_pattern_set_extend(pattern, repeat ? CAIRO_EXTEND_REPEAT : CAIRO_EXTEND_PAD);
}

cairo_pattern_t* LinearGradient(const css::ComponentValue& function,
                                const BorderBox& area,
                                const css::ComputedStyle& style,
                                bool repeat) {
  std::vector<Values> arguments = Arguments(function);
  double w = area.width, h = area.height;
  double dx = 0, dy = 1;  // to bottom
  size_t first = 0;
  if (!arguments.empty() && !arguments[0].empty()) {
    const Values& head = arguments[0];
    if (auto angle = Angle(head[0]); angle && head.size() == 1) {
      dx = std::sin(*angle);
      dy = -std::cos(*angle);
      first = 1;
    } else if (css::IsIdent(head[0], "to")) {
      double sx = 0, sy = 0;
      for (size_t i = 1; i < head.size(); ++i) {
        if (css::IsIdent(head[i], "left"))
          sx = -1;
        else if (css::IsIdent(head[i], "right"))
          sx = 1;
        else if (css::IsIdent(head[i], "top"))
          sy = -1;
        else if (css::IsIdent(head[i], "bottom"))
          sy = 1;
      }
      if (sx != 0 && sy != 0) {
        // To a corner: perpendicular to the diagonal between the two other corners.
        double norm = std::hypot(w, h);
        dx = norm > 0 ? sx * h / norm : 0;
        dy = norm > 0 ? sy * w / norm : 0;
      } else {
        dx = sx;
        dy = sy;
      }
      first = 1;
    }
  }
  double length = std::abs(w * dx) + std::abs(h * dy);
  std::vector<Stop> stops;
  if (length <= 0 || !ReadStops(arguments, first, length, style, stops))
    return nullptr;
  double cx = area.x + w / 2, cy = area.y + h / 2;
  double x0 = cx - dx * length / 2, y0 = cy - dy * length / 2;
  double start = repeat ? *stops.front().position : 0;
  double end = repeat ? *stops.back().position : length;
  cairo_pattern_t* pattern =
      cairo_pattern_create_linear(x0 + dx * start, y0 + dy * start, x0 + dx * end, y0 + dy * end);
  AddStops(pattern, stops, length, repeat);
  return pattern;
}

cairo_pattern_t* RadialGradient(const css::ComponentValue& function,
                                const BorderBox& area,
                                const css::ComputedStyle& style,
                                bool repeat) {
  std::vector<Values> arguments = Arguments(function);
  double w = area.width, h = area.height;
  double cx = w / 2, cy = h / 2;
  bool circle = false;
  std::string extent = "farthest-corner";
  std::optional<double> explicit_radius;
  size_t first = 0;
  if (!arguments.empty() && !arguments[0].empty() && !css::ParseColor(Values{arguments[0][0]})) {
    const Values& head = arguments[0];
    size_t i = 0;
    for (; i < head.size() && !css::IsIdent(head[i], "at"); ++i) {
      if (css::IsIdent(head[i], "circle"))
        circle = true;
      else if (head[i].IsToken(css::TokenType::kIdent) && !css::IsIdent(head[i], "ellipse"))
        extent = AsciiLowercase(head[i].token.value);
      else if (auto radius = Pixels(style, head[i], w))
        explicit_radius = radius, circle = true;
    }
    // `at x y`: keywords, lengths or percentages.
    std::vector<double> at;
    for (++i; i < head.size(); ++i) {
      const css::ComponentValue& part = head[i];
      bool horizontal = at.empty();
      double room = horizontal ? w : h;
      if (css::IsIdent(part, "left") || css::IsIdent(part, "top"))
        at.push_back(0);
      else if (css::IsIdent(part, "right") || css::IsIdent(part, "bottom"))
        at.push_back(room);
      else if (css::IsIdent(part, "center"))
        at.push_back(room / 2);
      else if (auto position = Pixels(style, part, room))
        at.push_back(*position);
    }
    if (!at.empty())
      cx = at[0];
    if (at.size() > 1)
      cy = at[1];
    first = 1;
  }
  double left = cx, right = w - cx, top = cy, bottom = h - cy;
  double rx, ry;
  if (extent == "closest-side") {
    rx = std::min(left, right), ry = std::min(top, bottom);
  } else if (extent == "farthest-side") {
    rx = std::max(left, right), ry = std::max(top, bottom);
  } else if (extent == "closest-corner") {
    rx = std::min(left, right), ry = std::min(top, bottom);
    rx *= std::sqrt(2.0), ry *= std::sqrt(2.0);
  } else {  // farthest-corner
    rx = std::max(left, right), ry = std::max(top, bottom);
    rx *= std::sqrt(2.0), ry *= std::sqrt(2.0);
  }
  if (circle) {
    double r = explicit_radius.value_or(
        extent.find("side") != std::string::npos
            ? (extent == "closest-side" ? std::min(rx, ry) : std::max(rx, ry))
            : std::hypot(rx, ry) / std::sqrt(2.0));
    rx = ry = r;
  }
  if (rx <= 0 || ry <= 0)
    return nullptr;
  std::vector<Stop> stops;
  if (!ReadStops(arguments, first, rx, style, stops))
    return nullptr;
  double start = repeat ? *stops.front().position : 0;
  double end = repeat ? *stops.back().position : rx;
  cairo_pattern_t* pattern = cairo_pattern_create_radial(0, 0, start, 0, 0, end);
  AddStops(pattern, stops, rx, repeat);
  // An ellipse: a circle of radius rx, squeezed vertically by ry / rx.
  cairo_matrix_t matrix;
  cairo_matrix_init_scale(&matrix, 1, rx / ry);
  cairo_matrix_translate(&matrix, -(area.x + cx), -(area.y + cy));
  cairo_pattern_set_matrix(pattern, &matrix);
  return pattern;
}

// A separable box blur, three passes of which approach a Gaussian of deviation `sigma`.
void Blur(uint8_t* pixels, int width, int height, int stride, double sigma) {
  int radius = std::max(1, static_cast<int>(std::lround(sigma * 0.9)));
  std::vector<uint8_t> line(std::max(width, height));
  for (int pass = 0; pass < 3; ++pass) {
    for (int y = 0; y < height; ++y) {
      uint8_t* row = pixels + y * stride;
      std::copy(row, row + width, line.begin());
      int sum = 0;
      for (int x = -radius; x <= radius; ++x)
        sum += x >= 0 && x < width ? line[x] : 0;
      for (int x = 0; x < width; ++x) {
        row[x] = static_cast<uint8_t>(sum / (2 * radius + 1));
        int out = x - radius, in = x + radius + 1;
        sum += (in < width ? line[in] : 0) - (out >= 0 ? line[out] : 0);
      }
    }
    for (int x = 0; x < width; ++x) {
      for (int y = 0; y < height; ++y)
        line[y] = pixels[y * stride + x];
      int sum = 0;
      for (int y = -radius; y <= radius; ++y)
        sum += y >= 0 && y < height ? line[y] : 0;
      for (int y = 0; y < height; ++y) {
        pixels[y * stride + x] = static_cast<uint8_t>(sum / (2 * radius + 1));
        int out = y - radius, in = y + radius + 1;
        sum += (in < height ? line[in] : 0) - (out >= 0 ? line[out] : 0);
      }
    }
  }
}

}  // namespace

cairo_pattern_t* GradientPattern(const BorderBox& area,
                                 const std::vector<css::ComponentValue>& image,
                                 const css::ComputedStyle& style) {
  for (const css::ComponentValue& value : image) {
    if (!value.IsFunction())
      continue;
    std::string name = AsciiLowercase(value.token.value);
    bool repeat = name.rfind("repeating-", 0) == 0;
    if (repeat)
      name = name.substr(10);
    cairo_pattern_t* pattern = nullptr;
    if (name == "linear-gradient" || name == "-webkit-linear-gradient")
      pattern = LinearGradient(value, area, style, repeat);
    else if (name == "radial-gradient")
      pattern = RadialGradient(value, area, style, repeat);
    if (pattern)
      return pattern;
  }
  return nullptr;
}

void PaintBoxShadows(cairo_t* cr, const BorderBox& box, const css::ComputedStyle& style) {
  const Values& value = style.Value("box-shadow");
  if (value.empty() || (value.size() == 1 && css::IsIdent(value[0], "none")))
    return;
  std::vector<Values> shadows = CommaList(value);
  // Painted last to first, so the first is on top (Backgrounds 3 §7.1).
  for (auto it = shadows.rbegin(); it != shadows.rend(); ++it) {
    std::vector<double> lengths;
    css::Color color = style.ColorOf("color");
    bool inset = false;
    for (const css::ComponentValue& part : *it) {
      if (css::IsIdent(part, "inset"))
        inset = true;
      else if (auto length = Pixels(style, part, 0))
        lengths.push_back(*length);
      else if (auto parsed = css::ParseColor(Values{part}))
        color = Resolve(*parsed, style);
    }
    if (inset || lengths.size() < 2 || color.alpha <= 0)
      continue;  // inner shadows are not drawn yet
    double blur = lengths.size() > 2 ? std::max(0.0, lengths[2]) : 0;
    double spread = lengths.size() > 3 ? lengths[3] : 0;
    double x = box.x + lengths[0] - spread, y = box.y + lengths[1] - spread;
    double w = box.width + 2 * spread, h = box.height + 2 * spread;
    if (w <= 0 || h <= 0)
      continue;
    cairo_save(cr);
    // Only outside the border box (§7.1.1): the box's own background may be translucent.
    double cx1, cy1, cx2, cy2;
    cairo_clip_extents(cr, &cx1, &cy1, &cx2, &cy2);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_rectangle(cr, cx1, cy1, cx2 - cx1, cy2 - cy1);
    cairo_rectangle(cr, box.x, box.y, box.width, box.height);
    cairo_clip(cr);
    cairo_set_source_rgba(cr, color.r / 255.0, color.g / 255.0, color.b / 255.0, color.alpha);
    double sigma = blur / 2;
    double margin = std::ceil(3 * sigma);
    // Blurred: a mask of the shadow's visible part, blurred, painted through in its colour.
    double left = std::max(x - margin, cx1), top = std::max(y - margin, cy1);
    double right = std::min(x + w + margin, cx2), bottom = std::min(y + h + margin, cy2);
    int mask_width = static_cast<int>(std::ceil(right - left));
    int mask_height = static_cast<int>(std::ceil(bottom - top));
    if (sigma < 0.5 || mask_width <= 0 || mask_height <= 0 ||
        static_cast<int64_t>(mask_width) * mask_height > (16 << 20)) {
      cairo_rectangle(cr, x, y, w, h);
      cairo_fill(cr);
    } else {
      cairo_surface_t* mask = cairo_image_surface_create(CAIRO_FORMAT_A8, mask_width, mask_height);
      cairo_t* draw = cairo_create(mask);
      cairo_rectangle(draw, x - left, y - top, w, h);
      cairo_fill(draw);
      cairo_destroy(draw);
      cairo_surface_flush(mask);
      Blur(cairo_image_surface_get_data(mask), mask_width, mask_height,
           cairo_image_surface_get_stride(mask), sigma);
      cairo_surface_mark_dirty(mask);
      cairo_mask_surface(cr, mask, left, top);
      cairo_surface_destroy(mask);
    }
    cairo_restore(cr);
  }
}

void PaintOutline(cairo_t* cr, const BorderBox& box, const css::ComputedStyle& style) {
  std::string outline_style = style.Keyword("outline-style");
  if (outline_style.empty() || outline_style == "none" || outline_style == "hidden")
    return;
  auto width = style.LengthOf("outline-width");
  double w = width ? width->ToPixels(style.Context()) : 3;
  auto offset_length = style.LengthOf("outline-offset");
  double offset = offset_length ? offset_length->ToPixels(style.Context()) : 0;
  if (w <= 0)
    return;
  css::Color color = style.ColorOf("outline-color");
  double grow = offset + w;
  cairo_save(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle(cr, box.x - grow, box.y - grow, box.width + 2 * grow, box.height + 2 * grow);
  cairo_rectangle(cr, box.x - offset, box.y - offset, box.width + 2 * offset,
                  box.height + 2 * offset);
  cairo_set_source_rgba(cr, color.r / 255.0, color.g / 255.0, color.b / 255.0, color.alpha);
  cairo_fill(cr);
  cairo_restore(cr);
}

// The individual transform properties (CSS Transforms 2 §5: translate, then rotate, then
// scale, before `transform`) as the transform functions they stand for.
Values TransformFunctions(const css::ComputedStyle& style) {
  Values functions;
  for (const char* property : {"translate", "rotate", "scale"}) {
    Values parts = css::WithoutWhitespace(style.Value(property));
    if (parts.empty() || (parts.size() == 1 && css::IsIdent(parts[0], "none")))
      continue;
    css::ComponentValue function;
    function.kind = css::ComponentValue::Kind::kFunction;
    function.token.type = css::TokenType::kFunction;
    function.token.value = property;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) {
        css::ComponentValue comma;
        comma.token.type = css::TokenType::kComma;
        function.children.push_back(comma);
      }
      function.children.push_back(parts[i]);
    }
    functions.push_back(std::move(function));
  }
  const Values& transform = style.Value("transform");
  if (!(transform.size() == 1 && css::IsIdent(transform[0], "none")))
    functions.insert(functions.end(), transform.begin(), transform.end());
  return functions;
}

bool ApplyTransform(cairo_t* cr, const BorderBox& box, const css::ComputedStyle& style) {
  const Values value = TransformFunctions(style);
  if (std::none_of(value.begin(), value.end(),
                   [](const css::ComponentValue& part) { return part.IsFunction(); }))
    return false;
  cairo_matrix_t transform;
  cairo_matrix_init_identity(&transform);
  for (const css::ComponentValue& function : value) {
    if (!function.IsFunction())
      continue;
    std::string name = AsciiLowercase(function.token.value);
    std::vector<Values> arguments = Arguments(function);
    auto length = [&](size_t i, double percent_of) -> double {
      return i < arguments.size() ? Pixels(style, arguments[i], percent_of).value_or(0) : 0;
    };
    auto number = [&](size_t i, double fallback) -> double {
      if (i >= arguments.size() || arguments[i].size() != 1)
        return fallback;
      const css::ComponentValue& part = arguments[i][0];
      if (part.IsToken(css::TokenType::kNumber))
        return part.token.number;
      if (part.IsToken(css::TokenType::kPercentage))
        return part.token.number / 100;
      return fallback;
    };
    auto angle = [&](size_t i) -> double {
      return i < arguments.size() && arguments[i].size() == 1 ? Angle(arguments[i][0]).value_or(0)
                                                              : 0;
    };
    cairo_matrix_t step;
    cairo_matrix_init_identity(&step);
    if (name == "translate") {
      cairo_matrix_init_translate(&step, length(0, box.width), length(1, box.height));
    } else if (name == "translatex") {
      cairo_matrix_init_translate(&step, length(0, box.width), 0);
    } else if (name == "translatey") {
      cairo_matrix_init_translate(&step, 0, length(0, box.height));
    } else if (name == "scale") {
      double sx = number(0, 1);
      cairo_matrix_init_scale(&step, sx, number(1, sx));
    } else if (name == "scalex") {
      cairo_matrix_init_scale(&step, number(0, 1), 1);
    } else if (name == "scaley") {
      cairo_matrix_init_scale(&step, 1, number(0, 1));
    } else if (name == "rotate") {
      cairo_matrix_init_rotate(&step, angle(0));
    } else if (name == "skew" || name == "skewx" || name == "skewy") {
      double ax = name == "skewy" ? 0 : angle(0);
      double ay = name == "skewy" ? angle(0) : name == "skew" ? angle(1) : 0;
      cairo_matrix_init(&step, 1, std::tan(ay), std::tan(ax), 1, 0, 0);
    } else if (name == "matrix" && arguments.size() == 6) {
      cairo_matrix_init(&step, number(0, 1), number(1, 0), number(2, 0), number(3, 1), number(4, 0),
                        number(5, 0));
    } else {
      return false;  // 3D and unknown functions: drawn untransformed
    }
    // Functions apply left to right: each one inside the ones before it.
    cairo_matrix_t combined;
    cairo_matrix_multiply(&combined, &step, &transform);
    transform = combined;
  }
  // About transform-origin (50% 50% unless given).
  double ox = box.width / 2, oy = box.height / 2;
  const Values origin = css::WithoutWhitespace(style.Value("transform-origin"));
  for (size_t i = 0; i < origin.size() && i < 2; ++i) {
    const css::ComponentValue& part = origin[i];
    bool horizontal = i == 0 && !css::IsIdent(part, "top") && !css::IsIdent(part, "bottom");
    double room = horizontal ? box.width : box.height;
    double at = css::IsIdent(part, "left") || css::IsIdent(part, "top")       ? 0
                : css::IsIdent(part, "right") || css::IsIdent(part, "bottom") ? room
                : css::IsIdent(part, "center")                                ? room / 2
                                               : Pixels(style, part, room).value_or(room / 2);
    (horizontal ? ox : oy) = at;
  }
  cairo_translate(cr, box.x + ox, box.y + oy);
  cairo_transform(cr, &transform);
  cairo_translate(cr, -(box.x + ox), -(box.y + oy));
  return true;
}

double OpacityOf(const css::ComputedStyle& style) {
  for (const css::ComponentValue& value : style.Value("opacity")) {
    if (value.IsToken(css::TokenType::kNumber))
      return std::clamp(value.token.number, 0.0, 1.0);
    if (value.IsToken(css::TokenType::kPercentage))
      return std::clamp(value.token.number / 100, 0.0, 1.0);
  }
  return 1;
}

}  // namespace nexus::web::layout
