#include "web/css/font_face.h"

#include <algorithm>
#include <cctype>

#include "base/ascii.h"

namespace nexus::web::css {
namespace {

// A family name: a string, or identifiers joined by single spaces.
std::string FamilyName(const std::vector<ComponentValue>& values) {
  std::string name;
  for (const ComponentValue& value : WithoutWhitespace(values)) {
    if (value.IsToken(TokenType::kString))
      return value.token.value;
    if (!value.IsToken(TokenType::kIdent))
      return "";
    name += (name.empty() ? "" : " ") + value.token.value;
  }
  return name;
}

// src: a comma-separated list of `url(...) [format(...)] [tech(...)]` and `local(name)`.
// A source that does not parse is skipped, as Chromium skips it.
std::vector<FontSource> Sources(const std::vector<ComponentValue>& values) {
  std::vector<FontSource> sources;
  std::vector<ComponentValue> parts = WithoutWhitespace(values);
  for (auto start = parts.begin(); start != parts.end();) {
    auto end = std::find_if(start, parts.end(),
                            [](const ComponentValue& v) { return v.IsToken(TokenType::kComma); });
    std::optional<FontSource> source;
    for (auto it = start; it != end; ++it) {
      if (it->IsToken(TokenType::kUrl) && !source) {
        source = FontSource{false, it->token.value, ""};
      } else if (it->IsFunction() && EqualsIgnoringAsciiCase(it->token.value, "url") && !source) {
        std::vector<ComponentValue> argument = WithoutWhitespace(it->children);
        if (argument.size() == 1 && argument[0].IsToken(TokenType::kString))
          source = FontSource{false, argument[0].token.value, ""};
      } else if (it->IsFunction() && EqualsIgnoringAsciiCase(it->token.value, "local") && !source) {
        source = FontSource{true, FamilyName(it->children), ""};
      } else if (it->IsFunction() && EqualsIgnoringAsciiCase(it->token.value, "format") && source &&
                 !source->local) {
        std::vector<ComponentValue> argument = WithoutWhitespace(it->children);
        if (!argument.empty() &&
            (argument[0].IsToken(TokenType::kString) || argument[0].IsToken(TokenType::kIdent)))
          source->format = AsciiLowercase(argument[0].token.value);
      } else if (!(it->IsFunction() && EqualsIgnoringAsciiCase(it->token.value, "tech"))) {
        source.reset();  // something this grammar does not have: the whole source goes
        break;
      }
    }
    if (source && !source->location.empty())
      sources.push_back(std::move(*source));
    start = end == parts.end() ? end : end + 1;
  }
  return sources;
}

std::optional<int> Weight(const ComponentValue& value) {
  if (IsIdent(value, "normal"))
    return 400;
  if (IsIdent(value, "bold"))
    return 700;
  if (value.IsToken(TokenType::kNumber) && value.token.number >= 1 && value.token.number <= 1000)
    return static_cast<int>(value.token.number);
  return std::nullopt;
}

// unicode-range (CSS Fonts 4 §4.5): "U+0-7F, U+0131, U+4??" as ranges, read from the
// declaration's tokens serialized again; a range that does not parse is dropped (the rest
// still count).
std::vector<std::pair<char32_t, char32_t>> UnicodeRanges(const std::vector<ComponentValue>& value) {
  std::vector<std::pair<char32_t, char32_t>> ranges;
  std::string text = Serialize(value);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(',', start), text.size());
    std::string part;
    for (char c : text.substr(start, end - start)) {
      if (c != ' ' && c != '\t' && c != '\n')
        part += c;
    }
    start = end + 1;
    // The tokens come back as "U0-0FF" (the "+0" was a number): the '+' may be gone.
    if (part.size() < 2 || (part[0] != 'U' && part[0] != 'u'))
      continue;
    part = part.substr(part[1] == '+' ? 2 : 1);
    auto hex = [](const std::string& digits, char wildcard) -> std::optional<char32_t> {
      if (digits.empty() || digits.size() > 6)
        return std::nullopt;
      char32_t value = 0;
      for (char c : digits) {
        int digit = c == '?' ? (wildcard == 'f' ? 15 : 0)
                    : std::isxdigit(static_cast<unsigned char>(c))
                        ? std::stoi(std::string(1, c), nullptr, 16)
                        : -1;
        if (digit < 0)
          return std::nullopt;
        value = value * 16 + static_cast<char32_t>(digit);
      }
      return value;
    };
    size_t dash = part.find('-');
    std::optional<char32_t> low = hex(dash == std::string::npos ? part : part.substr(0, dash), '0');
    std::optional<char32_t> high =
        dash == std::string::npos ? hex(part, 'f') : hex(part.substr(dash + 1), 'f');
    if (low && high && *low <= *high && *high <= 0x10FFFF)
      ranges.emplace_back(*low, *high);
  }
  return ranges;
}

}  // namespace

std::optional<FontFaceRule> ParseFontFace(const std::vector<Declaration>& descriptors) {
  FontFaceRule rule;
  for (const Declaration& descriptor : descriptors) {
    std::string name = AsciiLowercase(descriptor.name);
    std::vector<ComponentValue> value = WithoutWhitespace(descriptor.value);
    if (name == "font-family") {
      rule.family = FamilyName(descriptor.value);
    } else if (name == "src") {
      rule.sources = Sources(descriptor.value);
    } else if (name == "font-weight" && !value.empty() && value.size() <= 2) {
      std::optional<int> low = Weight(value[0]);
      std::optional<int> high = value.size() == 2 ? Weight(value[1]) : low;
      if (low && high) {
        rule.weight_min = std::min(*low, *high);
        rule.weight_max = std::max(*low, *high);
      }
    } else if (name == "font-style" && !value.empty()) {
      rule.italic = IsIdent(value[0], "italic") || IsIdent(value[0], "oblique");
    } else if (name == "unicode-range") {
      rule.unicode_ranges = UnicodeRanges(descriptor.value);
    }
  }
  if (rule.family.empty() || rule.sources.empty())
    return std::nullopt;
  return rule;
}

bool IsSupportedFontFormat(const std::string& format) {
  for (const char* known : {"", "woff2", "woff", "truetype", "opentype", "collection"}) {
    if (format == known)
      return true;
  }
  return false;
}

const FontSource* FirstFetchedSource(const FontFaceRule& rule) {
  for (const FontSource& source : rule.sources) {
    if (source.local)
      continue;
    if (IsSupportedFontFormat(source.format))
      return &source;
  }
  return nullptr;
}

}  // namespace nexus::web::css
