// CSS Syntax Level 3, §4 "Tokenization": stylesheet text (UTF-8, as fetched) to tokens, with
// the spec's preprocessing (CR, CRLF and FF become LF; NUL and surrogates U+FFFD), comments
// dropped and every error recovered as browsers recover it. The first stage of the style
// engine (issue 15); the parser (css/parser.h) builds rules and declarations from the tokens.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nexus::web::css {

enum class TokenType {
  kIdent,
  kFunction,    // `name(`: value is the name
  kAtKeyword,   // `@name`: value is the name
  kHash,        // `#name`: value is the name; `id` says whether it would be an identifier
  kString,
  kBadString,   // a newline ended it: dropped where it matters, as the spec says
  kUrl,         // `url(unquoted)`: value is the URL
  kBadUrl,
  kDelim,       // one code point, in value
  kNumber,
  kPercentage,
  kDimension,   // number + unit
  kWhitespace,
  kCdo,         // <!--
  kCdc,         // -->
  kColon,
  kSemicolon,
  kComma,
  kOpenSquare,
  kCloseSquare,
  kOpenParen,
  kCloseParen,
  kOpenCurly,
  kCloseCurly,
  kEof,
};

struct Token {
  TokenType type = TokenType::kEof;
  std::string value;    // UTF-8: the name, string, URL or delimiter
  double number = 0;    // number, percentage, dimension
  bool integer = false; // number, dimension: written without '.' or exponent
  bool id = false;      // hash: an identifier could start with it (`#foo`, not `#1`)
  std::string unit;     // dimension, as written (case kept; units compare case-insensitively)
  size_t offset = 0;    // where it starts, in code points of the preprocessed input

  bool Is(TokenType t) const { return type == t; }
  bool IsDelim(char32_t c) const;
};

// The whole input as tokens, ending with one kEof token.
std::vector<Token> Tokenize(std::string_view css);

// A token as CSS text again (for custom properties' values and for tests).
std::string Serialize(const Token& token);

// UTF-8 encoding of one code point.
void AppendUtf8(std::string& out, char32_t code_point);

}  // namespace nexus::web::css
