#include "services/gpu/backends_module/gl_compositor.h"

#include <GLES3/gl3.h>

#include <cstring>
#include <tuple>

namespace nexus::gpu {
namespace {

// Positions arrive in output pixels; `u_scale`/`u_offset` map them to clip space (and turn a
// window's bottom-up rows the right way).
constexpr char kVertexShader[] = R"(
attribute vec2 a_position;
attribute vec2 a_texcoord;
uniform vec4 u_transform;
varying vec2 v_texcoord;
void main() {
  gl_Position = vec4(a_position * u_transform.xy + u_transform.zw, 0.0, 1.0);
  v_texcoord = a_texcoord;
})";

// Layers and the output keep the pixels' own byte order (B, G, R, A) in RGBA textures: no
// driver needs GL_EXT_texture_format_BGRA8888, opaque layers are copied by blits that move
// bytes as they are, and reading the output back needs no swizzle. Only a window, which
// shows RGBA, gets its copy swizzled.
constexpr char kTextureShader[] = R"(
precision mediump float;
uniform sampler2D u_texture;
varying vec2 v_texcoord;
void main() {
  gl_FragColor = texture2D(u_texture, v_texcoord);
})";

constexpr char kPresentShader[] = R"(
precision mediump float;
uniform sampler2D u_texture;
varying vec2 v_texcoord;
void main() {
  gl_FragColor = texture2D(u_texture, v_texcoord).bgra;
})";

constexpr char kColorShader[] = R"(
precision mediump float;
uniform vec4 u_color;
varying vec2 v_texcoord;
void main() {
  gl_FragColor = u_color;
})";

Result<GLuint> CompileShader(GLenum kind, const char* source) {
  GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint compiled = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &compiled);
  if (!compiled) {
    char log[512] = {};
    glGetShaderInfoLog(shader, sizeof(log) - 1, nullptr, log);
    glDeleteShader(shader);
    return Error(std::string("GL shader did not compile: ") + log);
  }
  return shader;
}

Result<GLuint> LinkProgram(const char* fragment_source) {
  ASSIGN_OR_RETURN(GLuint vertex, CompileShader(GL_VERTEX_SHADER, kVertexShader));
  auto fragment = CompileShader(GL_FRAGMENT_SHADER, fragment_source);
  if (!fragment.ok()) {
    glDeleteShader(vertex);
    return fragment.error();
  }
  GLuint program = glCreateProgram();
  glAttachShader(program, vertex);
  glAttachShader(program, *fragment);
  glLinkProgram(program);
  glDeleteShader(vertex);
  glDeleteShader(*fragment);
  GLint linked = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &linked);
  if (!linked) {
    char log[512] = {};
    glGetProgramInfoLog(program, sizeof(log) - 1, nullptr, log);
    glDeleteProgram(program);
    return Error(std::string("GL program did not link: ") + log);
  }
  return program;
}

Status CheckGl(const char* what) {
  GLenum error = glGetError();
  if (error == GL_NO_ERROR)
    return {};
  char code[16];
  std::snprintf(code, sizeof(code), "0x%04x", error);
  return Error(std::string("GL error ") + code + " in " + what);
}

}  // namespace

Result<std::unique_ptr<GlCompositor>> GlCompositor::Create(std::unique_ptr<GlTarget> target,
                                                           int width,
                                                           int height) {
  std::unique_ptr<GlCompositor> compositor(new GlCompositor(std::move(target)));
  TRY_STATUS(compositor->Initialize(width, height));
  return compositor;
}

GlCompositor::~GlCompositor() {
  if (!target_->MakeCurrent().ok())
    return;  // The context is gone; so is everything made in it.
  for (auto& [id, texture] : layers_)
    glDeleteTextures(1, &texture.id);
  if (framebuffer_)
    glDeleteFramebuffers(1, &framebuffer_);
  if (output_texture_)
    glDeleteTextures(1, &output_texture_);
  for (const Program* program : {&layer_program_, &present_program_, &color_program_})
    glDeleteProgram(program->id);
  if (read_framebuffer_)
    glDeleteFramebuffers(1, &read_framebuffer_);
}

Status GlCompositor::Initialize(int width, int height) {
  TRY_STATUS(target_->MakeCurrent());
  const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  if (!renderer || !version)
    return Error("the GL context answers no GL_RENDERER");
  renderer_ = renderer;
  const char* extensions = reinterpret_cast<const char*>(glGetString(GL_EXTENSIONS));
  unpack_row_length_ = std::strstr(version, "OpenGL ES 3") ||
                       (extensions && std::strstr(extensions, "GL_EXT_unpack_subimage"));
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_texture_size_);
  blit_ = std::strstr(version, "OpenGL ES 3") != nullptr;
  if (blit_)
    glGenFramebuffers(1, &read_framebuffer_);
  for (auto [program, source, uniform] :
       {std::tuple{&layer_program_, kTextureShader, "u_texture"},
        std::tuple{&present_program_, kPresentShader, "u_texture"},
        std::tuple{&color_program_, kColorShader, "u_color"}}) {
    ASSIGN_OR_RETURN(program->id, LinkProgram(source));
    program->position = glGetAttribLocation(program->id, "a_position");
    program->coord = glGetAttribLocation(program->id, "a_texcoord");
    program->sampler_or_color = glGetUniformLocation(program->id, uniform);
    program->transform = glGetUniformLocation(program->id, "u_transform");
  }
  glDisable(GL_DEPTH_TEST);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);  // premultiplied alpha
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  TRY_STATUS(CheckGl("setting up the compositor"));
  return Resize(width, height);
}

Status GlCompositor::MakeFramebuffer() {
  if (!framebuffer_) {
    glGenFramebuffers(1, &framebuffer_);
    glGenTextures(1, &output_texture_);
  }
  glBindTexture(GL_TEXTURE_2D, output_texture_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width_, height_, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, output_texture_, 0);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
    return Error("the GL output of " + std::to_string(width_) + "x" + std::to_string(height_) +
                 " is not a complete framebuffer");
  glClearColor(0, 0, 0, 0);
  glClear(GL_COLOR_BUFFER_BIT);
  return CheckGl("making the output framebuffer");
}

Status GlCompositor::Resize(int width, int height) {
  if (width <= 0 || height <= 0 || width > max_texture_size_ || height > max_texture_size_)
    return Error("an output of " + std::to_string(width) + "x" + std::to_string(height) +
                 " pixels is outside 1.." + std::to_string(max_texture_size_));
  TRY_STATUS(target_->MakeCurrent());
  width_ = width;
  height_ = height;
  return MakeFramebuffer();
}

Status GlCompositor::SetLayer(LayerId layer, const ImageView& image, std::span<const Rect> damage) {
  if (layer == 0 || image.width <= 0 || image.height <= 0 || image.stride < image.width * 4 ||
      image.stride % 4 != 0)
    return Error("layer " + std::to_string(layer) + " of " + std::to_string(image.width) + "x" +
                 std::to_string(image.height) + " (stride " + std::to_string(image.stride) +
                 ") cannot be composited");
  if (image.width > max_texture_size_ || image.height > max_texture_size_)
    return Error("layer of " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                 " is over the GL texture limit of " + std::to_string(max_texture_size_));
  TRY_STATUS(target_->MakeCurrent());
  Texture& texture = layers_[layer];
  bool whole = false;
  if (!texture.id || texture.width != image.width || texture.height != image.height) {
    if (!texture.id)
      glGenTextures(1, &texture.id);
    glBindTexture(GL_TEXTURE_2D, texture.id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    texture.width = image.width;
    texture.height = image.height;
    whole = true;
  }
  whole = whole || damage.empty();  // no damage named: all of it changed
  glBindTexture(GL_TEXTURE_2D, texture.id);
  const int row_pixels = image.stride / 4;
  if (whole) {
    if (unpack_row_length_)
      glPixelStorei(GL_UNPACK_ROW_LENGTH, row_pixels);
    if (unpack_row_length_ || row_pixels == image.width) {
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.width, image.height, 0, GL_RGBA,
                   GL_UNSIGNED_BYTE, image.pixels);
    } else {
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.width, image.height, 0, GL_RGBA,
                   GL_UNSIGNED_BYTE, nullptr);
      for (int row = 0; row < image.height; ++row)
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, row, image.width, 1, GL_RGBA, GL_UNSIGNED_BYTE,
                        image.pixels + static_cast<size_t>(row) * image.stride);
    }
  } else {
    const Rect bounds{0, 0, image.width, image.height};
    for (const Rect& damaged : damage) {
      Rect area = damaged.Intersect(bounds);
      if (area.empty())
        continue;
      // Without a row length, whole rows go up (one call, still only the damaged rows).
      if (!unpack_row_length_)
        area = {0, area.y, image.width, area.height};
      if (unpack_row_length_ || row_pixels == image.width) {
        if (unpack_row_length_)
          glPixelStorei(GL_UNPACK_ROW_LENGTH, row_pixels);
        glTexSubImage2D(GL_TEXTURE_2D, 0, area.x, area.y, area.width, area.height, GL_RGBA,
                        GL_UNSIGNED_BYTE,
                        image.pixels + static_cast<size_t>(area.y) * image.stride + area.x * 4);
      } else {
        for (int row = area.y; row < area.bottom(); ++row)
          glTexSubImage2D(GL_TEXTURE_2D, 0, 0, row, image.width, 1, GL_RGBA, GL_UNSIGNED_BYTE,
                          image.pixels + static_cast<size_t>(row) * image.stride);
      }
    }
  }
  if (unpack_row_length_)
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  return CheckGl("uploading a layer");
}

void GlCompositor::DropLayer(LayerId layer) {
  auto found = layers_.find(layer);
  if (found == layers_.end())
    return;
  if (target_->MakeCurrent().ok())
    glDeleteTextures(1, &found->second.id);
  layers_.erase(found);
}

void GlCompositor::SetTransform(bool flip) {
  const float sign = flip ? -1.0f : 1.0f;
  for (const Program* program : {&layer_program_, &present_program_, &color_program_}) {
    glUseProgram(program->id);
    glUniform4f(program->transform, 2.0f / width_, sign * 2.0f / height_, -1.0f, -sign);
  }
}

Status GlCompositor::PresentToWindow() {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, width_, height_);
  SetTransform(/*flip=*/true);
  layers_[kOutputLayer] = {output_texture_, width_, height_};
  DrawQuadNow({.layer = kOutputLayer, .source = {0, 0, width_, height_}}, {0, 0, width_, height_});
  layers_.erase(kOutputLayer);
  TRY_STATUS(CheckGl("copying the frame to the window"));
  return target_->Present();
}

void GlCompositor::DrawQuadNow(const DrawQuad& quad, const Rect& area) {
  const float left = static_cast<float>(area.x), top = static_cast<float>(area.y);
  const float right = static_cast<float>(area.right()), bottom = static_cast<float>(area.bottom());
  const GLfloat positions[] = {left, top, right, top, left, bottom, right, bottom};
  if (quad.blend)
    glEnable(GL_BLEND);
  else
    glDisable(GL_BLEND);
  if (quad.layer == 0) {
    glUseProgram(color_program_.id);
    float alpha = static_cast<float>(quad.color >> 24) / 255.0f;
    auto channel = [&](int shift) {
      return static_cast<float>((quad.color >> shift) & 0xff) / 255.0f * alpha;
    };
    // In the pixels' byte order: B, G, R, A.
    glUniform4f(color_program_.sampler_or_color, channel(0), channel(8), channel(16), alpha);
    glVertexAttribPointer(color_program_.position, 2, GL_FLOAT, GL_FALSE, 0, positions);
    glEnableVertexAttribArray(color_program_.position);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glDisableVertexAttribArray(color_program_.position);
    return;
  }
  const Texture& texture = layers_.at(quad.layer);
  const float u0 = static_cast<float>(quad.source.x + area.x - quad.x) / texture.width;
  const float v0 = static_cast<float>(quad.source.y + area.y - quad.y) / texture.height;
  const float u1 = u0 + static_cast<float>(area.width) / texture.width;
  const float v1 = v0 + static_cast<float>(area.height) / texture.height;
  const GLfloat coords[] = {u0, v0, u1, v0, u0, v1, u1, v1};
  if (!quad.blend && blit_ && quad.layer != kOutputLayer) {
    // An opaque copy moves bytes as they are: a blit, which drivers do without shading.
    const int source_x = quad.source.x + area.x - quad.x;
    const int source_y = quad.source.y + area.y - quad.y;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, read_framebuffer_);
    glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture.id, 0);
    glBlitFramebuffer(source_x, source_y, source_x + area.width, source_y + area.height, area.x,
                      area.y, area.right(), area.bottom(), GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    return;
  }
  const Program& program = quad.layer == kOutputLayer ? present_program_ : layer_program_;
  glUseProgram(program.id);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, texture.id);
  glUniform1i(program.sampler_or_color, 0);
  glVertexAttribPointer(program.position, 2, GL_FLOAT, GL_FALSE, 0, positions);
  glEnableVertexAttribArray(program.position);
  glVertexAttribPointer(program.coord, 2, GL_FLOAT, GL_FALSE, 0, coords);
  glEnableVertexAttribArray(program.coord);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  // The arrays point into this frame's stack: none stays enabled for the next draw.
  glDisableVertexAttribArray(program.position);
  glDisableVertexAttribArray(program.coord);
}

Status GlCompositor::Draw(std::span<const DrawQuad> quads, const Rect& damage) {
  Rect clip = damage.Intersect({0, 0, width_, height_});
  if (clip.empty())
    return {};
  for (const DrawQuad& quad : quads) {
    if (quad.layer != 0 && !layers_.count(quad.layer))
      return Error("no layer " + std::to_string(quad.layer) + " to draw");
  }
  TRY_STATUS(target_->MakeCurrent());
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glViewport(0, 0, width_, height_);
  glEnable(GL_SCISSOR_TEST);
  // Row 0 of the framebuffer is the output's top row, so that reading it back needs no flip.
  glScissor(clip.x, clip.y, clip.width, clip.height);
  SetTransform(/*flip=*/false);
  for (const DrawQuad& quad : quads) {
    Rect area = Rect{quad.x, quad.y, quad.source.width, quad.source.height}.Intersect(clip);
    if (!area.empty())
      DrawQuadNow(quad, area);
  }
  glDisable(GL_SCISSOR_TEST);
  TRY_STATUS(CheckGl("drawing the frame"));
  return target_->is_window() ? PresentToWindow() : Status();
}

void GlCompositor::Finish() {
  if (target_->MakeCurrent().ok())
    glFinish();
}

Result<Image> GlCompositor::ReadOutput() {
  TRY_STATUS(target_->MakeCurrent());
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  Image image;
  image.width = width_;
  image.height = height_;
  image.stride = width_ * 4;
  image.pixels.resize(static_cast<size_t>(image.stride) * height_);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, image.pixels.data());
  TRY_STATUS(CheckGl("reading the output back"));
  return image;  // the pixels' own byte order all along
}

}  // namespace nexus::gpu
