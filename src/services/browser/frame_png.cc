#include "services/browser/frame_png.h"

#include <png.h>

#include <cstdio>
#include <vector>

#include "base/scoped_fd.h"

namespace nexus::browser {

Status ValidateFrame(const FrameView& frame) {
  constexpr int kMaxSide = 32768;
  if (frame.width <= 0 || frame.height <= 0 || frame.width > kMaxSide || frame.height > kMaxSide)
    return Error("frame of " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                 " pixels");
  if (frame.stride < frame.width * 4 || frame.stride % 4 != 0)
    return Error("frame stride " + std::to_string(frame.stride) + " for width " +
                 std::to_string(frame.width));
  if (frame.pixels.size() != static_cast<size_t>(frame.stride) * frame.height)
    return Error("frame of " + std::to_string(frame.pixels.size()) + " bytes for " +
                 std::to_string(frame.width) + "x" + std::to_string(frame.height));
  return OkStatus();
}

Status WriteFramePng(const FrameView& frame, const std::string& path) {
  TRY_STATUS(ValidateFrame(frame));
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file)
    return ErrnoError("write " + path);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    std::fclose(file);
    return Error("write " + path + ": out of memory");
  }
  // libpng reports errors by longjmp; nothing with a destructor lives between here and there.
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    std::fclose(file);
    return Error("write " + path + ": PNG encoding failed");
  }
  png_init_io(png, file);
  // Pages are painted on an opaque canvas: RGB, and fast settings (a screenshot is written
  // once, read rarely; level 1 with the Sub filter is 4x faster than the default, ~15 % larger).
  png_set_compression_level(png, 1);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_set_IHDR(png, info, frame.width, frame.height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  std::vector<png_byte> row(static_cast<size_t>(frame.width) * 3);
  for (int y = 0; y < frame.height; ++y) {
    const auto* pixels = reinterpret_cast<const uint32_t*>(frame.pixels.data() +
                                                           static_cast<size_t>(y) * frame.stride);
    for (int x = 0; x < frame.width; ++x) {
      // Premultiplied ARGB over white, so that a translucent pixel shows as it would on screen.
      uint32_t p = pixels[x];
      uint32_t transparent = 255 - (p >> 24);
      row[x * 3] = static_cast<png_byte>(((p >> 16) & 0xff) + transparent);
      row[x * 3 + 1] = static_cast<png_byte>(((p >> 8) & 0xff) + transparent);
      row[x * 3 + 2] = static_cast<png_byte>((p & 0xff) + transparent);
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  if (std::fclose(file) != 0)
    return ErrnoError("write " + path);
  return OkStatus();
}

}  // namespace nexus::browser
