// CSS Syntax Level 3, §5 "Parsing": tokens to style sheets, rules, declarations and component
// values, with the spec's error recovery (a bad declaration is dropped and the next one read,
// an unclosed block closes at the end, a rule whose prelude breaks is skipped whole) and CSS
// nesting (a style rule's block holds declarations and nested rules, as the current Syntax
// draft parses them). What a rule or a value means is the next stages' business (selectors,
// the cascade, each property's grammar); this keeps every token they need.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "web/css/tokenizer.h"

namespace nexus::web::css {

// A preserved token, a function with its arguments, or a simple block ({}, [] or ()) with
// what is inside.
struct ComponentValue {
  enum class Kind { kToken, kFunction, kBlock };
  Kind kind = Kind::kToken;
  Token token;  // the token; a function's token (value: its name); a block's opening token
  std::vector<ComponentValue> children;  // arguments, or the block's contents

  bool IsToken(TokenType type) const { return kind == Kind::kToken && token.type == type; }
  bool IsBlock(TokenType opening) const { return kind == Kind::kBlock && token.type == opening; }
  bool IsFunction() const { return kind == Kind::kFunction; }
};

struct Declaration {
  std::string name;                    // as written (custom properties are case-sensitive)
  std::vector<ComponentValue> value;   // without leading or trailing whitespace or !important
  bool important = false;
};

struct Rule {
  enum class Kind { kQualified, kAt };
  Kind kind = Kind::kQualified;
  std::string name;                      // an at-rule's, without '@'
  std::vector<ComponentValue> prelude;   // a style rule's selector, an at-rule's condition
  bool has_block = false;                // `@import url(a.css);` has none
  std::vector<Declaration> declarations; // the block's declarations, in order
  std::vector<Rule> rules;               // its rules: @media's, and nested style rules
};

struct StyleSheet {
  std::vector<Rule> rules;
};

// A whole style sheet (a <style> element or a fetched file).
StyleSheet ParseStyleSheet(std::string_view css);
// The declarations of a style="" attribute (rules in it are dropped).
std::vector<Declaration> ParseDeclarationList(std::string_view css);
// Component values, for a selector, a media query or one property's value.
std::vector<ComponentValue> ParseComponentValues(std::string_view css);

// Component values as CSS text again: a custom property's value is kept as its tokens.
std::string Serialize(const std::vector<ComponentValue>& values);

// `values` without their whitespace tokens: what grammars of keywords and lengths read.
std::vector<ComponentValue> WithoutWhitespace(const std::vector<ComponentValue>& values);
// Whether `value` is the identifier `name` (ASCII case-insensitively).
bool IsIdent(const ComponentValue& value, std::string_view name);

}  // namespace nexus::web::css
