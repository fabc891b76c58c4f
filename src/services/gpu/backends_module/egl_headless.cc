#include "services/gpu/backends_module/egl_headless.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstring>
#include <string>
#include <vector>

namespace nexus::gpu {
namespace {

std::string EglErrorName() {
  char code[16];
  std::snprintf(code, sizeof(code), "0x%04x", eglGetError());
  return code;
}

bool HasExtension(const char* extensions, const char* name) {
  if (!extensions)
    return false;
  size_t length = std::strlen(name);
  for (const char* at = std::strstr(extensions, name); at; at = std::strstr(at + 1, name)) {
    if ((at == extensions || at[-1] == ' ') && (at[length] == ' ' || at[length] == '\0'))
      return true;
  }
  return false;
}

// The devices EGL lists that are not its software rasterizer (Mesa lists only that one on a
// machine without a DRM node).
std::vector<EGLDeviceEXT> HardwareDevices() {
  std::vector<EGLDeviceEXT> hardware;
  const char* client_extensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (!HasExtension(client_extensions, "EGL_EXT_device_enumeration"))
    return hardware;
  auto query_devices =
      reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
  auto query_device_string = reinterpret_cast<PFNEGLQUERYDEVICESTRINGEXTPROC>(
      eglGetProcAddress("eglQueryDeviceStringEXT"));
  if (!query_devices || !query_device_string)
    return hardware;
  EGLDeviceEXT devices[8];
  EGLint count = 0;
  if (!query_devices(8, devices, &count))
    return hardware;
  for (EGLint i = 0; i < count; ++i) {
    if (!HasExtension(query_device_string(devices[i], EGL_EXTENSIONS), "EGL_MESA_device_software"))
      hardware.push_back(devices[i]);
  }
  return hardware;
}

// A hardware device's display, or EGL_NO_DISPLAY when EGL lists none.
EGLDisplay HardwareDeviceDisplay(const char* client_extensions) {
  if (!HasExtension(client_extensions, "EGL_EXT_platform_device"))
    return EGL_NO_DISPLAY;
  auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (!get_platform_display)
    return EGL_NO_DISPLAY;
  for (EGLDeviceEXT device : HardwareDevices()) {
    EGLDisplay display = get_platform_display(EGL_PLATFORM_DEVICE_EXT, device, nullptr);
    if (display != EGL_NO_DISPLAY && eglInitialize(display, nullptr, nullptr))
      return display;
  }
  return EGL_NO_DISPLAY;
}

class HeadlessEglTarget : public GlTarget {
 public:
  HeadlessEglTarget(EGLDisplay display, EGLContext context)
      : display_(display), context_(context) {}
  // The display stays initialised: it is one per process, and terminating it unloads the
  // driver, which a next compositor would load again.
  ~HeadlessEglTarget() override {
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display_, context_);
  }
  Status MakeCurrent() override {
    if (eglGetCurrentContext() == context_)
      return {};
    if (!eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_))
      return Error("eglMakeCurrent failed (" + EglErrorName() + ")");
    return {};
  }
  bool is_window() const override { return false; }
  Status Present() override { return {}; }

 private:
  EGLDisplay display_;
  EGLContext context_;
};

}  // namespace

bool HasHardwareEglDevice() {
  return !HardwareDevices().empty();
}

Result<std::unique_ptr<GlTarget>> CreateHeadlessEglTarget() {
  const char* client_extensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  EGLDisplay display = HardwareDeviceDisplay(client_extensions);
  if (display == EGL_NO_DISPLAY) {
    if (!HasExtension(client_extensions, "EGL_MESA_platform_surfaceless"))
      return Error("EGL offers neither a GPU device nor Mesa's surfaceless platform");
    display = eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display == EGL_NO_DISPLAY || !eglInitialize(display, nullptr, nullptr))
      return Error("EGL's surfaceless platform did not initialise (" + EglErrorName() + ")");
  }
  if (!HasExtension(eglQueryString(display, EGL_EXTENSIONS), "EGL_KHR_surfaceless_context")) {
    eglTerminate(display);
    return Error("the EGL display cannot make a context current without a surface");
  }
  eglBindAPI(EGL_OPENGL_ES_API);
  // GLES 3 where the driver has it (sub-rectangle uploads), else 2.
  EGLContext context = EGL_NO_CONTEXT;
  for (EGLint version : {3, 2}) {
    const EGLint attributes[] = {EGL_CONTEXT_MAJOR_VERSION, version, EGL_NONE};
    context = eglCreateContext(display, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attributes);
    if (context != EGL_NO_CONTEXT)
      break;
  }
  if (context == EGL_NO_CONTEXT) {
    std::string error = EglErrorName();
    eglTerminate(display);
    return Error("no OpenGL ES context (" + error + ")");
  }
  return std::unique_ptr<GlTarget>(std::make_unique<HeadlessEglTarget>(display, context));
}

}  // namespace nexus::gpu
