// The pieces of an HTTP response the network service reads itself (curl parses the rest):
// header lines as curl hands them over, and the media type. Both take a server's bytes.
#pragma once

#include <string>
#include <string_view>

#include "services/network/cache_policy.h"

namespace nexus::network {

// Adds one header line ("Name: value\r\n") to `headers`, the name in lower case, a repeated
// field joined with ", ". A status line ("HTTP/1.1 200 OK") starts a new response (after a
// 100 Continue, or a redirect's hop) and clears them. Set-Cookie is left out: cookies are
// the jar's, never replayed from the cache. Lines without a colon are ignored.
void AddResponseHeaderLine(HeaderMap& headers, std::string_view line);

// The value of a Set-Cookie line, or nothing when the line is another field.
std::string_view SetCookieValue(std::string_view line);

// "text/html; charset=utf-8" -> "text/html": lower case, parameters and spaces gone.
std::string MediaType(const HeaderMap& headers);

}  // namespace nexus::network
