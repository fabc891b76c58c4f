#include "web/layout/border_painter.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "web/layout/block_layout.h"

namespace nexus::web::layout {
namespace {

double Pixels(const css::ComputedStyle& style, const std::string& property, double percent_of) {
  auto length = style.LengthOf(property);
  return length ? std::max(0.0, length->ToPixels(style.Context(percent_of))) : 0;
}

void SetColor(cairo_t* cr, const css::Color& color) {
  cairo_set_source_rgba(cr, color.r / 255.0, color.g / 255.0, color.b / 255.0, color.alpha);
}

css::Color Scaled(const css::Color& color, double factor) {
  auto channel = [&](double value) { return std::clamp(std::round(value * factor), 0.0, 255.0); };
  css::Color scaled = color;
  scaled.r = static_cast<uint8_t>(channel(color.r));
  scaled.g = static_cast<uint8_t>(channel(color.g));
  scaled.b = static_cast<uint8_t>(channel(color.b));
  return scaled;
}

// The corner radii, top-left clockwise, shrunk together when they do not fit (§5.5).
// Each corner's horizontal and vertical radius (top-left, top-right, bottom-right,
// bottom-left).
struct Radii {
  double x[4] = {0, 0, 0, 0}, y[4] = {0, 0, 0, 0};
};

Radii RadiiOf(const BorderBox& box, const css::ComputedStyle& style) {
  Radii radii;
  const char* names[] = {"border-top-left-radius", "border-top-right-radius",
                         "border-bottom-right-radius", "border-bottom-left-radius"};
  for (int i = 0; i < 4; ++i) {
    // One length or percentage, or two: horizontal (of the width), then vertical (of the
    // height); a single percentage is of each side in turn, so elliptical on a rectangle.
    std::vector<css::ComponentValue> parts = css::WithoutWhitespace(style.Value(names[i]));
    auto length = [&](size_t at, double percent_of) {
      auto parsed = at < parts.size()
                        ? css::Length::Parse(std::vector<css::ComponentValue>{parts[at]})
                        : std::nullopt;
      return parsed ? std::max(0.0, parsed->ToPixels(style.Context(percent_of))) : 0.0;
    };
    radii.x[i] = length(0, box.width);
    radii.y[i] = parts.size() > 1 ? length(1, box.height) : length(0, box.height);
  }
  // Curves that would overlap are all scaled down by the same factor (Backgrounds 3 §5.5).
  double scale = 1;
  auto fit = [&](double a, double b, double room) {
    if (a + b > room && a + b > 0)
      scale = std::min(scale, room / (a + b));
  };
  fit(radii.x[0], radii.x[1], box.width);
  fit(radii.x[3], radii.x[2], box.width);
  fit(radii.y[0], radii.y[3], box.height);
  fit(radii.y[1], radii.y[2], box.height);
  for (int i = 0; i < 4; ++i)
    radii.x[i] *= scale, radii.y[i] *= scale;
  return radii;
}

// A quarter ellipse about (cx, cy) from angle `from` to `to`, added to the path.
void EllipticArc(cairo_t* cr, double cx, double cy, double rx, double ry, double from, double to) {
  if (rx <= 0 || ry <= 0) {
    cairo_line_to(cr, cx, cy);
    return;
  }
  cairo_save(cr);
  cairo_translate(cr, cx, cy);
  cairo_scale(cr, rx, ry);
  cairo_arc(cr, 0, 0, 1, from, to);
  cairo_restore(cr);
}

void RoundedRectangle(cairo_t* cr, double x, double y, double w, double h, const Radii& radii) {
  const double* rx = radii.x;
  const double* ry = radii.y;
  cairo_new_sub_path(cr);
  EllipticArc(cr, x + w - rx[1], y + ry[1], rx[1], ry[1], -M_PI / 2, 0);
  EllipticArc(cr, x + w - rx[2], y + h - ry[2], rx[2], ry[2], 0, M_PI / 2);
  EllipticArc(cr, x + rx[3], y + h - ry[3], rx[3], ry[3], M_PI / 2, M_PI);
  EllipticArc(cr, x + rx[0], y + ry[0], rx[0], ry[0], M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
}

struct Side {
  double width;
  std::string style;
  css::Color color;
};

// The side `index` (top, right, bottom, left) of the band between the outer edge and a
// rectangle `inset_from_outer` of each side's width in: a trapezoid.
void SideBand(cairo_t* cr,
              const BorderBox& box,
              const Side sides[4],
              int index,
              double from,
              double to) {
  // `from` and `to` are fractions of each border's width: 0 the outer edge, 1 the inner.
  double top0 = sides[0].width * from, right0 = sides[1].width * from;
  double bottom0 = sides[2].width * from, left0 = sides[3].width * from;
  double top1 = sides[0].width * to, right1 = sides[1].width * to;
  double bottom1 = sides[2].width * to, left1 = sides[3].width * to;
  double x0 = box.x, y0 = box.y, x1 = box.x + box.width, y1 = box.y + box.height;
  switch (index) {
    case 0:
      cairo_move_to(cr, x0 + left0, y0 + top0);
      cairo_line_to(cr, x1 - right0, y0 + top0);
      cairo_line_to(cr, x1 - right1, y0 + top1);
      cairo_line_to(cr, x0 + left1, y0 + top1);
      break;
    case 1:
      cairo_move_to(cr, x1 - right0, y0 + top0);
      cairo_line_to(cr, x1 - right0, y1 - bottom0);
      cairo_line_to(cr, x1 - right1, y1 - bottom1);
      cairo_line_to(cr, x1 - right1, y0 + top1);
      break;
    case 2:
      cairo_move_to(cr, x1 - right0, y1 - bottom0);
      cairo_line_to(cr, x0 + left0, y1 - bottom0);
      cairo_line_to(cr, x0 + left1, y1 - bottom1);
      cairo_line_to(cr, x1 - right1, y1 - bottom1);
      break;
    default:
      cairo_move_to(cr, x0 + left0, y1 - bottom0);
      cairo_line_to(cr, x0 + left0, y0 + top0);
      cairo_line_to(cr, x0 + left1, y0 + top1);
      cairo_line_to(cr, x0 + left1, y1 - bottom1);
      break;
  }
  cairo_close_path(cr);
}

// A dashed or dotted side as a stroke along its middle.
void StrokeSide(cairo_t* cr, const BorderBox& box, const Side& side, int index) {
  double w = side.width, half = w / 2;
  double x0 = box.x, y0 = box.y, x1 = box.x + box.width, y1 = box.y + box.height;
  double dash[2] = {side.style == "dotted" ? w : 3 * w, side.style == "dotted" ? w : 3 * w};
  cairo_save(cr);
  cairo_set_line_width(cr, w);
  cairo_set_dash(cr, dash, 2, 0);
  switch (index) {
    case 0:
      cairo_move_to(cr, x0, y0 + half), cairo_line_to(cr, x1, y0 + half);
      break;
    case 1:
      cairo_move_to(cr, x1 - half, y0), cairo_line_to(cr, x1 - half, y1);
      break;
    case 2:
      cairo_move_to(cr, x1, y1 - half), cairo_line_to(cr, x0, y1 - half);
      break;
    default:
      cairo_move_to(cr, x0 + half, y1), cairo_line_to(cr, x0 + half, y0);
      break;
  }
  SetColor(cr, side.color);
  cairo_stroke(cr);
  cairo_restore(cr);
}

}  // namespace

css::Color DarkShade(const css::Color& color) {
  if (color.r == 0 && color.g == 0 && color.b == 0)
    return {84, 84, 84, color.alpha, false};
  double v = std::max({color.r, color.g, color.b}) / 255.0;
  return Scaled(color, std::max(0.0, (v - 0.33) / v));
}

css::Color LightShade(const css::Color& color) {
  if (color.r == 0 && color.g == 0 && color.b == 0)
    return {168, 168, 168, color.alpha, false};
  double v = std::max({color.r, color.g, color.b}) / 255.0;
  return Scaled(color, std::min(1.0, v + 0.33) / v);
}

bool HasBorderRadius(const css::ComputedStyle& style) {
  for (const char* name : {"border-top-left-radius", "border-top-right-radius",
                           "border-bottom-right-radius", "border-bottom-left-radius"}) {
    for (const css::ComponentValue& part : css::WithoutWhitespace(style.Value(name))) {
      auto length = css::Length::Parse(std::vector<css::ComponentValue>{part});
      if (length && length->ToPixels(style.Context(100)) > 0)
        return true;
    }
  }
  return false;
}

void BorderBoxPath(cairo_t* cr, const BorderBox& box, const css::ComputedStyle& style) {
  RoundedRectangle(cr, box.x, box.y, box.width, box.height, RadiiOf(box, style));
}

void PaintBorders(cairo_t* cr,
                  const BorderBox& box,
                  const css::ComputedStyle& style,
                  const CollapsedBorders* collapsed) {
  static const char* kNames[] = {"top", "right", "bottom", "left"};
  Side sides[4];
  bool any = false;
  for (int i = 0; i < 4; ++i) {
    const css::ComputedStyle* owner =
        collapsed && collapsed->owners[i] ? collapsed->owners[i] : &style;
    std::string name = kNames[collapsed ? collapsed->owner_sides[i] : i];
    sides[i].style = owner->Keyword("border-" + name + "-style");
    sides[i].width = sides[i].style == "none" || sides[i].style == "hidden" ? 0
                     : collapsed                                            ? collapsed->widths[i]
                                 : Pixels(style, "border-" + name + "-width", 0);
    sides[i].color = owner->ColorOf("border-" + name + "-color");
    any = any || sides[i].width > 0;
  }
  if (!any)
    return;
  bool solid = std::all_of(std::begin(sides), std::end(sides), [](const Side& side) {
    return side.width == 0 || side.style == "solid";
  });
  if (collapsed && solid) {
    // Collapsed solid borders meet as Chromium draws them: each side a rectangle, the wider
    // one over the narrower where they cross.
    int order[] = {0, 2, 3, 1};
    std::stable_sort(std::begin(order), std::end(order),
                     [&](int a, int b) { return sides[a].width < sides[b].width; });
    for (int i : order) {
      double w = sides[i].width;
      if (w <= 0)
        continue;
      SetColor(cr, sides[i].color);
      if (i == 0)
        cairo_rectangle(cr, box.x, box.y, box.width, w);
      else if (i == 2)
        cairo_rectangle(cr, box.x, box.y + box.height - w, box.width, w);
      else if (i == 3)
        cairo_rectangle(cr, box.x, box.y, w, box.height);
      else
        cairo_rectangle(cr, box.x + box.width - w, box.y, w, box.height);
      cairo_fill(cr);
    }
    return;
  }
  if (HasBorderRadius(style)) {
    // Rounded: the band between the outer and the inner rounded rectangles, in the top
    // side's colour (sides of different colours meet at rounded corners rarely).
    Radii outer = RadiiOf(box, style);
    Radii inner;
    // A corner's inner curve: its radii less the widths of the sides it joins (the left or
    // right side's horizontally, the top or bottom side's vertically).
    for (int i = 0; i < 4; ++i) {
      double horizontal = sides[i == 0 || i == 3 ? 3 : 1].width;
      double vertical = sides[i < 2 ? 0 : 2].width;
      inner.x[i] = std::max(0.0, outer.x[i] - horizontal);
      inner.y[i] = std::max(0.0, outer.y[i] - vertical);
    }
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    RoundedRectangle(cr, box.x, box.y, box.width, box.height, outer);
    RoundedRectangle(cr, box.x + sides[3].width, box.y + sides[0].width,
                     box.width - sides[3].width - sides[1].width,
                     box.height - sides[0].width - sides[2].width, inner);
    SetColor(cr, sides[0].width > 0 ? sides[0].color : sides[1].color);
    cairo_fill(cr);
    cairo_restore(cr);
    return;
  }
  // Four sides alike (solid or double, one colour): rings, without seams on the diagonals.
  bool alike = true;
  for (int i = 1; i < 4; ++i) {
    alike = alike && sides[i].style == sides[0].style && sides[i].color == sides[0].color &&
            sides[i].width > 0;
  }
  if (alike && sides[0].width > 0 && (sides[0].style == "solid" || sides[0].style == "double")) {
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    auto ring = [&](double from, double to) {
      auto rectangle = [&](double at) {
        cairo_rectangle(cr, box.x + sides[3].width * at, box.y + sides[0].width * at,
                        box.width - (sides[3].width + sides[1].width) * at,
                        box.height - (sides[0].width + sides[2].width) * at);
      };
      rectangle(from);
      rectangle(to);
    };
    if (sides[0].style == "double" && sides[0].width >= 3) {
      ring(0, 1.0 / 3);
      ring(2.0 / 3, 1);
    } else {
      ring(0, 1);
    }
    SetColor(cr, sides[0].color);
    cairo_fill(cr);
    cairo_restore(cr);
    return;
  }
  for (int i = 0; i < 4; ++i) {
    const Side& side = sides[i];
    if (side.width <= 0)
      continue;
    bool top_left = i == 0 || i == 3;
    if (side.style == "dashed" || side.style == "dotted") {
      StrokeSide(cr, box, side, i);
    } else if (side.style == "double" && side.width >= 3) {
      SetColor(cr, side.color);
      SideBand(cr, box, sides, i, 0, 1.0 / 3);
      SideBand(cr, box, sides, i, 2.0 / 3, 1);
      cairo_fill(cr);
    } else if (side.style == "groove" || side.style == "ridge") {
      bool groove = side.style == "groove";
      SetColor(cr, (groove == top_left) ? DarkShade(side.color) : LightShade(side.color));
      SideBand(cr, box, sides, i, 0, 0.5);
      cairo_fill(cr);
      SetColor(cr, (groove == top_left) ? LightShade(side.color) : DarkShade(side.color));
      SideBand(cr, box, sides, i, 0.5, 1);
      cairo_fill(cr);
    } else {
      css::Color color = side.color;
      if (side.style == "inset")
        color = top_left ? DarkShade(color) : LightShade(color);
      else if (side.style == "outset")
        color = top_left ? LightShade(color) : DarkShade(color);
      SetColor(cr, color);
      SideBand(cr, box, sides, i, 0, 1);
      cairo_fill(cr);
    }
  }
}

}  // namespace nexus::web::layout
