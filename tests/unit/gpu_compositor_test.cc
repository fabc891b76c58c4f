// Both compositor backends draw the same scenes to the same pixels: GL on Mesa's llvmpipe
// here (a GPU's driver where there is one) and pixman.
#include <gtest/gtest.h>

#include <cstring>

#include "services/gpu/gpu_backends.h"

namespace nexus::gpu {
namespace {

// A layer whose every pixel says where it is, premultiplied ARGB32.
Image Pattern(int width, int height, uint8_t alpha = 255) {
  Image image;
  image.width = width;
  image.height = height;
  image.stride = width * 4;
  image.pixels.resize(static_cast<size_t>(image.stride) * height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      uint8_t* p = image.pixels.data() + static_cast<size_t>(y) * image.stride + x * 4;
      p[0] = static_cast<uint8_t>((x * 7) % 256 * alpha / 255);  // B
      p[1] = static_cast<uint8_t>((y * 3) % 256 * alpha / 255);  // G
      p[2] = static_cast<uint8_t>((x + y) % 256 * alpha / 255);  // R
      p[3] = alpha;
    }
  }
  return image;
}

uint32_t PixelAt(const Image& image, int x, int y) {
  uint32_t pixel;
  std::memcpy(&pixel, image.pixels.data() + static_cast<size_t>(y) * image.stride + x * 4, 4);
  return pixel;
}

// The largest difference of one channel between two images of one size.
int MaxDifference(const Image& a, const Image& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  int worst = 0;
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width * 4; ++x)
      worst = std::max(worst, std::abs(a.pixels[static_cast<size_t>(y) * a.stride + x] -
                                       b.pixels[static_cast<size_t>(y) * b.stride + x]));
  return worst;
}

class CompositorTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    auto backends = LoadGpuBackends();
    ASSERT_TRUE(backends.ok()) << backends.error().message();
    auto made = GetParam() ? (*backends)->CreateHeadlessGl(320, 240)
                           : (*backends)->CreateHeadlessSoftware(320, 240);
    ASSERT_TRUE(made.ok()) << made.error().message();
    compositor_ = std::move(made).value();
  }
  std::unique_ptr<Compositor> compositor_;
};

TEST_P(CompositorTest, CopiesAScrolledLayerPixelForPixel) {
  Image page = Pattern(300, 900);
  ASSERT_TRUE(compositor_->SetLayer(1, page.view(), {}).ok());
  // The page's rows 400.. show below a 40-pixel toolbar; white where the page ends.
  DrawQuad quads[] = {{.layer = 0, .source = {0, 0, 320, 240}, .color = 0xffffffff},
                      {.layer = 1, .source = {0, 400, 300, 200}, .x = 0, .y = 40}};
  ASSERT_TRUE(compositor_->Draw(quads, {0, 0, 320, 240}).ok());
  auto output = compositor_->ReadOutput();
  ASSERT_TRUE(output.ok()) << output.error().message();
  EXPECT_EQ(compositor_->is_gpu(), GetParam());
  for (auto [x, y] : {std::pair{0, 40}, {17, 41}, {299, 239}, {150, 100}})
    EXPECT_EQ(PixelAt(*output, x, y), PixelAt(page, x, y - 40 + 400)) << x << "," << y;
  EXPECT_EQ(PixelAt(*output, 310, 100), 0xffffffffu);
  EXPECT_EQ(PixelAt(*output, 5, 5), 0xffffffffu);
}

TEST_P(CompositorTest, RedrawsOnlyTheDamage) {
  Image first = Pattern(320, 240);
  ASSERT_TRUE(compositor_->SetLayer(7, first.view(), {}).ok());
  DrawQuad quad{.layer = 7, .source = {0, 0, 320, 240}};
  ASSERT_TRUE(compositor_->Draw({&quad, 1}, {0, 0, 320, 240}).ok());
  // New pixels everywhere, but only a 10x10 square is said to be damaged and drawn.
  Image second = Pattern(320, 240, 128);
  Rect damage{100, 100, 10, 10};
  ASSERT_TRUE(compositor_->SetLayer(7, second.view(), {&damage, 1}).ok());
  ASSERT_TRUE(compositor_->Draw({&quad, 1}, damage).ok());
  auto output = compositor_->ReadOutput();
  ASSERT_TRUE(output.ok());
  EXPECT_EQ(PixelAt(*output, 105, 105), PixelAt(second, 105, 105));
  EXPECT_EQ(PixelAt(*output, 99, 105), PixelAt(first, 99, 105));
  EXPECT_EQ(PixelAt(*output, 110, 110), PixelAt(first, 110, 110));
}

TEST_P(CompositorTest, ALayerSetAgainWithoutDamageIsTakenWhole) {
  Image first = Pattern(64, 64), second = Pattern(64, 64, 100);
  DrawQuad quad{.layer = 4, .source = {0, 0, 64, 64}};
  ASSERT_TRUE(compositor_->SetLayer(4, first.view(), {}).ok());
  ASSERT_TRUE(compositor_->Draw({&quad, 1}, {0, 0, 64, 64}).ok());
  ASSERT_TRUE(compositor_->SetLayer(4, second.view(), {}).ok());
  ASSERT_TRUE(compositor_->Draw({&quad, 1}, {0, 0, 64, 64}).ok());
  auto output = compositor_->ReadOutput();
  ASSERT_TRUE(output.ok());
  EXPECT_EQ(PixelAt(*output, 40, 40), PixelAt(second, 40, 40));
}

TEST_P(CompositorTest, BlendsPremultipliedOverlays) {
  Image page = Pattern(320, 240);
  Image overlay = Pattern(100, 20, 128);
  ASSERT_TRUE(compositor_->SetLayer(1, page.view(), {}).ok());
  ASSERT_TRUE(compositor_->SetLayer(2, overlay.view(), {}).ok());
  DrawQuad quads[] = {
      {.layer = 1, .source = {0, 0, 320, 240}},
      {.layer = 2, .source = {0, 0, 100, 20}, .x = 10, .y = 200, .blend = true},
      {.layer = 0, .source = {0, 0, 50, 4}, .x = 0, .y = 0, .blend = true, .color = 0x800000ff}};
  ASSERT_TRUE(compositor_->Draw(quads, {0, 0, 320, 240}).ok());
  auto output = compositor_->ReadOutput();
  ASSERT_TRUE(output.ok());
  // OVER: out = overlay + page * (1 - alpha), per channel.
  uint32_t below = PixelAt(page, 60, 210), above = PixelAt(overlay, 50, 10);
  uint32_t got = PixelAt(*output, 60, 210);
  for (int shift : {0, 8, 16, 24}) {
    int expected = static_cast<int>((above >> shift) & 0xff) +
                   static_cast<int>((below >> shift) & 0xff) * (255 - 128) / 255;
    EXPECT_NEAR(static_cast<int>((got >> shift) & 0xff), expected, 2) << shift;
  }
  // Half-transparent blue over the page's corner.
  uint32_t corner = PixelAt(*output, 1, 1), page_corner = PixelAt(page, 1, 1);
  EXPECT_NEAR(static_cast<int>(corner & 0xff), 128 + (page_corner & 0xff) * 127 / 255, 2);
}

TEST_P(CompositorTest, RefusesWhatItCannotDraw) {
  DrawQuad quad{.layer = 9, .source = {0, 0, 10, 10}};
  auto missing = compositor_->Draw({&quad, 1}, {0, 0, 320, 240});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("no layer 9"), std::string::npos);
  Image bad = Pattern(10, 10);
  bad.stride = 8;  // shorter than a row
  EXPECT_FALSE(compositor_->SetLayer(3, bad.view(), {}).ok());
  EXPECT_FALSE(compositor_->Resize(0, 100).ok());
  EXPECT_FALSE(compositor_->Resize(100, 1 << 20).ok());
}

TEST_P(CompositorTest, ResizingKeepsDrawing) {
  ASSERT_TRUE(compositor_->Resize(64, 32).ok());
  Image layer = Pattern(64, 32);
  ASSERT_TRUE(compositor_->SetLayer(1, layer.view(), {}).ok());
  DrawQuad quad{.layer = 1, .source = {0, 0, 64, 32}};
  ASSERT_TRUE(compositor_->Draw({&quad, 1}, {0, 0, 64, 32}).ok());
  auto output = compositor_->ReadOutput();
  ASSERT_TRUE(output.ok());
  EXPECT_EQ(output->width, 64);
  EXPECT_EQ(output->height, 32);
  EXPECT_EQ(MaxDifference(*output, layer), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         CompositorTest,
                         ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Gl" : "Software"; });

TEST(Compositors, GlAndSoftwareDrawTheSameFrame) {
  auto backends = LoadGpuBackends();
  ASSERT_TRUE(backends.ok());
  auto gl = (*backends)->CreateHeadlessGl(400, 300);
  auto software = (*backends)->CreateHeadlessSoftware(400, 300);
  ASSERT_TRUE(gl.ok()) << gl.error().message();
  ASSERT_TRUE(software.ok());
  Image page = Pattern(400, 1000), ui = Pattern(400, 300, 200);
  DrawQuad quads[] = {{.layer = 1, .source = {0, 123, 400, 260}, .x = 0, .y = 40},
                      {.layer = 2, .source = {0, 0, 400, 40}},
                      {.layer = 2, .source = {0, 280, 200, 20}, .x = 0, .y = 280, .blend = true}};
  for (Compositor* compositor : {gl->get(), software->get()}) {
    ASSERT_TRUE(compositor->SetLayer(1, page.view(), {}).ok());
    ASSERT_TRUE(compositor->SetLayer(2, ui.view(), {}).ok());
    ASSERT_TRUE(compositor->Draw(quads, {0, 0, 400, 300}).ok());
  }
  auto a = (*gl)->ReadOutput(), b = (*software)->ReadOutput();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LE(MaxDifference(*a, *b), 1);     // blending rounds differently by at most 1
  EXPECT_FALSE((*gl)->backend().empty());  // the GL renderer's name
}

}  // namespace
}  // namespace nexus::gpu
