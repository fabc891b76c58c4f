// Image bytes (from main, never from a file) to a cairo surface the painter can draw:
// PNG (cairo), JPEG (libjpeg-turbo), GIF (giflib, first frame), WebP (libwebp), SVG (librsvg,
// rendered at its intrinsic size; it cannot load anything: it has no base URL). The format is
// sniffed from the bytes, as browsers do, not taken from a name or a MIME type.
#pragma once

#include <cairo.h>

#include <cstdint>
#include <memory>
#include <span>

#include "base/result.h"

namespace nexus::web {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using CairoSurface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

// Larger images are refused before any pixel is decoded (a 50,000 x 50,000 PNG is a few KB
// and 10 GB decoded).
inline constexpr int64_t kMaxImagePixels = 64ll << 20;
inline constexpr int kMaxImageSide = 32767;

Result<CairoSurface> DecodeImage(std::span<const uint8_t> bytes);

}  // namespace nexus::web
