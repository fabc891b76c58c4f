// Pages to pixels through the real binary: `nexus shot` on tests/pages/, subresources served
// by main, limits that end in an error instead of a hang, site isolation, history, hit tests
// and clicks (issue 4).
#include <cairo.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "http_test_server.h"
#include "nexus_instance.h"

namespace nexus::testing {
namespace {

struct Png {
  cairo_surface_t* surface = nullptr;
  explicit Png(const std::string& path) : surface(cairo_image_surface_create_from_png(path.c_str())) {}
  ~Png() { cairo_surface_destroy(surface); }
  bool ok() const { return cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS; }
  int width() const { return cairo_image_surface_get_width(surface); }
  int height() const { return cairo_image_surface_get_height(surface); }
  uint32_t Rgb(int x, int y) const {
    const uint8_t* row = cairo_image_surface_get_data(surface) +
                         static_cast<size_t>(y) * cairo_image_surface_get_stride(surface);
    return reinterpret_cast<const uint32_t*>(row)[x] & 0xffffff;
  }
};

struct Shot {
  CommandResult result;
  std::string path;
};

Shot TakeShot(const std::string& page, std::vector<std::string> extra = {}) {
  Shot shot;
  shot.path = MakeTempDir() + "/shot.png";
  std::vector<std::string> args = {"shot", page, "-o", shot.path};
  args.insert(args.end(), extra.begin(), extra.end());
  shot.result = RunNexus(args, 60);
  return shot;
}

int Lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Shot, BoxesLandWhereTheCssPutsThem) {
  auto shot = TakeShot(PagePath("boxes.html"));
  ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
  Png png(shot.path);
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(png.width(), 800);
  EXPECT_EQ(png.height(), 600);
  EXPECT_EQ(png.Rgb(10, 10), 0xff0000u) << "#red at 0,0 100x50";
  EXPECT_EQ(png.Rgb(150, 10), 0xffffffu) << "right of #red: the canvas";
  EXPECT_EQ(png.Rgb(60, 60), 0x00ff00u) << "#green at 50,50 200x50";
  EXPECT_EQ(png.Rgb(10, 60), 0xffffffu) << "#green's left margin";
  EXPECT_EQ(png.Rgb(5, 140), 0x0000ffu) << "#framed's 10px border";
  EXPECT_EQ(png.Rgb(40, 140), 0xffffffu) << "inside #framed's border";
  bool text = false;  // the paragraph under the boxes paints dark glyph pixels
  for (int y = 180; y < 240 && !text; ++y) {
    for (int x = 0; x < 200 && !text; ++x)
      text = (png.Rgb(x, y) & 0xff) < 0x60;
  }
  EXPECT_TRUE(text);
}

TEST(Shot, StylesheetsImportsAndEveryImageFormatComeThroughMain) {
  auto shot = TakeShot(PagePath("styled.html"));
  ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
  Png png(shot.path);
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(png.Rgb(5, 5), 0xff00ffu) << "background tile from url() in the linked sheet";
  EXPECT_EQ(png.Rgb(95, 35), 0xff00ffu) << "the tile repeats";
  EXPECT_EQ(png.Rgb(250, 50), 0xffd700u) << "rule from the @imported sheet";
  // The images sit in one row under the imported paragraph (y 60..80).
  EXPECT_EQ(png.Rgb(10, 70), 0xff0000u) << "PNG";
  uint32_t jpeg = png.Rgb(50, 70);  // lossy: near green
  EXPECT_TRUE((jpeg >> 16) < 0x20 && ((jpeg >> 8) & 0xff) > 0xe0 && (jpeg & 0xff) < 0x20) << jpeg;
  EXPECT_EQ(png.Rgb(90, 70), 0x0000ffu) << "GIF";
  uint32_t webp = png.Rgb(130, 70);  // lossy: near yellow
  EXPECT_TRUE((webp >> 16) > 0xe0 && ((webp >> 8) & 0xff) > 0xe0 && (webp & 0xff) < 0x20) << webp;
  EXPECT_EQ(png.Rgb(10, 95), 0xff0000u) << "data: GIF as an inline style's background";
}

TEST(Shot, SvgImagesRenderInPagesAndOnTheirOwn) {
  for (const char* page : {"svg.html", "img/shape.svg"}) {
    auto shot = TakeShot(PagePath(page));
    ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
    Png png(shot.path);
    EXPECT_EQ(png.Rgb(10, 10), 0x00ff00u) << page << ": the rect";
    EXPECT_EQ(png.Rgb(45, 15), 0x0000ffu) << page << ": the circle";
    EXPECT_EQ(png.Rgb(70, 15), 0xffffffu) << page << ": past the 60px image";
  }
}

TEST(Shot, SizesAndFullPage) {
  auto small = TakeShot(PagePath("tall.html"), {"--width", "300", "--height", "200"});
  ASSERT_EQ(small.result.exit_code, 0) << small.result.err;
  Png small_png(small.path);
  EXPECT_EQ(small_png.width(), 300);
  EXPECT_EQ(small_png.height(), 200);
  auto full = TakeShot(PagePath("tall.html"), {"--full-page"});
  ASSERT_EQ(full.result.exit_code, 0) << full.result.err;
  Png full_png(full.path);
  EXPECT_EQ(full_png.width(), 800);
  EXPECT_EQ(full_png.height(), 2000) << "the document's height";
  EXPECT_EQ(full_png.Rgb(10, 1400), 0xff0000u);
  EXPECT_EQ(full_png.Rgb(10, 1700), 0x0000ffu);
}

// Without a tab, `nexus screenshot` writes the GPU process's output: the browser's UI above the
// page, as the window (here off-screen, headless) shows it.
TEST(Screenshot, WithoutATabItIsTheCompositorsOutput) {
  NexusInstance nexus({PagePath("boxes.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  std::string path = MakeTempDir() + "/window.png";
  // The page's band reaches the compositor a moment after the load.
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    if (nexus.Command({"screenshot", "-o", path}).exit_code != 0)
      return false;
    Png png(path);
    return png.ok() && png.Rgb(20, 74 + 20) == 0xff0000u;
  })) << "boxes.html's red box never showed under the toolbar";
  Png png(path);
  EXPECT_EQ(png.width(), 800);
  EXPECT_EQ(png.height(), 600 + 74) << "headless keeps pages' 800x600 viewport";
  EXPECT_EQ(png.Rgb(600, 10), 0xdee1e6u) << "the tab strip";
  EXPECT_EQ(png.Rgb(80, 74 + 70), 0x00ff00u);
}

// A running browser's tab, captured as it is: the same pixels a one-shot `nexus shot` gets.
TEST(Screenshot, ATabOfARunningBrowserIsCapturedAsShotWouldCaptureIt) {
  NexusInstance nexus({PagePath("boxes.html"), PagePath("tall.html")});
  ASSERT_TRUE(NexusInstance::WaitFor(
      [&] { return TabInState(nexus, 1, "loaded") && TabInState(nexus, 2, "loaded"); }));
  std::string dir = MakeTempDir();
  auto live = nexus.Command({"screenshot", "1", "-o", dir + "/live.png"});
  ASSERT_EQ(live.exit_code, 0) << live.err;
  auto shot = TakeShot(PagePath("boxes.html"));
  ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
  Png live_png(dir + "/live.png"), shot_png(shot.path);
  ASSERT_TRUE(live_png.ok());
  ASSERT_EQ(live_png.width(), shot_png.width());
  ASSERT_EQ(live_png.height(), shot_png.height());
  int differing = 0;
  for (int y = 0; y < live_png.height(); ++y) {
    for (int x = 0; x < live_png.width(); ++x)
      differing += live_png.Rgb(x, y) != shot_png.Rgb(x, y);
  }
  EXPECT_EQ(differing, 0);
  auto full = nexus.Command({"screenshot", "2", "-o", dir + "/full.png", "--full-page"});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_EQ(Png(dir + "/full.png").height(), 2000);
  auto no_tab = nexus.Command({"screenshot", "9", "-o", dir + "/x.png"});
  EXPECT_NE(no_tab.err.find("no tab 9"), std::string::npos) << no_tab.err;
  auto no_dir = nexus.Command({"screenshot", "1", "-o", dir + "/missing/x.png"});
  EXPECT_EQ(no_dir.exit_code, 1);
  EXPECT_NE(no_dir.err.find("missing/x.png"), std::string::npos) << no_dir.err;
  // A tab whose renderer died: an answer that says so, never a wait.
  kill(RendererPidOfTab(nexus, 1), SIGKILL);
  auto gone = nexus.Command({"screenshot", "1", "-o", dir + "/gone.png"});
  EXPECT_NE(gone.exit_code, 0);
  EXPECT_TRUE(nexus.alive());
}

TEST(Shot, BrokenMarkupIsRepairedAsBrowsersRepairIt) {
  auto shot = TakeShot(PagePath("broken_markup.html"));
  ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
  Png png(shot.path);
  // The unclosed <td> still forms a red cell at the top left of the table.
  EXPECT_EQ(png.Rgb(10, 10), 0xff0000u);
}

TEST(Shot, BadInputIsAOneLineErrorAndANonZeroExit) {
  struct Case {
    std::vector<std::string> args;
    std::string mentions;
  };
  const std::string png = MakeTempDir("shot") + "/x.png";
  const Case cases[] = {
      {{"shot", "/no/such/page.html", "-o", png}, "/no/such/page.html"},
      {{"shot", "ftp://example.com/", "-o", png}, "ftp"},
      {{"shot", PagePath("img/broken.png"), "-o", png}, "not an image"},
      {{"shot", PagePath("boxes.html"), "-o", "/no/such/dir/x.png"}, "/no/such/dir/x.png"},
      {{"shot", PagePath("boxes.html")}, "-o"},
      {{"shot", PagePath("boxes.html"), "-o", png, "--width", "0"}, "--width"},
      {{"shot", PagePath("boxes.html"), "-o", png, "--height", "99999"}, "--height"},
  };
  for (const Case& c : cases) {
    auto result = RunNexus(c.args, 60);
    EXPECT_NE(result.exit_code, 0) << c.args[1];
    EXPECT_NE(result.err.find(c.mentions), std::string::npos) << result.err;
    if (c.mentions != "-o") {  // usage follows that one
      EXPECT_EQ(Lines(result.err), 1) << result.err;
    }
  }
}

TEST(Shot, ImageUrlsAreShownAsImages) {
  auto shot = TakeShot(PagePath("img/blue.gif"));
  ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
  Png png(shot.path);
  EXPECT_EQ(png.Rgb(5, 5), 0x0000ffu);
  EXPECT_EQ(png.Rgb(45, 5), 0xffffffu);
}

// Adversarial: a page that is not local asks for a local file; main refuses, the renderer
// never had the file, and the page renders without it. A data: image in the same page loads.
TEST(Shot, APageThatIsNotLocalCannotReadLocalFiles) {
  std::string page =
      "data:text/html,<body style='margin:0'><img src='file://" + PagePath("img/red.png") +
      "'><div style='width:40px;height:20px;background:url(\"data:image/gif;base64,"
      "R0lGODlhAQABAIAAAP8AAP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw==\")'></div>";
  auto shot = TakeShot(page);
  ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
  Png png(shot.path);
  EXPECT_NE(png.Rgb(5, 5), 0xff0000u) << "the file: image was served to a data: page";
  bool red_div = false;  // below the (empty) image: the data: background
  for (int y = 0; y < 40 && !red_div; ++y)
    red_div = png.Rgb(5, y) == 0xff0000u;
  EXPECT_TRUE(red_div);
}

// Adversarial: a local page reaches for a file outside its own directory (as a page saved in
// ~/Downloads reaching for ~/.ssh would); main serves the directory and below, nothing more.
TEST(Shot, ALocalPageReadsOnlyFilesBesideAndBelowIt) {
  std::string root = MakeTempDir();
  mkdir((root + "/site").c_str(), 0700);
  mkdir((root + "/site/css").c_str(), 0700);
  std::ofstream(root + "/outside.css") << "#outside { background: #ff0000 }";
  std::ofstream(root + "/site/css/inside.css") << "#inside { background: #00ff00 }";
  std::ofstream(root + "/site/page.html")
      << "<link rel=stylesheet href='../outside.css'><link rel=stylesheet href='css/inside.css'>"
         "<link rel=stylesheet href='css/../../outside.css'>"
         "<body style='margin:0'><div id=outside style='height:20px'></div>"
         "<div id=inside style='height:20px'></div>";
  auto shot = TakeShot(root + "/site/page.html");
  ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
  Png png(shot.path);
  EXPECT_EQ(png.Rgb(5, 5), 0xffffffu) << "a sheet outside the page's directory was served";
  EXPECT_EQ(png.Rgb(5, 25), 0x00ff00u) << "the sheet below the page's directory";
}

// A font file of this machine's, for pages to load as a web font under another name.
std::string CopyOfInstalledFont(const std::string& directory) {
  std::ifstream font("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(font)), std::istreambuf_iterator<char>());
  std::ofstream(directory + "/probe.ttf", std::ios::binary) << bytes;
  return bytes;
}

std::string PageInFont(const std::string& face_rule, const std::string& family) {
  return "<!doctype html><style>" + face_rule + " p { font: 24px " + family +
         ", serif }</style><p>Web fonts: WWW iii 0123";
}

bool SamePixels(const std::string& a, const std::string& b) {
  Png first(a), second(b);
  if (!first.ok() || !second.ok() || first.width() != second.width() ||
      first.height() != second.height())
    return false;
  for (int y = 0; y < first.height(); ++y) {
    for (int x = 0; x < first.width(); ++x) {
      if (first.Rgb(x, y) != second.Rgb(x, y))
        return false;
    }
  }
  return true;
}

// A web font travels from main into the sandboxed renderer, which opens no font file outside
// the system's: its text paints as the installed face the font file is a copy of, and
// unlike the fallback that a family without @font-face gets.
TEST(Shot, WebFontsComeThroughMainAndPaintTheirFace) {
  std::string dir = MakeTempDir();
  CopyOfInstalledFont(dir);
  std::ofstream(dir + "/web.html") << PageInFont(
      "@font-face { font-family: 'Probe Face'; src: url(gone.eot) format('embedded-opentype'),"
      " url(probe.ttf) format('truetype') }",
      "'Probe Face'");
  std::ofstream(dir + "/installed.html") << PageInFont("", "'DejaVu Sans Mono'");
  std::ofstream(dir + "/fallback.html") << PageInFont("", "'Probe Face'");
  std::ofstream(dir + "/broken.html")
      << PageInFont("@font-face { font-family: 'Probe Face'; src: url(web.html) }", "'Probe Face'");
  std::map<std::string, std::string> shots;
  for (const char* page : {"web", "installed", "fallback", "broken"}) {
    auto shot = TakeShot(dir + "/" + page + ".html");
    ASSERT_EQ(shot.result.exit_code, 0) << page << ": " << shot.result.err;
    shots[page] = shot.path;
  }
  EXPECT_TRUE(SamePixels(shots["web"], shots["installed"]));
  EXPECT_FALSE(SamePixels(shots["web"], shots["fallback"]));
  EXPECT_TRUE(SamePixels(shots["broken"], shots["fallback"])) << "a file that is no font";
}

// Fonts are CORS requests: a page uses another origin's font only when that origin shares it
// (Access-Control-Allow-Origin), and asks with its Origin.
TEST(Shot, ACrossOriginFontIsUsedOnlyWhenItsOriginSharesIt) {
  std::string dir = MakeTempDir();
  std::string font = CopyOfInstalledFont(dir);
  std::atomic<int> asked_with_origin{0};
  HttpTestServer fonts([&](const TestRequest& request) {
    TestResponse response;
    response.body = font;
    response.headers.push_back({"Content-Type", "font/ttf"});
    if (request.headers.count("origin"))
      ++asked_with_origin;
    if (request.path == "/shared.ttf")
      response.headers.push_back({"Access-Control-Allow-Origin", "*"});
    return response;
  });
  // The page is served from another origin: 127.0.0.1 against localhost.
  HttpTestServer pages([&](const TestRequest& request) {
    std::string file = request.path == "/shared.html" ? "shared" : "private";
    TestResponse response;
    response.headers.push_back({"Content-Type", "text/html"});
    response.body = PageInFont("@font-face { font-family: Probe; src: url(http://localhost:" +
                                   std::to_string(fonts.port()) + "/" + file + ".ttf) }",
                               "Probe");
    return response;
  });
  std::ofstream(dir + "/installed.html") << PageInFont("", "'DejaVu Sans Mono'");
  std::ofstream(dir + "/fallback.html") << PageInFont("", "Probe");
  std::map<std::string, std::string> shots;
  for (const std::string& page : {pages.Url("/shared.html"), pages.Url("/private.html"),
                                  dir + "/installed.html", dir + "/fallback.html"}) {
    auto shot = TakeShot(page);
    ASSERT_EQ(shot.result.exit_code, 0) << page << ": " << shot.result.err;
    shots[page.substr(page.rfind('/') + 1)] = shot.path;
  }
  EXPECT_TRUE(SamePixels(shots["shared.html"], shots["installed.html"]));
  EXPECT_TRUE(SamePixels(shots["private.html"], shots["fallback.html"]))
      << "a font its origin did not share was used";
  EXPECT_EQ(asked_with_origin, 2);
}

// Adversarial: a local page names a Unix socket beside it (as main's control socket is in
// the profile) and a FIFO no one writes to as its stylesheets. Main reads regular files only
// and never waits on one that is not: the page renders without them.
TEST(Shot, APageCannotReachASocketOrStallMainOnAFifo) {
  std::string dir = MakeTempDir();
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::string socket_path = dir + "/control.sock";
  std::snprintf(address.sun_path, sizeof(address.sun_path), "%s", socket_path.c_str());
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  ASSERT_EQ(mkfifo((dir + "/pipe.css").c_str(), 0600), 0);
  std::ofstream(dir + "/page.html")
      << "<link rel=stylesheet href='control.sock'><link rel=stylesheet href='pipe.css'>"
         "<body style='margin:0'>"
         "<div style='height:20px; background:#00ff00'></div>";
  auto shot = TakeShot(dir + "/page.html", {"--timeout", "20"});
  close(listener);
  ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
  EXPECT_EQ(Png(shot.path).Rgb(5, 5), 0x00ff00u);
}

TEST(Limits, AHugeImageIsSkippedAndThePageStillRenders) {
  auto shot = TakeShot(PagePath("huge_image.html"));
  ASSERT_EQ(shot.result.exit_code, 0) << shot.result.err;
  Png png(shot.path);
  EXPECT_EQ(png.Rgb(10, 10), 0x00ff00u);
}

TEST(Limits, DeepNestingEndsInAPictureOrAnErrorNeverAHang) {
  std::string dir = MakeTempDir();
  std::string path = dir + "/deep.html";
  {
    std::ofstream out(path);
    out << "<title>Deep</title>";
    for (int i = 0; i < 100000; ++i)
      out << "<div>";
    out << "bottom";
  }
  auto shot = TakeShot(path, {"--hang-timeout-ms", "1500", "--heartbeat-ms", "250"});
  // Either the depth cap let it paint, or the renderer was found hung and the tab crashed:
  // both are reported, and main exits by itself.
  if (shot.result.exit_code != 0)
    EXPECT_NE(shot.result.err.find("crashed"), std::string::npos) << shot.result.err;
  else
    EXPECT_TRUE(Png(shot.path).ok());
  EXPECT_LE(Lines(shot.result.err), 1) << shot.result.err;
}

TEST(Limits, AFiftyMegabytePageEndsInACrashedTabNotACrashedBrowser) {
  std::string path = MakeTempDir() + "/big.html";
  {
    std::ofstream out(path);
    out << "<title>Big</title>";
    std::string row = "<p>Lorem ipsum dolor sit amet, <b>consectetur</b> adipiscing elit.</p>\n";
    for (size_t written = 0; written < (50u << 20); written += row.size())
      out << row;
  }
  auto shot = TakeShot(path, {"--hang-timeout-ms", "3000", "--heartbeat-ms", "250"});
  EXPECT_EQ(shot.result.exit_code, 1) << "main exits with an error, not a signal";
  EXPECT_NE(shot.result.err.find("tab 1 crashed"), std::string::npos) << shot.result.err;
  EXPECT_EQ(Lines(shot.result.err), 1) << shot.result.err;
}

std::string TabUrl(NexusInstance& nexus) {
  return nexus.Tab(1).value("url", "");
}

bool Shows(NexusInstance& nexus, const std::string& url_suffix) {
  auto tab = nexus.Tab(1);
  std::string url = tab.value("url", "");
  return tab.value("state", "") == "loaded" && url.size() >= url_suffix.size() &&
         url.compare(url.size() - url_suffix.size(), url_suffix.size(), url_suffix) == 0;
}

TEST(SiteIsolation, SameSiteKeepsTheRendererCrossSiteSwapsItAndHistoryWalksBoth) {
  NexusInstance nexus({PagePath("boxes.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Shows(nexus, "boxes.html"); }));
  int first = nexus.Tab(1)["renderer_id"];
  ASSERT_EQ(nexus.Command({"navigate", "1", PagePath("links.html")}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Shows(nexus, "links.html"); }));
  EXPECT_EQ(nexus.Tab(1)["renderer_id"], first) << "file: to file: is same-site";
  std::string data = "data:text/html,<title>Other site</title>";
  ASSERT_EQ(nexus.Command({"navigate", "1", data}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return nexus.Tab(1)["title"] == "Other site"; }));
  EXPECT_NE(nexus.Tab(1)["renderer_id"], first) << "file: to data: is cross-site";
  ASSERT_EQ(nexus.Command({"back", "1"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Shows(nexus, "links.html"); }));
  ASSERT_EQ(nexus.Command({"back", "1"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Shows(nexus, "boxes.html"); }));
  auto no_more = nexus.Command({"back", "1"});
  EXPECT_NE(no_more.exit_code, 0);
  EXPECT_NE(no_more.err.find("no earlier page"), std::string::npos) << no_more.err;
  ASSERT_EQ(nexus.Command({"forward", "1"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Shows(nexus, "links.html"); }));
  // A new navigation drops the forward entries.
  ASSERT_EQ(nexus.Command({"navigate", "1", PagePath("tall.html")}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Shows(nexus, "tall.html"); }));
  EXPECT_NE(nexus.Command({"forward", "1"}).exit_code, 0);
}

TEST(HitTest, FindsTheElementAndItsLinkAndAClickNavigatesThroughMain) {
  NexusInstance nexus({PagePath("links.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Shows(nexus, "links.html"); }));
  auto on_link = nexus.Command({"hit-test", "1", "10", "10", "--json"});
  ASSERT_EQ(on_link.exit_code, 0) << on_link.err;
  auto hit = nlohmann::json::parse(on_link.out);
  EXPECT_EQ(hit["tag"], "a");
  EXPECT_EQ(hit["id"], "to-boxes");
  EXPECT_EQ(hit["link"], "file://" + PagePath("boxes.html"));
  EXPECT_EQ(hit["box"], nlohmann::json::array({0, 0, 300, 40}));
  auto plain = nlohmann::json::parse(nexus.Command({"hit-test", "1", "10", "50", "--json"}).out);
  EXPECT_EQ(plain["tag"], "p");
  EXPECT_EQ(plain["link"], "");

  // A data: link is one a page may not follow: the click is dropped. The hit test after it
  // travels behind the renderer's answer to the click, so main has seen it by then.
  ASSERT_EQ(nexus.Command({"click", "1", "10", "90"}).exit_code, 0);
  nexus.Command({"hit-test", "1", "10", "90"});
  EXPECT_TRUE(Shows(nexus, "links.html")) << TabUrl(nexus);

  ASSERT_EQ(nexus.Command({"click", "1", "10", "10"}).exit_code, 0);
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Shows(nexus, "boxes.html"); }));
  EXPECT_EQ(nexus.Tab(1)["title"], "Boxes");
  ASSERT_EQ(nexus.Command({"back", "1"}).exit_code, 0) << "the click made a history entry";
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return Shows(nexus, "links.html"); }));

  auto bad = nexus.Command({"hit-test", "9", "1", "1"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("no tab 9"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace nexus::testing
