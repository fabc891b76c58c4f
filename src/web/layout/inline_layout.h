// Inline layout through pango (CSS Text 3, CSS Inline 3): a block container's inline content
// as one pango paragraph: its text runs with their fonts, white space processed by each
// run's `white-space`, <br> as a line separator, wrapped at the container's width and
// aligned by `text-align`. Pango breaks the lines (UAX #14, plus Blink's break after any
// space) and orders bidirectional text; the lines are stacked as CSS stacks line boxes, with
// vertical-align. Atomic inlines (inline-blocks, form controls, images), laid out by block
// layout, hold their place as shapes of their size; inline boxes take room for their margins,
// borders and paddings and get a rectangle per line; beside floats the lines are cut into
// bands.
#pragma once

#include <pango/pango.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "web/layout/block_layout.h"
#include "web/layout/box.h"
#include "web/layout/simple_text.h"

namespace nexus::web::layout {

struct PangoLayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using PangoLayoutPtr = std::unique_ptr<PangoLayout, PangoLayoutDeleter>;

// The data of a shape in a line that the painter draws itself (painter.cc): the icon
// Chromium shows for an image that did not load, before its alt text (at the top of its first
// line, taking no height) or alone (no alt attribute: a 16px square on the baseline); and an
// inside list marker Chromium draws as a shape: a <summary>'s disclosure triangle, open or
// closed, a disc, a circle or a square (the font's ascent in the shape's ink height).
enum class DrawnShape : intptr_t {
  kBrokenImageBesideAltText = 16,
  kBrokenImageAlone,
  kDisclosureOpen,
  kDisclosureClosed,
  kDisc,
  kCircle,
  kSquare,
};

// A line box (CSS 2.2 §10.8): from the segment's top, stacked as CSS stacks them (each at
// least as tall as the container's strut, which pango knows nothing of).
struct LineBox {
  double top = 0, baseline = 0, bottom = 0;
};

// Lines laid out together: all of a container's, or those of one band beside floats.
struct LineSegment {
  PangoLayoutPtr layout;
  double x = 0, y = 0;  // from the container's content box
  size_t start = 0;     // where its text starts in InlineContent::text
  std::vector<LineBox> lines;  // one per pango line
};

struct InlineContent {
  std::vector<LineSegment> segments;  // for painting, top to bottom
  std::string text;                   // what the runs became after white-space processing
  double height = 0;      // of all its lines
  int line_count = 0;
  double first_baseline = 0, last_baseline = 0;  // from the top of the first line
  double strut_ascent = 0, strut_descent = 0;  // of the container's font and line height
  // A plain line measured without pango (simple_text.h): no segments until Realize makes
  // them, when it is painted.
  bool deferred = false;
  double laid_width = 0;  // the content width it was laid out in
  // Where each atomic inline's margin box went (LineBoxes::atomic_positions).
  std::vector<std::pair<double, double>> atomic_positions;
  // Where each inline box is on each line (LineBoxes::pieces).
  std::vector<InlinePiece> pieces;
  // Underlines and line-throughs, line by line, drawn by the painter on whole pixels below
  // each line's painted baseline, as Chromium draws them.
  struct Decoration {
    size_t segment = 0, line = 0;
    double x = 0, width = 0;           // from the segment's left
    double offset = 0, thickness = 1;  // down from the baseline
    css::Color color;
  };
  std::vector<Decoration> decorations;
  // An outside list marker (CSS Lists 3 §3.1): beside the first line, left of the content
  // box, sharing the line's baseline; not part of the lines.
  PangoLayoutPtr marker;
  double marker_width = 0;
  // Or a disc, circle or square, which Chromium draws as a shape of its own size and place.
  struct Symbol {
    std::string type;  // "disc", "circle", "square"
    int ascent = 0;    // of the marker's font, rounded, which the shape is sized from
    css::Color color;
  };
  std::optional<Symbol> marker_symbol;
  // The outside marker's box: its list-style-image, when that image came, is drawn instead.
  const Box* outside_marker = nullptr;
};

// Each block container's inline content, laid out.
using LineMap = std::unordered_map<const Box*, InlineContent>;

// What the paragraphs of one layout share: paragraphs built to measure containers, kept so
// that laying them out next does not build and shape them again (a table measures each cell,
// then lays it out), and the widths of words measured (simple_text.h).
class InlineCache {
 public:
  InlineCache();
  ~InlineCache();
  struct Entry;
  std::map<const Box*, std::unique_ptr<Entry>> entries;
  WordWidths words;
  SimpleTextChecks simple_checks;
};

// `container`'s inline content laid out `content_width` wide, with `context`'s font map.
InlineContent LayOutInline(const Box& container,
                           double content_width,
                           PangoContext* context,
                           const std::vector<AtomicInline>& atomics = {},
                           const std::vector<LineBand>& bands = {},
                           InlineCache* cache = nullptr);

// The segments of a deferred line (one laid out from word widths): shaped now, on one line,
// aligned in the width it was laid out in.
void Realize(const Box& container, InlineContent& content, PangoContext* context);

// The min-content and max-content widths of `container`'s inline content.
IntrinsicWidths InlineWidths(const Box& container,
                             PangoContext* context,
                             const std::vector<AtomicInline>& narrowest = {},
                             const std::vector<AtomicInline>& widest = {},
                             InlineCache* cache = nullptr);

// A pango context on a cairo font map at 96 dpi (CSS pixels), for layout without a surface.
PangoContext* SharedPangoContext();

}  // namespace nexus::web::layout
