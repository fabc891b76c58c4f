#include "web/css/media_query.h"

#include <gtest/gtest.h>

namespace nexus::web::css {
namespace {

bool Matches(const char* query, MediaEnvironment environment = {}) {
  return MatchesMediaQueryList(std::string_view(query), environment);
}

TEST(MediaQueries, TypesAndWidthsAsPagesWriteThem) {
  EXPECT_TRUE(Matches(""));
  EXPECT_TRUE(Matches("screen"));
  EXPECT_FALSE(Matches("print"));
  EXPECT_TRUE(Matches("print", {.print = true}));
  EXPECT_TRUE(Matches("only screen and (max-width: 800px)"));
  EXPECT_FALSE(Matches("screen and (max-width: 799px)"));
  EXPECT_TRUE(Matches("screen and (min-width: 40em) and (orientation: landscape)"));
  EXPECT_TRUE(Matches("not print"));
  EXPECT_FALSE(Matches("not screen and (min-width: 1px)"));
  EXPECT_TRUE(Matches("print, (max-width: 900px)")) << "a list matches when one query does";
}

TEST(MediaQueries, RangeSyntaxAndLogic) {
  EXPECT_TRUE(Matches("(width >= 600px)"));
  EXPECT_FALSE(Matches("(width < 600px)"));
  EXPECT_TRUE(Matches("(400px <= width <= 800px)"));
  EXPECT_FALSE(Matches("(400px < width < 800px)"));
  EXPECT_TRUE(Matches("(min-aspect-ratio: 4/3)"));
  EXPECT_TRUE(Matches("not ((width > 1000px) or (height > 1000px))"));
  EXPECT_FALSE(Matches("(width > 1px) and (height > 1px) or (color)")) << "and/or need parentheses";
}

TEST(MediaQueries, UserPreferencesAndUnknownFeatures) {
  EXPECT_TRUE(Matches("(prefers-color-scheme: light)"));
  EXPECT_TRUE(Matches("(prefers-color-scheme: dark)", {.dark = true}));
  EXPECT_TRUE(Matches("(hover: hover) and (pointer: fine)"));
  EXPECT_TRUE(Matches("(color)"));
  EXPECT_FALSE(Matches("(monochrome)"));
  EXPECT_FALSE(Matches("(unknown-feature: 1)")) << "unknown is false, not an error";
  EXPECT_FALSE(Matches("screen and garbage"));
  EXPECT_TRUE(Matches("garbage, screen")) << "a bad query spoils only itself";
  // Unknown stays unknown under `not`, and matches nothing (three-valued, as in Chromium).
  EXPECT_FALSE(Matches("not (unknown-feature)"));
  EXPECT_FALSE(Matches("not screen and (unknown: 1)"));
  EXPECT_FALSE(Matches("not all and (monochrome: dark)")) << "a value that does not fit";
  EXPECT_TRUE(Matches("(unknown) or (min-width: 1px)"));
  EXPECT_FALSE(Matches("(unknown) and (min-width: 1px)"));
  EXPECT_TRUE(Matches("not ((unknown) and (max-width: 1px))")) << "false and unknown is false";
}

}  // namespace
}  // namespace nexus::web::css
