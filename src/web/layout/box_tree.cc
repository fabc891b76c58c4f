#include "web/layout/box_tree.h"

#include <algorithm>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "web/layout/generated_content.h"

namespace nexus::web::layout {
namespace {

using BoxList = std::vector<std::unique_ptr<Box>>;

bool IsReplacedElement(const std::string& tag) {
  return tag == "img" || tag == "video" || tag == "canvas" || tag == "iframe" || tag == "embed" ||
         tag == "object" || tag == "svg" || tag == "audio";
}

// The text a form control shows: its current value, a button's caption, the selected
// option, or a placeholder; none for controls that show no text (checkboxes, ranges, ...).
std::optional<std::string> WidgetLabel(const dom::Element& element) {
  const std::string& tag = element.tag_name();
  auto attribute = [&](const char* name) { return element.GetAttribute(name); };
  if (tag == "textarea")
    return element.Value();
  if (tag == "select") {
    std::vector<const dom::Element*> options;
    std::function<void(const dom::Node&)> collect = [&](const dom::Node& node) {
      for (const auto& child : node.children()) {
        const dom::Element* option = child->AsElement();
        if (option && option->tag_name() == "option")
          options.push_back(option);
        else if (option && option->tag_name() == "optgroup")
          collect(*option);
      }
    };
    collect(element);
    if (options.empty())
      return std::nullopt;
    const dom::Element* shown = options.front();
    for (const dom::Element* option : options) {
      if (option->HasAttribute("selected"))
        shown = option;
    }
    return shown->TextContent();
  }
  if (tag != "input")
    return std::nullopt;
  std::string type = AsciiLowercase(attribute("type").value_or("text"));
  if (type == "submit" || type == "reset" || type == "button") {
    if (auto value = attribute("value"))
      return std::string(*value);
    return type == "submit" ? "Submit" : type == "reset" ? "Reset" : "";
  }
  if (type == "checkbox" || type == "radio" || type == "range" || type == "color" ||
      type == "file" || type == "image" || type == "hidden")
    return std::nullopt;
  // What the control holds now (a script may have changed it), a password as bullets.
  if (std::string value = element.Value(); !value.empty()) {
    if (type != "password")
      return value;
    std::string dots;
    for (unsigned char c : value) {
      if ((c & 0xC0) != 0x80)  // one per character, not per byte
        dots += "\u2022";
    }
    return dots;
  }
  if (auto placeholder = attribute("placeholder"))
    return std::string(*placeholder);
  return std::nullopt;
}

bool IsWidget(const dom::Element& element) {
  const std::string& tag = element.tag_name();
  return tag == "input" || tag == "select" || tag == "textarea" || tag == "meter" ||
         tag == "progress";
}

// Anonymous boxes' styles made during one BuildBoxTree, by their parent's style: a page's
// anonymous blocks mostly sit in a few styles' boxes. Only for one build: boxes point at
// styles the DocumentStyle owns, so an address names one style only while that lasts.
using AnonymousStyles =
    std::unordered_map<const css::ComputedStyle*, std::shared_ptr<const css::ComputedStyle>>;
thread_local AnonymousStyles* anonymous_styles = nullptr;

// The style of an anonymous box: what it inherits from its parent, initial values besides.
std::shared_ptr<const css::ComputedStyle> AnonymousStyle(const Box& parent) {
  std::shared_ptr<const css::ComputedStyle>* known =
      anonymous_styles ? &(*anonymous_styles)[parent.style.get()] : nullptr;
  if (known && *known)
    return *known;
  auto style = css::ComputedStyle::Compute({}, parent.style.get(),
                                           parent.style ? parent.style->root_font_size() : 16);
  if (known)
    *known = style;
  return style;
}

// colspan, rowspan and span as HTML §4.9.12.1 reads them: clamped, `fallback` when missing
// or not a number.
uint16_t SpanAttribute(const dom::Element& element,
                       const char* name,
                       int fallback,
                       int low,
                       int high) {
  auto value = element.GetAttribute(name);
  if (!value)
    return static_cast<uint16_t>(fallback);
  try {
    return static_cast<uint16_t>(std::clamp(std::stoi(std::string(*value)), low, high));
  } catch (const std::exception&) {
    return static_cast<uint16_t>(fallback);
  }
}

std::unique_ptr<Box> Anonymous(const Box& parent, Display display) {
  auto box = std::make_unique<Box>();
  box->anonymous = true;
  box->display = display;
  box->style = AnonymousStyle(parent);
  return box;
}

Display BlockFlow() {
  return Display{Outer::kBlock, Inner::kFlow, false, false, false, ""};
}

// In flow and block-level: what breaks inline content into blocks around it.
bool IsInFlowBlock(const Box& box) {
  return box.kind == BoxKind::kContainer || box.kind == BoxKind::kReplaced ||
                 box.kind == BoxKind::kWidget
             ? box.display.IsBlockLevel() && !(box.style && IsOutOfFlow(*box.style))
             : false;
}

bool IsInlineFlow(const Box& box) {
  return box.kind == BoxKind::kContainer && box.display.outer == Outer::kInline &&
         box.display.inner == Inner::kFlow;
}

bool ContainsBlock(const Box& inline_box) {
  for (const auto& child : inline_box.children) {
    if (IsInFlowBlock(*child) || (IsInlineFlow(*child) && ContainsBlock(*child)))
      return true;
  }
  return false;
}

// An empty part of `inline_box`, for the pieces it is broken into.
std::unique_ptr<Box> Part(const Box& inline_box, bool continuation) {
  auto part = std::make_unique<Box>();
  part->display = inline_box.display;
  part->node = inline_box.node;
  part->pseudo_element = inline_box.pseudo_element;
  part->anonymous = inline_box.anonymous;
  part->continuation = continuation;
  part->style = inline_box.style;
  return part;
}

// CSS 2.2 §9.2.1.1: an inline box with a block inside is broken around it; the pieces are
// the inline's parts (before, between, after) and the blocks, in order.
BoxList SplitAroundBlocks(std::unique_ptr<Box> inline_box) {
  BoxList out;
  if (!ContainsBlock(*inline_box)) {
    out.push_back(std::move(inline_box));
    return out;
  }
  std::unique_ptr<Box> current = Part(*inline_box, false);
  auto take = [&](std::unique_ptr<Box> piece) {
    if (IsInFlowBlock(*piece)) {
      out.push_back(std::move(current));
      out.push_back(std::move(piece));
      current = Part(*inline_box, true);
    } else {
      current->Append(std::move(piece));
    }
  };
  for (auto& child : inline_box->children) {
    if (IsInlineFlow(*child) && ContainsBlock(*child)) {
      for (auto& piece : SplitAroundBlocks(std::move(child)))
        take(std::move(piece));
    } else {
      take(std::move(child));
    }
  }
  out.push_back(std::move(current));
  return out;
}

// Runs of consecutive children for which `belongs` holds are moved into a box `make` gives.
template <typename Belongs, typename Make>
void WrapRuns(Box& box, Belongs belongs, Make make) {
  if (std::none_of(box.children.begin(), box.children.end(),
                   [&](const std::unique_ptr<Box>& child) { return belongs(*child); }))
    return;  // nearly always: nothing to wrap, nothing to move
  BoxList children = std::move(box.children);
  box.children.clear();
  Box* run = nullptr;
  for (auto& child : children) {
    if (!belongs(*child)) {
      run = nullptr;
      box.Append(std::move(child));
      continue;
    }
    if (!run)
      run = box.Append(make());
    run->Append(std::move(child));
  }
}

void DropCollapsibleWhitespace(Box& box) {
  std::erase_if(box.children,
                [](const std::unique_ptr<Box>& child) { return child->IsCollapsibleWhitespace(); });
}

bool IsTableContainer(const Box& box, Inner inner) {
  return box.kind == BoxKind::kContainer && box.display.inner == inner;
}

// CSS 2.2 §17.2.1: what a table, a row group and a row may hold, with anonymous rows, cells
// and tables made around what is misplaced.
void FixUpTables(Box& box) {
  Inner inner = box.display.inner;
  auto is = [](Inner kind) {
    return [kind](const Box& child) {
      return child.kind == BoxKind::kContainer && child.display.inner == kind;
    };
  };
  auto make = [&](Inner kind) {
    return [&box, kind] {
      Display display = BlockFlow();
      display.inner = kind;
      return Anonymous(box, display);
    };
  };
  if (inner == Inner::kTable || inner == Inner::kTableRowGroup || inner == Inner::kTableRow)
    DropCollapsibleWhitespace(box);
  if (inner == Inner::kTableRow) {
    WrapRuns(
        box, [&](const Box& child) { return !is(Inner::kTableCell)(child); },
        make(Inner::kTableCell));
    return;
  }
  if (inner == Inner::kTableRowGroup) {
    WrapRuns(
        box, [&](const Box& child) { return !is(Inner::kTableRow)(child); },
        make(Inner::kTableRow));
  } else if (inner == Inner::kTable) {
    WrapRuns(
        box,
        [&](const Box& child) {
          return !(child.kind == BoxKind::kContainer && child.display.IsTableInternal() &&
                   child.display.inner != Inner::kTableCell);
        },
        make(Inner::kTableRow));
  } else if (inner != Inner::kTableColumnGroup) {
    // Elsewhere: cells outside rows get a row, rows and groups outside tables a table.
    WrapRuns(box, is(Inner::kTableCell), make(Inner::kTableRow));
    WrapRuns(
        box,
        [&](const Box& child) {
          return child.kind == BoxKind::kContainer && child.display.IsTableInternal();
        },
        [&box] {
          Display display = BlockFlow();
          display.inner = Inner::kTable;
          if (IsInlineFlow(box))
            display.outer = Outer::kInline;
          return Anonymous(box, display);
        });
  }
  // Anonymous rows made here may hold non-cells: fix them as rows.
  for (auto& child : box.children) {
    if (child->anonymous && IsTableContainer(*child, Inner::kTableRow))
      FixUpTables(*child);
  }
}

// A block container holds only inline-level or only block-level boxes (CSS 2.2 §9.2.1.1).
void FixUpBlockContainer(Box& box) {
  bool has_block = false;
  for (const auto& child : box.children) {
    if (IsInFlowBlock(*child) || (IsInlineFlow(*child) && ContainsBlock(*child)))
      has_block = true;
  }
  if (!has_block)
    return;
  BoxList children = std::move(box.children);
  box.children.clear();
  for (auto& child : children) {
    if (IsInlineFlow(*child) && ContainsBlock(*child)) {
      for (auto& piece : SplitAroundBlocks(std::move(child)))
        box.Append(std::move(piece));
    } else {
      box.Append(std::move(child));
    }
  }
  WrapRuns(
      box, [](const Box& child) { return !IsInFlowBlock(child); },
      [&box] { return Anonymous(box, BlockFlow()); });
  // A wrapper of nothing but collapsible white space (the newlines between blocks) goes.
  std::erase_if(box.children, [](const std::unique_ptr<Box>& child) {
    if (!child->anonymous || child->display.inner != Inner::kFlow)
      return false;
    for (const auto& grandchild : child->children) {
      if (!grandchild->IsCollapsibleWhitespace())
        return false;
    }
    return true;
  });
}

// Flex and grid containers: every child is an item; text runs become anonymous items, and
// collapsible white space between items is not rendered (CSS Flexbox §4).
void FixUpItems(Box& box) {
  DropCollapsibleWhitespace(box);
  WrapRuns(
      box, [](const Box& child) { return child.kind == BoxKind::kText; },
      [&box] { return Anonymous(box, BlockFlow()); });
}

// Boxes an element alone makes and nothing else changes: blocks, atomic inlines, replaced
// elements and widgets (an inline box may be split around blocks by its parent's fix-up).
bool IsKeepable(const Box& box) {
  return !box.anonymous && !box.continuation && box.pseudo_element.empty() && box.node &&
         box.node->AsElement() && box.kind != BoxKind::kText && box.kind != BoxKind::kLineBreak &&
         !(box.display.outer == Outer::kInline && box.display.inner == Inner::kFlow);
}

class Builder {
 public:
  Builder(const style::DocumentStyle& styles, const MissingImage& missing_image)
      : styles_(styles), missing_image_(missing_image) {}

  // Offers the boxes of `previous`, by element, where they sit in it.
  void KeepFrom(Box& previous) {
    for (auto& child : previous.children) {
      if (!child)
        continue;
      if (IsKeepable(*child)) {
        auto [it, fresh] = previous_.emplace(child->node->AsElement(), &child);
        if (!fresh)
          it->second = nullptr;  // two boxes for one element: build it again
      }
      KeepFrom(*child);
    }
  }

  // `element`'s boxes, appended to `parent`.
  void BuildElement(const dom::Element& element, Box& parent, bool root = false) {
    const css::ComputedStyle* style = styles_.StyleOf(element);
    if (!style)
      return;
    Display display = DisplayOf(*style);
    if (display.none)
      return;
    // Counters change as the element starts, its siblings' instances hidden below it.
    int scope = depth_;
    uint64_t counter_uses = counters_.custom_uses();
    if (display.contents) {
      counters_.Apply(*style, scope, display.list_item);
      BuildChildren(element, *style, parent);
      counters_.LeaveScope(scope + 1);
      return;
    }
    bool parent_lays_out_items =
        parent.display.inner == Inner::kFlex || parent.display.inner == Inner::kGrid;
    if (IsOutOfFlow(*style) || parent_lays_out_items || root)
      display = Blockified(display);
    if (!root && Keep(element, display, parent))
      return;
    counters_.Apply(*style, scope, display.list_item);
    // HTML numbers list items itself (<ol start reversed>, <li value>): list-item follows.
    if (display.list_item && element.tag_name() == "li")
      counters_.Set("list-item", ordinal_, scope);

    auto box = std::make_unique<Box>();
    box->node = &element;
    box->display = display;
    box->style = Shared(style);
    const std::string& tag = element.tag_name();
    if (!element.attributes().empty()) {
      if (tag == "td" || tag == "th") {
        box->column_span = SpanAttribute(element, "colspan", 1, 1, 1000);
        box->row_span = SpanAttribute(element, "rowspan", 1, 0, 65534);
      } else if (tag == "col" || tag == "colgroup") {
        box->column_span = SpanAttribute(element, "span", 1, 1, 1000);
      }
    }
    if (tag == "br") {
      if (std::string clear = style->Keyword("clear"); !clear.empty() && clear != "none") {
        // <br clear>: the line ends and what follows goes below the floats: an empty block
        // with that clearance, which also ends the line.
        box->display = BlockFlow();
      } else {
        box->kind = BoxKind::kLineBreak;
      }
      parent.Append(std::move(box));
      return;
    }
    if (ShowsAltText(element, *style)) {
      // A box of its own (an inline-block where the image was inline) holding the text,
      // sized by it: the size asked of the image is not this box's.
      box->kind = BoxKind::kContainer;
      box->broken_image = true;
      if (display.outer == Outer::kInline)
        box->display = Display{Outer::kInline, Inner::kFlowRoot, false, false, false, ""};
      box->style = style->ForAltText();
      AppendText(*box, std::string(*element.GetAttribute("alt")), box->style);
      parent.Append(std::move(box));
      return;
    }
    if (IsReplacedElement(tag) || IsWidget(element)) {
      box->kind = IsWidget(element) ? BoxKind::kWidget : BoxKind::kReplaced;
      if (auto label = WidgetLabel(element); label && !label->empty())
        AppendText(*box, std::move(*label), box->style);
      parent.Append(std::move(box));
      return;
    }

    box->list_ordinal = display.list_item ? counters_.Values("list-item").back() : ordinal_;
    box->quote_depth_before = quote_depth_;
    if (display.list_item)
      AddMarker(element, *box);
    AddGenerated(element, "before", *box, scope + 1);
    BuildChildren(element, *style, *box);
    AddGenerated(element, "after", *box, scope + 1);
    counters_.LeaveScope(scope + 1);
    FixUp(*box);
    box->quote_depth_after = quote_depth_;
    box->uses_counters = counters_.custom_uses() != counter_uses;
    parent.Append(std::move(box));
  }

  // Moves the element's box over from the previous tree when nothing it was built from
  // changed: the element and what is below it untouched by the last restyle, the same
  // display, list number and quote nesting.
  bool Keep(const dom::Element& element, const Display& display, Box& parent) {
    if (styles_.Touched(element))
      return false;
    auto it = previous_.find(&element);
    if (it == previous_.end() || !it->second || !*it->second)
      return false;
    const Box& old = **it->second;
    if (!(old.display == display) || old.quote_depth_before != quote_depth_ || old.uses_counters ||
        (element.tag_name() == "li" && old.list_ordinal != ordinal_))
      return false;
    quote_depth_ = old.quote_depth_after;
    parent.Append(std::move(*it->second));
    return true;
  }

  // An <img> without its picture that shows its alt text: one with alt text, unless it keeps
  // the size it was given (quirks mode, as Chromium has it).
  bool ShowsAltText(const dom::Element& element, const css::ComputedStyle& style) const {
    if (element.tag_name() != "img" || !missing_image_ || !missing_image_(element))
      return false;
    auto alt = element.GetAttribute("alt");
    if (!alt || alt->empty())
      return false;
    bool sized = style.LengthOf("width") && style.LengthOf("height");
    const dom::Document* document = element.owner_document();
    return !(sized && document && document->quirks_mode);
  }

  void FixUp(Box& box) {
    FixUpTables(box);
    if (box.display.inner == Inner::kFlex || box.display.inner == Inner::kGrid)
      FixUpItems(box);
    else if (box.IsBlockContainer())
      FixUpBlockContainer(box);
  }

 private:
  void BuildChildren(const dom::Element& element, const css::ComputedStyle& style, Box& box) {
    // HTML's list-item counter: <ol start> and <ol reversed>, <li value>.
    int ordinal = 1, step = 1;
    if (element.tag_name() == "ol") {
      step = element.HasAttribute("reversed") ? -1 : 1;
      if (step < 0)
        ordinal = CountListItems(element);
      if (auto start = element.GetAttribute("start"))
        ordinal = ParseInteger(*start).value_or(ordinal);
    }
    int saved_ordinal = ordinal_;
    ++depth_;
    // A closed <details> shows its summary alone (HTML §4.11.1's slots: the rest is not
    // rendered until it opens).
    bool closed_details = element.tag_name() == "details" && !element.HasAttribute("open");
    bool summary_seen = false;
    box.children.reserve(box.children.size() + element.children().size());  // mostly a box each
    for (const auto& child : element.children()) {
      if (closed_details) {
        const dom::Element* summary = child->AsElement();
        if (!summary || summary->tag_name() != "summary" || summary_seen)
          continue;
        summary_seen = true;
      }
      if (const dom::Element* child_element = child->AsElement()) {
        if (closed_details) {
          // Chromium keeps a closed <details>'s content in a block of its own that hides it
          // (content-visibility: hidden, a formatting context): empty, it still keeps the
          // summary's bottom margin inside the details.
          BuildElement(*child_element, box);
          box.Append(
              Anonymous(box, Display{Outer::kBlock, Inner::kFlowRoot, false, false, false, ""}));
          continue;
        }
        if (child_element->tag_name() == "li") {
          if (auto value = child_element->GetAttribute("value"))
            ordinal = ParseInteger(*value).value_or(ordinal);
          ordinal_ = ordinal;
          ordinal += step;
        }
        BuildElement(*child_element, box);
      } else if (child->type() == dom::NodeType::kText) {
        const auto& data = static_cast<const dom::CharacterData*>(child.get())->data();
        if (!data.empty())
          AppendText(box, data, Shared(&style));
      }
    }
    --depth_;
    ordinal_ = saved_ordinal;
  }

  static std::optional<int> ParseInteger(std::string_view text) {
    text = TrimAsciiWhitespace(text);
    bool negative = !text.empty() && text[0] == '-';
    if (negative || (!text.empty() && text[0] == '+'))
      text.remove_prefix(1);
    if (text.empty() || text[0] < '0' || text[0] > '9')
      return std::nullopt;
    long value = 0;
    for (size_t i = 0; i < text.size() && text[i] >= '0' && text[i] <= '9' && value < 1e9; ++i)
      value = value * 10 + (text[i] - '0');
    return static_cast<int>(negative ? -value : value);
  }

  static int CountListItems(const dom::Element& list) {
    int count = 0;
    for (const auto& child : list.children()) {
      const dom::Element* element = child->AsElement();
      count += element && element->tag_name() == "li";
    }
    return count;
  }

  void AppendText(Box& box, std::string text, std::shared_ptr<const css::ComputedStyle> style) {
    auto run = std::make_unique<Box>();
    run->kind = BoxKind::kText;
    run->text = std::move(text);
    run->style = std::move(style);
    run->display = Display{Outer::kInline, Inner::kFlow, false, false, false, ""};
    box.Append(std::move(run));
  }

  void AddMarker(const dom::Element& element, Box& box) {
    const css::ComputedStyle* marker_style = styles_.PseudoStyleOf(element, "marker");
    std::shared_ptr<const css::ComputedStyle> style =
        marker_style ? Shared(marker_style) : AnonymousStyle(box);
    std::string text = MarkerText(*box.style, box.list_ordinal);
    if (text.empty())
      return;
    auto marker = std::make_unique<Box>();
    marker->node = &element;
    marker->pseudo_element = "marker";
    marker->display = Display{Outer::kInline, Inner::kFlow, false, false, false, ""};
    marker->style = style;
    AppendText(*marker, std::move(text), style);
    box.Append(std::move(marker));
  }

  void AddGenerated(const dom::Element& element, const char* pseudo, Box& box, int scope) {
    const css::ComputedStyle* style = styles_.PseudoStyleOf(element, pseudo);
    if (!style)
      return;
    counters_.Apply(*style, scope, false);
    auto text = ContentText(*style, element, quote_depth_, counters_);
    Display display = DisplayOf(*style);
    if (!text || display.none)
      return;
    auto generated = std::make_unique<Box>();
    generated->node = &element;
    generated->pseudo_element = pseudo;
    generated->display = display.contents ? Display{} : display;
    generated->style = Shared(style);
    if (!text->empty())
      AppendText(*generated, std::move(*text), generated->style);
    FixUp(*generated);
    box.Append(std::move(generated));
  }

  // Boxes point at styles the DocumentStyle owns: a shared_ptr that does not own.
  static std::shared_ptr<const css::ComputedStyle> Shared(const css::ComputedStyle* style) {
    return std::shared_ptr<const css::ComputedStyle>(std::shared_ptr<void>(), style);
  }

  const style::DocumentStyle& styles_;
  const MissingImage& missing_image_;
  // The previous tree's boxes that may be kept, by element: the slots that own them there.
  std::unordered_map<const dom::Element*, std::unique_ptr<Box>*> previous_;
  int ordinal_ = 1;      // the list item being built
  int quote_depth_ = 0;  // open-quote and close-quote nesting, in tree order
  CounterState counters_;
  int depth_ = 0;  // of the element being built: its counter instances' scope
};

}  // namespace

std::unique_ptr<Box> BuildBoxTree(const dom::Document& document,
                                  const style::DocumentStyle& styles,
                                  std::unique_ptr<Box> previous,
                                  std::vector<const Box*>* discarded,
                                  const MissingImage& missing_image) {
  auto viewport = std::make_unique<Box>();
  viewport->anonymous = true;
  viewport->display = Display{Outer::kBlock, Inner::kFlowRoot, false, false, false, ""};
  viewport->style = css::ComputedStyle::Compute({}, nullptr);
  AnonymousStyles made_here;
  anonymous_styles = &made_here;
  struct Done {
    ~Done() { anonymous_styles = nullptr; }
  } done;
  Builder builder(styles, missing_image);
  if (previous)
    builder.KeepFrom(*previous);
  if (const dom::Element* root = document.document_element())
    builder.BuildElement(*root, *viewport, true);
  builder.FixUp(*viewport);
  if (previous && discarded) {
    std::vector<const Box*> stack = {previous.get()};
    while (!stack.empty()) {
      const Box* box = stack.back();
      stack.pop_back();
      discarded->push_back(box);
      for (const auto& child : box->children) {
        if (child)  // null where a kept box was moved out
          stack.push_back(child.get());
      }
    }
  }
  return viewport;
}

}  // namespace nexus::web::layout
