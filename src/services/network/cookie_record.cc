#include "services/network/public/cookie_record.h"

namespace nexus::network {

void ToRecord(const Cookie& cookie, network::schema::CookieRecord::Builder record) {
  record.setName(cookie.name);
  record.setValue(cookie.value);
  record.setDomain(cookie.domain);
  record.setPath(cookie.path);
  record.setHostOnly(cookie.host_only);
  record.setSecure(cookie.secure);
  record.setHttpOnly(cookie.http_only);
  record.setPersistent(cookie.persistent);
  record.setExpiryMs(cookie.expiry_ms);
  record.setCreationMs(cookie.creation_ms);
  record.setLastAccessMs(cookie.last_access_ms);
  record.setSameSite(static_cast<uint8_t>(cookie.same_site));
}

Cookie FromRecord(network::schema::CookieRecord::Reader record) {
  Cookie cookie;
  cookie.name = record.getName();
  cookie.value = record.getValue();
  cookie.domain = record.getDomain();
  cookie.path = record.getPath();
  cookie.host_only = record.getHostOnly();
  cookie.secure = record.getSecure();
  cookie.http_only = record.getHttpOnly();
  cookie.persistent = record.getPersistent();
  cookie.expiry_ms = record.getExpiryMs();
  cookie.creation_ms = record.getCreationMs();
  cookie.last_access_ms = record.getLastAccessMs();
  uint8_t same_site = record.getSameSite();
  cookie.same_site = same_site <= 3 ? static_cast<SameSite>(same_site) : SameSite::kUnspecified;
  return cookie;
}

}  // namespace nexus::network
