#include "web/css/value_validation.h"

#include <gtest/gtest.h>

namespace nexus::web::css {
namespace {

bool Valid(const char* property, const char* value, bool quirks = false) {
  return ValidatedValue(property, ParseComponentValues(value), quirks).has_value();
}

// What the grammar refuses is dropped, so that an earlier declaration holds (as Chromium).
TEST(ValueValidation, RefusesWhatThePropertysGrammarDoesNot) {
  EXPECT_TRUE(Valid("width", "10px"));
  EXPECT_TRUE(Valid("width", "50%"));
  EXPECT_TRUE(Valid("width", "calc(10px + 5%)"));
  EXPECT_TRUE(Valid("width", "fit-content"));
  EXPECT_TRUE(Valid("width", "0"));
  EXPECT_FALSE(Valid("width", "-30px")) << "no negative sizes";
  EXPECT_FALSE(Valid("width", "50")) << "a unitless length, outside quirks mode";
  EXPECT_FALSE(Valid("width", "10px 20px"));
  EXPECT_FALSE(Valid("width", "calc(10px + )"));
  EXPECT_FALSE(Valid("height", ""));
  EXPECT_FALSE(Valid("height", "auto auto"));
  EXPECT_TRUE(Valid("margin-left", "-5px")) << "margins may be negative";
  EXPECT_TRUE(Valid("margin-left", "auto"));
  EXPECT_FALSE(Valid("padding-left", "-1px"));
  EXPECT_FALSE(Valid("padding-left", "auto"));
  EXPECT_TRUE(Valid("border-top-width", "thick"));
  EXPECT_FALSE(Valid("border-top-style", "wavy"));
  EXPECT_FALSE(Valid("position", "absolut"));
  EXPECT_TRUE(Valid("color", "rgb(1 2 3 / 50%)"));
  EXPECT_TRUE(Valid("color", "canvastext")) << "any single name may be a colour";
  EXPECT_FALSE(Valid("color", "12px"));
  EXPECT_TRUE(Valid("width", "inherit"));
  EXPECT_TRUE(Valid("width", "var(--w)")) << "checked once substituted";
  EXPECT_TRUE(Valid("transform", "whatever it says")) << "unchecked properties are kept";
  // What it cannot judge it keeps: valid CSS must not be dropped.
  EXPECT_TRUE(Valid("padding-bottom", "calc(1rem + env(safe-area-inset-bottom))"));
  EXPECT_TRUE(Valid("font-size", "clamp(1rem, 4cqi, 2rem)"));
  EXPECT_TRUE(Valid("width", "round(up, 33.3%, 1px)"));
  EXPECT_TRUE(Valid("width", "calc(infinity * 1px)"));
}

TEST(ValueValidation, QuirksModeTakesUnitlessLengthsAsPixels) {
  auto value = ValidatedValue("width", ParseComponentValues("300"), true);
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(Serialize(*value), "300px");
  EXPECT_FALSE(Valid("outline-width", "3", true)) << "only where HTML's quirk allows";
  EXPECT_FALSE(Valid("width", "300"));
}

}  // namespace
}  // namespace nexus::web::css
