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
#include <unordered_set>

#include "web/css/cascade.h"
#include "web/css/computed_style.h"
#include "web/css/font_face.h"
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

  // Brings the styles up to date with what changed in the document since they were computed
  // (the DOM's marks, which it clears): the marked elements and what is below them, the
  // siblings a sibling-dependent rule may match where children came or went; everything
  // when a sheet, the root or the environment changed.
  void Update(const dom::Document& document, const css::MediaEnvironment& environment);
  // Whether the last computation or update reached the element (computed its style, or
  // passed it on the way to one below): what it did not reach has not changed since.
  bool Touched(const dom::Element& element) const {
    return everything_touched_ || touched_.count(&element) > 0;
  }

  // The element's computed style; null for an element that was not in the document then.
  const css::ComputedStyle* StyleOf(const dom::Element& element) const;
  // The style of its ::before, ::after or ::marker, when a rule styles that pseudo-element
  // (else null: ::before and ::after then have no content, a ::marker inherits).
  const css::ComputedStyle* PseudoStyleOf(const dom::Element& element,
                                          std::string_view pseudo_element) const;

  size_t author_sheet_count() const { return author_sheets_; }
  // The author sheets' @font-face rules in cascade order, their url() sources absolute.
  const std::vector<css::FontFaceRule>& font_faces() const { return font_faces_; }

 private:
  // What one pass computes with: style sharing among elements of the same parent style,
  // matching rules and declarations (as Blink's style sharing: rows of a table, items of a
  // list), and attributes' declarations parsed once per text.
  struct Pass {
    css::SiblingIndex sibling_index;
    css::MatchState match_state;
    std::unordered_map<std::string, std::shared_ptr<const css::ComputedStyle>> shared;
    std::unordered_map<std::string, std::vector<css::LonghandDeclaration>> declarations;
  };
  // The user-agent sheets, then the author's in tree order, into rules_.
  void CollectSheets(const dom::Document& document, const Url& base);
  void AddAuthorSheet(std::string_view css,
                      const Url& url,
                      int depth,
                      const std::string& layer = "");
  void ComputeAll(const dom::Document& document);
  // Computes the element's style (and its pseudo-elements'); returns whether it changed.
  bool ComputeElement(const dom::Element& element, Pass& pass);
  // Style sharing (as Blink does it): the previous element sibling, when every selector
  // must see `element` as it sees that sibling (same type, same attributes, no rule that
  // counts siblings or looks below, not hovered or focused), so that its rules, and its
  // style, are the same; null otherwise.
  const dom::Element* StyleTwin(const dom::Element& element, const Pass& pass) const;
  // The update's walk below `node`: `force` recomputes every element below.
  void UpdateBelow(const dom::Node& node, bool force, Pass& pass);

  const std::map<std::string, std::string>& fetched_;
  Url base_;
  css::MediaEnvironment environment_;
  css::MatchState state_;
  css::RuleSet rules_;
  size_t author_sheets_ = 0;
  std::vector<css::FontFaceRule> font_faces_;
  double root_font_size_ = 16;
  bool quirks_mode_ = false;  // the sheets' unitless lengths are px
  std::unordered_map<const dom::Element*, std::shared_ptr<const css::ComputedStyle>> styles_;
  std::map<std::pair<const dom::Element*, std::string>,
           std::shared_ptr<const css::ComputedStyle>,
           std::less<>>
      pseudo_styles_;
  size_t computed_count_ = 0;  // styles_'s size after the last whole computation
  bool everything_touched_ = true;
  std::unordered_set<const dom::Element*> touched_;
};

// The user-agent style sheet: ours, written from the HTML standard's rendering section.
const css::StyleSheet& UserAgentSheet();
// What it adds for a document in quirks mode.
const css::StyleSheet& QuirksModeSheet();

}  // namespace nexus::web::style
