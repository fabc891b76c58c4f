// Locale-independent ASCII, as HTTP, URLs and CSS need; std::tolower depends on the locale.
#pragma once

#include <string>
#include <string_view>

namespace nexus {

// `text` with A-Z mapped to a-z; every other byte (UTF-8 included) is kept.
std::string AsciiLowercase(std::string_view text);

// `text` without the ASCII whitespace (space, \t, \n, \r, \f, \v) at either end.
std::string_view TrimAsciiWhitespace(std::string_view text);

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);
bool StartsWithIgnoringAsciiCase(std::string_view text, std::string_view prefix);

}  // namespace nexus
