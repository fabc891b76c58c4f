// Images from any server: the decoders behind <img> and CSS backgrounds (PNG, JPEG, GIF,
// WebP, SVG) in the renderer.
#include <cstdint>
#include <span>

#include "web/layout/image_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)nexus::web::DecodeImage(std::span<const uint8_t>(data, size));
  return 0;
}
