#include "web/layout/image_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace nexus::web {
namespace {

std::vector<uint8_t> PngOf(int width, int height, double r, double g, double b) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, r, g, b);
  cairo_paint(cr);
  cairo_destroy(cr);
  std::vector<uint8_t> bytes;
  cairo_surface_write_to_png_stream(
      surface,
      [](void* closure, const unsigned char* data, unsigned int length) {
        auto* out = static_cast<std::vector<uint8_t>*>(closure);
        out->insert(out->end(), data, data + length);
        return CAIRO_STATUS_SUCCESS;
      },
      &bytes);
  cairo_surface_destroy(surface);
  return bytes;
}

// A PNG signature and an IHDR chunk claiming `width` x `height`: a few bytes that would
// decode to gigabytes.
std::vector<uint8_t> PngHeaderClaiming(uint32_t width, uint32_t height) {
  std::vector<uint8_t> bytes = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                'I',  'H', 'D', 'R'};
  for (uint32_t value : {width, height}) {
    for (int shift : {24, 16, 8, 0})
      bytes.push_back(static_cast<uint8_t>(value >> shift));
  }
  bytes.insert(bytes.end(), {8, 6, 0, 0, 0, 0, 0, 0, 0});
  return bytes;
}

TEST(ImageDecoder, DecodesAPngToItsPixels) {
  auto image = DecodeImage(PngOf(7, 3, 0, 0, 1));
  ASSERT_TRUE(image.ok()) << image.error().message();
  EXPECT_EQ(cairo_image_surface_get_width(image->get()), 7);
  EXPECT_EQ(cairo_image_surface_get_height(image->get()), 3);
  auto* pixel = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(image->get()));
  EXPECT_EQ(pixel[0] & 0xffffff, 0x0000ffu);
}

TEST(ImageDecoder, RendersSvgAtItsIntrinsicSizeOr300By150) {
  std::string svg =
      "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='4'>"
      "<rect width='8' height='4' fill='#ff0000'/></svg>";
  auto image = DecodeImage({reinterpret_cast<const uint8_t*>(svg.data()), svg.size()});
  ASSERT_TRUE(image.ok()) << image.error().message();
  EXPECT_EQ(cairo_image_surface_get_width(image->get()), 8);
  EXPECT_EQ(cairo_image_surface_get_height(image->get()), 4);
  auto* pixel = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(image->get()));
  EXPECT_EQ(pixel[0], 0xffff0000u);
  std::string sizeless = "<svg xmlns='http://www.w3.org/2000/svg'><circle r='5'/></svg>";
  auto defaulted =
      DecodeImage({reinterpret_cast<const uint8_t*>(sizeless.data()), sizeless.size()});
  ASSERT_TRUE(defaulted.ok()) << defaulted.error().message();
  EXPECT_EQ(cairo_image_surface_get_width(defaulted->get()), 300);
  std::string huge = "<svg xmlns='http://www.w3.org/2000/svg' width='100000' height='100000'/>";
  EXPECT_FALSE(DecodeImage({reinterpret_cast<const uint8_t*>(huge.data()), huge.size()}).ok());
  std::string broken = "<svg xmlns='http://www.w3.org/2000/svg'><rect";
  EXPECT_FALSE(DecodeImage({reinterpret_cast<const uint8_t*>(broken.data()), broken.size()}).ok());
}

TEST(ImageDecoder, RefusesHugeImagesBeforeDecodingAPixel) {
  auto huge = DecodeImage(PngHeaderClaiming(100000, 100000));
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message().find("too large"), std::string::npos) << huge.error().message();
  EXPECT_FALSE(DecodeImage(PngHeaderClaiming(0, 10)).ok());
}

TEST(ImageDecoder, GarbageTruncatedAndEmptyInputAreErrors) {
  std::vector<uint8_t> garbage(300, 0x5a);
  EXPECT_FALSE(DecodeImage(garbage).ok());
  EXPECT_FALSE(DecodeImage({}).ok());
  auto png = PngOf(20, 20, 1, 0, 0);
  png.resize(png.size() / 2);
  EXPECT_FALSE(DecodeImage(png).ok()) << "a PNG cut in half";
  std::vector<uint8_t> jpeg_start = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
  EXPECT_FALSE(DecodeImage(jpeg_start).ok());
  std::vector<uint8_t> gif_start = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0};
  EXPECT_FALSE(DecodeImage(gif_start).ok());
  std::vector<uint8_t> webp_start = {'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'E', 'B', 'P'};
  EXPECT_FALSE(DecodeImage(webp_start).ok());
}

}  // namespace
}  // namespace nexus::web
