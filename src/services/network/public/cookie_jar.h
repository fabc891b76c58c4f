// A cookie store (RFC 6265, with RFC 6265bis's SameSite and "Secure only from secure
// origins"): parsing Set-Cookie, domain and path matching with the public suffix list, expiry,
// eviction, and the Cookie header for a request. The network service's jar is the one that
// counts; main keeps a mirror of it (browser/cookie_store.h) that answers document.cookie.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "services/network/public/cookie.h"
#include "web/url/url.h"

namespace nexus::network {

// What a request is, for SameSite (RFC 6265bis 5.2): whether its site is the site of the
// page that caused it, and whether it is a top-level navigation with a safe method.
struct CookieRequestContext {
  bool same_site = true;
  bool top_level_navigation = false;
};

// Parses an HTTP date as RFC 6265 5.1.1 does (every format servers actually send); the
// milliseconds since the epoch, or -1.
int64_t ParseCookieDate(std::string_view text);

class CookieJar {
 public:
  static constexpr size_t kMaxPerDomain = 50;
  static constexpr size_t kMaxTotal = 3000;
  static constexpr size_t kMaxNameValueBytes = 4096;

  // Called for every cookie stored (removed = false) or removed (true), for persistence.
  using Observer = std::function<void(const Cookie& cookie, bool removed)>;
  void set_observer(Observer observer) { observer_ = std::move(observer); }

  // Stores the cookie a Set-Cookie header (from a response to `url`) describes; false when it
  // is rejected (malformed, public-suffix domain, Secure from http, ...). `from_script`: it
  // comes from document.cookie, which may not touch HttpOnly cookies.
  bool SetFromHeader(const web::Url& url,
                     std::string_view header,
                     int64_t now_ms,
                     bool from_script = false);
  // The value of the Cookie header for a request to `url`, "" if none (RFC 6265 5.4). For a
  // script (document.cookie, a "non-HTTP API") HttpOnly cookies are left out.
  std::string HeaderFor(const web::Url& url,
                        const CookieRequestContext& context,
                        int64_t now_ms,
                        bool for_script = false);

  // Restores cookies main kept (after a restart), or mirrors a change; the observer is not
  // told.
  void Restore(const Cookie& cookie);
  void Forget(const Cookie& cookie);
  // Clear-Site-Data's "cookies": every cookie of `domain` (a registrable domain) and of its
  // subdomains goes, each reported to the observer; how many.
  size_t RemoveDomain(const std::string& domain);
  const std::vector<Cookie>& cookies() const { return cookies_; }

 private:
  void Store(Cookie cookie, int64_t now_ms);
  void RemoveExpired(int64_t now_ms);
  void Evict(const std::string& domain);
  void Notify(const Cookie& cookie, bool removed);

  std::vector<Cookie> cookies_;
  Observer observer_;
};

}  // namespace nexus::network
