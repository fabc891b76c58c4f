// The compositor's figures, each against a baseline measured in the same run (DESIGN.md §10:
// a 1920x1080 frame within 2x of a plain memcpy of it).
//   1. One 1920x1080 frame from a tab layer (a page band, scrolled) and the UI layer, as the
//      GPU process draws it (scene.h): GL (EGL, Mesa's llvmpipe here or a GPU's driver) and
//      software (pixman), against memcpy of the frame's bytes. Also the same frame when the
//      page's band is new (uploaded whole first, as after a repaint).
//   2. Scrolling a 20,000-pixel page 53 pixels a frame, a new band three viewports tall each
//      time the view leaves the one it has: frames per second each compositor sustains.
//   build/bench/compositor_bench [FRAMES]
#include <dlfcn.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/time.h"
#include "services/gpu/gpu_backends.h"
#include "services/gpu/scene.h"

namespace nexus::gpu {
namespace {

constexpr int kWidth = 1920, kHeight = 1080, kContentTop = 74;
constexpr int kBandHeight = 3 * (kHeight - kContentTop);
constexpr LayerId kUi = 1, kPage = 2;

Image Filled(int width, int height, uint32_t seed, bool transparent_below = false) {
  Image image;
  image.width = width;
  image.height = height;
  image.stride = width * 4;
  image.pixels.resize(static_cast<size_t>(image.stride) * height);
  for (int y = 0; y < height; ++y) {
    uint32_t* row = reinterpret_cast<uint32_t*>(image.pixels.data() + y * image.stride);
    for (int x = 0; x < width; ++x)
      row[x] = transparent_below && y >= kContentTop ? 0 : 0xff000000u | (x * 7 + y * 13 + seed);
  }
  return image;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Milliseconds per call of `work`, the median of `frames`.
double Time(int frames, const std::function<void(int)>& work) {
  std::vector<double> ms;
  for (int i = 0; i < frames; ++i) {
    int64_t start = MonotonicNanos();
    work(i);
    ms.push_back((MonotonicNanos() - start) / 1e6);
  }
  return Median(ms);
}

Scene WindowScene(int scroll_y, int band_top) {
  Scene scene;
  scene.output = {0, 0, kWidth, kHeight};
  scene.ui_layer = kUi;
  scene.content = {0, kContentTop, kWidth, kHeight - kContentTop};
  scene.page = {kPage, band_top, kWidth, kBandHeight, scroll_y};
  scene.overlays = {{0, kHeight - 22, 400, 22}};  // a status line
  return scene;
}

int Run(int frames) {
  const char* path = NEXUS_GPU_BACKENDS;
  void* module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!module) {
    std::fprintf(stderr, "compositor_bench: %s\n", dlerror());
    return 1;
  }
  auto create =
      reinterpret_cast<CreateGpuBackendsFunction*>(dlsym(module, kCreateGpuBackendsSymbol));
  const GpuBackends* backends = create();

  Image page = Filled(kWidth, kBandHeight, 1), ui = Filled(kWidth, kHeight, 2, true);
  std::vector<uint8_t> frame(static_cast<size_t>(kWidth) * kHeight * 4);
  const Image& source = page;
  volatile uint8_t sink = 0;  // the copies are read, so that none is optimised away
  double memcpy_ms = Time(frames, [&](int i) {
    std::memcpy(frame.data(), source.pixels.data() + (i % 64) * source.stride, frame.size());
    sink = sink + frame[static_cast<size_t>(i) * 4099 % frame.size()];
  });
  std::printf("1920x1080 frame (8.3 MB): memcpy %.3f ms (%.1f GB/s), the baseline\n", memcpy_ms,
              frame.size() / memcpy_ms / 1e6);

  struct Made {
    const char* name;
    Result<std::unique_ptr<Compositor>> compositor;
  } made[] = {{"software", backends->CreateHeadlessSoftware(kWidth, kHeight)},
              {"gl", backends->CreateHeadlessGl(kWidth, kHeight)}};
  for (Made& entry : made) {
    if (!entry.compositor.ok()) {
      std::printf("%s: unavailable (%s)\n", entry.name, entry.compositor.error().message().c_str());
      continue;
    }
    Compositor& compositor = **entry.compositor;
    if (!compositor.SetLayer(kUi, ui.view(), {}).ok() ||
        !compositor.SetLayer(kPage, page.view(), {}).ok()) {
      std::printf("%s: layers refused\n", entry.name);
      continue;
    }
    const Rect all{0, 0, kWidth, kHeight};
    double composite_ms = Time(frames, [&](int i) {
      auto quads = QuadsOf(WindowScene(500 + (i % 100) * 3, 0));
      (void)compositor.Draw(quads, all);
      compositor.Finish();
    });
    double with_upload_ms = Time(std::max(5, frames / 4), [&](int i) {
      (void)compositor.SetLayer(kPage, page.view(), {});
      auto quads = QuadsOf(WindowScene(500 + i, 0));
      (void)compositor.Draw(quads, all);
      compositor.Finish();
    });
    std::printf("%-8s %s\n", entry.name, compositor.backend().c_str());
    std::printf("  composite a frame (band resident):   %7.3f ms = %.2fx memcpy\n", composite_ms,
                composite_ms / memcpy_ms);
    std::printf("  a new band (%d rows) + the frame:   %7.3f ms = %.2fx memcpy\n", kBandHeight,
                with_upload_ms, with_upload_ms / memcpy_ms);

    // Scrolling 20,000 px at 53 px a frame; a new band when the view leaves this one.
    const int page_height = 20000, viewport = kHeight - kContentTop;
    int band_top = 0, uploads = 0, scrolled_frames = 0;
    int64_t start = MonotonicNanos();
    for (int scroll = 0; scroll + viewport <= page_height; scroll += 53) {
      if (scroll < band_top || scroll + viewport > band_top + kBandHeight) {
        band_top = std::clamp(scroll - viewport, 0, page_height - kBandHeight);
        (void)compositor.SetLayer(kPage, page.view(), {});
        ++uploads;
      }
      auto quads = QuadsOf(WindowScene(scroll, band_top));
      (void)compositor.Draw(quads, {0, kContentTop, kWidth, viewport});
      compositor.Finish();
      ++scrolled_frames;
    }
    double seconds = (MonotonicNanos() - start) / 1e9;
    std::printf("  scrolling 20,000 px: %d frames, %d new bands, %.0f frames/s\n", scrolled_frames,
                uploads, scrolled_frames / seconds);
  }
  return 0;
}

}  // namespace
}  // namespace nexus::gpu

int main(int argc, char** argv) {
  int frames = argc > 1 ? std::atoi(argv[1]) : 60;
  return nexus::gpu::Run(std::max(frames, 5));
}
