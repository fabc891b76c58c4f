// What generated boxes say: the text of ::before and ::after (CSS Generated Content 3: strings,
// attr(), quotes, counter() and counters()) and of list markers (CSS Lists 3 with CSS Counter
// Styles' predefined styles).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "web/css/computed_style.h"
#include "web/dom/node.h"
#include "web/layout/counters.h"

namespace nexus::web::layout {

// The `content` of a ::before or ::after as text; none when it makes no box (none, normal).
// `quote_depth` is how many quotes are open, which open-quote and close-quote change;
// `counters` what counter() and counters() read.
std::optional<std::string> ContentText(const css::ComputedStyle& style,
                                       const dom::Element& element,
                                       int& quote_depth,
                                       CounterState& counters);

// A list item's marker for its `list-style-type` and ordinal ("3. ", "• ", "iv. "); "" for
// none.
std::string MarkerText(const css::ComputedStyle& style, int ordinal);

}  // namespace nexus::web::layout
