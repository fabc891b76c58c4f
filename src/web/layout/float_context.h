// Floats in a block formatting context (CSS 2.2 §9.5): where each float goes (as high as it
// can, then as far left or right as it can, never above an earlier float, moving down past
// floats until it fits), how much room they leave a line or a block beside them, and where
// `clear` has to go. Coordinates are the formatting context's, in CSS px.
#pragma once

#include <limits>
#include <vector>

namespace nexus::web::layout {

enum class FloatSide { kLeft, kRight };

// A band of lines beside floats: from the previous band's end (or the top) to `end`, lines
// start `left` in from the content box's left edge and stop `right` in from its right edge.
struct LineBand {
  double end = std::numeric_limits<double>::infinity();
  double left = 0, right = 0;
};

class FloatContext {
 public:
  struct Placed {
    double x = 0, y = 0;  // the margin box's top left
  };

  // Places a float whose margin box is `width` x `height` in a containing block whose
  // content box spans [left, right] horizontally, no higher than `y`.
  Placed Place(FloatSide side, double width, double height, double y, double left, double right);

  // The room floats leave between `left` and `right` over [top, bottom): [left', right'].
  std::pair<double, double> Room(double top, double bottom, double left, double right) const;

  // The bands of room for lines in a content box at (`left`, `top`), `width` wide, from its
  // top down to where no float reaches it any more (the last band is endless), with band
  // ends relative to `top`.
  std::vector<LineBand> Bands(double left, double top, double width) const;

  // The bottom of the floats a `clear` value has to pass (none: -infinity).
  double ClearanceBottom(bool left, bool right) const;

  bool empty() const { return floats_.empty(); }

 private:
  struct Float {
    FloatSide side;
    double left, top, right, bottom;
  };
  std::vector<Float> floats_;
  double lowest_top_ = -std::numeric_limits<double>::infinity();
};

}  // namespace nexus::web::layout
