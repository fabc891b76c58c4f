// The browser in a real window, under Xvfb (issue: GPU process and a browser window): what
// is checked is the X server's pixels of the window, and input arrives as a user's would,
// through the X server (xdotool).
#include <cairo.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "base/time.h"
#include "nexus_instance.h"

namespace nexus::testing {
namespace {

// Where the page shows in the window (services/browser/browser_ui.h: a 34-pixel tab strip
// and a 40-pixel toolbar above it).
constexpr int kContentTop = 74;

// An X server of its own for the suite, on a display number spread by pid (suites run side by
// side, each with its own).
class Xvfb {
 public:
  Xvfb() {
    int first = 100 + static_cast<int>(getpid() % 800);
    for (int number = first; number < first + 20 && display_.empty(); ++number)
      TryDisplay(number);
  }
  ~Xvfb() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      close(pipe_);
    }
  }
  const std::string& display() const { return display_; }

 private:
  // Starts Xvfb on :number; it writes the number to the pipe once it listens, or exits.
  void TryDisplay(int number) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
      return;
    pid_t pid = fork();
    if (pid == 0) {
      close(pipe_fds[0]);
      int null_fd = open("/dev/null", O_RDWR);
      dup2(null_fd, 0);
      dup2(null_fd, 1);
      dup2(null_fd, 2);
      std::string name = ":" + std::to_string(number), fd = std::to_string(pipe_fds[1]);
      execlp("Xvfb", "Xvfb", name.c_str(), "-displayfd", fd.c_str(), "-screen", "0", "1280x1024x24",
             "-nolisten", "tcp", "-noreset", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(pipe_fds[1]);
    char written[16] = {};
    ssize_t n = read(pipe_fds[0], written, sizeof(written) - 1);
    if (n > 0) {
      // Xvfb may write its number again; a closed pipe then ends it ("Cannot write display
      // number"): the read end stays open as long as it runs.
      pid_ = pid;
      pipe_ = pipe_fds[0];
      display_ = ":" + std::to_string(std::atoi(written));
    } else {
      close(pipe_fds[0]);
      waitpid(pid, nullptr, 0);  // the number was taken
    }
  }

  pid_t pid_ = -1;
  int pipe_ = -1;
  std::string display_;
};

// Runs a shell command against the display; its stdout.
std::string OnDisplay(const std::string& display, const std::string& command) {
  std::string line = "DISPLAY=" + display + " " + command + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(line.c_str(), "r"), pclose);
  std::string out;
  char buffer[256];
  while (pipe && fgets(buffer, sizeof(buffer), pipe.get()))
    out += buffer;
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct WindowShot {
  cairo_surface_t* surface = nullptr;
  ~WindowShot() {
    if (surface)
      cairo_surface_destroy(surface);
  }
  bool ok() const { return surface && cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS; }
  int width() const { return cairo_image_surface_get_width(surface); }
  int height() const { return cairo_image_surface_get_height(surface); }
  uint32_t Rgb(int x, int y) const {
    const uint8_t* row =
        cairo_image_surface_get_data(surface) + y * cairo_image_surface_get_stride(surface);
    uint32_t pixel;
    std::memcpy(&pixel, row + x * 4, 4);
    return pixel & 0xffffff;
  }
};

// The stripes page's band at page row `y` (tests/pages/stripes.html). The first band (rows
// 0-49) is black, as a window is before anything is drawn in it: a test waits for the second
// to know the page is shown.
uint32_t StripeAt(int y) {
  int i = y / 50;
  return static_cast<uint32_t>(i % 7 * 40) << 16 | static_cast<uint32_t>(i % 11 * 23) << 8 |
         static_cast<uint32_t>(i % 13 * 19);
}

class Window : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { xvfb_ = new Xvfb(); }
  static void TearDownTestSuite() {
    delete xvfb_;
    xvfb_ = nullptr;
  }
  void SetUp() override {
    ASSERT_FALSE(display().empty()) << "Xvfb did not start";
    // It answers clients once it is done starting, a moment after it says its number.
    ASSERT_TRUE(NexusInstance::WaitFor([] {
      return std::system(("DISPLAY=" + display() + " xdpyinfo >/dev/null 2>&1").c_str()) == 0;
    })) << "Xvfb on "
        << display() << " takes no clients";
  }
  static const std::string& display() { return xvfb_->display(); }

  // Starts nexus in a window of 900x700 on the suite's display, showing `urls`.
  std::unique_ptr<NexusInstance> Start(std::vector<std::string> args) {
    args.insert(args.begin(), {"--window-size", "900x700"});
    auto nexus = std::make_unique<NexusInstance>(args, "", display());
    EXPECT_TRUE(NexusInstance::WaitFor([&] { return !WindowId().empty(); }))
        << "no window appeared on " << display() << ": " << Backend(*nexus) << "\n"
        << ReadFile(nexus->profile() + "/stderr.txt");
    EXPECT_TRUE(NexusInstance::WaitFor([&] { return Backend(*nexus).find("window on") != npos; }))
        << Backend(*nexus) << "\n"
        << ReadFile(nexus->profile() + "/stderr.txt");
    started_ = nexus.get();
    return nexus;
  }

  // What `nexus ps` says the GPU process composites with.
  static std::string Backend(NexusInstance& nexus) {
    auto gpu = nexus.FindProcess("gpu");
    return gpu.is_null() ? "" : gpu.value("detail", "");
  }

  std::string WindowId() {
    std::string id = OnDisplay(display(), "xdotool search --name Nexus");
    return id.substr(0, id.find('\n'));
  }

  // The window's pixels as the X server has them.
  std::unique_ptr<WindowShot> Shot() {
    std::string path = MakeTempDir() + "/window.png";
    OnDisplay(display(), "import -window " + WindowId() + " " + path);
    auto shot = std::make_unique<WindowShot>();
    shot->surface = cairo_image_surface_create_from_png(path.c_str());
    return shot;
  }

  // Polls the window until the pixel at (x, y) is `rgb`.
  bool WaitForPixel(int x, int y, uint32_t rgb, int timeout_ms = 10000) {
    uint32_t last = 0;
    int shots = 0, unreadable = 0;
    bool seen = NexusInstance::WaitFor(
        [&] {
          auto shot = Shot();
          ++shots;
          bool readable = shot->ok() && x < shot->width() && y < shot->height();
          unreadable += readable ? 0 : 1;
          last = readable ? shot->Rgb(x, y) : 0;
          return readable && last == rgb;
        },
        timeout_ms);
    if (!seen) {
      // What the browser said meanwhile: a flake's cause is more often there than here.
      std::string log = started_ ? started_->Stderr() : "";
      ADD_FAILURE() << "pixel at " << x << "," << y << " is " << std::hex << last << ", not " << rgb
                    << std::dec << " (" << unreadable << " of " << shots
                    << " screenshots unreadable)"
                    << " (window '" << WindowId() << "'; " << (started_ ? Backend(*started_) : "")
                    << ")\n"
                    << log.substr(log.size() > 3000 ? log.size() - 3000 : 0);
    }
    return seen;
  }

  // Keys and text as a user types them; the pointer over the window gives it the focus.
  void Keys(const std::string& keys) {
    OnDisplay(display(), "xdotool mousemove --window " + WindowId() + " 450 300 key " + keys);
  }
  void Type(const std::string& text) {
    OnDisplay(display(), "xdotool mousemove --window " + WindowId() + " 450 300 type --delay 10 '" +
                             text + "'");
  }
  void Click(int x, int y) {
    OnDisplay(display(), "xdotool mousemove --window " + WindowId() + " " + std::to_string(x) +
                             " " + std::to_string(y) + " click 1");
  }
  void Wheel(int x, int y, int notches) {
    OnDisplay(display(), "xdotool mousemove --window " + WindowId() + " " + std::to_string(x) +
                             " " + std::to_string(y) + " sleep 0.1 click --repeat " +
                             std::to_string(notches) + " --delay 20 5");
  }

  static constexpr size_t npos = std::string::npos;
  static Xvfb* xvfb_;
  NexusInstance* started_ = nullptr;  // the last one Start() made, for failure messages
};

Xvfb* Window::xvfb_ = nullptr;

TEST_F(Window, ShowsThePageUnderTheTabStripAndToolbarWithGlOnMesa) {
  // GL on Mesa's llvmpipe (without a GPU, pixman is the default: asked for here).
  auto nexus = Start({"--use-software-gl", PagePath("boxes.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(*nexus, 1, "loaded"); }));
  // The GL path, on Mesa here (llvmpipe), in a window on the X server.
  EXPECT_EQ(Backend(*nexus).rfind("gl: ", 0), 0u) << Backend(*nexus);
  EXPECT_NE(Backend(*nexus).find("window on x11"), npos) << Backend(*nexus) << "\n"
                                                         << nexus->Stderr();
  // boxes.html: a red box at the page's top left, a green one below it from x=50.
  ASSERT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
  auto shot = Shot();
  ASSERT_TRUE(shot->ok());
  EXPECT_EQ(shot->width(), 900);
  EXPECT_EQ(shot->height(), 700);
  EXPECT_EQ(shot->Rgb(80, kContentTop + 70), 0x00ff00u);
  EXPECT_EQ(shot->Rgb(600, kContentTop + 400), 0xffffffu);
  EXPECT_EQ(shot->Rgb(600, 10), 0xdee1e6u) << "the tab strip";
  EXPECT_EQ(shot->Rgb(5, 50), 0xffffffu) << "the toolbar";
  EXPECT_EQ(OnDisplay(display(), "xdotool getwindowname " + WindowId()), "Boxes - Nexus\n");
}

TEST_F(Window, WithoutAGpuThePixmanCompositorIsTheDefaultAndSaysWhy) {
  auto nexus = Start({PagePath("boxes.html")});
  std::string backend = Backend(*nexus);
  if (backend.rfind("gl: ", 0) == 0) {
    // A machine with a GPU: its driver, not a CPU rasterizer.
    EXPECT_EQ(backend.find("llvmpipe"), npos) << backend;
  } else {
    EXPECT_EQ(backend.rfind("software (pixman)", 0), 0u) << backend;
    EXPECT_NE(backend.find("no GPU"), npos) << backend;
  }
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
}

TEST_F(Window, SoftwareCompositingShowsTheSamePixels) {
  auto nexus = Start({"--disable-gpu", PagePath("boxes.html")});
  EXPECT_EQ(Backend(*nexus).rfind("software (pixman)", 0), 0u) << Backend(*nexus);
  ASSERT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
  auto shot = Shot();
  EXPECT_EQ(shot->Rgb(80, kContentTop + 70), 0x00ff00u);
  EXPECT_EQ(shot->Rgb(600, 10), 0xdee1e6u);
}

// The page is laid out again for the new viewport, in both compositors (the software one
// takes a new window surface, inside its sandbox).
TEST_F(Window, ResizingLaysThePageOutAgain) {
  for (bool software : {false, true}) {
    std::string compositor = software ? "software" : "GL";
    std::vector<std::string> args = {software ? "--disable-gpu" : "--use-software-gl",
                                     PagePath("right_edge.html")};
    auto nexus = Start(args);
    ASSERT_TRUE(WaitForPixel(900 - 10, kContentTop + 10, 0x0000ff)) << compositor;
    OnDisplay(display(), "xdotool windowsize " + WindowId() + " 700 500");
    EXPECT_TRUE(WaitForPixel(700 - 10, kContentTop + 10, 0x0000ff)) << compositor;
    auto shot = Shot();
    EXPECT_EQ(shot->width(), 700);
    EXPECT_EQ(shot->height(), 500);
    EXPECT_EQ(shot->Rgb(600, 10), 0xdee1e6u) << "the tab strip is drawn at the new size";
    EXPECT_NE(Backend(*nexus).find("window on"), npos) << "the GPU process lives on";
    auto reports = nexus->CrashReports();
    EXPECT_EQ(reports.size(), 0u) << compositor << ": " << (reports.empty() ? "" : reports[0])
                                  << "\n"
                                  << nexus->Stderr();
  }
}

TEST_F(Window, TypingInTheAddressBarNavigates) {
  auto nexus = Start({PagePath("boxes.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(*nexus, 1, "loaded"); }));
  Keys("ctrl+l");
  Type(PagePath("links.html"));
  Keys("Return");
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    return nexus->Tab(1)["url"] == "file://" + PagePath("links.html") &&
           TabInState(*nexus, 1, "loaded");
  })) << nexus->Tab(1).dump();
  // links.html's first link is a 300x40 block of #ccccff at the top.
  EXPECT_TRUE(WaitForPixel(150, kContentTop + 20, 0xccccff));
}

TEST_F(Window, AClickOnALinkNavigatesAndBackReturns) {
  auto nexus = Start({PagePath("links.html")});
  ASSERT_TRUE(WaitForPixel(150, kContentTop + 20, 0xccccff));
  Click(150, kContentTop + 20);
  ASSERT_TRUE(NexusInstance::WaitFor(
      [&] { return nexus->Tab(1)["url"] == "file://" + PagePath("boxes.html"); }));
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
  Click(22, 34 + 20);  // the back button
  EXPECT_TRUE(NexusInstance::WaitFor(
      [&] { return nexus->Tab(1)["url"] == "file://" + PagePath("links.html"); }));
  EXPECT_TRUE(WaitForPixel(150, kContentTop + 20, 0xccccff));
}

TEST_F(Window, TheStatusLineShowsTheTargetOfTheLinkUnderThePointer) {
  auto nexus = Start({PagePath("links.html")});
  ASSERT_TRUE(WaitForPixel(150, kContentTop + 20, 0xccccff));
  const int status_x = 4, status_y = 700 - 11;  // the status line's inside, bottom left
  EXPECT_EQ(Shot()->Rgb(status_x, status_y), 0xffffffu) << "no status line yet";
  OnDisplay(display(), "xdotool mousemove --window " + WindowId() + " 150 " +
                           std::to_string(kContentTop + 20));
  EXPECT_TRUE(WaitForPixel(status_x, status_y, 0xf1f3f4)) << "over the link";
  OnDisplay(display(), "xdotool mousemove --window " + WindowId() + " 150 " +
                           std::to_string(kContentTop + 60));
  EXPECT_TRUE(WaitForPixel(status_x, status_y, 0xffffff)) << "over plain text: gone";
}

TEST_F(Window, TheWheelScrollsThePageInTheCompositorAndKeysToo) {
  auto nexus = Start({PagePath("stripes.html")});
  const int x = 300, y = kContentTop + 10;
  ASSERT_TRUE(WaitForPixel(x, y + 50, StripeAt(60)));
  // Three notches of 53 pixels each (gpu/gpu_service.h).
  Wheel(x, y, 3);
  EXPECT_TRUE(WaitForPixel(x, y, StripeAt(10 + 3 * 53)));
  // Far down, past the first band the renderer painted: it paints the next one.
  Wheel(x, y, 40);
  EXPECT_TRUE(WaitForPixel(x, y, StripeAt(10 + 43 * 53)));
  EXPECT_TRUE(WaitForPixel(x, y + 500, StripeAt(10 + 43 * 53 + 500)));
  Keys("Home");
  EXPECT_TRUE(WaitForPixel(x, y, StripeAt(10)));
  Keys("End");  // 20,000 pixels tall, 626 shown
  EXPECT_TRUE(WaitForPixel(x, y, StripeAt(20000 - 626 + 10)));
}

TEST_F(Window, BackForwardReloadAndQuitFromTheKeyboard) {
  auto nexus = Start({PagePath("links.html")});
  ASSERT_TRUE(WaitForPixel(150, kContentTop + 20, 0xccccff));
  Click(150, kContentTop + 20);
  ASSERT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
  Keys("alt+Left");
  EXPECT_TRUE(WaitForPixel(150, kContentTop + 20, 0xccccff)) << "Alt+Left: back";
  Keys("alt+Right");
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000)) << "Alt+Right: forward";
  Keys("F5");
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return TabInState(*nexus, 1, "loaded"); }));
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000)) << "F5: the same page again";
  Keys("ctrl+q");
  EXPECT_TRUE(NexusInstance::WaitFor([&] { return !nexus->alive(); })) << "Ctrl+Q quits";
}

TEST_F(Window, KeysThatScrollGoToAFocusedTextFieldInstead) {
  auto nexus = Start({PagePath("field_over_stripes.html")});
  const int x = 500, y = kContentTop + 100;
  ASSERT_TRUE(WaitForPixel(x, y, StripeAt(100)));
  auto eval = [&](const std::string& expression) {
    return nexus->Command({"eval-tab", "1", expression}).out;
  };
  Click(50, kContentTop + 20);  // into the field
  ASSERT_TRUE(
      NexusInstance::WaitFor([&] { return eval("document.activeElement.id") == "\"field\"\n"; }));
  Keys("space Down Down End x");
  // The keys reach the page in order: once the last one is in the field, the others were
  // handled before it, and none of them scrolled.
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    return eval("document.getElementById('field').value") == "\" x\"\n";
  })) << eval("document.getElementById('field').value");
  EXPECT_TRUE(WaitForPixel(x, y, StripeAt(100))) << "the page did not scroll";
  Click(500, kContentTop + 300);  // out of it
  ASSERT_TRUE(
      NexusInstance::WaitFor([&] { return eval("document.activeElement.id") == "\"\"\n"; }));
  Keys("Down");
  EXPECT_TRUE(WaitForPixel(x, y, StripeAt(140))) << "now Down scrolls";
}

TEST_F(Window, ThePageHearsTheCompositorScrollIt) {
  auto nexus = Start({PagePath("scroll_listener.html")});
  // The compositor scrolls only a page it has a frame of.
  ASSERT_TRUE(WaitForPixel(20, kContentTop + 20, 0x0000c8));
  Wheel(300, kContentTop + 100, 2);  // 106 pixels: the indicator at page row 200 shows at 94
  EXPECT_TRUE(WaitForPixel(620, kContentTop + 94 + 20, 0x00c800))
      << "window.scrollY and a scroll event, then the page painted again";
}

TEST_F(Window, TabsOpenSwitchAndClose) {
  auto nexus = Start({PagePath("boxes.html")});
  ASSERT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
  Keys("ctrl+t");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return nexus->Tabs().size() == 2; }));
  Type(PagePath("links.html"));
  Keys("Return");
  ASSERT_TRUE(WaitForPixel(150, kContentTop + 20, 0xccccff)) << "the new tab shows";
  Keys("ctrl+Tab");
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000)) << "back on the first tab";
  Click(4 + 220 + 50, 20);  // the second tab in the strip
  EXPECT_TRUE(WaitForPixel(150, kContentTop + 20, 0xccccff));
  Keys("ctrl+w");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return nexus->Tabs().size() == 1; }));
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000)) << "the tab that is left";
}

TEST_F(Window, TheTraceShowsFramesAndTheLatencyOfTheInputTheyShow) {
  std::string trace = MakeTempDir() + "/trace.json";
  auto nexus = Start({"--trace", trace, PagePath("stripes.html")});
  ASSERT_TRUE(WaitForPixel(300, kContentTop + 60, StripeAt(60)));
  Wheel(300, kContentTop + 10, 2);
  ASSERT_TRUE(WaitForPixel(300, kContentTop + 10, StripeAt(10 + 2 * 53)));
  int64_t keys_sent_ns = MonotonicNanos();
  Keys("Down");  // a key: window -> GPU process -> main -> GPU process
  ASSERT_TRUE(WaitForPixel(300, kContentTop + 10, StripeAt(10 + 2 * 53 + 40)));
  // The GPU process reports its frames in batches, at most 250 ms after a frame; nothing
  // says when that batch has arrived (the count in `nexus ps` may already hold the key's
  // frame), so this one wait is on the clock.
  usleep(400 * 1000);
  EXPECT_EQ(nexus->Stop(), 0);
  std::ifstream in(trace);
  auto events = nlohmann::json::parse(in)["traceEvents"];
  int frames = 0, with_input = 0;
  int64_t keys_from_us = static_cast<int64_t>(keys_sent_ns / 1000);
  bool key_frame = false;
  for (auto& event : events) {
    if (event["name"] != "frame")
      continue;
    ++frames;
    if (event["ts"].get<double>() >= keys_from_us && event["args"]["input_latency_us"] > 0)
      key_frame = true;
    EXPECT_EQ(event["cat"], "gpu");
    EXPECT_GE(event["dur"].get<int>(), 1);
    uint32_t latency = event["args"]["input_latency_us"];
    if (latency > 0)
      ++with_input;
  }
  EXPECT_GE(frames, 3);
  EXPECT_GE(with_input, 2) << "the wheel's and the key's frames";
  EXPECT_TRUE(key_frame) << "the key's frame says how long after the key it came";
}

TEST_F(Window, ACrashedTabShowsASadTabUntilReloaded) {
  auto nexus = Start({PagePath("boxes.html")});
  ASSERT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
  kill(RendererPidOfTab(*nexus, 1), SIGKILL);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(*nexus, 1, "crashed"); }));
  // main paints the content area: the sad tab's grey instead of the page.
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xf8f9fa));
  Keys("ctrl+r");
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000)) << "the page again";
}

TEST_F(Window, NexusCrashGpuFromTheAddressBarCrashesAndRestartsTheGpuProcess) {
  auto nexus = Start({PagePath("boxes.html")});
  ASSERT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
  int gpu = nexus->FindProcess("gpu")["pid"];
  Keys("ctrl+l");
  Type("nexus://crash?process=gpu");
  Keys("Return");
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return nexus->CrashReports().size() == 1; }));
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    auto now = nexus->FindProcess("gpu");
    return !now.is_null() && now["pid"] != gpu && Backend(*nexus).find("window on") != npos;
  }));
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
  EXPECT_EQ(nexus->Tab(1)["url"], "file://" + PagePath("boxes.html")) << "the tab stays";
}

TEST_F(Window, AKilledGpuProcessComesBackWithTheSameTabs) {
  auto nexus = Start({PagePath("boxes.html"), PagePath("links.html")});
  ASSERT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000));
  auto tabs_before = nexus->Tabs();
  int gpu = nexus->FindProcess("gpu")["pid"];
  kill(gpu, SIGKILL);
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    auto now = nexus->FindProcess("gpu");
    return !now.is_null() && now["pid"] != gpu && Backend(*nexus).find("window on") != npos;
  }));
  EXPECT_TRUE(WaitForPixel(20, kContentTop + 20, 0xff0000)) << "repainted in a new window";
  EXPECT_EQ(nexus->Tabs(), tabs_before) << "the same tabs, in the same state";
  EXPECT_EQ(nexus->CrashReports().size(), 1u);
}

}  // namespace
}  // namespace nexus::testing
