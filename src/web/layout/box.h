// The box tree (CSS 2.2 §9.2, CSS Display 3): what layout lays out, built from the DOM and
// its computed styles. Elements with display: none have no box, display: contents gives its
// children to its parent, ::before, ::after and ::marker add boxes, and anonymous boxes wrap
// what the formatting rules need wrapped: inline runs beside blocks, blocks inside inlines,
// and misparented table parts.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "web/css/computed_style.h"
#include "web/dom/node.h"
#include "web/layout/display.h"

namespace nexus::web::layout {

enum class BoxKind {
  kContainer,  // a box with children: block, inline, flex, grid or table part, by `display`
  kText,       // a run of text: a Text node's data, or generated content
  kReplaced,   // an image, video, canvas, iframe, embed or object: no children, its own size
  kWidget,     // a form control, drawn by the painter
  kLineBreak,  // <br>
};

struct Box {
  BoxKind kind = BoxKind::kContainer;
  Display display;
  // The element or text node it is for; null for anonymous boxes. A ::before, ::after or
  // ::marker box names its element, with `pseudo_element` set.
  const dom::Node* node = nullptr;
  std::string pseudo_element;
  bool anonymous = false;
  // An inline box broken around a block inside it continues in this part (the parts share
  // the node and style; borders and paddings are the first's start and the last's end).
  bool continuation = false;
  std::shared_ptr<const css::ComputedStyle> style;
  std::string text;  // kText
  // What the builder built it with besides its element and style (its list item's number,
  // the quote nesting before and after it, whether counters went into it), so that an unchanged
  // element's boxes are kept only where they would come out the same (box_tree.cc).
  int list_ordinal = 0;
  int quote_depth_before = 0, quote_depth_after = 0;
  bool uses_counters = false;  // it or a box inside changed or read a CSS counter
  // An <img> whose picture is missing, shown as its alt text in a box of its own: the
  // broken-image icon comes before its first line.
  bool broken_image = false;
  // Whether it or a box inside is positioned (LayoutCache::HasPositioned): -1 until asked. A
  // box whose boxes change is a new box (box_tree.cc), so an answer holds while it lives.
  mutable signed char has_positioned = -1;
  // HTML's colspan and rowspan of a cell, or span of a column or column group (§4.9.12.1:
  // clamped; rowspan 0 is to the end of the row group), read once as the box is made.
  uint16_t column_span = 1, row_span = 1;
  // Its min-content and max-content widths as the layout engine `measured_in` (a number
  // each engine takes anew; 0: none) found them: boxes are measured more than once, and a
  // field here is cheaper than a map of every box (LayoutEngine::Widths).
  mutable uint32_t measured_in = 0;
  mutable double measured_min = 0, measured_max = 0;
  Box* parent = nullptr;
  std::vector<std::unique_ptr<Box>> children;

  Box* Append(std::unique_ptr<Box> child);
  bool IsInlineLevel() const;
  bool IsBlockContainer() const;  // holds blocks or lines: flow and flow-root boxes, cells
  // Collapsible white space only (spaces, tabs, newlines under white-space: normal/nowrap).
  bool IsCollapsibleWhitespace() const;
};

// The tree as text, one box a line, indented by depth: what tests compare and what
// `nexus boxes` prints.
std::string DumpBoxTree(const Box& root);

}  // namespace nexus::web::layout
