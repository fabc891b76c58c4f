// The AI features through the real binary: the AI process started on demand with the models
// the build trained, and what happens when it cannot answer (issue 6).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "http_test_server.h"
#include "nexus_instance.h"
#include "process/proc_stats.h"
#include "services/browser/profile_database.h"

namespace nexus::testing {
namespace {

TEST(Ai, IntentOfAddressBarInput) {
  struct Case {
    const char* text;
    const char* intent;
  } cases[] = {{"news.ycombinator.com", "url"},
               {"why is the sky blue?", "question"},
               {"350 km to miles", "calculation"},
               {"open settings", "command"},
               {"best pizza near me", "search"}};
  for (const Case& c : cases) {
    auto result = RunNexus({"intent", c.text});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, std::string(c.intent) + "\n") << c.text;
  }
  auto json = RunNexus({"intent", "--json", "2+2"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["intent"], "calculation");
  EXPECT_GT(parsed["score"].get<double>(), 0.5);
  EXPECT_EQ(parsed["labels"].size(), 5u) << "every intent, most likely first";
}

TEST(Ai, LanguageOfATextFile) {
  std::string path = MakeTempDir() + "/text.txt";
  std::ofstream(path) << "Der schnelle braune Fuchs springt über den faulen Hund am Flussufer.";
  auto result = RunNexus({"analyze", "--lang-only", path});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "de\n");
  auto missing = RunNexus({"analyze", "--lang-only", "/no/such/file.txt"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("/no/such/file.txt"), std::string::npos);
}

TEST(Ai, TextInAnImageThatNexusRendered) {
  std::string dir = MakeTempDir();
  std::ofstream(dir + "/text.html")
      << "<body style='margin:20px'><p style='font: 40px sans-serif'>Nexus reads 12345 here</p>";
  auto shot = RunNexus({"shot", dir + "/text.html", "-o", dir + "/text.png", "--width", "700",
                        "--height", "120"});
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  auto read = RunNexus({"analyze", "--ocr-only", dir + "/text.png"});
  EXPECT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(read.out, "Nexus reads 12345 here\n");
  EXPECT_EQ(read.err, "") << "nothing but the text";
  auto not_an_image = RunNexus({"analyze", "--ocr-only", dir + "/text.html"});
  EXPECT_EQ(not_an_image.exit_code, 1);
  EXPECT_NE(not_an_image.err.find("not an image"), std::string::npos) << not_an_image.err;
}

// A page whose image holds text the test rendered: analysed from a file and over HTTP (the
// image then comes through the network service).
TEST(Ai, AnalyzingAPageFindsItsLanguageKeywordsSummaryAndTheTextInItsImage) {
  std::string dir = MakeTempDir();
  std::ofstream(dir + "/words.html")
      << "<body style='margin:20px'><p style='font: 40px sans-serif'>Nexus reads 12345 here</p>";
  ASSERT_EQ(RunNexus({"shot", dir + "/words.html", "-o", dir + "/words.png", "--width", "700",
                      "--height", "120"})
                .exit_code,
            0);
  std::ofstream(dir + "/page.html")
      << "<title>Processes</title><h1>Browsers and their processes</h1>"
         "<p>Browsers split their work across processes so that a fault in one page cannot "
         "take the others down.</p><p>The renderer draws the page in a sandbox, and the sandbox "
         "keeps the renderer away from files.</p><p>Lunch was fine.</p>"
         "<p>Each renderer asks the main process for every file, so the sandbox never opens."
         "</p><img src='words.png'>";
  HttpTestServer server(ServeDirectory(dir));
  for (const std::string& page : {dir + "/page.html", server.Url("/page.html")}) {
    auto result = RunNexus({"analyze", page, "--json"});
    ASSERT_EQ(result.exit_code, 0) << page << ": " << result.err;
    auto analysis = nlohmann::json::parse(result.out);
    EXPECT_EQ(analysis["title"], "Processes");
    EXPECT_EQ(analysis["language"], "en");
    EXPECT_EQ(analysis["topic"], "technology") << analysis.dump();
    EXPECT_EQ(analysis["keywords"][0]["name"], "renderer") << analysis.dump();
    EXPECT_EQ(analysis["summary"].size(), 3u);
    EXPECT_EQ(analysis["summary"].dump().find("Lunch"), std::string::npos);
    EXPECT_GT(analysis["word_count"].get<int>(), 40);
    ASSERT_EQ(analysis["images"].size(), 1u);
    EXPECT_EQ(analysis["images"][0]["text"], "Nexus reads 12345 here") << page;
  }
  auto off = RunNexus({"analyze", dir + "/page.html", "--disable-ai"});
  EXPECT_EQ(off.exit_code, 1);
  EXPECT_NE(off.err.find("unavailable"), std::string::npos);

  // The same in a running browser, on a tab (the AI process starts on demand), twice at once.
  NexusInstance nexus({server.Url("/page.html"), dir + "/page.html"});
  ASSERT_TRUE(NexusInstance::WaitFor(
      [&] { return TabInState(nexus, 1, "loaded") && TabInState(nexus, 2, "loaded"); }));
  CommandResult in_tab[2];
  std::thread second([&] { in_tab[1] = nexus.Command({"analyze-tab", "2", "--json"}); });
  in_tab[0] = nexus.Command({"analyze-tab", "1", "--json"});
  second.join();
  for (const CommandResult& result : in_tab) {
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto analysis = nlohmann::json::parse(result.out);
    EXPECT_EQ(analysis["title"], "Processes");
    EXPECT_EQ(analysis["topic"], "technology");
    ASSERT_EQ(analysis["images"].size(), 1u);
    EXPECT_EQ(analysis["images"][0]["text"], "Nexus reads 12345 here") << result.out;
  }
  auto text = nexus.Command({"analyze-tab", "1"});
  EXPECT_EQ(text.out.rfind("title: Processes\nlanguage: en\ntopic: technology\n", 0), 0u)
      << text.out;
  EXPECT_NE(nexus.Command({"analyze-tab", "7"}).err.find("tab 7 shows no loaded page"),
            std::string::npos);
  NexusInstance without_ai({"--disable-ai", dir + "/page.html"});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(without_ai, 1, "loaded"); }));
  auto unavailable = without_ai.Command({"analyze-tab", "1"});
  EXPECT_EQ(unavailable.exit_code, 1);
  EXPECT_NE(unavailable.err.find("unavailable: AI features are off (--disable-ai)"),
            std::string::npos) << unavailable.err;
}

// A model whose manifest is damaged is refused: the rest of the analysis stands, and `nexus
// ps` says why on the AI process's row (issue 18).
TEST(Ai, AModelWithADamagedManifestIsRefusedAndShownOnTheAiProcesssRow) {
  std::string binary = NEXUS_BINARY, built = binary.substr(0, binary.rfind('/')) + "/models";
  std::string models = MakeTempDir();
  ASSERT_EQ(
      std::system(("cp -r " + built + "/language " + built + "/topic " + models + "/").c_str()), 0);
  std::ofstream(models + "/topic/manifest.json", std::ios::trunc)
      << R"({"id":"topic","task":"classify_topic","backend":"fasttext","file":"model.bin",)"
      << R"("sha256":5,"licence":""})";
  NexusInstance nexus({"--models-dir", models, PagePath("topics/pasta.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  auto analysis = nexus.Command({"analyze-tab", "1"});
  EXPECT_EQ(analysis.exit_code, 0) << analysis.err;
  EXPECT_NE(analysis.out.find("language: en\n"), std::string::npos) << analysis.out;
  auto ai = nexus.FindProcess("ai");
  ASSERT_FALSE(ai.is_null());
  std::string detail = ai.value("detail", "");
  EXPECT_EQ(detail.rfind("models refused: ", 0), 0u) << detail;
  EXPECT_NE(detail.find("topic"), std::string::npos) << detail;
  EXPECT_NE(detail.find("sha256"), std::string::npos) << detail;
  EXPECT_NE(nexus.Stderr().find("model topic refused"), std::string::npos) << nexus.Stderr();
}

// Pages a browser shows get a vector (the TorchScript embedder, in the AI process) in the
// profile's database; `nexus related` ranks them against another page, beside that browser.
TEST(Ai, RelatedPagesComeFromTheProfilesHistoryMostSimilarFirst) {
  NexusInstance nexus({PagePath("topics/pasta.html"), PagePath("topics/football.html"),
                       PagePath("topics/markets.html")});
  size_t recorded = 0;
  ASSERT_TRUE(NexusInstance::WaitFor(
      [&] {
        auto database = browser::ProfileDatabase::Open(nexus.profile() + "/profile.db");
        if (!database.ok())
          return false;
        auto pages = (*database)->LoadPageVectors("embedder");
        recorded = pages.ok() ? pages->size() : 0;
        return recorded == 3;
      },
      30000))
      << recorded << " of 3 pages have a vector";
  auto related = RunNexus({"related", PagePath("topics/bread.html"), "--profile", nexus.profile(),
                           "--json"});
  ASSERT_EQ(related.exit_code, 0) << related.err;
  auto answer = nlohmann::json::parse(related.out);
  EXPECT_EQ(answer["history_size"], 3);
  ASSERT_EQ(answer["related"].size(), 3u) << related.out;
  EXPECT_EQ(answer["related"][0]["title"], "A weeknight pasta recipe") << related.out;
  for (size_t i = 1; i < 3; ++i) {
    EXPECT_GT(answer["related"][0]["similarity"].get<double>(),
              answer["related"][i]["similarity"].get<double>() + 0.05)
        << "the other cooking page stands out: " << related.out;
  }
  // A page of the history is not its own recommendation; --count limits the list.
  auto pasta = RunNexus({"related", PagePath("topics/pasta.html"), "--profile", nexus.profile(),
                         "--json", "--count", "1"});
  ASSERT_EQ(pasta.exit_code, 0) << pasta.err;
  auto pasta_answer = nlohmann::json::parse(pasta.out);
  ASSERT_EQ(pasta_answer["related"].size(), 1u);
  EXPECT_EQ(pasta_answer["related"][0]["url"].get<std::string>().find("pasta"), std::string::npos);
  auto text = RunNexus({"related", PagePath("topics/bread.html"), "--profile", nexus.profile()});
  EXPECT_EQ(text.out.rfind("0.", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("\tA weeknight pasta recipe\tfile://"), std::string::npos) << text.out;
  EXPECT_TRUE(nexus.alive());

  auto empty = RunNexus({"related", PagePath("topics/bread.html"), "--profile", MakeTempDir()});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_NE(empty.out.find("no pages in the history"), std::string::npos) << empty.out;
  auto off = RunNexus({"related", PagePath("topics/bread.html"), "--disable-ai"});
  EXPECT_EQ(off.exit_code, 1);
  EXPECT_NE(off.err.find("unavailable"), std::string::npos) << off.err;
  auto bad = RunNexus({"related", "/no/such/page.html"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("/no/such/page.html"), std::string::npos) << bad.err;
}

// What a user types in the address bar: the intent model decides between opening and
// searching when the AI process runs; without it, a rule does, and typing never fails for it.
TEST(Ai, TheAddressBarOpensAddressesAndSearchesTheRestByIntent) {
  HttpTestServer server([](const TestRequest& request) {
    TestResponse response;
    response.headers = {{"Content-Type", "text/html"}};
    response.body = "<title>" + request.path + "</title>";
    return response;
  });
  std::string search = server.Url("/search?q=%s");
  // A deadline no loaded test machine misses: this part is about the model's decisions.
  NexusInstance nexus({"--ai-prelaunch", "--intent-deadline-ms", "20000", "--search-url", search,
                       PagePath("hello.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    auto ai = nexus.FindProcess("ai");
    return !ai.is_null() && ai["state"] == "active";
  }, 20000));
  struct Case {
    std::string typed, answer, url;
  } cases[] = {
      {"127.0.0.1:" + std::to_string(server.port()) + "/page", "url (model)",
       server.Url("/page")},
      {"how do magnets work", "question (model)", server.Url("/search?q=how+do+magnets+work")},
      {"cheap flights to lisbon", "search (model)",
       server.Url("/search?q=cheap+flights+to+lisbon")},
      {"12 * 7", "calculation (model)", server.Url("/search?q=12+%2A+7")},
  };
  for (const Case& c : cases) {
    auto typed = nexus.Command({"go", "1", c.typed});
    ASSERT_EQ(typed.exit_code, 0) << c.typed << ": " << typed.err;
    EXPECT_EQ(typed.out, c.answer + ": " + c.url + "\n") << c.typed;
    EXPECT_TRUE(NexusInstance::WaitFor(
        [&] { return TabInState(nexus, 1, "loaded") && nexus.Tab(1)["url"] == c.url; }))
        << c.typed << " opened " << nexus.Tab(1).dump();
  }
  auto reload = nexus.Command({"go", "1", "reload"});
  EXPECT_EQ(reload.out, "command (model): reload\n") << reload.err;
  auto no_tab = nexus.Command({"go", "9", "anything"});
  EXPECT_NE(no_tab.exit_code, 0);
  EXPECT_NE(no_tab.err.find("no tab 9"), std::string::npos) << no_tab.err;

  NexusInstance without_ai({"--disable-ai", "--search-url", search, PagePath("hello.html")});
  auto words = without_ai.Command({"go", "1", "how", "do", "magnets", "work"});
  EXPECT_EQ(words.out, "search (rule): " + server.Url("/search?q=how+do+magnets+work") + "\n")
      << words.err;
  auto host = without_ai.Command({"go", "1", "127.0.0.1:" + std::to_string(server.port())});
  EXPECT_EQ(host.out, "url (rule): " + server.Url("/") + "\n") << host.err;
  auto bad = RunNexus({"--search-url", "https://no-placeholder.example/", "--profile",
                       MakeTempDir(), "--headless", "--exit-after-load", PagePath("hello.html")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("needs exactly one %s"), std::string::npos) << bad.err;
}

TEST(Ai, AnIdleAiProcessEnds) {
  NexusInstance nexus({"--ai-prelaunch", "--ai-idle-timeout-s", "1", PagePath("hello.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return !nexus.FindProcess("ai").is_null(); }))
      << "--ai-prelaunch starts it with the browser";
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return nexus.FindProcess("ai").is_null(); }, 8000))
      << "unused for a second, it is shut down";
  auto crashes = nexus.Command({"crashes"});
  EXPECT_NE(crashes.out.find("ai\t0"), std::string::npos) << "an idle exit is no crash:\n"
                                                           << crashes.out;
}

TEST(Ai, ACrashingAiProcessIsRestartedThenGivenUpOnAfterThreeCrashes) {
  NexusInstance nexus({PagePath("hello.html")});
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return TabInState(nexus, 1, "loaded"); }));
  ASSERT_EQ(nexus.Command({"navigate", "1", "nexus://start?process=ai"}).exit_code, 0);
  for (int crash = 1; crash <= 3; ++crash) {
    nlohmann::json ai;
    ASSERT_TRUE(NexusInstance::WaitFor([&] {
      ai = nexus.FindProcess("ai");
      return !ai.is_null() && ai["state"] == "active";
    })) << "crash " << crash << ": restarted";
    kill(ai["pid"].get<int>(), SIGKILL);
    ASSERT_TRUE(NexusInstance::WaitFor([&] {
      auto now = nexus.FindProcess("ai");
      return now.is_null() || now["pid"] != ai["pid"];
    }));
  }
  ASSERT_TRUE(NexusInstance::WaitFor([&] {
    return nexus.Command({"crashes"}).out.find("ai\t3\tdisabled") != std::string::npos;
  })) << nexus.Command({"crashes"}).out;
  EXPECT_TRUE(nexus.FindProcess("ai").is_null());
  bool shown_disabled = false;
  for (auto& process : nexus.Processes()) {
    if (process["type"] == "ai" && process["state"] == "disabled") {
      shown_disabled = true;
      EXPECT_NE(process["site"].get<std::string>().find("after repeated crashes"),
                std::string::npos) << process.dump();
    }
  }
  EXPECT_TRUE(shown_disabled) << "nexus ps shows the AI process disabled: " << nexus.Processes().dump();
  auto again = nexus.Command({"navigate", "1", "nexus://start?process=ai"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("AI features unavailable"), std::string::npos) << again.err;
  EXPECT_TRUE(nexus.alive());
}

TEST(Ai, KillingTheAiProcessMidRequestMakesTheFeatureUnavailable) {
  // A long page of text as one tall image: reading it keeps the AI process busy for seconds.
  std::string dir = MakeTempDir();
  {
    std::ofstream page(dir + "/long.html");
    page << "<body style='margin:20px; font: 18px sans-serif'>";
    for (int i = 0; i < 200; ++i)
      page << "<p>Line " << i << " of a long page that the test reads by OCR, slowly.</p>";
  }
  ASSERT_EQ(RunNexus({"shot", dir + "/long.html", "-o", dir + "/long.png", "--full-page"}).exit_code, 0);
  pid_t command = fork();
  if (command == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(open((dir + "/err.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
    execl(NEXUS_BINARY, NEXUS_BINARY, "analyze", "--ocr-only", (dir + "/long.png").c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  pid_t ai = 0;
  ASSERT_TRUE(NexusInstance::WaitFor([&] { return (ai = ChildOfType(command, "ai")) > 0; }));
  // The request is in flight once the AI process is busy with it: a second of CPU is more than
  // starting and loading the model take, and less than reading the long page does.
  ASSERT_TRUE(NexusInstance::WaitFor(
      [&] {
        auto cpu = process::ReadCpuTimeNanos(ai);
        return cpu.ok() && *cpu > 1'000'000'000;
      },
      20000));
  kill(ai, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(command, &status, 0), command);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::ifstream err(dir + "/err.txt");
  std::string message((std::istreambuf_iterator<char>(err)), {});
  EXPECT_NE(message.find("unavailable: the AI process ended"), std::string::npos) << message;
}

// Inference runs on a thread of its own: a model busy for seconds does not make the AI process
// look hung (its loop answers heartbeats meanwhile), so the answer arrives.
TEST(Ai, AModelWorkingForSecondsIsNotTakenForAHang) {
  std::string dir = MakeTempDir();
  {
    std::ofstream page(dir + "/lines.html");
    page << "<body style='margin:20px; font: 18px sans-serif'>";
    for (int i = 0; i < 40; ++i)
      page << "<p>Line " << i << " of a page that takes a while to read.</p>";
  }
  ASSERT_EQ(RunNexus({"shot", dir + "/lines.html", "-o", dir + "/lines.png", "--full-page"})
                .exit_code,
            0);
  auto read = RunNexus({"analyze", "--ocr-only", dir + "/lines.png", "--heartbeat-ms=100",
                        "--hang-timeout-ms=500"},
                       120);
  EXPECT_EQ(read.exit_code, 0) << read.err;
  EXPECT_NE(read.out.find("Line 39 of a page"), std::string::npos) << read.out;
}

TEST(Ai, WithoutTheAiOrItsModelsFeaturesSayUnavailable) {
  auto disabled = RunNexus({"intent", "close tab", "--disable-ai"});
  EXPECT_EQ(disabled.exit_code, 1);
  EXPECT_NE(disabled.err.find("unavailable"), std::string::npos) << disabled.err;
  auto no_models = RunNexus({"intent", "close tab", "--models-dir", MakeTempDir()});
  EXPECT_EQ(no_models.exit_code, 1);
  EXPECT_NE(no_models.err.find("unavailable: open"), std::string::npos) << no_models.err;
  EXPECT_NE(no_models.err.find("intent/manifest.json"), std::string::npos) << no_models.err;
  EXPECT_EQ(std::count(no_models.err.begin(), no_models.err.end(), '\n'), 1) << no_models.err;
  // Pages load all the same.
  auto page = RunNexus({"--headless", "--exit-after-load", "--disable-ai", "--profile",
                        MakeTempDir(), PagePath("hello.html")});
  EXPECT_EQ(page.exit_code, 0) << page.err;
}

}  // namespace
}  // namespace nexus::testing
