#include "base/ascii.h"

#include <gtest/gtest.h>

#include <string>

namespace nexus {
namespace {

TEST(Ascii, LowercaseChangesOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLowercase("Content-Type: TEXT/Html; Charset=UTF-8"),
            "content-type: text/html; charset=utf-8");
  EXPECT_EQ(AsciiLowercase("AZaz@[`{09"), "azaz@[`{09");
  // "É" and "Ä" are two UTF-8 bytes each (0xC3 0x89, 0xC3 0x84): left as they are.
  EXPECT_EQ(AsciiLowercase("CAFÉ ÄBC"), "cafÉ Äbc");
  EXPECT_EQ(AsciiLowercase(std::string("A\0B", 3)), std::string("a\0b", 3));
  EXPECT_EQ(AsciiLowercase(""), "");
}

TEST(Ascii, TrimRemovesAsciiWhitespaceOnlyAtTheEnds) {
  EXPECT_EQ(TrimAsciiWhitespace(" \t\n\r\f\vtext/html \t x\v\f\r\n\t "), "text/html \t x");
  EXPECT_EQ(TrimAsciiWhitespace("no-space"), "no-space");
  EXPECT_EQ(TrimAsciiWhitespace(" \t\r\n\f\v"), "");
  EXPECT_EQ(TrimAsciiWhitespace(""), "");
  // NUL and the UTF-8 no-break space (0xC2 0xA0) are not ASCII whitespace.
  EXPECT_EQ(TrimAsciiWhitespace(std::string_view("\0a\0", 3)), std::string_view("\0a\0", 3));
  EXPECT_EQ(TrimAsciiWhitespace("\u00a0a\u00a0"), "\u00a0a\u00a0");
}

TEST(Ascii, TrimReturnsAViewIntoItsArgument) {
  std::string_view text = "  value  ";
  std::string_view trimmed = TrimAsciiWhitespace(text);
  EXPECT_EQ(trimmed.data(), text.data() + 2);
  EXPECT_EQ(trimmed.size(), 5u);
}

TEST(Ascii, CaseInsensitiveComparisons) {
  EXPECT_TRUE(EqualsIgnoringAsciiCase("Set-Cookie", "set-cookie"));
  EXPECT_TRUE(EqualsIgnoringAsciiCase("", ""));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("set-cookie", "set-cookie2"));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("[", "{"));  // 0x5B and 0x7B differ only by 0x20
  EXPECT_FALSE(EqualsIgnoringAsciiCase("É", "é"));  // only ASCII letters fold

  EXPECT_TRUE(StartsWithIgnoringAsciiCase("URL(image.png)", "url("));
  EXPECT_TRUE(StartsWithIgnoringAsciiCase("anything", ""));
  EXPECT_TRUE(StartsWithIgnoringAsciiCase("IMPORT", "import"));
  EXPECT_FALSE(StartsWithIgnoringAsciiCase("imp", "import"));
  EXPECT_FALSE(StartsWithIgnoringAsciiCase("", "url("));
  EXPECT_FALSE(StartsWithIgnoringAsciiCase(" url(", "url("));
}

}  // namespace
}  // namespace nexus
