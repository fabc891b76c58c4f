#include "web/css/supports.h"

#include <gtest/gtest.h>

#include "web/css/cascade.h"

namespace nexus::web::css {
namespace {

TEST(Supports, DeclarationsSelectorsAndLogic) {
  EXPECT_TRUE(SupportsCondition("(display: grid)"));
  EXPECT_TRUE(SupportsCondition("(--anything: 1)"));
  EXPECT_FALSE(SupportsCondition("(backdrop-filter: blur(2px))")) << "a property we lack";
  EXPECT_FALSE(SupportsCondition("(margin: 1px 2px 3px 4px 5px)")) << "a shorthand's grammar";
  EXPECT_FALSE(SupportsCondition("(display:)"));
  EXPECT_TRUE(SupportsCondition("not (backdrop-filter: none)"));
  EXPECT_TRUE(SupportsCondition("(display: flex) and (gap: 1px)"));
  EXPECT_TRUE(SupportsCondition("(frobnicate: 1) or (color: red)"));
  EXPECT_FALSE(SupportsCondition("(color: red) and (frobnicate: 1) or (color: red)"))
      << "and and or do not mix without parentheses";
  EXPECT_TRUE(SupportsCondition("((color: red) and (frobnicate: 1)) or (color: red)"));
  EXPECT_TRUE(SupportsCondition("selector(:has(> p))"));
  EXPECT_FALSE(SupportsCondition("selector(:frobnicate)"));
  EXPECT_FALSE(SupportsCondition("display: grid")) << "parentheses are required";
  EXPECT_FALSE(SupportsCondition("(whatever)"));
  EXPECT_TRUE(SupportsDeclaration("Display", " grid "));
  EXPECT_FALSE(SupportsDeclaration("display", ""));
}

TEST(Supports, RulesApplyOnlyWhereTheConditionHolds) {
  SheetRules rules =
      CollectRules(ParseStyleSheet("@supports (display: grid) { a { color: red } }"
                                   "@supports (backdrop-filter: blur(1px)) { b { color: red } }"
                                   "@supports not (backdrop-filter: blur(1px)) { i { color: red } }"
                                   "p { @supports (gap: 1px) { color: blue } }"),
                   {});
  std::string declared;  // what each collected rule declares, in order
  for (const StyleRule& rule : rules.rules) {
    for (const Declaration& declaration : rule.declarations)
      declared += declaration.name + ":" + Serialize(declaration.value) + " ";
    declared += "| ";
  }
  EXPECT_EQ(declared, "color:red | color:red | | color:blue | ")
      << "a and i, then p and the nested @supports' declarations for p";
}

}  // namespace
}  // namespace nexus::web::css
