#include "web/loader/subresources.h"

#include <gtest/gtest.h>

#include "web/dom/html_parser.h"

namespace nexus::web {
namespace {

web::Url U(const std::string& text) {
  auto url = web::ParseUrl(text);
  EXPECT_TRUE(url.ok()) << text;
  return *url;
}

TEST(Subresources, LinkedSheetsImagesAndInlineCssInDocumentOrderWithoutDuplicates) {
  auto document = dom::ParseHtml(
      "<link rel='preload stylesheet' href='a.css'><link rel=icon href=favicon.ico>"
      "<style>@import url(\"b.css\"); p { background: url(bg.png) }</style>"
      "<img src='img/x.png'><img src='img/x.png'><img><div style=\"background-image: "
      "url('data:image/gif;base64,R0lG')\"></div><a href=next.html>next</a>");
  auto found = CollectSubresources(*document, U("file:///site/index.html"));
  std::vector<Subresource> expected = {
      {"file:///site/a.css", ResourceKind::kStylesheet},
      {"file:///site/b.css", ResourceKind::kStylesheet},
      {"file:///site/bg.png", ResourceKind::kImage},
      {"file:///site/img/x.png", ResourceKind::kImage},
      {"data:image/gif;base64,R0lG", ResourceKind::kImage},
  };
  EXPECT_EQ(found, expected);
}

TEST(Subresources, ClassicExternalScriptsAreLoadedModulesAndDataBlocksAreNot) {
  auto document = dom::ParseHtml(
      "<script src=a.js></script><script>inline()</script><script type=module src=m.js>"
      "</script><script type='text/plain' src=data.txt></script>"
      "<script type='TEXT/JavaScript' src=b.js defer></script>");
  std::vector<Subresource> expected = {{"file:///site/a.js", ResourceKind::kScript},
                                       {"file:///site/b.js", ResourceKind::kScript}};
  EXPECT_EQ(CollectSubresources(*document, U("file:///site/index.html")), expected);
}

TEST(Subresources, CssReferencesResolveAgainstTheSheetAndSkipCommentsAndStrings) {
  auto found = CssReferences(
      "/* url(commented.png) */ @import 'reset.css'; @IMPORT url(theme.css) screen;"
      "a::after { content: \"url(in-string.png)\" } .x { background: URL( ../img/t.png ) }"
      "#y { list-style-image: url(\"li.gif\") } .z { background: url(#svg-fragment) }",
      U("file:///site/css/main.css"));
  std::vector<Subresource> expected = {
      {"file:///site/css/reset.css", ResourceKind::kStylesheet},
      {"file:///site/css/theme.css", ResourceKind::kStylesheet},
      {"file:///site/img/t.png", ResourceKind::kImage},
      {"file:///site/css/li.gif", ResourceKind::kImage},
  };
  EXPECT_EQ(found, expected);
}

// A browser fetches one source per @font-face rule: the first in a format it reads.
TEST(Subresources, FontFaceRulesFetchTheirFirstSupportedSourceAsAFont) {
  auto found = CssReferences(
      "@font-face { font-family: A; src: url(a.eot?#iefix) format('embedded-opentype'),"
      " url('a.woff2') format('woff2'), url(a.ttf) format('truetype') }"
      "@FONT-FACE { font-family: 'B'; src: local(B), url(\"b.svg#b\") format(svg) }"
      "@font-face { src: url(no-family.woff) } p { background: url(p.png) }"
      "@font-face { font-family: C; src: url(../fonts/c.otf) }",
      U("file:///site/css/main.css"));
  std::vector<Subresource> expected = {
      {"file:///site/css/a.woff2", ResourceKind::kFont},
      {"file:///site/css/p.png", ResourceKind::kImage},
      {"file:///site/fonts/c.otf", ResourceKind::kFont},
  };
  EXPECT_EQ(found, expected);
}

TEST(Subresources, BaseElementChangesWhereReferencesPoint) {
  auto document = dom::ParseHtml("<base href='/assets/'><img src=a.png>");
  web::Url base = DocumentBaseUrl(*document, U("file:///site/page.html"));
  EXPECT_EQ(base.spec, "file:///assets/");
  auto found = CollectSubresources(*document, base);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].url, "file:///assets/a.png");
}

TEST(Subresources, UnterminatedCssEndsTheScanWithoutReadingPastTheEnd) {
  EXPECT_TRUE(CssReferences("a { background: url(", U("file:///x.css")).empty());
  EXPECT_TRUE(CssReferences("@import \"never-closed", U("file:///x.css")).size() <= 1);
  EXPECT_TRUE(CssReferences("/* open comment", U("file:///x.css")).empty());
}

}  // namespace
}  // namespace nexus::web
