// A page's first frame lays out only its top (LayOutBlocks' stop_below): whatever the page
// holds further down, the frame paints the pixels the whole layout paints, and the whole
// layout that follows is the one a page laid out at once gets. Each case puts below the
// first screens something that could reach up into the viewport.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../support/painted_pixels.h"
#include "web/dom/html_parser.h"
#include "web/layout/page_layout.h"
#include "web/page/page.h"

namespace nexus::web {
namespace {

constexpr int kWidth = 800, kHeight = 600;

// Two hundred paragraphs (6,880px) under the style sheet `head`, `below` after them.
std::string LongPage(const std::string& head, const std::string& below) {
  std::string html = "<!doctype html><style>" + head + "</style><body><h1>Top</h1>";
  for (int i = 0; i < 200; ++i)
    html += "<p>Paragraph " + std::to_string(i) + " with some words that fill a line.</p>";
  return html + below + "</body>";
}

struct FirstFrame {
  bool cut = false;
  std::vector<uint8_t> first, whole;
  int height_after = 0, height_at_once = 0;
};

FirstFrame Compare(const std::string& html) {
  auto document = dom::ParseHtml(html);
  auto url = ParseUrl("file:///page.html");
  PageResources resources;
  FirstFrame result;
  auto at_once = CreatePageLayout(*document, *url, resources);
  at_once->Layout(kWidth, kHeight);
  result.whole = PaintedPixels(*at_once);
  result.height_at_once = at_once->document_height();
  auto layout = CreatePageLayout(*document, *url, resources);
  layout->LayoutFirstFrame(kWidth, kHeight);
  result.cut = layout->cut();
  result.first = PaintedPixels(*layout);
  layout->Layout(kWidth, kHeight);
  EXPECT_FALSE(layout->cut());
  EXPECT_EQ(PaintedPixels(*layout), result.whole);
  result.height_after = layout->document_height();
  return result;
}

TEST(FirstFrame, ALongPageStopsBelowTheViewportAndPaintsTheSame) {
  FirstFrame frame = Compare(LongPage("", ""));
  EXPECT_TRUE(frame.cut);
  EXPECT_EQ(frame.first, frame.whole);
  EXPECT_GT(frame.height_at_once, 5000);
  EXPECT_EQ(frame.height_after, frame.height_at_once);
}

// What a later box may do to the viewport: each is painted in the first frame.
TEST(FirstFrame, LaterBoxesThatReachUpAreLaidOut) {
  const char* kBelow[] = {
      // Against the viewport or the initial containing block.
      "<div style='position: absolute; top: 40px; left: 300px; width: 90px; height: 60px; "
      "background: red'></div>",
      "<div style='position: fixed; top: 100px; right: 0; width: 50px; height: 50px; "
      "background: blue'></div>",
      // Moved up by an offset, a transform or a margin.
      "<div style='position: relative; top: -6800px; margin-left: 400px; background: green'>"
      "moved up</div>",
      "<div style='transform: translateY(-6500px); background: olive'>translated</div>",
      "<div style='translate: 100px -6600px; background: lime'>translate property</div>",
      "<div style='margin-top: -6500px; margin-left: 500px; background: teal'>pulled</div>",
      // Sticky to the viewport's bottom, from far below.
      "<div style='position: sticky; bottom: 0; background: purple'>sticky</div>",
      // Nested deep in a later block.
      "<section><div><p><span style='position: absolute; top: 5px; left: 5px; "
      "background: orange'>deep</span></p></div></section>",
  };
  for (const char* below : kBelow) {
    FirstFrame frame = Compare(LongPage("", below));
    EXPECT_EQ(frame.first, frame.whole) << below;
  }
}

// Positioned boxes whose containing block is further down stay down there: the page is
// still cut (Node.js's headings each hold an absolutely positioned anchor).
TEST(FirstFrame, BoxesPositionedInALaterBlockDoNotStopTheCut) {
  FirstFrame frame =
      Compare(LongPage("h2 { position: relative } h2 span { position: absolute; top: 0; right: 0 }",
                       "<h2>Later <span>#</span></h2><h2>More <span>#</span></h2>"));
  EXPECT_TRUE(frame.cut);
  EXPECT_EQ(frame.first, frame.whole);
}

// A box placed against the bottom of a block the first frame would cut short: its place is
// not known without the rest, so the whole page is laid out.
TEST(FirstFrame, ABoxAgainstTheBottomOfACutBlockLaysOutTheWholePage) {
  // First in the body, so laid out before any cut; its containing block, the body, is cut.
  std::string html = LongPage("body { position: relative }", "");
  html.insert(html.find("<h1>"),
              "<div style='position: absolute; bottom: 6800px; left: 200px; width: 100px; "
              "height: 100px; background: red'></div>");
  FirstFrame frame = Compare(html);
  EXPECT_FALSE(frame.cut);
  EXPECT_EQ(frame.first, frame.whole);
}

// A page's first frame (Page::Paint) is cut; whatever then asks where something is gets the
// whole page, and so does FinishLayout, the renderer's when it is idle.
TEST(FirstFrame, APageLaysOutTheRestWhenAskedOrWhenFinished) {
  for (bool ask_first : {true, false}) {
    auto page = Page::Create(*ParseUrl("file:///page.html"), "text/html", LongPage("", ""));
    ASSERT_TRUE(page.ok()) << page.error().message();
    ASSERT_TRUE((*page)->Paint(kWidth, kHeight, false).ok());
    if (ask_first) {
      // Far below the first frame: the whole layout has it.
      auto hit = (*page)->HitTest(20, 6000);
      ASSERT_TRUE(hit.has_value());
      EXPECT_EQ(hit->tag, "p");
      EXPECT_FALSE((*page)->FinishLayout()) << "nothing was left to lay out";
    } else {
      EXPECT_TRUE((*page)->FinishLayout()) << "the first frame left the rest out";
      EXPECT_FALSE((*page)->FinishLayout());
      auto hit = (*page)->HitTest(20, 6000);
      ASSERT_TRUE(hit.has_value());
      EXPECT_EQ(hit->tag, "p");
    }
  }
}

}  // namespace
}  // namespace nexus::web
