#include "web/layout/page_layout.h"

#include <gtest/gtest.h>

#include "../support/solid_image.h"
#include "web/dom/html_parser.h"

namespace nexus::web {
namespace {

// A white RGB surface a layout paints on, read back pixel by pixel.
class Canvas {
 public:
  Canvas(PageLayout& layout, int width, int height)
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height)) {
    cairo_t* cr = cairo_create(surface_);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    layout.Paint(cr, 0, 0, width, height);
    cairo_destroy(cr);
    cairo_surface_flush(surface_);
  }
  ~Canvas() { cairo_surface_destroy(surface_); }
  uint32_t Pixel(int x, int y) const {
    auto* row = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(surface_) +
                                                  y * cairo_image_surface_get_stride(surface_));
    return row[x] & 0xffffff;
  }

 private:
  cairo_surface_t* surface_;
};

// The new engine end to end: style, boxes, block and inline layout, paint.
TEST(PageLayout, LaysOutHitTestsAndPaintsAPage) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin: 8px'><div id=box style='height: 40px; "
      "margin: 12px 0; background: rgb(0, 128, 255); border: 4px solid rgb(255, 0, 0)'></div>"
      "<p id=text style='margin: 0'>Some text <a href='/next'>with a link</a></p></body>");
  PageResources resources;
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/page"), resources);
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

  Canvas canvas(*layout, 800, 600);
  auto pixel = [&](int x, int y) { return canvas.Pixel(x, y); };
  EXPECT_EQ(pixel(400, 30), 0x0080ffu) << "the background";
  EXPECT_EQ(pixel(400, 13), 0xff0000u) << "the top border";
  EXPECT_EQ(pixel(400, 5), 0xffffffu) << "the margin";

  auto style = layout->ComputedStyle(*box);
  EXPECT_NE(std::find(style.begin(), style.end(),
                      std::pair<std::string, std::string>("background-color", "rgb(0, 128, 255)")),
            style.end());
}

// Images sit on the line at their own size, or the size CSS (or width="") gives them.
TEST(PageLayout, ImagesAreLaidOutInTheirLineAndPainted) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin: 0'><p style='margin: 0'><img src=red.png>"
      "<img src=red.png width=40><img src=missing.png></p></body>");
  PageResources resources;
  resources.images["http://example.test/red.png"] = SolidImage(10, 20, 1, 0, 0);
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/page"), resources);
  layout->Layout(800, 600);
  ElementBox line = *layout->BoxOf(*document->GetElementsByTagName("p").front());
  EXPECT_GE(line.height, 80) << "the line is as tall as the 40x80 image";

  Canvas canvas(*layout, 800, 600);
  auto pixel = [&](int x, int y) { return canvas.Pixel(x, y); };
  int baseline = line.height - 1;
  while (baseline > 0 && pixel(5, baseline) != 0xff0000u)
    --baseline;
  EXPECT_GT(baseline, 0) << "the first image is painted";
  EXPECT_EQ(pixel(5, baseline - 19), 0xff0000u) << "20px tall";
  EXPECT_EQ(pixel(5, baseline - 25), 0xffffffu);
  EXPECT_EQ(pixel(12, baseline - 70), 0xff0000u) << "the second, scaled to 40x80";
  EXPECT_NE(pixel(56, baseline - 8), 0xffffffu) << "the missing image's 16px icon";
  EXPECT_EQ(pixel(70, baseline - 10), 0xffffffu) << "no more than 50px of images and the icon";
}

// A missing image laid out at its given size (quirks mode, alt text) is painted as Chromium
// paints it: a silver frame, the icon at its top left, the alt text beside it, clipped.
TEST(PageLayout, AMissingImageWithASizeIsAFrameWithTheIconAndItsAltText) {
  auto document = dom::ParseHtml(
      "<body style='margin:0'><img src=missing.png width=100 height=50 "
      "alt='alternative words that run on past the frame'>");
  PageResources resources;
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/page"), resources);
  layout->Layout(800, 600);
  Canvas canvas(*layout, 800, 600);
  EXPECT_EQ(canvas.Pixel(0, 25), 0xc0c0c0u) << "the frame's left side";
  EXPECT_EQ(canvas.Pixel(99, 25), 0xc0c0c0u) << "its right side";
  EXPECT_NE(canvas.Pixel(9, 9), 0xffffffu) << "the icon";
  int text = 0, outside = 0;
  for (int y = 0; y < 60; ++y) {
    for (int x = 0; x < 300; ++x) {
      bool dark = (canvas.Pixel(x, y) & 0xff) < 0x80;
      if (x >= 100 || y >= 50)
        outside += dark;
      else if (x >= 20)
        text += dark;
    }
  }
  EXPECT_GT(text, 20) << "alt text beside the icon";
  EXPECT_EQ(outside, 0) << "nothing painted outside the frame";
}

// Glyphs sit on quarter pixels, as Skia places them: a glyph a tenth of a pixel further
// right paints the same pixels, a fifth further (nearer the next quarter) does not.
TEST(PageLayout, GlyphsArePlacedOnQuarterPixels) {
  auto paint = [](const std::string& padding) {
    auto document = dom::ParseHtml(
        "<body style='margin:0'><p style='margin:0;padding-left:" + padding + "'>I</p>");
    PageResources resources;
    auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
    layout->Layout(200, 50);
    Canvas canvas(*layout, 200, 50);
    std::vector<uint32_t> pixels;
    for (int y = 0; y < 50; ++y) {
      for (int x = 0; x < 200; ++x)
        pixels.push_back(canvas.Pixel(x, y));
    }
    return pixels;
  };
  EXPECT_EQ(paint("10px"), paint("10.1px"));
  EXPECT_NE(paint("10px"), paint("10.2px"));
}

// list-style-image: the picture at its own size, 7px left of the text, its bottom on the
// first baseline, as Chromium places it; the disc when the picture did not come.
TEST(PageLayout, ListStyleImageReplacesTheMarker) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin:0'><ul style='margin:0;padding-left:40px;"
      "list-style-image:url(dot.png)'><li>one</li></ul><ul style='margin:0;padding-left:40px;"
      "list-style-image:url(gone.png)'><li>two</li></ul>");
  PageResources resources;
  resources.images["http://example.test/dot.png"] = SolidImage(6, 6, 1, 0, 0);
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
  layout->Layout(300, 100);
  Canvas canvas(*layout, 300, 100);
  EXPECT_EQ(canvas.Pixel(30, 11), 0xff0000u) << "the picture, right edge at 33, bottom at 14";
  EXPECT_EQ(canvas.Pixel(35, 11), 0xffffffu);
  bool disc = false;  // the second list's marker: dark pixels left of its text
  for (int y = 18; y < 36 && !disc; ++y) {
    for (int x = 20; x < 38 && !disc; ++x)
      disc = (canvas.Pixel(x, y) & 0xff) < 0x80;
  }
  EXPECT_TRUE(disc);
}

TEST(PageLayout, BackgroundImagesRepeatOrNotFromTheirPosition) {
  auto document = dom::ParseHtml(
      "<!doctype html><style>div { width: 20px; height: 20px; margin: 0 }"
      "#once { background: url(img/blue.png) no-repeat 5px 5px }"
      "#tiled { background: url(img/blue.png) }</style>"
      "<body style='margin: 0'><div id=once></div><div id=tiled></div></body>");
  PageResources resources;
  resources.images["http://example.test/dir/img/blue.png"] = SolidImage(4, 4, 0, 0, 1);
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/dir/page"), resources);
  layout->Layout(800, 600);
  Canvas canvas(*layout, 100, 100);
  auto pixel = [&](int x, int y) { return canvas.Pixel(x, y); };
  EXPECT_EQ(pixel(6, 6), 0x0000ffu) << "at 5px 5px";
  EXPECT_EQ(pixel(2, 2), 0xffffffu);
  EXPECT_EQ(pixel(12, 12), 0xffffffu) << "no-repeat";
  EXPECT_EQ(pixel(18, 38), 0x0000ffu) << "tiled to the corner";
  EXPECT_EQ(pixel(25, 30), 0xffffffu) << "clipped to the box";
}

// CSS 2.2 §10.3.2 and §10.6.2: a block-level image is as big as its pixels, or keeps their
// ratio when one side is given or max-width shrinks it; its box has its element's geometry.
TEST(PageLayout, ReplacedElementsKeepTheirRatioInFlowAndInLines) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin: 0'><img id=block src=wide.png style='display: "
      "block; margin: 0 auto'><img id=capped src=wide.png style='display: block; max-width: "
      "100px; border: 2px solid'><p style='margin: 0'>text <img id=inline src=wide.png "
      "height=10> <video id=video></video></p>");
  PageResources resources;
  resources.images["http://example.test/wide.png"] = SolidImage(200, 50, 0, 1, 0);
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
  layout->Layout(400, 600);
  auto box = [&](const char* id) {
    for (const dom::Element* element :
         document->GetElementsByTagName(std::string(id) == "video" ? "video" : "img")) {
      if (element->GetAttribute("id") == id)
        return *layout->BoxOf(*element);
    }
    return ElementBox{};
  };
  ElementBox block = box("block");
  EXPECT_EQ(block.x, 100) << "centred by auto margins";
  EXPECT_EQ(block.width, 200);
  EXPECT_EQ(block.height, 50);
  ElementBox capped = box("capped");
  EXPECT_EQ(capped.y, 50);
  EXPECT_EQ(capped.width, 104) << "max-width: 100px, and the border";
  EXPECT_EQ(capped.height, 29) << "25px keep the ratio";
  ElementBox inline_image = box("inline");
  EXPECT_EQ(inline_image.width, 40);
  EXPECT_EQ(inline_image.height, 10);
  EXPECT_GT(inline_image.x, 20) << "after the text";
  ElementBox video = box("video");
  EXPECT_EQ(video.width, 300) << "no natural size: 300x150";
  EXPECT_EQ(video.height, 150);
  Canvas canvas(*layout, 400, 300);
  EXPECT_EQ(canvas.Pixel(150, 25), 0x00ff00u) << "the image, painted in its box";
  EXPECT_EQ(canvas.Pixel(50, 60), 0x00ff00u) << "scaled into the smaller one";
}

// Form controls show what they hold now, not what the markup said: a value or checkedness a
// script or the user set is what is laid out and painted.
TEST(PageLayout, FormControlsShowTheirCurrentState) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin: 0'><input id=box type=checkbox><textarea "
      "id=area style='width: auto'></textarea><div><input id=text size=2 value=a></div>");
  PageResources resources;
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
  auto* checkbox = document->GetElementsByTagName("input")[0];
  auto* text = document->GetElementsByTagName("input")[1];
  layout->Layout(300, 200);
  ElementBox box = *layout->BoxOf(*checkbox);
  int cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  uint32_t unchecked = Canvas(*layout, 300, 200).Pixel(cx, cy);
  checkbox->SetChecked(true);
  text->SetValue("a much longer value");
  layout->Layout(300, 200);
  Canvas canvas(*layout, 300, 200);
  EXPECT_EQ(unchecked, 0xffffffu);
  EXPECT_EQ(canvas.Pixel(cx + 4, cy + 4), 0x0075ffu) << "checked now: painted blue";
  ElementBox field = *layout->BoxOf(*text);
  bool ink_past_two_characters = false;
  for (int x = field.x + 30; x < field.x + field.width - 3 && !ink_past_two_characters; ++x) {
    for (int y = field.y + 3; y < field.y + field.height - 3; ++y)
      ink_past_two_characters = ink_past_two_characters || canvas.Pixel(x, y) != 0xffffffu;
  }
  EXPECT_TRUE(ink_past_two_characters) << "the value set, not the attribute's 'a'";
  // Chromium's look, not the sheet's 2px inset border: a 1px grey frame, white inside it.
  int middle = field.y + field.height / 2;
  EXPECT_EQ(canvas.Pixel(field.x, middle), 0x767676u);
  EXPECT_EQ(canvas.Pixel(field.x + 1, middle), 0xffffffu);
}

// Inline content that comes to no text has no line boxes; painting it draws nothing (a
// renderer once crashed here reading the line boxes of an empty paragraph).
TEST(PageLayout, ContainersWithoutTextPaintNothing) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin: 0'><p> <span> </span> <a name=x></a> </p>"
      "<div style='height: 10px; background: rgb(0, 0, 255)'></div>");
  PageResources resources;
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
  layout->Layout(100, 100);
  Canvas canvas(*layout, 100, 100);
  EXPECT_EQ(canvas.Pixel(5, 12), 0xffffffu);
  EXPECT_EQ(canvas.Pixel(5, 20), 0x0000ffu)
      << "the empty paragraph is 0px tall: only its margins, collapsed to 16px, are above";
}

// Discs, circles and squares are shapes where Chromium draws them: headless Chromium's
// pixels for this markup are dark exactly at x 84-88 on rows 26-28 (85-87 on 25 and 29).
TEST(PageLayout, ListBulletsAreDrawnWhereChromiumDrawsThem) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin:0'><ol style='margin:0;padding-left:100px'><li>one"
      "</li></ol><ul style='margin:0;padding-left:100px'><li>disc</li><li "
      "style='list-style-type:square'>square</li></ul>");
  PageResources resources;
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
  layout->Layout(400, 200);
  Canvas canvas(*layout, 400, 200);
  auto dark = [&](int x, int y) { return (canvas.Pixel(x, y) & 0xff) < 160; };
  for (int y = 26; y <= 28; ++y) {
    EXPECT_FALSE(dark(83, y)) << y;
    for (int x = 84; x <= 88; ++x)
      EXPECT_TRUE(dark(x, y)) << x << "," << y;
    EXPECT_FALSE(dark(89, y)) << y;
  }
  EXPECT_FALSE(dark(86, 24));
  EXPECT_FALSE(dark(86, 30));
  EXPECT_TRUE(dark(84, 43)) << "the square fills its corners";
}

// Underlines are drawn as Chromium draws them: one whole row of pixels in the text's colour
// (headless Chromium's underline of this link is the row 2px below the baseline, 17 from the
// top), not a line blurred over two rows by a fractional position.
TEST(PageLayout, UnderlinesSitOnWholePixels) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin:0'><a href=x style='color:rgb(0,0,255)'>"
      "a________________</a>");
  PageResources resources;
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
  layout->Layout(300, 100);
  Canvas canvas(*layout, 300, 100);
  std::vector<int> rows;
  for (int y = 0; y < 30; ++y) {
    if (canvas.Pixel(60, y) != 0xffffffu)
      rows.push_back(y);
  }
  ASSERT_FALSE(rows.empty());
  // The underscores' own ink and the underline: every row touched is fully blue.
  for (int y : rows)
    EXPECT_EQ(canvas.Pixel(60, y), 0x0000ffu) << "row " << y << " is anti-aliased";
}

// CSS Backgrounds 3 §2.11.2: the body's background, when the root has none, is the canvas's.
TEST(PageLayout, TheBodysBackgroundPaintsTheWholeCanvas) {
  auto paint = [](const std::string& html, int x, int y) {
    auto document = dom::ParseHtml(html);
    PageResources resources;
    auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
    layout->Layout(200, 100);
    return Canvas(*layout, 200, 100).Pixel(x, y);
  };
  std::string body =
      "<!doctype html><body style='margin: 20px; background: rgb(0, 0, 255)'>"
      "<div style='height: 10px'></div>";
  EXPECT_EQ(paint(body, 2, 2), 0x0000ffu) << "outside the body's box";
  EXPECT_EQ(paint(body, 199, 99), 0x0000ffu) << "below the document";
  std::string root = "<!doctype html><html style='background: rgb(255, 0, 0)'>" + body.substr(15);
  EXPECT_EQ(paint(root, 2, 2), 0xff0000u) << "the root's own background wins";
  EXPECT_EQ(paint(root, 30, 25), 0x0000ffu) << "and the body paints its own box";
}

// Adversarial sizes: a gradient tile of 100,000 px squared is not made into pixels (it would
// be 40 GB); one of a thousandth of a pixel paints nothing rather than dividing by it.
TEST(PageLayout, HugeAndTinyBackgroundSizesPaintWithoutHugeTiles) {
  auto document = dom::ParseHtml(
      "<!doctype html><body style='margin:0'>"
      "<div style='height:100px;background:linear-gradient(red,red) 0 0/100000px 100000px'></div>"
      "<div style='height:100px;background:yellow linear-gradient(blue,blue) 0 0/0.001px 0.001px'>"
      "</div><div style='height:100px;background:linear-gradient(green,green) 0 0/20px 100000px "
      "repeat-x'></div>");
  PageResources resources;
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
  layout->Layout(800, 600);
  Canvas canvas(*layout, 800, 600);
  EXPECT_EQ(canvas.Pixel(400, 50), 0xff0000u);
  EXPECT_EQ(canvas.Pixel(400, 150), 0xffff00u);
  EXPECT_EQ(canvas.Pixel(400, 250), 0x008000u);

  // Infinite and NaN sizes and positions draw no image, and leave the rest of the page be.
  auto hostile = dom::ParseHtml(
      "<!doctype html><body style='margin:0'>"
      "<div style='height:100px;background:yellow linear-gradient(red,red) 0 0/1e999px 10px'></div>"
      "<div style='height:100px;background:yellow linear-gradient(red,red) 0 0/"
      "calc(1e999px - 1e999px) 10px repeat'></div>"
      "<div style='height:100px;background:linear-gradient(red,red) 1e999px 0/10px 10px'></div>"
      "<div style='height:100px;background:hsl(1e999 50% 50%)'></div>"
      "<div style='height:100px;background:blue'></div>");
  auto hostile_layout = CreatePageLayout(*hostile, *ParseUrl("http://example.test/"), resources);
  hostile_layout->Layout(800, 600);
  Canvas hostile_canvas(*hostile_layout, 800, 600);
  EXPECT_EQ(hostile_canvas.Pixel(400, 50), 0xffff00u);
  EXPECT_EQ(hostile_canvas.Pixel(400, 150), 0xffff00u);
  EXPECT_EQ(hostile_canvas.Pixel(400, 450), 0x0000ffu) << "what comes after still paints";
}

}  // namespace
}  // namespace nexus::web
