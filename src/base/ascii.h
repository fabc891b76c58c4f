// Locale-independent ASCII, as HTTP, URLs and CSS need; std::tolower depends on the locale.
#pragma once

#include <string>
#include <string_view>

namespace nexus {

// `text` with A-Z mapped to a-z; every other byte (UTF-8 included) is kept.
std::string AsciiLowercase(std::string_view text);

// `text` without the ASCII whitespace (space, \t, \n, \r, \f, \v) at either end.
std::string_view TrimAsciiWhitespace(std::string_view text);

// Calls `each` with every run of non-whitespace in `text` (HTML's "split a string on ASCII
// whitespace": space, \t, \n, \f, \r), in order, as string_views into it.
template <typename Each>
void ForEachAsciiWord(std::string_view text, Each each) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find_first_of(" \t\n\r\f", at);
    if (end == std::string_view::npos)
      end = text.size();
    if (end > at)
      each(text.substr(at, end - at));
    at = end + 1;
  }
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);
bool StartsWithIgnoringAsciiCase(std::string_view text, std::string_view prefix);

}  // namespace nexus
