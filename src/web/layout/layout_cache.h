// What block layout laid out last time, kept from one layout of a page to the next (LayoutNG's
// layout result cache, for blocks in normal flow): a box whose boxes below did not change
// (box_tree.cc keeps them) and that is laid out under the same constraints, with no floats
// around, takes its last fragments again instead of being laid out again. So a script's
// change lays out again what it touched and the blocks around it, not the page.
#pragma once

#include <optional>
#include <unordered_map>

#include "web/layout/layout_engine.h"

namespace nexus::web::layout {

class LayoutCache {
 public:
  // What a block's layout depends on besides its boxes.
  struct Constraints {
    double containing_width = 0;
    std::optional<double> containing_height;
    bool quirky_container_start = false;
    bool operator==(const Constraints&) const = default;
  };

  // The box's last result, when it was laid out under the same constraints and its fragments
  // are in the last layout (at y = 0, as Lay returns them).
  std::optional<Laid> Find(const Box& box, const Constraints& constraints) const;
  // What the box was just laid out as; its fragments are found once the layout is done.
  // The last Lay of a box in a layout must be the one whose fragments the layout keeps (so
  // its lines too): every caller measures first and lays out for good last.
  void Store(const Box& box, const Constraints& constraints, const Laid& laid);
  // The box was laid out where a result is not kept.
  void Drop(const Box& box) {
    if (!entries_.empty())
      entries_.erase(&box);
  }
  // The box is gone.
  void Forget(const Box& box);
  // Once a layout is done: where each stored box's fragment landed in `root`, which must
  // stay as it is until the next layout.
  void Refresh(const Fragment& root);
  // Whether the box or one below it is positioned: positioning moves fragments after layout,
  // so that what a layout left is not what Lay returned.
  bool HasPositioned(const Box& box);
  // Lengths in vw and vh change with the viewport: nothing kept from another size holds.
  void SetViewport(double width, double height);

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Constraints constraints;
    Laid margins;                        // the result without its fragment
    double x = 0, y = 0;                 // where Lay returned the fragment
    const Fragment* fragment = nullptr;  // in the last layout
    bool twice = false;                  // seen twice there: not one Lay returned
  };
  std::unordered_map<const Box*, Entry> entries_;
  double viewport_width_ = 0, viewport_height_ = 0;
};

}  // namespace nexus::web::layout
