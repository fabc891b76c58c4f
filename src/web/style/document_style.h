// Every element's computed style in one document (CSS Cascade 5, straight from our DOM: no
// markup round trip). The sheets, in cascade order: the user-agent sheet, then the author's
// <style> and <link rel=stylesheet> sheets in tree order, each with its @imports (fetched by
// main beforehand, like every subresource) and its media attribute; then each element's
// presentational hints and style attribute. Styles are computed once, top down, so that each
// element inherits from its parent's computed style.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "web/css/cascade.h"
#include "web/css/computed_style.h"
#include "web/css/media_query.h"
#include "web/dom/node.h"
#include "web/url/url.h"

namespace nexus::web::style {

class DocumentStyle {
 public:
  // `stylesheets`: the fetched sheets by absolute URL; a sheet that is missing (not fetched,
  // refused, failed) is skipped, as browsers skip a sheet that failed to load.
  DocumentStyle(const dom::Document& document,
                const Url& base,
                const std::map<std::string, std::string>& stylesheets,
                const css::MediaEnvironment& environment,
                const css::MatchState& state = {});

  // The element's computed style; null for an element that was not in the document then.
  const css::ComputedStyle* StyleOf(const dom::Element& element) const;
  // The style of its ::before, ::after or ::marker, when a rule styles that pseudo-element
  // (else null: ::before and ::after then have no content, a ::marker inherits).
  const css::ComputedStyle* PseudoStyleOf(const dom::Element& element,
                                          std::string_view pseudo_element) const;

  size_t author_sheet_count() const { return author_sheets_; }

 private:
  // The user-agent sheets, then the author's in tree order, into rules_.
  void CollectSheets(const dom::Document& document, const Url& base);
  void AddAuthorSheet(std::string_view css, const Url& url, int depth);
  void ComputeStyles(const dom::Document& document, const css::MatchState& state);

  const std::map<std::string, std::string>& fetched_;
  Url base_;
  css::MediaEnvironment environment_;
  css::RuleSet rules_;
  size_t author_sheets_ = 0;
  std::unordered_map<const dom::Element*, std::shared_ptr<const css::ComputedStyle>> styles_;
  std::map<std::pair<const dom::Element*, std::string>,
           std::shared_ptr<const css::ComputedStyle>,
           std::less<>>
      pseudo_styles_;
};

// The user-agent style sheet: ours, written from the HTML standard's rendering section.
const css::StyleSheet& UserAgentSheet();
// What it adds for a document in quirks mode.
const css::StyleSheet& QuirksModeSheet();

}  // namespace nexus::web::style
