#include "services/gpu/gpu_output.h"

#include "base/flag_table.h"

namespace nexus::gpu {

Result<OutputSwitches> ReadOutputSwitches(const std::vector<std::string>& args) {
  OutputSwitches switches;
  std::string output = "headless", size;
  FlagTable flags;
  flags.Text("--gpu-output", "KIND", "window or headless", output)
      .Text("--gpu-size", "WxH", "the output's size in pixels", size)
      .Switch("--disable-gpu", "software compositing", switches.software);
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

PreparedOutput PrepareOutput(const OutputSwitches& switches) {
  PreparedOutput prepared;
  auto backends = LoadGpuBackends();
  if (!backends.ok()) {
    prepared.error = backends.error().message();
    return prepared;
  }
  if (switches.window) {
    auto window = (*backends)->OpenWindow("Nexus", switches.width, switches.height);
    if (window.ok()) {
      auto compositor = (*window)->CreateCompositor(!switches.software, &prepared.gl_error);
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
  if (!switches.software) {
    auto gl = (*backends)->CreateHeadlessGl(switches.width, switches.height);
    if (gl.ok()) {
      prepared.compositor = std::move(gl).value();
      return prepared;
    }
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
