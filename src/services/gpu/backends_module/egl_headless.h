// An off-screen EGL context for the GL compositor: on a GPU's own device where EGL offers one
// (EGL_EXT_platform_device: NVIDIA's driver, Mesa on a DRM render node), else Mesa's
// surfaceless platform (llvmpipe on machines without a GPU).
#pragma once

#include <memory>

#include "services/gpu/backends_module/gl_compositor.h"

namespace nexus::gpu {

Result<std::unique_ptr<GlTarget>> CreateHeadlessEglTarget();
// Whether EGL lists a device that is not a CPU rasterizer (it loads no driver to say so).
bool HasHardwareEglDevice();

}  // namespace nexus::gpu
