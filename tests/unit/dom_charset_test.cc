#include "web/dom/charset.h"

#include <gtest/gtest.h>

namespace nexus::web::dom {
namespace {

TEST(Charset, TheDeclaredEncodingIsDecoded) {
  EXPECT_EQ(DecodeToUtf8("<meta http-equiv=\"Content-Type\" content=\"text/html; "
                         "charset=ISO-8859-1\">Copyright \xA9 2004",
                         "text/html"),
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
            "Copyright \xC2\xA9 2004");
  EXPECT_EQ(DecodeToUtf8("<meta charset=latin1>caf\xE9", ""), "<meta charset=latin1>caf\xC3\xA9");
  EXPECT_EQ(DecodeToUtf8("\x93quoted\x94", "text/html; charset=windows-1252"),
            "\xE2\x80\x9Cquoted\xE2\x80\x9D")
      << "windows-1252's typographic quotes, which iso-8859-1 also means";
  EXPECT_EQ(DecodeToUtf8("caf\xC3\xA9", "text/html; charset=utf-8"), "caf\xC3\xA9");
}

TEST(Charset, ByteOrderMarksAndGuesses) {
  EXPECT_EQ(DecodeToUtf8("\xEF\xBB\xBFhi", ""), "hi");
  EXPECT_EQ(DecodeToUtf8(std::string("\xFF\xFEh\0i\0", 6), ""), "hi");
  EXPECT_EQ(DecodeToUtf8("caf\xC3\xA9", ""), "caf\xC3\xA9") << "valid UTF-8 stays";
  EXPECT_EQ(DecodeToUtf8("caf\xE9", ""), "caf\xC3\xA9")
      << "no declaration and not UTF-8: windows-1252, as Chromium guesses";
}

}  // namespace
}  // namespace nexus::web::dom
