// Dirty bits end to end: after any change a script can make, the layout that restyles and
// lays out only what the change touched paints and places exactly what laying the whole
// page out again does; and it does touch less.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "../support/painted_pixels.h"
#include "web/dom/html_parser.h"
#include "web/layout/block_layout.h"
#include "web/layout/box_tree.h"
#include "web/layout/layout_cache.h"
#include "web/layout/page_layout.h"
#include "web/style/document_style.h"

namespace nexus::web {
namespace {

const char kPage[] = R"(<!doctype html><style>
li:first-child { color: red; margin-left: 10px }
li:nth-child(2n) { background: #eee }
p + p { margin-top: 30px }
.a ~ .b { padding-left: 12px }
.x .y { font-weight: bold; font-size: 20px }
div:empty { height: 7px; background: navy }
.f { float: left; width: 60px; height: 20px; background: teal }
.ib { display: inline-block; width: 40px; height: 10px; background: olive }
.flex { display: flex; gap: 4px }
.rel { position: relative; top: 3px }
.abs { position: absolute; right: 10px; top: 40px; width: 30px; height: 30px; background: red }
q::before { content: open-quote } q::after { content: close-quote }
p { counter-increment: para } p::before { content: counter(para) " " }
.b::after { content: " [" counters(para, ".") "]" } .rel { counter-reset: para 10 }
div:empty { display: list-item; list-style-position: inside }
</style>
<body class=x>
<div id=d1><p>One <span class=y>two</span> three</p><p class=a>Four</p><p class=b>Five</p></div>
<ol><li>first</li><li>second</li><li value=7>third</li></ol>
<div><span class=f></span>Text beside a float that wraps around it for a while and more.</div>
<div class=flex><div>flex one</div><div>flex two</div></div>
<table border=1><tr><td>cell</td><td>cell two</td></tr></table>
<p>An <span class=ib></span> inline block and <q>a <q>quote</q></q>.</p>
<div class=rel>relative <div class=abs></div></div>
<details><summary>More</summary><p>Hidden text</p></details>
<div></div>
<ul><li>a</li><li>b</li></ul>
</body>)";

std::vector<dom::Element*> BodyElements(dom::Document& document) {
  std::vector<dom::Element*> elements;
  for (const dom::Node* node : dom::Descendants(*document.body())) {
    if (const dom::Element* element = node->AsElement())
      elements.push_back(const_cast<dom::Element*>(element));
  }
  return elements;
}

// One change of the kind scripts make, chosen by `random`; returns what it did.
std::string Mutate(dom::Document& document,
                   std::mt19937& random,
                   std::vector<std::unique_ptr<dom::Node>>& removed) {
  std::vector<dom::Element*> elements = BodyElements(document);
  auto pick = [&](size_t size) {
    return std::uniform_int_distribution<size_t>(0, size - 1)(random);
  };
  dom::Element* target = elements.empty() ? document.body() : elements[pick(elements.size())];
  static const char* kClasses[] = {"a", "b", "x", "y", "f", "ib", "flex", "rel", ""};
  static const char* kStyles[] = {"width: 120px",
                                  "display: none",
                                  "float: right; width: 50px",
                                  "margin-top: 20px",
                                  "display: inline-block",
                                  "color: green",
                                  "position: relative; left: 5px",
                                  "font-size: 30px",
                                  ""};
  static const char* kTags[] = {"p", "li", "span", "div", "q"};
  switch (pick(6)) {
    case 0:
      target->SetAttribute("class", kClasses[pick(std::size(kClasses))]);
      return "class of " + target->tag_name();
    case 1:
      target->SetAttribute("style", kStyles[pick(std::size(kStyles))]);
      return "style of " + target->tag_name();
    case 2: {
      auto added = document.CreateElement(kTags[pick(std::size(kTags))]);
      added->AppendChild(document.CreateText("new words here"));
      dom::Node* parent = target->parent() ? target->parent() : document.body();
      std::string tag = added->tag_name();
      parent->InsertBefore(std::move(added), target);
      return "inserted " + tag;
    }
    case 3:
      if (target == document.body())
        return "nothing";
      removed.push_back(target->parent()->RemoveChild(target));  // kept, as scripts keep them
      return "removed " + target->tag_name();
    case 4:
      for (const auto& child : target->children()) {
        if (child->type() == dom::NodeType::kText) {
          static_cast<dom::CharacterData*>(child.get())->set_data("changed text, longer now");
          return "text of " + target->tag_name();
        }
      }
      target->AppendChild(document.CreateText(" appended"));
      return "text added to " + target->tag_name();
    default:
      if (target->tag_name() == "details" && target->HasAttribute("open"))
        target->RemoveAttribute("open");
      else
        target->SetAttribute("open", "");
      return "open of " + target->tag_name();
  }
}

TEST(IncrementalLayout, PaintsAndPlacesWhatLayingOutTheWholePageDoesAfterEveryChange) {
  auto document = dom::ParseHtml(kPage);
  PageResources resources;
  Url base = *ParseUrl("http://example.test/");
  auto incremental = CreatePageLayout(*document, base, resources);
  incremental->Layout(800, 600);
  std::mt19937 random(15);
  std::vector<std::unique_ptr<dom::Node>> removed;  // kept alive, as scripts may keep them
  for (int step = 0; step < 150; ++step) {
    std::string change = Mutate(*document, random, removed);
    SCOPED_TRACE("step " + std::to_string(step) + ": " + change);
    incremental->Layout(800, 600);
    auto whole = CreatePageLayout(*document, base, resources);
    whole->Layout(800, 600);
    ASSERT_EQ(incremental->document_height(), whole->document_height());
    for (const dom::Element* element : BodyElements(*document)) {
      auto a = incremental->BoxOf(*element), b = whole->BoxOf(*element);
      ASSERT_EQ(a.has_value(), b.has_value()) << element->tag_name();
      if (a) {
        EXPECT_EQ(a->x, b->x) << element->tag_name();
        EXPECT_EQ(a->y, b->y) << element->tag_name();
        EXPECT_EQ(a->width, b->width) << element->tag_name();
        EXPECT_EQ(a->height, b->height) << element->tag_name();
      }
      EXPECT_EQ(incremental->ComputedStyle(*element), whole->ComputedStyle(*element));
    }
    ASSERT_EQ(PaintedPixels(*incremental), PaintedPixels(*whole));
  }
}

dom::Element* ElementById(dom::Document& document, const char* id) {
  for (const dom::Node* node : dom::Descendants(document)) {
    const dom::Element* element = node->AsElement();
    if (element && element->GetAttribute("id") == id)
      return const_cast<dom::Element*>(element);
  }
  return nullptr;
}

// `#list > :first-child` names no element of its own: the children of #list depend on
// their siblings, and only they (others restyle alone, and may share a sibling's style).
TEST(IncrementalStyle, APositionalRuleWithoutKeyRestylesTheChildrenOfItsParentCompound) {
  auto document = dom::ParseHtml(
      "<style>#list > :first-child { color: red }</style>"
      "<div id=list><s id=one>1</s><s>2</s></div><div id=other><s id=three>3</s><s>4</s></div>");
  css::MediaEnvironment environment;
  style::DocumentStyle styles(*document, *ParseUrl("http://example.test/"), {}, environment);
  auto by_id = [&](const char* id) { return ElementById(*document, id); };
  EXPECT_EQ(styles.StyleOf(*by_id("one"))->ColorOf("color"), (css::Color{255, 0, 0}));
  EXPECT_EQ(styles.StyleOf(*by_id("three"))->ColorOf("color"), (css::Color{0, 0, 0}));
  for (const char* parent : {"list", "other"})
    by_id(parent)->InsertBefore(document->CreateElement("s"), by_id(parent)->first_child());
  styles.Update(*document, environment);
  EXPECT_EQ(styles.StyleOf(*by_id("one"))->ColorOf("color"), (css::Color{0, 0, 0}));
  EXPECT_EQ(styles.StyleOf(*by_id("list")->first_child()->AsElement())->ColorOf("color"),
            (css::Color{255, 0, 0}));
  EXPECT_EQ(styles.StyleOf(*by_id("other")->first_child()->AsElement())->ColorOf("color"),
            (css::Color{0, 0, 0}));
}

TEST(IncrementalStyle, RestylesTheChangedElementAndTheSiblingsItsRulesDependOn) {
  auto document = dom::ParseHtml(
      "<style>li:first-child { color: red } .on { color: blue }</style>"
      "<ul><li id=one>1</li><li id=two>2</li></ul><p id=para>text</p><p id=other>more</p>");
  css::MediaEnvironment environment;
  style::DocumentStyle styles(*document, *ParseUrl("http://example.test/"), {}, environment);
  auto by_id = [&](const char* id) { return ElementById(*document, id); };
  const css::ComputedStyle* other_before = styles.StyleOf(*by_id("other"));
  by_id("para")->SetAttribute("class", "on");
  styles.Update(*document, environment);
  EXPECT_TRUE(styles.Touched(*by_id("para")));
  EXPECT_TRUE(styles.Touched(*document->body()));  // on the way
  EXPECT_FALSE(styles.Touched(*by_id("other")));
  EXPECT_FALSE(styles.Touched(*by_id("one")));
  EXPECT_EQ(styles.StyleOf(*by_id("other")), other_before);
  EXPECT_EQ(styles.StyleOf(*by_id("para"))->ColorOf("color"), (css::Color{0, 0, 255}));

  // A new first item: the old first one is no longer :first-child.
  dom::Element* list = by_id("one")->parent()->AsElement();
  auto zero = document->CreateElement("li");
  list->InsertBefore(std::move(zero), by_id("one"));
  styles.Update(*document, environment);
  EXPECT_TRUE(styles.Touched(*by_id("one")));
  EXPECT_FALSE(styles.Touched(*by_id("para")));
  EXPECT_EQ(styles.StyleOf(*by_id("one"))->ColorOf("color"), (css::Color{0, 0, 0}));
  EXPECT_EQ(styles.StyleOf(*list->first_child()->AsElement())->ColorOf("color"),
            (css::Color{255, 0, 0}));

  // A new sheet restyles everything.
  auto sheet = document->CreateElement("style");
  sheet->AppendChild(document->CreateText("p { color: green }"));
  document->body()->AppendChild(std::move(sheet));
  styles.Update(*document, environment);
  EXPECT_TRUE(styles.Touched(*by_id("other")));
  EXPECT_EQ(styles.StyleOf(*by_id("other"))->ColorOf("color"), (css::Color{0, 128, 0}));
}

// What a sibling's rules read of it besides its attributes: its children (:empty), and
// which siblings a selector counts (:nth-child(An+B of S)), with no + or ~ in the sheet.
TEST(IncrementalStyle, RestylesSiblingsThatReadAnotherSiblingsChildrenOrClass) {
  css::MediaEnvironment environment;
  Url base = *ParseUrl("http://example.test/");
  auto red = css::Color{255, 0, 0};
  auto empty =
      dom::ParseHtml("<style>div:empty + p { color: red }</style><div id=d></div><p id=p>x</p>");
  style::DocumentStyle empty_styles(*empty, base, {}, environment);
  const dom::Element* p = empty->GetElementsByTagName("p").front();
  EXPECT_EQ(empty_styles.StyleOf(*p)->ColorOf("color"), red);
  empty->GetElementsByTagName("div").front()->AppendChild(empty->CreateElement("b"));
  empty_styles.Update(*empty, environment);
  EXPECT_NE(empty_styles.StyleOf(*p)->ColorOf("color"), red);

  auto counted = dom::ParseHtml(
      "<style>li:nth-child(1 of .x) { color: red }</style><ul><li class=x>A<li class=x>B</ul>");
  style::DocumentStyle counted_styles(*counted, base, {}, environment);
  auto items = counted->GetElementsByTagName("li");
  EXPECT_NE(counted_styles.StyleOf(*items[1])->ColorOf("color"), red);
  items[0]->RemoveAttribute("class");
  counted_styles.Update(*counted, environment);
  EXPECT_EQ(counted_styles.StyleOf(*items[1])->ColorOf("color"), red);
}

// Counts the paragraphs laid out.
class CountingLines : public layout::InlineFormatter {
 public:
  layout::LineBoxes LayOutLines(const layout::Box&,
                                double,
                                const std::vector<layout::AtomicInline>&,
                                const std::vector<layout::LineBand>&) override {
    ++paragraphs;
    return {18, 14, 14, {}, {}};
  }
  layout::IntrinsicWidths LineWidths(const layout::Box&,
                                     const std::vector<layout::AtomicInline>&,
                                     const std::vector<layout::AtomicInline>&) override {
    return {50, 100};
  }
  std::optional<std::pair<double, double>> NaturalSize(const layout::Box&) override {
    return std::nullopt;
  }
  int paragraphs = 0;
};

TEST(IncrementalLayout, LaysOutAgainOnlyTheParagraphAChangeTouched) {
  std::string html = "<body>";
  for (int i = 0; i < 100; ++i)
    html += "<div><p>paragraph " + std::to_string(i) + "</p></div>";
  auto document = dom::ParseHtml(html);
  css::MediaEnvironment environment;
  style::DocumentStyle styles(*document, *ParseUrl("http://example.test/"), {}, environment);
  layout::LayoutCache cache;
  CountingLines lines;
  auto boxes = layout::BuildBoxTree(*document, styles);
  layout::Fragment root = layout::LayOutBlocks(*boxes, 800, 600, lines, &cache);
  EXPECT_EQ(lines.paragraphs, 100);

  auto paragraphs = document->GetElementsByTagName("p");
  paragraphs[40]->SetAttribute("style", "margin-top: 50px");
  styles.Update(*document, environment);
  std::vector<const layout::Box*> discarded;
  boxes = layout::BuildBoxTree(*document, styles, std::move(boxes), &discarded);
  for (const layout::Box* box : discarded)
    cache.Forget(*box);
  lines.paragraphs = 0;
  layout::Fragment previous = std::move(root);
  root = layout::LayOutBlocks(*boxes, 800, 600, lines, &cache);
  EXPECT_EQ(lines.paragraphs, 1);
  // The blocks after it moved down by what its margin added; those before did not move.
  EXPECT_EQ(root.children[0].children[0].children[39].y,
            previous.children[0].children[0].children[39].y);
  EXPECT_GT(root.children[0].children[0].children[41].y,
            previous.children[0].children[0].children[41].y);

  // Another width: everything is laid out again.
  lines.paragraphs = 0;
  previous = std::move(root);
  root = layout::LayOutBlocks(*boxes, 700, 600, lines, &cache);
  EXPECT_EQ(lines.paragraphs, 100);
}

}  // namespace
}  // namespace nexus::web
