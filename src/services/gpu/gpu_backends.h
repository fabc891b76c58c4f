// The compositor's backends (spec "GPU Process": composite layers, show them), behind
// interfaces of ours. They live in a module of their own (libnexus_gpu_backends.so,
// backends_module/) that only the GPU process loads, before its sandbox closes: EGL, Mesa,
// pixman and SDL2 are mapped by no other process type.
//
// Two backends draw the same scene: OpenGL ES 2 through EGL (Mesa's llvmpipe on machines
// without a GPU, the vendor's driver where there is one) and pixman in software. Pixels are
// premultiplied ARGB32 in native byte order (cairo's and pixman's a8r8g8b8: B, G, R, A in
// memory), the format renderers paint in.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace nexus::gpu {

struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;

  bool empty() const { return width <= 0 || height <= 0; }
  int right() const { return x + width; }
  int bottom() const { return y + height; }
  Rect Intersect(const Rect& other) const {
    int left = std::max(x, other.x), top = std::max(y, other.y);
    int w = std::min(right(), other.right()) - left, h = std::min(bottom(), other.bottom()) - top;
    return w > 0 && h > 0 ? Rect{left, top, w, h} : Rect{};
  }
  // The smallest rectangle holding both (an empty one holds nothing).
  Rect Union(const Rect& other) const {
    if (empty())
      return other;
    if (other.empty())
      return *this;
    int left = std::min(x, other.x), top = std::min(y, other.y);
    return {left, top, std::max(right(), other.right()) - left,
            std::max(bottom(), other.bottom()) - top};
  }
  Rect Translated(int dx, int dy) const { return {x + dx, y + dy, width, height}; }
  bool operator==(const Rect&) const = default;
};

// Pixels a compositor reads: a layer's, or its own output read back.
struct ImageView {
  const uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int stride = 0;
};

struct Image {
  std::vector<uint8_t> pixels;
  int width = 0;
  int height = 0;
  int stride = 0;
  ImageView view() const { return {pixels.data(), width, height, stride}; }
};

using LayerId = uint32_t;

// One thing drawn into the output: part of a layer, or a solid colour where no layer is.
struct DrawQuad {
  LayerId layer = 0;  // 0: a solid `color`
  Rect source;        // in the layer's pixels
  int x = 0;          // where the source's top left lands in the output
  int y = 0;
  bool blend = false;           // drawn over what is below (premultiplied), else copied
  uint32_t color = 0xffffffff;  // ARGB, for layer 0
};

class Compositor {
 public:
  virtual ~Compositor() = default;
  // "software (pixman)", or the GL renderer's name ("llvmpipe (LLVM 15.0.6, 256 bits)").
  virtual const std::string& backend() const = 0;
  virtual bool is_gpu() const = 0;
  // Takes the damaged parts of a layer's pixels (all of them when `damage` is empty). The GL
  // backend uploads them into a texture
  // and is done with `image`; the software one reads `image` in place when it draws, so the
  // caller keeps those pixels unchanged until the layer is set again or dropped
  // (retains_layer_pixels()).
  virtual Status SetLayer(LayerId layer, const ImageView& image, std::span<const Rect> damage) = 0;
  virtual void DropLayer(LayerId layer) = 0;
  virtual bool retains_layer_pixels() const = 0;
  // Draws `quads`, in order, into the part `damage` of the output; the rest keeps what it
  // had. Then shows it (a window) or keeps it (headless).
  virtual Status Draw(std::span<const DrawQuad> quads, const Rect& damage) = 0;
  virtual Status Resize(int width, int height) = 0;
  // Waits until what was drawn is done (GL queues its work; pixman draws at once).
  virtual void Finish() = 0;
  // What the output shows now, as premultiplied ARGB32.
  virtual Result<Image> ReadOutput() = 0;
  virtual int width() const = 0;
  virtual int height() const = 0;
};

// Input from the window, in window pixels.
struct WindowEvent {
  enum class Kind {
    kMouseMove,
    kMouseDown,
    kMouseUp,
    kWheel,
    kKeyDown,
    kKeyUp,
    kText,     // typed text (UTF-8), after the keyboard layout
    kResized,  // the window's new size in width/height
    kExposed,  // parts were uncovered: draw everything again
    kClosed,
  };
  Kind kind = Kind::kMouseMove;
  float x = 0;
  float y = 0;
  float wheel_x = 0;  // lines; positive: right / down
  float wheel_y = 0;
  int button = 0;          // 1 left, 2 middle, 3 right
  std::string key;         // DOM key name ("a", "Enter", "ArrowLeft", "F5") or the text of kText
  uint32_t modifiers = 0;  // kShift | kControl | kAlt | kMeta
  int width = 0;
  int height = 0;
  int64_t received_ns = 0;  // CLOCK_MONOTONIC when it was read from the display
};
inline constexpr uint32_t kShift = 1, kControl = 2, kAlt = 4, kMeta = 8;

// A desktop window (X11 or Wayland through SDL2), made before the sandbox closes.
class Window {
 public:
  virtual ~Window() = default;
  // Events waiting now; never blocks.
  virtual std::vector<WindowEvent> TakeEvents() = 0;
  // A fd that becomes readable when events may be waiting (the display connection).
  virtual int event_fd() const = 0;
  virtual void SetTitle(const std::string& title) = 0;
  // A compositor that draws into the window: GL where `prefer_gpu` and it works, else
  // software. `gl_error` says why GL was not used.
  virtual Result<std::unique_ptr<Compositor>> CreateCompositor(bool prefer_gpu,
                                                               std::string* gl_error) = 0;
  // The X11 or Wayland video driver SDL picked.
  virtual std::string driver() const = 0;
};

class GpuBackends {
 public:
  virtual ~GpuBackends() = default;
  // Whether there is a GPU to draw with (EGL lists a device that is not a CPU rasterizer);
  // no driver is loaded to tell.
  virtual bool HasGpu() const = 0;
  // Off-screen output: EGL on the device platform where a GPU driver offers one, else Mesa's
  // surfaceless platform (GBM needs a DRM node, which machines without a GPU lack).
  virtual Result<std::unique_ptr<Compositor>> CreateHeadlessGl(int width, int height) const = 0;
  virtual Result<std::unique_ptr<Compositor>> CreateHeadlessSoftware(int width,
                                                                     int height) const = 0;
  virtual Result<std::unique_ptr<Window>> OpenWindow(const std::string& title,
                                                     int width,
                                                     int height) const = 0;
};

extern "C" using CreateGpuBackendsFunction = GpuBackends * ();
inline constexpr char kCreateGpuBackendsSymbol[] = "NexusCreateGpuBackends";

// Loads libnexus_gpu_backends.so beside the executable (once).
Result<const GpuBackends*> LoadGpuBackends();

}  // namespace nexus::gpu
