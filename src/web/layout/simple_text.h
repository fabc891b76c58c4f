// Plain lines, measured without pango laying them out: a block container whose content is
// text in its own style alone (a table cell's "42", a short heading) is as wide as the sum
// of its words' widths, which a cache keeps per font, and one line tall when that fits. The
// painter shapes such a line only when it is on screen, so a page of many short texts (a
// 36,000-row table) is laid out without shaping most of them, and keeps no layout for them.
#pragma once

#include <pango/pango.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "web/layout/block_layout.h"
#include "web/layout/box.h"

namespace nexus::web::layout {

struct SimpleText {
  std::string text;  // white space collapsed as the paragraph would have it
  const css::ComputedStyle* style = nullptr;
  bool wraps = true;
};

// What SimpleTextOf found out in one layout, that it need not find out again: by style,
// whether its text may be simple (0: no; 1: white-space normal; 2: nowrap). The styles
// must outlive it.
struct SimpleTextChecks {
  std::unordered_map<const css::ComputedStyle*, int> styles;
};

// The container's text when it is simple: text boxes only, in the container's own style,
// white-space normal or nowrap; none otherwise.
std::optional<SimpleText> SimpleTextOf(const Box& container, SimpleTextChecks* checks = nullptr);

// How a simple text's line is built: its height and its baseline from its top.
struct SimpleLine {
  double height = 0, baseline = 0;
};

class WordWidths {
 public:
  explicit WordWidths(PangoContext* context);
  ~WordWidths();

  // Min-content (its widest word; all of it when it does not wrap) and max-content widths.
  IntrinsicWidths Measure(const SimpleText& text);
  SimpleLine Line(const SimpleText& text);

 private:
  struct Font;
  Font& FontFor(const css::ComputedStyle& style);
  static bool AdvancesAddUp(Font& font);
  // A word of Font::kNumeric characters from their advances and kerning; -1 for others.
  static int NumericWidth(const Font& font, std::string_view word);
  double WordWidth(Font& font, std::string_view word);

  PangoContext* context_;
  std::map<const css::ComputedStyle*, Font*> by_style_;
  // By interned description (FontOf) and line height.
  std::map<std::pair<const PangoFontDescription*, double>, std::unique_ptr<Font>> by_description_;
};

}  // namespace nexus::web::layout
