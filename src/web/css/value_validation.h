// What a declaration's value must look like to be kept (CSS Syntax 3 §8, CSS Cascade 5
// §6.4): a value the property's grammar does not accept makes the declaration invalid, and
// the parser drops it, so that what an earlier declaration set still holds (`width: -30px`,
// `width: 10px 20px`, `height:` and the hacks old pages carry). Checked here for the
// properties layout reads as lengths, colours and keywords; others are kept as written.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "web/css/parser.h"

namespace nexus::web::css {

// The value to keep for `longhand` (lower case), or none when it is invalid. In quirks
// mode a unitless number is a length in px where HTML's quirks allow it (width, margins,
// ...: Quirks Mode §3.1), and comes back as such. Values with var() wait for the computed
// value; CSS-wide keywords are always valid.
std::optional<std::vector<ComponentValue>> ValidatedValue(std::string_view longhand,
                                                          const std::vector<ComponentValue>& value,
                                                          bool quirks_mode = false);

}  // namespace nexus::web::css
