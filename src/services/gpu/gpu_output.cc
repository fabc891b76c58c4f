#include "services/gpu/gpu_output.h"

#include "base/flag_table.h"

namespace nexus::gpu {

Result<OutputSwitches> ReadOutputSwitches(const std::vector<std::string>& args) {
  OutputSwitches switches;
  std::string output = "headless", size;
  FlagTable flags;
  flags.Text("--gpu-output", "KIND", "window or headless", output)
      .Text("--gpu-size", "WxH", "the output's size in pixels", size)
      .Switch("--disable-gpu", "software compositing", switches.software)
      .Switch("--use-software-gl", "GL on a CPU rasterizer too", switches.software_gl);
  TRY_STATUS(flags.Parse(args, /*ignore_unknown=*/true));
  if (output != "window" && output != "headless")
    return Error("--gpu-output must be window or headless, not '" + output + "'");
  switches.window = output == "window";
  if (!size.empty()) {
    int width = 0, height = 0;
    char tail = 0;
    if (std::sscanf(size.c_str(), "%dx%d%c", &width, &height, &tail) != 2 || width < 1 ||
        height < 1 || width > 16384 || height > 16384)
      return Error("--gpu-size must be WIDTHxHEIGHT in 1..16384, not '" + size + "'");
    switches.width = width;
    switches.height = height;
  }
  return switches;
}

bool IsCpuRasterizer(const std::string& renderer) {
  for (const char* name : {"llvmpipe", "softpipe", "swrast", "SwiftShader", "lavapipe"}) {
    if (renderer.find(name) != std::string::npos)
      return true;
  }
  return false;
}

namespace {

// A GL compositor on a CPU rasterizer gives way to pixman unless asked for (Chromium too
// composites in software without a GPU); `why` says so.
bool KeepGl(const Compositor& gl, const OutputSwitches& switches, std::string& why) {
  if (switches.software_gl || !IsCpuRasterizer(gl.backend()))
    return true;
  why = "GL is " + gl.backend() +
        ", a CPU rasterizer: pixman is faster there (--use-software-gl to use it)";
  return false;
}

}  // namespace

PreparedOutput PrepareOutput(const OutputSwitches& switches) {
  PreparedOutput prepared;
  auto backends = LoadGpuBackends();
  if (!backends.ok()) {
    prepared.error = backends.error().message();
    return prepared;
  }
  // Without a GPU, GL would be a CPU rasterizer: not even its driver is loaded then.
  bool try_gl = !switches.software && (switches.software_gl || (*backends)->HasGpu());
  if (!switches.software && !try_gl)
    prepared.gl_error =
        "no GPU: GL would be a CPU rasterizer, and pixman is faster there (--use-software-gl "
        "to use it)";
  if (switches.window) {
    auto window = (*backends)->OpenWindow("Nexus", switches.width, switches.height);
    if (window.ok()) {
      auto compositor = (*window)->CreateCompositor(try_gl, &prepared.gl_error);
      if (compositor.ok() && (*compositor)->is_gpu() &&
          !KeepGl(**compositor, switches, prepared.gl_error)) {
        compositor->reset();
        compositor = (*window)->CreateCompositor(false, nullptr);
      }
      if (compositor.ok()) {
        prepared.window = std::move(window).value();
        prepared.compositor = std::move(compositor).value();
        return prepared;
      }
      prepared.window_error = compositor.error().message();
    } else {
      prepared.window_error = window.error().message();
    }
  }
  if (try_gl) {
    auto gl = (*backends)->CreateHeadlessGl(switches.width, switches.height);
    if (gl.ok() && KeepGl(**gl, switches, prepared.gl_error)) {
      prepared.compositor = std::move(gl).value();
      return prepared;
    }
    if (!gl.ok())
      prepared.gl_error = gl.error().message();
  }
  auto software = (*backends)->CreateHeadlessSoftware(switches.width, switches.height);
  if (software.ok())
    prepared.compositor = std::move(software).value();
  else
    prepared.error = software.error().message();
  return prepared;
}

}  // namespace nexus::gpu
