// HTML's presentational hints (HTML standard §15 "Rendering"): attributes that old and not so
// old pages still style with (bgcolor, text and link on body, align, valign, width, height,
// border, cellpadding, cellspacing, nowrap, hspace, vspace, <font>), as the CSS declarations
// the standard maps them to. They enter the cascade as author declarations that lose to every
// author rule.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/css/parser.h"
#include "web/css/values.h"
#include "web/dom/node.h"

namespace nexus::web::style {

std::vector<css::Declaration> PresentationalHints(const dom::Element& element);

// The same as CSS text ("" for none): what elements with the same hints share, so that a
// page of many alike cells parses them once.
std::string PresentationalHintsText(const dom::Element& element);

// HTML's "rules for parsing a legacy colour value": what bgcolor="ffcc00" or color="red"
// means (names, #rgb, and hex digits with junk in them, as browsers read them).
std::optional<css::Color> ParseLegacyColor(std::string_view text);

}  // namespace nexus::web::style
