# Main and the GPU process (services/gpu), and a renderer and the GPU process on the channel
# main brokers between them (DESIGN.md §3: frames never pass through main). Main says what
# the output shows (the scene) and paints the browser's own UI as a layer; renderers paint
# their tabs' pages into shared buffers in place and send only {buffer, size, damage}. The
# GPU process composites, shows the result in a window (or keeps it, headless) and turns the
# window's input into messages to main.
@0xdad3236d570b94f3;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::gpu::schema");

using Envelope = import "/ipc/envelope.capnp";

struct Rect {
  x @0 :Int32;
  y @1 :Int32;
  width @2 :Int32;
  height @3 :Int32;
}

struct BrowserToGpu {
  union {
    setTitle @0 :Text;               # the window's: the active tab's title
    connectRenderer @1 :ConnectRenderer;
    disconnectRenderer @2 :UInt32;   # a renderer's process id: it ended
    setTabRenderer @3 :TabRenderer;
    closeTab @4 :UInt32;
    scene @5 :Scene;
    uiFrame @6 :UiFrame;
    captureOutput @7 :Void;          # answered with outputCaptured, under the request's id
    scrollTab @8 :ScrollTab;
  }
}

struct GpuToBrowser {
  union {
    outputStarted @0 :OutputStarted;
    windowInput @1 :WindowInput;
    outputCaptured @2 :OutputCaptured;
    frameStats @3 :FrameStats;
  }
}

# The output is made before the GPU process's sandbox closes, as its switches say
# (--gpu-output=window|headless, --gpu-size=WxH, --disable-gpu); this says what came of it,
# once, after PROCESS_READY.
struct OutputStarted {
  backend @0 :Text;      # the GL renderer string, or "software (pixman)"
  gpu @1 :Bool;
  width @2 :UInt32;
  height @3 :UInt32;
  windowSystem @4 :Text; # "x11", "wayland"; empty when headless
  glError @5 :Text;      # why GL was not used, when it was wanted
  error @6 :Text;        # no output at all (no display): main carries on headless
}

# The channel's end in the message's one attachment. `rendererId` is the process id its
# messages carry as sender: the GPU process takes frames on it only for the tabs main
# assigns to that renderer.
struct ConnectRenderer {
  rendererId @0 :UInt32;
  attachment @1 :UInt8;
}

struct TabRenderer {
  tabId @0 :UInt32;
  rendererId @1 :UInt32;  # 0: none (the tab's renderer ended)
  newDocument @2 :Bool;   # the tab navigates: it shows from the top again
}

# What the output shows, in output pixels. The active tab's page shows in `content`,
# scrolled by the compositor; main's UI layer shows everywhere else, and over the page in
# `overlays` (a status line, a loading bar), blended.
struct Scene {
  activeTab @0 :UInt32;     # 0: none
  content @1 :Rect;
  contentFromUi @2 :Bool;   # the content area shows the UI layer (a sad tab, a blank tab)
  overlays @3 :List(Rect);
}

# Main's UI layer: the size of the output, premultiplied ARGB32 in one of the shared buffers
# main announced on this channel.
struct UiFrame {
  width @0 :UInt32;
  height @1 :UInt32;
  stride @2 :UInt32;
  pixels @3 :Envelope.Payload;
  damage @4 :List(Rect);    # what changed since the last UI frame; empty: all of it
  inputNs @5 :Int64;        # the input it answers (WindowInput.receivedNs); 0: none
}

# Keys that scroll (Space, PageDown, arrows, Home, End): main decides the page did not take
# them, the compositor moves at once.
struct ScrollTab {
  tabId @0 :UInt32;
  deltaY @1 :Int32;        # pixels; ignored with `to`
  to @2 :ScrollTarget;
  inputNs @3 :Int64;       # the key's WindowInput.receivedNs
}

enum ScrollTarget {
  by @0;
  top @1;
  bottom @2;
}

struct WindowInput {
  kind @0 :WindowInputKind;
  x @1 :Float32;           # window pixels
  y @2 :Float32;
  wheelX @3 :Float32;      # lines
  wheelY @4 :Float32;
  button @5 :UInt8;
  key @6 :Text;            # DOM key name, or typed text for `text`
  modifiers @7 :UInt32;    # 1 Shift, 2 Control, 4 Alt, 8 Meta
  width @8 :UInt32;        # resized
  height @9 :UInt32;
  scrollY @10 :Int32;      # the active tab's scroll offset when the event came
  tabId @11 :UInt32;       # the active tab then
  receivedNs @12 :Int64;   # CLOCK_MONOTONIC when the GPU process read it from the display
}

const shiftModifier :UInt32 = 1;
const controlModifier :UInt32 = 2;
const altModifier :UInt32 = 4;
const metaModifier :UInt32 = 8;

enum WindowInputKind {
  mouseMove @0;
  mouseDown @1;
  mouseUp @2;
  wheel @3;
  keyDown @4;
  keyUp @5;
  text @6;
  resized @7;
  closed @8;
}

struct OutputCaptured {
  width @0 :UInt32;
  height @1 :UInt32;
  stride @2 :UInt32;
  pixels @3 :Envelope.Payload;  # premultiplied ARGB32, sealed
  error @4 :Text;
}

# Sent at most a few times a second while frames are drawn (`nexus ps`, `--trace`).
struct FrameStats {
  framesComposited @0 :UInt64;
  lastFrameUs @1 :UInt32;       # drawing and showing the last frame
  averageFrameUs @2 :UInt32;    # over the frames since the last stats
  recentFrames @3 :List(FrameTiming);
}

struct FrameTiming {
  startNs @0 :Int64;            # CLOCK_MONOTONIC
  durationUs @1 :UInt32;
  damagedPixels @2 :UInt32;
  inputLatencyUs @3 :UInt32;    # from the oldest input it shows to the frame shown; 0: none
}

# --- The brokered channel ---------------------------------------------------------------

# One message each way: a renderer sends frames, the GPU process says where a tab scrolled.
# A frame is a band of a tab's page, painted in place into one of the renderer's shared
# buffers: rows `top` .. `top + height` of the page, for a viewport `width` pixels wide.
struct RendererToGpu {
  tabId @0 :UInt32;
  width @1 :UInt32;
  height @2 :UInt32;
  stride @3 :UInt32;
  top @4 :Int32;
  pageHeight @5 :Int32;     # how far the compositor may scroll
  pixels @6 :Envelope.Payload;
  damage @7 :List(Rect);    # in the band's pixels, against the tab's last frame; empty: all
}

# The compositor scrolled a tab: the renderer paints a band around `scrollY` next (and
# window.scrollY says it).
struct GpuToRenderer {
  tabId @0 :UInt32;
  scrollY @1 :Int32;
}
