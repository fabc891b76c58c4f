#include "web/css/tokenizer.h"

#include <cstdlib>

namespace nexus::web::css {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kEof = 0xFFFFFFFF;  // past the end: never a code point

// §3.3: the input as code points, with newlines normalised and NULs replaced. Invalid UTF-8
// decodes to U+FFFD, one per bad byte, as browsers decode.
std::vector<char32_t> Preprocess(std::string_view bytes) {
  std::vector<char32_t> out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    unsigned char lead = static_cast<unsigned char>(bytes[i]);
    char32_t c = kReplacement;
    size_t length = 1;
    if (lead < 0x80) {
      c = lead;
    } else if ((lead >> 5) == 0x6 || (lead >> 4) == 0xE || (lead >> 3) == 0x1E) {
      length = (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
      char32_t value = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
      bool valid = i + length <= bytes.size();
      for (size_t k = 1; valid && k < length; ++k) {
        unsigned char next = static_cast<unsigned char>(bytes[i + k]);
        valid = (next & 0xC0) == 0x80;
        value = (value << 6) | (next & 0x3F);
      }
      constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
      if (valid && value >= kSmallest[length] && value <= 0x10FFFF)
        c = value;
      else
        length = 1;
    }
    i += length;
    if (c == '\r') {
      if (i < bytes.size() && bytes[i] == '\n')
        ++i;
      c = '\n';
    } else if (c == '\f') {
      c = '\n';
    } else if (c == 0 || (c >= 0xD800 && c <= 0xDFFF)) {
      c = kReplacement;
    }
    out.push_back(c);
  }
  return out;
}

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char32_t c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// Browsers take every non-ASCII code point as part of a name.
bool IsIdentStart(char32_t c) { return IsLetter(c) || (c >= 0x80 && c != kEof) || c == '_'; }
bool IsIdentCodePoint(char32_t c) { return IsIdentStart(c) || IsDigit(c) || c == '-'; }
bool IsNonPrintable(char32_t c) { return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F; }
bool IsWhitespace(char32_t c) { return c == '\n' || c == '\t' || c == ' '; }

class Tokenizer {
 public:
  explicit Tokenizer(std::vector<char32_t> input) : input_(std::move(input)) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    while (true) {
      Token token = Next();
      bool end = token.type == TokenType::kEof;
      tokens.push_back(std::move(token));
      if (end)
        return tokens;
    }
  }

 private:
  char32_t Peek(size_t ahead = 0) const {
    return at_ + ahead < input_.size() ? input_[at_ + ahead] : kEof;
  }
  char32_t Consume() { return at_ < input_.size() ? input_[at_++] : (++at_, kEof); }
  void Reconsume() { --at_; }

  // §4.3.8
  static bool ValidEscape(char32_t first, char32_t second) {
    return first == '\\' && second != '\n';
  }
  // §4.3.9
  static bool StartsIdent(char32_t first, char32_t second, char32_t third) {
    if (first == '-')
      return IsIdentStart(second) || second == '-' || ValidEscape(second, third);
    if (IsIdentStart(first))
      return true;
    return first == '\\' && ValidEscape(first, second);
  }
  // §4.3.10
  static bool StartsNumber(char32_t first, char32_t second, char32_t third) {
    if (first == '+' || first == '-')
      return IsDigit(second) || (second == '.' && IsDigit(third));
    if (first == '.')
      return IsDigit(second);
    return IsDigit(first);
  }

  Token Make(TokenType type, size_t start) const {
    Token token;
    token.type = type;
    token.offset = start;
    return token;
  }

  void ConsumeComments() {
    while (Peek() == '/' && Peek(1) == '*') {
      at_ += 2;
      while (Peek() != kEof && !(Peek() == '*' && Peek(1) == '/'))
        ++at_;
      if (Peek() == kEof)
        return;  // an unclosed comment runs to the end
      at_ += 2;
    }
  }

  // §4.3.1
  Token Next() {
    ConsumeComments();
    size_t start = at_;
    char32_t c = Consume();
    switch (c) {
      case kEof: return Make(TokenType::kEof, start);
      case '\n':
      case '\t':
      case ' ':
        while (IsWhitespace(Peek()))
          ++at_;
        return Make(TokenType::kWhitespace, start);
      case '"':
      case '\'':
        return ConsumeString(c, start);
      case '#':
        if (IsIdentCodePoint(Peek()) || ValidEscape(Peek(), Peek(1))) {
          Token hash = Make(TokenType::kHash, start);
          hash.id = StartsIdent(Peek(), Peek(1), Peek(2));
          hash.value = ConsumeIdentSequence();
          return hash;
        }
        return Delim(c, start);
      case '(': return Make(TokenType::kOpenParen, start);
      case ')': return Make(TokenType::kCloseParen, start);
      case '+':
        if (StartsNumber(c, Peek(), Peek(1))) {
          Reconsume();
          return ConsumeNumeric(start);
        }
        return Delim(c, start);
      case ',': return Make(TokenType::kComma, start);
      case '-':
        if (StartsNumber(c, Peek(), Peek(1))) {
          Reconsume();
          return ConsumeNumeric(start);
        }
        if (Peek() == '-' && Peek(1) == '>') {
          at_ += 2;
          return Make(TokenType::kCdc, start);
        }
        if (StartsIdent(c, Peek(), Peek(1))) {
          Reconsume();
          return ConsumeIdentLike(start);
        }
        return Delim(c, start);
      case '.':
        if (StartsNumber(c, Peek(), Peek(1))) {
          Reconsume();
          return ConsumeNumeric(start);
        }
        return Delim(c, start);
      case ':': return Make(TokenType::kColon, start);
      case ';': return Make(TokenType::kSemicolon, start);
      case '<':
        if (Peek() == '!' && Peek(1) == '-' && Peek(2) == '-') {
          at_ += 3;
          return Make(TokenType::kCdo, start);
        }
        return Delim(c, start);
      case '@':
        if (StartsIdent(Peek(), Peek(1), Peek(2))) {
          Token at_keyword = Make(TokenType::kAtKeyword, start);
          at_keyword.value = ConsumeIdentSequence();
          return at_keyword;
        }
        return Delim(c, start);
      case '[': return Make(TokenType::kOpenSquare, start);
      case ']': return Make(TokenType::kCloseSquare, start);
      case '{': return Make(TokenType::kOpenCurly, start);
      case '}': return Make(TokenType::kCloseCurly, start);
      case '\\':
        if (ValidEscape(c, Peek())) {
          Reconsume();
          return ConsumeIdentLike(start);
        }
        return Delim(c, start);  // a parse error: a lone backslash before a newline
      default:
        break;
    }
    if (IsDigit(c)) {
      Reconsume();
      return ConsumeNumeric(start);
    }
    if (IsIdentStart(c)) {
      Reconsume();
      return ConsumeIdentLike(start);
    }
    return Delim(c, start);
  }

  Token Delim(char32_t c, size_t start) const {
    Token delim = Make(TokenType::kDelim, start);
    AppendUtf8(delim.value, c);
    return delim;
  }

  // §4.3.7, after the backslash.
  char32_t ConsumeEscape() {
    char32_t c = Consume();
    if (c == kEof)
      return kReplacement;
    if (!IsHexDigit(c))
      return c;
    char32_t value = 0;
    int digits = 0;
    for (; digits < 6 && (digits == 0 || IsHexDigit(Peek())); ++digits) {
      char32_t digit = digits == 0 ? c : Consume();
      value = value * 16 + (IsDigit(digit) ? digit - '0' : (digit | 0x20) - 'a' + 10);
    }
    if (IsWhitespace(Peek()))
      ++at_;
    if (value == 0 || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
      return kReplacement;
    return value;
  }

  // §4.3.11
  std::string ConsumeIdentSequence() {
    std::string result;
    while (true) {
      char32_t c = Consume();
      if (IsIdentCodePoint(c)) {
        AppendUtf8(result, c);
      } else if (ValidEscape(c, Peek())) {
        AppendUtf8(result, ConsumeEscape());
      } else {
        Reconsume();
        return result;
      }
    }
  }

  // §4.3.12
  void ConsumeNumber(Token& token) {
    std::string repr;
    token.integer = true;
    if (Peek() == '+' || Peek() == '-')
      repr += static_cast<char>(Consume());
    while (IsDigit(Peek()))
      repr += static_cast<char>(Consume());
    if (Peek() == '.' && IsDigit(Peek(1))) {
      repr += static_cast<char>(Consume());
      token.integer = false;
      while (IsDigit(Peek()))
        repr += static_cast<char>(Consume());
    }
    if ((Peek() == 'e' || Peek() == 'E') &&
        (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
      repr += static_cast<char>(Consume());
      if (Peek() == '+' || Peek() == '-')
        repr += static_cast<char>(Consume());
      token.integer = false;
      while (IsDigit(Peek()))
        repr += static_cast<char>(Consume());
    }
    token.number = std::strtod(repr.c_str(), nullptr);
  }

  // §4.3.3
  Token ConsumeNumeric(size_t start) {
    Token token = Make(TokenType::kNumber, start);
    ConsumeNumber(token);
    if (StartsIdent(Peek(), Peek(1), Peek(2))) {
      token.type = TokenType::kDimension;
      token.unit = ConsumeIdentSequence();
    } else if (Peek() == '%') {
      ++at_;
      token.type = TokenType::kPercentage;
    }
    return token;
  }

  // §4.3.4
  Token ConsumeIdentLike(size_t start) {
    std::string name = ConsumeIdentSequence();
    bool is_url = name.size() == 3 && (name[0] | 0x20) == 'u' && (name[1] | 0x20) == 'r' &&
                  (name[2] | 0x20) == 'l';
    if (is_url && Peek() == '(') {
      ++at_;
      while (IsWhitespace(Peek()) && IsWhitespace(Peek(1)))
        ++at_;
      char32_t next = IsWhitespace(Peek()) ? Peek(1) : Peek();
      if (next == '"' || next == '\'') {
        Token function = Make(TokenType::kFunction, start);
        function.value = std::move(name);
        return function;
      }
      return ConsumeUrl(start);
    }
    if (Peek() == '(') {
      ++at_;
      Token function = Make(TokenType::kFunction, start);
      function.value = std::move(name);
      return function;
    }
    Token ident = Make(TokenType::kIdent, start);
    ident.value = std::move(name);
    return ident;
  }

  // §4.3.5
  Token ConsumeString(char32_t ending, size_t start) {
    Token string = Make(TokenType::kString, start);
    while (true) {
      char32_t c = Consume();
      if (c == ending || c == kEof)
        return string;  // at EOF: a parse error, the string as it is
      if (c == '\n') {
        Reconsume();
        string.type = TokenType::kBadString;
        return string;
      }
      if (c == '\\') {
        if (Peek() == kEof)
          continue;
        if (Peek() == '\n') {
          ++at_;  // an escaped newline continues the string
          continue;
        }
        AppendUtf8(string.value, ConsumeEscape());
        continue;
      }
      AppendUtf8(string.value, c);
    }
  }

  // §4.3.6
  Token ConsumeUrl(size_t start) {
    Token url = Make(TokenType::kUrl, start);
    while (IsWhitespace(Peek()))
      ++at_;
    while (true) {
      char32_t c = Consume();
      if (c == ')' || c == kEof)
        return url;
      if (IsWhitespace(c)) {
        while (IsWhitespace(Peek()))
          ++at_;
        if (Peek() == ')' || Peek() == kEof) {
          Consume();
          return url;
        }
        return BadUrl(start);
      }
      if (c == '"' || c == '\'' || c == '(' || IsNonPrintable(c))
        return BadUrl(start);
      if (c == '\\') {
        if (!ValidEscape(c, Peek()))
          return BadUrl(start);
        AppendUtf8(url.value, ConsumeEscape());
        continue;
      }
      AppendUtf8(url.value, c);
    }
  }

  // §4.3.14: the rest of a bad url, so that the parser can go on after it.
  Token BadUrl(size_t start) {
    while (true) {
      char32_t c = Consume();
      if (c == ')' || c == kEof)
        return Make(TokenType::kBadUrl, start);
      if (ValidEscape(c, Peek()))
        ConsumeEscape();
    }
  }

  std::vector<char32_t> input_;
  size_t at_ = 0;
};

}  // namespace

bool Token::IsDelim(char32_t c) const {
  std::string encoded;
  AppendUtf8(encoded, c);
  return type == TokenType::kDelim && value == encoded;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::vector<Token> Tokenize(std::string_view css) {
  return Tokenizer(Preprocess(css)).Run();
}

std::string Serialize(const Token& token) {
  auto number = [&] {
    char buffer[64];
    if (token.integer)
      snprintf(buffer, sizeof(buffer), "%.0f", token.number);
    else
      snprintf(buffer, sizeof(buffer), "%.15g", token.number);
    return std::string(buffer);
  };
  switch (token.type) {
    case TokenType::kIdent: return token.value;
    case TokenType::kFunction: return token.value + "(";
    case TokenType::kAtKeyword: return "@" + token.value;
    case TokenType::kHash: return "#" + token.value;
    case TokenType::kString: return "\"" + token.value + "\"";
    case TokenType::kBadString: return "\"" + token.value;
    case TokenType::kUrl: return "url(" + token.value + ")";
    case TokenType::kBadUrl: return "url(";
    case TokenType::kDelim: return token.value;
    case TokenType::kNumber: return number();
    case TokenType::kPercentage: return number() + "%";
    case TokenType::kDimension: return number() + token.unit;
    case TokenType::kWhitespace: return " ";
    case TokenType::kCdo: return "<!--";
    case TokenType::kCdc: return "-->";
    case TokenType::kColon: return ":";
    case TokenType::kSemicolon: return ";";
    case TokenType::kComma: return ",";
    case TokenType::kOpenSquare: return "[";
    case TokenType::kCloseSquare: return "]";
    case TokenType::kOpenParen: return "(";
    case TokenType::kCloseParen: return ")";
    case TokenType::kOpenCurly: return "{";
    case TokenType::kCloseCurly: return "}";
    case TokenType::kEof: return "";
  }
  return "";
}

}  // namespace nexus::web::css
