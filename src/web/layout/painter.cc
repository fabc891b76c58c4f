#include "web/layout/painter.h"

#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "base/ascii.h"
#include "web/layout/border_painter.h"
#include "web/layout/effects_painter.h"
#include "web/layout/image_decoder.h"
#include "web/layout/inline_layout.h"
#include "web/layout/layout_engine.h"
#include "web/layout/run_fonts.h"

namespace nexus::web::layout {
namespace {

void SetColor(cairo_t* cr, const css::Color& color) {
  cairo_set_source_rgba(cr, color.r / 255.0, color.g / 255.0, color.b / 255.0, color.alpha);
}

BorderBox Snapped(double x, double y, double width, double height) {
  double left = std::round(x), top = std::round(y);
  return {left, top, std::round(x + width) - left, std::round(y + height) - top};
}

// A comma-separated list of background layers' values, top layer first.
std::vector<std::vector<css::ComponentValue>> Layers(
    const std::vector<css::ComponentValue>& value) {
  std::vector<std::vector<css::ComponentValue>> layers(1);
  for (const css::ComponentValue& part : value) {
    if (part.IsToken(css::TokenType::kComma))
      layers.emplace_back();
    else
      layers.back().push_back(part);
  }
  return layers;
}

// Layer `layer`'s value of a background property; lists shorter than the images' repeat
// (CSS Backgrounds 3 §2.2).
std::vector<css::ComponentValue> LayerValue(const css::ComputedStyle& style,
                                            const char* property,
                                            size_t layer) {
  auto layers = Layers(style.Value(property));
  return layers[layer % layers.size()];
}

std::string LayerKeyword(const css::ComputedStyle& style, const char* property, size_t layer) {
  std::vector<css::ComponentValue> parts =
      css::WithoutWhitespace(LayerValue(style, property, layer));
  return parts.size() == 1 && parts[0].IsToken(css::TokenType::kIdent)
             ? AsciiLowercase(parts[0].token.value)
             : "";
}

// The URL of a layer's image, "" when it is none or a gradient.
std::string ImageUrl(const std::vector<css::ComponentValue>& image) {
  for (const css::ComponentValue& value : image) {
    if (value.IsToken(css::TokenType::kUrl))
      return value.token.value;
    if (value.IsFunction() && EqualsIgnoringAsciiCase(value.token.value, "url")) {
      for (const css::ComponentValue& argument : value.children) {
        if (argument.IsToken(css::TokenType::kString))
          return argument.token.value;
      }
    }
  }
  return "";
}

// A background-position value against the room the image leaves (CSS Backgrounds 3
// §3.6): a length or percentage, a keyword, or a keyword and an offset from that edge.
double BackgroundOffset(const std::vector<css::ComponentValue>& value,
                        double room,
                        const css::ComputedStyle& style) {
  std::vector<css::ComponentValue> parts = css::WithoutWhitespace(value);
  auto edge = [&](const css::ComponentValue& part) -> std::optional<double> {
    if (css::IsIdent(part, "left") || css::IsIdent(part, "top"))
      return 0.0;
    if (css::IsIdent(part, "right") || css::IsIdent(part, "bottom"))
      return room;
    if (css::IsIdent(part, "center"))
      return room / 2;
    return std::nullopt;
  };
  auto length = [&](const std::vector<css::ComponentValue>& values) {
    auto parsed = css::Length::Parse(css::WithoutWhitespace(values));
    return parsed ? parsed->ToPixels(style.Context(room)) : 0.0;
  };
  if (parts.size() == 2 && edge(parts[0])) {
    double offset = length({parts[1]});
    bool far = css::IsIdent(parts[0], "right") || css::IsIdent(parts[0], "bottom");
    return far ? room - offset : *edge(parts[0]) + offset;
  }
  if (parts.size() == 1 && edge(parts[0]))
    return *edge(parts[0]);
  return length(parts);
}

// The border box less its borders (padding-box) and its paddings too (content-box).
BorderBox BackgroundBox(const BorderBox& border_box,
                        const css::ComputedStyle& style,
                        const std::string& which) {
  if (which != "padding-box" && which != "content-box")
    return border_box;
  auto px = [&](const std::string& property) {
    auto length = style.LengthOf(property);
    return length ? length->ToPixels(style.Context(border_box.width)) : 0.0;
  };
  double top = px("border-top-width"), right = px("border-right-width");
  double bottom = px("border-bottom-width"), left = px("border-left-width");
  if (which == "content-box") {
    top += px("padding-top"), right += px("padding-right");
    bottom += px("padding-bottom"), left += px("padding-left");
  }
  return {border_box.x + left, border_box.y + top, std::max(0.0, border_box.width - left - right),
          std::max(0.0, border_box.height - top - bottom)};
}

// The size one copy of the image is drawn at (CSS Backgrounds 3 §3.9): background-size,
// else its natural size (a gradient has none: the positioning area's).
std::pair<double, double> TileSize(const css::ComputedStyle& style,
                                   size_t layer,
                                   const BorderBox& area,
                                   std::optional<std::pair<double, double>> natural) {
  std::vector<css::ComponentValue> parts =
      css::WithoutWhitespace(LayerValue(style, "background-size", layer));
  if (parts.size() == 1 && (css::IsIdent(parts[0], "cover") || css::IsIdent(parts[0], "contain"))) {
    if (!natural || natural->first <= 0 || natural->second <= 0)
      return {area.width, area.height};
    double x = area.width / natural->first, y = area.height / natural->second;
    double scale = css::IsIdent(parts[0], "cover") ? std::max(x, y) : std::min(x, y);
    return {natural->first * scale, natural->second * scale};
  }
  auto side = [&](size_t index, double percent_of) -> std::optional<double> {
    if (index >= parts.size() || css::IsIdent(parts[index], "auto"))
      return std::nullopt;
    auto length = css::Length::Parse(std::vector<css::ComponentValue>{parts[index]});
    return length ? std::optional(length->ToPixels(style.Context(percent_of))) : std::nullopt;
  };
  std::optional<double> width = side(0, area.width), height = side(1, area.height);
  if (width && height)
    return {*width, *height};
  if (!natural)
    return {width.value_or(area.width), height.value_or(area.height)};
  double ratio = natural->second > 0 ? natural->first / natural->second : 1;
  if (width)
    return {*width, *width / ratio};
  if (height)
    return {*height * ratio, *height};
  return *natural;
}

// CSS Backgrounds 3 §3: one copy of the image at background-size, placed by
// background-position in the background-origin box, repeated as background-repeat says,
// clipped by the caller to the background-clip box.
void PaintBackgroundImage(cairo_t* cr,
                          const BorderBox& border_box,
                          const css::ComputedStyle& style,
                          size_t layer,
                          cairo_surface_t* image) {
  std::optional<std::pair<double, double>> natural;
  if (image)
    natural = std::pair<double, double>(cairo_image_surface_get_width(image),
                                        cairo_image_surface_get_height(image));
  BorderBox area =
      BackgroundBox(border_box, style, LayerKeyword(style, "background-origin", layer));
  auto [tile_width, tile_height] = TileSize(style, layer, area, natural);
  // Sizes from hostile values (1e999px is infinite, calc() of infinities NaN) draw nothing.
  if (!(tile_width >= 0.5 && tile_height >= 0.5 && tile_width < 1e7 && tile_height < 1e7))
    return;
  double x = area.x + BackgroundOffset(LayerValue(style, "background-position-x", layer),
                                       area.width - tile_width, style);
  double y = area.y + BackgroundOffset(LayerValue(style, "background-position-y", layer),
                                       area.height - tile_height, style);
  if (!std::isfinite(x) || !std::isfinite(y))
    return;
  std::string repeat = LayerKeyword(style, "background-repeat", layer);
  std::vector<css::ComponentValue> layer_image = LayerValue(style, "background-image", layer);
  if (!image && repeat == "no-repeat") {
    // A gradient drawn once: straight onto the page.
    cairo_pattern_t* gradient =
        GradientPattern({x, y, tile_width, tile_height}, layer_image, style);
    if (!gradient)
      return;
    cairo_save(cr);
    if (repeat == "no-repeat") {
      cairo_rectangle(cr, x, y, tile_width, tile_height);
      cairo_clip(cr);
    }
    cairo_set_source(cr, gradient);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_pattern_destroy(gradient);
    return;
  }
  // One copy as a surface: the image, or the gradient drawn at the copy's size.
  CairoSurface drawn;
  cairo_surface_t* tile = image;
  double scale_x = 1, scale_y = 1;
  if (image) {
    scale_x = natural->first / tile_width;
    scale_y = natural->second / tile_height;
  } else {
    cairo_pattern_t* gradient =
        GradientPattern({0, 0, tile_width, tile_height}, layer_image, style);
    if (!gradient)
      return;
    // At most a million pixels (a gradient loses nothing it shows at a lower resolution).
    double factor =
        std::min(1.0, std::sqrt(1048576.0 / (std::ceil(tile_width) * std::ceil(tile_height))));
    int width = std::clamp(static_cast<int>(std::ceil(tile_width * factor)), 1, 8192);
    int height = std::clamp(static_cast<int>(std::ceil(tile_height * factor)), 1, 8192);
    drawn = CairoSurface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
    cairo_t* painter = cairo_create(drawn.get());
    cairo_scale(painter, width / tile_width, height / tile_height);
    cairo_set_source(painter, gradient);
    cairo_paint(painter);
    cairo_destroy(painter);
    cairo_pattern_destroy(gradient);
    tile = drawn.get();
    scale_x = width / tile_width;
    scale_y = height / tile_height;
  }
  cairo_save(cr);
  if (repeat == "no-repeat" || repeat == "repeat-x")
    cairo_rectangle(cr, border_box.x - 1e4, y, border_box.width + 2e4, tile_height), cairo_clip(cr);
  if (repeat == "no-repeat" || repeat == "repeat-y")
    cairo_rectangle(cr, x, border_box.y - 1e4, tile_width, border_box.height + 2e4), cairo_clip(cr);
  cairo_pattern_t* pattern = cairo_pattern_create_for_surface(tile);
  cairo_pattern_set_extend(pattern, CAIRO_EXTEND_REPEAT);
  cairo_matrix_t matrix;
  cairo_matrix_init_scale(&matrix, scale_x, scale_y);
  cairo_matrix_translate(&matrix, -x, -y);
  cairo_pattern_set_matrix(pattern, &matrix);
  cairo_set_source(cr, pattern);
  cairo_paint(cr);
  cairo_pattern_destroy(pattern);
  cairo_restore(cr);
}

bool HasBackground(const css::ComputedStyle& style) {
  return style.ColorOf("background-color").alpha > 0 ||
         !ImageUrl(style.Value("background-image")).empty();
}

// A box's background colour and images over `area` (its border box, or for the root's the
// whole canvas): the colour clipped to the bottom layer's background-clip box, then each
// image layer from the bottom up, clipped to its own.
void PaintBackground(cairo_t* cr,
                     const BorderBox& area,
                     const css::ComputedStyle& style,
                     const ImageByUrl& images) {
  css::Color background = style.ColorOf("background-color");
  bool rounded = HasBorderRadius(style);
  size_t layers = Layers(style.Value("background-image")).size();
  auto clip_to = [&](size_t layer) {
    BorderBox clip = BackgroundBox(area, style, LayerKeyword(style, "background-clip", layer));
    if (rounded) {
      BorderBoxPath(cr, area, style);
      cairo_clip(cr);
    }
    cairo_rectangle(cr, clip.x, clip.y, clip.width, clip.height);
    cairo_clip(cr);
  };
  if (background.alpha > 0) {
    cairo_save(cr);
    clip_to(layers - 1);
    SetColor(cr, background);
    cairo_paint(cr);
    cairo_restore(cr);
  }
  for (size_t layer = layers; layer-- > 0;) {
    std::vector<css::ComponentValue> image = LayerValue(style, "background-image", layer);
    std::string url = ImageUrl(image);
    cairo_surface_t* picture = !url.empty() && images ? images(url) : nullptr;
    if (!url.empty() && !picture)
      continue;  // not loaded (or refused): nothing to draw
    cairo_save(cr);
    clip_to(layer);
    PaintBackgroundImage(cr, area, style, layer, picture);  // a gradient when no picture
    cairo_restore(cr);
  }
}

// What a form control draws besides its box and text, as Chromium's light theme does: the
// box or circle of a checkbox or radio button (blue, ticked, when checked), a select's arrow.
void PaintWidgetFace(cairo_t* cr, const Fragment& fragment) {
  const dom::Element* element = fragment.box->node ? fragment.box->node->AsElement() : nullptr;
  if (!element)
    return;
  std::string type = AsciiLowercase(element->GetAttribute("type").value_or(""));
  bool checked = element->Checked();  // now, not as the markup had it
  double x = fragment.x, y = fragment.y, w = fragment.width, h = fragment.height;
  if (element->tag_name() == "input" && (type == "checkbox" || type == "radio")) {
    if (type == "radio") {
      cairo_arc(cr, x + w / 2, y + h / 2, std::min(w, h) / 2 - 0.5, 0, 2 * M_PI);
    } else {
      cairo_rectangle(cr, x + 0.5, y + 0.5, w - 1, h - 1);
    }
    cairo_set_source_rgb(cr, checked ? 0 : 1, checked ? 0x75 / 255.0 : 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, checked ? 0 : 0x76 / 255.0, checked ? 0x75 / 255.0 : 0x76 / 255.0,
                         checked ? 1 : 0x76 / 255.0);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    if (checked) {
      cairo_set_source_rgb(cr, 1, 1, 1);
      if (type == "radio") {
        cairo_arc(cr, x + w / 2, y + h / 2, std::min(w, h) / 4, 0, 2 * M_PI);
        cairo_fill(cr);
      } else {
        cairo_move_to(cr, x + w * 0.22, y + h * 0.5);
        cairo_line_to(cr, x + w * 0.42, y + h * 0.72);
        cairo_line_to(cr, x + w * 0.78, y + h * 0.28);
        cairo_set_line_width(cr, 2);
        cairo_stroke(cr);
      }
    }
  } else if (element->tag_name() == "select") {
    double cx = x + w - 10, cy = y + h / 2;
    cairo_move_to(cr, cx - 4, cy - 2);
    cairo_line_to(cr, cx, cy + 2);
    cairo_line_to(cr, cx + 4, cy - 2);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
  }
}

// Whether a form control keeps its native look: its border is still the user-agent sheet's
// (2px inset for fields, outset for buttons); an author who styles the border gets CSS's.
bool ThemedControl(const Box& box) {
  if (box.kind != BoxKind::kWidget || !box.style)
    return false;
  std::string border = box.style->Keyword("border-top-style");
  auto width = box.style->LengthOf("border-top-width");
  bool ua_border = (border == "inset" || border == "outset") && width &&
                   width->ToPixels(box.style->Context()) == 2;
  const dom::Element* element = box.node ? box.node->AsElement() : nullptr;
  bool select = element && element->tag_name() == "select" && border == "solid";
  return ua_border || select;
}

// Chromium's look for fields, text areas, selects and buttons: a 1px grey frame with
// slightly rounded corners around the border box, on the control's background (a select's
// field is white).
void PaintControlFrame(cairo_t* cr, const BorderBox& box, const Box& control) {
  const dom::Element* element = control.node ? control.node->AsElement() : nullptr;
  double x = box.x + 0.5, y = box.y + 0.5, w = box.width - 1, h = box.height - 1, r = 2;
  if (w <= 2 * r || h <= 2 * r)
    return;
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
  cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
  cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
  if (element && element->tag_name() == "select") {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
  }
  cairo_set_source_rgb(cr, 118 / 255.0, 118 / 255.0, 118 / 255.0);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
}

// An image scaled into the content box of its element.
void PaintReplaced(cairo_t* cr,
                   const Fragment& fragment,
                   const css::ComputedStyle& style,
                   cairo_surface_t* image) {
  double natural_width = cairo_image_surface_get_width(image);
  double natural_height = cairo_image_surface_get_height(image);
  auto px = [&](const char* property) {
    auto length = style.LengthOf(property);
    return length ? length->ToPixels(style.Context()) : 0.0;
  };
  double width = fragment.width - (fragment.content_x - fragment.x) - px("padding-right") -
                 px("border-right-width");
  double height = fragment.height - (fragment.content_y - fragment.y) - px("padding-bottom") -
                  px("border-bottom-width");
  if (width <= 0 || height <= 0 || natural_width <= 0 || natural_height <= 0)
    return;
  cairo_save(cr);
  cairo_rectangle(cr, fragment.content_x, fragment.content_y, width, height);
  cairo_clip(cr);
  cairo_translate(cr, fragment.content_x, fragment.content_y);
  cairo_scale(cr, width / natural_width, height / natural_height);
  cairo_set_source_surface(cr, image, 0, 0);
  // Smooth when scaled, as browsers draw images.
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_paint(cr);
  cairo_restore(cr);
}

// The icon of an image that did not load, 16px square with its top left at (x, y): a picture
// (sky, a cloud, a green hill) in a grey frame, as browsers show one.
void PaintBrokenImageIcon(cairo_t* cr, double x, double y) {
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rectangle(cr, 1, 1, 14, 14);
  cairo_set_source_rgb(cr, 0.80, 0.86, 0.95);
  cairo_fill(cr);
  cairo_save(cr);
  cairo_translate(cr, 6, 4.5);
  cairo_scale(cr, 3, 1.5);
  cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_fill(cr);
  cairo_move_to(cr, 2, 15);
  cairo_curve_to(cr, 3, 11, 8, 9, 12, 15);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 0.33, 0.69, 0.24);
  cairo_fill(cr);
  cairo_rectangle(cr, 1.5, 1.5, 13, 13);
  cairo_set_line_width(cr, 1);
  cairo_set_source_rgb(cr, 0.62, 0.62, 0.62);
  cairo_stroke(cr);
  cairo_restore(cr);
}

// A disc, circle or square marker as Chromium draws it (its ListMarker): a square of
// (2/3 ascent + 1) / 2 px starting at x, 1.5 * (ascent - 2/3 ascent) below the top of the
// ascent over `baseline`, in the current source.
void DrawListSymbol(cairo_t* cr, const std::string& type, double x, double baseline, int ascent) {
  int offset = ascent * 2 / 3;
  int size = (offset + 1) / 2;
  double y = baseline - ascent + (3 * (ascent - offset)) / 2;
  if (type == "square") {
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    return;
  }
  cairo_save(cr);
  cairo_translate(cr, x + size / 2.0, y + size / 2.0);
  cairo_arc(cr, 0, 0, type == "circle" ? size / 2.0 - 0.5 : size / 2.0, 0, 2 * M_PI);
  cairo_restore(cr);
  if (type == "circle") {
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
  } else {
    cairo_fill(cr);
  }
}

// Blink's disclosure triangle in a square `size` wide at (x, y): pointing right when closed,
// down when open.
void PaintDisclosureTriangle(cairo_t* cr,
                             double x,
                             double y,
                             double size,
                             bool open,
                             const PangoColor& color) {
  static const double kClosed[3][2] = {{0, 0}, {0.86, 0.5}, {0, 1}};
  static const double kOpen[3][2] = {{0, 0.07}, {0.5, 0.93}, {1, 0.07}};
  const double(*points)[2] = open ? kOpen : kClosed;
  cairo_move_to(cr, x + points[0][0] * size, y + points[0][1] * size);
  for (int i = 1; i < 3; ++i)
    cairo_line_to(cr, x + points[i][0] * size, y + points[i][1] * size);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, color.red / 65535.0, color.green / 65535.0, color.blue / 65535.0);
  cairo_fill(cr);
}

// An image that did not load, laid out at its given size: Chromium's frame (1px silver
// border, 1px padding) with the icon inside and the alt text beside it, clipped to the box,
// when the box has room for them (18px).
void PaintBrokenImageBox(cairo_t* cr,
                         const BorderBox& box,
                         const css::ComputedStyle& style,
                         std::string_view alt) {
  if (box.width < 18 || box.height < 18)
    return;
  cairo_save(cr);
  cairo_rectangle(cr, box.x + 0.5, box.y + 0.5, box.width - 1, box.height - 1);
  cairo_set_line_width(cr, 1);
  cairo_set_source_rgb(cr, 192 / 255.0, 192 / 255.0, 192 / 255.0);
  cairo_stroke(cr);
  cairo_rectangle(cr, box.x + 1, box.y + 1, box.width - 2, box.height - 2);
  cairo_clip(cr);
  PaintBrokenImageIcon(cr, box.x + 2, box.y + 2);
  if (!alt.empty()) {
    // The text flows beside the floated icon, then below it.
    PangoLayout* layout = pango_layout_new(SharedPangoContext());
    const PangoFontDescription* font = FontOf(style);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, alt.data(), static_cast<int>(alt.size()));
    pango_layout_set_width(layout, static_cast<int>((box.width - 4) * PANGO_SCALE));
    pango_layout_set_indent(layout, 16 * PANGO_SCALE);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    SetColor(cr, style.ColorOf("color"));
    cairo_move_to(cr, box.x + 2, box.y + 2);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
  }
  cairo_restore(cr);
}

// A run's glyph outlines with each glyph's origin on a quarter pixel, as Skia places them
// (its subpixel glyph positions): the same edges, anti-aliased the same way as Chromium's.
void GlyphPath(cairo_t* cr, PangoFont* font, PangoGlyphString* glyphs, double x, double y) {
  cairo_scaled_font_t* scaled = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
  bool unknown = false;  // a character no font has: pango draws its hex box
  for (int i = 0; i < glyphs->num_glyphs; ++i)
    unknown |= (glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0;
  if (!scaled || unknown) {
    cairo_move_to(cr, x, y);
    pango_cairo_glyph_string_path(cr, font, glyphs);
    return;
  }
  std::vector<cairo_glyph_t> placed;
  placed.reserve(static_cast<size_t>(glyphs->num_glyphs));
  double advance = 0;
  for (int i = 0; i < glyphs->num_glyphs; ++i) {
    const PangoGlyphInfo& glyph = glyphs->glyphs[i];
    if (glyph.glyph != PANGO_GLYPH_EMPTY) {
      double gx = x + (advance + glyph.geometry.x_offset) / PANGO_SCALE;
      double gy = y + static_cast<double>(glyph.geometry.y_offset) / PANGO_SCALE;
      placed.push_back({glyph.glyph, std::round(gx * 4) / 4, gy});
    }
    advance += glyph.geometry.width;
  }
  cairo_save(cr);
  cairo_set_scaled_font(cr, scaled);
  cairo_glyph_path(cr, placed.data(), static_cast<int>(placed.size()));
  cairo_restore(cr);
}

// A line's glyphs, run by run, as filled outlines at their exact (fractional) positions in
// each run's colour: cairo 1.16 draws cached glyphs only on whole pixels, where Chromium
// places them anywhere, and every line would drift from Chromium's by up to half a pixel.
void PaintLine(cairo_t* cr, PangoLayoutLine* line, double x, double baseline) {
  for (GSList* item = line->runs; item; item = item->next) {
    auto* run = static_cast<PangoGlyphItem*>(item->data);
    double width = static_cast<double>(pango_glyph_string_get_width(run->glyphs)) / PANGO_SCALE;
    PangoColor color = {0, 0, 0};
    guint16 alpha = 65535;
    double rise = 0;
    bool shape = false;
    intptr_t shape_data = 0;
    double shape_ink_height = 0;  // a list marker's: its font's ascent
    for (GSList* a = run->item->analysis.extra_attrs; a; a = a->next) {
      auto* attribute = static_cast<PangoAttribute*>(a->data);
      switch (attribute->klass->type) {
        case PANGO_ATTR_FOREGROUND:
          color = reinterpret_cast<PangoAttrColor*>(attribute)->color;
          break;
        case PANGO_ATTR_FOREGROUND_ALPHA:
          alpha = static_cast<guint16>(reinterpret_cast<PangoAttrInt*>(attribute)->value);
          break;
        case PANGO_ATTR_RISE:
          rise =
              static_cast<double>(reinterpret_cast<PangoAttrInt*>(attribute)->value) / PANGO_SCALE;
          break;
        case PANGO_ATTR_SHAPE:
          shape = true;  // an atomic inline's room: painted as a box of its own
          shape_data =
              reinterpret_cast<intptr_t>(reinterpret_cast<PangoAttrShape*>(attribute)->data);
          shape_ink_height =
              static_cast<double>(reinterpret_cast<PangoAttrShape*>(attribute)->ink_rect.height) /
              PANGO_SCALE;
          break;
        default:
          break;
      }
    }
    if (shape_data >= static_cast<intptr_t>(DrawnShape::kDisc) &&
        shape_data <= static_cast<intptr_t>(DrawnShape::kSquare)) {
      static const char* kTypes[] = {"disc", "circle", "square"};
      cairo_set_source_rgb(cr, color.red / 65535.0, color.green / 65535.0, color.blue / 65535.0);
      DrawListSymbol(cr, kTypes[shape_data - static_cast<intptr_t>(DrawnShape::kDisc)], x, baseline,
                     static_cast<int>(shape_ink_height));
    } else if (shape_data == static_cast<intptr_t>(DrawnShape::kDisclosureOpen) ||
               shape_data == static_cast<intptr_t>(DrawnShape::kDisclosureClosed)) {
      // The marker is 1.0586em wide (inline_layout.cc); the triangle 0.625em.
      double size = std::round(width / 1.0586 * 0.625);
      bool open = shape_data == static_cast<intptr_t>(DrawnShape::kDisclosureOpen);
      PaintDisclosureTriangle(cr, x, baseline - size - 1, size, open, color);
    } else if (shape_data == static_cast<intptr_t>(DrawnShape::kBrokenImageAlone)) {
      PaintBrokenImageIcon(cr, x, baseline - 16);
    } else if (shape_data == static_cast<intptr_t>(DrawnShape::kBrokenImageBesideAltText) &&
               run->item->analysis.font) {
      // At the top of the text's line: its font's rounded ascent above the baseline.
      PaintBrokenImageIcon(cr, x, baseline - MetricsOfFont(run->item->analysis.font).ascent);
    }
    if (!shape && run->item->analysis.font && alpha > 1) {
      GlyphPath(cr, run->item->analysis.font, run->glyphs, x, baseline - rise);
      cairo_set_source_rgba(cr, color.red / 65535.0, color.green / 65535.0, color.blue / 65535.0,
                            alpha / 65535.0);
      cairo_fill(cr);
    }
    x += width;
  }
}

// A segment's lines, each on its baseline moved where Chromium has it and rounded to a
// whole pixel as Chromium draws text (a fractional baseline blurs glyphs over one more row).
void PaintLines(cairo_t* cr, const LineSegment& segment, double x, double y) {
  PangoLayout* layout = segment.layout.get();
  if (segment.lines.empty())
    return;  // no text, no line boxes
  pango_cairo_update_layout(cr, layout);
  PangoLayoutIter* iter = pango_layout_get_iter(layout);
  size_t line = 0;
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    double baseline = segment.lines[std::min(line++, segment.lines.size() - 1)].baseline;
    PaintLine(cr, pango_layout_iter_get_line_readonly(iter),
              x + static_cast<double>(logical.x) / PANGO_SCALE, std::round(y + baseline));
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
}

// An outside disc, circle or square where Chromium draws it (its ListMarker): a square of
// (2/3 ascent + 1) / 2 px, 2/3 ascent + 8 px left of the content box, 1.5 * (ascent - 2/3
// ascent) below the top of the first line's ascent, all in whole pixels.
void PaintMarkerSymbol(cairo_t* cr, const Fragment& fragment, const InlineContent& content) {
  const InlineContent::Symbol& symbol = *content.marker_symbol;
  int offset = symbol.ascent * 2 / 3;
  double baseline = content.text.empty() ? fragment.content_y + symbol.ascent
                                         : std::round(fragment.content_y + content.first_baseline);
  cairo_save(cr);
  cairo_set_source_rgba(cr, symbol.color.r / 255.0, symbol.color.g / 255.0, symbol.color.b / 255.0,
                        symbol.color.alpha);
  DrawListSymbol(cr, symbol.type, std::round(fragment.content_x) - (offset + 8) + 1, baseline,
                 symbol.ascent);
  cairo_restore(cr);
}

// text-shadow (CSS Text Decoration 3 §4), the container's: each shadow the glyphs' outline
// moved by its offsets and filled in its colour, under the text. A blurred shadow is drawn
// sharp at half its alpha (an approximation until text shadows are blurred).
void PaintTextShadows(cairo_t* cr,
                      const Fragment& fragment,
                      const InlineContent& content,
                      const css::ComputedStyle& style) {
  const auto& value = style.Value("text-shadow");
  if (value.empty() || (value.size() == 1 && css::IsIdent(value[0], "none")))
    return;
  std::vector<std::vector<css::ComponentValue>> shadows(1);
  for (const css::ComponentValue& part : value) {
    if (part.IsToken(css::TokenType::kComma))
      shadows.emplace_back();
    else if (!part.IsToken(css::TokenType::kWhitespace))
      shadows.back().push_back(part);
  }
  for (auto it = shadows.rbegin(); it != shadows.rend(); ++it) {
    std::vector<double> lengths;
    css::Color color = style.ColorOf("color");
    for (const css::ComponentValue& part : *it) {
      if (auto length = css::Length::Parse(std::vector<css::ComponentValue>{part}))
        lengths.push_back(length->ToPixels(style.Context()));
      else if (auto parsed = css::ParseColor(std::vector<css::ComponentValue>{part}))
        color = parsed->current_color ? style.ColorOf("color") : *parsed;
    }
    if (lengths.size() < 2 || color.alpha <= 0)
      continue;
    double alpha = color.alpha * (lengths.size() > 2 && lengths[2] > 0 ? 0.5 : 1);
    cairo_save(cr);
    cairo_set_source_rgba(cr, color.r / 255.0, color.g / 255.0, color.b / 255.0, alpha);
    for (const LineSegment& segment : content.segments) {
      if (segment.lines.empty())
        continue;
      PangoLayoutIter* iter = pango_layout_get_iter(segment.layout.get());
      size_t line = 0;
      do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(iter, nullptr, &logical);
        double baseline =
            std::round(fragment.content_y + segment.y +
                       segment.lines[std::min(line++, segment.lines.size() - 1)].baseline);
        cairo_move_to(cr,
                      fragment.content_x + segment.x +
                          static_cast<double>(logical.x) / PANGO_SCALE + lengths[0],
                      baseline + lengths[1]);
        pango_cairo_layout_line_path(cr, pango_layout_iter_get_line_readonly(iter));
      } while (pango_layout_iter_next_line(iter));
      pango_layout_iter_free(iter);
    }
    cairo_fill(cr);
    cairo_restore(cr);
  }
}

struct PaintContext {
  LineMap& lines;
  double clip_top, clip_bottom;  // what is painted, vertically: lines elsewhere are skipped
  const ImageByUrl& images;
  const ImageLookup& replaced;
  const Box* canvas_background_owner;  // whose background the canvas took: not painted twice
  BorderBox page_clip;  // what the caller asked painted: all a fixed box is clipped to
};

// A fixed box whose containing block is the viewport: no box around it clips it.
bool FixedToTheViewport(const Fragment& fragment) {
  const Box* box = fragment.box;
  if (!box || !box->style || box->style->Keyword("position") != "fixed")
    return false;
  for (const Box* up = box->parent; up; up = up->parent) {
    if (up->style && up->kind != BoxKind::kText && ContainsFixedPositioned(*up->style))
      return false;
  }
  return true;
}

void PaintBox(cairo_t* cr, const Fragment& fragment, const PaintContext& context) {
  if (fragment.y > context.clip_bottom || fragment.y + fragment.height < context.clip_top)
    return;  // nothing of it shows (nothing a box paints reaches outside its border box yet)
  const Box& box = *fragment.box;
  if (!box.style || box.kind == BoxKind::kText || box.kind == BoxKind::kLineBreak ||
      box.style->Keyword("visibility") == "hidden")
    return;
  const css::ComputedStyle& style = *box.style;
  if (box.display.inner == Inner::kTableCell && style.Keyword("empty-cells") == "hide" &&
      style.Keyword("border-collapse") != "collapse" &&
      std::all_of(box.children.begin(), box.children.end(),
                  [](const auto& child) { return child->IsCollapsibleWhitespace(); }))
    return;  // an empty cell with empty-cells: hide has no background or borders
  // Box decorations on whole pixels, as Chromium snaps them (text keeps its fractions).
  BorderBox snapped = Snapped(fragment.x, fragment.y, fragment.width, fragment.height);
  if (&box != context.canvas_background_owner) {
    PaintBoxShadows(cr, snapped, style);
    PaintBackground(cr, snapped, style, context.images);
  }
  bool themed = ThemedControl(box);
  if (themed)
    PaintControlFrame(cr, snapped, box);
  if (box.kind == BoxKind::kWidget)
    PaintWidgetFace(cr, fragment);
  if (box.kind == BoxKind::kReplaced && context.replaced) {
    if (cairo_surface_t* image = context.replaced(box))
      PaintReplaced(cr, fragment, style, image);
    else if (const dom::Element* img = box.node ? box.node->AsElement() : nullptr;
             img && img->tag_name() == "img")
      PaintBrokenImageBox(cr, snapped, style, img->GetAttribute("alt").value_or(""));
  }
  if (fragment.collapsed_borders) {
    // A collapsed cell border is centred on the cell's edge (CSS 2.2 §17.6.2).
    const std::array<double, 4>& w = fragment.collapsed_borders->widths;
    PaintBorders(cr,
                 Snapped(fragment.x - w[3] / 2, fragment.y - w[0] / 2,
                         fragment.width + (w[1] + w[3]) / 2, fragment.height + (w[0] + w[2]) / 2),
                 style, fragment.collapsed_borders.get());
  } else if (themed) {
    // framed above, under its face
  } else if (!(box.display.inner == Inner::kTable &&
               style.Keyword("border-collapse") == "collapse")) {
    PaintBorders(cr, snapped, style);
  } else {
    // A collapsing table's own borders are its outer cells' (drawn by them), but for a
    // table without cells.
    if (fragment.children.empty())
      PaintBorders(cr, snapped, style);
  }
  PaintOutline(cr, snapped, style);
}

// Paints a box and what is inside it through its transform and its opacity (a group painted
// at its opacity once all of it is drawn, CSS Color 4 §3.2).
// What is skipped as out of view is then judged in the transformed box's own coordinates.
template <typename Paint>
void WithEffects(cairo_t* cr,
                 const Fragment& fragment,
                 const PaintContext& context,
                 const Paint& paint) {
  const css::ComputedStyle* style =
      fragment.box && fragment.box->kind != BoxKind::kText ? fragment.box->style.get() : nullptr;
  if (!style) {
    paint(context);
    return;
  }
  double opacity = OpacityOf(*style);
  if (opacity <= 0)
    return;
  cairo_save(cr);
  cairo_matrix_t before, after;
  cairo_get_matrix(cr, &before);
  ApplyTransform(cr, {fragment.x, fragment.y, fragment.width, fragment.height}, *style);
  cairo_get_matrix(cr, &after);
  PaintContext transformed = context;
  if (std::memcmp(&before, &after, sizeof before) != 0) {
    double left, right;
    cairo_clip_extents(cr, &left, &transformed.clip_top, &right, &transformed.clip_bottom);
  }
  if (opacity < 1)
    cairo_push_group(cr);
  paint(transformed);
  if (opacity < 1) {
    cairo_pop_group_to_source(cr);
    cairo_paint_with_alpha(cr, opacity);
  }
  cairo_restore(cr);
}

int ZIndex(const Fragment& fragment) {
  for (const css::ComponentValue& value : fragment.box->style->Value("z-index")) {
    if (value.IsToken(css::TokenType::kNumber))
      return static_cast<int>(value.token.number);
  }
  return 0;  // auto
}

bool Clips(const Fragment& fragment);
BorderBox PaddingBox(const Fragment& fragment);

// A positioned box to paint, with the padding boxes of the boxes between it and its stacking
// context that clip what overflows them (an absolutely positioned box's containing block is
// above them all: they do not clip it).
struct Stacked {
  const Fragment* fragment;
  std::vector<BorderBox> clips;
};

void CollectPositioned(const Fragment& fragment,
                       std::vector<Stacked>& positioned,
                       std::vector<BorderBox>& clips) {
  for (const Fragment& child : fragment.children) {
    if (IsPositioned(child)) {
      std::string position = child.box->style->Keyword("position");
      bool out_of_flow = position == "absolute" || position == "fixed";
      positioned.push_back({&child, out_of_flow ? std::vector<BorderBox>{} : clips});
      continue;
    }
    bool clipping = Clips(child);
    if (clipping)
      clips.push_back(PaddingBox(child));
    CollectPositioned(child, positioned, clips);
    if (clipping)
      clips.pop_back();
  }
}

// Floats paint after the in-flow blocks around them and before their lines (CSS 2.2 Appendix
// E, steps 4 and 5): those met while painting a flow wait here, and paint once it is done
// (within the same clip), each with what is inside it.
using Floats = std::vector<const Fragment*>;

void PaintFlow(cairo_t* cr,
               const Fragment& fragment,
               const PaintContext& context,
               Floats* floats = nullptr);

void PaintStackingContext(cairo_t* cr, const Fragment& root, const PaintContext& context) {
  std::vector<Stacked> positioned;
  std::vector<BorderBox> clips;
  CollectPositioned(root, positioned, clips);
  std::stable_sort(positioned.begin(), positioned.end(), [](const Stacked& a, const Stacked& b) {
    return ZIndex(*a.fragment) < ZIndex(*b.fragment);
  });
  auto above = std::find_if(positioned.begin(), positioned.end(),
                            [](const Stacked& s) { return ZIndex(*s.fragment) >= 0; });
  // A positioned root that clips clips what is positioned inside it too.
  bool clipped = root.box && IsPositioned(root) && Clips(root);
  auto paint = [&](const Stacked& stacked) {
    cairo_save(cr);
    bool fixed = FixedToTheViewport(*stacked.fragment);
    if (fixed) {
      // Its containing block is the viewport: the clips of the boxes it is in (however deep,
      // a relative box inside an overflow: hidden one) do not reach it.
      cairo_reset_clip(cr);
      const BorderBox& page = context.page_clip;
      cairo_rectangle(cr, page.x, page.y, page.width, page.height);
      cairo_clip(cr);
    } else if (clipped) {
      BorderBox box = PaddingBox(root);
      cairo_rectangle(cr, box.x, box.y, box.width, box.height);
      cairo_clip(cr);
    }
    for (const BorderBox& box : stacked.clips) {
      if (fixed)
        break;
      cairo_rectangle(cr, box.x, box.y, box.width, box.height);
      cairo_clip(cr);
    }
    WithEffects(cr, *stacked.fragment, context, [&](const PaintContext& inside) {
      PaintStackingContext(cr, *stacked.fragment, inside);
    });
    cairo_restore(cr);
  };
  if (root.box)
    PaintBox(cr, root, context);
  for (auto it = positioned.begin(); it != above; ++it)
    paint(*it);
  PaintFlow(cr, root, context);
  for (auto it = above; it != positioned.end(); ++it)
    paint(*it);
}

// A box's lines and its descendants in flow (its own background is painted already).
// Whether the box clips what overflows its padding box (CSS Overflow 3 §3). The root's and
// the body's overflow is the viewport's, which a screenshot does not clip.
bool Clips(const Fragment& fragment) {
  const Box* box = fragment.box;
  if (!box || !box->style || box->kind != BoxKind::kContainer || !box->parent ||
      !box->parent->parent)
    return false;
  const dom::Element* element = box->node ? box->node->AsElement() : nullptr;
  if (element && element->tag_name() == "body")
    return false;
  std::string x = box->style->Keyword("overflow-x"), y = box->style->Keyword("overflow-y");
  return (x != "visible" && !x.empty()) || (y != "visible" && !y.empty());
}

void PaintFlowInside(cairo_t* cr,
                     const Fragment& fragment,
                     const PaintContext& context,
                     Floats& floats);

// What a box that clips clips to: its padding box.
BorderBox PaddingBox(const Fragment& fragment) {
  const css::ComputedStyle& style = *fragment.box->style;
  auto border = [&](const char* side) {
    auto width = style.LengthOf(side);
    return width ? width->ToPixels(style.Context()) : 0.0;
  };
  double left = border("border-left-width"), top = border("border-top-width");
  return {fragment.x + left, fragment.y + top, fragment.width - left - border("border-right-width"),
          fragment.height - top - border("border-bottom-width")};
}

void PaintFloats(cairo_t* cr, const Floats& floats, const PaintContext& context) {
  for (const Fragment* floated : floats) {
    PaintBox(cr, *floated, context);
    PaintFlow(cr, *floated, context);
  }
}

void PaintFlow(cairo_t* cr, const Fragment& fragment, const PaintContext& context, Floats* floats) {
  if (!Clips(fragment)) {
    Floats own;
    PaintFlowInside(cr, fragment, context, floats ? *floats : own);
    PaintFloats(cr, own, context);
    return;
  }
  BorderBox clip = PaddingBox(fragment);
  cairo_save(cr);
  cairo_rectangle(cr, clip.x, clip.y, clip.width, clip.height);
  cairo_clip(cr);
  Floats clipped;
  PaintFlowInside(cr, fragment, context, clipped);
  PaintFloats(cr, clipped, context);
  cairo_restore(cr);
}

void PaintFlowInside(cairo_t* cr,
                     const Fragment& fragment,
                     const PaintContext& context,
                     Floats& floats) {
  for (const Fragment& child : fragment.children) {
    if (child.inline_box && !IsPositioned(child))
      PaintBox(cr, child, context);  // under the text
  }
  auto it = context.lines.find(fragment.box);
  if (it != context.lines.end() && fragment.content_y <= context.clip_bottom &&
      fragment.content_y + it->second.height >= context.clip_top) {
    InlineContent& content = it->second;
    Realize(*fragment.box, content, SharedPangoContext());  // shaped now that it shows
    if (fragment.box->style)
      PaintTextShadows(cr, fragment, content, *fragment.box->style);
    for (const LineSegment& segment : content.segments)
      PaintLines(cr, segment, fragment.content_x + segment.x, fragment.content_y + segment.y);
    for (const InlineContent::Decoration& decoration : content.decorations) {
      const LineSegment& segment = content.segments[decoration.segment];
      double baseline =
          std::round(fragment.content_y + segment.y + segment.lines[decoration.line].baseline);
      cairo_set_source_rgba(cr, decoration.color.r / 255.0, decoration.color.g / 255.0,
                            decoration.color.b / 255.0, decoration.color.alpha);
      cairo_rectangle(cr, fragment.content_x + segment.x + decoration.x,
                      baseline + std::round(decoration.offset), decoration.width,
                      std::max(1.0, std::round(decoration.thickness)));
      cairo_fill(cr);
    }
    cairo_surface_t* marker_image =
        content.outside_marker && content.outside_marker->style
            ? context.images(ImageUrl(content.outside_marker->style->Value("list-style-image")))
            : nullptr;
    if (marker_image) {
      // list-style-image: the picture at its own size, its bottom on the first baseline,
      // 7px left of the content box, as Chromium places it.
      double width = cairo_image_surface_get_width(marker_image);
      double height = cairo_image_surface_get_height(marker_image);
      double baseline = std::round(fragment.content_y + content.first_baseline);
      cairo_save(cr);
      cairo_set_source_surface(cr, marker_image, std::round(fragment.content_x) - 7 - width,
                               baseline - height);
      cairo_paint(cr);
      cairo_restore(cr);
    } else if (PangoLayout* marker = content.marker.get()) {
      double first_baseline = content.first_baseline;
      double marker_baseline = static_cast<double>(pango_layout_get_baseline(marker)) / PANGO_SCALE;
      if (content.text.empty())
        first_baseline = marker_baseline;
      cairo_move_to(cr, fragment.content_x - content.marker_width,
                    fragment.content_y + first_baseline - marker_baseline);
      pango_cairo_update_layout(cr, marker);
      pango_cairo_show_layout(cr, marker);
    }
    if (content.marker_symbol && !marker_image)
      PaintMarkerSymbol(cr, fragment, content);
  }
  for (const Fragment& child : fragment.children) {
    if (IsPositioned(child) || child.inline_box)
      continue;
    if (child.box && child.box->style && child.box->kind != BoxKind::kText &&
        IsFloat(*child.box->style)) {
      floats.push_back(&child);
      continue;
    }
    WithEffects(cr, child, context, [&](const PaintContext& inside) {
      if (child.box)
        PaintBox(cr, child, inside);
      PaintFlow(cr, child, inside, &floats);
    });
  }
}

// CSS Backgrounds 3 §2.11.2: the root element's background paints the whole canvas; when it
// has none, the body's does (in HTML). The fragment it came from is returned.
const Fragment* PaintCanvasBackground(cairo_t* cr, const Fragment& root, const ImageByUrl& images) {
  if (root.children.empty() || !root.children.front().box->style)
    return nullptr;
  const Fragment* owner = &root.children.front();
  if (!HasBackground(*owner->box->style)) {
    owner = nullptr;
    for (const Fragment& child : root.children.front().children) {
      const dom::Element* element =
          child.box && child.box->node ? child.box->node->AsElement() : nullptr;
      if (element && element->tag_name() == "body" && child.box->style &&
          HasBackground(*child.box->style))
        owner = &child;
    }
  }
  if (!owner)
    return nullptr;
  double x1, y1, x2, y2;
  cairo_clip_extents(cr, &x1, &y1, &x2, &y2);
  BorderBox canvas;
  canvas.x = std::min(0.0, x1);
  canvas.y = std::min(0.0, y1);
  canvas.width = std::max(root.width, x2) - canvas.x;
  canvas.height = std::max(root.height, y2) - canvas.y;
  PaintBackground(cr, canvas, *owner->box->style, images);
  return owner;
}

}  // namespace

// Positioned boxes paint after the flow they are in, by z-index (CSS 2.2 Appendix E); each
// is painted as a stacking context of its own, which is exact for those with a z-index.
bool IsPositioned(const Fragment& fragment) {
  if (!fragment.box || !fragment.box->style || fragment.box->kind == BoxKind::kText)
    return false;
  const css::ComputedStyle& style = *fragment.box->style;
  std::string position = style.Keyword("position");
  if (position == "relative" || position == "absolute" || position == "fixed" ||
      position == "sticky")
    return true;
  // A flex or grid item with a z-index is a stacking context without being positioned
  // (CSS Flexbox §4.3, Grid §9.5).
  const Box* parent = fragment.box->parent;
  if (parent && (parent->display.inner == Inner::kFlex || parent->display.inner == Inner::kGrid) &&
      style.Keyword("z-index") != "auto")
    return true;
  // A transform or an opacity below 1 makes a stacking context painted with the positioned
  // boxes of z-index auto (CSS 2.2 Appendix E, Transforms 1 §2, Color 4 §3.2).
  if (OpacityOf(style) < 1)
    return true;
  for (const char* property : {"transform", "translate", "rotate", "scale"}) {
    const auto& transform = style.Value(property);
    if (!transform.empty() && !(transform.size() == 1 && css::IsIdent(transform[0], "none")))
      return true;
  }
  return false;
}

void PaintFragments(cairo_t* cr,
                    const Fragment& root,
                    LineMap& lines,
                    const ImageByUrl& images,
                    const ImageLookup& replaced) {
  cairo_save(cr);
  const Fragment* canvas_owner = PaintCanvasBackground(cr, root, images);
  double x1, y1, x2, y2;
  cairo_clip_extents(cr, &x1, &y1, &x2, &y2);
  PaintContext context{lines,
                       y1,
                       y2,
                       images,
                       replaced,
                       canvas_owner ? canvas_owner->box : nullptr,
                       {x1, y1, x2 - x1, y2 - y1}};
  PaintStackingContext(cr, root, context);
  cairo_restore(cr);
}

}  // namespace nexus::web::layout
