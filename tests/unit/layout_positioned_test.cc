#include <gtest/gtest.h>

#include "../support/expect_boxes.h"

namespace nexus::web {
namespace {

// The figures are headless Chromium's for the same markup.
TEST(PositionedLayout, RelativeOffsetsAndAbsoluteBoxesInTheirContainingBlock) {
  ExpectBoxes(
      "<div id=rel style='position:relative;left:10px;top:5px;height:100px;width:300px'>"
      "<div id=abs1 style='position:absolute;right:0;bottom:0;width:50px;height:20px'></div>"
      "<div id=abs2 style='position:absolute;left:20px;top:30px;padding:5px'>abs text</div>"
      "<div id=abs3 style='position:absolute;left:0;right:0;top:60px;height:10px'></div>"
      "<p id=inflow style='margin:0'>in flow</p><div id=stat style='position:absolute'>static "
      "pos</div></div><div id=fixed style='position:fixed;right:10px;top:10px;width:30px;"
      "height:30px'></div><div id=after style='height:20px'></div><div id=centred "
      "style='position:absolute;left:0;right:0;width:100px;margin:auto;top:300px;"
      "height:10px'></div>",
      "rel:18,13,300,100 abs1:268,93,50,20 abs2:38,43,59,28 abs3:18,73,300,10 "
      "inflow:18,13,300,18 stat:18,31,60,18 fixed:760,10,30,30 after:8,108,784,20 "
      "centred:350,300,100,10");
}

TEST(PositionedLayout, HigherZIndexPaintsOnTopWhateverTheOrder) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin:0'><div style='position:absolute;left:0;top:0;"
      "width:50px;height:50px;background:rgb(255,0,0);z-index:2'></div><div "
      "style='position:absolute;left:20px;top:20px;width:50px;height:50px;"
      "background:rgb(0,0,255);z-index:1'></div><div style='position:relative;"
      "width:100px;height:100px;background:rgb(0,255,0);z-index:-1'></div>");
  PageResources resources;
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
  layout->Layout(200, 200);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 200);
  cairo_t* cr = cairo_create(surface);
  layout->Paint(cr, 0, 0, 200, 200);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  auto pixel = [&](int x, int y) {
    auto* row = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(surface) +
                                                  y * cairo_image_surface_get_stride(surface));
    return row[x] & 0xffffff;
  };
  EXPECT_EQ(pixel(30, 30), 0xff0000u) << "z-index 2 over z-index 1, though it comes first";
  EXPECT_EQ(pixel(60, 60), 0x0000ffu) << "z-index 1 over the in-flow box with z-index -1";
  EXPECT_EQ(pixel(90, 90), 0x00ff00u);
  cairo_surface_destroy(surface);
}

}  // namespace
}  // namespace nexus::web
