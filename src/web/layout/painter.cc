#include "web/layout/painter.h"

#include <pango/pangocairo.h>

namespace nexus::web::layout {
namespace {

void SetColor(cairo_t* cr, const css::Color& color) {
  cairo_set_source_rgba(cr, color.r / 255.0, color.g / 255.0, color.b / 255.0, color.alpha);
}

void PaintBox(cairo_t* cr, const Fragment& fragment) {
  const Box& box = *fragment.box;
  if (!box.style || box.kind != BoxKind::kContainer || box.style->Keyword("visibility") == "hidden")
    return;
  const css::ComputedStyle& style = *box.style;
  css::Color background = style.ColorOf("background-color");
  if (background.alpha > 0) {
    SetColor(cr, background);
    cairo_rectangle(cr, fragment.x, fragment.y, fragment.width, fragment.height);
    cairo_fill(cr);
  }
  // Each side as a trapezoid would be exact at the corners; rectangles are, for one colour.
  struct Side {
    const char* width;
    const char* color;
  };
  const Side sides[] = {{"border-top-width", "border-top-color"},
                        {"border-right-width", "border-right-color"},
                        {"border-bottom-width", "border-bottom-color"},
                        {"border-left-width", "border-left-color"}};
  for (int i = 0; i < 4; ++i) {
    auto width = style.LengthOf(sides[i].width);
    double w = width ? width->ToPixels(style.Context()) : 0;
    if (w <= 0)
      continue;
    SetColor(cr, style.ColorOf(sides[i].color));
    double x = fragment.x, y = fragment.y;
    switch (i) {
      case 0:
        cairo_rectangle(cr, x, y, fragment.width, w);
        break;
      case 1:
        cairo_rectangle(cr, x + fragment.width - w, y, w, fragment.height);
        break;
      case 2:
        cairo_rectangle(cr, x, y + fragment.height - w, fragment.width, w);
        break;
      case 3:
        cairo_rectangle(cr, x, y, w, fragment.height);
        break;
    }
    cairo_fill(cr);
  }
}

void Paint(cairo_t* cr,
           const Fragment& fragment,
           const std::map<const Box*, InlineContent>& lines) {
  if (fragment.box)
    PaintBox(cr, fragment);
  if (auto it = lines.find(fragment.box); it != lines.end() && it->second.layout) {
    cairo_move_to(cr, fragment.content_x, fragment.content_y);
    pango_cairo_update_layout(cr, it->second.layout.get());
    pango_cairo_show_layout(cr, it->second.layout.get());
  }
  for (const Fragment& child : fragment.children)
    Paint(cr, child, lines);
}

}  // namespace

void PaintFragments(cairo_t* cr,
                    const Fragment& root,
                    const std::map<const Box*, InlineContent>& lines) {
  cairo_save(cr);
  Paint(cr, root, lines);
  cairo_restore(cr);
}

}  // namespace nexus::web::layout
