// A desktop window through SDL2 (X11, or Wayland where SDL picks it), opened before the GPU
// process's sandbox closes; the display connection stays open in the sandbox.
#pragma once

#include <memory>

#include "services/gpu/gpu_backends.h"

struct SDL_Window;

namespace nexus::gpu {

// The display connection's fd, which wakes the GPU process's event loop for input; -1 when
// SDL's video driver has none to give (the caller polls then).
int DisplayConnectionFd(SDL_Window* window);

Result<std::unique_ptr<Window>> OpenSdlWindow(const std::string& title, int width, int height);

}  // namespace nexus::gpu
