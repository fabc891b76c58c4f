// Opaque Response Blocking (ORB, https://github.com/annevk/orb, being upstreamed to the Fetch
// Standard): whether a cross-origin no-cors response (an <img>, <script> or stylesheet of
// another site) may reach the renderer that asked for it. A compromised renderer can read what
// it is sent, so main withholds what no such element could use: HTML, JSON, XML, PDFs, ...
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nexus::browser {

// What the no-cors request is for (Fetch's request destination, narrowed to what ORB needs).
// Nexus has no media elements, so none asks for audio or video.
enum class OrbDestination { kImage, kStylesheet, kScript, kOther };

enum class OrbVerdict { kAllow, kBlock };

struct OrbDecision {
  OrbVerdict verdict;
  std::string reason;  // why, e.g. "ORB blocked text/html for an image: it looks like HTML"
};

// ORB decides on the body's first bytes, at most this many.
inline constexpr size_t kOrbSniffBytes = 1024;

// `mime_type`: the response's MIME type essence ("text/html", no parameters), empty if it had
// none or an invalid one. `headers`: the response's. `body_prefix`: the first kOrbSniffBytes
// bytes of the body (all of it if shorter); more are ignored.
OrbDecision DecideOrb(OrbDestination destination,
                      const std::string& mime_type,
                      const std::vector<std::pair<std::string, std::string>>& headers,
                      int status,
                      std::string_view body_prefix);

}  // namespace nexus::browser
