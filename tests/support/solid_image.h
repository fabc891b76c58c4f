// An image of one colour, as a decoded subresource, for the layout tests.
#pragma once

#include <cairo.h>

#include "web/layout/image_decoder.h"

namespace nexus::web {

inline CairoSurface SolidImage(int width, int height, double r, double g, double b) {
  CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  cairo_t* cr = cairo_create(surface.get());
  cairo_set_source_rgb(cr, r, g, b);
  cairo_paint(cr);
  cairo_destroy(cr);
  return surface;
}

}  // namespace nexus::web
