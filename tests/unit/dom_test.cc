#include "web/dom/html_parser.h"

#include <gtest/gtest.h>

#include "web/dom/quirks_mode.h"
#include "web/page/page_summary.h"

namespace nexus::web::dom {
namespace {

const Element* Only(const Document& document, std::string_view tag) {
  auto found = document.GetElementsByTagName(tag);
  EXPECT_EQ(found.size(), 1u) << tag;
  return found.empty() ? nullptr : found.front();
}

TEST(Dom, UnclosedTagsAreClosedAsBrowsersDo) {
  auto document = ParseHtml("<p>one<p>two<ul><li>a<li>b</ul><b><i>x</b>y</i>");
  EXPECT_EQ(document->GetElementsByTagName("p").size(), 2u);
  EXPECT_EQ(document->GetElementsByTagName("li").size(), 2u);
  // The first <p> closed when the second opened: they are siblings.
  auto paragraphs = document->GetElementsByTagName("p");
  EXPECT_EQ(paragraphs[0]->parent(), paragraphs[1]->parent());
  EXPECT_EQ(paragraphs[0]->TextContent(), "one");
  // Misnested <b><i>: the adoption agency algorithm re-opens <i> after </b>.
  EXPECT_EQ(document->GetElementsByTagName("i").size(), 2u);
  ASSERT_NE(document->body(), nullptr);
  ASSERT_NE(document->head(), nullptr);
}

TEST(Dom, TablesGetTheirImplicitBodyAndStrayContentIsFosterParented) {
  auto document = ParseHtml("<table>lost<tr><td>cell</td></tr></table>");
  const Element* tbody = Only(*document, "tbody");
  ASSERT_NE(tbody, nullptr);
  EXPECT_EQ(tbody->parent()->AsElement()->tag_name(), "table");
  EXPECT_EQ(Only(*document, "td")->TextContent(), "cell");
  // "lost" is moved in front of the table, as every browser does.
  const Node* table = Only(*document, "table");
  ASSERT_NE(table->previous_sibling(), nullptr);
  EXPECT_EQ(table->previous_sibling()->TextContent(), "lost");
}

TEST(Dom, EntitiesAreDecodedAndScriptsStayText) {
  auto document = ParseHtml(
      "<title> A &amp; B &lt;3 &eacute; </title><script>if (a < b && c) x = '<p>';</script>"
      "<p class=\"x&quot;y\" data-v=3>&#x1F600;</p>");
  EXPECT_EQ(document->Title(), "A & B <3 \xC3\xA9");
  const Element* script = Only(*document, "script");
  EXPECT_EQ(script->TextContent(), "if (a < b && c) x = '<p>';");
  EXPECT_EQ(script->children().size(), 1u);
  EXPECT_TRUE(document->GetElementsByTagName("p").size() == 1) << "no <p> parsed from script";
  const Element* p = Only(*document, "p");
  EXPECT_EQ(p->GetAttribute("class"), "x\"y");
  EXPECT_EQ(p->GetAttribute("data-v"), "3");
  EXPECT_FALSE(p->GetAttribute("id").has_value());
  EXPECT_EQ(p->TextContent(), "\xF0\x9F\x98\x80");
}

TEST(Dom, TreeNavigationAndMutation) {
  auto document = ParseHtml("<body><a></a><b></b><c-custom></c-custom></body>");
  Element* body = document->body();
  ASSERT_EQ(body->children().size(), 3u);
  Node* a = body->first_child();
  Node* custom = body->last_child();
  EXPECT_EQ(custom->AsElement()->tag_name(), "c-custom");
  EXPECT_EQ(a->next_sibling()->AsElement()->tag_name(), "b");
  EXPECT_EQ(custom->previous_sibling(), a->next_sibling());
  EXPECT_EQ(a->previous_sibling(), nullptr);
  EXPECT_EQ(a->owner_document(), document.get());
  auto removed = body->RemoveChild(a->next_sibling());
  ASSERT_NE(removed, nullptr);
  EXPECT_EQ(removed->parent(), nullptr);
  EXPECT_EQ(a->next_sibling(), custom);
  EXPECT_EQ(body->RemoveChild(removed.get()), nullptr) << "not a child any more";
  body->AppendChild(document->CreateText("tail"));
  EXPECT_EQ(body->TextContent(), "tail");
}

TEST(Dom, DeepNestingIsCappedWithoutLosingContent) {
  std::string html;
  // gumbo's scope checks are quadratic in depth, so 3000 (not 50,000) keeps the test fast.
  for (int i = 0; i < 3000; ++i)
    html += "<div>";
  html += "deepest";
  auto document = ParseHtml(html);
  int depth = 0;
  const Node* node = document.get();
  while (!node->children().empty()) {
    node = node->first_child();
    ++depth;
  }
  EXPECT_LE(depth, kMaxTreeDepth + 1);
  EXPECT_NE(document->body()->TextContent().find("deepest"), std::string::npos);
  EXPECT_EQ(document->GetElementsByTagName("div").size(), 3000u);
}

TEST(Dom, SerializationRoundTripsTheTree) {
  auto document = ParseHtml(
      "<title>t</title><style>p > b { color: red }</style><p id=a title='x\"&y'>1 &lt; 2<br>"
      "<img src=i.png></p>");
  std::string html = SerializeHtml(*document);
  EXPECT_NE(html.find("p > b { color: red }"), std::string::npos) << html;
  EXPECT_NE(html.find("1 &lt; 2<br><img src=\"i.png\"></p>"), std::string::npos) << html;
  EXPECT_NE(html.find("title=\"x&quot;&amp;y\""), std::string::npos) << html;
  auto again = ParseHtml(html);
  EXPECT_EQ(SerializeHtml(*again), html);
}

TEST(PageSummary, TitleAndVisibleTextFromTheDom) {
  auto summary = SummarizeHtml(
      "<title>T</title><style>x{}</style><body> Hello <script>var x;</script> world </body>");
  EXPECT_EQ(summary.title, "T");
  EXPECT_EQ(summary.text_length, 11u);  // "Hello world"
  EXPECT_GE(summary.element_count, 5u);
}

}  // namespace
}  // namespace nexus::web::dom

namespace nexus::web::dom {
namespace {

// HTML §13.2.6.4.1, checked against what headless Chromium reports as document.compatMode.
TEST(QuirksMode, TheDoctypeDecidesAsTheStandardSays) {
  auto quirks = [](const char* html) { return ParseHtml(html)->quirks_mode; };
  EXPECT_TRUE(quirks("<p>no doctype"));
  EXPECT_FALSE(quirks("<!doctype html><p>"));
  EXPECT_TRUE(
      quirks("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0 Transitional//EN\" "
             "\"http://www.w3.org/TR/REC-html40/loose.dtd\"><p>"))
      << "4.0 Transitional, even with a system identifier";
  EXPECT_TRUE(quirks("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p>"))
      << "4.01 Transitional without a system identifier";
  EXPECT_FALSE(
      quirks("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" "
             "\"http://www.w3.org/TR/html4/loose.dtd\"><p>"))
      << "with one: limited quirks, which lays out as no quirks here";
  EXPECT_FALSE(
      quirks("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
             "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><p>"));
  EXPECT_TRUE(quirks("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\"><p>"));
  EXPECT_EQ(QuirksModeOf(true, "html", "-//W3C//DTD XHTML 1.0 Frameset//EN", "x", true),
            QuirksMode::kLimitedQuirks);
}

}  // namespace
}  // namespace nexus::web::dom
