#include "web/layout/display.h"

#include <map>
#include <vector>

#include "base/ascii.h"

namespace nexus::web::layout {

Display DisplayOf(const css::ComputedStyle& style) {
  std::vector<std::string> words;
  for (const css::ComponentValue& value : style.Value("display")) {
    if (value.IsToken(css::TokenType::kIdent))
      words.push_back(AsciiLowercase(value.token.value));
    else if (!value.IsToken(css::TokenType::kWhitespace))
      return Display{};
  }
  Display display;
  if (words.size() == 1) {
    static const std::map<std::string, Display> kSingle = {
        {"none", {Outer::kBlock, Inner::kFlow, false, true, false, ""}},
        {"contents", {Outer::kBlock, Inner::kFlow, false, false, true, ""}},
        {"block", {Outer::kBlock, Inner::kFlow, false, false, false, ""}},
        {"flow-root", {Outer::kBlock, Inner::kFlowRoot, false, false, false, ""}},
        {"inline", {Outer::kInline, Inner::kFlow, false, false, false, ""}},
        {"inline-block", {Outer::kInline, Inner::kFlowRoot, false, false, false, ""}},
        {"run-in", {Outer::kRunIn, Inner::kFlow, false, false, false, ""}},
        {"list-item", {Outer::kBlock, Inner::kFlow, true, false, false, ""}},
        {"flex", {Outer::kBlock, Inner::kFlex, false, false, false, ""}},
        {"inline-flex", {Outer::kInline, Inner::kFlex, false, false, false, ""}},
        {"grid", {Outer::kBlock, Inner::kGrid, false, false, false, ""}},
        {"inline-grid", {Outer::kInline, Inner::kGrid, false, false, false, ""}},
        {"table", {Outer::kBlock, Inner::kTable, false, false, false, ""}},
        {"inline-table", {Outer::kInline, Inner::kTable, false, false, false, ""}},
        {"table-row-group", {Outer::kBlock, Inner::kTableRowGroup, false, false, false, ""}},
        {"table-header-group", {Outer::kBlock, Inner::kTableRowGroup, false, false, false, ""}},
        {"table-footer-group", {Outer::kBlock, Inner::kTableRowGroup, false, false, false, ""}},
        {"table-row", {Outer::kBlock, Inner::kTableRow, false, false, false, ""}},
        {"table-cell", {Outer::kBlock, Inner::kTableCell, false, false, false, ""}},
        {"table-column-group", {Outer::kBlock, Inner::kTableColumnGroup, false, false, false, ""}},
        {"table-column", {Outer::kBlock, Inner::kTableColumn, false, false, false, ""}},
        {"table-caption", {Outer::kBlock, Inner::kTableCaption, false, false, false, ""}},
    };
    auto it = kSingle.find(words[0]);
    if (it == kSingle.end())
      return Display{};
    display = it->second;
    if (display.IsTableInternal())
      display.part = words[0];
    return display;
  }
  // The two- and three-keyword syntax: `block flow`, `inline flow-root`, `block flex list-item`.
  display = Display{Outer::kBlock, Inner::kFlow, false, false, false, ""};
  bool outer_seen = false, inner_seen = false;
  for (const std::string& word : words) {
    if (!outer_seen && (word == "block" || word == "inline" || word == "run-in")) {
      display.outer = word == "block"    ? Outer::kBlock
                      : word == "inline" ? Outer::kInline
                                         : Outer::kRunIn;
      outer_seen = true;
    } else if (!inner_seen && (word == "flow" || word == "flow-root" || word == "flex" ||
                               word == "grid" || word == "table")) {
      display.inner = word == "flow"        ? Inner::kFlow
                      : word == "flow-root" ? Inner::kFlowRoot
                      : word == "flex"      ? Inner::kFlex
                      : word == "grid"      ? Inner::kGrid
                                            : Inner::kTable;
      inner_seen = true;
    } else if (word == "list-item" && !display.list_item) {
      display.list_item = true;
    } else {
      return Display{};
    }
  }
  if (display.list_item && display.inner != Inner::kFlow && display.inner != Inner::kFlowRoot)
    return Display{};
  return display;
}

Display Blockified(Display display) {
  if (display.none || display.contents)
    return display;
  if (display.IsTableInternal()) {
    display.inner = Inner::kFlow;
    display.part.clear();
  }
  display.outer = Outer::kBlock;
  return display;
}

bool IsOutOfFlow(const css::ComputedStyle& style) {
  std::string position = style.Keyword("position");
  std::string floating = style.Keyword("float");
  return position == "absolute" || position == "fixed" || (!floating.empty() && floating != "none");
}

bool ContainsFixedPositioned(const css::ComputedStyle& style) {
  for (const char* property : {"transform", "filter", "perspective"}) {
    if (style.Keyword(property) != "none" && !style.Value(property).empty())
      return true;
  }
  std::string will_change = css::Serialize(style.Value("will-change"));
  std::string contain = css::Serialize(style.Value("contain"));
  for (const char* word : {"transform", "filter", "perspective"}) {
    if (will_change.find(word) != std::string::npos)
      return true;
  }
  for (const char* word : {"paint", "layout", "strict", "content"}) {
    if (contain.find(word) != std::string::npos)
      return true;
  }
  return false;
}

}  // namespace nexus::web::layout
