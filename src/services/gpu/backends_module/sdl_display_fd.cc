// Apart from the rest: Xlib's headers define macros (Status, Bool) that clash with ours.
#include "services/gpu/backends_module/sdl_window.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_syswm.h>

namespace nexus::gpu {

int DisplayConnectionFd(SDL_Window* window) {
  SDL_SysWMinfo info;
  SDL_VERSION(&info.version);
  if (!SDL_GetWindowWMInfo(window, &info))
    return -1;
#if defined(SDL_VIDEO_DRIVER_X11)
  if (info.subsystem == SDL_SYSWM_X11)
    return ConnectionNumber(info.info.x11.display);
#endif
  return -1;
}

}  // namespace nexus::gpu
