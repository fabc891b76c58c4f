#include "web/layout/block_layout.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "web/dom/html_parser.h"
#include "web/layout/box_tree.h"

namespace nexus::web::layout {
namespace {

// Inline content as lines 20px tall, each character 10px wide, breaking at spaces only.
class FixedLines : public InlineFormatter {
 public:
  LineBoxes LayOutLines(const Box& container,
                        double width,
                        const std::vector<AtomicInline>&,
                        const std::vector<LineBand>&) override {
    IntrinsicWidths widths = TextWidths(container);
    if (widths.max == 0)
      return {};
    return {
        20.0 * std::max(1.0, std::ceil(widths.max / std::max(width, widths.min))), 15, 15, {}, {}};
  }
  IntrinsicWidths LineWidths(const Box& container,
                             const std::vector<AtomicInline>&,
                             const std::vector<AtomicInline>&) override {
    return TextWidths(container);
  }
  std::optional<std::pair<double, double>> NaturalSize(const Box&) override {
    return std::pair<double, double>(100, 50);
  }

 private:
  static IntrinsicWidths TextWidths(const Box& container) {
    std::string text = Text(container);
    IntrinsicWidths widths;
    size_t word = 0;
    for (char c : text) {
      word = c == ' ' ? 0 : word + 1;
      widths.min = std::max(widths.min, 10.0 * word);
    }
    widths.max = 10.0 * text.size();
    return widths;
  }

  static std::string Text(const Box& box) {
    std::string text = box.kind == BoxKind::kText && !box.IsCollapsibleWhitespace() ? box.text : "";
    for (const auto& child : box.children)
      text += Text(*child);
    return text;
  }
};

// Block layout of `body` at 800x600: "id:x,y,width,height" for every element with an id,
// then html and body, as getBoundingClientRect reports them. Each line of inline content is
// 20px here (inline layout is not what these tests are about).
std::string Layout(const std::string& body) {
  auto document =
      dom::ParseHtml("<!doctype html><html><body style='margin:8px'>" + body + "</body></html>");
  std::map<std::string, std::string> no_sheets;
  style::DocumentStyle styles(*document, *ParseUrl("http://example.test/"), no_sheets, {});
  auto viewport = BuildBoxTree(*document, styles);
  FixedLines lines;
  Fragment root = LayOutBlocks(*viewport, 800, 600, lines);
  std::map<std::string, std::string> found;
  std::string ids, named;
  std::function<void(const Fragment&)> visit = [&](const Fragment& fragment) {
    const dom::Element* element =
        fragment.box && fragment.box->node ? fragment.box->node->AsElement() : nullptr;
    if (element && fragment.box->pseudo_element.empty()) {
      auto id = element->GetAttribute("id");
      std::string name = id ? std::string(*id) : element->tag_name();
      std::string text = name + ":" + std::to_string(static_cast<int>(fragment.x)) + "," +
                         std::to_string(static_cast<int>(fragment.y)) + "," +
                         std::to_string(static_cast<int>(fragment.width)) + "," +
                         std::to_string(static_cast<int>(fragment.height));
      if (id)
        ids += text + " ";
      else if (name == "html" || name == "body")
        named += text + " ";
    }
    for (const Fragment& child : fragment.children)
      visit(child);
  };
  visit(root);
  return ids + named;
}

// The figures are headless Chromium's for the same markup (getBoundingClientRect).
TEST(BlockLayout, MarginsCollapseAsInChromium) {
  EXPECT_EQ(Layout("<div id=a style='height:50px;margin:10px 0'></div>"
                   "<div id=b style='height:30px;margin-top:20px;margin-bottom:-5px'></div>"
                   "<div id=empty style='margin:15px 0 25px'></div>"
                   "<div id=c style='margin-top:12px'><div id=c1 style='height:10px;"
                   "margin-top:30px;margin-bottom:40px'></div></div>"
                   "<div id=d style='padding-top:1px;margin-top:0'><div id=d1 style='height:10px;"
                   "margin-top:30px'></div></div>"
                   "<div id=e style='overflow:hidden'><div id=e1 style='height:10px;"
                   "margin:7px 0'></div></div>"
                   "<div id=f style='width:200px;margin:0 auto;height:20px;border:5px solid;"
                   "padding:3px'></div>"
                   "<div id=g style='height:40px'><div id=g1 style='height:10px;"
                   "margin-bottom:50px'></div></div>"),
            "a:8,10,784,50 b:8,80,784,30 empty:8,120,784,0 c:8,135,784,10 c1:8,135,784,10 "
            "d:8,185,784,41 d1:8,216,784,10 e:8,226,784,24 e1:8,233,784,10 f:292,250,216,36 "
            "g:8,286,784,40 g1:8,286,784,10 html:0,0,800,334 body:8,10,784,316 ");
}

// Lines are 20px here; an anonymous block wraps the <span>.
TEST(BlockLayout, InlineContentTakesItsLinesHeight) {
  EXPECT_EQ(Layout("<p id=p style='margin:0;padding:5px'>text</p><div id=d>  </div>"
                   "<div id=mixed><span>a</span><div id=inner>b</div></div>"),
            "p:8,8,784,30 d:8,38,784,0 mixed:8,38,784,40 inner:8,58,784,20 "
            "html:0,0,800,86 body:8,8,784,70 ");
}

}  // namespace
}  // namespace nexus::web::layout
