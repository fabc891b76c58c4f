#include "services/browser/frame_png.h"

#include <cairo.h>

namespace nexus::browser {

Status ValidateFrame(const FrameView& frame) {
  constexpr int kMaxSide = 32768;
  if (frame.width <= 0 || frame.height <= 0 || frame.width > kMaxSide || frame.height > kMaxSide)
    return Error("frame of " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                 " pixels");
  if (frame.stride != cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, frame.width))
    return Error("frame stride " + std::to_string(frame.stride) + " for width " +
                 std::to_string(frame.width));
  if (frame.pixels.size() != static_cast<size_t>(frame.stride) * frame.height)
    return Error("frame of " + std::to_string(frame.pixels.size()) + " bytes for " +
                 std::to_string(frame.width) + "x" + std::to_string(frame.height));
  return OkStatus();
}

Status WriteFramePng(const FrameView& frame, const std::string& path) {
  TRY_STATUS(ValidateFrame(frame));
  // cairo only reads the pixels to encode them; the mapping stays read-only.
  cairo_surface_t* surface = cairo_image_surface_create_for_data(
      const_cast<uint8_t*>(frame.pixels.data()), CAIRO_FORMAT_ARGB32, frame.width, frame.height,
      frame.stride);
  cairo_status_t status = cairo_surface_write_to_png(surface, path.c_str());
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return Error("write " + path + ": " + cairo_status_to_string(status));
  return OkStatus();
}

}  // namespace nexus::browser
