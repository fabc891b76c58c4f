#include "web/page/page_summary.h"

#include "web/dom/html_parser.h"

namespace nexus::web {
namespace {

bool HidesText(const std::string& tag) {
  return tag == "script" || tag == "style" || tag == "template" || tag == "noscript" ||
         tag == "title" || tag == "head";
}

uint64_t CountCodePoints(const std::string& text) {
  uint64_t count = 0;
  for (unsigned char c : text)
    count += (c & 0xc0) != 0x80;
  return count;
}

}  // namespace

PageSummary Summarize(const dom::Document& document) {
  PageSummary summary;
  summary.title = document.Title();
  summary.element_count = static_cast<uint32_t>(document.ElementCount());
  std::string text;
  for (const dom::Node* node : dom::Descendants(document)) {
    if (node->type() != dom::NodeType::kText)
      continue;
    bool hidden = false;
    for (const dom::Node* up = node->parent(); up && !hidden; up = up->parent()) {
      const dom::Element* element = up->AsElement();
      hidden = element && HidesText(element->tag_name());
    }
    if (!hidden)
      text += static_cast<const dom::CharacterData*>(node)->data();
  }
  summary.text_length = CountCodePoints(dom::CollapseWhitespace(text));
  return summary;
}

std::string VisibleText(const dom::Document& document) {
  static const char* kBlocks[] = {"p",       "div",        "h1",     "h2",         "h3",  "h4",
                                  "h5",      "h6",         "li",     "tr",         "br",  "section",
                                  "article", "header",     "footer", "blockquote", "pre", "dt",
                                  "dd",      "figcaption", "td"};
  auto is_block = [](const std::string& tag) {
    for (const char* block : kBlocks) {
      if (tag == block)
        return true;
    }
    return false;
  };
  std::string out, line;
  auto end_line = [&] {
    std::string collapsed = dom::CollapseWhitespace(line);
    if (!collapsed.empty())
      out += collapsed + "\n";
    line.clear();
  };
  for (const dom::Node* node : dom::Descendants(document)) {
    const dom::Element* element = node->AsElement();
    if (element && is_block(element->tag_name()))
      end_line();  // a block starts: what came before was a line of its own
    if (node->type() != dom::NodeType::kText)
      continue;
    bool hidden = false;
    for (const dom::Node* up = node->parent(); up && !hidden; up = up->parent()) {
      const dom::Element* parent = up->AsElement();
      hidden = parent && HidesText(parent->tag_name());
    }
    if (!hidden)
      line += " " + static_cast<const dom::CharacterData*>(node)->data();
  }
  end_line();
  return out;
}

PageSummary SummarizeHtml(std::string_view html) {
  return Summarize(*dom::ParseHtml(html));
}

}  // namespace nexus::web
