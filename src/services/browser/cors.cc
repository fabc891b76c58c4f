#include "services/browser/cors.h"

#include <algorithm>
#include <set>

#include "base/ascii.h"

namespace nexus::browser {
namespace {

// HTTP's optional whitespace (RFC 9110, section 5.6.3) is space and tab only.
std::string Trimmed(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  size_t end = text.find_last_not_of(" \t");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

bool IsToken(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
                                  std::string_view::npos;
  });
}

const std::string* Find(const HeaderList& headers, const std::string& lower_name) {
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoringAsciiCase(name, lower_name))
      return &value;
  }
  return nullptr;
}

// A comma-separated header's items, lower-cased and trimmed.
std::set<std::string> Items(const std::string* value) {
  std::set<std::string> items;
  if (!value)
    return items;
  size_t at = 0;
  while (at <= value->size()) {
    size_t comma = value->find(',', at);
    std::string item = Trimmed(value->substr(at, comma == std::string::npos ? std::string::npos : comma - at));
    if (!item.empty())
      items.insert(AsciiLowercase(item));
    if (comma == std::string::npos)
      break;
    at = comma + 1;
  }
  return items;
}

bool IsSafelistedRequestHeader(const std::string& lower_name, const std::string& value) {
  if (lower_name == "accept" || lower_name == "accept-language" || lower_name == "content-language")
    return value.size() <= 128;
  if (lower_name == "content-type") {
    std::string type = AsciiLowercase(Trimmed(value.substr(0, value.find(';'))));
    return type == "text/plain" || type == "multipart/form-data" ||
           type == "application/x-www-form-urlencoded";
  }
  return false;
}

}  // namespace

std::string OriginOf(const web::Url& url) {
  if (url.scheme != "http" && url.scheme != "https")
    return "null";
  // The host carries its port; a default one is left out, as origins serialise it.
  std::string host = url.host;
  std::string default_port = url.scheme == "https" ? ":443" : ":80";
  if (host.size() > default_port.size() && host.ends_with(default_port))
    host.resize(host.size() - default_port.size());
  return url.scheme + "://" + host;
}

Status CheckRequestHeaders(const HeaderList& headers) {
  static const std::set<std::string> kForbidden = {
      "accept-charset", "accept-encoding", "access-control-request-headers",
      "access-control-request-method", "connection", "content-length", "cookie", "cookie2", "date",
      "dnt", "expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer",
      "transfer-encoding", "upgrade", "via"};
  for (const auto& [name, value] : headers) {
    std::string lower = AsciiLowercase(name);
    if (!IsToken(name))
      return Error("'" + name.substr(0, 100) + "' is not a valid header name");
    if (value.find_first_of("\r\n") != std::string::npos || value.find('\0') != std::string::npos)
      return Error("the value of header " + name + " has a line break or a NUL");
    if (kForbidden.count(lower) || lower.rfind("proxy-", 0) == 0 || lower.rfind("sec-", 0) == 0)
      return Error("a page may not set the header " + name);
  }
  return OkStatus();
}

Result<std::string> NormalizeMethod(const std::string& method) {
  if (method.empty())
    return std::string("GET");
  if (!IsToken(method))
    return Error("'" + method.substr(0, 100) + "' is not a valid method");
  std::string upper = method;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper == "CONNECT" || upper == "TRACE" || upper == "TRACK")
    return Error("the method " + method + " is forbidden");
  static const std::set<std::string> kStandard = {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"};
  return kStandard.count(upper) ? upper : method;
}

bool IsSimpleRequest(const std::string& method, const HeaderList& headers) {
  if (method != "GET" && method != "HEAD" && method != "POST")
    return false;
  return std::all_of(headers.begin(), headers.end(), [](const auto& header) {
    return IsSafelistedRequestHeader(AsciiLowercase(header.first), header.second);
  });
}

Status CheckCorsResponse(const std::string& origin, const HeaderList& headers) {
  const std::string* allowed = Find(headers, "access-control-allow-origin");
  if (!allowed)
    return Error("CORS: no Access-Control-Allow-Origin header in the answer to " + origin);
  std::string value = Trimmed(*allowed);
  if (value != "*" && value != origin)
    return Error("CORS: Access-Control-Allow-Origin is '" + value.substr(0, 200) + "', not " + origin);
  return OkStatus();
}

Status CheckPreflight(const std::string& origin, int status, const std::string& method,
                      const HeaderList& request_headers, const HeaderList& response_headers) {
  if (status < 200 || status > 299)
    return Error("CORS: the preflight was answered with HTTP " + std::to_string(status));
  TRY_STATUS(CheckCorsResponse(origin, response_headers));
  std::set<std::string> methods = Items(Find(response_headers, "access-control-allow-methods"));
  bool method_allowed = method == "GET" || method == "HEAD" || method == "POST" ||
                        methods.count("*") || methods.count(AsciiLowercase(method));
  if (!method_allowed)
    return Error("CORS: the method " + method + " is not in Access-Control-Allow-Methods");
  std::set<std::string> names = Items(Find(response_headers, "access-control-allow-headers"));
  for (const auto& [name, value] : request_headers) {
    std::string lower = AsciiLowercase(name);
    if (!IsSafelistedRequestHeader(lower, value) && !names.count("*") && !names.count(lower))
      return Error("CORS: the header " + name + " is not in Access-Control-Allow-Headers");
  }
  return OkStatus();
}

HeaderList FilterResponseHeaders(const HeaderList& headers, bool cross_origin) {
  static const std::set<std::string> kSafelisted = {"cache-control", "content-language",
                                                     "content-length", "content-type", "expires",
                                                     "last-modified", "pragma"};
  std::set<std::string> exposed = Items(Find(headers, "access-control-expose-headers"));
  HeaderList kept;
  for (const auto& [name, value] : headers) {
    std::string lower = AsciiLowercase(name);
    if (lower == "set-cookie" || lower == "set-cookie2")
      continue;
    if (cross_origin && !kSafelisted.count(lower) && !exposed.count(lower) && !exposed.count("*"))
      continue;
    kept.emplace_back(lower, value);
  }
  return kept;
}

}  // namespace nexus::browser
