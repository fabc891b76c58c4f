#include "web/style/document_style.h"

#include <gtest/gtest.h>

#include "web/dom/html_parser.h"
#include "web/style/resolved_style.h"

namespace nexus::web::style {
namespace {

class DocumentStyles : public ::testing::Test {
 protected:
  // Styles `html` at http://example.test/dir/page.html with `fetched` sheets.
  void Load(const char* html, css::MediaEnvironment environment = {}) {
    document_ = dom::ParseHtml(html);
    base_ = *ParseUrl("http://example.test/dir/page.html");
    style_ = std::make_unique<DocumentStyle>(*document_, base_, fetched_, environment);
    environment_ = environment;
  }

  // getComputedStyle(the element with `id`)[property], from the computed style alone.
  std::string Resolved(const char* id, const char* property) {
    const dom::Element* element = nullptr;
    for (const dom::Node* node : dom::Descendants(*document_)) {
      const dom::Element* candidate = node->AsElement();
      if (candidate && (candidate->GetAttribute("id") == id || candidate->tag_name() == id)) {
        element = candidate;
        break;
      }
    }
    if (!element)
      return "no #" + std::string(id);
    const css::ComputedStyle* style = style_->StyleOf(*element);
    if (!style)
      return "no style";
    for (const auto& [name, value] :
         ResolveStyle(*style, environment_.width, environment_.height)) {
      if (name == property)
        return value;
    }
    return "no " + std::string(property);
  }

  std::map<std::string, std::string> fetched_;
  std::unique_ptr<dom::Document> document_;
  Url base_;
  css::MediaEnvironment environment_;
  std::unique_ptr<DocumentStyle> style_;
};

// Siblings alike in every way a selector can see share one style (style_sharing in
// document_style.cc); any difference a rule can see keeps them apart.
TEST_F(DocumentStyles, SiblingsShareAStyleOnlyWhereNoSelectorCanTellThemApart) {
  const char* kPage = R"(<!doctype html><style>
    li:first-child { color: red }
    p + p { color: green }
    td:nth-child(even) { color: blue }
    div:empty { color: purple }
    span[data-x] { color: orange }
    b:hover { color: teal }
    .c { color: navy }
    input:checked { color: lime }
    h2:has(em) { color: maroon }
    #list > :first-child { color: olive }
    </style>
    <ul><li>a</li><li>b</li><li>c</li></ul>
    <section><p>1</p><p>2</p><p>3</p></section>
    <table><tr><td>1</td><td>2</td><td>3</td><td>4</td></tr></table>
    <article><div></div><div>x</div><div></div></article>
    <em><span>1</span><span data-x>2</span><span data-x>3</span><span>4</span></em>
    <i><b>1</b><b>2</b><b>3</b></i>
    <u><a>1</a><a class=c>2</a><a>3</a></u>
    <form><input type=checkbox><input type=checkbox checked></form>
    <header><h2>x</h2><h2><em>y</em></h2></header>
    <nav id=list><s>1</s><s>2</s></nav><aside><s>1</s><s>2</s></aside>)";
  document_ = dom::ParseHtml(kPage);
  base_ = *ParseUrl("http://example.test/dir/page.html");
  css::MatchState hover;
  int b_count = 0;
  for (const dom::Node* node : dom::Descendants(*document_)) {
    const dom::Element* element = node->AsElement();
    if (element && element->tag_name() == "b" && ++b_count == 2)
      hover.hovered = element;  // the second <b>
  }
  style_ = std::make_unique<DocumentStyle>(*document_, base_, fetched_, environment_, hover);
  auto colors = [&](const char* tag, const char* in) {
    std::vector<std::string> found;
    for (const dom::Node* node : dom::Descendants(*document_)) {
      const dom::Element* element = node->AsElement();
      const dom::Node* parent = element ? element->parent() : nullptr;
      if (!element || element->tag_name() != tag || !parent || !parent->AsElement() ||
          parent->AsElement()->tag_name() != in)
        continue;
      for (const auto& [name, value] : ResolveStyle(*style_->StyleOf(*element), 800, 600)) {
        if (name == "color")
          found.push_back(value);
      }
    }
    return found;
  };
  const std::string black = "rgb(0, 0, 0)";
  using Colors = std::vector<std::string>;
  EXPECT_EQ(colors("li", "ul"), (Colors{"rgb(255, 0, 0)", black, black}));
  EXPECT_EQ(colors("p", "section"), (Colors{black, "rgb(0, 128, 0)", "rgb(0, 128, 0)"}));
  EXPECT_EQ(colors("td", "tr"), (Colors{black, "rgb(0, 0, 255)", black, "rgb(0, 0, 255)"}));
  EXPECT_EQ(colors("div", "article"), (Colors{"rgb(128, 0, 128)", black, "rgb(128, 0, 128)"}));
  EXPECT_EQ(colors("span", "em"), (Colors{black, "rgb(255, 165, 0)", "rgb(255, 165, 0)", black}));
  EXPECT_EQ(colors("b", "i"), (Colors{black, "rgb(0, 128, 128)", black}));
  EXPECT_EQ(colors("a", "u"), (Colors{black, "rgb(0, 0, 128)", black}));
  EXPECT_EQ(colors("input", "form"), (Colors{black, "rgb(0, 255, 0)"}));
  EXPECT_EQ(colors("h2", "header"), (Colors{black, "rgb(128, 0, 0)"}));
  EXPECT_EQ(colors("s", "nav"), (Colors{"rgb(128, 128, 0)", black}));
  EXPECT_EQ(colors("s", "aside"), (Colors{black, black}));
}

// Rules that need an ancestor are tried only where one may be (the ancestor filter): they
// still match wherever their ancestors are, under any case in quirks mode.
TEST_F(DocumentStyles, RulesNeedingAncestorsMatchWhereTheAncestorsAre) {
  Load(R"(<style>
    .a .b span { color: red }
    #x > p { color: green }
    section.c em { color: blue }
    .Mixed b { color: purple }
    </style>
    <div class=a><div class=b><span id=s1>1</span></div></div>
    <div class=b><span id=s2>2</span></div>
    <div id=x><p id=p1>3</p><div><p id=p2>4</p></div></div>
    <section class="z c"><em id=e1>5</em></section><section><em id=e2>6</em></section>
    <div class=mixed><b id=b1>7</b></div>)");
  EXPECT_EQ(Resolved("s1", "color"), "rgb(255, 0, 0)");
  EXPECT_EQ(Resolved("s2", "color"), "rgb(0, 0, 0)");
  EXPECT_EQ(Resolved("p1", "color"), "rgb(0, 128, 0)");
  EXPECT_EQ(Resolved("p2", "color"), "rgb(0, 0, 0)");
  EXPECT_EQ(Resolved("e1", "color"), "rgb(0, 0, 255)");
  EXPECT_EQ(Resolved("e2", "color"), "rgb(0, 0, 0)");
  EXPECT_EQ(Resolved("b1", "color"), "rgb(128, 0, 128)") << "quirks mode: classes without case";
}

TEST_F(DocumentStyles, TheUserAgentSheetGivesHtmlItsLook) {
  Load(
      "<!doctype html><body><h1 id=h>x</h1><p id=p>x<span id=s>y</span></p><ul><li id=li>"
      "<ul id=inner></ul></li></ul><b id=b>x</b><div hidden id=hidden></div>"
      "<section><h1 id=nested>x</h1></section><a id=a href=x>x</a><pre id=pre>x</pre>");
  EXPECT_EQ(Resolved("body", "margin-top"), "8px");
  EXPECT_EQ(Resolved("head", "display"), "none");
  EXPECT_EQ(Resolved("h", "font-size"), "32px");
  EXPECT_EQ(Resolved("h", "margin-top"), "21.44px");
  EXPECT_EQ(Resolved("h", "font-weight"), "700");
  EXPECT_EQ(Resolved("nested", "font-size"), "32px");  // no smaller h1 in sections (Chromium 156)
  EXPECT_EQ(Resolved("p", "display"), "block");
  EXPECT_EQ(Resolved("p", "margin-bottom"), "16px");
  EXPECT_EQ(Resolved("s", "display"), "inline");
  EXPECT_EQ(Resolved("li", "display"), "list-item");
  EXPECT_EQ(Resolved("li", "list-style-type"), "disc");
  EXPECT_EQ(Resolved("inner", "list-style-type"), "circle");
  EXPECT_EQ(Resolved("inner", "margin-top"), "0px");
  EXPECT_EQ(Resolved("inner", "padding-left"), "40px");
  EXPECT_EQ(Resolved("b", "font-weight"), "700");
  EXPECT_EQ(Resolved("hidden", "display"), "none");
  EXPECT_EQ(Resolved("a", "color"), "rgb(0, 0, 238)");
  EXPECT_EQ(Resolved("a", "text-decoration-line"), "underline");
  EXPECT_EQ(Resolved("pre", "white-space"), "pre");
  EXPECT_EQ(Resolved("pre", "font-size"), "13px");
  EXPECT_EQ(Resolved("p", "color"), "rgb(0, 0, 0)");
  EXPECT_EQ(Resolved("html", "background-color"), "rgba(0, 0, 0, 0)");
}

TEST_F(DocumentStyles, QuirksModeTablesDoNotInheritFonts) {
  const char* page =
      "<body style='font-size: 20px; font-weight: bold'><table id=t><tr>"
      "<td id=cell>x</td></tr></table><form id=f></form><img id=i align=left>";
  Load(page);  // no doctype: quirks mode
  EXPECT_EQ(Resolved("cell", "font-size"), "16px");
  EXPECT_EQ(Resolved("t", "font-weight"), "400");
  EXPECT_EQ(Resolved("f", "margin-bottom"), "20px");  // 1em of its 20px
  EXPECT_EQ(Resolved("i", "margin-right"), "3px");
  Load((std::string("<!doctype html>") + page).c_str());
  EXPECT_EQ(Resolved("cell", "font-size"), "20px");
  EXPECT_EQ(Resolved("t", "font-weight"), "700");
  EXPECT_EQ(Resolved("f", "margin-bottom"), "0px");
  EXPECT_EQ(Resolved("i", "margin-right"), "0px");
}

TEST_F(DocumentStyles, AuthorSheetsCascadeInDocumentOrderWithImportsFirst) {
  fetched_["http://example.test/dir/site.css"] =
      "@import 'base.css'; @import url(/print.css) print; p { color: green }";
  fetched_["http://example.test/dir/base.css"] =
      "p { color: red; font-style: italic } @import 'x.css';";
  fetched_["http://example.test/print.css"] = "p { font-weight: 900 }";
  Load(
      "<!doctype html><head><link rel='Alternate StyleSheet' href=nothing.css>"
      "<link rel=stylesheet href=site.css><style>p { margin-top: 3px }</style>"
      "<link rel=stylesheet href=missing.css>"
      "<style media=print>p { margin-top: 99px }</style>"
      "<style type=text/less>p { margin-top: 98px }</style>"
      "<link rel=stylesheet href=site.css disabled>"
      "</head><body><p id=p style='padding-left: 2px'>x</p>");
  EXPECT_EQ(Resolved("p", "color"), "rgb(0, 128, 0)");  // site.css after what it imports
  EXPECT_EQ(Resolved("p", "font-style"), "italic");
  EXPECT_EQ(Resolved("p", "font-weight"), "400");  // the print import does not apply
  EXPECT_EQ(Resolved("p", "margin-top"), "3px");
  EXPECT_EQ(Resolved("p", "padding-left"), "2px");
  EXPECT_EQ(style_->author_sheet_count(), 3u);  // site, base and the one <style> that applies
}

TEST_F(DocumentStyles, UrlsAreRelativeToTheirSheet) {
  fetched_["http://example.test/css/site.css"] = "p { background-image: url(../img/a.png) }";
  Load(
      "<link rel=stylesheet href=/css/site.css><p id=p>x</p>"
      "<div id=d style=\"background-image: url('b.png')\"></div>");
  EXPECT_EQ(Resolved("p", "background-image"), "url(http://example.test/img/a.png)");
  EXPECT_EQ(Resolved("d", "background-image"), "url(\"http://example.test/dir/b.png\")");
}

TEST_F(DocumentStyles, SheetsThatImportEachOtherEnd) {
  fetched_["http://example.test/a.css"] = "@import 'b.css'; @import 'a.css'; p { color: blue }";
  fetched_["http://example.test/b.css"] = "@import 'a.css'; @import 'b.css'; p { color: red }";
  Load("<link rel=stylesheet href=/a.css><p id=p>x");
  EXPECT_EQ(Resolved("p", "color"), "rgb(0, 0, 255)");
  EXPECT_EQ(style_->author_sheet_count(), 17u) << "a, b, a, ... down to the 16th import";
}

TEST_F(DocumentStyles, HintsLoseToAuthorRulesAndBeatTheUserAgent) {
  Load(
      "<style>.styled { background-color: blue }</style>"
      "<table id=plain bgcolor=red cellpadding=6><tr><td id=cell>x</td></tr></table>"
      "<table id=styled class=styled bgcolor=red></table>"
      "<table id=attribute bgcolor=red style='background-color: lime'></table>");
  EXPECT_EQ(Resolved("plain", "background-color"), "rgb(255, 0, 0)");
  EXPECT_EQ(Resolved("cell", "padding-top"), "6px");  // over the user agent's 1px
  EXPECT_EQ(Resolved("styled", "background-color"), "rgb(0, 0, 255)");
  EXPECT_EQ(Resolved("attribute", "background-color"), "rgb(0, 255, 0)");
}

TEST_F(DocumentStyles, ResolvedValuesAreWhatGetComputedStyleShows) {
  css::MediaEnvironment narrow;
  narrow.width = 400;
  narrow.height = 300;
  Load(
      "<style>:root { --space: 1.5em; font-size: 10px }"
      "#box { margin-inline: auto 2vw; padding-block: var(--space) calc(1rem + 1px);"
      "  border: thin dotted; border-right-style: none; color: hsl(120 100% 25% / .25);"
      "  width: 50%; line-height: 1.5; font-weight: bolder; --empty: ; }"
      "@media (max-width: 500px) { #box { text-align: center } }</style>"
      "<div id=box>x</div>",
      narrow);
  EXPECT_EQ(Resolved("box", "margin-left"), "auto");
  EXPECT_EQ(Resolved("box", "margin-right"), "8px");
  EXPECT_EQ(Resolved("box", "padding-top"), "15px");
  EXPECT_EQ(Resolved("box", "padding-bottom"), "11px");
  EXPECT_EQ(Resolved("box", "border-top-width"), "1px");
  EXPECT_EQ(Resolved("box", "border-top-style"), "dotted");
  EXPECT_EQ(Resolved("box", "border-right-width"), "0px");
  EXPECT_EQ(Resolved("box", "border-top-color"), "rgba(0, 128, 0, 0.25)");
  EXPECT_EQ(Resolved("box", "width"), "50%");  // a used value: layout's to give
  EXPECT_EQ(Resolved("box", "line-height"), "15px");  // a number, in px as Chromium says
  EXPECT_EQ(Resolved("box", "font-weight"), "700");
  EXPECT_EQ(Resolved("box", "text-align"), "center");
  EXPECT_EQ(Resolved("box", "--space"), "1.5em");
  EXPECT_EQ(Resolved("box", "font-size"), "10px");
}

}  // namespace
}  // namespace nexus::web::style
