#include "web/css/values.h"

#include <gtest/gtest.h>

namespace nexus::web::css {
namespace {

Color Rgba(uint8_t r, uint8_t g, uint8_t b, float alpha = 1) {
  return Color{r, g, b, alpha, false};
}

TEST(CssValues, ColorsInEverySyntaxPagesUse) {
  EXPECT_EQ(ParseColor("red"), Rgba(255, 0, 0));
  EXPECT_EQ(ParseColor("RebeccaPurple"), Rgba(0x66, 0x33, 0x99));
  EXPECT_EQ(ParseColor("#0f8"), Rgba(0, 255, 0x88));
  EXPECT_EQ(ParseColor("#11223380"), Rgba(0x11, 0x22, 0x33, 128 / 255.0f));
  EXPECT_EQ(ParseColor("rgb(10, 20, 30)"), Rgba(10, 20, 30));
  EXPECT_EQ(ParseColor("rgba(100%, 0%, 50%, .5)"), Rgba(255, 0, 128, 0.5f));
  EXPECT_EQ(ParseColor("rgb(1 2 3 / 25%)"), Rgba(1, 2, 3, 0.25f));
  EXPECT_EQ(ParseColor("hsl(120, 100%, 25%)"), Rgba(0, 128, 0));
  EXPECT_EQ(ParseColor("hsl(0.5turn 100% 50% / 1)"), Rgba(0, 255, 255));
  EXPECT_EQ(ParseColor("hwb(0 0% 0%)"), Rgba(255, 0, 0));
  EXPECT_EQ(ParseColor("transparent"), Rgba(0, 0, 0, 0));
  EXPECT_TRUE(ParseColor("currentColor")->current_color);
  for (const char* bad : {"#12", "#ggg", "rgb(1, 2)", "rgb(1 2, 3)", "notacolor", "red blue", "hsl(1, 2, 3px)"})
    EXPECT_FALSE(ParseColor(bad)) << bad;
}

TEST(CssValues, LengthsResolveAgainstTheirContext) {
  LengthContext context;
  context.font_size = 20;
  context.root_font_size = 10;
  context.viewport_width = 1000;
  context.viewport_height = 500;
  context.percent_of = 300;
  auto px = [&](const char* text) {
    auto length = Length::Parse(text);
    EXPECT_TRUE(length) << text;
    return length ? length->ToPixels(context) : -1;
  };
  EXPECT_DOUBLE_EQ(px("12px"), 12);
  EXPECT_DOUBLE_EQ(px("2em"), 40);
  EXPECT_DOUBLE_EQ(px("2rem"), 20);
  EXPECT_DOUBLE_EQ(px("50%"), 150);
  EXPECT_DOUBLE_EQ(px("10vw"), 100);
  EXPECT_DOUBLE_EQ(px("10vmin"), 50);
  EXPECT_DOUBLE_EQ(px("1in"), 96);
  EXPECT_DOUBLE_EQ(px("12pt"), 16);
  EXPECT_DOUBLE_EQ(px("0"), 0);
  EXPECT_FALSE(Length::Parse("12")) << "a unitless number other than 0 is no length";
  EXPECT_FALSE(Length::Parse("12deg"));
}

TEST(CssValues, CalcMinMaxAndClamp) {
  LengthContext context;
  context.percent_of = 200;
  context.font_size = 16;
  auto px = [&](const char* text) {
    auto length = Length::Parse(text);
    EXPECT_TRUE(length) << text;
    return length ? length->ToPixels(context) : -1;
  };
  EXPECT_DOUBLE_EQ(px("calc(100% - 2em)"), 168);
  EXPECT_DOUBLE_EQ(px("calc((10px + 5px) * 2)"), 30);
  EXPECT_DOUBLE_EQ(px("calc(100px / 4 + 1px)"), 26);
  EXPECT_DOUBLE_EQ(px("min(50%, 80px)"), 80);
  EXPECT_DOUBLE_EQ(px("max(10px, 1em, 5%)"), 16);
  EXPECT_DOUBLE_EQ(px("clamp(10px, 50%, 60px)"), 60);
  EXPECT_DOUBLE_EQ(px("calc(min(10px, 20px) + max(1px, 2px))"), 12);
  EXPECT_TRUE(Length::Parse("calc(50% + 1px)")->has_percentage());
  EXPECT_FALSE(Length::Parse("calc(1px +)"));
  EXPECT_FALSE(Length::Parse("clamp(1px, 2px)"));
}

TEST(CssValues, VariablesSubstituteWithFallbacksAndCyclesAreInvalid) {
  auto tokens = [](const char* text) { return ParseComponentValues(text); };
  CustomProperties inherited = {{"--inherited", tokens("blue")}};
  std::map<std::string, std::vector<ComponentValue>> declared = {
      {"--gap", tokens("4px")},
      {"--double", tokens("calc(var(--gap) * 2)")},
      {"--a", tokens("var(--b)")},
      {"--b", tokens("var(--a, 1px)")},
      {"--broken", tokens("var(--missing)")},
      {"--with-fallback", tokens("var(--missing, var(--gap))")}};
  CustomProperties resolved = ResolveCustomProperties(declared, inherited);
  EXPECT_EQ(Serialize(resolved.at("--double")), "calc(4px * 2)");
  EXPECT_EQ(Serialize(resolved.at("--with-fallback")), "4px");
  EXPECT_EQ(Serialize(resolved.at("--inherited")), "blue");
  EXPECT_FALSE(resolved.count("--a")) << "a cycle makes each of its properties invalid";
  EXPECT_FALSE(resolved.count("--b"));
  EXPECT_FALSE(resolved.count("--broken"));
  auto width = SubstituteVariables(tokens("calc(100% - var(--double))"), resolved);
  ASSERT_TRUE(width.ok());
  LengthContext context;
  context.percent_of = 100;
  EXPECT_DOUBLE_EQ(Length::Parse(*width)->ToPixels(context), 92);
  EXPECT_FALSE(SubstituteVariables(tokens("var(--nope)"), resolved).ok());
}

// ex and ch come from whoever measures the font (layout), half an em without one.
TEST(Lengths, ExAndChAreTheFontsOwnWhenItIsMeasured) {
  LengthContext context;
  context.font_size = 16;
  EXPECT_DOUBLE_EQ(Length::Parse("2ex")->ToPixels(context), 16);
  context.font_units = [](const void*, bool ch) { return ch ? 9.0 : 8.5; };
  EXPECT_DOUBLE_EQ(Length::Parse("2ex")->ToPixels(context), 17);
  EXPECT_DOUBLE_EQ(Length::Parse("10ch")->ToPixels(context), 90);
}

}  // namespace
}  // namespace nexus::web::css
