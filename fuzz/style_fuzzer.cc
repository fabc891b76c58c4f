// Any bytes as a page's style sheet and style="" attribute, through the whole style engine:
// the cascade over a document with every kind of box (lists, tables, quotes, inlines around
// blocks, flex), computed and resolved values for each element, and the box tree. A page
// controls all of this; none of it may crash or hang the renderer.
#include <cstdint>
#include <map>
#include <string>

#include "web/dom/html_parser.h"
#include "web/layout/box_tree.h"
#include "web/style/document_style.h"
#include "web/style/resolved_style.h"

namespace {

constexpr char kBody[] =
    "<div id=a class='x y'><span>text<p>block in inline</p>more</span><ol start=2><li>one"
    "<li value=9>two</ol><table><tr><td>cell<td>cell</table><q>quote <q>inner</q></q>"
    "<section style='display:flex'>item <b>bold</b></section><img alt=x><br><input>"
    "<i class=x>i</i><em style='display:table-cell'>lonely</em></div>";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string css(reinterpret_cast<const char*>(data), size);
  std::string attribute;
  for (char c : css)
    attribute += c == '\'' ? '"' : c;
  auto document = nexus::web::dom::ParseHtml("<!doctype html><style>" + css +
                                             "</style><body style='" + attribute + "'>" + kBody);
  std::map<std::string, std::string> no_sheets;
  auto base = nexus::web::ParseUrl("http://fuzz.test/");
  nexus::web::style::DocumentStyle styles(*document, *base, no_sheets, {});
  for (const nexus::web::dom::Node* node : nexus::web::dom::Descendants(*document)) {
    if (const auto* element = node->AsElement()) {
      if (const auto* style = styles.StyleOf(*element))
        (void)nexus::web::style::ResolveStyle(*style, 800, 600);
    }
  }
  auto boxes = nexus::web::layout::BuildBoxTree(*document, styles);
  (void)nexus::web::layout::DumpBoxTree(*boxes);
  return 0;
}
