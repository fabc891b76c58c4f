#include "web/css/computed_style.h"

#include <gtest/gtest.h>

namespace nexus::web::css {
namespace {

// The cascade's result for one element, from a declaration block.
std::map<std::string, CascadedValue> Declared(const char* block) {
  std::map<std::string, CascadedValue> cascaded;
  for (const LonghandDeclaration& declaration : ExpandDeclarations(ParseDeclarationList(block)))
    cascaded[declaration.name] = CascadedValue{declaration.value, declaration.important};
  return cascaded;
}

TEST(ComputedStyles, InheritedPropertiesInheritAndOthersStartOver) {
  auto parent =
      ComputedStyle::Compute(Declared("color: red; margin-top: 5px; display: block"), nullptr);
  auto child = ComputedStyle::Compute(Declared(""), parent.get());
  EXPECT_EQ(child->ColorOf("color"), (Color{255, 0, 0, 1, false}));
  EXPECT_EQ(child->Keyword("display"), "inline") << "display does not inherit";
  EXPECT_DOUBLE_EQ(child->LengthOf("margin-top")->ToPixels({}), 0);
  auto forced = ComputedStyle::Compute(
      Declared("margin-top: inherit; color: initial; display: unset"), parent.get());
  EXPECT_DOUBLE_EQ(forced->LengthOf("margin-top")->ToPixels({}), 5);
  EXPECT_EQ(forced->ColorOf("color"), (Color{0, 0, 0, 1, false}));
  EXPECT_EQ(forced->Keyword("display"), "inline");
}

TEST(ComputedStyles, FontSizesResolveToPixelsAndEmFollowsThem) {
  auto root = ComputedStyle::Compute(Declared("font-size: 20px"), nullptr);
  auto body =
      ComputedStyle::Compute(Declared("font-size: 1.5em; padding-left: 2em"), root.get(), 20);
  EXPECT_DOUBLE_EQ(body->font_size(), 30);
  EXPECT_DOUBLE_EQ(body->LengthOf("padding-left")->ToPixels(body->Context()), 60)
      << "em elsewhere is the element's own font size";
  auto small = ComputedStyle::Compute(Declared("font-size: smaller"), body.get(), 20);
  EXPECT_DOUBLE_EQ(small->font_size(), 25);
  auto rem = ComputedStyle::Compute(Declared("font-size: 2rem"), body.get(), 20);
  EXPECT_DOUBLE_EQ(rem->font_size(), 40);
  auto keyword = ComputedStyle::Compute(Declared("font-size: x-large"), body.get(), 20);
  EXPECT_DOUBLE_EQ(keyword->font_size(), 24);
  auto inherited = ComputedStyle::Compute(Declared(""), body.get(), 20);
  EXPECT_DOUBLE_EQ(inherited->font_size(), 30);
}

// CSS Values 4 §6.1: font-relative lengths and line-height percentages are absolute once
// computed, and children inherit the absolute length (Chromium: a body's 125% gives its h1
// the body's line height); numbers and viewport units stay as written.
TEST(ComputedStyles, FontRelativeLengthsInheritAsPixels) {
  auto body = ComputedStyle::Compute(
      Declared("font-size: 16px; line-height: 125%; letter-spacing: 0.5em; text-indent: 10%"),
      nullptr);
  EXPECT_DOUBLE_EQ(body->LengthOf("line-height")->ToPixels({}), 20);
  EXPECT_DOUBLE_EQ(body->LengthOf("letter-spacing")->ToPixels({}), 8);
  EXPECT_TRUE(body->LengthOf("text-indent")->has_percentage()) << "of the containing block";
  auto heading = ComputedStyle::Compute(Declared("font-size: 32px"), body.get());
  EXPECT_DOUBLE_EQ(heading->LengthOf("line-height")->ToPixels({}), 20);
  EXPECT_DOUBLE_EQ(heading->LengthOf("letter-spacing")->ToPixels({}), 8);
  auto number = ComputedStyle::Compute(Declared("line-height: 1.5"), heading.get());
  EXPECT_EQ(number->Value("line-height").front().token.type, TokenType::kNumber);
  auto viewport = ComputedStyle::Compute(Declared("line-height: 5vh"), heading.get());
  EXPECT_EQ(viewport->Value("line-height").front().token.unit, "vh");
}

// As in every browser: text in `monospace` alone at a keyword size is 13/16 of it.
// (The user-agent sheet gives <code> and <pre> no size of their own: this makes theirs.)
TEST(ComputedStyles, MonospaceAloneShrinksKeywordSizes) {
  auto root = ComputedStyle::Compute({}, nullptr);
  auto pre = ComputedStyle::Compute(Declared("font-family: monospace"), root.get());
  EXPECT_DOUBLE_EQ(pre->font_size(), 13);
  auto inside = ComputedStyle::Compute(Declared(""), pre.get());
  EXPECT_DOUBLE_EQ(inside->font_size(), 13);
  auto serif_again = ComputedStyle::Compute(Declared("font-family: serif"), pre.get());
  EXPECT_DOUBLE_EQ(serif_again->font_size(), 16) << "the keyword size comes back";
  auto listed = ComputedStyle::Compute(Declared("font-family: Courier, monospace"), root.get());
  EXPECT_DOUBLE_EQ(listed->font_size(), 16) << "not monospace alone";
  auto sized =
      ComputedStyle::Compute(Declared("font-family: monospace; font-size: 20px"), root.get());
  EXPECT_DOUBLE_EQ(sized->font_size(), 20) << "a length is kept";

  // Sizes relative to a keyword follow too, by the same ratio (Chromium's figures); sizes
  // relative to a length do not.
  auto body = ComputedStyle::Compute(Declared("font-size: 80%"), root.get());
  auto code = ComputedStyle::Compute(Declared("font-family: monospace"), body.get());
  EXPECT_DOUBLE_EQ(code->font_size(), 10.4);
  auto bigger =
      ComputedStyle::Compute(Declared("font-family: monospace; font-size: 120%"), body.get());
  EXPECT_DOUBLE_EQ(bigger->font_size(), 12.48);
  auto back = ComputedStyle::Compute(Declared("font-family: sans-serif"), code.get());
  EXPECT_DOUBLE_EQ(back->font_size(), 12.8);
  auto fixed = ComputedStyle::Compute(Declared("font-size: 20px"), root.get());
  auto under_fixed =
      ComputedStyle::Compute(Declared("font-family: monospace; font-size: 120%"), fixed.get());
  EXPECT_DOUBLE_EQ(under_fixed->font_size(), 24);
}

TEST(ComputedStyles, VariablesAndShorthandsThatWaitedForThem) {
  auto root = ComputedStyle::Compute(Declared("--space: 4px; --accent: #00f"), nullptr);
  auto box = ComputedStyle::Compute(
      Declared("margin: var(--space) 0; border-left: 2px solid var(--accent); "
               "color: var(--missing); width: calc(var(--space) * 10)"),
      root.get());
  EXPECT_DOUBLE_EQ(box->LengthOf("margin-top")->ToPixels({}), 4);
  EXPECT_DOUBLE_EQ(box->LengthOf("margin-right")->ToPixels({}), 0);
  EXPECT_EQ(box->ColorOf("border-left-color"), (Color{0, 0, 255, 1, false}));
  EXPECT_EQ(box->Keyword("border-left-style"), "solid");
  EXPECT_EQ(box->ColorOf("color"), (Color{0, 0, 0, 1, false}))
      << "a var() that cannot be substituted makes the property unset";
  EXPECT_DOUBLE_EQ(box->LengthOf("width")->ToPixels({}), 40);
  EXPECT_EQ(Serialize(box->custom_properties().at("--space")), "4px")
      << "custom properties inherit";
}

TEST(ComputedStyles, CurrentColorIsTheColorProperty) {
  auto style =
      ComputedStyle::Compute(Declared("color: rgb(1, 2, 3); border-top-style: solid"), nullptr);
  EXPECT_EQ(style->ColorOf("border-top-color"), (Color{1, 2, 3, 1, false}));
  EXPECT_EQ(style->ColorOf("text-decoration-color"), (Color{1, 2, 3, 1, false}));
  EXPECT_FALSE(style->LengthOf("width")) << "auto is no length";
}

}  // namespace
}  // namespace nexus::web::css
