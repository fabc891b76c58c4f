#include "services/gpu/backends_module/software_compositor.h"

#include <cstring>

namespace nexus::gpu {
namespace {

class MemoryTarget : public SoftwareTarget {
 public:
  Result<ImageView> Pixels() override {
    return ImageView{pixels_.data(), width_, height_, width_ * 4};
  }
  Status Present(const Rect&) override { return {}; }
  Status Resize(int width, int height) override {
    width_ = width;
    height_ = height;
    pixels_.assign(static_cast<size_t>(width) * height * 4, 0);
    return {};
  }

 private:
  std::vector<uint8_t> pixels_;
  int width_ = 0;
  int height_ = 0;
};

// pixman wants non-const pixels for every image; a source is only read.
pixman_image_t* WrapPixels(const ImageView& image) {
  return pixman_image_create_bits_no_clear(
      PIXMAN_a8r8g8b8, image.width, image.height,
      const_cast<uint32_t*>(reinterpret_cast<const uint32_t*>(image.pixels)), image.stride);
}

}  // namespace

std::unique_ptr<SoftwareTarget> CreateMemoryTarget() {
  return std::make_unique<MemoryTarget>();
}

Result<std::unique_ptr<SoftwareCompositor>> SoftwareCompositor::Create(
    std::unique_ptr<SoftwareTarget> target) {
  return std::unique_ptr<SoftwareCompositor>(new SoftwareCompositor(std::move(target)));
}

SoftwareCompositor::~SoftwareCompositor() = default;

Status SoftwareCompositor::SetLayer(LayerId layer, const ImageView& image, std::span<const Rect>) {
  if (layer == 0 || image.width <= 0 || image.height <= 0 || image.stride < image.width * 4 ||
      image.stride % 4 != 0)
    return Error("layer " + std::to_string(layer) + " of " + std::to_string(image.width) + "x" +
                 std::to_string(image.height) + " (stride " + std::to_string(image.stride) +
                 ") cannot be composited");
  PixmanImage wrapped(WrapPixels(image));
  if (!wrapped)
    return Error("pixman refused a layer of " + std::to_string(image.width) + "x" +
                 std::to_string(image.height));
  layers_[layer] = std::move(wrapped);
  return {};
}

void SoftwareCompositor::DropLayer(LayerId layer) {
  layers_.erase(layer);
}

Status SoftwareCompositor::Draw(std::span<const DrawQuad> quads, const Rect& damage) {
  Rect clip = damage.Intersect({0, 0, width_, height_});
  if (clip.empty())
    return {};
  ASSIGN_OR_RETURN(ImageView output, target_->Pixels());
  PixmanImage destination(pixman_image_create_bits_no_clear(
      PIXMAN_a8r8g8b8, output.width, output.height,
      reinterpret_cast<uint32_t*>(const_cast<uint8_t*>(output.pixels)), output.stride));
  if (!destination)
    return Error("pixman refused the output of " + std::to_string(width_) + "x" +
                 std::to_string(height_));
  for (const DrawQuad& quad : quads) {
    Rect area = Rect{quad.x, quad.y, quad.source.width, quad.source.height}.Intersect(clip);
    if (area.empty())
      continue;
    if (quad.layer == 0) {
      uint32_t argb = quad.color;
      // pixman colours are 16 bits per channel, premultiplied as the pixels are.
      uint16_t alpha = static_cast<uint16_t>((argb >> 24) * 0x101);
      auto channel = [&](int shift) {
        return static_cast<uint16_t>(((argb >> shift) & 0xff) * (argb >> 24) / 255 * 0x101);
      };
      pixman_color_t color{channel(16), channel(8), channel(0), alpha};
      pixman_box32_t box{area.x, area.y, area.right(), area.bottom()};
      pixman_image_fill_boxes(quad.blend ? PIXMAN_OP_OVER : PIXMAN_OP_SRC, destination.get(),
                              &color, 1, &box);
      continue;
    }
    auto layer = layers_.find(quad.layer);
    if (layer == layers_.end())
      return Error("no layer " + std::to_string(quad.layer) + " to draw");
    pixman_image_composite32(quad.blend ? PIXMAN_OP_OVER : PIXMAN_OP_SRC, layer->second.get(),
                             nullptr, destination.get(), quad.source.x + (area.x - quad.x),
                             quad.source.y + (area.y - quad.y), 0, 0, area.x, area.y, area.width,
                             area.height);
  }
  return target_->Present(clip);
}

Status SoftwareCompositor::Resize(int width, int height) {
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
    return Error("an output of " + std::to_string(width) + "x" + std::to_string(height) +
                 " pixels is outside 1..16384");
  TRY_STATUS(target_->Resize(width, height));
  width_ = width;
  height_ = height;
  return {};
}

Result<Image> SoftwareCompositor::ReadOutput() {
  ASSIGN_OR_RETURN(ImageView output, target_->Pixels());
  Image image;
  image.width = output.width;
  image.height = output.height;
  image.stride = output.width * 4;
  image.pixels.resize(static_cast<size_t>(image.stride) * image.height);
  for (int row = 0; row < image.height; ++row)
    std::memcpy(image.pixels.data() + static_cast<size_t>(row) * image.stride,
                output.pixels + static_cast<size_t>(row) * output.stride, image.stride);
  return image;
}

}  // namespace nexus::gpu
