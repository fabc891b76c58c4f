#include "services/browser/one_shot_commands.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "base/logging.h"

namespace nexus::browser {
namespace {

// A profile directory removed with everything in it when the object goes.
class TemporaryProfile {
 public:
  static Result<std::string> Create() {
    std::string base = std::filesystem::temp_directory_path().string() + "/nexus-shot-XXXXXX";
    if (!mkdtemp(base.data()))
      return ErrnoError("create a temporary profile in " + base);
    return base;
  }
};

// One command's browser: what it needs and nothing else (no zygote or pool for one page, no
// services but the network until asked for, no history, no error pages), on a temporary profile
// unless one was named, so that its URL is never handed to a browser running on the user's.
class OneShot {
 public:
  explicit OneShot(BrowserOptions options) : options_(std::move(options)) {
    options_.print_titles = false;
    options_.exit_after_load = false;
    options_.urls.clear();
    options_.use_zygote = false;
    options_.renderer_pool = 0;
    options_.services_at_launch = false;
    // Nearly every page asks for something (its stylesheets, its images): the network
    // service starts beside the renderer rather than when the first request waits for it.
    options_.network_at_launch = true;
    options_.record_history = false;
    options_.error_pages = false;
  }
  ~OneShot() {
    browser_.reset();  // its children and database go before their directory
    if (!temporary_profile_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(temporary_profile_, ignored);
    }
  }

  // Starts the browser; on failure says why and returns false.
  bool Start(bool embeddings = false) {
    options_.ai_embeddings = embeddings;
    if (options_.profile_flag.empty()) {
      auto created = TemporaryProfile::Create();
      if (!created.ok())
        return Fail(created.error().message());
      temporary_profile_ = options_.profile_flag = *created;
    }
    browser_ = std::make_unique<MainProcess>(options_);
    auto started = browser_->Initialize();
    if (!started.ok())
      return Fail(started.error().message());
    return true;
  }

  // Opens `url` in a tab; once it loaded and `wait_ms` more passed, `then` gets the tab.
  // A page that fails or crashes ends the command (Tabs said why on stderr).
  bool OpenAndWait(const std::string& url,
                   int width,
                   int height,
                   int wait_ms,
                   std::function<void(uint32_t tab_id)> then) {
    // The command's browser has this one tab, which may settle before Open returns (a file
    // that cannot be read fails at once).
    browser_->AddTabObserver([this, wait_ms, then](Tab& tab) {
      if (waited_)
        return;
      waited_ = true;
      if (tab.state != TabState::kLoaded)
        return Finish(1, "");
      if (wait_ms <= 0)
        return then(tab.id);
      browser_->loop().PostDelayed(wait_ms, [this, then, id = tab.id, url = tab.url] {
        Tab* same = browser_->tabs().Find(id);
        if (same && same->url == url && same->state == TabState::kLoaded)
          then(id);
        else
          Finish(1, "the page changed while waiting");
      });
    });
    auto opened = browser_->tabs().Open(url, width, height);
    if (!opened.ok())
      return Fail(opened.error().message());
    return true;
  }

  void TimeOut(int seconds, const std::string& what) {
    browser_->loop().PostDelayed(seconds * 1000ll, [this, seconds, what] {
      Finish(1, what + " within " + std::to_string(seconds) + " s");
    });
  }

  // Ends the command, once: says why if it failed.
  void Finish(int exit_code, const std::string& error) {
    if (finished_)
      return;
    finished_ = true;
    if (!error.empty())
      std::cerr << "nexus: " << error << "\n";
    browser_->Quit(exit_code);
  }

  int Run() { return failed_ ? 1 : browser_->Run(); }
  MainProcess& browser() { return *browser_; }

 private:
  bool Fail(const std::string& error) {
    std::cerr << "nexus: " << error << "\n";
    failed_ = true;
    return false;
  }

  BrowserOptions options_;
  std::string temporary_profile_;
  std::unique_ptr<MainProcess> browser_;
  bool waited_ = false;
  bool finished_ = false;
  bool failed_ = false;
};

// `path` as an absolute path (a screenshot is written by main wherever it runs).
std::string Absolute(const std::string& path) {
  std::error_code error;
  auto absolute = std::filesystem::absolute(path, error);
  return error ? path : absolute.string();
}

}  // namespace

int RunShot(BrowserOptions options, const std::string& url, const ShotOptions& shot) {
  OneShot command(std::move(options));
  if (!command.Start())
    return 1;
  command.TimeOut(shot.timeout_s, "the page was not painted");
  std::string path = Absolute(shot.output_path);
  bool opened =
      command.OpenAndWait(url, shot.width, shot.height, shot.wait_ms, [&](uint32_t tab_id) {
        command.browser().pages().Screenshot(tab_id, path, shot.full_page, [&](Status written) {
          command.Finish(written.ok() ? 0 : 1, written.ok() ? "" : written.error().message());
        });
      });
  return opened ? command.Run() : 1;
}

int RunEval(BrowserOptions options, const std::string& url, const EvalOptions& eval) {
  OneShot command(std::move(options));
  if (!command.Start())
    return 1;
  command.TimeOut(eval.timeout_s, "no answer");
  bool opened = command.OpenAndWait(url, 800, 600, eval.wait_ms, [&](uint32_t tab_id) {
    command.browser().pages().Evaluate(tab_id, eval.expression, [&](Result<std::string> json) {
      if (!json.ok())
        return command.Finish(1, json.error().message());
      std::cout << *json << std::endl;
      command.Finish(0, "");
    });
  });
  return opened ? command.Run() : 1;
}

int RunAnalyze(BrowserOptions options, const std::string& url, bool json) {
  OneShot command(std::move(options));
  if (!command.Start())
    return 1;
  // The AI process starts while the page loads.
  if (auto status = command.browser().ai().Prelaunch(); !status.ok()) {
    std::cerr << "nexus: " << status.error().message() << "\n";
    return 1;
  }
  bool opened = command.OpenAndWait(url, 800, 600, 0, [&](uint32_t tab_id) {
    command.browser().analyzer().Analyze(tab_id, [&](Result<nlohmann::json> analysis) {
      if (!analysis.ok())
        return command.Finish(1, analysis.error().message());
      std::cout << (json ? analysis->dump(2) + "\n" : FormatAnalysis(*analysis)) << std::flush;
      command.Finish(0, "");
    });
  });
  return opened ? command.Run() : 1;
}

int RunRelated(BrowserOptions options, const std::string& url, const RelatedOptions& related) {
  OneShot command(std::move(options));
  if (!command.Start(/*embeddings=*/true))
    return 1;
  if (auto status = command.browser().ai().Prelaunch(); !status.ok()) {
    std::cerr << "nexus: " << status.error().message() << "\n";
    return 1;
  }
  auto print = [&](const PageText& page, AiAnswer answer) {
    if (!answer.ok())
      return command.Finish(1, answer.error().message());
    if (answer->getError().size() > 0)
      return command.Finish(1, answer->getError().cStr());
    PageVector vector{page.url, page.title, answer->getModel(), {}, 0};
    for (float value : answer->getVector())
      vector.vector.push_back(value);
    size_t history_size = 0;
    auto pages = RelatedInHistory(vector, related.history_database, related.count, &history_size);
    if (!pages.ok())
      return command.Finish(1, pages.error().message());
    if (related.json) {
      nlohmann::json list = nlohmann::json::array();
      for (const RelatedPage& other : *pages)
        list.push_back(
            {{"url", other.url}, {"title", other.title}, {"similarity", other.similarity}});
      std::cout << nlohmann::json{{"url", vector.url},
                                  {"model", vector.model},
                                  {"history_size", history_size},
                                  {"related", list}}
                       .dump(2)
                << std::endl;
    } else if (pages->empty()) {
      std::cout << "no pages in the history to compare with (" << related.history_database << ")"
                << std::endl;
    } else {
      for (const RelatedPage& other : *pages) {
        char similarity[16];
        std::snprintf(similarity, sizeof(similarity), "%.3f", other.similarity);
        std::cout << similarity << "\t" << other.title << "\t" << other.url << "\n";
      }
      std::cout << std::flush;
    }
    command.Finish(0, "");
  };
  bool opened = command.OpenAndWait(url, 800, 600, 0, [&](uint32_t tab_id) {
    command.browser().pages().GetContent(tab_id, 0, [&](Result<PageText> page) {
      if (!page.ok())
        return command.Finish(1, page.error().message());
      auto parsed = web::ParseUrl(page->url);
      AiQuestion question{ai::schema::AiTask::EMBED_TEXT,
                          TextToEmbed(page->title, page->text),
                          0,
                          parsed.ok() ? web::SiteForUrl(*parsed) : "",
                          tab_id,
                          0};
      command.browser().ai().Ask(std::move(question),
                                 [&, page = *page](AiAnswer answer) { print(page, answer); });
    });
  });
  return opened ? command.Run() : 1;
}

int RunAiQuery(BrowserOptions options, const AiQuery& query) {
  OneShot command(std::move(options));
  if (!command.Start())
    return 1;
  // Priority 0: a user is waiting at the command line.
  AiQuestion question{query.task, query.text, 0, "", 0, 0};
  command.browser().ai().Ask(std::move(question), [&](AiAnswer answer) {
    if (!answer.ok())
      return command.Finish(1, answer.error().message());
    if (answer->getError().size() > 0)
      return command.Finish(1, answer->getError().cStr());
    if (query.task == ai::schema::AiTask::RECOGNIZE_TEXT) {
      std::string text = answer->getText();
      if (query.json)
        std::cout << nlohmann::json{{"text", text}}.dump(2) << std::endl;
      else
        std::cout << text << std::flush;  // Tesseract ends its text with a newline
      return command.Finish(0, "");
    }
    bool intent = query.task == ai::schema::AiTask::CLASSIFY_INTENT;
    nlohmann::json labels = nlohmann::json::array();
    for (auto label : answer->getLabels())
      labels.push_back({{"name", label.getName().cStr()}, {"score", label.getScore()}});
    std::string best = labels.empty() ? (intent ? "unknown" : "und")  // ISO 639: undetermined
                                      : labels[0]["name"].get<std::string>();
    double score = labels.empty() ? 0.0 : labels[0]["score"].get<double>();
    if (query.json) {
      std::cout << nlohmann::json{{intent ? "intent" : "language", best},
                                  {"score", score},
                                  {"labels", labels}}
                       .dump(2)
                << std::endl;
    } else {
      std::cout << best << std::endl;
    }
    command.Finish(0, "");
  });
  return command.Run();
}

int RunFetch(BrowserOptions options, const std::string& url, const std::string& output_path) {
  OneShot command(std::move(options));
  if (!command.Start())
    return 1;
  auto started = command.browser().loader().Download(url, output_path, [&](Result<uint64_t> saved) {
    if (!saved.ok())
      return command.Finish(1, saved.error().message());
    std::cout << "saved " << *saved << " bytes to " << output_path << std::endl;
    command.Finish(0, "");
  });
  if (!started.ok()) {
    std::cerr << "nexus: " << started.error().message() << "\n";
    return 1;
  }
  return command.Run();
}

}  // namespace nexus::browser
