#include "web/layout/box.h"

namespace nexus::web::layout {
namespace {

const char* InnerName(Inner inner) {
  switch (inner) {
    case Inner::kFlow:
      return "flow";
    case Inner::kFlowRoot:
      return "flow-root";
    case Inner::kFlex:
      return "flex";
    case Inner::kGrid:
      return "grid";
    case Inner::kTable:
      return "table";
    case Inner::kTableRowGroup:
      return "row-group";
    case Inner::kTableRow:
      return "row";
    case Inner::kTableCell:
      return "cell";
    case Inner::kTableColumnGroup:
      return "column-group";
    case Inner::kTableColumn:
      return "column";
    case Inner::kTableCaption:
      return "caption";
  }
  return "flow";
}

void Dump(const Box& box, int depth, std::string& out) {
  out.append(static_cast<size_t>(depth) * 2, ' ');
  switch (box.kind) {
    case BoxKind::kText: {
      out += "\"";
      for (char c : box.text)
        out += c == '\n' ? std::string("\\n") : std::string(1, c);
      out += "\"\n";
      return;
    }
    case BoxKind::kLineBreak:
      out += "br\n";
      return;
    case BoxKind::kReplaced:
    case BoxKind::kWidget:
    case BoxKind::kContainer:
      break;
  }
  out += box.display.outer == Outer::kInline ? "inline " : "block ";
  out += InnerName(box.display.inner);
  if (box.display.list_item)
    out += " list-item";
  if (box.kind == BoxKind::kReplaced)
    out += " replaced";
  if (box.kind == BoxKind::kWidget)
    out += " widget";
  if (box.anonymous) {
    out += " (anonymous)";
  } else if (const dom::Element* element = box.node ? box.node->AsElement() : nullptr) {
    out += " <" + element->tag_name() + ">";
    if (!box.pseudo_element.empty())
      out += "::" + box.pseudo_element;
  }
  if (box.continuation)
    out += " continued";
  out += "\n";
  for (const auto& child : box.children)
    Dump(*child, depth + 1, out);
}

}  // namespace

Box* Box::Append(std::unique_ptr<Box> child) {
  child->parent = this;
  children.push_back(std::move(child));
  return children.back().get();
}

bool Box::IsInlineLevel() const {
  return kind == BoxKind::kText || kind == BoxKind::kLineBreak || display.outer == Outer::kInline;
}

bool Box::IsBlockContainer() const {
  return kind == BoxKind::kContainer &&
         (display.inner == Inner::kFlow || display.inner == Inner::kFlowRoot ||
          display.inner == Inner::kTableCell || display.inner == Inner::kTableCaption) &&
         !(display.outer == Outer::kInline && display.inner == Inner::kFlow);
}

bool Box::IsCollapsibleWhitespace() const {
  if (kind != BoxKind::kText)
    return false;
  std::string white_space = style ? style->Keyword("white-space") : "normal";
  if (white_space == "pre" || white_space == "pre-wrap" || white_space == "break-spaces")
    return false;
  bool line_breaks_kept = white_space == "pre-line";
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\f' && c != '\r' && (c != '\n' || line_breaks_kept))
      return false;
  }
  return true;
}

std::string DumpBoxTree(const Box& root) {
  std::string out;
  Dump(root, 0, out);
  return out;
}

}  // namespace nexus::web::layout
