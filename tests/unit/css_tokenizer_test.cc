#include "web/css/tokenizer.h"

#include <gtest/gtest.h>

namespace nexus::web::css {
namespace {

// The tokens of `css` as "type:text" words, whitespace as "_", without the final EOF.
std::string Describe(std::string_view css) {
  std::string out;
  for (const Token& token : Tokenize(css)) {
    if (token.type == TokenType::kEof)
      break;
    if (!out.empty())
      out += ' ';
    switch (token.type) {
      case TokenType::kWhitespace: out += "_"; break;
      case TokenType::kIdent: out += "ident:" + token.value; break;
      case TokenType::kFunction: out += "fn:" + token.value; break;
      case TokenType::kAtKeyword: out += "at:" + token.value; break;
      case TokenType::kHash: out += std::string(token.id ? "id" : "hash") + ":" + token.value; break;
      case TokenType::kString: out += "str:" + token.value; break;
      case TokenType::kBadString: out += "badstr"; break;
      case TokenType::kUrl: out += "url:" + token.value; break;
      case TokenType::kBadUrl: out += "badurl"; break;
      case TokenType::kDelim: out += "delim:" + token.value; break;
      case TokenType::kNumber: out += std::string(token.integer ? "int:" : "num:") + Serialize(token); break;
      case TokenType::kPercentage: out += "pct:" + Serialize(token); break;
      case TokenType::kDimension: out += "dim:" + Serialize(token); break;
      default: out += Serialize(token); break;
    }
  }
  return out;
}

TEST(CssTokenizer, RulesAndDeclarationsBecomeTheirTokens) {
  EXPECT_EQ(Describe("a.b#c > d { color: red; }"),
            "ident:a delim:. ident:b id:c _ delim:> _ ident:d _ { _ ident:color : _ ident:red ; _ }");
  EXPECT_EQ(Describe("@media (min-width: 600px) {}"),
            "at:media _ ( ident:min-width : _ dim:600px ) _ { }");
  EXPECT_EQ(Describe("<!-- x -->"), "<!-- _ ident:x _ -->");
}

TEST(CssTokenizer, NumbersKeepTheirSignTypeAndUnit) {
  EXPECT_EQ(Describe("12 +3.5 -.5 1e3 2E-2 50% 1.5em -0px 3x"),
            "int:12 _ num:3.5 _ num:-0.5 _ num:1000 _ num:0.02 _ pct:50% _ dim:1.5em _ "
            "dim:-0px _ dim:3x");
  EXPECT_EQ(Describe("1e 1.e3 +a -x .x"),
            "dim:1e _ int:1 delim:. ident:e3 _ delim:+ ident:a _ ident:-x _ delim:. ident:x");
}

TEST(CssTokenizer, StringsEscapesAndBadStringsRecoverAsBrowsersDo) {
  EXPECT_EQ(Describe(R"("a\"b" 'c\
d' "\41 B")"),
            "str:a\"b _ str:cd _ str:AB");
  EXPECT_EQ(Describe("\"broken\nnext"), "badstr _ ident:next");
  EXPECT_EQ(Describe("\"unclosed"), "str:unclosed") << "EOF ends a string";
  EXPECT_EQ(Describe("\\66 oo \\0  \\110000"), "ident:foo _ ident:\xEF\xBF\xBD _ ident:\xEF\xBF\xBD")
      << "zero and out-of-range escapes are U+FFFD; one space after a hex escape is its own";
}

TEST(CssTokenizer, UrlsQuotedUnquotedAndBad) {
  EXPECT_EQ(Describe("url(a.png) url( b c ) url(\"q.png\") URL(x\\)y)"),
            "url:a.png _ badurl _ fn:url str:q.png ) _ url:x)y");
  EXPECT_EQ(Describe("url(a\"b) next"), "badurl _ ident:next") << "the rest is consumed";
}

TEST(CssTokenizer, CommentsVanishAndInputIsNormalised) {
  EXPECT_EQ(Describe("a/* x */b /* unclosed"), "ident:a ident:b _");
  auto tokens = Tokenize("a\r\nb\fc");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[2].offset, 2u) << "CRLF is one newline";
  EXPECT_EQ(Describe(std::string("x\0y", 3)), "ident:x\xEF\xBF\xBDy") << "NUL becomes U+FFFD";
  EXPECT_EQ(Describe("\xff"), "ident:\xEF\xBF\xBD") << "bad UTF-8 becomes U+FFFD";
}

TEST(CssTokenizer, HashesAndAtKeywordsNeedANameAfterThem) {
  EXPECT_EQ(Describe("#fff #1a #-x # @x @ @-"), "id:fff _ hash:1a _ id:-x _ delim:# _ at:x _ delim:@ _ delim:@ delim:-");
  EXPECT_EQ(Describe("--custom -->"), "ident:--custom _ -->");
}

}  // namespace
}  // namespace nexus::web::css
