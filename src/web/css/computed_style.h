// An element's computed style (CSS Cascade 5 §4.4, "computed value"): every longhand's value
// after the cascade, the CSS-wide keywords (inherit, initial, unset, revert), inheritance,
// var() substitution (and shorthands that waited for it), font-size in pixels, which em
// units need, font-weight as a number, and border widths in pixels. Layout reads lengths, colours
// and keywords through the typed getters.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "web/css/cascade.h"
#include "web/css/values.h"

namespace nexus::web::css {

class ComputedStyle {
 public:
  // The style of `cascaded` (Cascade's result) under `parent` (null for the root), with
  // `root_font_size` for rem (the root's font size; for the root itself, 16).
  static std::shared_ptr<const ComputedStyle> Compute(
      const std::map<std::string, CascadedValue>& cascaded,
      const ComputedStyle* parent,
      double root_font_size = 16);

  // A longhand's value as component values; the initial value for one nobody declared.
  const std::vector<ComponentValue>& Value(std::string_view longhand) const;
  // The same by the longhand's id (its index in Longhands()).
  const std::vector<ComponentValue>& ValueAt(size_t id) const { return *values_[id]; }
  // The value itself, shared with the parent and the rules it came from: its address names
  // the value while a copy is held (layout keys caches by it).
  const SharedValue& SharedValueAt(size_t id) const { return values_[id]; }
  // The value as one lower-case keyword ("block", "auto"); "" when it is not a keyword.
  std::string Keyword(std::string_view longhand) const;
  // A colour property, currentColor resolved to `color`.
  Color ColorOf(std::string_view longhand) const;
  // A length or percentage (nullopt for auto, none, normal and other keywords).
  std::optional<Length> LengthOf(std::string_view longhand) const;
  // What lengths of this element resolve against, besides what a percentage is of.
  LengthContext Context(double percent_of = 0,
                        double viewport_width = 800,
                        double viewport_height = 600) const;

  // A copy for the box of an image's alt text (as Chromium styles it): sized by that text, not
  // by what was asked of the image (width, height and aspect-ratio auto), and not clipping
  // (overflow visible: its baseline is its text's).
  std::shared_ptr<const ComputedStyle> ForAltText() const;

  // Whether every value is the same (a restyle that changed nothing stops here: what is
  // below inherits the same).
  bool SameAs(const ComputedStyle& other) const;

  // Whether its margin-top (or margin-bottom) is the user-agent sheet's: quirks mode drops
  // some of those where they meet a body's or a cell's edge (block_layout.cc).
  bool user_agent_margin(bool top) const { return top ? ua_margin_top_ : ua_margin_bottom_; }

  // Who measures fonts for ex and ch (layout, which knows them): the x-height and the
  // advance of "0" of a style's first available font, in px.
  using FontUnitsMeasure = std::pair<double, double> (*)(const ComputedStyle& style);
  static void SetFontUnitsMeasure(FontUnitsMeasure measure);

  double font_size() const { return font_size_; }
  double font_weight() const { return font_weight_; }
  double root_font_size() const { return root_font_size_; }
  const CustomProperties& custom_properties() const { return *custom_; }

 private:
  std::vector<SharedValue> values_;  // by longhand id, shared with parents and rules
  std::shared_ptr<const CustomProperties> custom_;
  double font_size_ = 16;
  double keyword_font_size_ = 16;  // the keyword's size it came from; 0 for lengths
  bool relative_to_keyword_ = true;  // a keyword's size, or em or % of one (not px)
  // LengthOf's answers so far (styles are immutable once computed), and where each
  // longhand's is in it.
  mutable std::vector<std::optional<Length>> lengths_;
  mutable std::unique_ptr<uint8_t[]> length_slots_;
  // The same for ColorOf's and Keyword's answers.
  mutable std::vector<Color> colors_;
  mutable std::unique_ptr<uint8_t[]> color_slots_;
  mutable std::optional<std::pair<double, double>> font_units_;  // ex and ch, once measured
  mutable std::vector<std::string> keywords_;
  mutable std::unique_ptr<uint8_t[]> keyword_slots_;
  double font_weight_ = 400;
  double root_font_size_ = 16;
  bool ua_margin_top_ = false, ua_margin_bottom_ = false;
};

}  // namespace nexus::web::css
