// The GL compositor: OpenGL ES 2 or 3 (Chromium's GPU compositor draws with GLES too).
// Each layer is a texture updated where it was damaged; the shaders are compiled once per
// context. The context and where it draws come from a GlTarget: an off-screen EGL context
// (headless) or a window's.
#pragma once

#include <GLES2/gl2.h>

#include <map>
#include <memory>

#include "services/gpu/gpu_backends.h"

namespace nexus::gpu {

class GlTarget {
 public:
  virtual ~GlTarget() = default;
  virtual Status MakeCurrent() = 0;
  // The compositor always draws into a framebuffer object of its own, so that it can redraw
  // only damage and read its output back. A window's target then gets that output copied
  // into its default framebuffer, and swaps.
  virtual bool is_window() const = 0;
  virtual Status Present() = 0;
};

class GlCompositor : public Compositor {
 public:
  static Result<std::unique_ptr<GlCompositor>> Create(std::unique_ptr<GlTarget> target,
                                                      int width,
                                                      int height);
  ~GlCompositor() override;

  const std::string& backend() const override { return renderer_; }
  bool is_gpu() const override { return true; }
  Status SetLayer(LayerId layer, const ImageView& image, std::span<const Rect> damage) override;
  void DropLayer(LayerId layer) override;
  bool retains_layer_pixels() const override { return false; }
  Status Draw(std::span<const DrawQuad> quads, const Rect& damage) override;
  Status Resize(int width, int height) override;
  void Finish() override;
  Result<Image> ReadOutput() override;
  int width() const override { return width_; }
  int height() const override { return height_; }

 private:
  explicit GlCompositor(std::unique_ptr<GlTarget> target) : target_(std::move(target)) {}
  Status Initialize(int width, int height);
  Status MakeFramebuffer();
  // Sets where quads land: output pixels to clip space, rows flipped for a window.
  void SetTransform(bool flip);
  void DrawQuadNow(const DrawQuad& quad, const Rect& area);
  // Copies the output to the window's framebuffer and swaps.
  Status PresentToWindow();

  struct Texture {
    GLuint id = 0;
    int width = 0;
    int height = 0;
  };

  std::unique_ptr<GlTarget> target_;
  std::string renderer_;
  bool unpack_row_length_ = false;  // GLES 3 (or EXT_unpack_subimage): sub-rectangle uploads
  GLint max_texture_size_ = 0;
  struct Program {
    GLuint id = 0;
    GLint position = -1;
    GLint coord = -1;
    GLint sampler_or_color = -1;
    GLint transform = -1;
  };
  Program layer_program_;    // a layer, blended (or copied where there are no blits)
  Program present_program_;  // the output to a window, B, G, R, A swizzled to RGBA
  Program color_program_;
  bool blit_ = false;  // GLES 3: opaque layers are copied with glBlitFramebuffer
  GLuint read_framebuffer_ = 0;
  GLuint framebuffer_ = 0;
  GLuint output_texture_ = 0;
  static constexpr LayerId kOutputLayer = 0xffffffff;
  std::map<LayerId, Texture> layers_;
  int width_ = 0;
  int height_ = 0;
};

}  // namespace nexus::gpu
