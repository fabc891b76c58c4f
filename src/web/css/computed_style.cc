#include "web/css/computed_style.h"

#include <cmath>

#include "base/ascii.h"
#include "web/css/properties.h"
#include "web/css/value_validation.h"

namespace nexus::web::css {
namespace {

using Values = std::vector<ComponentValue>;

const std::vector<SharedValue>& InitialValues() {
  static const std::vector<SharedValue> initial = [] {
    std::vector<SharedValue> values;
    for (const PropertyInfo& info : Longhands())
      values.push_back(std::make_shared<const Values>(ParseComponentValues(info.initial)));
    return values;
  }();
  return initial;
}

std::string KeywordOf(const Values& values) {
  const ComponentValue* only = nullptr;
  for (const ComponentValue& value : values) {
    if (value.IsToken(TokenType::kWhitespace))
      continue;
    if (only)
      return "";
    only = &value;
  }
  return only && only->IsToken(TokenType::kIdent) ? AsciiLowercase(only->token.value) : "";
}

// The font size, in px, of `value` under a parent of `parent_size` (CSS Fonts 4 §2.5).
std::optional<double> FontSize(const Values& value, double parent_size, double root_size) {
  static const std::map<std::string, double> kKeywords = {
      {"xx-small", 9}, {"x-small", 10}, {"small", 13},    {"medium", 16},
      {"large", 18},   {"x-large", 24}, {"xx-large", 32}, {"xxx-large", 48}};
  std::string keyword = KeywordOf(value);
  if (auto it = kKeywords.find(keyword); it != kKeywords.end())
    return it->second;
  if (keyword == "larger")
    return parent_size * 1.2;
  if (keyword == "smaller")
    return parent_size / 1.2;
  auto length = Length::Parse(value);
  if (!length)
    return std::nullopt;
  LengthContext context;
  context.font_size = parent_size;  // em in font-size is the parent's
  context.root_font_size = root_size;
  context.percent_of = parent_size;
  double size = length->ToPixels(context);
  return size < 0 ? std::nullopt : std::optional(size);
}

// A font weight as a number (CSS Fonts 4 §2.2: bolder and lighter step from the parent's).
std::optional<double> FontWeight(const Values& value, double parent_weight) {
  std::string keyword = KeywordOf(value);
  if (keyword == "normal")
    return 400;
  if (keyword == "bold")
    return 700;
  if (keyword == "bolder")
    return parent_weight < 350 ? 400 : parent_weight < 550 ? 700 : std::max(900.0, parent_weight);
  if (keyword == "lighter")
    return parent_weight < 100   ? parent_weight
           : parent_weight < 550 ? 100
           : parent_weight < 750 ? 400
                                 : 700;
  for (const ComponentValue& part : value) {
    if (part.IsToken(TokenType::kNumber) && part.token.number >= 1 && part.token.number <= 1000)
      return part.token.number;
  }
  return std::nullopt;
}

// Component values compared by what they mean, not where they were written.
bool SameValues(const Values& a, const Values& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const Token& x = a[i].token;
    const Token& y = b[i].token;
    if (a[i].kind != b[i].kind || x.type != y.type || x.value != y.value || x.number != y.number ||
        x.integer != y.integer || x.id != y.id || x.unit != y.unit ||
        !SameValues(a[i].children, b[i].children))
      return false;
  }
  return true;
}

// Whether a value names a viewport unit anywhere (those stay as written: the style does not
// know the viewport; layout resolves them).
bool HasViewportUnit(const Values& values) {
  for (const ComponentValue& value : values) {
    if (value.IsToken(TokenType::kDimension)) {
      std::string unit = AsciiLowercase(value.token.unit);
      if (unit == "vw" || unit == "vh" || unit == "vmin" || unit == "vmax")
        return true;
    }
    if (HasViewportUnit(value.children))
      return true;
  }
  return false;
}

SharedValue Number(double number) {
  ComponentValue value;
  value.token.type = TokenType::kNumber;
  value.token.number = number;
  value.token.integer = number == std::floor(number);
  return std::make_shared<const Values>(Values{value});
}

SharedValue Pixels(double px) {
  ComponentValue value;
  value.token.type = TokenType::kDimension;
  value.token.number = px;
  value.token.unit = "px";
  value.token.integer = px == std::floor(px);
  return std::make_shared<const Values>(Values{value});
}

// 0px and the widths of thin, medium and thick, shared by every style that has them.
const SharedValue& LineWidth(int index) {
  static const SharedValue kWidths[] = {Pixels(0), Pixels(1), Pixels(3), Pixels(5)};
  return kWidths[index];
}

}  // namespace

std::shared_ptr<const ComputedStyle> ComputedStyle::ForAltText() const {
  auto copy = std::make_shared<ComputedStyle>();
  copy->values_ = values_;
  for (const char* longhand : {"width", "height", "aspect-ratio", "overflow-x", "overflow-y"}) {
    if (auto id = LonghandId(longhand))
      copy->values_[*id] = InitialValues()[*id];
  }
  copy->custom_ = custom_;
  copy->font_size_ = font_size_;
  copy->keyword_font_size_ = keyword_font_size_;
  copy->relative_to_keyword_ = relative_to_keyword_;
  copy->font_weight_ = font_weight_;
  copy->root_font_size_ = root_font_size_;
  copy->ua_margin_top_ = ua_margin_top_;
  copy->ua_margin_bottom_ = ua_margin_bottom_;
  return copy;  // with empty caches: they would answer for the old width and height
}

std::shared_ptr<const ComputedStyle> ComputedStyle::Compute(
    const std::map<std::string, CascadedValue>& cascaded,
    const ComputedStyle* parent,
    double root_font_size) {
  auto style = std::make_shared<ComputedStyle>();
  const auto& longhands = Longhands();
  const auto& initial = InitialValues();
  style->root_font_size_ = root_font_size;
  auto from_user_agent = [&](const char* longhand) {
    auto it = cascaded.find(longhand);
    return it != cascaded.end() && it->second.origin == Origin::kUserAgent;
  };
  style->ua_margin_top_ = from_user_agent("margin-top");
  style->ua_margin_bottom_ = from_user_agent("margin-bottom");

  // Custom properties first: every other value may refer to them.
  std::map<std::string, Values> declared_custom;
  for (const auto& [name, value] : cascaded) {
    if (name.rfind("--", 0) == 0)
      declared_custom[name] = *value.value;
  }
  static const auto kNoCustomProperties = std::make_shared<const CustomProperties>();
  const auto& inherited_custom = parent ? parent->custom_ : kNoCustomProperties;
  style->custom_ = declared_custom.empty()
                       ? inherited_custom
                       : std::make_shared<const CustomProperties>(
                             ResolveCustomProperties(declared_custom, *inherited_custom));

  // Each longhand: its declared value (vars substituted, pending shorthands expanded), or
  // inheritance, or its initial value.
  style->values_.resize(longhands.size());
  std::vector<const CascadedValue*> declared_by_id(longhands.size(), nullptr);
  for (const auto& [name, value] : cascaded) {
    if (auto id = LonghandId(name))
      declared_by_id[*id] = &value;
  }
  for (size_t id = 0; id < longhands.size(); ++id) {
    const PropertyInfo& info = longhands[id];
    bool inherit = info.inherited;
    SharedValue value;
    bool declared = false;
    if (const CascadedValue* cascaded_value = declared_by_id[id]) {
      value = cascaded_value->value;
      declared = true;
      const Values& written = *value;
      // A shorthand that waited for var(): substitute it, expand it, take this part.
      if (written.size() == 1 && written[0].IsFunction() &&
          written[0].token.value.rfind("-nexus-pending-", 0) == 0) {
        std::string shorthand = written[0].token.value.substr(15);
        auto substituted = SubstituteVariables(written[0].children, *style->custom_);
        auto expanded = substituted.ok() ? Expand(shorthand, *substituted) : std::nullopt;
        declared = false;
        if (expanded) {
          for (auto& [longhand, part] : *expanded) {
            auto valid = ValidatedValue(longhand, part);
            if (longhand == info.name && valid) {
              value = std::make_shared<const Values>(std::move(*valid));
              declared = true;
            }
          }
        }
      } else if (ContainsVar(written)) {
        // Substituted, the value must still be one the property takes; else it is invalid
        // at computed-value time: as if `unset` (CSS Variables 1 §3.1).
        auto substituted = SubstituteVariables(written, *style->custom_);
        auto valid = substituted.ok() ? ValidatedValue(info.name, *substituted) : std::nullopt;
        if (valid)
          value = std::make_shared<const Values>(std::move(*valid));
        else
          declared = false;
      }
    }
    std::string keyword = declared ? KeywordOf(*value) : "";
    if (declared && (keyword == "inherit" || keyword == "initial" || keyword == "unset" ||
                     keyword == "revert")) {
      inherit =
          keyword == "inherit" || ((keyword == "unset" || keyword == "revert") && info.inherited);
      declared = false;
    } else if (declared) {
      inherit = false;
    }
    if (declared)
      style->values_[id] = std::move(value);
    else if (inherit && parent)
      style->values_[id] = parent->values_[id];
    else
      style->values_[id] = initial[id];
  }

  // font-size in px: em, %, larger and smaller are the parent's, rem the root's.
  double parent_size = parent ? parent->font_size_ : 16;
  size_t font_size_id = *LonghandId("font-size");
  style->font_size_ =
      FontSize(*style->values_[font_size_id], parent_size, root_font_size).value_or(parent_size);
  // A size from a keyword (medium, the initial one, too) stays one for the children that
  // inherit it; with `font-family: monospace` alone it is 13/16 of itself, as in every browser.
  bool inherited_size = parent && style->values_[font_size_id] == parent->values_[font_size_id];
  if (std::string keyword = KeywordOf(*style->values_[font_size_id]);
      keyword != "larger" && keyword != "smaller" && !keyword.empty())
    style->keyword_font_size_ = style->font_size_;
  else if (inherited_size)
    style->keyword_font_size_ = parent->keyword_font_size_;
  else
    style->keyword_font_size_ = 0;
  // Whether the size comes from a keyword, or is relative to one (em, %, larger, smaller).
  {
    const Values& size = *style->values_[font_size_id];
    std::string keyword = KeywordOf(size);
    bool relative = keyword == "larger" || keyword == "smaller";
    for (const ComponentValue& part : size) {
      std::string unit = AsciiLowercase(part.token.unit);
      relative |= part.IsToken(TokenType::kPercentage) ||
                  (part.IsToken(TokenType::kDimension) &&
                   (unit == "em" || unit == "ex" || unit == "ch" || unit == "rem"));
    }
    bool parent_relative = parent ? parent->relative_to_keyword_ : true;
    style->relative_to_keyword_ =
        (!keyword.empty() && !relative) || ((inherited_size || relative) && parent_relative);
  }
  size_t family_id = *LonghandId("font-family");
  bool monospace = KeywordOf(*style->values_[family_id]) == "monospace";
  if (style->keyword_font_size_ > 0) {
    style->font_size_ =
        monospace ? std::round(style->keyword_font_size_ * 13 / 16) : style->keyword_font_size_;
  } else if (parent && style->relative_to_keyword_ &&
             monospace != (KeywordOf(*parent->values_[family_id]) == "monospace")) {
    // A size relative to a keyword (inherited, em or %) follows the change to or from
    // monospace by the same ratio (Blink's generic family change: a body at 80% gives its
    // <code> 80% of 13px, and `code { font-size: 120% }` 120% of that); one from an
    // absolute length stays.
    style->font_size_ *= monospace ? 13.0 / 16 : 16.0 / 13;
  }
  style->values_[font_size_id] = inherited_size && parent->font_size_ == style->font_size_
                                     ? parent->values_[font_size_id]
                                     : Pixels(style->font_size_);
  // Lengths relative to the font are absolute once computed, and inherit so (CSS Values 4
  // §6.1): a body's `line-height: 125%` gives its h1 the body's line height, not 125% of
  // the h1's font. So do percentages of line-height, which are of the element's font size.
  LengthContext own_font;
  own_font.font_size = own_font.percent_of = style->font_size_;
  own_font.root_font_size = root_font_size;
  for (const char* name : {"line-height", "letter-spacing", "word-spacing", "text-indent"}) {
    size_t id = *LonghandId(name);
    const Values& value = *style->values_[id];
    if (parent && style->values_[id] == parent->values_[id])
      continue;  // inherited: computed already
    bool percent_stays = std::string_view(name) == "text-indent";
    auto length = Length::Parse(value);
    if (!length || HasViewportUnit(value) || (percent_stays && length->has_percentage()))
      continue;
    bool plain_px = value.size() == 1 && value[0].IsToken(TokenType::kDimension) &&
                    AsciiLowercase(value[0].token.unit) == "px";
    if (!plain_px)
      style->values_[id] = Pixels(length->ToPixels(own_font));
  }

  size_t weight_id = *LonghandId("font-weight");
  double parent_weight = parent ? parent->font_weight_ : 400;
  style->font_weight_ =
      FontWeight(*style->values_[weight_id], parent_weight).value_or(parent_weight);
  style->values_[weight_id] = parent && parent->font_weight_ == style->font_weight_
                                  ? parent->values_[weight_id]
                                  : Number(style->font_weight_);

  // Border and outline widths: keywords are pixels, and a side whose style is none or hidden
  // has none (CSS Backgrounds 3 §3.3).
  for (std::string edge :
       {"border-top", "border-right", "border-bottom", "border-left", "outline"}) {
    size_t width_id = *LonghandId(edge + "-width");
    std::string line_style = KeywordOf(*style->values_[*LonghandId(edge + "-style")]);
    std::string width = KeywordOf(*style->values_[width_id]);
    if (line_style == "none" || line_style == "hidden")
      style->values_[width_id] = LineWidth(0);
    else if (width == "thin" || width == "medium" || width == "thick")
      style->values_[width_id] = LineWidth(width == "thin" ? 1 : width == "medium" ? 2 : 3);
  }
  return style;
}

const std::vector<ComponentValue>& ComputedStyle::Value(std::string_view longhand) const {
  static const std::vector<ComponentValue> kNone;
  auto id = LonghandId(longhand);
  return id ? *values_[*id] : kNone;
}

std::string ComputedStyle::Keyword(std::string_view longhand) const {
  auto id = LonghandId(longhand);
  if (!id)
    return KeywordOf(Value(longhand));
  if (!keyword_slots_)
    keyword_slots_ = std::make_unique<uint8_t[]>(values_.size());
  if (uint8_t slot = keyword_slots_[*id])
    return keywords_[slot - 1];
  std::string keyword = KeywordOf(*values_[*id]);
  if (keywords_.size() < 255) {
    keywords_.push_back(keyword);
    keyword_slots_[*id] = static_cast<uint8_t>(keywords_.size());
  }
  return keyword;
}

Color ComputedStyle::ColorOf(std::string_view longhand) const {
  auto id = LonghandId(longhand);
  if (id) {
    if (!color_slots_)
      color_slots_ = std::make_unique<uint8_t[]>(values_.size());
    if (uint8_t slot = color_slots_[*id])
      return colors_[slot - 1];
  }
  auto color = ParseColor(Value(longhand));
  Color used;
  if (longhand != "color" && (!color || color->current_color))
    used = ColorOf("color");
  else if (!color || color->current_color)
    used = Color{0, 0, 0, 1, false};  // canvastext in the light scheme
  else
    used = *color;
  if (id && colors_.size() < 255) {
    colors_.push_back(used);
    color_slots_[*id] = static_cast<uint8_t>(colors_.size());
  }
  return used;
}

std::optional<Length> ComputedStyle::LengthOf(std::string_view longhand) const {
  auto id = LonghandId(longhand);
  if (!id)
    return std::nullopt;
  // Layout asks for the same few lengths of a style many times: each is parsed once, and
  // found again through a slot per longhand (0: not parsed yet).
  if (!length_slots_)
    length_slots_ = std::make_unique<uint8_t[]>(values_.size());
  if (uint8_t slot = length_slots_[*id])
    return lengths_[slot - 1];
  std::optional<Length> length = Length::Parse(*values_[*id]);
  if (lengths_.size() < 255) {
    lengths_.push_back(length);
    length_slots_[*id] = static_cast<uint8_t>(lengths_.size());
  }
  return length;
}

namespace {
ComputedStyle::FontUnitsMeasure font_units_measure = nullptr;
}  // namespace

void ComputedStyle::SetFontUnitsMeasure(FontUnitsMeasure measure) {
  font_units_measure = measure;
}

LengthContext ComputedStyle::Context(double percent_of,
                                     double viewport_width,
                                     double viewport_height) const {
  LengthContext context;
  if (font_units_measure) {
    context.font_owner = this;
    context.font_units = [](const void* owner, bool ch) {
      const auto* style = static_cast<const ComputedStyle*>(owner);
      if (!style->font_units_)
        style->font_units_ = font_units_measure(*style);
      return ch ? style->font_units_->second : style->font_units_->first;
    };
  }
  context.font_size = font_size_;
  context.root_font_size = root_font_size_;
  context.percent_of = percent_of;
  context.viewport_width = viewport_width;
  context.viewport_height = viewport_height;
  return context;
}

bool ComputedStyle::SameAs(const ComputedStyle& other) const {
  if (font_size_ != other.font_size_ || keyword_font_size_ != other.keyword_font_size_ ||
      font_weight_ != other.font_weight_ || root_font_size_ != other.root_font_size_ ||
      ua_margin_top_ != other.ua_margin_top_ || ua_margin_bottom_ != other.ua_margin_bottom_ ||
      relative_to_keyword_ != other.relative_to_keyword_ || values_.size() != other.values_.size())
    return false;
  for (size_t i = 0; i < values_.size(); ++i) {
    if (values_[i] != other.values_[i] && !SameValues(*values_[i], *other.values_[i]))
      return false;
  }
  if (custom_ == other.custom_)
    return true;
  if (custom_->size() != other.custom_->size())
    return false;
  for (auto a = custom_->begin(), b = other.custom_->begin(); a != custom_->end(); ++a, ++b) {
    if (a->first != b->first || !SameValues(a->second, b->second))
      return false;
  }
  return true;
}

}  // namespace nexus::web::css
