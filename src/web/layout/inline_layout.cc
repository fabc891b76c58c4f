#include "web/layout/inline_layout.h"

#include <pango/pangocairo.h>

#include <cmath>
#include <cstring>
#include <map>
#include <tuple>

#include "base/ascii.h"
#include "web/layout/run_fonts.h"

namespace nexus::web::layout {
namespace {

bool CollapsesSpaces(const std::string& white_space) {
  return white_space != "pre" && white_space != "pre-wrap" && white_space != "break-spaces";
}

bool KeepsNewlines(const std::string& white_space) {
  return white_space == "pre" || white_space == "pre-wrap" || white_space == "pre-line" ||
         white_space == "break-spaces";
}

// Text to underline or strike through: its bytes, where the line goes and in what colour.
struct DecorationRange {
  size_t start, end;
  double offset, thickness;
  css::Color color;
};

// An inline box's bytes in the paragraph, and the room its ends take (px).
struct InlineRange {
  const Box* box;
  size_t start, end;
  double left, right;
  double rise = 0;  // its baseline above the line's (vertical-align, its own and its parents')
};

class ParagraphBuilder {
 public:
  ParagraphBuilder(PangoAttrList* attributes, const std::vector<AtomicInline>& atomics)
      : attributes_(attributes), atomics_(atomics) {}

  // Before the alt text of an image that did not load: Chromium's broken-image icon, a
  // float at the line's top (it adds no height) that the first word stays beside.
  void AddIconBeforeAltText() {
    PangoRectangle room = {0, 0, 16 * PANGO_SCALE, 0};
    AddIcon(room, DrawnShape::kBrokenImageBesideAltText);
    text_ += "\u2060";  // word joiner: no break between the icon and the text
    after_space_ = false;
  }

  void Add(const Box& box) {
    for (const AtomicInline& atomic : atomics_) {
      if (atomic.box == &box) {
        AddAtomic(atomic);
        return;
      }
    }
    if (box.kind != BoxKind::kText && box.style && IsOutOfFlow(*box.style))
      return;  // floats and positioned boxes are block layout's
    if (box.pseudo_element == "marker" && box.style && AddMarkerShape(*box.style))
      return;
    if (box.kind == BoxKind::kLineBreak) {
      // Its place, for getBoundingClientRect: where it ends its line, no wider than nothing.
      if (box.style && box.node)
        ranges_.push_back({&box, text_.size(), text_.size(), 0, 0, rise_});
      text_ += "\u2028";  // a line separator: a new line within the paragraph
      after_space_ = true;
      return;
    }
    if (box.kind == BoxKind::kText && box.style) {
      AddText(box.text, *box.style, box.parent);
      return;
    }
    if (box.kind == BoxKind::kReplaced) {
      AddBrokenImage(box);  // one that loaded, or has a size, is an atomic inline
      return;
    }
    bool inline_box = box.kind == BoxKind::kContainer && box.style && !box.anonymous &&
                      box.display.outer == Outer::kInline && box.display.inner == Inner::kFlow;
    if (!inline_box) {
      for (const auto& child : box.children)
        Add(*child);
      return;
    }
    // An inline box: its margins, borders and paddings take room at its ends (the parts a
    // block split it into keep only their own end), and its byte range is kept so that its
    // rectangles on each line can be found once the lines are laid out.
    InlineRange range{&box, text_.size(), 0, Edge(box, "left"), Edge(box, "right")};
    if (box.continuation)
      range.left = 0;
    if (range.left > 0)
      AddSpace(range.left);
    size_t index = ranges_.size();
    ranges_.push_back(range);
    double rise =
        BaselineRise(*box.style, box.parent && box.parent->style ? box.parent->style->font_size()
                                                                 : box.style->font_size());
    rise_ += rise;
    ranges_[index].rise = rise_;
    for (const auto& child : box.children)
      Add(*child);
    rise_ -= rise;
    if (ranges_[index].right > 0)
      AddSpace(ranges_[index].right);
    ranges_[index].end = text_.size();
  }

  std::string Finish() {
    // Collapsible spaces at the end of the content hang and vanish (CSS Text 3 §4.1.2).
    while (!text_.empty() && text_.back() == ' ' && trailing_collapsible_)
      text_.pop_back();
    return text_;
  }

  // Where each atomic inline's placeholder is in the text, in the order given.
  const std::vector<size_t>& atomic_indexes() const { return atomic_indexes_; }
  const std::vector<DecorationRange>& decorations() const { return decorations_; }
  const std::vector<InlineRange>& ranges() const { return ranges_; }

 private:
  // Margin, border and padding on one side of an inline box, in px.
  static double Edge(const Box& box, const std::string& side) {
    const css::ComputedStyle& style = *box.style;
    double total = 0;
    for (std::string property :
         {"margin-" + side, "border-" + side + "-width", "padding-" + side}) {
      auto length = style.LengthOf(property);
      total += length && !length->has_percentage() ? length->ToPixels(style.Context()) : 0;
    }
    return total;
  }

  // Empty room `width` wide on the line.
  void AddSpace(double width) {
    PangoRectangle logical = {0, 0, static_cast<int>(width * PANGO_SCALE), 0};
    size_t start = text_.size();
    text_ += "\uFFFC";
    Insert(pango_attr_shape_new(&logical, &logical), start);
  }

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
      // After a space a line may always break, as in Blink; pango follows UAX #14, which
      // keeps a space with the punctuation after it ("a .print()", "x )"): a zero-width
      // space there gives the break back.
      if (!space && !text_.empty() && text_.back() == ' ' &&
          std::string_view(".,:;!?)]}/").find(c) != std::string_view::npos)
        text_ += "\u200B";
      text_ += space && c != '\t' ? ' ' : c;  // preserved tabs go to pango's tab stops
      after_space_ = false;
    }
    trailing_collapsible_ = collapse;
    if (text_.size() == start)
      return;
    const PangoFontDescription* description = FontOf(style);
    Insert(pango_attr_font_desc_new(description), start);  // copies the description
    double line_height = LineHeight(style).value_or(NormalLineHeight(description));
    Insert(pango_attr_line_height_new_absolute(static_cast<int>(line_height * PANGO_SCALE)), start);
    if (rise_ != 0)  // inside a sub, a sup or another raised or lowered inline box
      Insert(pango_attr_rise_new(static_cast<int>(rise_ * PANGO_SCALE)), start);
    // letter-spacing after every character; word-spacing as letter spacing on the spaces
    // themselves (pango has no word spacing of its own).
    if (auto letters = style.LengthOf("letter-spacing");
        letters && letters->ToPixels(style.Context()) != 0)
      Insert(pango_attr_letter_spacing_new(
                 static_cast<int>(letters->ToPixels(style.Context()) * PANGO_SCALE)),
             start);
    if (auto words = style.LengthOf("word-spacing");
        words && words->ToPixels(style.Context()) != 0) {
      int spacing = static_cast<int>(words->ToPixels(style.Context()) * PANGO_SCALE);
      for (size_t at = text_.find(' ', start); at != std::string::npos;
           at = text_.find(' ', at + 1)) {
        PangoAttribute* attribute = pango_attr_letter_spacing_new(spacing);
        attribute->start_index = static_cast<guint>(at);
        attribute->end_index = static_cast<guint>(at + 1);
        pango_attr_list_insert(attributes_, attribute);
      }
    }
    css::Color color = style.ColorOf("color");
    // visibility: hidden text keeps its room and is not drawn (CSS 2.2 §11.2).
    std::string visibility = style.Keyword("visibility");
    if (visibility == "hidden" || visibility == "collapse")
      color.alpha = 0;
    Insert(pango_attr_foreground_new(color.r * 257, color.g * 257, color.b * 257), start);
    if (color.alpha < 1) {
      // Pango reads an alpha of 0 as none set (opaque): 1 in 65535 is as invisible.
      Insert(pango_attr_foreground_alpha_new(
                 std::max<guint16>(1, static_cast<guint16>(color.alpha * 65535))),
             start);
    }
    // Decorations are drawn across the text of the box that has them and its descendants',
    // in that box's colour (CSS Text Decoration 3 §2: they propagate, they are not inherited).
    if (color.alpha == 0)
      return;
    const PangoFontDescription* run_font = FontOf(style);
    const FontMetrics& metrics = MetricsOf(run_font);
    for (const Box* up = owner; up && up->style; up = up->parent) {
      if (!DrawsTextDecoration(*up->style))
        continue;  // most boxes: no need to write the value out
      std::string line = css::Serialize(up->style->Value("text-decoration-line"));
      css::Color decoration = up->style->ColorOf("text-decoration-color");
      if (line.find("underline") != std::string::npos) {
        // Blink's automatic underline position: below the baseline by a gap of half its
        // thickness, at least a pixel (not the font's own position).
        decorations_.push_back({start, text_.size(),
                                std::max(1.0, std::ceil(metrics.underline_thickness / 2)),
                                metrics.underline_thickness, decoration});
      }
      if (line.find("line-through") != std::string::npos) {
        decorations_.push_back({start, text_.size(), metrics.strikethrough_offset,
                                metrics.strikethrough_thickness, decoration});
      }
    }
  }

  // An image that did not load, has no size and no alt text (HTML §15.4.2): the 16px
  // square of Chromium's broken-image icon (alt text is a box of its own: box_tree.cc).
  void AddBrokenImage(const Box& box) {
    const dom::Element* element = box.node ? box.node->AsElement() : nullptr;
    if (element && element->HasAttribute("alt"))
      return;  // alt="" represents nothing
    PangoRectangle icon = {0, -16 * PANGO_SCALE, 16 * PANGO_SCALE, 16 * PANGO_SCALE};
    AddIcon(icon, DrawnShape::kBrokenImageAlone);
    after_space_ = false;
  }

  // An inside marker Chromium draws as a shape rather than a glyph, in the room it gives it:
  // a <summary>'s disclosure triangle (1.0586em: 16.94px in 16px text) or a disc, circle or
  // square (1.3125em and a pixel: 22px), taking no height. The font's rounded ascent, which
  // sizes the shape, rides in the shape's ink rectangle.
  bool AddMarkerShape(const css::ComputedStyle& style) {
    if (style.Keyword("list-style-position") == "outside" ||
        style.Value("list-style-image").size() > 1)
      return false;
    static const std::pair<const char*, DrawnShape> kShapes[] = {
        {"disclosure-open", DrawnShape::kDisclosureOpen},
        {"disclosure-closed", DrawnShape::kDisclosureClosed},
        {"disc", DrawnShape::kDisc},
        {"circle", DrawnShape::kCircle},
        {"square", DrawnShape::kSquare}};
    std::string type = style.Keyword("list-style-type");
    auto shape = std::find_if(std::begin(kShapes), std::end(kShapes),
                              [&](const auto& known) { return type == known.first; });
    if (shape == std::end(kShapes))
      return false;
    bool disclosure = type.starts_with("disclosure");
    double width = disclosure ? style.font_size() * 1.0586 : style.font_size() * 1.3125 + 1;
    const PangoFontDescription* font = FontOf(style);
    int ascent = static_cast<int>(MetricsOf(font).ascent);
    size_t start = text_.size();
    PangoRectangle ink = {0, 0, 0, ascent * PANGO_SCALE};
    PangoRectangle room = {0, 0, static_cast<int>(width * PANGO_SCALE), 0};
    AddIcon(room, shape->second, &ink);
    css::Color color = style.ColorOf("color");
    Insert(pango_attr_foreground_new(color.r * 257, color.g * 257, color.b * 257), start);
    after_space_ = true;
    return true;
  }

  void AddIcon(PangoRectangle& room, DrawnShape icon, PangoRectangle* ink = nullptr) {
    size_t start = text_.size();
    text_ += "\uFFFC";
    Insert(pango_attr_shape_new_with_data(
               ink ? ink : &room, &room, reinterpret_cast<gpointer>(static_cast<intptr_t>(icon)),
               [](gconstpointer data) { return const_cast<gpointer>(data); }, nullptr),
           start);
  }

  // An atomic inline as an object replacement character of its margin box's size, its
  // baseline on the line's.
  void AddAtomic(const AtomicInline& atomic) {
    PangoRectangle logical = {0, -static_cast<int>(atomic.baseline * PANGO_SCALE),
                              static_cast<int>(atomic.width * PANGO_SCALE),
                              static_cast<int>(atomic.height * PANGO_SCALE)};
    size_t start = text_.size();
    atomic_indexes_.push_back(start);
    text_ += "\uFFFC";
    after_space_ = false;
    trailing_collapsible_ = false;
    // A top- or bottom-aligned one says so in the shape's data (StackLines reads it).
    auto align = static_cast<intptr_t>(atomic.line_align);
    Insert(align ? pango_attr_shape_new_with_data(
                       &logical, &logical, reinterpret_cast<gpointer>(align),
                       [](gconstpointer data) { return const_cast<gpointer>(data); }, nullptr)
                 : pango_attr_shape_new(&logical, &logical),
           start);
  }

  void Insert(PangoAttribute* attribute, size_t start) {
    attribute->start_index = static_cast<guint>(start);
    attribute->end_index = static_cast<guint>(text_.size());
    // An attribute the same as the one just before it extends that one: pango starts a new
    // item (and shapes apart, losing kerning) wherever an attribute starts, where Blink
    // shapes across elements in the same font ("An <a>ABI</a>" kerns its " A").
    if (attribute->klass->type == PANGO_ATTR_SHAPE)
      pango_attr_list_insert(attributes_, attribute);
    else
      pango_attr_list_change(attributes_, attribute);
  }

  PangoAttrList* attributes_;
  const std::vector<AtomicInline>& atomics_;
  std::vector<size_t> atomic_indexes_;
  std::vector<InlineRange> ranges_;
  std::vector<DecorationRange> decorations_;
  double rise_ = 0;  // the vertical-align of the inline boxes the text is in, added up
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
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(created, options);
    cairo_font_options_destroy(options);
    // Glyphs at fractional positions, as Chromium places them: text is as wide as there.
    pango_context_set_round_glyph_positions(created, false);
    return created;
  }();
  return context;
}

namespace {

bool IsOutsideMarker(const Box& box) {
  return box.pseudo_element == "marker" && box.style &&
         box.style->Keyword("list-style-position") != "inside";
}

bool IsSymbol(const Box& marker) {
  std::string type = marker.style->Keyword("list-style-type");
  return (type == "disc" || type == "circle" || type == "square") &&
         marker.style->Value("list-style-image").size() <= 1;
}

// The marker's text in its own font and colour, as written ("1. ", "• ": its space kept).
PangoLayoutPtr MarkerLayout(const Box& marker, PangoContext* context, double& width) {
  std::string text;
  for (const auto& child : marker.children)
    text += child->text;
  PangoLayoutPtr layout(pango_layout_new(context));
  const PangoFontDescription* font = FontOf(*marker.style);
  pango_layout_set_font_description(layout.get(), font);
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  css::Color color = marker.style->ColorOf("color");
  PangoAttrList* attributes = pango_attr_list_new();
  pango_attr_list_insert(attributes,
                         pango_attr_foreground_new(color.r * 257, color.g * 257, color.b * 257));
  pango_layout_set_attributes(layout.get(), attributes);
  pango_attr_list_unref(attributes);
  PangoRectangle logical;
  pango_layout_get_extents(layout.get(), nullptr, &logical);
  width = static_cast<double>(logical.width) / PANGO_SCALE;
  return layout;
}

}  // namespace

// A paragraph built, with where its atomic inlines and inline boxes are in its text.
struct InlineCache::Entry {
  InlineContent content;
  std::vector<size_t> atomic_indexes;
  std::vector<InlineRange> ranges;
  std::vector<DecorationRange> decorations;
};

InlineCache::InlineCache() : words(SharedPangoContext()) {}
InlineCache::~InlineCache() = default;

namespace {

// The paragraph of `container`'s inline content, not yet given a width.
// The line height calculation quirk (Quirks Mode §3.3, as Chromium has it): in quirks and
// limited-quirks modes a block whose lines hold no text of its own (nor a list marker), only
// inline elements' text or images, has no strut (no gap under an image alone in a cell).
bool HasNoStrut(const Box& container) {
  const dom::Node* node = nullptr;
  for (const Box* up = &container; up && !node; up = up->parent)
    node = up->node;
  const dom::Document* document = node ? node->owner_document() : nullptr;
  if (!document || !(document->quirks_mode || document->limited_quirks_mode))
    return false;
  // A list item's marker counts as its own text.
  return std::none_of(container.children.begin(), container.children.end(), [](const auto& child) {
    return (child->kind == BoxKind::kText && !child->IsCollapsibleWhitespace()) ||
           child->pseudo_element == "marker";
  });
}

InlineContent BuildParagraph(const Box& container,
                             PangoContext* context,
                             const std::vector<AtomicInline>& atomics,
                             std::vector<size_t>* atomic_indexes = nullptr,
                             std::vector<InlineRange>* ranges = nullptr,
                             std::vector<DecorationRange>* decorations = nullptr) {
  InlineContent content;
  content.segments.push_back({PangoLayoutPtr(pango_layout_new(context)), 0, 0, 0, {}});
  PangoAttrList* attributes = pango_attr_list_new();
  if (container.style) {
    // The strut (CSS 2.2 §10.8.1): every line is at least as tall as the container's font at
    // its line height would make it.
    const PangoFontDescription* font = FontOf(*container.style);
    const FontMetrics& metrics = MetricsOf(font);
    double line = LineHeight(*container.style).value_or(NormalLineHeight(font));
    std::tie(content.strut_ascent, content.strut_descent) = AscentAndDescent(metrics, line);
    if (HasNoStrut(container))
      content.strut_ascent = content.strut_descent = 0;
  }
  ParagraphBuilder builder(attributes, atomics);
  if (container.broken_image)
    builder.AddIconBeforeAltText();
  for (const auto& child : container.children) {
    if (IsOutsideMarker(*child))
      content.outside_marker = child.get();
    if (IsOutsideMarker(*child) && IsSymbol(*child)) {
      const PangoFontDescription* font = FontOf(*child->style);
      content.marker_symbol = InlineContent::Symbol{child->style->Keyword("list-style-type"),
                                                    static_cast<int>(MetricsOf(font).ascent),
                                                    child->style->ColorOf("color")};
    } else if (IsOutsideMarker(*child)) {
      content.marker = MarkerLayout(*child, context, content.marker_width);
    } else
      builder.Add(*child);
  }
  content.text = builder.Finish();
  if (atomic_indexes)
    *atomic_indexes = builder.atomic_indexes();
  if (ranges)
    *ranges = builder.ranges();
  if (decorations)
    *decorations = builder.decorations();
  PangoLayout* layout = content.segments.front().layout.get();
  if (container.style) {
    const PangoFontDescription* font = FontOf(*container.style);
    pango_layout_set_font_description(layout, font);
  }
  pango_layout_set_text(layout, content.text.c_str(), static_cast<int>(content.text.size()));
  pango_layout_set_attributes(layout, attributes);
  pango_attr_list_unref(attributes);
  return content;
}

bool Wraps(const Box& container) {
  if (container.kind == BoxKind::kWidget)
    return container.node && container.node->AsElement() &&
           container.node->AsElement()->tag_name() == "textarea";
  std::string white_space = container.style ? container.style->Keyword("white-space") : "normal";
  return white_space != "nowrap" && white_space != "pre";
}

// The layout's lines stacked as CSS stacks line boxes (CSS 2.2 §10.8), with Chromium's
// rounding: each run an inline box of its font's rounded ascent and descent and its line
// height's leading (AscentAndDescent), raised by its vertical-align; an atomic inline its
// margin box on its baseline; and the strut. Pango's own stacking is not CSS's.
std::vector<LineBox> StackLines(PangoLayout* layout, double strut_ascent, double strut_descent) {
  std::vector<LineBox> lines;
  double top = 0;
  const char* text = pango_layout_get_text(layout);
  int count = pango_layout_get_line_count(layout);
  for (int i = 0; i < count; ++i) {
    PangoLayoutLine* line = pango_layout_get_line_readonly(layout, i);
    double ascent = strut_ascent, descent = strut_descent;
    double top_aligned = 0, bottom_aligned = 0;  // the tallest of each
    for (GSList* item = line->runs; item; item = item->next) {
      auto* run = static_cast<PangoGlyphItem*>(item->data);
      // A break AddText added is no text: a font pango found for it alone sizes nothing.
      if (std::string_view(text + run->item->offset, run->item->length) == "\u200B")
        continue;
      std::optional<double> line_height;
      double rise = 0;
      const PangoAttrShape* shape = nullptr;
      for (GSList* a = run->item->analysis.extra_attrs; a; a = a->next) {
        auto* attribute = static_cast<PangoAttribute*>(a->data);
        if (attribute->klass->type == PANGO_ATTR_LINE_HEIGHT ||
            attribute->klass->type == PANGO_ATTR_ABSOLUTE_LINE_HEIGHT) {
          if (attribute->klass->type == PANGO_ATTR_ABSOLUTE_LINE_HEIGHT)
            line_height = static_cast<double>(reinterpret_cast<PangoAttrInt*>(attribute)->value) /
                          PANGO_SCALE;
        } else if (attribute->klass->type == PANGO_ATTR_RISE) {
          rise =
              static_cast<double>(reinterpret_cast<PangoAttrInt*>(attribute)->value) / PANGO_SCALE;
        } else if (attribute->klass->type == PANGO_ATTR_SHAPE) {
          shape = reinterpret_cast<const PangoAttrShape*>(attribute);
        }
      }
      double run_ascent, run_descent;
      auto data = shape ? reinterpret_cast<intptr_t>(shape->data) : 0;
      bool icon = data >= static_cast<intptr_t>(DrawnShape::kBrokenImageBesideAltText) &&
                  data <= static_cast<intptr_t>(DrawnShape::kSquare);
      if (shape && shape->data && !icon) {
        double height = static_cast<double>(shape->logical_rect.height) / PANGO_SCALE;
        auto align = static_cast<AtomicInline::LineAlign>(reinterpret_cast<intptr_t>(shape->data));
        double& tallest = align == AtomicInline::LineAlign::kTop ? top_aligned : bottom_aligned;
        tallest = std::max(tallest, height);
        continue;
      } else if (shape) {
        run_ascent = -static_cast<double>(shape->logical_rect.y) / PANGO_SCALE;
        run_descent =
            static_cast<double>(shape->logical_rect.height + shape->logical_rect.y) / PANGO_SCALE;
      } else if (run->item->analysis.font) {
        const FontMetrics& metrics = MetricsOfFont(run->item->analysis.font);
        double height = line_height.value_or(metrics.ascent + metrics.descent + metrics.line_gap);
        std::tie(run_ascent, run_descent) = AscentAndDescent(metrics, height);
      } else {
        continue;
      }
      ascent = std::max(ascent, run_ascent + rise);
      descent = std::max(descent, run_descent - rise);
    }
    descent += std::max(0.0, top_aligned - ascent - descent);
    ascent += std::max(0.0, bottom_aligned - ascent - descent);
    lines.push_back({top, top + ascent, top + ascent + descent});
    top += ascent + descent;
  }
  return lines;
}

double LogicalWidth(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

}  // namespace

namespace {

// text-indent: the first line's start moves in (a percentage is of the line's width), or
// out when negative. Pango's negative indent indents the other lines instead: the layout is
// then made that much wider and moved that much left, which this returns (0 or less).
double SetIndent(PangoLayout* layout, const Box& container, double width, bool first_segment) {
  auto indent =
      container.style && first_segment ? container.style->LengthOf("text-indent") : std::nullopt;
  double px = indent ? indent->ToPixels(container.style->Context(width)) : 0;
  pango_layout_set_indent(layout, static_cast<int>(px * PANGO_SCALE));
  return std::min(0.0, px);
}

// Blink fits text in lines in LayoutUnits (1/64 px, text widths floored to them): a line of
// text up to a 64th of a pixel wider than the room still fits (Chromium keeps "Online copies
// of" 784.02px wide on a 784px line).
constexpr double kFitSlack = 1.0 / 64 - 1e-6;

double SetWidthAndAlignment(PangoLayout* layout,
                            const Box& container,
                            double width,
                            bool first_segment = true) {
  double shift = SetIndent(layout, container, width, first_segment);
  width -= shift;
  if (Wraps(container)) {
    // The slack also keeps a width measured as max-content from wrapping by a rounding error.
    pango_layout_set_width(
        layout, static_cast<int>(std::floor((std::max(0.0, width) + kFitSlack) * PANGO_SCALE)));
    // A word longer than the line overflows it (CSS Text 3 §5.5), unless overflow-wrap or
    // word-break let it break anywhere.
    std::string overflow_wrap =
        container.style ? container.style->Keyword("overflow-wrap") : "normal";
    std::string word_break = container.style ? container.style->Keyword("word-break") : "normal";
    bool anywhere = overflow_wrap == "break-word" || overflow_wrap == "anywhere" ||
                    word_break == "break-all" || word_break == "break-word";
    pango_layout_set_wrap(layout, anywhere ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
  }
  std::string align = container.style ? container.style->Keyword("text-align") : "start";
  if (align == "center" || align == "-webkit-center")
    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
  else if (align == "right" || align == "end" || align == "-webkit-right")
    pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
  else if (align == "justify")
    pango_layout_set_justify(layout, true);
  return shift;
}

// Sets the layout's width, unless its text is one line that fits (then it stays unwrapped,
// which spares pango shaping it again, and the offset its alignment asks for is returned).
double FitToWidth(PangoLayout* layout, const Box& container, double width) {
  double shift = SetIndent(layout, container, width, true);
  if (pango_layout_get_width(layout) == -1 && pango_layout_get_line_count(layout) == 1 &&
      shift == 0) {
    double used = LogicalWidth(layout);
    if (used <= width + kFitSlack) {
      std::string align = container.style ? container.style->Keyword("text-align") : "start";
      if (align == "center" || align == "-webkit-center")
        return (width - used) / 2;
      if (align == "right" || align == "end" || align == "-webkit-right")
        return width - used;
      return 0;
    }
  }
  return SetWidthAndAlignment(layout, container, width);
}

// A layout of the bytes [from, to) of `whole`'s text, with their attributes.
PangoLayoutPtr Slice(PangoLayout* whole, const std::string& text, size_t from, size_t to) {
  PangoLayoutPtr slice(pango_layout_copy(whole));
  PangoAttrList* attributes = pango_attr_list_copy(pango_layout_get_attributes(whole));
  pango_attr_list_update(attributes, static_cast<int>(to), static_cast<int>(text.size() - to), 0);
  pango_attr_list_update(attributes, 0, static_cast<int>(from), 0);
  pango_layout_set_text(slice.get(), text.data() + from, static_cast<int>(to - from));
  pango_layout_set_attributes(slice.get(), attributes);
  pango_attr_list_unref(attributes);
  return slice;
}

// Where the first line whose top is at or below `limit` starts (a byte index), if any.
std::optional<size_t> FirstLineBelow(PangoLayout* layout,
                                     const std::vector<LineBox>& lines,
                                     double limit) {
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].top >= limit - 1e-6)
      return static_cast<size_t>(
          pango_layout_get_line_readonly(layout, static_cast<int>(i))->start_index);
  }
  return std::nullopt;
}

// Each decoration's run of each line of `segment`, from x to x + width.
void AddDecorations(const LineSegment& segment,
                    size_t segment_index,
                    const std::vector<DecorationRange>& ranges,
                    std::vector<InlineContent::Decoration>& decorations) {
  if (ranges.empty())
    return;
  PangoLayout* layout = segment.layout.get();
  int line_count = pango_layout_get_line_count(layout);
  for (int l = 0; l < line_count; ++l) {
    PangoLayoutLine* line = pango_layout_get_line_readonly(layout, l);
    size_t line_start = segment.start + line->start_index;
    size_t line_end = line_start + line->length;
    for (const DecorationRange& range : ranges) {
      size_t from = std::max(range.start, line_start), to = std::min(range.end, line_end);
      if (from >= to)
        continue;
      int* x_ranges = nullptr;
      int count = 0;
      pango_layout_line_get_x_ranges(line, static_cast<int>(from - segment.start),
                                     static_cast<int>(to - segment.start), &x_ranges, &count);
      for (int i = 0; i < count; ++i) {
        double left = static_cast<double>(x_ranges[2 * i]) / PANGO_SCALE;
        double right = static_cast<double>(x_ranges[2 * i + 1]) / PANGO_SCALE;
        decorations.push_back({segment_index, static_cast<size_t>(l), left, right - left,
                               range.offset, range.thickness, range.color});
      }
      g_free(x_ranges);
    }
  }
}

// The rectangles inline boxes take on each line of `segment` (CSS Inline 3 §2: their
// content area is their font's ascent and descent around the baseline, plus their
// paddings and borders).
void AddPieces(const LineSegment& segment,
               const std::vector<InlineRange>& ranges,
               std::vector<InlinePiece>& pieces) {
  PangoLayout* layout = segment.layout.get();
  size_t length = strlen(pango_layout_get_text(layout));
  for (const InlineRange& range : ranges) {
    bool empty = range.start == range.end;
    if (empty ? range.start < segment.start || range.start > segment.start + length
              : range.end <= segment.start || range.start >= segment.start + length)
      continue;
    const css::ComputedStyle& style = *range.box->style;
    const PangoFontDescription* font = FontOf(style);
    FontMetrics metrics = MetricsOf(font);
    if (empty) {
      // An empty inline box (an <a name> anchor) still has a place on its line, as in
      // Chromium: no width, its font's height (what scrolling to the anchor needs).
      int line = 0, x = 0;
      pango_layout_index_to_line_x(layout, static_cast<int>(range.start - segment.start), false,
                                   &line, &x);
      if (segment.lines.empty())
        continue;
      const LineBox& box = segment.lines[std::min<size_t>(line, segment.lines.size() - 1)];
      pieces.push_back({range.box, segment.x + static_cast<double>(x) / PANGO_SCALE,
                        segment.y + box.baseline - range.rise - metrics.ascent, 0,
                        metrics.ascent + metrics.descent});
      continue;
    }
    auto px = [&](const char* property) {
      auto value = style.LengthOf(property);
      return value && !value->has_percentage() ? value->ToPixels(style.Context()) : 0.0;
    };
    double above = px("padding-top") + px("border-top-width");
    double below = px("padding-bottom") + px("border-bottom-width");
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    size_t line_number = 0;
    do {
      const LineBox& box = segment.lines[std::min(line_number++, segment.lines.size() - 1)];
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
      size_t line_start = segment.start + line->start_index;
      size_t line_end = line_start + line->length;
      size_t from = std::max(range.start, line_start), to = std::min(range.end, line_end);
      if (from >= to)
        continue;
      int* x_ranges = nullptr;
      int count = 0;
      pango_layout_line_get_x_ranges(line, static_cast<int>(from - segment.start),
                                     static_cast<int>(to - segment.start), &x_ranges, &count);
      if (count > 0) {
        double left = x_ranges[0], right = x_ranges[1];
        for (int i = 1; i < count; ++i) {
          left = std::min<double>(left, x_ranges[2 * i]);
          right = std::max<double>(right, x_ranges[2 * i + 1]);
        }
        left /= PANGO_SCALE;
        right /= PANGO_SCALE;
        // The margins are outside the box.
        if (from == range.start && range.left > 0)
          left += px("margin-left");
        if (to == range.end && range.right > 0)
          right -= px("margin-right");
        pieces.push_back({range.box, segment.x + left,
                          segment.y + box.baseline - range.rise - metrics.ascent - above,
                          std::max(0.0, right - left),
                          metrics.ascent + metrics.descent + above + below});
      }
      g_free(x_ranges);
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }
}

}  // namespace

InlineContent LayOutInline(const Box& container,
                           double content_width,
                           PangoContext* context,
                           const std::vector<AtomicInline>& atomics,
                           const std::vector<LineBand>& bands,
                           InlineCache* cache) {
  if (cache && atomics.empty() &&
      (bands.empty() || (bands.size() == 1 && bands[0].left == 0 && bands[0].right == 0))) {
    if (auto simple = SimpleTextOf(container, &cache->simple_checks);
        simple && !simple->text.empty()) {
      // A plain line that fits: measured from its words, shaped when painted.
      bool short_enough = simple->text.size() * simple->style->font_size() * 0.2 <= content_width;
      if (short_enough && cache->words.Measure(*simple).max <= content_width + kFitSlack) {
        SimpleLine line = cache->words.Line(*simple);
        InlineContent content;
        content.text = std::move(simple->text);
        content.height = line.height;
        content.line_count = 1;
        content.first_baseline = content.last_baseline = line.baseline;
        content.deferred = true;
        content.laid_width = content_width;
        return content;
      }
    }
  }
  InlineCache::Entry paragraph;
  auto cached = cache && atomics.empty()
                    ? cache->entries.find(&container)
                    : std::map<const Box*, std::unique_ptr<InlineCache::Entry>>::iterator{};
  if (cache && atomics.empty() && cached != cache->entries.end()) {
    paragraph = std::move(*cached->second);
    cache->entries.erase(cached);
  } else {
    paragraph.content = BuildParagraph(container, context, atomics, &paragraph.atomic_indexes,
                                       &paragraph.ranges, &paragraph.decorations);
  }
  InlineContent content = std::move(paragraph.content);
  const std::vector<size_t>& atomic_indexes = paragraph.atomic_indexes;
  const std::vector<InlineRange>& ranges = paragraph.ranges;
  PangoLayoutPtr whole = std::move(content.segments.front().layout);
  content.segments.clear();
  if (content.text.empty()) {
    SetWidthAndAlignment(whole.get(), container, content_width);
    if ((content.marker || content.marker_symbol) && !container.anonymous) {
      // An empty list item's marker still makes a line, as tall as the strut (not the
      // marker of an item whose content is blocks: it goes beside their first line).
      LineBox line{0, content.strut_ascent, content.strut_ascent + content.strut_descent};
      content.height = line.bottom;
      content.line_count = 1;
      content.first_baseline = content.last_baseline = line.baseline;
      content.segments.push_back({std::move(whole), 0, 0, 0, {line}});
      return content;
    }
    content.segments.push_back({std::move(whole), 0, 0, 0, {}});
    return content;  // no line boxes at all: the container is as tall as nothing
  }
  // Beside floats the lines are cut into segments, one a band of room (CSS 2.2 §9.5).
  double y = 0;
  if (bands.size() <= 1) {
    LineBand room = bands.empty() ? LineBand{} : bands.front();
    double x = FitToWidth(whole.get(), container, content_width - room.left - room.right);
    auto lines = StackLines(whole.get(), content.strut_ascent, content.strut_descent);
    y = lines.back().bottom;
    content.segments.push_back({std::move(whole), room.left + x, 0, 0, std::move(lines)});
  }
  size_t start = 0;
  size_t band = 0;
  while (whole && start < content.text.size()) {
    while (band + 1 < bands.size() && bands[band].end <= y + 1e-6)
      ++band;
    const LineBand& room = bands[band];
    double width = content_width - room.left - room.right;
    PangoLayoutPtr layout = Slice(whole.get(), content.text, start, content.text.size());
    // text-indent is the first line's only.
    double shift = SetWidthAndAlignment(layout.get(), container, width, start == 0);
    auto lines = StackLines(layout.get(), content.strut_ascent, content.strut_descent);
    std::optional<size_t> cut;
    if (band + 1 < bands.size())
      cut = FirstLineBelow(layout.get(), lines, room.end - y);
    if (cut) {
      layout = Slice(whole.get(), content.text, start, start + *cut);
      shift = SetWidthAndAlignment(layout.get(), container, width, start == 0);
      lines = StackLines(layout.get(), content.strut_ascent, content.strut_descent);
    }
    double height = lines.back().bottom;
    content.segments.push_back({std::move(layout), room.left + shift, y, start, std::move(lines)});
    y += height;
    if (!cut)
      break;
    start += *cut;
  }
  content.height = y;
  for (const LineSegment& segment : content.segments)
    content.line_count += pango_layout_get_line_count(segment.layout.get());
  const LineSegment& first = content.segments.front();
  const LineSegment& last = content.segments.back();
  content.first_baseline = first.y + first.lines.front().baseline;
  content.last_baseline = last.y + last.lines.back().baseline;
  for (size_t i = 0; i < atomic_indexes.size(); ++i) {
    const LineSegment* segment = &content.segments.front();
    for (const LineSegment& candidate : content.segments) {
      if (candidate.start <= atomic_indexes[i])
        segment = &candidate;
    }
    PangoLayout* layout = segment->layout.get();
    int index = static_cast<int>(atomic_indexes[i] - segment->start);
    int line = 0, x = 0;
    pango_layout_index_to_line_x(layout, index, false, &line, &x);
    PangoRectangle where;
    pango_layout_index_to_pos(layout, index, &where);
    double left = static_cast<double>(std::min(where.x, where.x + where.width)) / PANGO_SCALE;
    const LineBox& box = segment->lines[line];
    double y = atomics[i].line_align == AtomicInline::LineAlign::kTop ? box.top
               : atomics[i].line_align == AtomicInline::LineAlign::kBottom
                   ? box.bottom - atomics[i].height
                   : box.baseline - atomics[i].baseline;
    content.atomic_positions.emplace_back(segment->x + left, segment->y + y);
  }
  for (size_t i = 0; i < content.segments.size(); ++i) {
    if (content.segments[i].lines.empty())
      continue;
    AddPieces(content.segments[i], ranges, content.pieces);
    AddDecorations(content.segments[i], i, paragraph.decorations, content.decorations);
  }
  // What layout needed of pango's lines is in `content` now: their glyphs go (most of a
  // paragraph's memory), and pango shapes them again if the paragraph is painted.
  for (LineSegment& segment : content.segments)
    pango_layout_context_changed(segment.layout.get());
  return content;
}

void Realize(const Box& container, InlineContent& content, PangoContext* context) {
  if (!content.deferred)
    return;
  InlineContent built = BuildParagraph(container, context, {});
  PangoLayoutPtr layout = std::move(built.segments.front().layout);
  double x = 0;
  double used = LogicalWidth(layout.get());
  std::string align = container.style ? container.style->Keyword("text-align") : "start";
  if (align == "center" || align == "-webkit-center")
    x = (content.laid_width - used) / 2;
  else if (align == "right" || align == "end" || align == "-webkit-right")
    x = content.laid_width - used;
  auto lines = StackLines(layout.get(), built.strut_ascent, built.strut_descent);
  content.segments.push_back({std::move(layout), x, 0, 0, std::move(lines)});
  content.deferred = false;
}

namespace {

// The widest piece of a layout between soft wrap opportunities, trailing white space left
// out: its min-content width, read off its one-line layout without shaping it again.
double WidestUnbreakable(PangoLayout* layout) {
  int count = 0;
  const PangoLogAttr* attributes = pango_layout_get_log_attrs_readonly(layout, &count);
  const char* text = pango_layout_get_text(layout);
  PangoLayoutIter* iter = pango_layout_get_iter(layout);
  double widest = 0, piece = 0, trailing_white = 0;
  int last_index = 0;
  glong character = 0;
  do {
    int index = pango_layout_iter_get_index(iter);
    character += g_utf8_strlen(text + last_index, index - last_index);
    last_index = index;
    bool white = false;
    if (character < count) {
      const PangoLogAttr& at = attributes[character];
      if (index > 0 && (at.is_line_break || at.is_mandatory_break)) {
        widest = std::max(widest, piece - trailing_white);
        piece = trailing_white = 0;
      }
      // Spaces hang at a line's end; a no-break space is text (it does not hang).
      white = at.is_white && (text[index] == ' ' || text[index] == '\t');
    }
    PangoRectangle logical;
    pango_layout_iter_get_cluster_extents(iter, nullptr, &logical);
    double width = static_cast<double>(logical.width) / PANGO_SCALE;
    piece += width;
    // A zero-width space after a space (AddText's break) leaves that space trailing.
    trailing_white = white ? trailing_white + width : width == 0 ? trailing_white : 0;
  } while (pango_layout_iter_next_cluster(iter));
  pango_layout_iter_free(iter);
  return std::max(widest, piece - trailing_white);
}

}  // namespace

IntrinsicWidths InlineWidths(const Box& container,
                             PangoContext* context,
                             const std::vector<AtomicInline>& narrowest,
                             const std::vector<AtomicInline>& widest,
                             InlineCache* cache) {
  if (cache && widest.empty()) {
    if (auto simple = SimpleTextOf(container, &cache->simple_checks);
        simple && !simple->text.empty())
      return cache->words.Measure(*simple);
  }
  auto paragraph = std::make_unique<InlineCache::Entry>();
  paragraph->content = BuildParagraph(container, context, widest, &paragraph->atomic_indexes,
                                      &paragraph->ranges, &paragraph->decorations);
  if (paragraph->content.text.empty())
    return {};
  PangoLayout* layout = paragraph->content.segments.front().layout.get();
  IntrinsicWidths widths;
  widths.max = LogicalWidth(layout);
  widths.min = widths.max;
  if (Wraps(container) && narrowest.empty()) {
    widths.min = std::min(widths.max, WidestUnbreakable(layout));
  } else if (Wraps(container)) {
    // Atomic inlines are narrower at their own min-content widths: a paragraph of those.
    InlineContent narrow = BuildParagraph(container, context, narrowest);
    PangoLayout* narrow_layout = narrow.segments.front().layout.get();
    pango_layout_set_width(narrow_layout, 0);
    pango_layout_set_wrap(narrow_layout, PANGO_WRAP_WORD);
    widths.min = std::min(widths.max, LogicalWidth(narrow_layout));
  }
  if (cache && widest.empty())
    cache->entries[&container] = std::move(paragraph);  // shaped already: laid out next
  return widths;
}

}  // namespace nexus::web::layout
