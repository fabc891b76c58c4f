#include "web/css/cascade.h"

#include <gtest/gtest.h>

#include "web/dom/html_parser.h"

namespace nexus::web::css {
namespace {

class Cascading : public ::testing::Test {
 protected:
  void SetUp() override {
    document_ = dom::ParseHtml(
        "<!doctype html><body><div id=main class='box Wide'><p class=intro>one</p>"
        "<p id=second>two</p></div></body>");
  }

  void AddSheet(const char* css, Origin origin = Origin::kAuthor, MediaEnvironment environment = {}) {
    rules_.Add(CollectRules(ParseStyleSheet(css), environment), origin);
  }

  const dom::Element& ById(const char* id) {
    for (const dom::Node* node : dom::Descendants(*document_)) {
      const dom::Element* element = node->AsElement();
      if (element && element->GetAttribute("id") == id)
        return *element;
    }
    static dom::Document none;
    ADD_FAILURE() << "no #" << id;
    return *none.CreateElement("x").release();
  }

  const dom::Element& First(const char* tag) {
    return *document_->GetElementsByTagName(tag).front();
  }

  // The winning value of `property` for `element`, as CSS text; "-" when none is declared.
  std::string Value(const dom::Element& element, const char* property,
                    const std::vector<Declaration>& inline_style = {}) {
    auto cascaded = Cascade(rules_, element, {}, {ExpandDeclarations(inline_style), {}});
    auto it = cascaded.find(property);
    return it == cascaded.end() ? "-" : Serialize(*it->second.value);
  }

  std::unique_ptr<dom::Document> document_;
  RuleSet rules_;
};

TEST_F(Cascading, SpecificityThenOrderDecide) {
  AddSheet("p { color: black } .intro { color: blue } p { color: green } #main p { color: red }");
  EXPECT_EQ(Value(First("p"), "color"), "red");
  EXPECT_EQ(Value(ById("second"), "color"), "red");
  AddSheet("div p.intro { color: purple }");
  EXPECT_EQ(Value(First("p"), "color"), "red") << "an id beats two classes and types";
  AddSheet("#main > .intro { color: orange }");
  EXPECT_EQ(Value(First("p"), "color"), "orange") << "same specificity: the later rule";
}

// CSS Cascade 5 §6.4: later layers win, unlayered rules over them; a layer's own rules over
// its sub-layers; a layer keeps the place it first appeared in, reopened or not; unnamed
// layers are each their own, in every sheet.
TEST_F(Cascading, LayersOrderAsTheSpecSays) {
  AddSheet("@layer a { p { color: red } @layer b { p { color: green; margin: 1px } } }");
  EXPECT_EQ(Value(First("p"), "color"), "red") << "a's own rules beat its sub-layer a.b";
  EXPECT_EQ(Value(First("p"), "margin-top"), "1px");
  AddSheet(
      "@layer x { @layer one { p { width: 1px } } } @layer y { p { width: 2px } } "
      "@layer x { @layer two { p { width: 3px } } }");
  EXPECT_EQ(Value(First("p"), "width"), "2px") << "x.two is still inside x, before y";
  AddSheet("@layer { p { height: 1px } } p { height: 2px }");
  AddSheet("@layer { p { height: 3px } }");
  EXPECT_EQ(Value(First("p"), "height"), "2px") << "unlayered beats both unnamed layers";
  AddSheet("@layer { p { padding-top: 1px } } @layer named { p { padding-top: 5px } }");
  AddSheet("@layer { p { padding-top: 2px } }");
  EXPECT_EQ(Value(First("p"), "padding-top"), "2px") << "two sheets' unnamed layers: the later";
}

// `@import ... layer(name) supports(...) media` (CSS Cascade 5 §2.1): the layer is the
// imported sheet's, not a media query that fails and drops it.
TEST_F(Cascading, ImportsNameTheirLayerAndSupportsCondition) {
  SheetRules rules =
      CollectRules(ParseStyleSheet("@import url(a.css) layer(base) screen; @import 'b.css' layer; "
                                   "@import url(c.css) supports(display: grid); "
                                   "@import url(d.css) supports(position: nonsense);"),
                   {});
  ASSERT_EQ(rules.imports.size(), 3u) << "an unsupported condition drops its import";
  EXPECT_EQ(rules.imports[0].layer, "base");
  EXPECT_EQ(Serialize(rules.imports[0].media), "screen");
  EXPECT_TRUE(rules.imports[1].layer.has_value());
  EXPECT_FALSE(rules.imports[2].layer.has_value());
  EXPECT_TRUE(rules.imports[2].media.empty());
  // An imported sheet's rules in its layer: unlayered rules beat them.
  AddSheet("p { color: blue }");
  rules_.Add(CollectRules(ParseStyleSheet("p { color: red }"), {}, false, "base"), Origin::kAuthor);
  EXPECT_EQ(Value(First("p"), "color"), "blue");
}

TEST_F(Cascading, ImportanceReversesOriginsAndTheAttributeComesLast) {
  AddSheet("p { color: gray; margin: 1px !important; display: block !important }", Origin::kUserAgent);
  AddSheet("p { color: blue; margin: 2px !important; display: inline !important }");
  AddSheet("#second { color: green }");
  EXPECT_EQ(Value(First("p"), "color"), "blue") << "author over user agent";
  EXPECT_EQ(Value(First("p"), "display"), "block") << "an important user-agent rule wins";
  auto style = ParseDeclarationList("color: pink; margin: 3px");
  EXPECT_EQ(Value(ById("second"), "color", style), "pink") << "style=\"\" beats an id";
  EXPECT_EQ(Value(ById("second"), "margin-top", style), "1px")
      << "not over !important, and the user agent's !important beats the author's";
}

TEST_F(Cascading, MediaNestingAndBadSelectorsAsBrowsersHaveThem) {
  AddSheet(
      "@media (max-width: 600px) { p { color: red } }"
      "@media screen and (min-width: 600px) { p { color: green } }"
      ".box { & > .intro { font-size: 20px } #second { font-weight: bold } "
      "       @media (min-width: 1px) { border-top: 1px solid } }"
      "p:unknown, p { color: purple }");
  EXPECT_EQ(Value(First("p"), "color"), "green") << "a bad selector drops the whole rule";
  EXPECT_EQ(Value(First("p"), "font-size"), "20px");
  EXPECT_EQ(Value(ById("second"), "font-weight"), "bold");
  EXPECT_EQ(Value(ById("main"), "border-top-style"), "solid");
  EXPECT_EQ(Value(ById("second"), "font-size"), "-");
}

TEST_F(Cascading, RulesAreFoundByIdClassAndTypeWhateverTheCase) {
  AddSheet(".wide { width: 1px } .WIDE { width: 2px } DIV { height: 3px } * { --x: 1 }");
  EXPECT_EQ(Value(ById("main"), "width"), "-") << "classes are case-sensitive outside quirks mode";
  AddSheet(".Wide { width: 4px }");
  EXPECT_EQ(Value(ById("main"), "width"), "4px");
  EXPECT_EQ(Value(ById("main"), "height"), "3px");
  EXPECT_EQ(Value(First("p"), "--x"), "1");
}

TEST_F(Cascading, ShorthandsAreTheirLonghandsAndUnknownPropertiesAreDropped) {
  AddSheet(
      "p { margin: 1px; margin-left: 2px; colour: red; color: bogus-not-checked-here }"
      "#second { margin-left: 3px; margin: 4px }");
  EXPECT_EQ(Value(First("p"), "margin-top"), "1px");
  EXPECT_EQ(Value(First("p"), "margin-left"), "2px");
  EXPECT_EQ(Value(ById("second"), "margin-left"), "4px") << "the later shorthand wins";
  EXPECT_EQ(Value(First("p"), "colour"), "-");
  EXPECT_EQ(Value(First("p"), "margin"), "-") << "no shorthand survives the cascade";
}

TEST_F(Cascading, ImportsAndFontFacesAreCollected) {
  SheetRules rules = CollectRules(
      ParseStyleSheet("@import url(a.css) print; @import \"b.css\"; "
                      "@font-face { font-family: F; src: url(f.woff) } p { color: red }"),
      {});
  ASSERT_EQ(rules.imports.size(), 2u);
  EXPECT_EQ(rules.imports[0].url, "a.css");
  EXPECT_EQ(Serialize(rules.imports[0].media), "print");
  EXPECT_EQ(rules.imports[1].url, "b.css");
  EXPECT_EQ(rules.font_faces.size(), 1u);
  EXPECT_EQ(rules.rules.size(), 1u);
}

}  // namespace
}  // namespace nexus::web::css
