#include "services/renderer/page_summary.h"

#include <gumbo.h>

#include <utility>
#include <vector>

namespace nexus::renderer {
namespace {

bool IsInvisible(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TITLE || tag == GUMBO_TAG_HEAD;
}

// Appends `text` to `out` with runs of whitespace collapsed to one space.
void AppendCollapsed(const char* text, std::string& out) {
  for (const char* p = text; *p; ++p) {
    bool space = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f';
    if (space) {
      if (!out.empty() && out.back() != ' ')
        out += ' ';
    } else {
      out += *p;
    }
  }
}

std::string Trim(std::string text) {
  while (!text.empty() && text.back() == ' ')
    text.pop_back();
  size_t start = text.find_first_not_of(' ');
  return start == std::string::npos ? "" : text.substr(start);
}

uint64_t CountCodePoints(const std::string& text) {
  uint64_t count = 0;
  for (unsigned char c : text)
    count += (c & 0xc0) != 0x80;
  return count;
}

}  // namespace

PageSummary SummarizeHtml(std::string_view html) {
  PageSummary summary;
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string text;
  std::string title;
  bool have_title = false;
  std::vector<std::pair<const GumboNode*, int>> stack = {{output->root, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_ELEMENT) {
      ++summary.element_count;
      const GumboElement& element = node->v.element;
      if (element.tag == GUMBO_TAG_TITLE && !have_title) {
        have_title = true;
        for (unsigned i = 0; i < element.children.length; ++i) {
          auto* child = static_cast<const GumboNode*>(element.children.data[i]);
          if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE)
            AppendCollapsed(child->v.text.text, title);
        }
      }
      if (depth >= kMaxTreeDepth)
        continue;
      bool invisible = IsInvisible(element.tag);
      // Children in reverse so they come off the stack in document order.
      for (unsigned i = element.children.length; i-- > 0;) {
        auto* child = static_cast<const GumboNode*>(element.children.data[i]);
        if (invisible && child->type != GUMBO_NODE_ELEMENT)
          continue;
        stack.emplace_back(child, depth + 1);
      }
    } else if (node->type == GUMBO_NODE_DOCUMENT) {
      for (unsigned i = node->v.document.children.length; i-- > 0;)
        stack.emplace_back(static_cast<const GumboNode*>(node->v.document.children.data[i]),
                           depth + 1);
    } else if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
               node->type == GUMBO_NODE_CDATA) {
      AppendCollapsed(node->v.text.text, text);
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  summary.title = Trim(std::move(title));
  summary.text_length = CountCodePoints(Trim(std::move(text)));
  return summary;
}

}  // namespace nexus::renderer
