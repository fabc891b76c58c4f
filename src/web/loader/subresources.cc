#include "web/loader/subresources.h"

#include <algorithm>
#include <cctype>

#include "base/ascii.h"
#include "web/css/font_face.h"
#include "web/css/parser.h"

namespace nexus::web {
namespace {

void AddResolved(std::vector<Subresource>& out,
                 const Url& base,
                 std::string_view reference,
                 ResourceKind kind) {
  if (reference.empty() || reference.starts_with("#"))
    return;
  auto url = ResolveUrl(base, std::string(reference));
  if (!url.ok())
    return;  // Unresolvable references load nothing, as in a browser.
  Subresource resource{url->spec, kind};
  if (std::find(out.begin(), out.end(), resource) == out.end())
    out.push_back(std::move(resource));
}

// A quoted string starting at text[at]; returns its contents and moves `at` past it.
std::string_view ReadString(std::string_view text, size_t& at) {
  char quote = text[at++];
  size_t end = at;
  while (end < text.size() && text[end] != quote) {
    end += text[end] == '\\' ? 2 : 1;
  }
  end = std::min(end, text.size());
  std::string_view value = text.substr(at, end - at);
  at = std::min(end + 1, text.size());
  return value;
}

// The argument of url( at text[at] (just after the parenthesis); moves `at` past the ')'.
std::string_view ReadUrlArgument(std::string_view text, size_t& at) {
  while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at])))
    ++at;
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
    std::string_view value = ReadString(text, at);
    size_t close = text.find(')', at);
    at = close == std::string_view::npos ? text.size() : close + 1;
    return value;
  }
  size_t close = text.find(')', at);
  if (close == std::string_view::npos)
    close = text.size();
  std::string_view value = TrimAsciiWhitespace(text.substr(at, close - at));
  at = std::min(close + 1, text.size());
  return value;
}

// An @font-face rule starting at text[at] ('@'): the font a browser would fetch for it (its
// first url() in a supported format; other formats' URLs are never loaded). Moves `at`
// past the rule's block.
void AddFontFace(std::vector<Subresource>& out, const Url& base, std::string_view css, size_t& at) {
  size_t end = css.find('{', at);
  int depth = 0;
  while (end < css.size()) {
    if (css[end] == '"' || css[end] == '\'') {
      ReadString(css, end);
      continue;
    }
    depth += css[end] == '{' ? 1 : css[end] == '}' ? -1 : 0;
    ++end;
    if (depth == 0)
      break;
  }
  end = std::min(end, css.size());
  css::StyleSheet sheet = css::ParseStyleSheet(css.substr(at, end - at));
  at = end;
  if (sheet.rules.size() != 1)
    return;
  auto face = css::ParseFontFace(sheet.rules[0].declarations);
  if (const css::FontSource* source = face ? css::FirstFetchedSource(*face) : nullptr)
    AddResolved(out, base, source->location, ResourceKind::kFont);
}

}  // namespace

bool IsStylesheetLink(const dom::Element& element) {
  auto rel = element.GetAttribute("rel");
  if (!rel)
    return false;
  // rel is a space-separated token list, matched case-insensitively.
  std::string tokens = AsciiLowercase(*rel);
  for (size_t start = 0; start < tokens.size();) {
    size_t end = tokens.find_first_of(" \t\n\f\r", start);
    if (end == std::string::npos)
      end = tokens.size();
    if (tokens.compare(start, end - start, "stylesheet") == 0)
      return true;
    start = end + 1;
  }
  return false;
}

std::vector<Subresource> CssReferences(std::string_view css, const Url& base) {
  std::vector<Subresource> out;
  size_t at = 0;
  while (at < css.size()) {
    char c = css[at];
    if (c == '/' && at + 1 < css.size() && css[at + 1] == '*') {
      size_t end = css.find("*/", at + 2);
      at = end == std::string_view::npos ? css.size() : end + 2;
    } else if (c == '"' || c == '\'') {
      ReadString(css, at);
    } else if (c == '@' && StartsWithIgnoringAsciiCase(css.substr(at + 1), "import")) {
      at += 7;
      while (at < css.size() && std::isspace(static_cast<unsigned char>(css[at])))
        ++at;
      if (at < css.size() && (css[at] == '"' || css[at] == '\'')) {
        AddResolved(out, base, ReadString(css, at), ResourceKind::kStylesheet);
      } else if (StartsWithIgnoringAsciiCase(css.substr(at), "url(")) {
        at += 4;
        AddResolved(out, base, ReadUrlArgument(css, at), ResourceKind::kStylesheet);
      }
    } else if (c == '@' && StartsWithIgnoringAsciiCase(css.substr(at + 1), "font-face")) {
      AddFontFace(out, base, css, at);
    } else if ((c == 'u' || c == 'U') && StartsWithIgnoringAsciiCase(css.substr(at), "url(") &&
               (at == 0 || !std::isalnum(static_cast<unsigned char>(css[at - 1])))) {
      at += 4;
      AddResolved(out, base, ReadUrlArgument(css, at), ResourceKind::kImage);
    } else {
      ++at;
    }
  }
  return out;
}

Url DocumentBaseUrl(const dom::Document& document, const Url& url) {
  for (const dom::Element* base : document.GetElementsByTagName("base")) {
    if (auto href = base->GetAttribute("href")) {
      auto resolved = ResolveUrl(url, std::string(*href));
      return resolved.ok() ? *resolved : url;
    }
  }
  return url;
}

bool IsClassicScript(const dom::Element& script) {
  auto type = script.GetAttribute("type");
  if (!type || type->empty())
    return true;
  return EqualsIgnoringAsciiCase(*type, "text/javascript") ||
         EqualsIgnoringAsciiCase(*type, "application/javascript");
}

std::vector<Subresource> CollectSubresources(const dom::Document& document, const Url& base) {
  std::vector<Subresource> out;
  auto add_css = [&](std::string_view css) {
    for (Subresource& resource : CssReferences(css, base)) {
      if (std::find(out.begin(), out.end(), resource) == out.end())
        out.push_back(std::move(resource));
    }
  };
  for (const dom::Node* node : dom::Descendants(document)) {
    const dom::Element* element = node->AsElement();
    if (!element)
      continue;
    const std::string& tag = element->tag_name();
    if (tag == "link" && IsStylesheetLink(*element)) {
      if (auto href = element->GetAttribute("href"))
        AddResolved(out, base, *href, ResourceKind::kStylesheet);
    } else if (tag == "img") {
      if (auto src = element->GetAttribute("src"))
        AddResolved(out, base, *src, ResourceKind::kImage);
    } else if (tag == "style") {
      add_css(element->TextContent());
    } else if (tag == "script" && IsClassicScript(*element)) {
      if (auto src = element->GetAttribute("src"))
        AddResolved(out, base, *src, ResourceKind::kScript);
    }
    if (auto style = element->GetAttribute("style"))
      add_css(*style);
  }
  return out;
}

}  // namespace nexus::web
