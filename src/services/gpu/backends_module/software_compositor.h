// The software compositor: pixman, as Chromium's software output device uses Skia's raster
// backend. Layers are read in place from the shared buffers their producers paint into.
#pragma once

#include <pixman.h>

#include <map>
#include <memory>

#include "services/gpu/gpu_backends.h"

namespace nexus::gpu {

// Where the software compositor draws: memory it owns (headless) or a window's pixels.
class SoftwareTarget {
 public:
  virtual ~SoftwareTarget() = default;
  // The pixels to draw into (premultiplied ARGB32), valid until Resize or Present.
  virtual Result<ImageView> Pixels() = 0;
  virtual Status Present(const Rect& damage) = 0;
  virtual Status Resize(int width, int height) = 0;
};

class SoftwareCompositor : public Compositor {
 public:
  static Result<std::unique_ptr<SoftwareCompositor>> Create(std::unique_ptr<SoftwareTarget> target);
  ~SoftwareCompositor() override;

  const std::string& backend() const override { return backend_; }
  bool is_gpu() const override { return false; }
  Status SetLayer(LayerId layer, const ImageView& image, std::span<const Rect> damage) override;
  void DropLayer(LayerId layer) override;
  bool retains_layer_pixels() const override { return true; }
  Status Draw(std::span<const DrawQuad> quads, const Rect& damage) override;
  Status Resize(int width, int height) override;
  void Finish() override {}
  Result<Image> ReadOutput() override;
  int width() const override { return width_; }
  int height() const override { return height_; }

 private:
  explicit SoftwareCompositor(std::unique_ptr<SoftwareTarget> target)
      : target_(std::move(target)) {}

  struct ImageDeleter {
    void operator()(pixman_image_t* image) const { pixman_image_unref(image); }
  };
  using PixmanImage = std::unique_ptr<pixman_image_t, ImageDeleter>;

  std::unique_ptr<SoftwareTarget> target_;
  std::map<LayerId, PixmanImage> layers_;
  std::string backend_ = "software (pixman)";
  int width_ = 0;
  int height_ = 0;
};

// An output in memory (headless).
std::unique_ptr<SoftwareTarget> CreateMemoryTarget();

}  // namespace nexus::gpu
