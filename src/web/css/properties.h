// The longhand properties the style engine knows, each with its initial value and whether it
// inherits (CSS 2.2 and the modules issue 15 lists), and the shorthands that expand into them.
// Declarations of unknown properties are dropped, as browsers drop them; @supports asks this
// table.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/css/parser.h"

namespace nexus::web::css {

struct PropertyInfo {
  const char* name;
  bool inherited;
  const char* initial;  // as CSS text
};

// The longhands, in a fixed order: a property's index is its id.
const std::vector<PropertyInfo>& Longhands();
std::optional<size_t> LonghandId(std::string_view name);
bool IsShorthand(std::string_view name);
// Whether `name` is a property this engine knows, long or short.
bool IsKnownProperty(std::string_view name);

// A shorthand's value as its longhands' values (CSS text each), with what the shorthand
// leaves out reset to the longhand's initial value, as the spec says. An error when the
// value does not fit the shorthand's grammar: the declaration is then dropped. A longhand
// comes back as itself.
using Expanded = std::vector<std::pair<std::string, std::vector<ComponentValue>>>;
std::optional<Expanded> Expand(std::string_view name, const std::vector<ComponentValue>& value);

}  // namespace nexus::web::css
