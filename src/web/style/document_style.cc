#include "web/style/document_style.h"

#include "web/css/ancestor_filter.h"

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
    : fetched_(stylesheets), base_(base), environment_(environment), state_(state) {
  ComputeAll(document);
}

void DocumentStyle::CollectSheets(const dom::Document& document, const Url& base) {
  quirks_mode_ = document.quirks_mode;
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

void DocumentStyle::ComputeAll(const dom::Document& document) {
  rules_ = css::RuleSet();
  author_sheets_ = 0;
  font_faces_.clear();
  styles_.clear();
  styles_.reserve(document.ElementCount());  // no rehashing on the way
  pseudo_styles_.clear();
  CollectSheets(document, base_);
  document.style_sheets_changed = false;
  document.ClearStyleFlags();
  Pass pass;
  pass.match_state = state_;
  pass.match_state.sibling_index = &pass.sibling_index;
  root_font_size_ = 16;
  // Top down, so that a parent's style is there for its children (tree order has that),
  // with the names of the ancestors of each element in the filter.
  css::AncestorFilter ancestors;
  pass.match_state.ancestors = &ancestors;
  std::vector<const dom::Element*> open;  // the ancestors pushed, outermost first
  for (const dom::Node* node : dom::Descendants(document)) {
    node->ClearStyleFlags();
    const dom::Element* element = node->AsElement();
    if (!element)
      continue;
    while (!open.empty() && open.back() != element->parent()) {
      ancestors.Pop(*open.back());
      open.pop_back();
    }
    ComputeElement(*element, pass);
    ancestors.Push(*element);
    open.push_back(element);
  }
  computed_count_ = styles_.size();
  everything_touched_ = true;
  touched_.clear();
}

namespace {

bool IsInclusiveAncestorOf(const dom::Element& element, const dom::Element* of) {
  for (const dom::Node* at = of; at; at = at->parent()) {
    if (at == &element)
      return true;
  }
  return false;
}

// What :empty sees.
bool IsEmptyForSelectors(const dom::Element& element) {
  for (const auto& child : element.children()) {
    if (child->type() == dom::NodeType::kElement ||
        (child->type() == dom::NodeType::kText && !child->TextContent().empty()))
      return false;
  }
  return true;
}

}  // namespace

const dom::Element* DocumentStyle::StyleTwin(const dom::Element& element, const Pass& pass) const {
  const dom::Element* previous = nullptr;
  for (const dom::Node* node = element.previous_sibling(); node && !previous;
       node = node->previous_sibling())
    previous = node->AsElement();
  if (!previous || previous->tag_name() != element.tag_name() || !element.parent() ||
      element.parent()->type() != dom::NodeType::kElement)
    return nullptr;
  // Form controls match :checked and :placeholder-shown by what was typed or ticked.
  static const char* kControls[] = {"input", "textarea", "select", "option", "optgroup", "button"};
  for (const char* control : kControls) {
    if (element.tag_name() == control)
      return nullptr;
  }
  const auto& attributes = element.attributes();
  const auto& previous_attributes = previous->attributes();
  if (attributes.size() != previous_attributes.size())
    return nullptr;
  for (size_t i = 0; i < attributes.size(); ++i) {
    if (attributes[i].name != previous_attributes[i].name ||
        attributes[i].value != previous_attributes[i].value)
      return nullptr;
  }
  if (rules_.uses_has() || rules_.DependsOnSiblings(element) ||
      IsEmptyForSelectors(element) != IsEmptyForSelectors(*previous))
    return nullptr;
  for (const dom::Element* in_state :
       {pass.match_state.hovered, pass.match_state.focused, pass.match_state.active}) {
    if (in_state &&
        (IsInclusiveAncestorOf(element, in_state) || IsInclusiveAncestorOf(*previous, in_state)))
      return nullptr;
  }
  return styles_.count(previous) ? previous : nullptr;
}

bool DocumentStyle::ComputeElement(const dom::Element& element, Pass& pass) {
  if (const dom::Element* twin = StyleTwin(element, pass)) {
    for (const char* pseudo : {"before", "after", "marker"}) {
      auto pseudo_key = std::pair(&element, std::string(pseudo));
      pseudo_styles_.erase(pseudo_key);
      if (auto it = pseudo_styles_.find(std::pair(twin, std::string(pseudo)));
          it != pseudo_styles_.end())
        pseudo_styles_.emplace(std::move(pseudo_key), it->second);
    }
    std::shared_ptr<const css::ComputedStyle> style = styles_.at(twin);
    std::shared_ptr<const css::ComputedStyle>& slot = styles_[&element];
    if (slot && (slot == style || slot->SameAs(*style)))
      return false;
    slot = std::move(style);
    return true;
  }
  const dom::Element* root = element.owner_document()->document_element();
  const dom::Node* parent_node = element.parent();
  const dom::Element* parent_element = parent_node ? parent_node->AsElement() : nullptr;
  const css::ComputedStyle* parent = parent_element ? StyleOf(*parent_element) : nullptr;
  std::vector<css::RuleSet::Match> matches = rules_.Collect(element, pass.match_state);
  std::string hints = PresentationalHintsText(element);
  auto style_attribute = element.GetAttribute("style");

  std::string key(reinterpret_cast<const char*>(&parent), sizeof parent);
  for (const css::RuleSet::Match& match : matches) {
    key.append(reinterpret_cast<const char*>(&match.rule), sizeof match.rule);
    key.append(reinterpret_cast<const char*>(&match.specificity), sizeof match.specificity);
  }
  key += "\x02" + hints;
  if (style_attribute)
    key += "\x01" + std::string(*style_attribute);

  std::shared_ptr<const css::ComputedStyle> style;
  if (auto it = pass.shared.find(key); it != pass.shared.end() && &element != root) {
    style = it->second;
  } else {
    css::ElementDeclarations own;
    // Declarations in attributes, parsed once per distinct text.
    auto parsed = [&](const std::string& text, bool attribute) {
      auto [it, fresh] = pass.declarations.try_emplace((attribute ? "s" : "h") + text);
      if (fresh) {
        it->second = css::ExpandDeclarations(css::ParseDeclarationList(text),
                                             element.owner_document()->quirks_mode);
        if (attribute)
          AbsolutizeUrls(it->second, base_);
      }
      return it->second;
    };
    if (!hints.empty())
      own.presentational_hints = parsed(hints, false);
    if (style_attribute)
      own.style_attribute = parsed(std::string(*style_attribute), true);
    style = css::ComputedStyle::Compute(css::Cascade(matches, own), parent,
                                        &element == root ? 16 : root_font_size_);
    if (&element == root)
      root_font_size_ = style->font_size();
    else
      pass.shared.emplace(std::move(key), style);
  }

  for (const char* pseudo : {"before", "after", "marker"}) {
    auto pseudo_key = std::pair(&element, std::string(pseudo));
    pseudo_styles_.erase(pseudo_key);
    auto pseudo_matches = rules_.Collect(element, pass.match_state, pseudo);
    if (!pseudo_matches.empty()) {
      pseudo_styles_.emplace(std::move(pseudo_key),
                             css::ComputedStyle::Compute(css::Cascade(pseudo_matches, {}, true),
                                                         style.get(), root_font_size_));
    }
  }
  std::shared_ptr<const css::ComputedStyle>& slot = styles_[&element];
  if (slot && (slot == style || slot->SameAs(*style)))
    return false;  // the same: what points at the old one (boxes) stays right
  slot = std::move(style);
  return true;
}

void DocumentStyle::Update(const dom::Document& document,
                           const css::MediaEnvironment& environment) {
  const dom::Element* root = document.document_element();
  // What changes the style of everything: the sheets, the media they are for, the root's
  // font size (rem), and :has(), which this does not track.
  if (!(environment == environment_) || document.style_sheets_changed || rules_.uses_has() ||
      !root || root->needs_style() || document.children_changed()) {
    environment_ = environment;
    ComputeAll(document);
    return;
  }
  everything_touched_ = false;
  touched_.clear();
  if (!document.child_needs_style())
    return;
  Pass pass;
  pass.match_state = state_;
  pass.match_state.sibling_index = &pass.sibling_index;
  UpdateBelow(document, false, pass);
  if (styles_.size() > 2 * computed_count_ + 1024) {
    // Elements removed since keep their styles until here: drop those no longer in the
    // document (a removed element's address may be another's later).
    decltype(styles_) live;
    for (const dom::Node* node : dom::Descendants(document)) {
      const dom::Element* element = node->AsElement();
      if (auto it = element ? styles_.find(element) : styles_.end(); it != styles_.end())
        live.emplace(element, std::move(it->second));
    }
    styles_ = std::move(live);
    std::erase_if(pseudo_styles_,
                  [&](const auto& entry) { return !styles_.count(entry.first.first); });
    computed_count_ = styles_.size();
  }
}

void DocumentStyle::UpdateBelow(const dom::Node& node, bool force, Pass& pass) {
  // Where children came or went, or an attribute changed that a + or ~ rule may read, the
  // siblings those rules may match are restyled.
  bool siblings_changed = node.children_changed();
  if (!siblings_changed && rules_.has_sibling_combinators()) {
    // A sibling's attributes or its own children (:empty) changed.
    for (const auto& child : node.children())
      siblings_changed |= child->AsElement() && (child->needs_style() || child->children_changed());
  }
  node.ClearStyleFlags();
  for (const auto& child : node.children()) {
    const dom::Element* element = child->AsElement();
    if (!element) {
      child->ClearStyleFlags();
      continue;
    }
    bool sibling = siblings_changed && rules_.DependsOnSiblings(*element);
    bool own = force || sibling || element->needs_style();
    // Its own children changed: :empty, and the parent's part in its children's rules.
    bool recompute = own || element->children_changed() || !styles_.count(element);
    if (!recompute && !element->child_needs_style())
      continue;
    touched_.insert(element);
    bool changed = recompute && ComputeElement(*element, pass);
    UpdateBelow(*element, own || changed, pass);
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

void DocumentStyle::AddAuthorSheet(std::string_view css_text,
                                   const Url& url,
                                   int depth,
                                   const std::string& layer) {
  if (author_sheets_ >= kMaxAuthorSheets)
    return;
  ++author_sheets_;
  css::SheetRules rules =
      css::CollectRules(css::ParseStyleSheet(css_text), environment_, quirks_mode_, layer);
  // An imported sheet's rules come before those of the sheet that imports it.
  for (const css::ImportRule& import : rules.imports) {
    if (depth + 1 > kMaxImportDepth || !css::MatchesMediaQueryList(import.media, environment_))
      continue;
    auto imported_url = ResolveUrl(url, import.url);
    if (!imported_url.ok() || imported_url->spec == url.spec)
      continue;  // a sheet importing itself; longer cycles end at the depth limit
    if (auto sheet = fetched_.find(imported_url->spec); sheet != fetched_.end())
      AddAuthorSheet(
          sheet->second, *imported_url, depth + 1,
          import.layer ? (layer.empty() ? *import.layer : layer + "." + *import.layer) : layer);
  }
  for (css::StyleRule& rule : rules.rules)
    AbsolutizeUrls(rule.longhands, url);
  for (const std::vector<css::Declaration>& descriptors : rules.font_faces) {
    auto face = css::ParseFontFace(descriptors);
    if (!face)
      continue;
    for (css::FontSource& source : face->sources) {
      if (auto absolute = ResolveUrl(url, source.location); !source.local && absolute.ok())
        source.location = absolute->spec;
    }
    font_faces_.push_back(std::move(*face));
  }
  rules_.Add(std::move(rules), css::Origin::kAuthor);
}

}  // namespace nexus::web::style
