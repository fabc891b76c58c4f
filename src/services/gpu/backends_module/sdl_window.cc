#include "services/gpu/backends_module/sdl_window.h"

#include <SDL2/SDL.h>

#include <cstdlib>
#include <ctime>

#include "services/gpu/backends_module/gl_compositor.h"
#include "services/gpu/backends_module/software_compositor.h"

namespace nexus::gpu {
namespace {

std::string SdlError(const std::string& what) {
  return what + " (" + SDL_GetError() + ")";
}

// DOM key names (UI Events KeyboardEvent.key) for the keys the browser and pages act on.
std::string KeyName(SDL_Keycode key) {
  switch (key) {
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
      return "Enter";
    case SDLK_BACKSPACE:
      return "Backspace";
    case SDLK_TAB:
      return "Tab";
    case SDLK_ESCAPE:
      return "Escape";
    case SDLK_DELETE:
      return "Delete";
    case SDLK_LEFT:
      return "ArrowLeft";
    case SDLK_RIGHT:
      return "ArrowRight";
    case SDLK_UP:
      return "ArrowUp";
    case SDLK_DOWN:
      return "ArrowDown";
    case SDLK_HOME:
      return "Home";
    case SDLK_END:
      return "End";
    case SDLK_PAGEUP:
      return "PageUp";
    case SDLK_PAGEDOWN:
      return "PageDown";
    case SDLK_SPACE:
      return " ";
    case SDLK_LSHIFT:
    case SDLK_RSHIFT:
      return "Shift";
    case SDLK_LCTRL:
    case SDLK_RCTRL:
      return "Control";
    case SDLK_LALT:
    case SDLK_RALT:
      return "Alt";
    default:
      break;
  }
  if (key >= SDLK_F1 && key <= SDLK_F12)
    return "F" + std::to_string(key - SDLK_F1 + 1);
  if (key >= 0x20 && key < 0x7f)
    return std::string(1, static_cast<char>(key));
  return "Unidentified";
}

uint32_t Modifiers(uint16_t sdl) {
  return ((sdl & KMOD_SHIFT) ? kShift : 0) | ((sdl & KMOD_CTRL) ? kControl : 0) |
         ((sdl & KMOD_ALT) ? kAlt : 0) | ((sdl & KMOD_GUI) ? kMeta : 0);
}

class WindowSoftwareTarget : public SoftwareTarget {
 public:
  explicit WindowSoftwareTarget(SDL_Window* window) : window_(window) {}
  Result<ImageView> Pixels() override {
    SDL_Surface* surface = SDL_GetWindowSurface(window_);
    if (!surface)
      return Error(SdlError("the window has no surface to draw in"));
    // X11 and Wayland give 32-bit xRGB: the layout of premultiplied ARGB32.
    if (surface->format->BytesPerPixel != 4 || surface->format->Rmask != 0x00ff0000 ||
        surface->format->Bmask != 0x000000ff)
      return Error(std::string("the window's pixels are ") +
                   SDL_GetPixelFormatName(surface->format->format) + ", not 32-bit xRGB");
    return ImageView{static_cast<const uint8_t*>(surface->pixels), surface->w, surface->h,
                     surface->pitch};
  }
  Status Present(const Rect& damage) override {
    SDL_Rect rect{damage.x, damage.y, damage.width, damage.height};
    if (SDL_UpdateWindowSurfaceRects(window_, &rect, 1) != 0)
      return Error(SdlError("showing the frame failed"));
    return {};
  }
  Status Resize(int, int) override {
    return SDL_GetWindowSurface(window_) ? Status() : Error(SdlError("resizing the window failed"));
  }

 private:
  SDL_Window* window_;
};

class WindowGlTarget : public GlTarget {
 public:
  WindowGlTarget(SDL_Window* window, SDL_GLContext context) : window_(window), context_(context) {}
  ~WindowGlTarget() override { SDL_GL_DeleteContext(context_); }
  Status MakeCurrent() override {
    if (SDL_GL_GetCurrentContext() == context_)
      return {};
    if (SDL_GL_MakeCurrent(window_, context_) != 0)
      return Error(SdlError("making the window's GL context current failed"));
    return {};
  }
  bool is_window() const override { return true; }
  Status Present() override {
    SDL_GL_SwapWindow(window_);
    return {};
  }

 private:
  SDL_Window* window_;
  SDL_GLContext context_;
};

class SdlWindow : public Window {
 public:
  SdlWindow(SDL_Window* window, int event_fd) : window_(window), event_fd_(event_fd) {}
  ~SdlWindow() override {
    SDL_DestroyWindow(window_);
    SDL_Quit();
  }

  std::vector<WindowEvent> TakeEvents() override {
    std::vector<WindowEvent> events;
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
      WindowEvent out;
      timespec now{};
      clock_gettime(CLOCK_MONOTONIC, &now);
      out.received_ns = int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
      switch (event.type) {
        case SDL_QUIT:
          out.kind = WindowEvent::Kind::kClosed;
          break;
        case SDL_WINDOWEVENT:
          if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            out.kind = WindowEvent::Kind::kResized;
            out.width = event.window.data1;
            out.height = event.window.data2;
          } else if (event.window.event == SDL_WINDOWEVENT_EXPOSED) {
            out.kind = WindowEvent::Kind::kExposed;
          } else if (event.window.event == SDL_WINDOWEVENT_CLOSE) {
            out.kind = WindowEvent::Kind::kClosed;
          } else {
            continue;
          }
          break;
        case SDL_MOUSEMOTION:
          out.kind = WindowEvent::Kind::kMouseMove;
          out.x = static_cast<float>(event.motion.x);
          out.y = static_cast<float>(event.motion.y);
          break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
          out.kind = event.type == SDL_MOUSEBUTTONDOWN ? WindowEvent::Kind::kMouseDown
                                                       : WindowEvent::Kind::kMouseUp;
          out.x = static_cast<float>(event.button.x);
          out.y = static_cast<float>(event.button.y);
          out.button = event.button.button;
          out.modifiers = Modifiers(static_cast<uint16_t>(SDL_GetModState()));
          break;
        case SDL_MOUSEWHEEL: {
          out.kind = WindowEvent::Kind::kWheel;
          // Where the pointer was when the wheel turned (SDL 2.26), not where it is now.
          out.x = static_cast<float>(event.wheel.mouseX);
          out.y = static_cast<float>(event.wheel.mouseY);
          // SDL's y is positive away from the user (content moves down): a browser's deltaY
          // is positive toward the end of the page.
          out.wheel_x = event.wheel.preciseX;
          out.wheel_y = -event.wheel.preciseY;
          if (event.wheel.direction == SDL_MOUSEWHEEL_FLIPPED) {
            out.wheel_x = -out.wheel_x;
            out.wheel_y = -out.wheel_y;
          }
          out.modifiers = Modifiers(static_cast<uint16_t>(SDL_GetModState()));
          break;
        }
        case SDL_KEYDOWN:
        case SDL_KEYUP:
          out.kind =
              event.type == SDL_KEYDOWN ? WindowEvent::Kind::kKeyDown : WindowEvent::Kind::kKeyUp;
          out.key = KeyName(event.key.keysym.sym);
          out.modifiers = Modifiers(event.key.keysym.mod);
          break;
        case SDL_TEXTINPUT:
          out.kind = WindowEvent::Kind::kText;
          out.key = event.text.text;
          break;
        default:
          continue;
      }
      events.push_back(std::move(out));
    }
    return events;
  }

  int event_fd() const override { return event_fd_; }
  void SetTitle(const std::string& title) override { SDL_SetWindowTitle(window_, title.c_str()); }
  std::string driver() const override {
    const char* name = SDL_GetCurrentVideoDriver();
    return name ? name : "unknown";
  }

  Result<std::unique_ptr<Compositor>> CreateCompositor(bool prefer_gpu,
                                                       std::string* gl_error) override {
    int width = 0, height = 0;
    SDL_GetWindowSize(window_, &width, &height);
    if (prefer_gpu) {
      auto gl = CreateGl(width, height);
      if (gl.ok())
        return std::unique_ptr<Compositor>(std::move(gl).value());
      if (gl_error)
        *gl_error = gl.error().message();
    }
    ASSIGN_OR_RETURN(auto software,
                     SoftwareCompositor::Create(std::make_unique<WindowSoftwareTarget>(window_)));
    TRY_STATUS(software->Resize(width, height));
    return std::unique_ptr<Compositor>(std::move(software));
  }

 private:
  Result<std::unique_ptr<GlCompositor>> CreateGl(int width, int height) {
    SDL_GLContext context = nullptr;
    // GLES 3 where the driver has it, else 2.
    for (int version : {3, 2}) {
      SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
      SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, version);
      SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
      SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
      context = SDL_GL_CreateContext(window_);
      if (context)
        break;
    }
    if (!context)
      return Error(SdlError("no OpenGL ES context for the window"));
    // A swap never waits for the display's refresh: input is handled between frames.
    SDL_GL_SetSwapInterval(0);
    return GlCompositor::Create(std::make_unique<WindowGlTarget>(window_, context), width, height);
  }

  SDL_Window* window_;
  int event_fd_;
};

}  // namespace

Result<std::unique_ptr<Window>> OpenSdlWindow(const std::string& title, int width, int height) {
  // GL through EGL (as the headless path), not GLX; no screensaver inhibition (no D-Bus).
  SDL_SetHint(SDL_HINT_VIDEO_X11_FORCE_EGL, "1");
  SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
  // A desktop's display only: never SDL's off-screen or dummy drivers, which would make a
  // "window" nobody sees (an off-screen output is ours to make, headless).
  if (!std::getenv("SDL_VIDEODRIVER"))
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11,wayland");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    const char* display = std::getenv("DISPLAY");
    return Error(SdlError(std::string("no display to open a window on (DISPLAY=") +
                          (display ? display : "") + ")"));
  }
  SDL_Window* window =
      SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, width,
                       height, SDL_WINDOW_RESIZABLE | SDL_WINDOW_OPENGL);
  if (!window) {
    std::string error = SdlError("the window could not be made");
    SDL_Quit();
    return Error(error);
  }
  SDL_StartTextInput();
  return std::unique_ptr<Window>(std::make_unique<SdlWindow>(window, DisplayConnectionFd(window)));
}

}  // namespace nexus::gpu
