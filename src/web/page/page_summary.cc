#include "web/page/page_summary.h"

#include <utility>
#include <vector>

#include "web/dom/html_parser.h"

namespace nexus::web {
namespace {

bool HidesText(const std::string& tag) {
  return tag == "script" || tag == "style" || tag == "template" || tag == "noscript" ||
         tag == "title" || tag == "head";
}

// Visible text's length as CollapseWhitespace would leave it, in code points, counted in
// one walk of the tree without copying the text.
class TextCounter {
 public:
  // Iteratively, in tree order: a document may nest deeper than a stack would.
  void Visit(const dom::Node& root) {
    std::vector<std::pair<const dom::Node*, bool>> stack = {{&root, false}};
    while (!stack.empty()) {
      auto [node, hidden] = stack.back();
      stack.pop_back();
      if (node->type() == dom::NodeType::kText) {
        if (!hidden)
          Count(static_cast<const dom::CharacterData*>(node)->data());
        continue;
      }
      if (const dom::Element* element = node->AsElement()) {
        ++elements_;
        hidden |= HidesText(element->tag_name());
      }
      const auto& children = node->children();
      for (auto child = children.rbegin(); child != children.rend(); ++child)
        stack.emplace_back(child->get(), hidden);
    }
  }
  uint64_t code_points() const { return code_points_; }
  uint32_t elements() const { return elements_; }

 private:
  void Count(std::string_view text) {
    for (unsigned char c : text) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pending_space_ = code_points_ > 0;
        continue;
      }
      if (pending_space_)
        ++code_points_;
      pending_space_ = false;
      code_points_ += (c & 0xc0) != 0x80;
    }
  }

  uint64_t code_points_ = 0;
  uint32_t elements_ = 0;
  bool pending_space_ = false;
};

}  // namespace

PageSummary Summarize(const dom::Document& document) {
  PageSummary summary;
  summary.title = document.Title();
  TextCounter counter;
  counter.Visit(document);
  summary.element_count = counter.elements();
  summary.text_length = counter.code_points();
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
