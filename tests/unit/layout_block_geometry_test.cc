#include "web/layout/block_geometry.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

namespace nexus::web::layout {
namespace {

// A block's computed style from its declarations (nothing inherited).
std::shared_ptr<const css::ComputedStyle> Style(const char* declarations) {
  std::map<std::string, css::CascadedValue> cascaded;
  for (const auto& declaration : css::ExpandDeclarations(css::ParseDeclarationList(declarations)))
    cascaded[declaration.name] = css::CascadedValue{declaration.value, false};
  return css::ComputedStyle::Compute(cascaded, nullptr);
}

std::string Widths(const char* declarations, double containing_width) {
  SizingContext context;
  context.containing_width = containing_width;
  HorizontalGeometry g = BlockWidths(*Style(declarations), context);
  auto number = [](double value) {
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.')
      text.pop_back();
    return text;
  };
  return number(g.margin_left) + " " + number(g.border_left) + " " + number(g.padding_left) + " [" +
         number(g.content_width) + "] " + number(g.padding_right) + " " + number(g.border_right) +
         " " + number(g.margin_right);
}

TEST(BlockGeometry, AnAutoWidthFillsTheContainingBlock) {
  EXPECT_EQ(Widths("margin: 10px; border: 2px solid; padding: 5px", 800), "10 2 5 [766] 5 2 10");
  EXPECT_EQ(Widths("margin-left: auto; margin-right: auto", 800), "0 0 0 [800] 0 0 0")
      << "auto margins are 0 beside an auto width";
  EXPECT_EQ(Widths("margin: 0 -20px", 800), "-20 0 0 [840] 0 0 -20");
  EXPECT_EQ(Widths("border: 3px none; padding: 10% 5%", 600), "0 0 30 [540] 30 0 0")
      << "a border whose style is none is 0 wide; padding % is of the width";
}

TEST(BlockGeometry, AutoMarginsCentreAndAnOverConstrainedBoxGivesWayOnTheRight) {
  EXPECT_EQ(Widths("width: 200px; margin: 0 auto", 800), "300 0 0 [200] 0 0 300");
  EXPECT_EQ(Widths("width: 200px; padding: 10px; border: 5px solid; box-sizing: border-box;"
                   "margin: 0 auto",
                   800),
            "300 5 10 [170] 10 5 300");
  EXPECT_EQ(Widths("width: 100px; margin-left: auto; margin-right: 20px", 400),
            "280 0 0 [100] 0 0 20");
  EXPECT_EQ(Widths("width: 300px; margin: 0 100px", 350), "100 0 0 [300] 0 0 -50");
  EXPECT_EQ(Widths("width: 500px; margin: 0 auto", 400), "0 0 0 [500] 0 0 -100")
      << "auto margins are 0 when the box is wider than its containing block";
  EXPECT_EQ(Widths("width: 50%; padding-left: 10%", 600), "0 0 60 [300] 0 0 240");
}

TEST(BlockGeometry, MinAndMaxWidthClampAndSolveAgain) {
  EXPECT_EQ(Widths("max-width: 300px", 800), "0 0 0 [300] 0 0 500");
  EXPECT_EQ(Widths("max-width: 300px; margin: 0 auto", 800), "250 0 0 [300] 0 0 250");
  EXPECT_EQ(Widths("width: 100px; min-width: 500px", 400), "0 0 0 [500] 0 0 -100");
  EXPECT_EQ(Widths("width: 900px; max-width: 50%; min-width: 600px", 1000), "0 0 0 [600] 0 0 400")
      << "min-width wins over max-width";
  EXPECT_EQ(Widths("max-width: 100px; padding: 0 10px; box-sizing: border-box", 800),
            "0 0 10 [80] 10 0 700");
}

TEST(BlockGeometry, HeightsAreContentUnlessDefiniteThenClamped) {
  SizingContext context;
  context.containing_width = 500;
  EXPECT_EQ(BlockContentHeight(*Style(""), 42, context), 42);
  EXPECT_EQ(BlockContentHeight(*Style("height: 50px"), 42, context), 50);
  EXPECT_EQ(BlockContentHeight(*Style("height: 50%"), 42, context), 42)
      << "a percentage of a height that depends on content is auto";
  context.containing_height = 200;
  EXPECT_EQ(BlockContentHeight(*Style("height: 50%"), 42, context), 100);
  EXPECT_EQ(BlockContentHeight(*Style("height: 100px; padding: 10px; border: 5px solid;"
                                      "box-sizing: border-box"),
                               0, context),
            70);
  EXPECT_EQ(BlockContentHeight(*Style("min-height: 80px"), 20, context), 80);
  EXPECT_EQ(BlockContentHeight(*Style("max-height: 10px"), 20, context), 10);
  EXPECT_EQ(BlockContentHeight(*Style("height: 5px; min-height: 2em"), 0, context), 32);
  VerticalEdges edges =
      BlockVerticalEdges(*Style("margin: 10% auto 1em; padding-top: 4px"), context);
  EXPECT_EQ(edges.margin_top, 50) << "vertical margin % is of the containing block's width";
  EXPECT_EQ(edges.margin_bottom, 16);
  EXPECT_EQ(edges.padding_top, 4);
}

TEST(BlockGeometry, AdjoiningMarginsCollapse) {
  CollapsedMargin margins;
  margins.Add(10);
  margins.Add(20);
  EXPECT_EQ(margins.Resolve(), 20);
  margins.Add(-5);
  EXPECT_EQ(margins.Resolve(), 15);
  CollapsedMargin negatives;
  negatives.Add(-10);
  negatives.Add(-30);
  EXPECT_EQ(negatives.Resolve(), -30);
  margins.Add(negatives);
  EXPECT_EQ(margins.Resolve(), -10);
  EXPECT_EQ(CollapsedMargin().Resolve(), 0);
}

}  // namespace
}  // namespace nexus::web::layout
