// The display property as layout reads it (CSS Display 3): the outer role a box plays in its
// parent's formatting context, the inner formatting context it makes for its children, and
// the box's own kinds (list items, table parts); plus blockification, which floats,
// absolutely positioned boxes, the root and flex and grid items undergo.
#pragma once

#include <string>

#include "web/css/computed_style.h"

namespace nexus::web::layout {

enum class Outer { kBlock, kInline, kRunIn };
enum class Inner {
  kFlow,
  kFlowRoot,
  kFlex,
  kGrid,
  kTable,
  kTableRowGroup,  // header and footer groups too (see `part`)
  kTableRow,
  kTableCell,
  kTableColumnGroup,
  kTableColumn,
  kTableCaption,
};

struct Display {
  Outer outer = Outer::kInline;
  Inner inner = Inner::kFlow;
  bool list_item = false;
  bool none = false;
  bool contents = false;
  std::string part;  // "table-header-group", "table-footer-group", ... as written

  bool IsBlockLevel() const { return outer == Outer::kBlock; }
  // Proper table children and parts: what the table fix-up rules (CSS 2.2 §17.2.1) move.
  bool IsTableInternal() const { return inner >= Inner::kTableRowGroup; }
  bool operator==(const Display&) const = default;
};

// An unknown value is `inline`, the initial value, as a browser that dropped it would have.
Display DisplayOf(const css::ComputedStyle& style);

// "inline" to "block", "inline-flex" to "flex", table parts to "block" (CSS Display 3 §2.7).
Display Blockified(Display display);

// Whether the style takes its box out of flow (float or absolute/fixed position).
bool IsOutOfFlow(const css::ComputedStyle& style);

// A transform, a filter or a perspective (or will-change or contain asking for one): the box
// is the containing block of its absolutely positioned and fixed descendants alike (CSS
// Transforms 1 §3, Filter Effects 1 §5, CSS Containment 2 §3), and their offsetParent.
bool ContainsFixedPositioned(const css::ComputedStyle& style);

}  // namespace nexus::web::layout
