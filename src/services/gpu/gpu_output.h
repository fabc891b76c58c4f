// What the GPU process shows its frames on, made before its sandbox closes (spec "GPU
// Process"; DESIGN.md §4: the display connection and the GL driver are opened first): a
// window, or an off-screen output (headless), with the GL compositor where it works and
// the software one otherwise.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "services/gpu/gpu_backends.h"

namespace nexus::gpu {

struct OutputSwitches {
  bool window = false;  // --gpu-output=window (default headless)
  int width = 1280;     // --gpu-size=WxH
  int height = 800;
  bool software = false;  // --disable-gpu: no GL at all
  // --use-software-gl: GL even where the only GL is a CPU rasterizer (Mesa's llvmpipe),
  // which otherwise gives way to pixman, faster on a CPU and 55 MB lighter.
  bool software_gl = false;
};

// Whether a GL renderer string names a rasterizer that runs on the CPU.
bool IsCpuRasterizer(const std::string& renderer);

struct PreparedOutput {
  std::unique_ptr<Window> window;  // null when headless
  std::unique_ptr<Compositor> compositor;
  std::string gl_error;      // why GL is not used although it was wanted
  std::string window_error;  // why there is no window although one was wanted
  std::string error;         // nothing to draw on at all
};

// The GPU process's own switches.
Result<OutputSwitches> ReadOutputSwitches(const std::vector<std::string>& args);
// A window that cannot be opened (no display) leaves an off-screen output and says why;
// GL that does not work leaves software.
PreparedOutput PrepareOutput(const OutputSwitches& switches);

}  // namespace nexus::gpu
