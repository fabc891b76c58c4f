// URLs as main handles them: parsing what a user typed, and the site a URL belongs to
// (scheme + registrable domain, from the public suffix list), which picks its renderer.
#pragma once

#include <string>

#include "base/result.h"

namespace nexus::web {

struct Url {
  std::string spec;    // the whole URL, normalised
  std::string scheme;  // lower case, no ':'
  std::string host;    // lower case; empty for file: and data:
  std::string path;    // for data: everything after "data:"
  std::string query;   // without '?'
};

Result<Url> ParseUrl(const std::string& text);
// Whether a page at `document` may load `resource` (a stylesheet, an image): main asks this of
// every subresource, whoever wants it fetched.
Status CheckSubresourceAllowed(const Url& document, const Url& resource);
// The schemes a tab can load: http, https, file and data (nexus: is main's own).
bool IsLoadableScheme(const std::string& scheme);
// `reference` (an href or src) against the document's URL `base`, as RFC 3986 section 5
// resolves it: scheme-relative, absolute and relative paths with dot segments, query-only.
Result<Url> ResolveUrl(const Url& base, const std::string& reference);
// A URL, or a path to a local file (made absolute, must exist) as file://.
Result<Url> UrlFromUserInput(const std::string& input);
// "https://example.co.uk" for https://www.example.co.uk/a; "file://" for every file;
// hosts without a registrable domain (localhost, IP addresses) stand for themselves.
std::string SiteForUrl(const Url& url);
// Decodes %XX escapes; invalid escapes are kept as they are.
std::string PercentDecode(const std::string& text);
// The value of `key` in a query string "a=1&b=2", percent-decoded; empty if absent.
std::string QueryValue(const std::string& query, const std::string& key);

}  // namespace nexus::web
