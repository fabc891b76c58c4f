// A frame a renderer painted (premultiplied ARGB32 in shared memory) written out as PNG
// how `nexus shot` turns pixels into a file.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "base/result.h"

namespace nexus::browser {

struct FrameView {
  std::span<const uint8_t> pixels;
  int width = 0;
  int height = 0;
  int stride = 0;
};

// Checks that the geometry a child claimed fits the bytes it sent (a renderer is not
// trusted to get it right); the error says what does not fit.
Status ValidateFrame(const FrameView& frame);
Status WriteFramePng(const FrameView& frame, const std::string& path);

}  // namespace nexus::browser
