#include "web/layout/inline_layout.h"

#include <gtest/gtest.h>

#include <map>

#include "web/dom/html_parser.h"
#include "web/layout/box_tree.h"

namespace nexus::web::layout {
namespace {

class InlineLayout : public ::testing::Test {
 protected:
  // The inline content of the first <p> in `html`, laid out `width` px wide.
  InlineContent Lay(const std::string& html, double width) {
    document_ = dom::ParseHtml("<!doctype html><body>" + html);
    std::map<std::string, std::string> no_sheets;
    styles_ = std::make_unique<style::DocumentStyle>(*document_, *ParseUrl("http://example.test/"),
                                                     no_sheets, css::MediaEnvironment{});
    boxes_ = BuildBoxTree(*document_, *styles_);
    const Box* p = Find(*boxes_, "p");
    if (!p) {
      ADD_FAILURE() << "no <p> box";
      return {};
    }
    return LayOutInline(*p, width, SharedPangoContext());
  }

  static const Box* Find(const Box& box, const char* tag) {
    const dom::Element* element = box.node ? box.node->AsElement() : nullptr;
    if (element && element->tag_name() == tag && box.pseudo_element.empty())
      return &box;
    for (const auto& child : box.children) {
      if (const Box* found = Find(*child, tag))
        return found;
    }
    return nullptr;
  }

  IntrinsicWidths Widths(const std::string& html) {
    Lay(html, 800);
    return InlineWidths(*Find(*boxes_, "p"), SharedPangoContext());
  }

  std::unique_ptr<dom::Document> document_;
  std::unique_ptr<style::DocumentStyle> styles_;
  std::unique_ptr<Box> boxes_;
};

TEST_F(InlineLayout, WhiteSpaceCollapsesUnlessPreservedAndBrBreaks) {
  EXPECT_EQ(Lay("<p>  one \n two   <b> three </b>  </p>", 800).text, "one two three");
  EXPECT_EQ(Lay("<p style='white-space: pre'>  a\n  b</p>", 800).text, "  a\u2028  b");
  EXPECT_EQ(Lay("<p style='white-space: pre-line'>a   \n   b</p>", 800).text, "a\u2028b");
  InlineContent broken = Lay("<p>a<br>b</p>", 800);
  EXPECT_EQ(broken.text, "a\u2028b");
  EXPECT_EQ(broken.line_count, 2);
  EXPECT_EQ(Lay("<p>   </p>", 800).height, 0) << "white space alone makes no line";
}

TEST_F(InlineLayout, LinesWrapAtTheContainersWidth) {
  std::string words = "<p>";
  for (int i = 0; i < 15; ++i)
    words += "word ";
  words += "</p>";
  InlineContent wide = Lay(words, 800);
  InlineContent narrow = Lay(words, 100);
  EXPECT_EQ(wide.line_count, 1);
  EXPECT_GT(narrow.line_count, 3);
  EXPECT_NEAR(narrow.height / narrow.line_count, wide.height, 1) << "lines of one font";
  InlineContent nowrap = Lay("<p style='white-space: nowrap'>" + words.substr(3), 100);
  EXPECT_EQ(nowrap.line_count, 1);
}

TEST_F(InlineLayout, OutsideMarkersStandBesideTheLinesInsideOnesInThem) {
  InlineContent outside = Lay("<ol start=3><p style='display: list-item'>item</p></ol>", 800);
  EXPECT_EQ(outside.text, "item");
  ASSERT_TRUE(outside.marker);
  EXPECT_STREQ(pango_layout_get_text(outside.marker.get()), "1. ")
      << "a list item that is not an <li> counts from 1";
  EXPECT_GT(outside.marker_width, 5);
  InlineContent inside =
      Lay("<ul><p style='display: list-item; list-style-position: inside'>item</p></ul>", 800);
  EXPECT_EQ(inside.text, "\uFFFCitem") << "an inside disc is a shape in the line";
  EXPECT_FALSE(inside.marker);
  InlineContent numbered =
      Lay("<ol><p style='display: list-item; list-style-position: inside'>item</p></ol>", 800);
  EXPECT_EQ(numbered.text, "1. item");
}

TEST_F(InlineLayout, BiggerFontsMakeTallerLines) {
  double small = Lay("<p style='font-size: 10px'>text</p>", 800).height;
  double big = Lay("<p style='font-size: 40px'>text</p>", 800).height;
  double mixed = Lay("<p style='font-size: 10px'>text <span style='font-size: 40px'>big</span>"
                     "</p>",
                     800)
                     .height;
  EXPECT_GT(small, 8);
  EXPECT_GT(big, 3 * small);
  EXPECT_NEAR(mixed, big, 2) << "a line is as tall as its tallest run";
}

// Headless Chromium's figures for the same text: glyphs at fractional positions, and
// `line-height: normal` from the font's rounded ascent, descent and line gap.
TEST_F(InlineLayout, TextIsAsWideAndLinesAsTallAsInChromium) {
  IntrinsicWidths serif = Widths("<p>a somewhat longer cell of text</p>");
  EXPECT_NEAR(serif.max, 193.27, 0.05);
  EXPECT_NEAR(Widths("<p style='font-family: sans-serif'>a somewhat longer cell of text</p>").max,
              211.67, 0.05);
  EXPECT_NEAR(serif.min, Widths("<p>somewhat</p>").max, 0.01) << "its longest word";
  EXPECT_EQ(Widths("<p style='white-space: nowrap'>a b</p>").min, Widths("<p>a b</p>").max);
  std::string latin =
      "<p style='width: 200px'>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
      "eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, "
      "quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>";
  InlineContent lines = Lay(latin, 200);
  EXPECT_EQ(lines.line_count, 9);
  EXPECT_DOUBLE_EQ(lines.height, 162);
}

// Text is shaped across inline elements in the same font, as Blink shapes it: an element
// around a word keeps the kerning of the space before it (Chromium: 209.30 px either way);
// a change of font is a new run.
TEST_F(InlineLayout, TextIsShapedAcrossElementsInTheSameFont) {
  double plain = Widths("<p>An ABI incompatibility between</p>").max;
  EXPECT_NEAR(plain, 209.30, 0.05);
  EXPECT_DOUBLE_EQ(Widths("<p>An <a name=x>ABI</a> incompatibility between</p>").max, plain);
  EXPECT_NEAR(Widths("<p>An <b>ABI</b> incompatibility between</p>").max, 211.09, 0.05);
}

// A line may break after any space, as in Blink, even before punctuation UAX #14 keeps with
// the space (Chromium: 59.34 px, the width of ".print(),", elements or not); the break
// adds neither width nor height.
TEST_F(InlineLayout, ALineMayBreakAfterASpaceBeforePunctuation) {
  IntrinsicWidths plain = Widths("<p>a .print(), .clean()</p>");
  EXPECT_NEAR(plain.min, Widths("<p>.print(),</p>").max, 0.01);
  IntrinsicWidths spans = Widths("<p>a <span>.print()</span>, <span>.clean()</span></p>");
  EXPECT_DOUBLE_EQ(spans.min, plain.min);
  EXPECT_DOUBLE_EQ(spans.max, plain.max);
  EXPECT_DOUBLE_EQ(Lay("<p>ends with <code>.icd</code> and <code>/etc</code></p>", 800).height,
                   Lay("<p>ends with <code>icd</code> and <code>etc</code></p>", 800).height);
}

// No-break spaces are text: they neither hang at a line's end nor leave the min-content
// width (a cell of "&nbsp;&nbsp;&nbsp;" spacing columns apart keeps its 13.33px in Arial).
TEST_F(InlineLayout, NoBreakSpacesCountInTheMinContentWidth) {
  IntrinsicWidths spacer = Widths("<p style='font-family: sans-serif'>&nbsp;&nbsp;&nbsp;</p>");
  EXPECT_NEAR(spacer.min, 13.33, 0.01);
  EXPECT_DOUBLE_EQ(spacer.min, spacer.max);
  EXPECT_GT(Widths("<p>word&nbsp;</p>").min, Widths("<p>word </p>").min);
}

// Fractional font sizes as Chromium's text has them: cut to a 64th of a pixel (Skia's 26.6
// size for FreeType), 90% of 16px drawn at 14.390625px (widths from Chromium).
TEST_F(InlineLayout, FractionalFontSizesAreCutToA64thOfAPixelAsInChromium) {
  const std::string text = "A number of academic publications nicely describe many aspects</p>";
  EXPECT_NEAR(Widths("<p style='font: 14.4px Arial'>" + text).max, 415.16, 0.05);
  EXPECT_NEAR(Widths("<p style='font: 13.3333px Arial'>" + text).max, 384.50, 0.05);
  EXPECT_NEAR(Widths("<p style='font: 17.6px Arial'>" + text).max, 507.55, 0.05);
  EXPECT_NEAR(Widths("<p style='font: 16px Arial'>" + text).max, 461.58, 0.05);
}

// sup and sub move by a third and a fifth of the parent's font size and a pixel, in layout
// units as Blink has them: the line Chromium makes is 26.515625px tall.
TEST_F(InlineLayout, SupAndSubShiftInLayoutUnitsAsInChromium) {
  EXPECT_DOUBLE_EQ(Lay("<p>x<sup>2</sup> y<sub>i</sub></p>", 800).height, 26.515625);
  // A sup keeps the line-height it inherits (Chromium's sheet has no `line-height: normal`).
  EXPECT_DOUBLE_EQ(Lay("<p style='line-height: 1.5'>a<sup>2</sup>b</p>", 800).height, 27.328125);
}

// Inside markers Chromium draws as shapes take the room it gives them: a <summary>'s
// triangle 1.0586em before the text (16.9375px at 16px), a disc or square 1.3125em and a
// pixel (22px at 16px, 43px at 32px).
TEST_F(InlineLayout, SummaryMarkersTakeChromiumsRoom) {
  double plain = Widths("<p style='font: 16px Arial'>Table</p>").max;
  double with_marker =
      Widths(
          "<p style='font: 16px Arial'><span style='display: list-item; list-style: "
          "disclosure-closed inside'>Table</span></p>")
          .max;
  EXPECT_NEAR(with_marker - plain, 16.94, 0.02);
  for (auto [size, room] : {std::pair{16, 22.0}, {32, 43.0}}) {
    std::string font = "font: " + std::to_string(size) + "px 'Times New Roman'";
    double text = Widths("<p style=\"" + font + "\">x</p>").max;
    double square = Widths("<p style=\"" + font +
                           "\"><span style='display: list-item; "
                           "list-style: square inside'>x</span></p>")
                        .max;
    EXPECT_NEAR(square - text, room, 0.02) << size;
  }
}

// A line of plain text that fits is measured from its words and shaped only when painted:
// it must come out as pango lays it out, in widths, height and baseline.
TEST_F(InlineLayout, PlainLinesMeasuredFromWordsMatchPango) {
  for (const char* html :
       {"<p>a somewhat longer cell of text</p>",
        "<p style='font: bold 20px sans-serif'>Bold "
        "heading words</p>",
        "<p style='line-height: 30px'>spaced   out\n text</p>",
        "<p style='white-space: nowrap; font-family: monospace'>code like text</p>"}) {
    Lay(html, 800);
    const Box& p = *Find(*boxes_, "p");
    ASSERT_TRUE(SimpleTextOf(p)) << html;
    InlineCache cache;
    InlineContent fast = LayOutInline(p, 800, SharedPangoContext(), {}, {}, &cache);
    InlineContent shaped = LayOutInline(p, 800, SharedPangoContext());
    EXPECT_TRUE(fast.deferred) << html;
    EXPECT_TRUE(fast.segments.empty()) << "nothing shaped yet";
    EXPECT_EQ(fast.text, shaped.text);
    EXPECT_DOUBLE_EQ(fast.height, shaped.height) << html;
    EXPECT_NEAR(fast.first_baseline, shaped.first_baseline, 0.01) << html;
    IntrinsicWidths words = InlineWidths(p, SharedPangoContext(), {}, {}, &cache);
    IntrinsicWidths pango = InlineWidths(p, SharedPangoContext());
    EXPECT_NEAR(words.max, pango.max, 0.05) << html;
    EXPECT_NEAR(words.min, pango.min, 0.05) << html;
    Realize(p, fast, SharedPangoContext());
    ASSERT_EQ(fast.segments.size(), 1u);
    EXPECT_STREQ(pango_layout_get_text(fast.segments[0].layout.get()), shaped.text.c_str());
  }
  Lay("<p>a line too long for forty pixels</p>", 40);
  InlineCache cache;
  EXPECT_FALSE(LayOutInline(*Find(*boxes_, "p"), 40, SharedPangoContext(), {}, {}, &cache).deferred)
      << "lines that wrap are pango's";
  Lay("<p>hyphen-ated</p>", 800);
  EXPECT_FALSE(SimpleTextOf(*Find(*boxes_, "p"))) << "pango breaks after hyphens";
}

// Words of plain lines are shaped alone, outside a layout, and numbers summed from their
// characters' advances and pairs' kerning (simple_text.cc): each measures exactly what
// pango's layout of the same text does, kerning ("11" in Times) and ligatures included.
TEST_F(InlineLayout, WordsShapedAloneMeasureAsPangosLayoutDoes) {
  const char* kFonts[] = {"16px serif",   "bold 13.333px sans-serif", "italic 12px monospace",
                          "15.3px Arial", "11px 'DejaVu Sans'",       "bold italic 21px Georgia"};
  const char* kWords[] = {"AVATAR", "To.",      "Wa,",      "office", "12345.67", "row",
                          "x",      "LTAVAWAY", "(quoted)", "T=7",    "fjord",    "Yes:no;",
                          "1111",   "11.11",    "1,234.50", "+42%",   "$99",      "711,117"};
  for (const char* font : kFonts) {
    for (const char* word : kWords) {
      std::string html = std::string("<p style=\"font: ") + font + "\">" + word + "</p>";
      Lay(html, 800);
      const Box& p = *Find(*boxes_, "p");
      ASSERT_TRUE(SimpleTextOf(p)) << html;
      InlineCache cache;
      IntrinsicWidths alone = InlineWidths(p, SharedPangoContext(), {}, {}, &cache);
      IntrinsicWidths laid_out = InlineWidths(p, SharedPangoContext());
      EXPECT_DOUBLE_EQ(alone.max, laid_out.max) << html;
    }
  }
}

// As in Chromium: a word longer than the line overflows it (3 lines: 54px), unless
// overflow-wrap lets it break anywhere (4 lines: 72px).
TEST_F(InlineLayout, LongWordsOverflowUnlessAllowedToBreak) {
  std::string words = "short averyveryverylongwordthatoverflows end</p>";
  EXPECT_EQ(Lay("<p>" + words, 100).height, 54);
  EXPECT_EQ(Lay("<p style='overflow-wrap: anywhere'>" + words, 100).height, 72);
}

}  // namespace
}  // namespace nexus::web::layout
