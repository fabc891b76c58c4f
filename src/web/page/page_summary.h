// What the renderer reports about a loaded document: title, visible text length and element
// count, from its DOM.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "web/dom/node.h"

namespace nexus::web {

struct PageSummary {
  std::string title;         // whitespace collapsed, as document.title
  uint64_t text_length = 0;  // visible text, whitespace collapsed, in UTF-8 code points
  uint32_t element_count = 0;
};

PageSummary Summarize(const dom::Document& document);
// The text a reader sees, whitespace collapsed, one block (paragraph, heading, list item,
// table row...) per line.
std::string VisibleText(const dom::Document& document);
PageSummary SummarizeHtml(std::string_view html);

}  // namespace nexus::web
