#include "web/layout/float_context.h"

#include <algorithm>
#include <set>

namespace nexus::web::layout {

std::pair<double, double> FloatContext::Room(double top,
                                             double bottom,
                                             double left,
                                             double right) const {
  bottom = std::max(bottom, top + 1e-6);  // an empty band still meets the floats at its top
  for (const Float& placed : floats_) {
    if (placed.top >= bottom || placed.bottom <= top)
      continue;
    if (placed.side == FloatSide::kLeft)
      left = std::max(left, placed.right);
    else
      right = std::min(right, placed.left);
  }
  return {left, right};
}

FloatContext::Placed FloatContext::Place(FloatSide side,
                                         double width,
                                         double height,
                                         double y,
                                         double left,
                                         double right) {
  y = std::max(y, lowest_top_);  // no higher than an earlier float (§9.5.1 rule 5)
  while (true) {
    auto [from, to] = Room(y, y + height, left, right);
    // It fits, or nothing beside it is left to move down past.
    double next = std::numeric_limits<double>::infinity();
    for (const Float& placed : floats_) {
      if (placed.top < y + std::max(height, 1e-6) && placed.bottom > y)
        next = std::min(next, placed.bottom);
    }
    if (to - from >= width - 1e-6 || next == std::numeric_limits<double>::infinity()) {
      double x = side == FloatSide::kLeft ? from : to - width;
      floats_.push_back({side, x, y, x + width, y + height});
      lowest_top_ = y;
      return {x, y};
    }
    y = next;
  }
}

std::vector<LineBand> FloatContext::Bands(double left, double top, double width) const {
  std::set<double> edges;
  for (const Float& placed : floats_) {
    if (placed.bottom > top && placed.right > left && placed.left < left + width) {
      edges.insert(std::max(placed.top, top));
      edges.insert(placed.bottom);
    }
  }
  std::vector<LineBand> bands;
  double from = top;
  for (double edge : edges) {
    if (edge <= from)
      continue;
    auto [l, r] = Room(from, edge, left, left + width);
    bands.push_back({edge - top, l - left, left + width - r});
    from = edge;
  }
  bands.push_back({});
  // Neighbouring bands with the same room are one.
  std::vector<LineBand> merged;
  for (const LineBand& band : bands) {
    if (!merged.empty() && merged.back().left == band.left && merged.back().right == band.right)
      merged.back().end = band.end;
    else
      merged.push_back(band);
  }
  return merged;
}

double FloatContext::ClearanceBottom(bool left, bool right) const {
  double bottom = -std::numeric_limits<double>::infinity();
  for (const Float& placed : floats_) {
    if ((placed.side == FloatSide::kLeft && left) || (placed.side == FloatSide::kRight && right))
      bottom = std::max(bottom, placed.bottom);
  }
  return bottom;
}

}  // namespace nexus::web::layout
