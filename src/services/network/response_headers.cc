#include "services/network/response_headers.h"

#include <algorithm>
#include <cctype>

#include "base/ascii.h"

namespace nexus::network {

namespace {

std::string_view TrimLineEnd(std::string_view value) {
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  return value;
}

}  // namespace

void AddResponseHeaderLine(HeaderMap& headers, std::string_view line) {
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();
    return;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos)
    return;
  std::string name = AsciiLowercase(line.substr(0, colon));
  if (name == "set-cookie")
    return;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  value = TrimLineEnd(value);
  std::string& stored = headers[name];
  stored = stored.empty() ? std::string(value) : stored + ", " + std::string(value);
}

std::string_view SetCookieValue(std::string_view line) {
  constexpr std::string_view kSetCookie = "set-cookie:";
  if (line.size() <= kSetCookie.size() || !StartsWithIgnoringAsciiCase(line, kSetCookie))
    return {};
  std::string_view value = line.substr(kSetCookie.size());
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n'))
    value.remove_suffix(1);
  return value;
}

std::string MediaType(const HeaderMap& headers) {
  auto found = headers.find("content-type");
  std::string type = found == headers.end() ? "" : found->second;
  type = type.substr(0, type.find(';'));
  type.erase(
      std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }),
      type.end());
  return AsciiLowercase(type);
}

}  // namespace nexus::network
