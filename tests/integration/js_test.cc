// JavaScript in pages through the real binary (issue 7): the tests/js corpus, which checks
// itself, pages built by script, runaway and failing scripts, `nexus eval`, and the console
// in main's log.
#include <cairo.h>
#include <dirent.h>

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "http_test_server.h"
#include "nexus_instance.h"

namespace nexus::testing {
namespace {

std::string CorpusDirectory() {
  return std::string(NEXUS_SOURCE_DIR) + "/tests/js";
}

// The RGB of one pixel of a PNG; 0xffffffff if the file is not one.
uint32_t PixelAt(const std::string& png_path, int x, int y) {
  cairo_surface_t* png = cairo_image_surface_create_from_png(png_path.c_str());
  uint32_t rgb = 0xffffffffu;
  if (cairo_surface_status(png) == CAIRO_STATUS_SUCCESS) {
    const auto* row = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(png) +
                                                        y * cairo_image_surface_get_stride(png));
    rgb = row[x] & 0xffffff;
  }
  cairo_surface_destroy(png);
  return rgb;
}

TEST(JsCorpus, EveryPageOfTestsJsPassesItsOwnTests) {
  DIR* directory = opendir(CorpusDirectory().c_str());
  ASSERT_NE(directory, nullptr);
  int pages = 0, passed = 0;
  while (dirent* entry = readdir(directory)) {
    std::string name = entry->d_name;
    if (name.size() < 5 || name.substr(name.size() - 5) != ".html")
      continue;
    ++pages;
    // A page with asynchronous tests (IndexedDB) says when it is done: it gets time.
    std::ifstream page(CorpusDirectory() + "/" + name);
    std::string text((std::istreambuf_iterator<char>(page)), {});
    bool asynchronous = text.find("var done = false") != std::string::npos;
    // Each page says how many results it reports, so that a check that never ran (an
    // asynchronous test that never settled, a script that stopped early) fails the test.
    std::smatch declared;
    ASSERT_TRUE(std::regex_search(
        text, declared, std::regex(R"re(<meta name="expected-results" content="(\d+)">)re")))
        << name << " does not declare <meta name=\"expected-results\" content=N>";
    size_t expected = std::stoul(declared[1]);
    nlohmann::json results;
    for (const char* wait_ms : {"300", "1500", "8000"}) {  // longer only for a page not done
      std::vector<std::string> args = {
          "eval", CorpusDirectory() + "/" + name,
          "typeof done === 'undefined' || done ? results : 'not done'"};
      if (asynchronous)
        args.insert(args.end(), {"--wait-ms", wait_ms});
      auto run = RunNexus(args);
      ASSERT_EQ(run.exit_code, 0) << name << ": " << run.err;
      results = nlohmann::json::parse(run.out);
      if (results.is_array())
        break;
    }
    ASSERT_TRUE(results.is_array()) << name << ": " << results.dump();
    EXPECT_EQ(results.size(), expected) << name << ": " << results.dump();
    for (const auto& result : results) {
      EXPECT_TRUE(result["pass"].get<bool>()) << name << ": " << result.dump();
      passed += result["pass"].get<bool>();
    }
  }
  closedir(directory);
  EXPECT_GE(pages, 10);
  std::printf("tests/js: %d pages, %d checks passed\n", pages, passed);
}

// External scripts come through main and the network service like any subresource.
TEST(JsCorpus, ScriptsLoadOverHttpInTheirOrder) {
  HttpTestServer server(ServeDirectory(CorpusDirectory()));
  auto run = RunNexus({"eval", server.Url("/script_order.html"), "results"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto results = nlohmann::json::parse(run.out);
  ASSERT_EQ(results.size(), 4u) << run.out;
  for (const auto& result : results)
    EXPECT_TRUE(result["pass"].get<bool>()) << result.dump();
}

TEST(Js, APageBuiltByItsScriptIsShownAsBuilt) {
  std::string dir = MakeTempDir();
  std::ofstream(dir + "/built.html")
      << "<!doctype html><title>before</title><body style='margin:0'>"
         "<div id=box style='width:50px;height:50px;background:#ff0000'></div><script>"
         "document.getElementById('box').setAttribute('style',"
         " 'width:50px;height:50px;background:#00ff00');"
         "var p = document.createElement('p'); p.id = 'made'; p.textContent = 'made by script';"
         "document.body.appendChild(p); document.title = 'after';</script>";
  auto title = RunNexus({"--headless", "--exit-after-load", "--profile", MakeTempDir(),
                         dir + "/built.html"});
  EXPECT_EQ(title.exit_code, 0) << title.err;
  EXPECT_EQ(title.out, "after\n") << "the title the script set, through a zygote-forked renderer";
  auto hit = RunNexus({"eval", dir + "/built.html", "document.getElementById('made').textContent"});
  EXPECT_EQ(hit.out, "\"made by script\"\n") << hit.err;
  auto shot = RunNexus({"shot", dir + "/built.html", "-o", dir + "/built.png", "--width", "100",
                        "--height", "100"});
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  // The box is green: the frame was laid out from the DOM the script left.
  EXPECT_EQ(PixelAt(dir + "/built.png", 10, 10), 0x00ff00u);
}

// Timers run on the renderer's event loop; `--wait-ms` gives them time after the load event.
TEST(Js, TimersRunOnTheRenderersLoopAndShotWaitsForThem) {
  std::string dir = MakeTempDir();
  std::ofstream(dir + "/timer.html")
      << "<!doctype html><title>timer</title><body style='margin:0'>"
         "<div id=box style='width:40px;height:40px;background:#ff0000'></div><script>"
         "var ticks = 0; var every = setInterval(() => { if (++ticks === 3) clearInterval(every); }, 5);"
         "window.addEventListener('load', () => setTimeout(() => {"
         " document.getElementById('box').setAttribute('style',"
         " 'width:40px;height:40px;background:#00ff00'); document.title = 'fired'; }, 100));"
         "</script>";
  auto before = RunNexus({"eval", dir + "/timer.html", "document.title"});
  EXPECT_EQ(before.out, "\"timer\"\n") << "without a wait, the load event is where it stops";
  auto after = RunNexus({"eval", dir + "/timer.html", "[document.title, ticks]", "--wait-ms",
                         "1000"});
  EXPECT_EQ(after.out, "[\"fired\",3]\n") << after.err;
  auto shot = RunNexus({"shot", dir + "/timer.html", "-o", dir + "/timer.png", "--width", "60",
                        "--height", "60", "--wait-ms", "1000"});
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  EXPECT_EQ(PixelAt(dir + "/timer.png", 10, 10), 0x00ff00u) << "the frame shows what the timer did";
  auto bad = RunNexus({"shot", dir + "/timer.html", "-o", dir + "/x.png", "--wait-ms", "soon"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--wait-ms"), std::string::npos) << bad.err;
}

TEST(Js, ARunawayScriptIsStoppedAndThePageGoesOn) {
  std::string dir = MakeTempDir();
  std::ofstream(dir + "/loop.html")
      << "<!doctype html><title>loop</title><script>for (;;) {}</script>"
         "<script>document.title = 'went on';</script>";
  auto run = RunNexus({"eval", dir + "/loop.html", "document.title", "--script-time-limit-ms",
                       "300"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "\"went on\"\n");
  auto forever = RunNexus({"eval", dir + "/loop.html", "while (true) {}",
                           "--script-time-limit-ms=300"});
  EXPECT_EQ(forever.exit_code, 1);
  EXPECT_NE(forever.err.find("nexus: Uncaught"), std::string::npos) << forever.err;
}

TEST(Js, EvalPrintsJsonOrAOneLineError) {
  std::string page = PagePath("hello.html");
  auto viewport = RunNexus({"eval", page, "[innerWidth, innerHeight]"});
  EXPECT_EQ(viewport.out, "[800,600]\n") << viewport.err;
  auto value = RunNexus({"eval", page, "({title: document.title, n: [1, 2]})"});
  EXPECT_EQ(value.exit_code, 0) << value.err;
  auto parsed = nlohmann::json::parse(value.out);
  EXPECT_EQ(parsed["n"], nlohmann::json::array({1, 2}));
  auto thrown = RunNexus({"eval", page, "missing.thing"});
  EXPECT_EQ(thrown.exit_code, 1);
  EXPECT_EQ(thrown.err, "nexus: Uncaught ReferenceError: Can't find variable: missing\n");
  auto usage = RunNexus({"eval", page});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("usage: nexus eval"), std::string::npos);
  auto bad_page = RunNexus({"eval", "/no/such.html", "1"});
  EXPECT_NE(bad_page.exit_code, 0);
  EXPECT_NE(bad_page.err.find("/no/such.html"), std::string::npos);
}

TEST(Js, ConsoleMessagesAndScriptErrorsReachMainsLogWithThePage) {
  std::string dir = MakeTempDir();
  std::ofstream(dir + "/console.html")
      << "<!doctype html><title>c</title><script>console.log('hello', 42);\n"
         "console.warn('careful');</script><script>\n\nundefinedFunction();</script>";
  setenv("NEXUS_LOG", "info", 1);
  auto run = RunNexus({"eval", dir + "/console.html", "1"});
  unsetenv("NEXUS_LOG");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::string url = "file://" + dir + "/console.html";
  EXPECT_NE(run.err.find("console.log " + url), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(": hello 42"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("console.warn " + url), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("console.error " + url + " (" + url + ":3): Uncaught ReferenceError"),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace nexus::testing
