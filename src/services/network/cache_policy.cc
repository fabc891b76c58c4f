#include "services/network/cache_policy.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "base/ascii.h"
#include "services/network/public/cookie_jar.h"  // ParseCookieDate: the same HTTP-date grammar

namespace nexus::network {
namespace {

// HTTP's optional whitespace (RFC 9110, section 5.6.3) is space and tab only.
std::string Trim(const std::string& text) {
  size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos)
    return "";
  size_t last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

const std::string* Find(const HeaderMap& headers, const char* name) {
  auto it = headers.find(name);
  return it == headers.end() ? nullptr : &it->second;
}

// Times come from headers and from cache entries on disk: sums that would overflow stop at
// the largest value instead (a response that old or that fresh is simply never fresh).
int64_t Add(int64_t a, int64_t b) {
  int64_t sum;
  return __builtin_add_overflow(a, b, &sum) ? (b > 0 ? INT64_MAX : INT64_MIN) : sum;
}

int64_t Subtract(int64_t a, int64_t b) {
  int64_t difference;
  return __builtin_sub_overflow(a, b, &difference) ? (b < 0 ? INT64_MAX : INT64_MIN) : difference;
}

int64_t DateHeader(const HeaderMap& headers, const char* name) {
  const std::string* value = Find(headers, name);
  return value ? ParseCookieDate(*value) : -1;
}

}  // namespace

CacheControl ParseCacheControl(const std::string& value) {
  CacheControl control;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = std::min(value.find(',', start), value.size());
    std::string directive = AsciiLowercase(Trim(value.substr(start, end - start)));
    start = end + 1;
    size_t equals = directive.find('=');
    std::string name = Trim(directive.substr(0, equals));
    std::string argument = equals == std::string::npos ? "" : Trim(directive.substr(equals + 1));
    if (!argument.empty() && argument.front() == '"' && argument.back() == '"' && argument.size() >= 2)
      argument = argument.substr(1, argument.size() - 2);
    if (name == "no-store") {
      control.no_store = true;
    } else if (name == "no-cache") {
      control.no_cache = true;
    } else if (name == "must-revalidate") {
      control.must_revalidate = true;
    } else if (name == "max-age" && !argument.empty() &&
               std::all_of(argument.begin(), argument.end(),
                           [](unsigned char c) { return std::isdigit(c); })) {
      control.max_age_s = std::min<int64_t>(std::strtoll(argument.c_str(), nullptr, 10),
                                            int64_t{1} << 31);
    }
  }
  return control;
}

bool IsStorable(long status, const HeaderMap& request, const HeaderMap& response) {
  bool understood = status == 200 || status == 203 || status == 204 || status == 300 ||
                    status == 301 || status == 404 || status == 410;
  if (!understood)
    return false;
  const std::string* request_control = Find(request, "cache-control");
  const std::string* response_control = Find(response, "cache-control");
  if ((request_control && ParseCacheControl(*request_control).no_store) ||
      (response_control && ParseCacheControl(*response_control).no_store))
    return false;
  const std::string* vary = Find(response, "vary");
  return !vary || Trim(*vary) != "*";
}

int64_t FreshnessLifetimeMs(const HeaderMap& response, int64_t response_time_ms) {
  if (const std::string* control = Find(response, "cache-control")) {
    CacheControl parsed = ParseCacheControl(*control);
    if (parsed.max_age_s >= 0)
      return parsed.max_age_s * 1000;
  }
  int64_t date = DateHeader(response, "date");
  if (date < 0)
    date = response_time_ms;
  if (Find(response, "expires")) {
    int64_t expires = DateHeader(response, "expires");
    return expires < 0 ? 0 : std::max<int64_t>(0, Subtract(expires, date));  // invalid: stale
  }
  int64_t last_modified = DateHeader(response, "last-modified");
  if (last_modified >= 0 && last_modified < date)
    return (date - last_modified) / 10;
  return 0;
}

int64_t CurrentAgeMs(const HeaderMap& response, int64_t request_time_ms, int64_t response_time_ms,
                     int64_t now_ms) {
  // An Age past 2^31 seconds is taken as 2^31 (RFC 9111 1.2.2), as max-age is.
  int64_t age_value = 0;
  if (const std::string* age = Find(response, "age"))
    age_value =
        std::clamp<int64_t>(std::strtoll(age->c_str(), nullptr, 10), 0, int64_t{1} << 31) * 1000;
  int64_t date = DateHeader(response, "date");
  int64_t apparent = date < 0 ? 0 : std::max<int64_t>(0, Subtract(response_time_ms, date));
  int64_t corrected = Add(age_value, Subtract(response_time_ms, request_time_ms));
  return Add(std::max(apparent, corrected), Subtract(now_ms, response_time_ms));
}

bool IsFresh(const HeaderMap& response, int64_t request_time_ms, int64_t response_time_ms,
             int64_t now_ms) {
  if (const std::string* control = Find(response, "cache-control")) {
    if (ParseCacheControl(*control).no_cache)
      return false;
  }
  return FreshnessLifetimeMs(response, response_time_ms) >
         CurrentAgeMs(response, request_time_ms, response_time_ms, now_ms);
}

bool HasValidator(const HeaderMap& response) {
  return Find(response, "etag") || Find(response, "last-modified");
}

}  // namespace nexus::network
