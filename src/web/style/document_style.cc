#include "web/style/document_style.h"

#include <mutex>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "web/loader/subresources.h"
#include "web/style/presentational_hints.h"

namespace nexus::web::style {
namespace {

// @import chains deeper than this are cut, and sheets past the second limit are skipped, so
// that sheets importing each other many times over cannot make a page's style unbounded.
constexpr int kMaxImportDepth = 16;
constexpr size_t kMaxAuthorSheets = 1024;

bool IsCssStyleElement(const dom::Element& style) {
  auto type = style.GetAttribute("type");
  return !type || TrimAsciiWhitespace(*type).empty() ||
         EqualsIgnoringAsciiCase(TrimAsciiWhitespace(*type), "text/css");
}

// A user-agent sheet's rules, collected once per environment the process renders for
// (every page of a renderer, usually one), rather than once per page and per restyle.
std::shared_ptr<const css::SheetRules> UserAgentRules(const css::StyleSheet& sheet,
                                                      const css::MediaEnvironment& environment) {
  struct Cached {
    css::MediaEnvironment environment;
    std::shared_ptr<const css::SheetRules> rules;
  };
  static std::mutex mutex;
  static std::map<const css::StyleSheet*, Cached> cache;
  std::lock_guard lock(mutex);
  Cached& cached = cache[&sheet];
  if (!cached.rules || !(cached.environment == environment)) {
    cached.rules = std::make_shared<const css::SheetRules>(css::CollectRules(sheet, environment));
    cached.environment = environment;
  }
  return cached.rules;
}

// url() in a sheet is relative to the sheet (CSS Values 4 §4.5.1, and to the document for
// a style attribute): made absolute here, where that URL is known, so that whoever reads a
// computed value (the painter) can look the resource up.
void AbsolutizeUrls(std::vector<css::ComponentValue>& values, const Url& base, bool& changed) {
  auto absolute = [&](std::string& reference) {
    if (auto url = ResolveUrl(base, reference); url.ok() && url->spec != reference) {
      reference = url->spec;
      changed = true;
    }
  };
  for (css::ComponentValue& value : values) {
    if (value.IsToken(css::TokenType::kUrl)) {
      absolute(value.token.value);
    } else if (value.IsFunction() && EqualsIgnoringAsciiCase(value.token.value, "url")) {
      for (css::ComponentValue& argument : value.children) {
        if (argument.IsToken(css::TokenType::kString))
          absolute(argument.token.value);
      }
    } else {
      AbsolutizeUrls(value.children, base, changed);
    }
  }
}

void AbsolutizeUrls(std::vector<css::LonghandDeclaration>& declarations, const Url& base) {
  for (css::LonghandDeclaration& declaration : declarations) {
    std::vector<css::ComponentValue> value = *declaration.value;
    bool changed = false;
    AbsolutizeUrls(value, base, changed);
    if (changed)
      declaration.value =
          std::make_shared<const std::vector<css::ComponentValue>>(std::move(value));
  }
}

bool MediaMatches(const dom::Element& element, const css::MediaEnvironment& environment) {
  auto media = element.GetAttribute("media");
  return !media || css::MatchesMediaQueryList(*media, environment);
}

}  // namespace

DocumentStyle::DocumentStyle(const dom::Document& document,
                             const Url& base,
                             const std::map<std::string, std::string>& stylesheets,
                             const css::MediaEnvironment& environment,
                             const css::MatchState& state)
    : fetched_(stylesheets), base_(base), environment_(environment) {
  CollectSheets(document, base);
  ComputeStyles(document, state);
}

void DocumentStyle::CollectSheets(const dom::Document& document, const Url& base) {
  rules_.Add(UserAgentRules(UserAgentSheet(), environment_), css::Origin::kUserAgent);
  if (document.quirks_mode)
    rules_.Add(UserAgentRules(QuirksModeSheet(), environment_), css::Origin::kUserAgent);
  for (const dom::Node* node : dom::Descendants(document)) {
    const dom::Element* element = node->AsElement();
    if (!element)
      continue;
    if (element->tag_name() == "style" && IsCssStyleElement(*element) &&
        MediaMatches(*element, environment_)) {
      AddAuthorSheet(element->TextContent(), base, 0);
    } else if (element->tag_name() == "link" && IsStylesheetLink(*element) &&
               !element->HasAttribute("disabled") && MediaMatches(*element, environment_)) {
      auto href = element->GetAttribute("href");
      if (auto url = ResolveUrl(base, std::string(href.value_or(""))); href && url.ok()) {
        if (auto sheet = fetched_.find(url->spec); sheet != fetched_.end())
          AddAuthorSheet(sheet->second, *url, 0);
      }
    }
  }
}

void DocumentStyle::ComputeStyles(const dom::Document& document, const css::MatchState& state) {
  css::SiblingIndex sibling_index;
  css::MatchState match_state = state;
  match_state.sibling_index = &sibling_index;
  // Top down, so that a parent's style is there for its children (tree order has that).
  // Elements with the same parent style, the same matching rules and the same declarations
  // of their own share one computed style (as Blink's style sharing does): rows of a table,
  // items of a list.
  std::unordered_map<std::string, std::shared_ptr<const css::ComputedStyle>> shared;
  std::unordered_map<std::string, std::vector<css::LonghandDeclaration>> declarations;
  const dom::Element* root = document.document_element();
  double root_font_size = 16;
  for (const dom::Node* node : dom::Descendants(document)) {
    const dom::Element* element = node->AsElement();
    if (!element)
      continue;
    const dom::Node* parent_node = element->parent();
    const dom::Element* parent_element = parent_node ? parent_node->AsElement() : nullptr;
    const css::ComputedStyle* parent = parent_element ? StyleOf(*parent_element) : nullptr;
    std::vector<css::RuleSet::Match> matches = rules_.Collect(*element, match_state);
    std::string hints = PresentationalHintsText(*element);
    auto style_attribute = element->GetAttribute("style");

    std::string key(reinterpret_cast<const char*>(&parent), sizeof parent);
    for (const css::RuleSet::Match& match : matches) {
      key.append(reinterpret_cast<const char*>(&match.rule), sizeof match.rule);
      key.append(reinterpret_cast<const char*>(&match.specificity), sizeof match.specificity);
    }
    key += "\x02" + hints;
    if (style_attribute)
      key += "\x01" + std::string(*style_attribute);
    auto pseudo_styles = [&](const css::ComputedStyle& style) {
      for (const char* pseudo : {"before", "after", "marker"}) {
        auto pseudo_matches = rules_.Collect(*element, match_state, pseudo);
        if (!pseudo_matches.empty()) {
          pseudo_styles_.emplace(std::pair(element, std::string(pseudo)),
                                 css::ComputedStyle::Compute(css::Cascade(pseudo_matches, {}, true),
                                                             &style, root_font_size));
        }
      }
    };
    if (auto it = shared.find(key); it != shared.end() && element != root) {
      styles_.emplace(element, it->second);
      pseudo_styles(*it->second);
      continue;
    }
    css::ElementDeclarations own;
    // Declarations in attributes, parsed once per distinct text.
    auto parsed = [&](const std::string& text, bool attribute) {
      auto [it, fresh] = declarations.try_emplace((attribute ? "s" : "h") + text);
      if (fresh) {
        it->second = css::ExpandDeclarations(css::ParseDeclarationList(text));
        if (attribute)
          AbsolutizeUrls(it->second, base_);
      }
      return it->second;
    };
    if (!hints.empty())
      own.presentational_hints = parsed(hints, false);
    if (style_attribute)
      own.style_attribute = parsed(std::string(*style_attribute), true);
    auto style = css::ComputedStyle::Compute(css::Cascade(matches, own), parent,
                                             element == root ? 16 : root_font_size);
    if (element == root)
      root_font_size = style->font_size();
    else
      shared.emplace(std::move(key), style);
    pseudo_styles(*style);
    styles_.emplace(element, std::move(style));
  }
}

const css::ComputedStyle* DocumentStyle::StyleOf(const dom::Element& element) const {
  auto it = styles_.find(&element);
  return it == styles_.end() ? nullptr : it->second.get();
}

const css::ComputedStyle* DocumentStyle::PseudoStyleOf(const dom::Element& element,
                                                       std::string_view pseudo_element) const {
  auto it = pseudo_styles_.find(std::pair(&element, std::string(pseudo_element)));
  return it == pseudo_styles_.end() ? nullptr : it->second.get();
}

void DocumentStyle::AddAuthorSheet(std::string_view css_text, const Url& url, int depth) {
  if (author_sheets_ >= kMaxAuthorSheets)
    return;
  ++author_sheets_;
  css::SheetRules rules = css::CollectRules(css::ParseStyleSheet(css_text), environment_);
  // An imported sheet's rules come before those of the sheet that imports it.
  for (const css::ImportRule& import : rules.imports) {
    if (depth + 1 > kMaxImportDepth || !css::MatchesMediaQueryList(import.media, environment_))
      continue;
    auto imported_url = ResolveUrl(url, import.url);
    if (!imported_url.ok() || imported_url->spec == url.spec)
      continue;  // a sheet importing itself; longer cycles end at the depth limit
    if (auto sheet = fetched_.find(imported_url->spec); sheet != fetched_.end())
      AddAuthorSheet(sheet->second, *imported_url, depth + 1);
  }
  for (css::StyleRule& rule : rules.rules)
    AbsolutizeUrls(rule.longhands, url);
  rules_.Add(std::move(rules), css::Origin::kAuthor);
}

}  // namespace nexus::web::style
