#include "web/layout/inline_layout.h"

#include <pango/pangocairo.h>

#include <cmath>

#include "base/ascii.h"
#include "web/layout/font_families.h"

namespace nexus::web::layout {
namespace {

bool CollapsesSpaces(const std::string& white_space) {
  return white_space != "pre" && white_space != "pre-wrap" && white_space != "break-spaces";
}

bool KeepsNewlines(const std::string& white_space) {
  return white_space == "pre" || white_space == "pre-wrap" || white_space == "pre-line" ||
         white_space == "break-spaces";
}

// "Times New Roman,Liberation Serif" for pango from the font-family value.
std::string Families(const css::ComputedStyle& style) {
  std::string list;
  for (const css::ComponentValue& value : style.Value("font-family")) {
    if (value.IsToken(css::TokenType::kComma))
      list += ",";
    else if (value.IsToken(css::TokenType::kString) || value.IsToken(css::TokenType::kIdent))
      list += (list.empty() || list.back() == ',' ? "" : " ") + value.token.value;
  }
  return BrowserFamilies(list.empty() ? "serif" : list);
}

// The line height a run asks for, in px; none for `normal` (the font's own).
std::optional<double> LineHeight(const css::ComputedStyle& style) {
  const auto& value = style.Value("line-height");
  for (const css::ComponentValue& part : value) {
    if (part.IsToken(css::TokenType::kNumber))
      return part.token.number * style.font_size();
  }
  auto length = style.LengthOf("line-height");
  if (!length)
    return std::nullopt;
  return length->ToPixels(style.Context(style.font_size()));
}

PangoFontDescription* FontOf(const css::ComputedStyle& style) {
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, Families(style).c_str());
  pango_font_description_set_absolute_size(font, style.font_size() * PANGO_SCALE);
  pango_font_description_set_weight(font, static_cast<PangoWeight>(style.font_weight()));
  std::string font_style = style.Keyword("font-style");
  pango_font_description_set_style(font, font_style == "italic"    ? PANGO_STYLE_ITALIC
                                         : font_style == "oblique" ? PANGO_STYLE_OBLIQUE
                                                                   : PANGO_STYLE_NORMAL);
  return font;
}

class ParagraphBuilder {
 public:
  explicit ParagraphBuilder(PangoAttrList* attributes) : attributes_(attributes) {}

  void Add(const Box& box) {
    if (box.kind == BoxKind::kLineBreak) {
      text_ += "\u2028";  // a line separator: a new line within the paragraph
      after_space_ = true;
      return;
    }
    if (box.kind == BoxKind::kText && box.style) {
      AddText(box.text, *box.style, box.parent);
      return;
    }
    for (const auto& child : box.children)
      Add(*child);
  }

  std::string Finish() {
    // Collapsible spaces at the end of the content hang and vanish (CSS Text 3 §4.1.2).
    while (!text_.empty() && text_.back() == ' ' && trailing_collapsible_)
      text_.pop_back();
    return text_;
  }

 private:
  void AddText(const std::string& text, const css::ComputedStyle& style, const Box* owner) {
    std::string white_space = style.Keyword("white-space");
    bool collapse = CollapsesSpaces(white_space);
    bool newlines = KeepsNewlines(white_space);
    size_t start = text_.size();
    for (char c : text) {
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (c == '\n' && newlines) {
        if (collapse)
          while (!text_.empty() && text_.back() == ' ')
            text_.pop_back();
        text_ += "\u2028";
        after_space_ = true;
        continue;
      }
      if (space && collapse) {
        if (!after_space_)
          text_ += ' ';
        after_space_ = true;
        continue;
      }
      text_ += space ? ' ' : c;
      after_space_ = false;
    }
    trailing_collapsible_ = collapse;
    if (text_.size() == start)
      return;
    PangoFontDescription* description = FontOf(style);
    Insert(pango_attr_font_desc_new(description), start);  // copies the description
    pango_font_description_free(description);
    if (auto line_height = LineHeight(style))
      Insert(pango_attr_line_height_new_absolute(static_cast<int>(*line_height * PANGO_SCALE)),
             start);
    css::Color color = style.ColorOf("color");
    Insert(pango_attr_foreground_new(color.r * 257, color.g * 257, color.b * 257), start);
    if (color.alpha < 1)
      Insert(pango_attr_foreground_alpha_new(static_cast<guint16>(color.alpha * 65535)), start);
    // Decorations are drawn across the text of the box that has them and its descendants'
    // (CSS Text Decoration 3 §2: they propagate, they are not inherited).
    for (const Box* up = owner; up && up->style; up = up->parent) {
      std::string line = css::Serialize(up->style->Value("text-decoration-line"));
      if (line.find("underline") != std::string::npos)
        Insert(pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start);
      if (line.find("line-through") != std::string::npos)
        Insert(pango_attr_strikethrough_new(true), start);
    }
  }

  void Insert(PangoAttribute* attribute, size_t start) {
    attribute->start_index = static_cast<guint>(start);
    attribute->end_index = static_cast<guint>(text_.size());
    pango_attr_list_insert(attributes_, attribute);
  }

  PangoAttrList* attributes_;
  std::string text_;
  bool after_space_ = true;  // at the start, collapsible spaces go
  bool trailing_collapsible_ = true;
};

}  // namespace

PangoContext* SharedPangoContext() {
  static PangoContext* context = [] {
    PangoFontMap* map = pango_cairo_font_map_get_default();
    PangoContext* created = pango_font_map_create_context(map);
    pango_cairo_context_set_resolution(created, 96);
    return created;
  }();
  return context;
}

InlineContent LayOutInline(const Box& container, double content_width, PangoContext* context) {
  InlineContent content;
  content.layout.reset(pango_layout_new(context));
  PangoAttrList* attributes = pango_attr_list_new();
  ParagraphBuilder builder(attributes);
  for (const auto& child : container.children)
    builder.Add(*child);
  content.text = builder.Finish();
  PangoLayout* layout = content.layout.get();
  if (container.style) {
    PangoFontDescription* font = FontOf(*container.style);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
  }
  pango_layout_set_text(layout, content.text.c_str(), static_cast<int>(content.text.size()));
  pango_layout_set_attributes(layout, attributes);
  pango_attr_list_unref(attributes);

  std::string white_space = container.style ? container.style->Keyword("white-space") : "normal";
  if (white_space != "nowrap" && white_space != "pre") {
    pango_layout_set_width(layout, static_cast<int>(std::floor(content_width * PANGO_SCALE)));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  }
  std::string align = container.style ? container.style->Keyword("text-align") : "start";
  if (align == "center" || align == "-webkit-center")
    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
  else if (align == "right" || align == "end" || align == "-webkit-right")
    pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
  else if (align == "justify")
    pango_layout_set_justify(layout, true);

  if (content.text.empty())
    return content;  // no line boxes at all: the container is as tall as nothing
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  content.height = static_cast<double>(logical.height) / PANGO_SCALE;
  content.line_count = pango_layout_get_line_count(layout);
  return content;
}

}  // namespace nexus::web::layout
