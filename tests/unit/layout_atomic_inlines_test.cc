#include <gtest/gtest.h>

#include "../support/expect_boxes.h"

namespace nexus::web {
namespace {

// The figures are headless Chromium's for the same markup.
TEST(AtomicInlines, InlineBlocksShrinkToFitAndSitOnTheirLastBaseline) {
  ExpectBoxes(
      "<div id=d1>a <span id=s1 style='display:inline-block;height:21px;width:10px;"
      "background:red'></span></div><div id=d2>a <span id=s2 style='display:inline-block;"
      "padding:3px'>b</span></div><div id=d3>a <span id=ib style='display:inline-block;"
      "border:2px solid;padding:3px'>inline block<br>two lines</span> tail</div>",
      "d1:8,8,784,25 s1:19,8,10,21 d2:8,33,784,24 s2:19,33,14,24 d3:8,57,784,46 "
      "ib:19,57,86,46");
}

TEST(InlineBoxes, InlineBoxesHaveTheirFontsContentAreaOnEachLine) {
  ExpectBoxes(
      "<span id=s1>short</span><br><span id=s2>a somewhat longer cell of text</span><br>"
      "<span id=s3 style='font-family:sans-serif'>a somewhat longer cell of text</span><br>"
      "<span id=s4 style='padding:2px 5px;margin-left:10px;border:1px solid'>boxed</span>",
      "s1:8,8,32,17 s2:8,26,193,17 s3:8,44,212,17 s4:18,59,51,23");
}

TEST(InlineBoxes, VerticalAlignRaisesAndLowersAsInChromium) {
  ExpectBoxes(
      "<p>x<sub id=sub>sub</sub>x<sup id=sup>sup</sup>x <img id=mid style='vertical-align:"
      "middle;width:20px;height:20px'> <span id=len style='vertical-align:5px'>up</span></p>",
      "sub:16,27,19,15 sup:43,17,19,15 mid:73,21,20,20 len:97,16,16,17");
}

// HTML §15.4.2 as Chromium renders images that did not load: alt text (after a 16px icon)
// in the line, whatever CSS size; a box of the size width and height attributes give; a
// box of the CSS size when there is no alt text.
// As Chromium lays them out (figures from its getBoundingClientRect): with alt text, that
// text (after the 16px icon) in the line, whatever size is asked; a box of the size asked
// without alt text or, in quirks mode, with it.
TEST(AtomicInlines, BrokenImagesShowAltTextOrKeepTheirSize) {
  ExpectBoxes(
      "<div><img id=i style='width:396px;height:69px' src='missing.png' alt='Underscore.js'>"
      "</div><p id=p>after</p><div><img id=j src='missing.png' width=100 height=50 alt=''>"
      "</div><div><img id=k src='missing.png' style='width:100px;height:50px'></div>",
      "i:8,8,104,18 p:8,42,784,18 j:8,76,100,50 k:8,130,100,50");
  // Each alt text is a box of its own, icon and text: one that does not fit goes whole to
  // the next line (Chromium's figures after the page loaded).
  ExpectBoxes(
      "<div id=d style='width:180px;font:16px Arial'><img id=g src=a.png alt='GNOME2 Logo'>"
      "<img id=w src=b.png alt='W3C logo'></div>",
      "d:8,8,180,36 g:8,8,125,18 w:8,26,86,18");
}

TEST(AtomicInlines, FormControlsTakeChromiumsSizes) {
  ExpectBoxes(
      "<div id=d1>a <input id=i1> b <input id=i2 value='hello'> <button id=b1>Go</button> "
      "<input type=submit id=s1> <input type=checkbox id=c1><input type=radio id=r1></div>"
      "<div id=d3><input id=i3 style='width:60px'><input id=i4 size=5></div>",
      "d1:8,8,784,22 i1:19,9,185,21 i2:220,9,185,21 b1:409,9,34,21 s1:447,9,58,21 "
      "c1:512,11,13,13 r1:533,11,13,13 d3:8,30,784,21 i3:8,30,68,21 i4:76,30,65,21");
}

// An inline <svg> is sized as Chromium sizes it: its width and height attributes (px or %),
// the viewBox's ratio for what they leave out, else 300x150 (Chromium's figures).
TEST(AtomicInlines, InlineSvgTakesItsSizeFromItsAttributesAndViewBox) {
  ExpectBoxes(
      "<div style='width:300px'><svg id=a viewBox='0 0 100 50'></svg></div>"
      "<div style='width:300px'><svg id=b><rect width='10' height='10'/></svg></div>"
      "<div style='width:300px'><svg id=c width='100%' height='40'></svg></div>"
      "<div style='width:300px'><svg id=d width='50' viewBox='0 0 100 50'></svg></div>"
      "<div style='width:300px;display:flex'><svg id=e viewBox='0 0 100 50' "
      "style='height:20px'></svg></div>",
      "a:8,8,300,150 b:8,162,300,150 c:8,316,300,40 d:8,360,50,25 e:8,389,40,20");
}

}  // namespace
}  // namespace nexus::web
