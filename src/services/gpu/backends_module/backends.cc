// libnexus_gpu_backends.so: EGL/GLES, pixman and SDL2 behind gpu_backends.h.
#include "services/gpu/backends_module/egl_headless.h"
#include "services/gpu/backends_module/gl_compositor.h"
#include "services/gpu/backends_module/sdl_window.h"
#include "services/gpu/backends_module/software_compositor.h"

namespace nexus::gpu {
namespace {

class Backends : public GpuBackends {
 public:
  bool HasGpu() const override { return HasHardwareEglDevice(); }
  Result<std::unique_ptr<Compositor>> CreateHeadlessGl(int width, int height) const override {
    ASSIGN_OR_RETURN(auto target, CreateHeadlessEglTarget());
    ASSIGN_OR_RETURN(auto compositor, GlCompositor::Create(std::move(target), width, height));
    return std::unique_ptr<Compositor>(std::move(compositor));
  }
  Result<std::unique_ptr<Compositor>> CreateHeadlessSoftware(int width, int height) const override {
    ASSIGN_OR_RETURN(auto compositor, SoftwareCompositor::Create(CreateMemoryTarget()));
    TRY_STATUS(compositor->Resize(width, height));
    return std::unique_ptr<Compositor>(std::move(compositor));
  }
  Result<std::unique_ptr<Window>> OpenWindow(const std::string& title,
                                             int width,
                                             int height) const override {
    return OpenSdlWindow(title, width, height);
  }
};

}  // namespace
}  // namespace nexus::gpu

extern "C" __attribute__((visibility("default"))) nexus::gpu::GpuBackends*
NexusCreateGpuBackends() {
  static nexus::gpu::Backends backends;
  return &backends;
}
