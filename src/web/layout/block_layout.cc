#include "web/layout/block_layout.h"

#include <algorithm>

#include "web/layout/float_context.h"
#include "web/layout/layout_cache.h"
#include "web/layout/layout_engine.h"

namespace nexus::web::layout {
namespace {

// Boxes whose margins never collapse with their children's (CSS 2.2 §8.3.1): those that
// make a new block formatting context.
bool EstablishesContext(const Box& box) {
  if (!box.style || !box.parent || !box.parent->parent)
    return true;  // the viewport and the root
  const Display& display = box.display;
  if (display.inner != Inner::kFlow || display.outer == Outer::kInline)
    return true;
  if (box.parent->display.inner == Inner::kFlex || box.parent->display.inner == Inner::kGrid)
    return true;
  std::string overflow = box.style->Keyword("overflow-x");
  return IsOutOfFlow(*box.style) || (overflow != "visible" && overflow != "clip");
}

const dom::Element* ElementOf(const Box& box) {
  return box.node && !box.anonymous ? box.node->AsElement() : nullptr;
}

// Quirks mode's margin quirks as Chromium has them (the HTML standard's §15.3.3 says less):
// a body's and a table cell's first blocks, and the first blocks of those whose margins
// collapse with them, lose the user-agent top margins of paragraphs, headings, lists, block
// quotes and preformatted text where they meet the container's top; at a cell's bottom only
// a paragraph's bottom margin goes (a list or heading keeps its own there, as in Chromium).
bool IsQuirkyContainer(const Box& box) {
  const dom::Element* element = ElementOf(box);
  if (!element || !element->owner_document()->quirks_mode || box.pseudo_element.size())
    return false;
  const std::string& tag = element->tag_name();
  return tag == "body" || tag == "td" || tag == "th";
}

bool HasQuirkyMargin(const Box& box, bool top) {
  const dom::Element* element = ElementOf(box);
  if (!element || !element->owner_document()->quirks_mode || !box.pseudo_element.empty() ||
      !box.style || !box.style->user_agent_margin(top))
    return false;
  static const char* kTags[] = {"blockquote", "dir",       "dl",  "h1",      "h2",   "h3",
                                "h4",         "h5",        "h6",  "listing", "menu", "ol",
                                "p",          "plaintext", "pre", "ul",      "xmp"};
  const std::string& tag = element->tag_name();
  if (!top)
    return tag == "p";
  return std::any_of(std::begin(kTags), std::end(kTags), [&](const char* t) { return tag == t; });
}

// HTML's align attribute and <center> (text-align: -webkit-center, -webkit-right) move the
// blocks inside too, as Chromium does: a block without auto margins is centred (or pushed
// right) in the room its margins leave.
void AlignInParent(const Box& box, double containing_width, HorizontalGeometry& h) {
  if (!box.parent || !box.parent->style || !box.style || IsOutOfFlow(*box.style) ||
      !box.display.IsBlockLevel() || box.display.IsTableInternal() ||
      (box.parent->display.inner != Inner::kFlow && box.parent->display.inner != Inner::kFlowRoot &&
       box.parent->display.inner != Inner::kTableCell))
    return;
  std::string align = box.parent->style->Keyword("text-align");
  if (align != "-webkit-center" && align != "-webkit-right")
    return;
  const css::ComputedStyle& style = *box.style;
  auto margin_left = style.LengthOf("margin-left"), margin_right = style.LengthOf("margin-right");
  if (!margin_left || !margin_right)
    return;  // auto margins place it themselves
  double left = margin_left->ToPixels(style.Context(containing_width));
  double right = margin_right->ToPixels(style.Context(containing_width));
  double room = containing_width - left - h.border_box_width() - right;
  if (room > 0)
    h.margin_left = left + (align == "-webkit-center" ? room / 2 : room);
}

}  // namespace

bool HasInlineContent(const Box& box) {
  bool lines = false;
  for (const auto& child : box.children) {
    if (child->IsInlineLevel())
      lines = true;
    else if (!child->style || !IsOutOfFlow(*child->style))
      return false;
  }
  return lines;
}

bool IsFloat(const css::ComputedStyle& style) {
  std::string floating = style.Keyword("float");
  return !floating.empty() && floating != "none" && style.Keyword("position") != "absolute" &&
         style.Keyword("position") != "fixed";
}

void CollectInlineOutOfFlow(const Box& container,
                            std::vector<const Box*>& floats,
                            std::vector<const Box*>& positioned) {
  for (const auto& child : container.children) {
    if (child->kind == BoxKind::kText || child->kind == BoxKind::kLineBreak)
      continue;  // their style is their parent's
    if (child->style && IsFloat(*child->style))
      floats.push_back(child.get());
    else if (child->style && IsOutOfFlow(*child->style))
      positioned.push_back(child.get());
    else if (child->kind == BoxKind::kContainer && child->display.outer == Outer::kInline &&
             child->display.inner == Inner::kFlow)
      CollectInlineOutOfFlow(*child, floats, positioned);
  }
}

Fragment StaticPosition(const Box& box, double x, double y) {
  Fragment placeholder;
  placeholder.box = &box;
  placeholder.x = placeholder.content_x = x;
  placeholder.y = placeholder.content_y = y;
  placeholder.awaiting_position = true;
  return placeholder;
}

double MarginRight(const Box& box, double containing_width) {
  auto length = box.style ? box.style->LengthOf("margin-right") : std::nullopt;
  return length ? length->ToPixels(box.style->Context(containing_width)) : 0;
}

Laid LayoutEngine::LayOutOutOfFlow(const Box& box, double containing_width) {
  const css::ComputedStyle& style = *box.style;
  if (box.display.inner == Inner::kTable)
    return Lay(box, containing_width, std::nullopt);
  SizingContext context{containing_width, std::nullopt, viewport_width_, viewport_height_};
  double width = BlockWidths(style, context).border_box_width();
  if (!style.LengthOf("width")) {
    // Shrink-to-fit (CSS 2.2 §10.3.5): as wide as its content wants, no wider than there is.
    IntrinsicWidths widths = Widths(box);
    auto margin = [&](const char* side) {
      auto length = style.LengthOf(side);
      return length ? length->ToPixels(style.Context(containing_width)) : 0.0;
    };
    double margins = margin("margin-left") + margin("margin-right");
    width = std::max(0.0, std::min(std::max(widths.min, containing_width), widths.max) - margins);
  }
  return Lay(box, containing_width, std::nullopt, {width});
}

void Translate(Fragment& fragment, double dx, double dy) {
  fragment.x += dx;
  fragment.y += dy;
  fragment.content_x += dx;
  fragment.content_y += dy;
  for (Fragment& child : fragment.children)
    Translate(child, dx, dy);
}

Laid LayoutEngine::Lay(const Box& box,
                       double containing_width,
                       std::optional<double> containing_height,
                       const Imposed& imposed,
                       const FlowPosition& where) {
  if (!cache_)
    return LayOut(box, containing_width, containing_height, imposed, where);
  // Kept: blocks in normal flow of a block container (laid out once a layout, as their
  // parent asks), with nothing imposed, nothing positioned inside, and no floats around that
  // they would flow beside or add to.
  const Box* parent = box.parent;
  bool own_context = EstablishesContext(box);
  bool floats_around = where.floats && !where.floats->empty() && !own_context;
  bool keepable =
      parent && parent->parent && !floats_around &&
      (parent->display.inner == Inner::kFlow || parent->display.inner == Inner::kFlowRoot) &&
      !imposed.border_box_width && !imposed.height_is_minimum && imposed.min_content_height == 0 &&
      !imposed.borders && box.style && !IsOutOfFlow(*box.style);
  // (Whether anything inside is positioned is asked last: it walks the box's subtree once.)
  LayoutCache::Constraints constraints{containing_width, containing_height,
                                       where.quirky_container_start};
  if (keepable) {
    std::optional<Laid> kept = cache_->Find(box, constraints);
    if (kept && !cache_->HasPositioned(box))
      return std::move(*kept);
  }
  Laid laid = LayOut(box, containing_width, containing_height, imposed, where);
  bool added_floats = where.floats && !where.floats->empty() && !own_context;
  if (keepable && !added_floats && !laid.fragment.cut && !cache_->HasPositioned(box))
    cache_->Store(box, constraints, laid);
  else
    cache_->Drop(box);
  return laid;
}

Laid LayoutEngine::LayOut(const Box& box,
                          double containing_width,
                          std::optional<double> containing_height,
                          const Imposed& imposed,
                          const FlowPosition& where) {
  SizingContext context{containing_width, containing_height, viewport_width_, viewport_height_};
  const css::ComputedStyle& style = *box.style;
  HorizontalGeometry h = BlockWidths(style, context);
  double edges = h.border_left + h.padding_left + h.padding_right + h.border_right;
  bool table = box.display.inner == Inner::kTable;
  if (table) {
    auto margin = [&](const char* side) {
      auto length = style.LengthOf(side);
      return length ? length->ToPixels(style.Context(containing_width)) : 0.0;
    };
    double available = containing_width - margin("margin-left") - margin("margin-right");
    h = BlockWidthsAt(style, context, TableWidth(box, available) - edges);
  } else if (box.kind == BoxKind::kReplaced) {
    h = BlockWidthsAt(style, context, ReplacedSize(box, context).first);
  } else if (imposed.border_box_width) {
    h = BlockWidthsAt(style, context, std::max(0.0, *imposed.border_box_width - edges));
    auto margin_left = style.LengthOf("margin-left");  // auto is 0 here: no centring
    h.margin_left = margin_left ? margin_left->ToPixels(style.Context(containing_width)) : 0;
  }
  if (!imposed.border_box_width)
    AlignInParent(box, containing_width, h);
  VerticalEdges v = BlockVerticalEdges(style, context);
  std::optional<std::array<double, 4>> borders = imposed.borders;
  if (table && style.Keyword("border-collapse") == "collapse") {
    // A collapsing table keeps half its borders (its cells have the other halves) and no
    // paddings (CSS 2.2 §17.6.2).
    borders = CollapsedTableBorders(box);
    h.content_width += h.padding_left + h.padding_right;
    h.padding_left = h.padding_right = v.padding_top = v.padding_bottom = 0;
  }
  if (borders) {
    h.content_width += h.border_left + h.border_right - (*borders)[1] - (*borders)[3];
    v.border_top = (*borders)[0];
    h.border_right = (*borders)[1];
    v.border_bottom = (*borders)[2];
    h.border_left = (*borders)[3];
  }
  bool own_context = EstablishesContext(box);
  bool top_open = !own_context && v.border_top == 0 && v.padding_top == 0;
  bool height_auto = !style.LengthOf("height") ||
                     (style.LengthOf("height")->has_percentage() && !containing_height);
  bool bottom_open = !own_context && v.border_bottom == 0 && v.padding_bottom == 0 && height_auto;

  Laid laid;
  laid.fragment.box = &box;
  bool quirky_top = HasQuirkyMargin(box, true);
  if (!(quirky_top && where.quirky_container_start))
    laid.top.Add(v.margin_top, quirky_top);
  bool quirky_container = IsQuirkyContainer(box);
  double content_left = h.border_left + h.padding_left;
  double content_top = v.border_top + v.padding_top;
  laid.fragment.content_x = content_left;
  laid.fragment.content_y = content_top;
  SizingContext inner{h.content_width, std::nullopt, viewport_width_, viewport_height_};
  double definite_height = BlockContentHeight(style, 0, context);
  if (!height_auto)
    inner.containing_height = definite_height;

  // The floats around: a box that makes a formatting context starts its own, with its border
  // box's top left as the origin; others share their parent's (FlowPosition).
  FloatContext own_floats;
  FloatContext* floats = own_context || !where.floats ? &own_floats : where.floats;
  double origin_x = floats == &own_floats ? 0 : where.x + h.margin_left;
  double origin_y = floats == &own_floats ? 0 : where.y;
  double content_left_in_context = origin_x + content_left;
  double content_top_in_context = origin_y + content_top;

  double cursor = 0;  // from the content box's top
  CollapsedMargin pending;
  bool content_seen = false;
  // A float: laid out shrink-to-fit, placed as high as the content so far allows.
  auto place_float = [&](const Box& child, double y) {
    Laid floated = LayOutOutOfFlow(child, h.content_width);
    double margin_top = floated.top.Resolve();
    double margin_left = floated.fragment.x;
    double width = margin_left + floated.fragment.width + MarginRight(child, h.content_width);
    double height = margin_top + floated.fragment.height + floated.bottom.Resolve();
    FloatSide side =
        child.style->Keyword("float") == "right" ? FloatSide::kRight : FloatSide::kLeft;
    // A float that clears goes with its top margin edge below the floats it clears.
    if (std::string clear = child.style->Keyword("clear"); !clear.empty() && clear != "none") {
      y = std::max(y, floats->ClearanceBottom(clear == "left" || clear == "both",
                                              clear == "right" || clear == "both"));
    }
    FloatContext::Placed placed = floats->Place(side, width, height, y, content_left_in_context,
                                                content_left_in_context + h.content_width);
    Translate(floated.fragment, placed.x - origin_x, placed.y + margin_top - origin_y);
    laid.fragment.children.push_back(std::move(floated.fragment));
  };
  if (table) {
    laid.fragment.width = h.border_box_width();
    cursor = LayOutTableContent(box, laid.fragment, h.content_width, where.page_y);
    content_seen = true;
  } else if (box.kind == BoxKind::kReplaced) {
    cursor = ReplacedSize(box, context).second;
    content_seen = true;
  } else if (box.display.inner == Inner::kGrid) {
    cursor = LayOutGridContent(box, laid.fragment, h.content_width,
                               height_auto ? std::nullopt : std::optional<double>(definite_height));
    content_seen = true;
  } else if (box.display.inner == Inner::kFlex) {
    cursor = LayOutFlexContent(box, laid.fragment, h.content_width,
                               height_auto ? std::nullopt : std::optional<double>(definite_height));
    content_seen = true;
  } else if (HasInlineContent(box)) {
    std::vector<const Box*> inline_floats, inline_positioned;
    CollectInlineOutOfFlow(box, inline_floats, inline_positioned);
    for (const Box* floated : inline_floats)
      place_float(*floated, content_top_in_context);  // at the paragraph's top (to refine)
    for (const Box* positioned : inline_positioned)
      laid.fragment.children.push_back(StaticPosition(*positioned, content_left, content_top));
    std::vector<LineBand> bands =
        floats->empty()
            ? std::vector<LineBand>{}
            : floats->Bands(content_left_in_context, content_top_in_context, h.content_width);
    std::vector<Fragment> atomic_fragments;
    std::vector<AtomicInline> atomics = LayOutAtomics(box, h.content_width, atomic_fragments);
    LineBoxes lines = inline_.LayOutLines(box, h.content_width, atomics, bands);
    cursor = lines.height;
    // An atomic inline is content even on a line of no height (an empty inline-block in
    // quirks mode): margins do not collapse through its block.
    content_seen = cursor > 0 || !atomics.empty();
    for (size_t i = 0; i < atomic_fragments.size() && i < lines.atomic_positions.size(); ++i) {
      auto [x, y] = lines.atomic_positions[i];
      Translate(atomic_fragments[i], content_left + x, content_top + y);
      laid.fragment.children.push_back(std::move(atomic_fragments[i]));
    }
    if (lines.last_baseline)
      laid.fragment.baseline = content_top + *lines.last_baseline;
    for (const InlinePiece& piece : lines.pieces) {
      Fragment fragment;
      fragment.box = piece.box;
      fragment.x = fragment.content_x = content_left + piece.x;
      fragment.y = fragment.content_y = content_top + piece.y;
      fragment.width = piece.width;
      fragment.height = piece.height;
      fragment.inline_box = true;
      laid.fragment.children.push_back(std::move(fragment));
    }
  } else {
    // A first frame stops below its bottom, from the first child after the last one that
    // may paint above where it sits (found when first needed).
    std::optional<size_t> may_stop_from;
    for (size_t index = 0; index < box.children.size(); ++index) {
      const auto& child = box.children[index];
      if (child->IsInlineLevel())
        continue;  // inline runs are wrapped by now
      if (stop_below_ && where.page_y && content_seen &&
          *where.page_y + content_top + cursor + std::min(0.0, pending.Resolve()) > *stop_below_) {
        if (!may_stop_from) {
          may_stop_from = box.children.size();
          while (*may_stop_from > index &&
                 !MayPaintAbove(*box.children[*may_stop_from - 1], false, false))
            --*may_stop_from;
        }
        if (index >= *may_stop_from) {
          laid.fragment.cut = true;
          break;
        }
      }
      if (child->style && IsFloat(*child->style)) {
        place_float(*child, content_top_in_context + cursor +
                                (content_seen || !top_open ? pending.Resolve() : 0));
        continue;
      }
      if (child->style && IsOutOfFlow(*child->style)) {
        // Absolutely positioned: placed once its containing block is (PlaceAbsolutes).
        laid.fragment.children.push_back(StaticPosition(
            *child, content_left,
            content_top + cursor + (content_seen || !top_open ? pending.Resolve() : 0)));
        continue;
      }
      const css::ComputedStyle& child_style = *child->style;
      bool at_quirky_start =
          !content_seen && (quirky_container || (where.quirky_container_start && top_open));
      // A quirky margin dropped at the container's start takes no room here either.
      double child_margin_top = at_quirky_start && HasQuirkyMargin(*child, true)
                                    ? 0
                                    : BlockVerticalEdges(child_style, inner).margin_top;
      if (std::string clear = child_style.Keyword("clear"); !clear.empty() && clear != "none") {
        // Clearance (CSS 2.2 §9.5.2): the box's border box goes below the floats it clears,
        // and its margins no longer collapse with what is above.
        double bottom = floats->ClearanceBottom(clear == "left" || clear == "both",
                                                clear == "right" || clear == "both");
        CollapsedMargin above = pending;
        above.Add(child_margin_top);
        double top =
            content_top_in_context + cursor + (content_seen || !top_open ? above.Resolve() : 0);
        if (top < bottom) {
          cursor = bottom - content_top_in_context - child_margin_top;
          pending = CollapsedMargin();
          content_seen = true;
        }
      }
      CollapsedMargin above = pending;
      above.Add(child_margin_top);
      double child_top =
          content_top_in_context + cursor + (content_seen || !top_open ? above.Resolve() : 0);
      double child_width = h.content_width;
      double shift = 0;
      if (EstablishesContext(*child) && !floats->empty()) {
        // A formatting context's box keeps out of the floats' way (CSS 2.2 §9.5).
        auto [from, to] = floats->Room(child_top, child_top + 1, content_left_in_context,
                                       content_left_in_context + h.content_width);
        shift = from - content_left_in_context;
        child_width = std::max(0.0, to - from);
      }
      std::optional<double> child_page_y;
      if (where.page_y)
        child_page_y = *where.page_y + child_top - origin_y;
      Laid placed =
          Lay(*child, child_width, inner.containing_height, {},
              {floats, content_left_in_context, child_top, at_quirky_start, child_page_y});
      Translate(placed.fragment, shift, 0);
      laid.fragment.cut |= placed.fragment.cut;
      if (placed.collapses_through) {
        CollapsedMargin above = pending;
        above.Add(placed.top_alone);
        double top = content_seen || !top_open ? cursor + above.Resolve() : cursor;
        Translate(placed.fragment, content_left, content_top + top);
        laid.fragment.children.push_back(std::move(placed.fragment));
        pending.Add(placed.top);
        continue;
      }
      if (!content_seen && top_open) {
        laid.top.Add(pending);  // the first child's top margin leaves through the parent's
        laid.top.Add(placed.top);
      } else {
        pending.Add(placed.top);
        cursor += pending.Resolve();
      }
      Translate(placed.fragment, content_left, content_top + cursor);
      cursor += placed.fragment.height;
      laid.fragment.children.push_back(std::move(placed.fragment));
      pending = placed.bottom;
      content_seen = true;
    }
    for (auto child = laid.fragment.children.rbegin(); child != laid.fragment.children.rend();
         ++child) {
      if (child->baseline) {
        laid.fragment.baseline = child->y + *child->baseline;
        break;
      }
    }
  }
  if (box.kind == BoxKind::kWidget)
    cursor = std::max(cursor, NaturalWidgetSize(box).height);

  if (floats == &own_floats && !own_floats.empty()) {
    // A formatting context's box grows to hold its floats (CSS 2.2 §10.6.7).
    double floats_bottom = own_floats.ClearanceBottom(true, true) - content_top;
    if (floats_bottom > cursor + pending.Resolve()) {
      cursor = floats_bottom;
      pending = CollapsedMargin();
      content_seen = true;
    }
  }

  if (quirky_container && ElementOf(box)->tag_name() != "body")
    pending.DropQuirky();  // its last paragraphs' bottom margins
  double content_height;
  if (!content_seen && top_open && bottom_open && definite_height == 0) {
    // Nothing inside and nothing in the way: its margins collapse through it.
    laid.top.Add(pending);
    laid.top_alone = laid.top;
    laid.top.Add(v.margin_bottom, HasQuirkyMargin(box, false));
    laid.bottom = laid.top;
    laid.collapses_through = true;
    content_height = 0;
  } else if (bottom_open && content_seen) {
    laid.bottom = pending;  // the last child's bottom margin leaves through the parent's
    laid.bottom.Add(v.margin_bottom, HasQuirkyMargin(box, false));
    content_height = cursor;
  } else {
    content_height = cursor + pending.Resolve();
    laid.bottom.Add(v.margin_bottom, HasQuirkyMargin(box, false));
  }
  double used_height = BlockContentHeight(style, content_height, context);
  if (imposed.height_is_minimum)
    used_height = std::max(used_height, content_height);
  laid.room_below_content = std::max(0.0, used_height - content_height);
  laid.fragment.width = h.border_box_width();
  laid.fragment.height =
      v.border_top + v.padding_top + used_height + v.padding_bottom + v.border_bottom;
  Translate(laid.fragment, h.margin_left, 0);
  return laid;
}

Fragment LayOutBlocks(const Box& viewport,
                      double viewport_width,
                      double viewport_height,
                      InlineFormatter& inline_formatter,
                      LayoutCache* cache,
                      std::optional<double> stop_below) {
  if (cache)
    cache->SetViewport(viewport_width, viewport_height);
  LayoutEngine layout(viewport_width, viewport_height, inline_formatter, cache);
  if (stop_below)
    layout.StopBelow(*stop_below);
  Fragment root;
  root.box = &viewport;
  root.width = viewport_width;
  double cursor = 0;
  for (const auto& child : viewport.children) {
    // The root's margins do not collapse with anything (CSS 2.2 §8.3.1).
    FlowPosition where;
    where.page_y = cursor;
    Laid laid = layout.Lay(*child, viewport_width, viewport_height, {}, where);
    cursor += laid.top.Resolve();
    Translate(laid.fragment, 0, cursor);
    cursor += laid.fragment.height + laid.bottom.Resolve();
    root.cut |= laid.fragment.cut;
    root.children.push_back(std::move(laid.fragment));
  }
  root.height = std::max(viewport_height, cursor);
  layout.PlacePositioned(root);
  if (layout.cut_unusable())  // the whole page, then (what was kept is still kept)
    return LayOutBlocks(viewport, viewport_width, viewport_height, inline_formatter, cache);
  if (cache)
    cache->Refresh(root);
  return root;
}

}  // namespace nexus::web::layout
