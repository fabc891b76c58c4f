#include "web/layout/image_decoder.h"

#include <gif_lib.h>
#include <librsvg/rsvg.h>
#include <webp/decode.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <string>

#include <jpeglib.h>

namespace nexus::web {
namespace {

Status CheckSize(int64_t width, int64_t height, const char* format) {
  if (width <= 0 || height <= 0)
    return Error(std::string(format) + " image has no pixels");
  if (width > kMaxImageSide || height > kMaxImageSide || width * height > kMaxImagePixels) {
    return Error(std::string(format) + " image of " + std::to_string(width) + "x" +
                 std::to_string(height) + " pixels is too large to decode");
  }
  return OkStatus();
}

Result<CairoSurface> NewSurface(int width, int height) {
  CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Error("cannot allocate a " + std::to_string(width) + "x" + std::to_string(height) +
                 " image");
  return surface;
}

uint32_t Premultiplied(uint8_t r, uint8_t g, uint8_t b, uint8_t a) {
  auto scale = [a](uint8_t c) { return static_cast<uint32_t>((c * a + 127) / 255); };
  return (uint32_t{a} << 24) | (scale(r) << 16) | (scale(g) << 8) | scale(b);
}

uint32_t ReadBigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

Result<CairoSurface> DecodePng(std::span<const uint8_t> bytes) {
  if (bytes.size() < 24)
    return Error("PNG image is truncated");
  TRY_STATUS(CheckSize(ReadBigEndian32(&bytes[16]), ReadBigEndian32(&bytes[20]), "PNG"));
  struct Reader {
    std::span<const uint8_t> bytes;
    size_t offset = 0;
  } reader{bytes};
  auto read = [](void* closure, unsigned char* data, unsigned int length) {
    auto* r = static_cast<Reader*>(closure);
    if (r->bytes.size() - r->offset < length)
      return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, r->bytes.data() + r->offset, length);
    r->offset += length;
    return CAIRO_STATUS_SUCCESS;
  };
  CairoSurface surface(cairo_image_surface_create_from_png_stream(read, &reader));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Error(std::string("PNG image does not decode: ") +
                 cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return surface;
}

struct JpegError {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

Result<CairoSurface> DecodeJpeg(std::span<const uint8_t> bytes) {
  jpeg_decompress_struct info{};
  JpegError error{};
  info.err = jpeg_std_error(&error.manager);
  // libjpeg's default reaction to bad data is exit(): jump back here instead.
  error.manager.error_exit = [](j_common_ptr common) {
    auto* e = reinterpret_cast<JpegError*>(common->err);
    e->manager.format_message(common, e->message);
    std::longjmp(e->jump, 1);
  };
  error.manager.output_message = [](j_common_ptr) {};
  // Locals changed between setjmp and longjmp must be volatile to be read after the jump.
  cairo_surface_t* volatile raw = nullptr;
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&info);
    if (raw)
      cairo_surface_destroy(raw);
    return Error(std::string("JPEG image does not decode: ") + error.message);
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, bytes.data(), bytes.size());
  jpeg_read_header(&info, TRUE);
  if (Status size = CheckSize(info.image_width, info.image_height, "JPEG"); !size.ok()) {
    jpeg_destroy_decompress(&info);
    return size.error();
  }
  info.out_color_space = JCS_EXT_BGRA;  // cairo's ARGB32 in little-endian memory order
  jpeg_start_decompress(&info);
  raw = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(info.output_width),
                                   static_cast<int>(info.output_height));
  if (cairo_surface_status(raw) != CAIRO_STATUS_SUCCESS) {
    jpeg_destroy_decompress(&info);
    cairo_surface_destroy(raw);
    return Error("cannot allocate the JPEG image");
  }
  unsigned char* pixels = cairo_image_surface_get_data(raw);
  int stride = cairo_image_surface_get_stride(raw);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = pixels + static_cast<size_t>(info.output_scanline) * stride;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  cairo_surface_mark_dirty(raw);
  return CairoSurface(raw);
}

Result<CairoSurface> DecodeGif(std::span<const uint8_t> bytes) {
  struct Reader {
    std::span<const uint8_t> bytes;
    size_t offset = 0;
  } reader{bytes};
  int error = 0;
  GifFileType* gif = DGifOpen(
      &reader,
      [](GifFileType* file, GifByteType* out, int length) {
        auto* r = static_cast<Reader*>(file->UserData);
        size_t n = std::min(static_cast<size_t>(length), r->bytes.size() - r->offset);
        std::memcpy(out, r->bytes.data() + r->offset, n);
        r->offset += n;
        return static_cast<int>(n);
      },
      &error);
  if (!gif)
    return Error(std::string("GIF image does not decode: ") + GifErrorString(error));
  auto close = [&] { DGifCloseFile(gif, &error); };
  if (Status size = CheckSize(gif->SWidth, gif->SHeight, "GIF"); !size.ok()) {
    close();
    return size.error();
  }
  if (DGifSlurp(gif) != GIF_OK || gif->ImageCount < 1) {
    std::string why = GifErrorString(gif->Error) ? GifErrorString(gif->Error) : "no frame";
    close();
    return Error("GIF image does not decode: " + why);
  }
  auto created = NewSurface(gif->SWidth, gif->SHeight);
  if (!created.ok()) {
    close();
    return created.error();
  }
  CairoSurface surface = std::move(created).value();
  const SavedImage& frame = gif->SavedImages[0];  // the first frame only
  GraphicsControlBlock control{};
  control.TransparentColor = NO_TRANSPARENT_COLOR;
  DGifSavedExtensionToGCB(gif, 0, &control);
  const ColorMapObject* colors =
      frame.ImageDesc.ColorMap ? frame.ImageDesc.ColorMap : gif->SColorMap;
  auto* pixels = reinterpret_cast<uint32_t*>(cairo_image_surface_get_data(surface.get()));
  int stride = cairo_image_surface_get_stride(surface.get()) / 4;
  const GifImageDesc& desc = frame.ImageDesc;
  for (int y = 0; y < desc.Height; ++y) {
    for (int x = 0; x < desc.Width; ++x) {
      int px = desc.Left + x, py = desc.Top + y;
      if (px < 0 || py < 0 || px >= gif->SWidth || py >= gif->SHeight || !colors)
        continue;
      int index = frame.RasterBits[static_cast<size_t>(y) * desc.Width + x];
      if (index == control.TransparentColor || index >= colors->ColorCount)
        continue;
      const GifColorType& c = colors->Colors[index];
      pixels[static_cast<size_t>(py) * stride + px] = Premultiplied(c.Red, c.Green, c.Blue, 255);
    }
  }
  close();
  cairo_surface_mark_dirty(surface.get());
  return surface;
}

Result<CairoSurface> DecodeWebp(std::span<const uint8_t> bytes) {
  int width = 0, height = 0;
  if (!WebPGetInfo(bytes.data(), bytes.size(), &width, &height))
    return Error("WebP image does not decode: bad header");
  TRY_STATUS(CheckSize(width, height, "WebP"));
  ASSIGN_OR_RETURN(CairoSurface surface, NewSurface(width, height));
  unsigned char* pixels = cairo_image_surface_get_data(surface.get());
  int stride = cairo_image_surface_get_stride(surface.get());
  if (!WebPDecodeBGRAInto(bytes.data(), bytes.size(), pixels, static_cast<size_t>(stride) * height,
                          stride))
    return Error("WebP image does not decode");
  for (int y = 0; y < height; ++y) {  // cairo wants premultiplied alpha
    auto* row = reinterpret_cast<uint32_t*>(pixels + static_cast<size_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      uint32_t p = row[x];
      row[x] = Premultiplied((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff, p >> 24);
    }
  }
  cairo_surface_mark_dirty(surface.get());
  return surface;
}

// SVG is XML text: an <svg> root within the first KiB, after an optional XML declaration,
// doctype or comments.
bool LooksLikeSvg(std::span<const uint8_t> bytes) {
  std::string_view head(reinterpret_cast<const char*>(bytes.data()),
                        std::min<size_t>(bytes.size(), 1024));
  size_t first = head.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  return first != std::string_view::npos && head[first] == '<' &&
         head.find("<svg") != std::string_view::npos;
}

Result<CairoSurface> DecodeSvg(std::span<const uint8_t> bytes) {
  GError* error = nullptr;
  RsvgHandle* handle = rsvg_handle_new_from_data(bytes.data(), bytes.size(), &error);
  if (!handle) {
    std::string why = error ? error->message : "unknown error";
    g_clear_error(&error);
    return Error("SVG image does not parse: " + why);
  }
  // Without a width and height of its own an SVG is 300x150, as an <img> in a browser.
  double width = 300, height = 150;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) || width <= 0 ||
      height <= 0) {
    width = 300;
    height = 150;
  }
  Status size = CheckSize(static_cast<int64_t>(std::ceil(width)),
                          static_cast<int64_t>(std::ceil(height)), "SVG");
  if (!size.ok()) {
    g_object_unref(handle);
    return size.error();
  }
  auto surface =
      NewSurface(static_cast<int>(std::ceil(width)), static_cast<int>(std::ceil(height)));
  if (!surface.ok()) {
    g_object_unref(handle);
    return surface.error();
  }
  cairo_t* cr = cairo_create(surface->get());
  RsvgRectangle viewport{0, 0, width, height};
  bool rendered = rsvg_handle_render_document(handle, cr, &viewport, &error);
  cairo_destroy(cr);
  g_object_unref(handle);
  if (!rendered) {
    std::string why = error ? error->message : "unknown error";
    g_clear_error(&error);
    return Error("SVG image does not render: " + why);
  }
  return std::move(surface).value();
}

bool StartsWith(std::span<const uint8_t> bytes, const char* magic, size_t offset = 0) {
  size_t length = std::strlen(magic);
  return bytes.size() >= offset + length && std::memcmp(bytes.data() + offset, magic, length) == 0;
}

}  // namespace

Result<CairoSurface> DecodeImage(std::span<const uint8_t> bytes) {
  if (StartsWith(bytes, "\x89PNG\r\n\x1a\n"))
    return DecodePng(bytes);
  if (StartsWith(bytes, "\xff\xd8\xff"))
    return DecodeJpeg(bytes);
  if (StartsWith(bytes, "GIF87a") || StartsWith(bytes, "GIF89a"))
    return DecodeGif(bytes);
  if (StartsWith(bytes, "RIFF") && StartsWith(bytes, "WEBP", 8))
    return DecodeWebp(bytes);
  if (LooksLikeSvg(bytes))
    return DecodeSvg(bytes);
  return Error("not an image in a format Nexus decodes (PNG, JPEG, GIF, WebP, SVG)");
}

}  // namespace nexus::web
