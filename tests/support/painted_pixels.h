// The pixels a page layout paints for the viewport at the top of the page, on white, for
// tests that compare two layouts of one page.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <vector>

#include "web/layout/page_layout.h"

namespace nexus::web {

inline std::vector<uint8_t> PaintedPixels(PageLayout& layout, int width = 800, int height = 600) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  layout.Paint(cr, 0, 0, width, height);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  const uint8_t* data = cairo_image_surface_get_data(surface);
  std::vector<uint8_t> pixels(data, data + cairo_image_surface_get_stride(surface) * height);
  cairo_surface_destroy(surface);
  return pixels;
}

}  // namespace nexus::web
