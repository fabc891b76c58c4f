#include "web/layout/box_tree.h"

#include <gtest/gtest.h>

#include "web/dom/html_parser.h"

namespace nexus::web::layout {
namespace {

// The box tree of `body_html` (inside <body style="margin:0">), from the body's box down.
std::string Boxes(const std::string& body_html, const std::string& css = "") {
  auto document = dom::ParseHtml("<!doctype html><html><head><style>" + css +
                                 "</style></head><body>" + body_html + "</body></html>");
  std::map<std::string, std::string> no_sheets;
  style::DocumentStyle styles(*document, *ParseUrl("http://example.test/"), no_sheets, {});
  auto viewport = BuildBoxTree(*document, styles);
  // viewport > html > body
  const Box* html = viewport->children.empty() ? nullptr : viewport->children[0].get();
  const Box* body = html && !html->children.empty() ? html->children.back().get() : nullptr;
  return body ? DumpBoxTree(*body) : "no body box";
}

TEST(BoxTree, DisplayNoneAndContentsAndTheRootIsBlockified) {
  auto document = dom::ParseHtml("<html style='display:inline'><body>x</body></html>");
  std::map<std::string, std::string> no_sheets;
  style::DocumentStyle styles(*document, *ParseUrl("http://example.test/"), no_sheets, {});
  EXPECT_EQ(DumpBoxTree(*BuildBoxTree(*document, styles)),
            "block flow-root (anonymous)\n"
            "  block flow <html>\n"
            "    block flow <body>\n"
            "      \"x\"\n");
  EXPECT_EQ(Boxes("<p>a</p><p style='display:none'>b</p><div style='display:contents'>"
                  "<p>c</p></div>"),
            "block flow <body>\n"
            "  block flow <p>\n"
            "    \"a\"\n"
            "  block flow <p>\n"
            "    \"c\"\n");
}

TEST(BoxTree, InlineRunsBesideBlocksAreWrappedAndWhitespaceBetweenBlocksGoes) {
  EXPECT_EQ(Boxes("text <b>bold</b>\n<div>block</div>\n  \n<p>p</p> tail"),
            "block flow <body>\n"
            "  block flow (anonymous)\n"
            "    \"text \"\n"
            "    inline flow <b>\n"
            "      \"bold\"\n"
            "    \"\\n\"\n"
            "  block flow <div>\n"
            "    \"block\"\n"
            "  block flow <p>\n"
            "    \"p\"\n"
            "  block flow (anonymous)\n"
            "    \" tail\"\n");
  EXPECT_EQ(Boxes("<span>only inline</span>"),
            "block flow <body>\n"
            "  inline flow <span>\n"
            "    \"only inline\"\n");
}

TEST(BoxTree, AnInlineWithABlockInsideIsBrokenAroundIt) {
  EXPECT_EQ(Boxes("<span>a<i>b<div>block</div>c</i>d</span>"),
            "block flow <body>\n"
            "  block flow (anonymous)\n"
            "    inline flow <span>\n"
            "      \"a\"\n"
            "      inline flow <i>\n"
            "        \"b\"\n"
            "  block flow <div>\n"
            "    \"block\"\n"
            "  block flow (anonymous)\n"
            "    inline flow <span> continued\n"
            "      inline flow <i> continued\n"
            "        \"c\"\n"
            "      \"d\"\n");
  EXPECT_EQ(Boxes("<span>a<img style='float:left'>b</span>"),
            "block flow <body>\n"
            "  inline flow <span>\n"
            "    \"a\"\n"
            "    block flow replaced <img>\n"
            "    \"b\"\n")
      << "a float is blockified but stays in the inline";
}

TEST(BoxTree, FlexAndGridItemsAreBlockifiedAndTextBecomesAnItem) {
  EXPECT_EQ(
      Boxes("<div style='display:flex'> <span>a</span> loose <em style='display:inline-block'>"
            "b</em>\n</div>"),
      "block flow <body>\n"
      "  block flex <div>\n"
      "    block flow <span>\n"
      "      \"a\"\n"
      "    block flow (anonymous)\n"
      "      \" loose \"\n"
      "    block flow-root <em>\n"
      "      \"b\"\n");
  EXPECT_EQ(Boxes("<span style='display:inline-grid'><b>x</b></span>"),
            "block flow <body>\n"
            "  inline grid <span>\n"
            "    block flow <b>\n"
            "      \"x\"\n");
}

TEST(BoxTree, MisplacedTablePartsGetAnonymousTablesRowsAndCells) {
  EXPECT_EQ(Boxes("<table>\n <tr>\n  <td>a</td> <td>b</td>\n </tr>\n</table>"),
            "block flow <body>\n"
            "  block table <table>\n"
            "    block row-group <tbody>\n"
            "      block row <tr>\n"
            "        block cell <td>\n"
            "          \"a\"\n"
            "        block cell <td>\n"
            "          \"b\"\n");
  EXPECT_EQ(Boxes("<div class=row><span class=cell>a</span><span class=cell>b</span></div>"
                  "<div class=cell>lonely</div>",
                  ".row { display: table-row } .cell { display: table-cell }"),
            "block flow <body>\n"
            "  block table (anonymous)\n"
            "    block row <div>\n"
            "      block cell <span>\n"
            "        \"a\"\n"
            "      block cell <span>\n"
            "        \"b\"\n"
            "    block row (anonymous)\n"
            "      block cell <div>\n"
            "        \"lonely\"\n");
  EXPECT_EQ(Boxes("<div style='display:table-row'>text<b>bold</b></div>"),
            "block flow <body>\n"
            "  block table (anonymous)\n"
            "    block row <div>\n"
            "      block cell (anonymous)\n"
            "        \"text\"\n"
            "        inline flow <b>\n"
            "          \"bold\"\n");
}

TEST(BoxTree, ListsGetMarkersWithHtmlsNumbering) {
  EXPECT_EQ(Boxes("<ol start=3><li>a</li><li value=10>b</li><li>c</li></ol>"
                  "<ul><li>d</li></ul><ol reversed style='list-style-type:lower-roman'>"
                  "<li>e</li><li>f</li></ol>"),
            "block flow <body>\n"
            "  block flow <ol>\n"
            "    block flow list-item <li>\n"
            "      inline flow <li>::marker\n"
            "        \"3. \"\n"
            "      \"a\"\n"
            "    block flow list-item <li>\n"
            "      inline flow <li>::marker\n"
            "        \"10. \"\n"
            "      \"b\"\n"
            "    block flow list-item <li>\n"
            "      inline flow <li>::marker\n"
            "        \"11. \"\n"
            "      \"c\"\n"
            "  block flow <ul>\n"
            "    block flow list-item <li>\n"
            "      inline flow <li>::marker\n"
            "        \"\u2022 \"\n"
            "      \"d\"\n"
            "  block flow <ol>\n"
            "    block flow list-item <li>\n"
            "      inline flow <li>::marker\n"
            "        \"ii. \"\n"
            "      \"e\"\n"
            "    block flow list-item <li>\n"
            "      inline flow <li>::marker\n"
            "        \"i. \"\n"
            "      \"f\"\n");
}

TEST(BoxTree, BeforeAndAfterMakeBoxesFromTheirContent) {
  EXPECT_EQ(Boxes("<p data-n=7>x</p><q>quoted <q>inner</q></q><p class=none>y</p>",
                  "p::before { content: 'N' attr(data-n) ': ' } p::after { content: '!'; "
                  "display: block } .none::before { content: none }"),
            "block flow <body>\n"
            "  block flow <p>\n"
            "    block flow (anonymous)\n"
            "      inline flow <p>::before\n"
            "        \"N7: \"\n"
            "      \"x\"\n"
            "    block flow <p>::after\n"
            "      \"!\"\n"
            "  block flow (anonymous)\n"
            "    inline flow <q>\n"
            "      inline flow <q>::before\n"
            "        \"\u201c\"\n"
            "      \"quoted \"\n"
            "      inline flow <q>\n"
            "        inline flow <q>::before\n"
            "          \"\u2018\"\n"
            "        \"inner\"\n"
            "        inline flow <q>::after\n"
            "          \"\u2019\"\n"
            "      inline flow <q>::after\n"
            "        \"\u201d\"\n"
            "  block flow <p>\n"
            "    block flow (anonymous)\n"
            "      \"y\"\n"
            "    block flow <p>::after\n"
            "      \"!\"\n");
}

TEST(BoxTree, ReplacedElementsWidgetsAndLineBreaks) {
  EXPECT_EQ(Boxes("<img src=x.png>a<br>b<input><button>go</button>"
                  "<input type=hidden>"),
            "block flow <body>\n"
            "  inline flow replaced <img>\n"
            "  \"a\"\n"
            "  br\n"
            "  \"b\"\n"
            "  inline flow-root widget <input>\n"
            "  inline flow-root <button>\n"
            "    \"go\"\n");
}

}  // namespace
}  // namespace nexus::web::layout
