#include "web/css/selectors.h"

#include <gtest/gtest.h>

#include "web/dom/html_parser.h"

namespace nexus::web::css {
namespace {

constexpr char kPage[] = R"(<!doctype html>
<html lang="en-GB"><body>
  <div id="main" class="box wide">
    <p class="intro">one</p>
    <p>two <a href="/x" hreflang="en-US">link</a></p>
    <p data-kind="note warning">three</p>
    <ul><li>a</li><li class="hot">b</li><li>c</li><li>d</li><li>e</li></ul>
    <span></span><span><!-- a comment --></span>
  </div>
  <form><fieldset disabled><input id="in" type="text"></fieldset>
    <input id="box" type="checkbox" checked><input id="req" required>
    <a name="anchor">no href</a></form>
</body></html>)";

class Selectors : public ::testing::Test {
 protected:
  void SetUp() override { document_ = dom::ParseHtml(kPage); }

  // The ids, tags and classes of what `selector` matches, in tree order.
  std::string Match(const std::string& selector, const MatchState& state = {}) {
    auto list = ParseSelectorList(selector);
    if (!list.ok())
      return "error: " + list.error().message();
    std::string out;
    for (const dom::Node* node : dom::Descendants(*document_)) {
      const dom::Element* element = node->AsElement();
      if (!element || !MatchesAny(*list, *element, state))
        continue;
      std::string label = element->tag_name();
      if (auto id = element->GetAttribute("id"))
        label += "#" + std::string(*id);
      if (auto classes = element->GetAttribute("class"))
        label += "." + std::string(*classes);
      out += (out.empty() ? "" : " ") + label;
    }
    return out;
  }

  uint32_t Specificity(const std::string& selector) {
    auto list = ParseSelectorList(selector);
    EXPECT_TRUE(list.ok()) << selector;
    return list.ok() ? list->front().specificity : 0;
  }

  std::unique_ptr<dom::Document> document_;
};

TEST_F(Selectors, TypeClassIdAndCombinators) {
  EXPECT_EQ(Match("#main > p.intro"), "p.intro");
  EXPECT_EQ(Match("div p a"), "a");
  EXPECT_EQ(Match(".intro + p"), "p");
  EXPECT_EQ(Match(".intro ~ p"), "p p");
  EXPECT_EQ(Match("li.hot ~ li, span"), "li li li span span");
  EXPECT_EQ(Match("BODY > DIV.box.wide"), "div#main.box wide") << "type selectors ignore case";
  EXPECT_EQ(Match("*.intro"), "p.intro");
}

TEST_F(Selectors, AttributeOperatorsAndFlags) {
  EXPECT_EQ(Match("[data-kind~=warning]"), "p");
  EXPECT_EQ(Match("[hreflang|=en]"), "a");
  EXPECT_EQ(Match("a[href^='/'][href$=x]"), "a");
  EXPECT_EQ(Match("[data-kind*=\"te w\"]"), "p");
  EXPECT_EQ(Match("[DATA-KIND=\"NOTE WARNING\" i]"), "p");
  EXPECT_EQ(Match("[data-kind=\"NOTE WARNING\"]"), "") << "values are case-sensitive";
  EXPECT_EQ(Match("[data-kind~=\"\"]"), "");
}

TEST_F(Selectors, StructuralPseudoClasses) {
  EXPECT_EQ(Match("li:nth-child(2n+1)"), "li li li");
  EXPECT_EQ(Match("li:nth-child(odd of :not(.hot))"), "li li") << "a and d: .hot is not counted";
  EXPECT_EQ(Match("li:nth-last-child(-n+2)"), "li li");
  EXPECT_EQ(Match("li:first-child, li:last-child"), "li li");
  EXPECT_EQ(Match("p:nth-of-type(2)"), "p");
  EXPECT_EQ(Match("span:empty"), "span span") << "a comment leaves an element empty";
  EXPECT_EQ(Match(":root"), "html");
  EXPECT_EQ(Match("ul > :only-child"), "");
}

TEST_F(Selectors, TheSiblingIndexCountsAsTheTreeDoes) {
  SiblingIndex index;
  MatchState indexed;
  indexed.sibling_index = &index;
  for (const char* selector :
       {"li:nth-child(2n+1)", "li:nth-last-child(-n+2)", "li:first-child, li:last-child",
        "p:nth-of-type(2)", "p:last-of-type", "span:first-of-type", "ul > :only-child",
        ":only-of-type", "li:nth-child(odd of :not(.hot))", "input:nth-last-of-type(1)"}) {
    std::string expected = Match(selector);
    EXPECT_EQ(Match(selector, indexed), expected) << selector;
    EXPECT_EQ(Match(selector, indexed), expected) << selector << ", indexed already";
  }
  EXPECT_EQ(Match("li:nth-last-child(-n+2)", indexed), "li li");
}

TEST_F(Selectors, LogicalPseudoClassesAndHas) {
  EXPECT_EQ(Match("p:not(.intro, [data-kind])"), "p");
  EXPECT_EQ(Match(":is(ul, form) > li.hot"), "li.hot");
  EXPECT_EQ(Match(":where(#main) .intro"), "p.intro");
  EXPECT_EQ(Match("div:has(> ul)"), "div#main.box wide");
  EXPECT_EQ(Match("p:has(a[href])"), "p");
  EXPECT_EQ(Match("p:has(+ p[data-kind])"), "p");
  EXPECT_EQ(Match("p:has(~ p[data-kind])"), "p.intro p") << "every later sibling";
  EXPECT_EQ(Match("div:has(> li)"), "") << "a child, not a grandchild";
  EXPECT_EQ(Match("div:has(> ul > li.hot)"), "div#main.box wide");
  EXPECT_EQ(Match(":is(bogus!!, .intro)"), "p.intro") << ":is() forgives a bad argument";
}

TEST_F(Selectors, StatePseudoClasses) {
  EXPECT_EQ(Match(":link"), "a") << "an <a> without href is no link";
  EXPECT_EQ(Match(":visited"), "") << "history is never shown to pages";
  EXPECT_EQ(Match("input:disabled"), "input#in") << "inside a disabled fieldset";
  EXPECT_EQ(Match(":checked"), "input#box");
  EXPECT_EQ(Match("input:required"), "input#req");
  EXPECT_EQ(Match("p:lang(en)"), "p.intro p p");
  const dom::Element* link = document_->GetElementsByTagName("a").front();
  MatchState state;
  state.hovered = link;
  state.focused = link;
  EXPECT_EQ(Match("p:hover", state), "p") << "an element is hovered with its ancestors";
  EXPECT_EQ(Match(":focus", state), "a");
}

TEST_F(Selectors, SpecificityCountsIdsClassesAndTypes) {
  EXPECT_EQ(Specificity("*"), 0u);
  EXPECT_EQ(Specificity("li"), 1u);
  EXPECT_EQ(Specificity("ul li.hot"), (1u << 10) + 2);
  EXPECT_EQ(Specificity("#main p::before"), (1u << 20) + 2);
  EXPECT_EQ(Specificity(":not(#a, .b) p"), (1u << 20) + 1) << ":not() takes its most specific";
  EXPECT_EQ(Specificity(":where(#a) p"), 1u);
  EXPECT_EQ(Specificity("li:nth-child(2 of .x)"), (2u << 10) + 1);
}

TEST_F(Selectors, InvalidSelectorsAreErrors) {
  for (const char* bad : {"", "p >", "p..x", "#1", "p:unknown", "p::nope", "[a=]", "[a b]",
                          "a, ", "::before p", "li:nth-child(x)", "p:not()"}) {
    EXPECT_FALSE(ParseSelectorList(bad).ok()) << bad;
  }
  auto before = ParseSelectorList("p:before, a::marker");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ((*before)[0].pseudo_element, "before") << "the legacy one-colon form";
  EXPECT_EQ((*before)[1].pseudo_element, "marker");
}

}  // namespace
}  // namespace nexus::web::css
