#pragma once

namespace nexus::web {

// The largest frame side a renderer paints (a --full-page shot of a very long page is cut
// there, as Chromium's capture is); `nexus shot` refuses larger sizes up front.
inline constexpr int kMaxFrameSide = 16384;

}  // namespace nexus::web
