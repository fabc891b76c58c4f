#include "services/network/public/cookie_jar.h"

#include <libpsl.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "base/ascii.h"

namespace nexus::network {
namespace {

// RFC 6265's WSP: space and tab only.
std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

bool IsDateDelimiter(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) ||
         (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

// "1*2DIGIT" at the start of `token`, followed by anything non-digit; -1 if not.
int LeadingNumber(std::string_view token, size_t min_digits, size_t max_digits, size_t* used) {
  size_t digits = 0;
  int value = 0;
  while (digits < token.size() && std::isdigit(static_cast<unsigned char>(token[digits]))) {
    if (digits < max_digits)  // more digits than that is no number here: no need to add them
      value = value * 10 + (token[digits] - '0');
    ++digits;
  }
  if (digits < min_digits || digits > max_digits)
    return -1;
  if (used)
    *used = digits;
  return value;
}

bool IsIpAddress(const std::string& host) {
  return host.find(':') != std::string::npos ||
         std::all_of(host.begin(), host.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
}

bool DomainMatches(const std::string& host, const std::string& domain) {
  if (host == domain)
    return true;
  return !IsIpAddress(host) && host.size() > domain.size() &&
         host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
         host[host.size() - domain.size() - 1] == '.';
}

bool PathMatches(const std::string& request_path, const std::string& cookie_path) {
  if (request_path == cookie_path)
    return true;
  return request_path.rfind(cookie_path, 0) == 0 &&
         (cookie_path.back() == '/' || request_path[cookie_path.size()] == '/');
}

std::string DefaultPath(const std::string& request_path) {
  if (request_path.empty() || request_path[0] != '/')
    return "/";
  size_t last = request_path.rfind('/');
  return last == 0 ? "/" : request_path.substr(0, last);
}

std::string HostOf(const web::Url& url) {
  std::string host = AsciiLowercase(url.host);
  if (size_t port = host.rfind(':'); port != std::string::npos && host.find(']') == std::string::npos)
    host.resize(port);
  return host;
}

}  // namespace

int64_t ParseCookieDate(std::string_view text) {
  bool found_time = false, found_day = false, found_month = false, found_year = false;
  int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && IsDateDelimiter(static_cast<unsigned char>(text[at])))
      ++at;
    size_t end = at;
    while (end < text.size() && !IsDateDelimiter(static_cast<unsigned char>(text[end])))
      ++end;
    std::string_view token = text.substr(at, end - at);
    at = end;
    if (token.empty())
      continue;
    size_t used = 0;
    if (!found_time) {
      int h = LeadingNumber(token, 1, 2, &used);
      if (h >= 0 && used < token.size() && token[used] == ':') {
        std::string_view rest = token.substr(used + 1);
        int m = LeadingNumber(rest, 1, 2, &used);
        if (m >= 0 && used < rest.size() && rest[used] == ':') {
          int s = LeadingNumber(rest.substr(used + 1), 1, 2, nullptr);
          if (s >= 0) {
            found_time = true;
            hour = h, minute = m, second = s;
            continue;
          }
        }
      }
    }
    if (!found_day) {
      int d = LeadingNumber(token, 1, 2, &used);
      if (d >= 0) {
        found_day = true;
        day = d;
        continue;
      }
    }
    if (!found_month && token.size() >= 3) {
      std::string prefix = AsciiLowercase(token.substr(0, 3));
      auto it = std::find_if(std::begin(kMonths), std::end(kMonths),
                             [&](const char* name) { return prefix == name; });
      if (it != std::end(kMonths)) {
        found_month = true;
        month = static_cast<int>(it - std::begin(kMonths)) + 1;
        continue;
      }
    }
    if (!found_year) {
      int y = LeadingNumber(token, 2, 4, &used);
      if (y >= 0) {
        found_year = true;
        year = y;
        continue;
      }
    }
  }
  if (year >= 70 && year <= 99)
    year += 1900;
  else if (year >= 0 && year <= 69)
    year += 2000;
  if (!found_time || !found_day || !found_month || !found_year || day < 1 || day > 31 ||
      year < 1601 || hour > 23 || minute > 59 || second > 59)
    return -1;
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  time_t seconds = timegm(&parts);
  if (parts.tm_mday != day)  // 31 February rolled over into March
    return -1;
  return static_cast<int64_t>(seconds) * 1000;
}

bool CookieJar::SetFromHeader(const web::Url& url,
                              std::string_view header,
                              int64_t now_ms,
                              bool from_script) {
  bool secure_origin = url.scheme == "https";
  if (url.scheme != "http" && !secure_origin)
    return false;
  std::string_view pair = header.substr(0, header.find(';'));
  size_t equals = pair.find('=');
  if (equals == std::string_view::npos)
    return false;
  Cookie cookie;
  cookie.name = std::string(Trim(pair.substr(0, equals)));
  cookie.value = std::string(Trim(pair.substr(equals + 1)));
  if (cookie.name.empty() || cookie.name.size() + cookie.value.size() > kMaxNameValueBytes)
    return false;
  bool has_max_age = false;
  std::string domain_attribute;
  std::string path_attribute;
  for (size_t at = header.find(';'); at != std::string_view::npos;) {
    size_t end = header.find(';', at + 1);
    std::string_view attribute =
        header.substr(at + 1, end == std::string_view::npos ? std::string_view::npos : end - at - 1);
    at = end;
    size_t eq = attribute.find('=');
    std::string key = AsciiLowercase(Trim(attribute.substr(0, eq)));
    std::string_view value = eq == std::string_view::npos ? "" : Trim(attribute.substr(eq + 1));
    if (key == "expires" && !has_max_age) {
      int64_t when = ParseCookieDate(value);
      if (when >= 0) {
        cookie.persistent = true;
        cookie.expiry_ms = when;
      }
    } else if (key == "max-age") {
      if (value.empty() || !(std::isdigit(static_cast<unsigned char>(value[0])) || value[0] == '-'))
        continue;
      char* parse_end = nullptr;
      std::string number(value);
      long long seconds = std::strtoll(number.c_str(), &parse_end, 10);
      if (*parse_end)
        continue;
      has_max_age = true;
      cookie.persistent = true;
      cookie.expiry_ms = seconds <= 0 ? 0 : now_ms + std::min<long long>(seconds, 400ll * 86400) * 1000;
    } else if (key == "domain" && !value.empty()) {
      domain_attribute = AsciiLowercase(value.front() == '.' ? value.substr(1) : value);
    } else if (key == "path") {
      path_attribute = std::string(value);
    } else if (key == "secure") {
      cookie.secure = true;
    } else if (key == "httponly") {
      cookie.http_only = true;
    } else if (key == "samesite") {
      std::string mode = AsciiLowercase(value);
      cookie.same_site = mode == "strict" ? SameSite::kStrict
                         : mode == "lax"  ? SameSite::kLax
                         : mode == "none" ? SameSite::kNone
                                          : SameSite::kUnspecified;
    }
  }
  std::string host = HostOf(url);
  if (!domain_attribute.empty()) {
    if (psl_is_public_suffix(psl_builtin(), domain_attribute.c_str())) {
      if (domain_attribute != host)
        return false;  // example.com may not set a cookie for all of .com
    } else {
      if (!DomainMatches(host, domain_attribute))
        return false;
      cookie.host_only = false;
    }
    cookie.domain = domain_attribute;
  } else {
    cookie.domain = host;
  }
  cookie.path = !path_attribute.empty() && path_attribute[0] == '/' ? path_attribute
                                                                    : DefaultPath(url.path);
  if (cookie.secure && !secure_origin)
    return false;
  if (cookie.same_site == SameSite::kNone && !cookie.secure)
    return false;
  if (cookie.name.rfind("__Secure-", 0) == 0 && !cookie.secure)
    return false;
  if (cookie.name.rfind("__Host-", 0) == 0 &&
      (!cookie.secure || !cookie.host_only || cookie.path != "/"))
    return false;
  // A script (document.cookie) may neither set an HttpOnly cookie nor replace one (RFC 6265
  // 5.3 step 10, RFC 6265bis 5.6 step 19).
  if (from_script) {
    if (cookie.http_only)
      return false;
    for (const Cookie& existing : cookies_) {
      if (existing.http_only && existing.SameKey(cookie))
        return false;
    }
  }
  // An insecure page may not shadow or replace a Secure cookie (RFC 6265bis 5.6 step 16).
  if (!secure_origin) {
    for (const Cookie& existing : cookies_) {
      if (existing.secure && existing.name == cookie.name &&
          (DomainMatches(cookie.domain, existing.domain) ||
           DomainMatches(existing.domain, cookie.domain)) &&
          PathMatches(cookie.path, existing.path))
        return false;
    }
  }
  Store(std::move(cookie), now_ms);
  return true;
}

void CookieJar::Store(Cookie cookie, int64_t now_ms) {
  cookie.creation_ms = cookie.last_access_ms = now_ms;
  auto existing = std::find_if(cookies_.begin(), cookies_.end(),
                               [&](const Cookie& c) { return c.SameKey(cookie); });
  if (existing != cookies_.end()) {
    cookie.creation_ms = existing->creation_ms;
    Cookie old = std::move(*existing);
    cookies_.erase(existing);
    if (cookie.persistent && cookie.expiry_ms <= now_ms) {
      Notify(old, true);  // an expiry in the past deletes the cookie
      return;
    }
  } else if (cookie.persistent && cookie.expiry_ms <= now_ms) {
    return;
  }
  std::string domain = cookie.domain;
  cookies_.push_back(cookie);
  Notify(cookie, false);
  RemoveExpired(now_ms);
  Evict(domain);
}

void CookieJar::RemoveExpired(int64_t now_ms) {
  for (auto it = cookies_.begin(); it != cookies_.end();) {
    if (it->persistent && it->expiry_ms <= now_ms) {
      Cookie gone = std::move(*it);
      it = cookies_.erase(it);
      Notify(gone, true);
    } else {
      ++it;
    }
  }
}

void CookieJar::Evict(const std::string& domain) {
  // The least recently used go first: of the domain past 50, then of the jar past 3000.
  auto evict_oldest = [&](auto belongs) {
    auto oldest = cookies_.end();
    for (auto it = cookies_.begin(); it != cookies_.end(); ++it) {
      if (belongs(*it) && (oldest == cookies_.end() || it->last_access_ms < oldest->last_access_ms))
        oldest = it;
    }
    Cookie gone = std::move(*oldest);
    cookies_.erase(oldest);
    Notify(gone, true);
  };
  auto of_domain = [&](const Cookie& c) { return c.domain == domain; };
  while (static_cast<size_t>(std::count_if(cookies_.begin(), cookies_.end(), of_domain)) > kMaxPerDomain)
    evict_oldest(of_domain);
  while (cookies_.size() > kMaxTotal)
    evict_oldest([](const Cookie&) { return true; });
}

std::string CookieJar::HeaderFor(const web::Url& url,
                                 const CookieRequestContext& context,
                                 int64_t now_ms,
                                 bool for_script) {
  RemoveExpired(now_ms);
  std::string host = HostOf(url);
  std::string path = url.path.empty() ? "/" : url.path;
  bool secure_channel = url.scheme == "https";
  std::vector<Cookie*> matching;
  for (Cookie& cookie : cookies_) {
    bool domain_ok = cookie.host_only ? host == cookie.domain : DomainMatches(host, cookie.domain);
    if (!domain_ok || !PathMatches(path, cookie.path) || (cookie.secure && !secure_channel) ||
        (cookie.http_only && for_script))
      continue;
    bool same_site_ok = cookie.same_site == SameSite::kNone || context.same_site ||
                        (cookie.same_site != SameSite::kStrict && context.top_level_navigation);
    if (same_site_ok)
      matching.push_back(&cookie);
  }
  // Longer paths first, then the older cookie (RFC 6265 5.4 step 2).
  std::stable_sort(matching.begin(), matching.end(), [](const Cookie* a, const Cookie* b) {
    if (a->path.size() != b->path.size())
      return a->path.size() > b->path.size();
    return a->creation_ms < b->creation_ms;
  });
  std::string header;
  for (Cookie* cookie : matching) {
    cookie->last_access_ms = now_ms;
    if (!header.empty())
      header += "; ";
    header += cookie->name + "=" + cookie->value;
  }
  return header;
}

void CookieJar::Restore(const Cookie& cookie) {
  auto existing = std::find_if(cookies_.begin(), cookies_.end(),
                               [&](const Cookie& c) { return c.SameKey(cookie); });
  if (existing != cookies_.end())
    *existing = cookie;
  else
    cookies_.push_back(cookie);
}

void CookieJar::Forget(const Cookie& cookie) {
  std::erase_if(cookies_, [&](const Cookie& c) { return c.SameKey(cookie); });
}

size_t CookieJar::RemoveDomain(const std::string& domain) {
  std::vector<Cookie> removed;
  std::erase_if(cookies_, [&](const Cookie& cookie) {
    bool matches = DomainMatches(cookie.domain, domain);
    if (matches)
      removed.push_back(cookie);
    return matches;
  });
  for (const Cookie& cookie : removed)
    Notify(cookie, /*removed=*/true);
  return removed.size();
}

void CookieJar::Notify(const Cookie& cookie, bool removed) {
  if (observer_)
    observer_(cookie, removed);
}

}  // namespace nexus::network
