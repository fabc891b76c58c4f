// litehtml's document_container on pango (text, with fontconfig) and cairo (everything
// else): fonts and their metrics, text, backgrounds and images, borders, list markers,
// clipping, and the stylesheets and images main fetched.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <litehtml.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "web/layout/page_layout.h"
#include "web/url/url.h"

namespace nexus::web {

class CairoContainer : public litehtml::document_container {
 public:
  CairoContainer(Url base, const PageResources& resources);
  ~CairoContainer();

  void set_viewport(int width, int height) {
    viewport_width_ = width;
    viewport_height_ = height;
  }
  // An href or src as an absolute URL; empty if it does not resolve.
  std::string Resolve(const std::string& reference, const std::string& base_url = "") const;

  litehtml::uint_ptr create_font(const litehtml::tchar_t* face_name,
                                 int size,
                                 int weight,
                                 litehtml::font_style italic,
                                 unsigned int decoration,
                                 litehtml::font_metrics* metrics) override;
  void delete_font(litehtml::uint_ptr font) override;
  int text_width(const litehtml::tchar_t* text, litehtml::uint_ptr font) override;
  void draw_text(litehtml::uint_ptr hdc,
                 const litehtml::tchar_t* text,
                 litehtml::uint_ptr font,
                 litehtml::web_color color,
                 const litehtml::position& pos) override;
  int pt_to_px(int pt) const override { return pt * 96 / 72; }
  int get_default_font_size() const override { return 16; }
  const litehtml::tchar_t* get_default_font_name() const override { return "Times New Roman"; }
  void draw_list_marker(litehtml::uint_ptr hdc, const litehtml::list_marker& marker) override;
  void load_image(const litehtml::tchar_t*, const litehtml::tchar_t*, bool) override {}
  void get_image_size(const litehtml::tchar_t* src,
                      const litehtml::tchar_t* baseurl,
                      litehtml::size& size) override;
  void draw_background(litehtml::uint_ptr hdc, const litehtml::background_paint& bg) override;
  void draw_borders(litehtml::uint_ptr hdc,
                    const litehtml::borders& borders,
                    const litehtml::position& draw_pos,
                    bool root) override;
  void set_caption(const litehtml::tchar_t*) override {}
  void set_base_url(const litehtml::tchar_t* base_url) override;
  void link(const std::shared_ptr<litehtml::document>&, const litehtml::element::ptr&) override {}
  void on_anchor_click(const litehtml::tchar_t*, const litehtml::element::ptr&) override {}
  void set_cursor(const litehtml::tchar_t*) override {}
  void transform_text(litehtml::tstring& text, litehtml::text_transform transform) override;
  void import_css(litehtml::tstring& text,
                  const litehtml::tstring& url,
                  litehtml::tstring& baseurl) override;
  void set_clip(const litehtml::position& pos,
                const litehtml::border_radiuses& radius,
                bool valid_x,
                bool valid_y) override;
  void del_clip() override;
  void get_client_rect(litehtml::position& client) const override;
  std::shared_ptr<litehtml::element> create_element(
      const litehtml::tchar_t*,
      const litehtml::string_map&,
      const std::shared_ptr<litehtml::document>&) override {
    return nullptr;
  }
  void get_media_features(litehtml::media_features& media) const override;
  void get_language(litehtml::tstring& language, litehtml::tstring& culture) const override;

 private:
  struct Font;
  const cairo_surface_t* FindImage(const std::string& src, const std::string& base_url) const;
  void ApplyClips(cairo_t* cr) const;

  Url base_;
  const PageResources& resources_;
  int viewport_width_ = 800;
  int viewport_height_ = 600;
  std::vector<litehtml::position> clips_;
  // Measuring happens on a 1x1 surface: widths do not depend on the target.
  cairo_surface_t* measure_surface_;
  cairo_t* measure_cr_;
};

}  // namespace nexus::web
