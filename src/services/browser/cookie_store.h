// Main's copy of the network service's cookie jar: every cookie the service reports, kept in
// memory, the persistent ones also in the profile database. A restarted network service gets
// them all back (RESTORE_COOKIES), so a crash loses no cookie; a new session gets the
// persistent ones.
#pragma once

#include <vector>

#include "process/process_host.h"
#include "services/browser/profile_database.h"
#include "services/network/public/cookie.h"
#include "services/network/public/cookie_jar.h"
#include "web/url/url.h"

namespace nexus::browser {

class CookieStore {
 public:
  CookieStore(ProfileDatabase& database, int64_t now_ms);

  void OnChanged(const network::Cookie& cookie, bool removed);
  // Sends every live cookie to a (re)started network service, in batches that fit a message.
  Status RestoreInto(process::ProcessHost& network, int64_t now_ms) const;
  // What document.cookie shows a page at `url`: the cookies sent to it, less HttpOnly ones.
  std::string DocumentCookie(const web::Url& url, int64_t now_ms);
  // Forgets the cookies of a registrable domain and its subdomains (clear-site-data; the
  // network service is told too); how many.
  size_t RemoveDomain(const std::string& domain);

 private:
  ProfileDatabase& database_;
  network::CookieJar mirror_;
};

}  // namespace nexus::browser
