#include "web/layout/page_layout.h"

#include <gtest/gtest.h>

#include <vector>

#include "../support/solid_image.h"
#include "web/dom/html_parser.h"

namespace nexus::web {
namespace {

struct Rendered {
  std::unique_ptr<dom::Document> document;
  std::unique_ptr<PageLayout> layout;
  CairoSurface surface;
};

Rendered Render(const std::string& html, const PageResources& resources, int width = 300,
                int height = 200) {
  Rendered out;
  out.document = dom::ParseHtml(html);
  out.layout = CreatePageLayout(*out.document, *web::ParseUrl("file:///t/page.html"), resources);
  out.layout->Layout(width, height);
  out.surface.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  cairo_t* cr = cairo_create(out.surface.get());
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  out.layout->Paint(cr, 0, 0, width, height);
  cairo_destroy(cr);
  cairo_surface_flush(out.surface.get());
  return out;
}

uint32_t Pixel(const CairoSurface& surface, int x, int y) {
  auto* data = cairo_image_surface_get_data(surface.get());
  int stride = cairo_image_surface_get_stride(surface.get());
  return reinterpret_cast<const uint32_t*>(data + y * stride)[x] & 0xffffff;
}

// The box of the element with this id (the test pages give each id once).
std::optional<ElementBox> BoxById(const Rendered& page, const std::string& id) {
  for (const dom::Node* node : dom::Descendants(*page.document)) {
    const dom::Element* element = node->AsElement();
    if (element && element->GetAttribute("id") == id)
      return page.layout->BoxOf(*element);
  }
  return std::nullopt;
}

TEST(Layout, BoxesBackgroundsAndBordersLandWhereCssSays) {
  PageResources none;
  auto page = Render(
      "<body style='margin:0'><div id=red style='width:100px;height:50px;background:#ff0000'>"
      "</div><div id=blue style='width:40px;height:40px;border:5px solid #0000ff;margin-left:"
      "20px'></div><p id=text>Hello</p>",
      none);
  auto red = BoxById(page, "red");
  ASSERT_TRUE(red.has_value());
  EXPECT_EQ(red->x, 0);
  EXPECT_EQ(red->y, 0);
  EXPECT_EQ(red->width, 100);
  EXPECT_EQ(red->height, 50);
  auto blue = BoxById(page, "blue");
  ASSERT_TRUE(blue.has_value());
  EXPECT_EQ(blue->x, 20);
  EXPECT_EQ(blue->y, 50);
  EXPECT_EQ(blue->width, 50);  // 40 + 2 x 5 border
  EXPECT_EQ(Pixel(page.surface, 10, 10), 0xff0000u);
  EXPECT_EQ(Pixel(page.surface, 150, 10), 0xffffffu) << "outside the div: page background";
  EXPECT_EQ(Pixel(page.surface, 22, 70), 0x0000ffu) << "left border";
  EXPECT_EQ(Pixel(page.surface, 45, 75), 0xffffffu) << "inside the border";
  // The text paints something dark somewhere in its box.
  auto text = BoxById(page, "text");
  ASSERT_TRUE(text.has_value());
  bool dark = false;
  for (int y = text->y; y < text->y + text->height; ++y) {
    for (int x = text->x; x < text->x + 60; ++x)
      dark |= (Pixel(page.surface, x, y) & 0xff) < 0x80;
  }
  EXPECT_TRUE(dark) << "no glyph pixels in the paragraph";
}

TEST(Layout, StylesheetsAndImagesComeFromTheResourcesMainFetched) {
  PageResources resources;
  resources.stylesheets["file:///t/css/site.css"] =
      "#box { width: 30px; height: 30px; background: url(../img/tile.png) }";
  resources.images["file:///t/img/tile.png"] = SolidImage(10, 10, 0, 1, 0);
  resources.images["file:///t/photo.png"] = SolidImage(64, 32, 0, 0, 1);
  auto page = Render(
      "<link rel=stylesheet href='css/site.css'><body style='margin:0'><div id=box></div>"
      "<img id=photo src='photo.png'>",
      resources);
  EXPECT_EQ(Pixel(page.surface, 15, 15), 0x00ff00u) << "background image from the stylesheet";
  auto photo = BoxById(page, "photo");
  ASSERT_TRUE(photo.has_value());
  EXPECT_EQ(photo->width, 64);
  EXPECT_EQ(photo->height, 32);
  EXPECT_EQ(Pixel(page.surface, photo->x + 5, photo->y + 5), 0x0000ffu);
}

TEST(Layout, HitTestingFindsTheElementAndItsLink) {
  PageResources none;
  auto page = Render(
      "<body style='margin:0'><a id=go href='../next.html?x=1' style='display:block;"
      "height:40px'><span id=inner>go</span></a><p id=plain>plain</p>",
      none);
  auto hit = page.layout->HitTest(5, 5);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->link, "file:///next.html?x=1");
  auto plain_box = BoxById(page, "plain");
  ASSERT_TRUE(plain_box.has_value());
  auto plain = page.layout->HitTest(plain_box->x + 2, plain_box->y + 2);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->link, "");
  EXPECT_EQ(plain->tag, "p");
}

// A positioned box paints after the flow it is in, so a point under both hits it, wherever it
// is in the document (a text field laid over the page, as in window_test's page).
TEST(Layout, HitTestingFindsAPositionedBoxAboveTheFlowBelowIt) {
  PageResources none;
  auto page = Render(
      "<body style='margin:0'><input id=field style='position:absolute;top:5px;left:5px;"
      "width:100px;height:20px'><div id=band style='height:50px;background:#eee'></div>",
      none);
  auto hit = page.layout->HitTest(10, 10);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->id, "field");
  auto below = page.layout->HitTest(10, 40);
  ASSERT_TRUE(below.has_value());
  EXPECT_EQ(below->id, "band");
}

// An empty item's marker makes a line; an item of blocks has its marker beside the first
// block's first line, not on a line of its own (as Chromium).
TEST(Layout, AMarkerMakesALineOnlyForAnItemWithoutContent) {
  PageResources none;
  auto page = Render(
      "<!doctype html><body style='margin:0'><ul style='margin:0'><li id=empty></li>"
      "<li id=blocks><p id=first style='margin:0'>text</p></li></ul>",
      none);
  auto empty = BoxById(page, "empty"), blocks = BoxById(page, "blocks");
  auto first = BoxById(page, "first");
  ASSERT_TRUE(empty && blocks && first);
  EXPECT_EQ(empty->height, 18) << "one line of 16px Liberation Serif";
  EXPECT_EQ(first->y, blocks->y);
}

TEST(Layout, ListsGetMarkersAndHeadingsTheUserAgentSizes) {
  PageResources none;
  auto page = Render(
      "<!doctype html><body style='margin:0'><h1 id=h>Title</h1><p id=p>para</p>"
      "<ul><li id=li>item</li></ul>",
      none);
  auto h = BoxById(page, "h");
  auto p = BoxById(page, "p");
  ASSERT_TRUE(h && p);
  EXPECT_GT(h->height, p->height) << "h1 is 2em";
  EXPECT_EQ(h->y, 21.4375) << "h1's 0.67em top margin of 32px, to 1/64 px as in Chromium";
  auto li = BoxById(page, "li");
  ASSERT_TRUE(li.has_value());
  EXPECT_EQ(li->x, 40) << "ul's 40px padding";
  bool marker = false;  // a disc left of the item
  for (int y = li->y; y < li->y + li->height; ++y) {
    for (int x = 20; x < 40; ++x)
      marker |= Pixel(page.surface, x, y) != 0xffffffu;
  }
  EXPECT_TRUE(marker);
}

}  // namespace
}  // namespace nexus::web
