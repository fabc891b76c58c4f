// libnexus_browser_ui.so: the browser UI painted with cairo and pango (browser_ui.h). Colours
// follow Chromium's light theme.
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>

#include "services/browser/browser_ui.h"

namespace nexus::browser {
namespace {

struct Rgb {
  double r, g, b;
};
constexpr Rgb kStripBackground{0xde / 255.0, 0xe1 / 255.0, 0xe6 / 255.0};
constexpr Rgb kToolbar{1, 1, 1};
constexpr Rgb kAddressBackground{0xf1 / 255.0, 0xf3 / 255.0, 0xf4 / 255.0};
constexpr Rgb kText{0x20 / 255.0, 0x21 / 255.0, 0x24 / 255.0};
constexpr Rgb kMuted{0x5f / 255.0, 0x63 / 255.0, 0x68 / 255.0};
constexpr Rgb kDisabled{0xbd / 255.0, 0xc1 / 255.0, 0xc6 / 255.0};
constexpr Rgb kAccent{0x1a / 255.0, 0x73 / 255.0, 0xe8 / 255.0};
constexpr Rgb kSadBackground{0xf8 / 255.0, 0xf9 / 255.0, 0xfa / 255.0};

void SetColor(cairo_t* cr, Rgb color, double alpha = 1) {
  cairo_set_source_rgba(cr, color.r, color.g, color.b, alpha);
}

void FillRect(cairo_t* cr, const UiRect& rect, Rgb color) {
  SetColor(cr, color);
  cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height);
  cairo_fill(cr);
}

void RoundedRect(cairo_t* cr, const UiRect& rect, double radius) {
  double x = rect.x, y = rect.y, w = rect.width, h = rect.height;
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - radius, y + radius, radius, -M_PI / 2, 0);
  cairo_arc(cr, x + w - radius, y + h - radius, radius, 0, M_PI / 2);
  cairo_arc(cr, x + radius, y + h - radius, radius, M_PI / 2, M_PI);
  cairo_arc(cr, x + radius, y + radius, radius, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
}

class Painter : public UiPainter {
 public:
  Painter() {
    font_ = pango_font_description_from_string("DejaVu Sans 9.5");
    big_font_ = pango_font_description_from_string("DejaVu Sans Bold 15");
  }
  ~Painter() override {
    pango_font_description_free(font_);
    pango_font_description_free(big_font_);
  }

  void Paint(const UiState& state, uint8_t* pixels, int stride, const UiRect& clip) override {
    cairo_surface_t* surface = cairo_image_surface_create_for_data(
        pixels, CAIRO_FORMAT_ARGB32, state.width, state.height, stride);
    cairo_t* cr = cairo_create(surface);
    cairo_rectangle(cr, clip.x, clip.y, clip.width, clip.height);
    cairo_clip(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_set_source_rgba(cr, 0, 0, 0, 0);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    UiGeometry geometry(state.width, state.height, state.tabs.size());
    PaintTabStrip(cr, state, geometry);
    PaintToolbar(cr, state, geometry);
    if (!state.sad_tab.empty())
      PaintSadTab(cr, state, geometry.content());
    if (!state.status.empty())
      PaintStatus(cr, state, geometry);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    cairo_surface_destroy(surface);
  }

  int StatusTextWidth(const std::string& text) override {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t* cr = cairo_create(surface);
    PangoLayout* layout = Layout(cr, text, font_, -1);
    int width = 0, height = 0;
    pango_layout_get_pixel_size(layout, &width, &height);
    g_object_unref(layout);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return width;
  }

 private:
  PangoLayout* Layout(cairo_t* cr, const std::string& text, PangoFontDescription* font, int width) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    if (width > 0) {
      pango_layout_set_width(layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    }
    return layout;
  }

  // Text vertically centred in `box`, from its left edge.
  void Text(cairo_t* cr,
            const std::string& text,
            const UiRect& box,
            Rgb color,
            PangoFontDescription* font = nullptr) {
    PangoLayout* layout = Layout(cr, text, font ? font : font_, box.width);
    int width = 0, height = 0;
    pango_layout_get_pixel_size(layout, &width, &height);
    SetColor(cr, color);
    cairo_move_to(cr, box.x, box.y + (box.height - height) / 2.0);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
  }

  void PaintTabStrip(cairo_t* cr, const UiState& state, const UiGeometry& geometry) {
    FillRect(cr, {0, 0, state.width, UiGeometry::kTabStripHeight}, kStripBackground);
    for (size_t i = 0; i < state.tabs.size(); ++i) {
      UiRect box = geometry.tab(i);
      bool active = static_cast<int>(i) == state.active;
      if (active) {
        SetColor(cr, kToolbar);
        RoundedRect(cr, {box.x, box.y, box.width, box.height + 8}, 8);
        cairo_fill(cr);
      } else if (i + 1 != state.tabs.size() && static_cast<int>(i + 1) != state.active) {
        SetColor(cr, kMuted, 0.4);
        cairo_rectangle(cr, box.x + box.width, box.y + 8, 1, box.height - 14);
        cairo_fill(cr);
      }
      const UiTab& tab = state.tabs[i];
      std::string title = tab.crashed   ? "Crashed: " + tab.title
                          : tab.loading ? (tab.title.empty() ? "Loading..." : tab.title)
                                        : (tab.title.empty() ? "Untitled" : tab.title);
      if (tab.loading) {
        SetColor(cr, kAccent);
        cairo_arc(cr, box.x + 14, box.y + box.height / 2.0, 4, 0, 2 * M_PI);
        cairo_fill(cr);
      }
      Text(cr, title, {box.x + 24, box.y, box.width - 50, box.height}, active ? kText : kMuted);
      UiRect close = geometry.close_button(i);
      SetColor(cr, kMuted);
      cairo_set_line_width(cr, 1.5);
      cairo_move_to(cr, close.x + 4, close.y + 4);
      cairo_line_to(cr, close.x + close.width - 4, close.y + close.height - 4);
      cairo_move_to(cr, close.x + close.width - 4, close.y + 4);
      cairo_line_to(cr, close.x + 4, close.y + close.height - 4);
      cairo_stroke(cr);
    }
    UiRect plus = geometry.new_tab_button();
    SetColor(cr, kMuted);
    cairo_set_line_width(cr, 2);
    double cx = plus.x + plus.width / 2.0, cy = plus.y + plus.height / 2.0;
    cairo_move_to(cr, cx - 6, cy);
    cairo_line_to(cr, cx + 6, cy);
    cairo_move_to(cr, cx, cy - 6);
    cairo_line_to(cr, cx, cy + 6);
    cairo_stroke(cr);
  }

  void Arrow(cairo_t* cr, const UiRect& box, bool left, bool enabled) {
    SetColor(cr, enabled ? kMuted : kDisabled);
    cairo_set_line_width(cr, 2);
    double cx = box.x + box.width / 2.0, cy = box.y + box.height / 2.0;
    double dir = left ? -1 : 1;
    cairo_move_to(cr, cx - 7 * dir, cy);
    cairo_line_to(cr, cx + 7 * dir, cy);
    cairo_move_to(cr, cx + 1 * dir, cy - 6);
    cairo_line_to(cr, cx + 7 * dir, cy);
    cairo_line_to(cr, cx + 1 * dir, cy + 6);
    cairo_stroke(cr);
  }

  void PaintToolbar(cairo_t* cr, const UiState& state, const UiGeometry& geometry) {
    FillRect(cr, {0, UiGeometry::kTabStripHeight, state.width, UiGeometry::kToolbarHeight},
             kToolbar);
    Arrow(cr, geometry.back_button(), true, state.can_go_back);
    Arrow(cr, geometry.forward_button(), false, state.can_go_forward);
    UiRect reload = geometry.reload_button();
    SetColor(cr, kMuted);
    cairo_set_line_width(cr, 2);
    double cx = reload.x + reload.width / 2.0, cy = reload.y + reload.height / 2.0;
    cairo_arc(cr, cx, cy, 7, -M_PI / 3, 1.6 * M_PI);
    cairo_stroke(cr);
    cairo_move_to(cr, cx + 7 * std::cos(-M_PI / 3) + 4, cy + 7 * std::sin(-M_PI / 3) - 1);
    cairo_rel_line_to(cr, -5, -4);
    cairo_rel_line_to(cr, 0, 7);
    cairo_close_path(cr);
    cairo_fill(cr);
    UiRect bar = geometry.address_bar();
    SetColor(cr, state.address_focused ? kToolbar : kAddressBackground);
    RoundedRect(cr, bar, bar.height / 2.0);
    cairo_fill_preserve(cr);
    SetColor(cr, state.address_focused ? kAccent : kAddressBackground);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
    UiRect text_box{bar.x + 14, bar.y, bar.width - 28, bar.height};
    if (state.address_focused && state.address_selected && !state.address.empty()) {
      constexpr Rgb kSelection{0xc2 / 255.0, 0xdb / 255.0, 0xff / 255.0};
      int width = std::min(StatusTextWidth(state.address), text_box.width);
      FillRect(cr, {text_box.x, bar.y + 6, width, bar.height - 12}, kSelection);
    }
    Text(cr, state.address, text_box, kText);
    if (state.address_focused && !state.address_selected) {
      PangoLayout* layout = Layout(cr, state.address, font_, -1);
      PangoRectangle caret;
      pango_layout_index_to_pos(
          layout, static_cast<int>(std::min(state.caret, state.address.size())), &caret);
      g_object_unref(layout);
      FillRect(cr, {text_box.x + caret.x / PANGO_SCALE, bar.y + 7, 1, bar.height - 14}, kText);
    }
    bool loading = state.active >= 0 && state.active < static_cast<int>(state.tabs.size()) &&
                   state.tabs[state.active].loading;
    if (loading) {
      UiRect line = geometry.loading_bar();
      FillRect(cr, {line.x, line.y, line.width / 3, line.height}, kAccent);
    }
  }

  void PaintSadTab(cairo_t* cr, const UiState& state, const UiRect& content) {
    FillRect(cr, content, kSadBackground);
    int x = content.x + std::max(24, content.width / 2 - 220);
    int y = content.y + std::max(24, content.height / 3 - 40);
    Text(cr, "Aw, Snap! This tab crashed", {x, y, 440, 30}, kText, big_font_);
    Text(cr, state.sad_tab, {x, y + 40, 440, 20}, kMuted);
    Text(cr, "Reload (Ctrl+R) to show it again.", {x, y + 66, 440, 20}, kMuted);
  }

  void PaintStatus(cairo_t* cr, const UiState& state, const UiGeometry& geometry) {
    UiRect line = geometry.status_line(StatusTextWidth(state.status));
    SetColor(cr, kAddressBackground);
    cairo_rectangle(cr, line.x, line.y, line.width, line.height);
    cairo_fill_preserve(cr);
    SetColor(cr, kDisabled);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    Text(cr, state.status, {line.x + 8, line.y, line.width - 12, line.height}, kMuted);
  }

  PangoFontDescription* font_;
  PangoFontDescription* big_font_;
};

}  // namespace
}  // namespace nexus::browser

extern "C" __attribute__((visibility("default"))) nexus::browser::UiPainter*
NexusCreateUiPainter() {
  static nexus::browser::Painter painter;
  return &painter;
}
