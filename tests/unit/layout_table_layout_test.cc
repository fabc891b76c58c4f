#include <gtest/gtest.h>

#include "../support/expect_boxes.h"

namespace nexus::web {
namespace {

TEST(TableLayout, ColumnsFitTheirCellsAndSpanningCellsSpreadOverThem) {
  ExpectBoxes(
      "<table id=t1 border=1><tr><td id=a>short</td><td id=b>a somewhat longer cell of "
      "text</td></tr><tr><td id=c colspan=2>spanning both columns</td></tr></table>",
      "t1:8,8,241,52 a:11,11,36,22 b:49,11,197,22 c:11,35,235,22");
}

TEST(TableLayout, PercentAndFixedWidthsShareTheTablesWidth) {
  ExpectBoxes(
      "<table id=t2 width='100%' cellspacing=0 cellpadding=4><tr><td id=d width='30%'>thirty"
      "</td><td id=e>rest</td><td id=f width=50>fifty</td></tr></table>",
      "t2:8,8,784,26 d:8,8,235,26 e:243,8,491,26 f:734,8,58,26");
}

TEST(TableLayout, HeaderFirstFooterLastAndRowSpans) {
  ExpectBoxes(
      "<table id=t3 style='border-collapse:collapse'><thead><tr><th id=g>Head</th><th>Two</th>"
      "</tr></thead><tfoot><tr><td id=h>foot</td><td>f</td></tr></tfoot><tbody><tr>"
      "<td id=i rowspan=2>spans two rows</td><td id=j>x</td></tr><tr><td id=k "
      "style='height:50px'>tall</td></tr></tbody></table>",
      "t3:8,8,132,112 g:8,8,101,20 h:8,100,101,20 i:8,28,101,72 k:108,48,31,52");
}

TEST(TableLayout, CaptionsCentringAndAnonymousTableParts) {
  ExpectBoxes(
      "<table id=t4 align=center><caption id=cap>A caption</caption><tr><td id=l>centred "
      "table</td></tr></table><div id=t5 style='display:table;width:300px'><div "
      "style='display:table-cell' id=m>anon row</div><div style='display:table-cell' "
      "id=n>second</div></div>",
      "t4:356,8,88,42 cap:356,8,88,18 l:358,28,84,20 t5:8,50,300,18 m:8,50,172,18 "
      "n:180,50,128,18");
}

TEST(TableLayout, FixedLayoutTakesTheFirstRowsWidthsAndIgnoresContent) {
  ExpectBoxes(
      "<table id=t style='table-layout:fixed;width:400px;border-spacing:0'><tr><td id=a "
      "style='width:100px;padding:0'>a</td><td id=b style='padding:0'>averyveryveryvery"
      "verylongwordinthecell</td><td id=c style='padding:0'>c</td></tr><tr><td id=d "
      "style='width:300px;padding:0'>d</td><td></td><td></td></tr></table>",
      "t:8,8,400,36 a:8,8,100,18 b:108,8,150,18 c:258,8,150,18 d:8,26,100,18");
}

TEST(TableLayout, CellsAlignTheirContentVertically) {
  ExpectBoxes(
      "<table cellspacing=0 cellpadding=0><tr><td id=top style='height:60px;"
      "vertical-align:top'><div id=in_top>a</div></td><td style='vertical-align:middle'>"
      "<div id=in_middle>b</div></td><td style='vertical-align:bottom'><div id=in_bottom>c"
      "</div></td></tr></table>",
      "top:8,8,7,60 in_top:8,8,7,18 in_middle:15,29,8,18 in_bottom:23,50,7,18");
}

// A cell's width is what its column wants, not its minimum: a table too narrow for it gives
// the column its content's min-content width (Chromium's figures).
TEST(TableLayout, AFixedColumnShrinksToItsContentWhenTheTableIsTooNarrow) {
  ExpectBoxes(
      "<table id=t cellspacing=0 cellpadding=2 width=100%><tr><td id=a width=200>"
      "<div style='width:150px;height:10px'></div></td><td id=b>"
      "<div style='width:900px;height:10px'></div></td></tr></table>"
      "<table id=u cellspacing=0 cellpadding=2><tr><td id=c width=200>x</td>"
      "<td id=d>some words here</td></tr></table>",
      "t:8,8,1058,14 a:8,8,154,14 b:162,8,904,14 u:8,22,316,22 c:8,22,204,22 d:212,22,112,22");
}

}  // namespace
}  // namespace nexus::web
