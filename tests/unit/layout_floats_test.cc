#include <gtest/gtest.h>

#include "../support/expect_boxes.h"
#include "web/layout/float_context.h"

namespace nexus::web {
namespace {

using layout::FloatContext;
using layout::FloatSide;

TEST(FloatContext, FloatsGoHighThenSidewaysThenDownPastOthers) {
  FloatContext floats;
  auto a = floats.Place(FloatSide::kLeft, 100, 50, 0, 0, 300);
  auto b = floats.Place(FloatSide::kRight, 100, 20, 0, 0, 300);
  auto c = floats.Place(FloatSide::kLeft, 150, 10, 0, 0, 300);
  EXPECT_EQ(a.x, 0);
  EXPECT_EQ(b.x, 200);
  EXPECT_EQ(c.x, 100) << "too wide beside both: down past the right one, beside the left";
  EXPECT_EQ(c.y, 20);
  auto room = floats.Room(0, 10, 0, 300);
  EXPECT_EQ(room.first, 100);
  EXPECT_EQ(room.second, 200);
  EXPECT_EQ(floats.ClearanceBottom(false, true), 20);
  EXPECT_EQ(floats.ClearanceBottom(true, true), 50);
  auto bands = floats.Bands(0, 0, 300);
  ASSERT_EQ(bands.size(), 4u);
  EXPECT_EQ(bands[0].end, 20);
  EXPECT_EQ(bands[0].left, 100);
  EXPECT_EQ(bands[0].right, 100);
  EXPECT_EQ(bands[1].end, 30);
  EXPECT_EQ(bands[1].left, 250);
  EXPECT_EQ(bands[1].right, 0);
  EXPECT_EQ(bands[2].end, 50);
  EXPECT_EQ(bands[2].left, 100);
  EXPECT_EQ(bands[3].left, 0) << "the last band has the whole width, endlessly";
}

// The figures are headless Chromium's for the same markup.
TEST(Floats, LinesWrapAroundFloatsAndFormattingContextsAvoidThem) {
  ExpectBoxes(
      "<div id=c1><div id=f1 style='float:left;width:100px;height:50px'></div><p id=p1 "
      "style='margin:0'>Text beside the float that goes on for long enough to wrap below it. "
      "Text beside the float that goes on for long enough to wrap below it. Text beside the "
      "float that goes on for long enough to wrap below it, more and more words here so that "
      "it goes below.</p></div><div id=c2 style='overflow:hidden'><div id=f2 "
      "style='float:right'>right float</div><div id=f3 style='float:left;width:200px;"
      "height:80px'>left</div><div id=bfc style='overflow:hidden;height:30px'>bfc</div></div>"
      "<div id=cl style='clear:both;height:10px'></div>",
      "c1:8,8,784,54 f1:8,8,100,50 p1:8,8,784,54 c2:8,62,784,80 f2:728,62,64,18 "
      "f3:8,62,200,80 bfc:208,62,520,30 cl:8,142,784,10");
}

TEST(Floats, FloatedListItemsAndFloatsInsideLines) {
  ExpectBoxes(
      "<ul id=nav style='list-style:none;margin:0;padding:0;overflow:hidden'><li id=n1 "
      "style='float:left;padding:4px'>Home</li><li id=n2 style='float:left;padding:4px'>About "
      "us</li><li id=n3 style='float:right;padding:4px'>Right</li></ul><p id=p2>Inline <img "
      "id=img style='float:right;width:40px;height:40px'> float in a paragraph of text.</p>",
      "nav:8,8,784,26 n1:8,8,47,26 n2:55,8,66,26 n3:748,8,44,26 p2:8,50,784,18 "
      "img:752,50,40,40");
}

// A float shrinks to fit floats side by side (until one clears or a block in flow comes
// between), beside its text; a float that clears goes below (Chromium's figures).
TEST(Floats, FloatsShrinkToFitTheFloatsInsideAndClearAsBlocksDo) {
  ExpectBoxes(
      "<div id=o style='float:left'><div id=i style='float:left;width:100px;height:20px'></div>"
      "<div id=j style='float:left;width:150px;height:30px'></div>text here</div>"
      "<div id=o2 style='float:left;clear:left'><div id=k style='float:right;width:80px;"
      "height:10px'></div>a long line of text that keeps going and going</div>"
      "<div id=p style='float:left;clear:left'><div style='float:left;width:100px;height:20px'>"
      "</div><div style='width:120px;height:5px'></div><div style='float:left;width:70px;"
      "height:30px'></div><div style='float:left;width:70px;height:30px'></div></div>",
      "o:8,8,305,30 i:8,8,100,20 j:108,8,150,30 o2:8,38,369,18 k:297,38,80,10 p:8,56,140,50");
}

}  // namespace
}  // namespace nexus::web
