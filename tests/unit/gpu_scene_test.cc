#include "services/gpu/scene.h"

#include <gtest/gtest.h>

#include <vector>

namespace nexus::gpu {
namespace {

// How many opaque quads cover each output pixel, and which layer the last one is.
struct Coverage {
  std::vector<int> count;
  std::vector<LayerId> layer;
  int width;
  int at(int x, int y) const { return count[y * width + x]; }
  LayerId layer_at(int x, int y) const { return layer[y * width + x]; }
};

Coverage Cover(const Scene& scene) {
  Coverage coverage{std::vector<int>(scene.output.width * scene.output.height),
                    std::vector<LayerId>(scene.output.width * scene.output.height),
                    scene.output.width};
  for (const DrawQuad& quad : QuadsOf(scene)) {
    if (quad.blend)
      continue;
    for (int y = quad.y; y < quad.y + quad.source.height; ++y) {
      for (int x = quad.x; x < quad.x + quad.source.width; ++x) {
        ++coverage.count[y * scene.output.width + x];
        coverage.layer[y * scene.output.width + x] = quad.layer;
      }
    }
  }
  return coverage;
}

Scene Window() {
  Scene scene;
  scene.output = {0, 0, 200, 150};
  scene.ui_layer = 1;
  scene.content = {0, 30, 200, 120};
  return scene;
}

TEST(SceneQuads, EveryPixelIsDrawnOnceWithTheBandInTheContentArea) {
  Scene scene = Window();
  scene.page = {.layer = 5, .top = 100, .width = 200, .height = 300, .scroll_y = 150};
  Coverage coverage = Cover(scene);
  for (int y = 0; y < 150; ++y)
    for (int x = 0; x < 200; ++x)
      ASSERT_EQ(coverage.at(x, y), 1) << x << "," << y;
  EXPECT_EQ(coverage.layer_at(10, 10), 1u);
  EXPECT_EQ(coverage.layer_at(10, 40), 5u);
  // Output row 40 shows page row 150 + 10, which is band row 60.
  for (const DrawQuad& quad : QuadsOf(scene)) {
    if (quad.layer == 5) {
      EXPECT_EQ(quad.source.y, 50);
      EXPECT_EQ(quad.y, 30);
      EXPECT_EQ(quad.source.height, 120);
    }
  }
}

TEST(SceneQuads, WhereTheBandEndsThePageCanvasIsWhite) {
  Scene scene = Window();
  // The band has page rows 0..100 at 150 wide; the view starts at row 40.
  scene.page = {.layer = 5, .top = 0, .width = 150, .height = 100, .scroll_y = 40};
  Coverage coverage = Cover(scene);
  for (int y = 0; y < 150; ++y)
    for (int x = 0; x < 200; ++x)
      ASSERT_EQ(coverage.at(x, y), 1) << x << "," << y;
  EXPECT_EQ(coverage.layer_at(10, 30 + 59), 5u);  // page row 99
  EXPECT_EQ(coverage.layer_at(10, 30 + 60), 0u);  // page row 100: white
  EXPECT_EQ(coverage.layer_at(160, 35), 0u);      // right of the band: white
}

TEST(SceneQuads, ASadTabOrNoFrameShowsTheUiOrWhite) {
  Scene sad = Window();
  sad.content = {};
  auto quads = QuadsOf(sad);
  ASSERT_EQ(quads.size(), 1u);
  EXPECT_EQ(quads[0].layer, 1u);
  Scene waiting = Window();  // no band yet
  Coverage coverage = Cover(waiting);
  EXPECT_EQ(coverage.layer_at(10, 100), 0u);
  EXPECT_EQ(coverage.at(10, 100), 1);
}

TEST(SceneQuads, OverlaysAreBlendedOverThePageLast) {
  Scene scene = Window();
  scene.page = {.layer = 5, .top = 0, .width = 200, .height = 400, .scroll_y = 0};
  scene.overlays = {{0, 130, 80, 20}};
  auto quads = QuadsOf(scene);
  ASSERT_FALSE(quads.empty());
  EXPECT_TRUE(quads.back().blend);
  EXPECT_EQ(quads.back().layer, 1u);
  EXPECT_EQ(quads.back().source, (Rect{0, 130, 80, 20}));
}

}  // namespace
}  // namespace nexus::gpu
