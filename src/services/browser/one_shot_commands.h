// The one-shot commands: `nexus shot`, `eval`, `analyze`, `related`, `intent`, `fetch`. Each is
// a client of a browser (MainProcess) running in the same process on a profile of its own:
// it opens its page in a tab and uses what the control socket offers any client (a
// screenshot, an evaluation, an analysis), prints the outcome and exits. A failure is one
// line on stderr and exit code 1.
#pragma once

#include <string>

#include "services/ai/public/ai.capnp.h"
#include "services/browser/main_process.h"

namespace nexus::browser {

struct ShotOptions {
  std::string output_path;
  int width = 800;
  int height = 600;
  bool full_page = false;
  int timeout_s = 30;  // a page not painted by then is an error, never a hang
  int wait_ms = 0;     // after the load event, time for the page's timers to run
};

struct EvalOptions {
  std::string expression;
  int timeout_s = 60;  // loading and evaluating together
  int wait_ms = 0;     // after the load event, time for the page's timers to run
};

// One question to the AI process: `nexus intent TEXT`, `nexus analyze --lang-only FILE`,
// `nexus analyze --ocr-only IMAGE`.
struct AiQuery {
  ai::schema::AiTask task = ai::schema::AiTask::DETECT_LANGUAGE;
  std::string text;
  bool json = false;
};

struct RelatedOptions {
  bool json = false;
  std::string history_database;  // the profile whose history is searched (read, not written)
  size_t count = 5;
};

// `options` are the browser flags given; an empty profile_flag means a temporary profile.
int RunShot(BrowserOptions options, const std::string& url, const ShotOptions& shot);
int RunEval(BrowserOptions options, const std::string& url, const EvalOptions& eval);
int RunAnalyze(BrowserOptions options, const std::string& url, bool json);
int RunRelated(BrowserOptions options, const std::string& url, const RelatedOptions& related);
int RunAiQuery(BrowserOptions options, const AiQuery& query);
int RunFetch(BrowserOptions options, const std::string& url, const std::string& output_path);

}  // namespace nexus::browser
