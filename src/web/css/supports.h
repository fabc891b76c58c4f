// @supports and CSS.supports() (CSS Conditional 3 §6, selector() from Conditional 4): whether
// a condition of declarations, selector() tests, not/and/or holds for this engine. A
// declaration holds when its property is one the engine knows and, for a shorthand, when the
// value fits the shorthand's grammar; longhand values are taken as they are written.
#pragma once

#include <string_view>
#include <vector>

#include "web/css/parser.h"

namespace nexus::web::css {

bool SupportsCondition(const std::vector<ComponentValue>& condition);
bool SupportsCondition(std::string_view condition);
// CSS.supports(property, value).
bool SupportsDeclaration(std::string_view property, std::string_view value);

}  // namespace nexus::web::css
