// A cookie as RFC 6265 section 5.3 stores it: what the network service keeps in its jar and
// main persists in the profile (persistent cookies) or mirrors in memory (session cookies),
// so that a restarted network service gets them all back.
#pragma once

#include <cstdint>
#include <string>

namespace nexus::network {

enum class SameSite : uint8_t { kUnspecified = 0, kNone = 1, kLax = 2, kStrict = 3 };

struct Cookie {
  std::string name;
  std::string value;
  std::string domain;  // lower case, no leading dot
  std::string path;
  bool host_only = true;
  bool secure = false;
  bool http_only = false;
  bool persistent = false;   // has Expires or Max-Age
  int64_t expiry_ms = 0;     // wall clock; meaningful when persistent
  int64_t creation_ms = 0;
  int64_t last_access_ms = 0;
  SameSite same_site = SameSite::kUnspecified;

  // The storage key: a cookie replaces the one with the same name, domain and path.
  bool SameKey(const Cookie& other) const {
    return name == other.name && domain == other.domain && path == other.path;
  }
};

}  // namespace nexus::network
