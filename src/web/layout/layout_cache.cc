#include "web/layout/layout_cache.h"

#include <vector>

#include "web/css/parser.h"
#include "web/css/properties.h"

namespace nexus::web::layout {

std::optional<Laid> LayoutCache::Find(const Box& box, const Constraints& constraints) const {
  auto it = entries_.find(&box);
  if (it == entries_.end() || !it->second.fragment || !(it->second.constraints == constraints))
    return std::nullopt;
  const Entry& entry = it->second;
  Laid laid = entry.margins;
  laid.fragment = *entry.fragment;
  Translate(laid.fragment, entry.x - entry.fragment->x, entry.y - entry.fragment->y);
  return laid;
}

void LayoutCache::Store(const Box& box, const Constraints& constraints, const Laid& laid) {
  Entry& entry = entries_[&box];
  entry.constraints = constraints;
  entry.margins.top = laid.top;
  entry.margins.bottom = laid.bottom;
  entry.margins.top_alone = laid.top_alone;
  entry.margins.collapses_through = laid.collapses_through;
  entry.margins.room_below_content = laid.room_below_content;
  entry.x = laid.fragment.x;
  entry.y = laid.fragment.y;
  entry.fragment = nullptr;  // until Refresh finds where it landed
}

void LayoutCache::Forget(const Box& box) {
  entries_.erase(&box);
}

void LayoutCache::Refresh(const Fragment& root) {
  for (auto& [box, entry] : entries_)
    entry.fragment = nullptr;
  std::vector<const Fragment*> stack = {&root};
  while (!stack.empty()) {
    const Fragment* fragment = stack.back();
    stack.pop_back();
    if (auto it = fragment->box ? entries_.find(fragment->box) : entries_.end();
        it != entries_.end()) {
      it->second.twice = it->second.fragment != nullptr;
      it->second.fragment = fragment;
    }
    for (const Fragment& child : fragment->children)
      stack.push_back(&child);
  }
  for (auto& [box, entry] : entries_) {
    if (entry.twice)
      entry = Entry{};  // a box with two fragments is not one Lay returned
  }
}

bool LayoutCache::HasPositioned(const Box& box) {
  if (box.has_positioned >= 0)
    return box.has_positioned;
  static const size_t position_id = *css::LonghandId("position");
  bool positioned = false;
  if (box.kind != BoxKind::kText && box.style) {
    const std::vector<css::ComponentValue>& position = box.style->ValueAt(position_id);
    positioned = !(position.size() == 1 && css::IsIdent(position[0], "static"));
  }
  for (const auto& child : box.children)
    positioned = HasPositioned(*child) || positioned;
  box.has_positioned = positioned;
  return positioned;
}

void LayoutCache::SetViewport(double width, double height) {
  if (width == viewport_width_ && height == viewport_height_)
    return;
  entries_.clear();
  viewport_width_ = width;
  viewport_height_ = height;
}

}  // namespace nexus::web::layout
