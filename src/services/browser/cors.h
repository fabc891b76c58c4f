// Same-origin rules and CORS (the Fetch standard) for what pages load by script: main, not the
// renderer, decides what a page's fetch() may send and what of the answer it may read.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "web/url/url.h"

namespace nexus::browser {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// "https://example.test:8443", or "null" for schemes without one (file:, data:).
std::string OriginOf(const web::Url& url);

// A page's request headers, checked: a forbidden name (Cookie, Host, Origin, Sec-*, Proxy-*,
// ...) or a malformed name or value is an error naming it.
Status CheckRequestHeaders(const HeaderList& headers);
// A method a page may use (CONNECT, TRACE and TRACK may not), upper-cased when it is one of
// the standard ones.
Result<std::string> NormalizeMethod(const std::string& method);

// Whether a cross-origin request goes without a preflight: GET, HEAD or POST with only
// CORS-safelisted headers (Accept, Accept-Language, Content-Language, and a Content-Type of
// text/plain, multipart/form-data or application/x-www-form-urlencoded).
bool IsSimpleRequest(const std::string& method, const HeaderList& headers);

// The cross-origin response may be read by a page of `origin`: Access-Control-Allow-Origin
// is "*" or that origin. `headers` are the response's (names in lower case).
Status CheckCorsResponse(const std::string& origin, const HeaderList& headers);
// A preflight (OPTIONS) answer allows this method and these headers from `origin`.
Status CheckPreflight(const std::string& origin, int status, const std::string& method,
                      const HeaderList& request_headers, const HeaderList& response_headers);

// What of a response's headers a page sees: never Set-Cookie; and of a cross-origin one only
// the CORS-safelisted ones and those Access-Control-Expose-Headers names.
HeaderList FilterResponseHeaders(const HeaderList& headers, bool cross_origin);

}  // namespace nexus::browser
