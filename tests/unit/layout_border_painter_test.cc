#include "web/layout/border_painter.h"

#include <gtest/gtest.h>

#include "web/dom/html_parser.h"
#include "web/layout/page_layout.h"

namespace nexus::web {
namespace {

// Pixels of `body` painted at 120x120.
class Painted {
 public:
  explicit Painted(const std::string& body)
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 120, 120)) {
    auto document = dom::ParseHtml("<!doctype html><body style='margin:0'>" + body);
    PageResources resources;
    auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
    layout->Layout(120, 120);
    cairo_t* cr = cairo_create(surface_);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    layout->Paint(cr, 0, 0, 120, 120);
    cairo_destroy(cr);
    cairo_surface_flush(surface_);
  }
  ~Painted() { cairo_surface_destroy(surface_); }
  uint32_t operator()(int x, int y) const {
    auto* row = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(surface_) +
                                                  y * cairo_image_surface_get_stride(surface_));
    return row[x] & 0xffffff;
  }

 private:
  cairo_surface_t* surface_;
};

// The figures are the pixels headless Chromium paints for the same borders.
TEST(BorderPainter, ShadedStylesAsChromiumShadesThem) {
  Painted inset(
      "<div style='border:4px inset black;height:20px;width:50px'></div>"
      "<div style='border:4px outset gray;height:20px;width:50px'></div>");
  EXPECT_EQ(inset(20, 1), 0x545454u) << "inset: dark top";
  EXPECT_EQ(inset(1, 10), 0x545454u) << "and left";
  EXPECT_EQ(inset(20, 26), 0xa8a8a8u) << "light bottom";
  EXPECT_EQ(inset(56, 10), 0xa8a8a8u) << "and right";
  EXPECT_EQ(inset(20, 29), 0xd4d4d4u) << "outset: light top";
  EXPECT_EQ(inset(20, 55), 0x2c2c2cu) << "dark bottom";
  EXPECT_EQ(layout::DarkShade({200, 0, 0, 1, false}), (css::Color{116, 0, 0, 1, false}));
  EXPECT_EQ(layout::LightShade({200, 0, 0, 1, false}), (css::Color{255, 0, 0, 1, false}));
}

TEST(BorderPainter, SidesMeetOnTheDiagonalAndCornersRound) {
  Painted sides(
      "<div style='border-style:solid;border-width:10px;border-color:rgb(255,0,0) "
      "rgb(0,0,255);width:40px;height:40px'></div><div style='margin-top:10px;"
      "width:60px;height:40px;border-radius:20px;background:rgb(0,128,0)'></div>");
  EXPECT_EQ(sides(8, 2), 0xff0000u) << "above the diagonal: the top's";
  EXPECT_EQ(sides(2, 8), 0x0000ffu) << "below it: the left's";
  EXPECT_EQ(sides(1, 71), 0xffffffu) << "outside the rounded corner";
  EXPECT_EQ(sides(30, 90), 0x008000u);
}

}  // namespace
}  // namespace nexus::web
