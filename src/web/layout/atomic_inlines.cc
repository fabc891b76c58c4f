// Atomic inlines (CSS 2.2 §9.2.2, §10.3.9): inline-blocks, inline tables and form controls
// are laid out as blocks of their own (shrink-to-fit wide unless their `width` says), then
// sit in their line like one big glyph, on their last line's baseline.
#include <algorithm>
#include <cmath>
#include <string>

#include "base/ascii.h"
#include "web/layout/layout_engine.h"
#include "web/layout/run_fonts.h"

namespace nexus::web::layout {
namespace {

bool IsAtomic(const Box& box, InlineFormatter& lines) {
  if (box.style && IsOutOfFlow(*box.style))
    return false;
  if (box.kind == BoxKind::kWidget)
    return true;
  if (box.kind == BoxKind::kReplaced) {
    if (lines.NaturalSize(box))
      return true;
    // An image that did not load (HTML §15.4.2) is a box when its width and height are
    // given (one showing alt text instead is a box of its own: box_tree.cc).
    auto width = box.style ? box.style->LengthOf("width") : std::nullopt;
    auto height = box.style ? box.style->LengthOf("height") : std::nullopt;
    return width && height;
  }
  return box.kind == BoxKind::kContainer && box.display.outer == Outer::kInline &&
         box.display.inner != Inner::kFlow;
}

double PixelsOrZero(const css::ComputedStyle& style, const char* property, double percent_of) {
  auto length = style.LengthOf(property);
  return length ? length->ToPixels(style.Context(percent_of)) : 0;
}

int IntegerAttribute(const dom::Element& element, const char* name, int fallback) {
  auto value = element.GetAttribute(name);
  if (!value)
    return fallback;
  try {
    int parsed = std::stoi(std::string(*value));
    return parsed > 0 ? std::min(parsed, 10000) : fallback;
  } catch (const std::exception&) {
    return fallback;
  }
}

}  // namespace

void LayoutEngine::CollectAtomicInlines(const Box& container, std::vector<const Box*>& atomics) {
  for (const auto& child : container.children) {
    if (IsAtomic(*child, inline_))
      atomics.push_back(child.get());
    else if (child->kind == BoxKind::kContainer && child->display.outer == Outer::kInline &&
             !(child->style && IsOutOfFlow(*child->style)))
      CollectAtomicInlines(*child, atomics);
  }
}

// Chromium's sizes for 13.33px controls, scaled with the control's font: a text field is
// 8px a character plus 17 (20 characters: 177px), a line (15px) tall.
WidgetSize NaturalWidgetSize(const Box& widget) {
  const dom::Element* element = widget.node ? widget.node->AsElement() : nullptr;
  if (!element || !widget.style)
    return {};
  double scale = widget.style->font_size() / 13.3333;
  double line = std::round(15 * scale);
  const std::string& tag = element->tag_name();
  if (tag == "textarea") {
    return {IntegerAttribute(*element, "cols", 20) * 8 * scale + 16,
            IntegerAttribute(*element, "rows", 2) * line};
  }
  if (tag == "select")
    return {std::nullopt, line + 2};
  if (tag == "meter")
    return {80, 16};
  if (tag == "progress")
    return {160, 16};
  std::string type = AsciiLowercase(element->GetAttribute("type").value_or("text"));
  if (type == "checkbox" || type == "radio")
    return {13, 13};
  if (type == "submit" || type == "reset" || type == "button")
    return {std::nullopt, line};
  if (type == "range")
    return {129, 16};
  if (type == "color")
    return {40, 17};
  return {(IntegerAttribute(*element, "size", 20) * 8 + 17) * scale, line};
}

std::vector<AtomicInline> LayoutEngine::LayOutAtomics(const Box& container,
                                                      double available,
                                                      std::vector<Fragment>& fragments) {
  std::vector<const Box*> boxes;
  CollectAtomicInlines(container, boxes);
  std::vector<AtomicInline> atomics;
  for (const Box* box : boxes) {
    const css::ComputedStyle& style = *box->style;
    double margin_left = PixelsOrZero(style, "margin-left", available);
    double margin_right = PixelsOrZero(style, "margin-right", available);
    std::optional<double> width;
    if (!style.LengthOf("width") && box->kind != BoxKind::kReplaced) {
      // Shrink-to-fit (CSS 2.2 §10.3.9): as wide as its content wants, no wider than the line.
      IntrinsicWidths widths = Widths(*box);
      width = std::max(
          0.0, std::min(std::max(widths.min, available), widths.max) - margin_left - margin_right);
    }
    Laid laid = Lay(*box, available, std::nullopt, {width});
    Fragment& fragment = laid.fragment;
    double margin_top = laid.top.Resolve();
    double height = margin_top + fragment.height + laid.bottom.Resolve();
    Translate(fragment, 0, margin_top);
    bool clips = style.Keyword("overflow-x") != "visible" && box->kind != BoxKind::kWidget;
    double baseline = fragment.baseline && !clips ? margin_top + *fragment.baseline : height;
    if (box->kind == BoxKind::kWidget && !fragment.baseline) {
      // An empty control's baseline is where its text's would be.
      baseline = fragment.content_y + NaturalWidgetSize(*box).height * 0.8;
      if (NaturalWidgetSize(*box).width == 13)
        baseline = margin_top + fragment.height;  // checkboxes sit on their border box's bottom
    }
    if (box->node && box->node->AsElement() && box->node->AsElement()->tag_name() == "textarea") {
      baseline = height;  // a scroll container: its bottom margin edge
    }
    // vertical-align (CSS 2.2 §10.8.1): middle puts the box's middle half an x-height (taken
    // as half an em) above the parent's baseline; sub, super and lengths raise or lower it.
    const css::ComputedStyle* parent = box->parent ? box->parent->style.get() : nullptr;
    double parent_font_size = parent ? parent->font_size() : style.font_size();
    std::string align = style.Keyword("vertical-align");
    if (align == "middle") {
      baseline = height / 2 + parent_font_size / 4;
    } else if ((align == "text-top" || align == "text-bottom") && parent) {
      // Against the parent's text: its top at the font's ascent above the baseline, or its
      // bottom at the descent below.
      const PangoFontDescription* font = FontOf(*parent);
      const FontMetrics& metrics = MetricsOf(font);
      baseline = align == "text-top" ? metrics.ascent : height - metrics.descent;
    } else {
      baseline += BaselineRise(style, parent_font_size);
    }
    AtomicInline::LineAlign line_align = align == "top"      ? AtomicInline::LineAlign::kTop
                                         : align == "bottom" ? AtomicInline::LineAlign::kBottom
                                                             : AtomicInline::LineAlign::kBaseline;
    atomics.push_back(
        {box, margin_left + fragment.width + margin_right, height, baseline, line_align});
    fragments.push_back(std::move(fragment));
  }
  return atomics;
}

}  // namespace nexus::web::layout
