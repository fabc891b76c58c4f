// What the renderer reports about a document until it paints (renderer issue): title,
// visible text length and element count, from a real HTML5 parse (gumbo).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nexus::renderer {

struct PageSummary {
  std::string title;         // whitespace collapsed, as document.title
  uint64_t text_length = 0;  // visible text, whitespace collapsed, in UTF-8 code points
  uint32_t element_count = 0;
};

// Deeper documents are cut off here: gumbo's tree is walked with an explicit stack, but a
// renderer has no use for a million nested elements.
inline constexpr int kMaxTreeDepth = 512;

PageSummary SummarizeHtml(std::string_view html);

}  // namespace nexus::renderer
