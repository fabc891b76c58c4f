#include "web/css/parser.h"

#include <gtest/gtest.h>

namespace nexus::web::css {
namespace {

std::string Text(const std::vector<ComponentValue>& values) {
  return Serialize(values);
}

TEST(CssParser, StyleRulesKeepTheirSelectorsAndDeclarationsInOrder) {
  StyleSheet sheet = ParseStyleSheet("h1, .title { color: red; margin: 0 auto !important }\n"
                                     "p{font:12px/1.5 serif}");
  ASSERT_EQ(sheet.rules.size(), 2u);
  const Rule& first = sheet.rules[0];
  EXPECT_EQ(first.kind, Rule::Kind::kQualified);
  EXPECT_EQ(Text(first.prelude), "h1, .title ");
  ASSERT_EQ(first.declarations.size(), 2u);
  EXPECT_EQ(first.declarations[0].name, "color");
  EXPECT_EQ(Text(first.declarations[0].value), "red");
  EXPECT_FALSE(first.declarations[0].important);
  EXPECT_EQ(Text(first.declarations[1].value), "0 auto");
  EXPECT_TRUE(first.declarations[1].important);
  EXPECT_EQ(Text(sheet.rules[1].declarations[0].value), "12px/1.5 serif");
}

TEST(CssParser, BadDeclarationsAreDroppedAndTheRestKept) {
  StyleSheet sheet = ParseStyleSheet(
      "a { color red; : x; 12: y; background: blue; width: 10px ! important; }");
  ASSERT_EQ(sheet.rules.size(), 1u);
  const auto& declarations = sheet.rules[0].declarations;
  ASSERT_EQ(declarations.size(), 2u);
  EXPECT_EQ(declarations[0].name, "background");
  EXPECT_EQ(declarations[1].name, "width");
  EXPECT_TRUE(declarations[1].important) << "whitespace around '!' is allowed";
}

TEST(CssParser, AtRulesWithAndWithoutBlocksNestTheirRules) {
  StyleSheet sheet = ParseStyleSheet(
      "@import url(a.css) screen; @media (max-width: 600px) { p { color: red } .x{} }"
      "@font-face { font-family: F; src: url(f.woff) }");
  ASSERT_EQ(sheet.rules.size(), 3u);
  EXPECT_EQ(sheet.rules[0].name, "import");
  EXPECT_FALSE(sheet.rules[0].has_block);
  EXPECT_EQ(Text(sheet.rules[0].prelude), " url(a.css) screen");
  const Rule& media = sheet.rules[1];
  EXPECT_EQ(media.name, "media");
  ASSERT_EQ(media.rules.size(), 2u);
  EXPECT_EQ(Text(media.rules[0].prelude), "p ");
  EXPECT_EQ(Text(media.rules[0].declarations[0].value), "red");
  EXPECT_EQ(sheet.rules[2].declarations.size(), 2u);
}

TEST(CssParser, NestedRulesAreRulesNotDeclarations) {
  StyleSheet sheet = ParseStyleSheet(
      ".card { color: black; a:hover { color: red } & > p { margin: 0 } padding: 1px; }");
  ASSERT_EQ(sheet.rules.size(), 1u);
  const Rule& card = sheet.rules[0];
  ASSERT_EQ(card.declarations.size(), 2u);
  EXPECT_EQ(card.declarations[1].name, "padding");
  ASSERT_EQ(card.rules.size(), 2u);
  EXPECT_EQ(Text(card.rules[0].prelude), "a:hover ");
  EXPECT_EQ(Text(card.rules[1].prelude), "& > p ");
}

TEST(CssParser, CustomPropertiesKeepAnyValueVerbatim) {
  auto declarations = ParseDeclarationList("--gap: { a b } 3px; --empty:; color: var(--c, red)");
  ASSERT_EQ(declarations.size(), 3u);
  EXPECT_EQ(declarations[0].name, "--gap");
  EXPECT_EQ(Text(declarations[0].value), "{ a b } 3px");
  EXPECT_EQ(Text(declarations[2].value), "var(--c, red)");
  ASSERT_EQ(declarations[2].value.size(), 1u);
  EXPECT_TRUE(declarations[2].value[0].IsFunction());
}

TEST(CssParser, UnclosedBlocksCloseAtTheEndAndStrayBracesAreSkipped) {
  StyleSheet sheet = ParseStyleSheet("} a { color: red; b { margin: (1px");
  ASSERT_EQ(sheet.rules.size(), 1u) << "the stray '}' joins the first rule's prelude";
  EXPECT_EQ(sheet.rules[0].declarations.size(), 1u);
  ASSERT_EQ(sheet.rules[0].rules.size(), 1u);
  EXPECT_EQ(Text(sheet.rules[0].rules[0].declarations[0].value), "(1px)");
  EXPECT_TRUE(ParseStyleSheet("a b c").rules.empty()) << "a rule without a block is dropped";
  auto attribute = ParseDeclarationList("color: red } width: 1px");
  ASSERT_EQ(attribute.size(), 2u) << "a stray '}' in style=\"\" ends nothing";
}

TEST(CssParser, DeepNestingIsCappedNotACrash) {
  std::string deep(200000, '(');
  EXPECT_NO_FATAL_FAILURE(ParseComponentValues(deep));
  std::string blocks;
  for (int i = 0; i < 100000; ++i)
    blocks += "a{";
  EXPECT_EQ(ParseStyleSheet(blocks).rules.size(), 1u);
}

}  // namespace
}  // namespace nexus::web::css
