#include "base/flag_table.h"

#include <gtest/gtest.h>

namespace nexus {
namespace {

TEST(FlagTable, FlagsTakeTheirValuesEitherWayAndTheRestStaysInOrder) {
  bool full_page = false;
  int64_t width = 800;
  std::string output;
  FlagTable table;
  table.Switch("--full-page", "the whole page", full_page)
      .Number("--width", "W", "the width", 1, 4096, width)
      .Text("-o", "FILE", "where it goes", output);
  auto rest = table.Parse({"page.html", "--width=1024", "-o", "out.png", "--full-page", "-1"});
  ASSERT_TRUE(rest.ok()) << rest.error().message();
  EXPECT_EQ(*rest, (std::vector<std::string>{"page.html", "-1"}))
      << "a dash that names no flag is an argument";
  EXPECT_TRUE(full_page);
  EXPECT_EQ(width, 1024);
  EXPECT_EQ(output, "out.png");
}

TEST(FlagTable, BadFlagsSayWhatIsWrong) {
  int64_t width = 800;
  bool flag = false;
  FlagTable table;
  table.Number("--width", "W", "the width", 1, 4096, width).Switch("--json", "JSON", flag);
  EXPECT_NE(table.Parse({"--height"}).error().message().find("unknown option --height"),
            std::string::npos);
  EXPECT_NE(table.Parse({"--width", "0"}).error().message().find("from 1 to 4096, not '0'"),
            std::string::npos);
  EXPECT_NE(table.Parse({"--width"}).error().message().find("needs a value (W)"),
            std::string::npos);
  EXPECT_NE(table.Parse({"--json=yes"}).error().message().find("takes no value"),
            std::string::npos);
  auto ignored = table.Parse({"--other=1", "--width", "9"}, /*ignore_unknown=*/true);
  ASSERT_TRUE(ignored.ok());
  EXPECT_EQ(*ignored, std::vector<std::string>{"--other=1"}) << "a child's switches of other types";
  EXPECT_EQ(width, 9);
}

TEST(FlagTable, HelpListsEveryFlagWithItsValueAndDefault) {
  int64_t width = 800;
  bool json = false;
  FlagTable table;
  table.Number("--width", "W", "the viewport's width", 1, 4096, width)
      .Switch("--json", "JSON", json);
  EXPECT_EQ(table.Help(),
            "  --width W                   the viewport's width (default 800)\n"
            "  --json                      JSON\n");
}

}  // namespace
}  // namespace nexus
