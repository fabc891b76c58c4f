#include "web/css/parser.h"

#include <optional>

#include "base/ascii.h"

namespace nexus::web::css {
namespace {

// Nesting deeper than this is flattened: a hostile sheet of 100,000 '(' must not exhaust the
// renderer's stack (the DOM caps its depth for the same reason).
constexpr int kMaxNesting = 256;

bool EqualsIgnoringCase(const std::string& a, const char* b) {
  size_t i = 0;
  for (; i < a.size() && b[i]; ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = static_cast<char>(x | 0x20);
    if (x != y)
      return false;
  }
  return i == a.size() && !b[i];
}

TokenType Mirror(TokenType opening) {
  switch (opening) {
    case TokenType::kOpenCurly: return TokenType::kCloseCurly;
    case TokenType::kOpenSquare: return TokenType::kCloseSquare;
    default: return TokenType::kCloseParen;
  }
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  // §5.4.1 "consume a stylesheet's contents"
  std::vector<Rule> StyleSheetContents() {
    std::vector<Rule> rules;
    while (true) {
      const Token& next = Peek();
      switch (next.type) {
        case TokenType::kWhitespace:
        case TokenType::kCdo:
        case TokenType::kCdc:
          ++at_;
          continue;
        case TokenType::kEof:
          return rules;
        case TokenType::kAtKeyword:
          rules.push_back(AtRule(/*nested=*/false));
          continue;
        default:
          if (auto rule = QualifiedRule(/*nested=*/false, TokenType::kEof))
            rules.push_back(std::move(*rule));
      }
    }
  }

  // §5.4.4 "consume a block's contents", at the top of the input (a style attribute).
  void BlockContents(std::vector<Declaration>& declarations, std::vector<Rule>& rules) {
    while (true) {
      const Token& next = Peek();
      switch (next.type) {
        case TokenType::kWhitespace:
        case TokenType::kSemicolon:
          ++at_;
          continue;
        case TokenType::kEof:
        case TokenType::kCloseCurly:
          return;
        case TokenType::kAtKeyword:
          rules.push_back(AtRule(/*nested=*/true));
          continue;
        default: {
          size_t mark = at_;
          if (auto declaration = ConsumeDeclaration()) {
            declarations.push_back(std::move(*declaration));
            continue;
          }
          at_ = mark;
          if (auto rule = QualifiedRule(/*nested=*/true, TokenType::kSemicolon))
            rules.push_back(std::move(*rule));
        }
      }
    }
  }

  // A style attribute's declarations; a stray '}' there ends nothing, the rest is read on.
  std::vector<Declaration> AttributeDeclarations() {
    std::vector<Declaration> declarations;
    std::vector<Rule> rules;
    while (true) {
      BlockContents(declarations, rules);
      if (Peek().type == TokenType::kEof)
        return declarations;
      ++at_;
    }
  }

  std::vector<ComponentValue> ComponentValues(TokenType stop, bool nested) {
    // §5.4.8 "consume a list of component values"
    std::vector<ComponentValue> values;
    while (true) {
      const Token& next = Peek();
      if (next.type == TokenType::kEof || next.type == stop)
        return values;
      if (next.type == TokenType::kCloseCurly) {
        if (nested)
          return values;
        values.push_back(Preserved());  // a parse error: kept as a token
        continue;
      }
      values.push_back(Component());
    }
  }

 private:
  const Token& Peek() const { return at_ < tokens_.size() ? tokens_[at_] : tokens_.back(); }

  ComponentValue Preserved() {
    ComponentValue value;
    value.token = Peek();
    if (at_ < tokens_.size() - 1)
      ++at_;
    return value;
  }

  // §5.4.2 "consume an at-rule"
  Rule AtRule(bool nested) {
    Rule rule;
    rule.kind = Rule::Kind::kAt;
    rule.name = Peek().value;
    ++at_;
    while (true) {
      const Token& next = Peek();
      switch (next.type) {
        case TokenType::kSemicolon:
          ++at_;
          return rule;
        case TokenType::kEof:
          return rule;
        case TokenType::kCloseCurly:
          if (nested)
            return rule;
          rule.prelude.push_back(Preserved());  // a parse error
          continue;
        case TokenType::kOpenCurly:
          rule.has_block = true;
          Block(rule.declarations, rule.rules);
          return rule;
        default:
          rule.prelude.push_back(Component());
      }
    }
  }

  // §5.4.3 "consume a qualified rule"
  std::optional<Rule> QualifiedRule(bool nested, TokenType stop) {
    Rule rule;
    while (true) {
      const Token& next = Peek();
      if (next.type == TokenType::kEof || (stop != TokenType::kEof && next.type == stop))
        return std::nullopt;  // a parse error: no block
      if (next.type == TokenType::kCloseCurly) {
        if (nested)
          return std::nullopt;
        rule.prelude.push_back(Preserved());
        continue;
      }
      if (next.type == TokenType::kOpenCurly) {
        if (LooksLikeCustomProperty(rule.prelude)) {
          BadDeclarationRemnants(nested);
          return std::nullopt;
        }
        rule.has_block = true;
        Block(rule.declarations, rule.rules);
        return rule;
      }
      rule.prelude.push_back(Component());
    }
  }

  // A prelude that starts `--name:` is a custom property gone wrong, not a rule.
  static bool LooksLikeCustomProperty(const std::vector<ComponentValue>& prelude) {
    size_t i = 0;
    while (i < prelude.size() && prelude[i].IsToken(TokenType::kWhitespace))
      ++i;
    if (i >= prelude.size() || !prelude[i].IsToken(TokenType::kIdent) ||
        prelude[i].token.value.rfind("--", 0) != 0)
      return false;
    ++i;
    while (i < prelude.size() && prelude[i].IsToken(TokenType::kWhitespace))
      ++i;
    return i < prelude.size() && prelude[i].IsToken(TokenType::kColon);
  }

  // §5.4.5 "consume a block": '{', its contents, '}' (or the end).
  void Block(std::vector<Declaration>& declarations, std::vector<Rule>& rules) {
    ++at_;  // the {
    if (++depth_ > kMaxNesting) {
      ComponentValues(TokenType::kCloseCurly, /*nested=*/true);  // skipped whole
    } else {
      BlockContents(declarations, rules);
    }
    --depth_;
    if (Peek().type == TokenType::kCloseCurly)
      ++at_;
  }

  // §5.4.6 "consume a declaration" (nested: inside a block)
  std::optional<Declaration> ConsumeDeclaration() {
    Declaration declaration;
    if (Peek().type != TokenType::kIdent) {
      BadDeclarationRemnants(true);
      return std::nullopt;
    }
    declaration.name = Peek().value;
    ++at_;
    SkipWhitespace();
    if (Peek().type != TokenType::kColon) {
      BadDeclarationRemnants(true);
      return std::nullopt;
    }
    ++at_;
    SkipWhitespace();
    declaration.value = ComponentValues(TokenType::kSemicolon, /*nested=*/true);
    TrimTrailingWhitespace(declaration.value);
    // `!important` at the end, with whitespace anywhere around the '!'.
    size_t n = declaration.value.size();
    if (n >= 2 && declaration.value[n - 1].IsToken(TokenType::kIdent) &&
        EqualsIgnoringCase(declaration.value[n - 1].token.value, "important")) {
      size_t bang = n - 2;
      while (bang > 0 && declaration.value[bang].IsToken(TokenType::kWhitespace))
        --bang;
      if (declaration.value[bang].kind == ComponentValue::Kind::kToken &&
          declaration.value[bang].token.IsDelim('!')) {
        declaration.value.resize(bang);
        declaration.important = true;
        TrimTrailingWhitespace(declaration.value);
      }
    }
    // A value with a {}-block and anything else is a nested rule after all (`a:hover {}`),
    // unless it is a custom property, whose value may be anything.
    if (declaration.name.rfind("--", 0) != 0) {
      bool block = false, other = false;
      for (const ComponentValue& value : declaration.value) {
        if (value.IsBlock(TokenType::kOpenCurly))
          block = true;
        else if (!value.IsToken(TokenType::kWhitespace))
          other = true;
      }
      if (block && other)
        return std::nullopt;
    }
    if (Peek().type == TokenType::kSemicolon)
      ++at_;
    return declaration;
  }

  // §5.4.7
  void BadDeclarationRemnants(bool nested) {
    while (true) {
      const Token& next = Peek();
      if (next.type == TokenType::kEof)
        return;
      if (next.type == TokenType::kSemicolon) {
        ++at_;
        return;
      }
      if (next.type == TokenType::kCloseCurly) {
        if (nested)
          return;
        ++at_;
        continue;
      }
      Component();
    }
  }

  // §5.4.9 "consume a component value"
  ComponentValue Component() {
    const Token& next = Peek();
    if (next.type == TokenType::kOpenCurly || next.type == TokenType::kOpenSquare ||
        next.type == TokenType::kOpenParen || next.type == TokenType::kFunction) {
      ComponentValue value;
      value.kind = next.type == TokenType::kFunction ? ComponentValue::Kind::kFunction
                                                     : ComponentValue::Kind::kBlock;
      value.token = next;
      TokenType ending = next.type == TokenType::kFunction ? TokenType::kCloseParen
                                                           : Mirror(next.type);
      ++at_;
      ++depth_;
      // §5.4.10-11: to the matching end, or the end of the input.
      while (Peek().type != TokenType::kEof && Peek().type != ending) {
        if (depth_ > kMaxNesting)
          ++at_;  // too deep: what is inside is dropped
        else
          value.children.push_back(Component());
      }
      --depth_;
      if (Peek().type == ending)
        ++at_;
      return value;
    }
    return Preserved();
  }

  void SkipWhitespace() {
    while (Peek().type == TokenType::kWhitespace)
      ++at_;
  }

  static void TrimTrailingWhitespace(std::vector<ComponentValue>& values) {
    while (!values.empty() && values.back().IsToken(TokenType::kWhitespace))
      values.pop_back();
  }

  std::vector<Token> tokens_;  // ends with kEof
  size_t at_ = 0;
  int depth_ = 0;
};

void SerializeInto(std::string& out, const std::vector<ComponentValue>& values) {
  for (const ComponentValue& value : values) {
    out += Serialize(value.token);
    if (value.kind == ComponentValue::Kind::kToken)
      continue;
    SerializeInto(out, value.children);
    Token closing;
    closing.type = value.IsFunction() ? TokenType::kCloseParen : Mirror(value.token.type);
    out += Serialize(closing);
  }
}

}  // namespace

StyleSheet ParseStyleSheet(std::string_view css) {
  return {Parser(Tokenize(css)).StyleSheetContents()};
}

std::vector<Declaration> ParseDeclarationList(std::string_view css) {
  return Parser(Tokenize(css)).AttributeDeclarations();
}

std::vector<ComponentValue> ParseComponentValues(std::string_view css) {
  return Parser(Tokenize(css)).ComponentValues(TokenType::kEof, /*nested=*/false);
}

std::string Serialize(const std::vector<ComponentValue>& values) {
  std::string out;
  SerializeInto(out, values);
  return out;
}

std::vector<ComponentValue> WithoutWhitespace(const std::vector<ComponentValue>& values) {
  std::vector<ComponentValue> out;
  for (const ComponentValue& value : values) {
    if (!value.IsToken(TokenType::kWhitespace))
      out.push_back(value);
  }
  return out;
}

bool IsIdent(const ComponentValue& value, std::string_view name) {
  return value.IsToken(TokenType::kIdent) && EqualsIgnoringAsciiCase(value.token.value, name);
}

}  // namespace nexus::web::css
