#include "web/layout/nexus_layout.h"

#include <gtest/gtest.h>

#include "web/dom/html_parser.h"

namespace nexus::web {
namespace {

// The new engine end to end: style, boxes, block and inline layout, paint.
TEST(NexusLayout, LaysOutHitTestsAndPaintsAPage) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin: 8px'><div id=box style='height: 40px; "
      "margin: 12px 0; background: rgb(0, 128, 255); border: 4px solid rgb(255, 0, 0)'></div>"
      "<p id=text style='margin: 0'>Some text <a href='/next'>with a link</a></p></body>");
  PageResources resources;
  auto layout = CreateNexusPageLayout(*document, *ParseUrl("http://example.test/page"), resources);
  layout->Layout(800, 600);
  const dom::Element* box = document->GetElementsByTagName("div").front();
  ASSERT_TRUE(layout->BoxOf(*box));
  ElementBox where = *layout->BoxOf(*box);
  EXPECT_EQ(where.x, 8);
  EXPECT_EQ(where.y, 12);
  EXPECT_EQ(where.width, 784);
  EXPECT_EQ(where.height, 48);
  ElementBox text = *layout->BoxOf(*document->GetElementsByTagName("p").front());
  EXPECT_EQ(text.y, 12 + 48 + 12);
  EXPECT_GT(text.height, 10) << "a line of text";
  EXPECT_EQ(layout->document_height(), 600);

  auto hit = layout->HitTest(100, 30);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->id, "box");

  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 600);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  layout->Paint(cr, 0, 0, 800, 600);
  cairo_surface_flush(surface);
  auto pixel = [&](int x, int y) {
    auto* row = reinterpret_cast<uint32_t*>(cairo_image_surface_get_data(surface) +
                                            y * cairo_image_surface_get_stride(surface));
    return row[x] & 0xffffff;
  };
  EXPECT_EQ(pixel(400, 30), 0x0080ffu) << "the background";
  EXPECT_EQ(pixel(400, 13), 0xff0000u) << "the top border";
  EXPECT_EQ(pixel(400, 5), 0xffffffu) << "the margin";
  cairo_destroy(cr);
  cairo_surface_destroy(surface);

  auto style = layout->ComputedStyle(*box);
  EXPECT_NE(std::find(style.begin(), style.end(),
                      std::pair<std::string, std::string>("background-color", "rgb(0, 128, 255)")),
            style.end());
}

}  // namespace
}  // namespace nexus::web
