#include "web/layout/cairo_container.h"

#include <glib.h>

#include <cmath>
#include <string>

#include "web/layout/font_families.h"

namespace nexus::web {

struct CairoContainer::Font {
  PangoFontDescription* description = nullptr;
  PangoLayout* layout = nullptr;  // reused for every measure and draw in this font
  unsigned decoration = 0;
  int ascent = 0;
  int underline_position = 0;  // below the baseline, pixels
  int underline_thickness = 1;
  int strikethrough_position = 0;  // above the baseline
  // Word widths: litehtml measures the same words over and over (DESIGN.md §9).
  std::unordered_map<std::string, int> widths;
};

namespace {

void SetColor(cairo_t* cr, const litehtml::web_color& color) {
  cairo_set_source_rgba(cr, color.red / 255.0, color.green / 255.0, color.blue / 255.0,
                        color.alpha / 255.0);
}

void RoundedRectangle(cairo_t* cr,
                      const litehtml::position& box,
                      const litehtml::border_radiuses& radius) {
  double x = box.x, y = box.y, w = box.width, h = box.height;
  if (!radius.top_left_x && !radius.top_right_x && !radius.bottom_left_x &&
      !radius.bottom_right_x) {
    cairo_rectangle(cr, x, y, w, h);
    return;
  }
  auto corner = [&](double cx, double cy, double rx, double ry, double from, double to) {
    if (rx <= 0 || ry <= 0) {
      cairo_line_to(cr, cx, cy);
      return;
    }
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, rx, ry);
    cairo_arc(cr, 0, 0, 1, from, to);
    cairo_restore(cr);
  };
  cairo_new_sub_path(cr);
  corner(x + w - radius.top_right_x, y + radius.top_right_y, radius.top_right_x, radius.top_right_y,
         -M_PI / 2, 0);
  corner(x + w - radius.bottom_right_x, y + h - radius.bottom_right_y, radius.bottom_right_x,
         radius.bottom_right_y, 0, M_PI / 2);
  corner(x + radius.bottom_left_x, y + h - radius.bottom_left_y, radius.bottom_left_x,
         radius.bottom_left_y, M_PI / 2, M_PI);
  corner(x + radius.top_left_x, y + radius.top_left_y, radius.top_left_x, radius.top_left_y, M_PI,
         3 * M_PI / 2);
  cairo_close_path(cr);
}

int PangoPixels(int units) {
  return (units + PANGO_SCALE / 2) / PANGO_SCALE;
}

std::string MarkerText(const litehtml::list_marker& marker) {
  int n = marker.index;
  switch (marker.marker_type) {
    case litehtml::list_style_type_lower_alpha:
    case litehtml::list_style_type_lower_latin:
    case litehtml::list_style_type_upper_alpha:
    case litehtml::list_style_type_upper_latin: {
      bool upper = marker.marker_type == litehtml::list_style_type_upper_alpha ||
                   marker.marker_type == litehtml::list_style_type_upper_latin;
      std::string text;
      for (; n > 0; n = (n - 1) / 26)
        text.insert(text.begin(), static_cast<char>((upper ? 'A' : 'a') + (n - 1) % 26));
      return text + ".";
    }
    case litehtml::list_style_type_lower_roman:
    case litehtml::list_style_type_upper_roman: {
      static const std::pair<int, const char*> kNumerals[] = {
          {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
          {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
      std::string text;
      for (auto [value, numeral] : kNumerals) {
        for (; n >= value; n -= value)
          text += numeral;
      }
      if (marker.marker_type == litehtml::list_style_type_upper_roman) {
        for (char& c : text)
          c = static_cast<char>(c - 'a' + 'A');
      }
      return text + ".";
    }
    case litehtml::list_style_type_decimal_leading_zero:
      return (n < 10 ? "0" : "") + std::to_string(n) + ".";
    default:
      return std::to_string(n) + ".";
  }
}

}  // namespace

CairoContainer::CairoContainer(Url base, const PageResources& resources)
    : base_(std::move(base)),
      resources_(resources),
      measure_surface_(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)),
      measure_cr_(cairo_create(measure_surface_)) {}

CairoContainer::~CairoContainer() {
  cairo_destroy(measure_cr_);
  cairo_surface_destroy(measure_surface_);
}

std::string CairoContainer::Resolve(const std::string& reference,
                                    const std::string& base_url) const {
  Url base = base_;
  if (!base_url.empty()) {
    if (auto parsed = ParseUrl(base_url); parsed.ok())
      base = *parsed;
  }
  auto resolved = ResolveUrl(base, reference);
  return resolved.ok() ? resolved->spec : std::string();
}

litehtml::uint_ptr CairoContainer::create_font(const litehtml::tchar_t* face_name,
                                               int size,
                                               int weight,
                                               litehtml::font_style italic,
                                               unsigned int decoration,
                                               litehtml::font_metrics* metrics) {
  auto font = std::make_unique<Font>();
  font->description = pango_font_description_new();
  // CSS font-family lists ("Arial, sans-serif") are what pango takes too; fontconfig picks
  // the first family it has, with its aliases (Arial -> Liberation Sans).
  std::string families = BrowserFamilies(face_name ? face_name : "serif");
  pango_font_description_set_family(font->description, families.c_str());
  pango_font_description_set_absolute_size(font->description, size * PANGO_SCALE);
  pango_font_description_set_weight(font->description, static_cast<PangoWeight>(weight));
  pango_font_description_set_style(font->description, italic == litehtml::fontStyleItalic
                                                          ? PANGO_STYLE_ITALIC
                                                          : PANGO_STYLE_NORMAL);
  font->decoration = decoration;
  font->layout = pango_cairo_create_layout(measure_cr_);
  pango_layout_set_font_description(font->layout, font->description);

  PangoContext* context = pango_layout_get_context(font->layout);
  PangoFontMetrics* font_metrics =
      pango_context_get_metrics(context, font->description, pango_language_get_default());
  int ascent = PangoPixels(pango_font_metrics_get_ascent(font_metrics));
  int descent = PangoPixels(pango_font_metrics_get_descent(font_metrics));
  font->underline_position =
      std::max(1, -PangoPixels(pango_font_metrics_get_underline_position(font_metrics)));
  font->underline_thickness =
      std::max(1, PangoPixels(pango_font_metrics_get_underline_thickness(font_metrics)));
  font->strikethrough_position =
      PangoPixels(pango_font_metrics_get_strikethrough_position(font_metrics));
  pango_font_metrics_unref(font_metrics);
  font->ascent = ascent;

  pango_layout_set_text(font->layout, "x", 1);
  PangoRectangle ink;
  pango_layout_get_pixel_extents(font->layout, &ink, nullptr);
  if (metrics) {
    metrics->ascent = ascent;
    metrics->descent = descent;
    metrics->height = ascent + descent;
    metrics->x_height = ink.height > 0 ? ink.height : ascent / 2;
    metrics->draw_spaces = decoration != 0;
  }
  return reinterpret_cast<litehtml::uint_ptr>(font.release());
}

void CairoContainer::delete_font(litehtml::uint_ptr handle) {
  auto* font = reinterpret_cast<Font*>(handle);
  if (!font)
    return;
  g_object_unref(font->layout);
  pango_font_description_free(font->description);
  delete font;
}

int CairoContainer::text_width(const litehtml::tchar_t* text, litehtml::uint_ptr handle) {
  auto* font = reinterpret_cast<Font*>(handle);
  auto cached = font->widths.find(text);
  if (cached != font->widths.end())
    return cached->second;
  pango_layout_set_text(font->layout, text, -1);
  int width = 0;
  pango_layout_get_pixel_size(font->layout, &width, nullptr);
  font->widths.emplace(text, width);
  return width;
}

void CairoContainer::draw_text(litehtml::uint_ptr hdc,
                               const litehtml::tchar_t* text,
                               litehtml::uint_ptr handle,
                               litehtml::web_color color,
                               const litehtml::position& pos) {
  auto* cr = reinterpret_cast<cairo_t*>(hdc);
  auto* font = reinterpret_cast<Font*>(handle);
  cairo_save(cr);
  ApplyClips(cr);
  SetColor(cr, color);
  pango_layout_set_text(font->layout, text, -1);
  int baseline = pango_layout_get_baseline(font->layout) / PANGO_SCALE;
  // litehtml puts the baseline at pos.y + ascent; pango draws from the layout's top.
  double top = pos.y + font->ascent - baseline;
  cairo_move_to(cr, pos.x, top);
  pango_cairo_update_layout(cr, font->layout);
  pango_cairo_show_layout(cr, font->layout);
  int baseline_y = pos.y + font->ascent;
  auto line = [&](double y) {
    cairo_rectangle(cr, pos.x, y, pos.width, font->underline_thickness);
    cairo_fill(cr);
  };
  if (font->decoration & litehtml::font_decoration_underline)
    line(baseline_y + font->underline_position - font->underline_thickness / 2.0);
  if (font->decoration & litehtml::font_decoration_linethrough)
    line(baseline_y - font->strikethrough_position);
  if (font->decoration & litehtml::font_decoration_overline)
    line(pos.y);
  cairo_restore(cr);
}

void CairoContainer::draw_list_marker(litehtml::uint_ptr hdc, const litehtml::list_marker& marker) {
  auto* cr = reinterpret_cast<cairo_t*>(hdc);
  cairo_save(cr);
  ApplyClips(cr);
  SetColor(cr, marker.color);
  const litehtml::position& p = marker.pos;
  switch (marker.marker_type) {
    case litehtml::list_style_type_none:
      break;
    case litehtml::list_style_type_disc:
      cairo_arc(cr, p.x + p.width / 2.0, p.y + p.height / 2.0, p.width / 2.0, 0, 2 * M_PI);
      cairo_fill(cr);
      break;
    case litehtml::list_style_type_circle:
      cairo_set_line_width(cr, 1);
      cairo_arc(cr, p.x + p.width / 2.0, p.y + p.height / 2.0, p.width / 2.0 - 0.5, 0, 2 * M_PI);
      cairo_stroke(cr);
      break;
    case litehtml::list_style_type_square:
      cairo_rectangle(cr, p.x, p.y, p.width, p.height);
      cairo_fill(cr);
      break;
    default: {
      // Numbered and lettered markers: the text ends just before the item's content.
      if (!marker.font)
        break;
      auto* font = reinterpret_cast<Font*>(marker.font);
      std::string text = MarkerText(marker);
      int width = text_width(text.c_str(), marker.font);
      pango_layout_set_text(font->layout, text.c_str(), -1);
      int baseline = pango_layout_get_baseline(font->layout) / PANGO_SCALE;
      int line_top = p.y + p.height / 2 - font->ascent;  // p is centred on the x-height
      cairo_move_to(cr, p.x + p.width - width, line_top + font->ascent - baseline);
      pango_cairo_update_layout(cr, font->layout);
      pango_cairo_show_layout(cr, font->layout);
    }
  }
  cairo_restore(cr);
}

const cairo_surface_t* CairoContainer::FindImage(const std::string& src,
                                                 const std::string& base_url) const {
  auto found = resources_.images.find(Resolve(src, base_url));
  return found == resources_.images.end() ? nullptr : found->second.get();
}

void CairoContainer::get_image_size(const litehtml::tchar_t* src,
                                    const litehtml::tchar_t* baseurl,
                                    litehtml::size& size) {
  const cairo_surface_t* image = FindImage(src ? src : "", baseurl ? baseurl : "");
  if (!image) {
    size.width = size.height = 0;
    return;
  }
  auto* surface = const_cast<cairo_surface_t*>(image);
  size.width = cairo_image_surface_get_width(surface);
  size.height = cairo_image_surface_get_height(surface);
}

void CairoContainer::draw_background(litehtml::uint_ptr hdc, const litehtml::background_paint& bg) {
  auto* cr = reinterpret_cast<cairo_t*>(hdc);
  cairo_save(cr);
  ApplyClips(cr);
  RoundedRectangle(cr, bg.clip_box, bg.border_radius);
  cairo_clip(cr);
  if (bg.color.alpha) {
    SetColor(cr, bg.color);
    cairo_paint(cr);
  }
  const cairo_surface_t* found = bg.image.empty() ? nullptr : FindImage(bg.image, bg.baseurl);
  if (found && bg.image_size.width > 0 && bg.image_size.height > 0) {
    auto* image = const_cast<cairo_surface_t*>(found);
    int image_width = cairo_image_surface_get_width(image);
    int image_height = cairo_image_surface_get_height(image);
    cairo_pattern_t* pattern = cairo_pattern_create_for_surface(image);
    cairo_matrix_t matrix;
    cairo_matrix_init_translate(&matrix, -bg.position_x, -bg.position_y);
    cairo_matrix_t scale;
    cairo_matrix_init_scale(&scale, static_cast<double>(image_width) / bg.image_size.width,
                            static_cast<double>(image_height) / bg.image_size.height);
    cairo_matrix_multiply(&matrix, &matrix, &scale);
    cairo_pattern_set_matrix(pattern, &matrix);
    bool repeat_x = bg.repeat == litehtml::background_repeat_repeat ||
                    bg.repeat == litehtml::background_repeat_repeat_x;
    bool repeat_y = bg.repeat == litehtml::background_repeat_repeat ||
                    bg.repeat == litehtml::background_repeat_repeat_y;
    cairo_pattern_set_extend(pattern,
                             repeat_x || repeat_y ? CAIRO_EXTEND_REPEAT : CAIRO_EXTEND_NONE);
    // Repeating along one axis only: clip the other to one tile.
    double x = repeat_x ? bg.clip_box.x : bg.position_x;
    double y = repeat_y ? bg.clip_box.y : bg.position_y;
    double w = repeat_x ? bg.clip_box.width : bg.image_size.width;
    double h = repeat_y ? bg.clip_box.height : bg.image_size.height;
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_set_source(cr, pattern);
    cairo_paint(cr);
    cairo_pattern_destroy(pattern);
  }
  cairo_restore(cr);
}

void CairoContainer::draw_borders(litehtml::uint_ptr hdc,
                                  const litehtml::borders& borders,
                                  const litehtml::position& box,
                                  bool) {
  auto* cr = reinterpret_cast<cairo_t*>(hdc);
  cairo_save(cr);
  ApplyClips(cr);
  double x = box.x, y = box.y, w = box.width, h = box.height;
  double l = borders.left.width, t = borders.top.width, r = borders.right.width,
         b = borders.bottom.width;
  auto visible = [](const litehtml::border& side) {
    return side.width > 0 && side.style != litehtml::border_style_none &&
           side.style != litehtml::border_style_hidden;
  };
  // inset/outset/groove/ridge: the shaded side is drawn darker, as browsers do.
  auto shade = [&](const litehtml::border& side, bool top_or_left) {
    litehtml::web_color color = side.color;
    bool darker = (side.style == litehtml::border_style_inset ||
                   side.style == litehtml::border_style_groove) == top_or_left;
    if ((side.style == litehtml::border_style_inset ||
         side.style == litehtml::border_style_outset ||
         side.style == litehtml::border_style_groove ||
         side.style == litehtml::border_style_ridge) &&
        darker) {
      color.red = static_cast<litehtml::byte>(color.red * 2 / 3);
      color.green = static_cast<litehtml::byte>(color.green * 2 / 3);
      color.blue = static_cast<litehtml::byte>(color.blue * 2 / 3);
    }
    SetColor(cr, color);
  };
  // Each side is a trapezoid whose corners meet the neighbours' on the diagonal.
  if (visible(borders.top)) {
    shade(borders.top, true);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + w, y);
    cairo_line_to(cr, x + w - r, y + t);
    cairo_line_to(cr, x + l, y + t);
    cairo_close_path(cr);
    cairo_fill(cr);
  }
  if (visible(borders.bottom)) {
    shade(borders.bottom, false);
    cairo_move_to(cr, x, y + h);
    cairo_line_to(cr, x + w, y + h);
    cairo_line_to(cr, x + w - r, y + h - b);
    cairo_line_to(cr, x + l, y + h - b);
    cairo_close_path(cr);
    cairo_fill(cr);
  }
  if (visible(borders.left)) {
    shade(borders.left, true);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + l, y + t);
    cairo_line_to(cr, x + l, y + h - b);
    cairo_line_to(cr, x, y + h);
    cairo_close_path(cr);
    cairo_fill(cr);
  }
  if (visible(borders.right)) {
    shade(borders.right, false);
    cairo_move_to(cr, x + w, y);
    cairo_line_to(cr, x + w - r, y + t);
    cairo_line_to(cr, x + w - r, y + h - b);
    cairo_line_to(cr, x + w, y + h);
    cairo_close_path(cr);
    cairo_fill(cr);
  }
  cairo_restore(cr);
}

void CairoContainer::set_base_url(const litehtml::tchar_t* base_url) {
  if (!base_url)
    return;
  if (auto resolved = ResolveUrl(base_, base_url); resolved.ok())
    base_ = *resolved;
}

void CairoContainer::transform_text(litehtml::tstring& text, litehtml::text_transform transform) {
  if (transform == litehtml::text_transform_none || text.empty())
    return;
  if (transform == litehtml::text_transform_capitalize) {
    gunichar first = g_utf8_get_char(text.c_str());
    char buffer[8] = {};
    int length = g_unichar_to_utf8(g_unichar_totitle(first), buffer);
    text = std::string(buffer, length) + g_utf8_next_char(text.c_str());
    return;
  }
  gchar* changed = transform == litehtml::text_transform_uppercase
                       ? g_utf8_strup(text.c_str(), -1)
                       : g_utf8_strdown(text.c_str(), -1);
  text = changed;
  g_free(changed);
}

void CairoContainer::import_css(litehtml::tstring& text,
                                const litehtml::tstring& url,
                                litehtml::tstring& baseurl) {
  // litehtml 0.6 passes `@import "x.css"` on with its quotes.
  std::string reference = url;
  if (reference.size() >= 2 && (reference.front() == '"' || reference.front() == '\'') &&
      reference.back() == reference.front())
    reference = reference.substr(1, reference.size() - 2);
  std::string absolute = Resolve(reference, baseurl);
  auto found = resources_.stylesheets.find(absolute);
  if (found == resources_.stylesheets.end())
    return;  // Not fetched (or failed): as a browser, render without it.
  text = found->second;
  baseurl = absolute;  // url() inside resolves against the stylesheet
}

void CairoContainer::set_clip(const litehtml::position& pos,
                              const litehtml::border_radiuses&,
                              bool,
                              bool) {
  clips_.push_back(pos);
}

void CairoContainer::del_clip() {
  if (!clips_.empty())
    clips_.pop_back();
}

void CairoContainer::ApplyClips(cairo_t* cr) const {
  for (const litehtml::position& clip : clips_) {
    cairo_rectangle(cr, clip.x, clip.y, clip.width, clip.height);
    cairo_clip(cr);
  }
}

void CairoContainer::get_client_rect(litehtml::position& client) const {
  client = litehtml::position(0, 0, viewport_width_, viewport_height_);
}

void CairoContainer::get_media_features(litehtml::media_features& media) const {
  media.type = litehtml::media_type_screen;
  media.width = media.device_width = viewport_width_;
  media.height = media.device_height = viewport_height_;
  media.color = 8;
  media.color_index = 0;
  media.monochrome = 0;
  media.resolution = 96;
}

void CairoContainer::get_language(litehtml::tstring& language, litehtml::tstring& culture) const {
  language = "en";
  culture = "";
}

}  // namespace nexus::web
