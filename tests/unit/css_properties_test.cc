#include "web/css/properties.h"

#include <gtest/gtest.h>

namespace nexus::web::css {
namespace {

// "longhand=value; ..." for a shorthand's expansion, or "invalid".
std::string Expansion(const char* name, const char* value) {
  auto expanded = Expand(name, ParseComponentValues(value));
  if (!expanded)
    return "invalid";
  std::string out;
  for (const auto& [longhand, tokens] : *expanded)
    out += (out.empty() ? "" : "; ") + longhand + "=" + Serialize(tokens);
  return out;
}

TEST(CssProperties, TheTableKnowsLonghandsShorthandsAndInheritance) {
  ASSERT_TRUE(LonghandId("color"));
  EXPECT_TRUE(Longhands()[*LonghandId("color")].inherited);
  EXPECT_FALSE(Longhands()[*LonghandId("margin-top")].inherited);
  EXPECT_STREQ(Longhands()[*LonghandId("display")].initial, "inline");
  EXPECT_TRUE(IsShorthand("border"));
  EXPECT_TRUE(IsKnownProperty("--anything"));
  EXPECT_FALSE(IsKnownProperty("colour"));
  EXPECT_EQ(Expansion("colour", "red"), "invalid") << "unknown properties are dropped";
}

TEST(CssProperties, BoxShorthandsTakeOneToFourValues) {
  EXPECT_EQ(Expansion("margin", "1px"),
            "margin-top=1px; margin-right=1px; margin-bottom=1px; margin-left=1px");
  EXPECT_EQ(Expansion("padding", "1px 2px 3px"),
            "padding-top=1px; padding-right=2px; padding-bottom=3px; padding-left=2px");
  EXPECT_EQ(Expansion("margin", "1px 2px 3px 4px 5px"), "invalid");
  EXPECT_EQ(Expansion("border-radius", "4px / 2px"),
            "border-top-left-radius=4px 2px; border-top-right-radius=4px 2px; "
            "border-bottom-right-radius=4px 2px; border-bottom-left-radius=4px 2px")
      << "horizontal radii, then vertical ones";
}

TEST(CssProperties, BordersOutlinesFontsAndBackgrounds) {
  EXPECT_EQ(Expansion("border-top", "dashed red"),
            "border-top-width=medium; border-top-style=dashed; border-top-color=red");
  EXPECT_EQ(Expansion("border", "2px solid #333").substr(0, 38), "border-top-width=2px; border-right-wid");
  EXPECT_EQ(Expansion("border", "2px 3px solid"), "invalid");
  EXPECT_EQ(Expansion("font", "italic bold 12px/1.5 \"Helvetica Neue\", sans-serif"),
            "font-style=italic; font-variant-caps=normal; font-weight=bold; "
            "font-stretch=normal; font-size=12px; line-height=1.5; "
            "font-family=\"Helvetica Neue\", sans-serif");
  EXPECT_EQ(Expansion("font", "bold italic"), "invalid") << "size and family are required";
  EXPECT_EQ(Expansion("background", "url(a.png) no-repeat right top #fff"),
            "background-color=#fff; background-image=url(a.png); background-repeat=no-repeat; "
            "background-position-x=right; background-position-y=top; background-size=auto; "
            "background-attachment=scroll; background-origin=padding-box; "
            "background-clip=border-box");
  EXPECT_EQ(
      Expansion("background", "url(a.png) right 10px bottom 5px / 20px no-repeat content-box, red"),
      "background-color=red; background-image=url(a.png),none; "
      "background-repeat=no-repeat,repeat; background-position-x=right 10px,0%; "
      "background-position-y=bottom 5px,0%; background-size=20px,auto; "
      "background-attachment=scroll,scroll; background-origin=content-box,padding-box; "
      "background-clip=content-box,border-box")
      << "a list per longhand, a value per layer; edge offsets; origin and clip boxes";
  EXPECT_EQ(Expansion("background", "red, url(a.png)"), "invalid") << "a colour only last";
}

TEST(CssProperties, FlexGapsListsDecorationsAndGrid) {
  EXPECT_EQ(Expansion("flex", "1"), "flex-grow=1; flex-shrink=1; flex-basis=0%");
  EXPECT_EQ(Expansion("flex", "none"), "flex-grow=0; flex-shrink=0; flex-basis=auto");
  EXPECT_EQ(Expansion("flex", "2 0 30px"), "flex-grow=2; flex-shrink=0; flex-basis=30px");
  EXPECT_EQ(Expansion("gap", "1em"), "row-gap=1em; column-gap=1em");
  EXPECT_EQ(Expansion("list-style", "square inside"),
            "list-style-type=square; list-style-position=inside; list-style-image=none");
  EXPECT_EQ(Expansion("text-decoration", "underline dotted red"),
            "text-decoration-line=underline; text-decoration-style=dotted; "
            "text-decoration-color=red");
  EXPECT_EQ(Expansion("grid-column", "1 / 3"), "grid-column-start=1; grid-column-end=3");
}

TEST(CssProperties, LogicalPropertiesAreTheirPhysicalSidesLeftToRight) {
  EXPECT_TRUE(IsKnownProperty("margin-inline-start"));
  EXPECT_EQ(Expansion("margin-inline-start", "4px"), "margin-left=4px");
  EXPECT_EQ(Expansion("inset-block-end", "0"), "bottom=0");
  EXPECT_EQ(Expansion("max-inline-size", "50%"), "max-width=50%");
  EXPECT_EQ(Expansion("border-end-start-radius", "3px"), "border-bottom-left-radius=3px");
  EXPECT_EQ(Expansion("padding-block", "1px 2px"), "padding-top=1px; padding-bottom=2px");
  EXPECT_EQ(Expansion("margin-inline", "auto"), "margin-left=auto; margin-right=auto");
  EXPECT_EQ(Expansion("inset-inline", "1px 2px 3px"), "invalid");
  EXPECT_EQ(Expansion("border-block-start", "1px solid red"),
            "border-top-width=1px; border-top-style=solid; border-top-color=red");
  EXPECT_EQ(Expansion("border-inline", "dashed"),
            "border-left-width=medium; border-left-style=dashed; "
            "border-left-color=currentcolor; border-right-width=medium; "
            "border-right-style=dashed; border-right-color=currentcolor");
  EXPECT_EQ(Expansion("border-inline-color", "red blue"),
            "border-left-color=red; border-right-color=blue");
}

TEST(CssProperties, WideKeywordsAndVariablesWaitForComputedValues) {
  EXPECT_EQ(Expansion("margin", "inherit"),
            "margin-top=inherit; margin-right=inherit; margin-bottom=inherit; margin-left=inherit");
  auto pending = Expand("margin", ParseComponentValues("var(--m) 0"));
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 4u);
  EXPECT_EQ(Serialize((*pending)[2].second), "-nexus-pending-margin(var(--m) 0)");
}

}  // namespace
}  // namespace nexus::web::css
