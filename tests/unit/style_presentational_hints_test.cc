#include "web/style/presentational_hints.h"

#include <gtest/gtest.h>

#include "web/dom/html_parser.h"

namespace nexus::web::style {
namespace {

std::string Rgb(std::string_view legacy) {
  auto color = ParseLegacyColor(legacy);
  if (!color)
    return "none";
  return std::to_string(color->r) + "," + std::to_string(color->g) + "," + std::to_string(color->b);
}

// The hints of the first `tag` in `html`, as "property: value; ..." in order.
std::string Hints(const char* html, const char* tag) {
  auto document = dom::ParseHtml(html);
  auto elements = document->GetElementsByTagName(tag);
  if (elements.empty())
    return "no <" + std::string(tag) + ">";
  std::string out;
  for (const css::Declaration& declaration : PresentationalHints(*elements.front()))
    out += declaration.name + ": " + css::Serialize(declaration.value) + "; ";
  return out;
}

TEST(LegacyColors, ParseAsBrowsersReadOldPages) {
  EXPECT_EQ(Rgb("red"), "255,0,0");
  EXPECT_EQ(Rgb("  #ABC "), "170,187,204");
  EXPECT_EQ(Rgb("#ffcc00"), "255,204,0");
  EXPECT_EQ(Rgb("ffcc00"), "255,204,0");  // no '#': still hex, as every browser reads it
  EXPECT_EQ(Rgb("chucknorris"), "192,0,0");
  EXPECT_EQ(Rgb("#1234567890ab"), "18,86,144");  // four digits a part: the first two
  EXPECT_EQ(Rgb("#001200340056"), "18,52,86");   // shared leading zeros go first
  EXPECT_EQ(Rgb("transparent"), "none");
  EXPECT_EQ(Rgb(""), "none");
}

TEST(PresentationalHints, BodyTablesAndCellsMapToCss) {
  EXPECT_EQ(Hints("<body bgcolor=white text=#333 topmargin=0>", "body"),
            "background-color: rgb(255, 255, 255); color: rgb(51, 51, 51); margin-top: 0px; ");
  EXPECT_EQ(Hints("<table border=2 cellspacing=0 width=80% align=center bgcolor=silver>", "table"),
            "background-color: rgb(192, 192, 192); margin-left: auto; margin-right: auto; "
            "width: 80%; border-width: 2px; border-style: outset; border-color: currentcolor; "
            "border-spacing: 0px; ");
  EXPECT_EQ(
      Hints("<table cellpadding=4 border><tr><td nowrap align=right valign=top width=0 "
            "height=20>x",
            "td"),
      "text-align: -webkit-right; vertical-align: top; height: 20px; padding: 4px; "
      "border-width: 1px; border-style: inset; border-color: currentcolor; white-space: nowrap; ");
  EXPECT_EQ(Hints("<table border=0><tr><td>x", "td"), "");
}

TEST(PresentationalHints, FontsImagesLinksAndRules) {
  EXPECT_EQ(Hints("<font color=blue face='Arial, sans-serif' size=+2>x</font>", "font"),
            "color: rgb(0, 0, 255); font-family: Arial, sans-serif; font-size: x-large; ");
  EXPECT_EQ(Hints("<font size=9>x</font>", "font"), "font-size: xxx-large; ");
  EXPECT_EQ(Hints("<img align=left hspace=5 width=100 height=50.5>", "img"),
            "float: left; width: 100px; height: 50.5px; margin-left: 5px; margin-right: 5px; ");
  EXPECT_EQ(Hints("<body link=green><a href=x>x</a><a>y</a>", "a"), "color: rgb(0, 128, 0); ");
  EXPECT_EQ(Hints("<hr size=3 color=red>", "hr"),
            "height: 1px; border-style: solid; border-color: rgb(255, 0, 0); "
            "background-color: rgb(255, 0, 0); ")
      << "size is the whole height, borders included (Chromium)";
  EXPECT_EQ(Hints("<hr size=1 align=left noshade>", "hr"),
            "border-bottom-width: 0px; margin-left: 0; margin-right: auto; border-style: solid; "
            "border-color: rgb(128, 128, 128); background-color: rgb(128, 128, 128); ");
  EXPECT_EQ(Hints("<ol type=A><li type=i>x</ol>", "ol"), "list-style-type: upper-alpha; ");
  EXPECT_EQ(Hints("<ol type=A><li type=i>x</ol>", "li"), "list-style-type: lower-roman; ");
  EXPECT_EQ(Hints("<ul type=SQUARE><li>x</ul>", "ul"), "list-style-type: square; ");
  EXPECT_EQ(Hints("<img border=5>", "img"), "border-width: 5px; border-style: solid; ");
  EXPECT_EQ(Hints("<div align=center width=5>x</div>", "div"), "text-align: -webkit-center; ");
  EXPECT_EQ(Hints("<p width=junk bgcolor=red>x</p>", "p"), "");
}

}  // namespace
}  // namespace nexus::web::style
