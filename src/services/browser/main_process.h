// The main (browser) process (spec "Main Process"): owns tabs and navigation, the profile
// database, and every child process; routes their messages and recovers from their crashes.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/event_loop.h"
#include "process/crash_loop_policy.h"
#include "process/crash_recovery.h"
#include "process/process_manager.h"
#include "process/process_monitor.h"
#include "process/process_pool.h"
#include "process/resource_limiter.h"
#include "services/ai/public/ai.capnp.h"
#include "services/browser/address_bar.h"
#include "services/browser/control_server.h"
#include "services/browser/cookie_store.h"
#include "services/browser/document_loader.h"
#include "services/browser/file_download.h"
#include "services/browser/profile.h"
#include "services/browser/profile_database.h"
#include "services/browser/tab.h"
#include "services/browser/url.h"
#include "services/network/public/network.capnp.h"
#include "services/renderer/public/renderer.capnp.h"

namespace nexus::browser {

// `nexus shot`: render the one page given and write it as PNG, then exit.
struct ShotOptions {
  std::string output_path;
  int width = 800;
  int height = 600;
  bool full_page = false;
  int timeout_s = 30;  // a page not painted by then is an error, never a hang
  int wait_ms = 0;     // after the load event, time for the page's timers to run
};

// `nexus fetch`: save one URL's body to a file through the network service, then exit.
struct DownloadOptions {
  std::string url;
  std::string output_path;
};

// `nexus intent TEXT`, `nexus analyze --lang-only FILE`: one question to the AI process.
struct AiQuery {
  ai::schema::AiTask task = ai::schema::AiTask::DETECT_LANGUAGE;
  std::string text;
  bool json = false;
};

// `nexus analyze URL_OR_FILE`: the page's language, keywords, summary, reading time and the
// text in its images.
struct AnalyzeOptions {
  bool json = false;
};
// An analysis (JSON: url, title, language, topic, keywords, summary, word_count,
// reading_seconds, images) as `nexus analyze` prints it without --json.
std::string FormatAnalysis(const nlohmann::json& analysis);

// `nexus eval URL_OR_FILE EXPRESSION`: the JSON of the expression's value after load.
struct EvalOptions {
  std::string expression;
  int timeout_s = 60;  // loading and evaluating together
  int wait_ms = 0;     // after the load event, time for the page's timers to run
};

// `nexus related URL_OR_FILE`: the pages of a profile's history most like this one.
struct RelatedOptions {
  bool json = false;
  std::string history_database;  // the profile whose history is searched (read, not written)
  size_t count = 5;
};

struct BrowserOptions {
  std::string profile_flag;
  bool headless = true;
  bool exit_after_load = false;
  std::string trace_path;
  std::vector<std::string> urls;
  size_t renderer_pool = 1;
  bool use_zygote = true;
  process::MonitorOptions monitor;
  process::CrashLoopOptions crash_loop;
  std::vector<std::string> memory_limits;  // TYPE:SIZE
  std::vector<std::string> child_args;
  // DESIGN.md §4. --no-sandbox, --require-sandbox, --disable-sandbox-layer-for-testing=LAYER.
  bool sandbox = true;
  bool require_sandbox = false;
  std::string sandbox_layer_disabled_for_testing;
  std::optional<ShotOptions> shot;
  std::optional<DownloadOptions> download;
  bool disable_cache = false;  // --disable-cache: the network service keeps no HTTP cache
  bool disable_ai = false;     // --disable-ai: no AI process; AI features say "unavailable"
  bool ai_prelaunch = false;   // --ai-prelaunch: start the AI process with the browser
  int64_t ai_idle_timeout_ms = 60000;  // --ai-idle-timeout-s: an unused AI process ends
  std::string models_directory;  // --models-dir; default: models/ beside the executable
  std::string search_template;   // --search-url: kept in the profile's settings
  // --intent-deadline-ms: how long typed input waits for the intent model before a rule
  // decides between opening and searching.
  uint32_t intent_deadline_ms = 300;
  std::optional<AiQuery> ai_query;
  std::optional<AnalyzeOptions> analyze;
  std::optional<RelatedOptions> related;
  std::optional<EvalOptions> eval;

  // A one-shot command: runs on a profile of its own and quits when done.
  bool one_shot() const { return shot || download || ai_query || analyze || related || eval; }
};

// The characters of UTF-8 text, each a string of its own (`nexus type`).
std::vector<std::string> SplitCharacters(const std::string& text);

class MainProcess : public process::ProcessManager::Delegate {
 public:
  explicit MainProcess(BrowserOptions options);
  ~MainProcess() override;

  // Returns false (and no error) when another instance owns the profile; then the URLs are
  // handed to it and Run() must not be called.
  Result<bool> Initialize();
  int Run();
  void Shutdown();

  // The spec's CreateRendererProcess / DestroyRendererProcess, in tab terms.
  Result<uint32_t> OpenTab(const std::string& url_or_path);
  // `initiator_site`: the site of the page that asked (a clicked link), "" when the user did.
  Status Navigate(uint32_t tab_id, const std::string& url_or_path,
                  const std::string& initiator_site = "", const FormPost* post = nullptr);
  Status Reload(uint32_t tab_id);
  Status CloseTab(uint32_t tab_id);
  Status GoBack(uint32_t tab_id);
  Status GoForward(uint32_t tab_id);

  // ProcessManager::Delegate
  void OnProcessReady(process::ProcessHost& host) override;
  void OnMessageFromChild(process::ProcessHost& host, ipc::IncomingMessage& message) override;
  void OnProcessGone(process::ProcessHost& host) override;

 private:
  struct OcrImage {
    uint32_t job_id;
    size_t index;  // of the image in the page
  };
  struct PendingLoad {
    uint32_t tab_id = 0;
    std::string url;
    uint32_t sent_to = 0;  // the network process it is in flight at; 0: not sent
    int attempts = 0;      // sends, counting retries after network crashes
    // A renderer's subresource: answered to that renderer, under its request id.
    uint32_t for_renderer = 0;
    uint64_t renderer_request_id = 0;
    network::schema::ResourceKind kind = network::schema::ResourceKind::DOCUMENT;
    std::string site_for_cookies;  // SameSite: the site that caused the load
    std::string page_origin;       // a renderer's subresource: its page's origin (ORB)
    std::string body;              // the chunks received so far (not for downloads)
    std::optional<OcrImage> ocr_image;  // an image to read for an analysis, not to show
    // What goes with the request: a form's POST, a page's fetch (method, headers, body).
    std::string method;  // empty: GET
    HeaderList request_headers;
    std::string request_body;
    bool omit_cookies = false;  // a cross-origin fetch (credentials "same-origin")
    // A cross-origin fetch: the page's origin, which the answer must allow (CORS).
    std::string cors_origin;
    // A preflight (OPTIONS) for `after_preflight`, which is sent once the answer allows it.
    std::shared_ptr<PendingLoad> after_preflight;
  };
  struct PendingHitTest {
    uint32_t renderer_id;
    ControlServer::Responder respond;
  };

  Status HandOverToRunningInstance();
  Status StartSignalHandling();
  void OnControlRequest(browser::schema::ControlRequest::Reader request,
                        browser::schema::ControlReply::Builder reply,
                        const std::function<ControlServer::Responder()>& defer);
  Status HandleDebugUrl(Tab& tab, const Url& url);
  Status TraverseHistory(uint32_t tab_id, bool forward);
  // `post`: a form's POST (its body and content type); otherwise a GET.
  Status StartLoad(Tab& tab, const Url& url, const std::string& initiator_site = "",
                   const FormPost* post = nullptr);
  void CommitDocument(Tab& tab, std::string mime_type, std::string bytes);
  Status AssignRenderer(Tab& tab, const std::string& site);
  void SendNavigation(Tab& tab);
  void OnRendererMessage(process::ProcessHost& host, ipc::IncomingMessage& message);
  void OnNavigationComplete(process::ProcessHost& host,
                            renderer::schema::NavigationComplete::Reader complete);
  // Runs `then` on the tab after `delay_ms` if it still shows the page it shows now.
  void AfterDelayOnSamePage(const Tab& tab, int delay_ms, std::function<void(Tab&)> then);
  // Network loads (network_loads.cc): bodies arrive in chunks, then RESOURCE_LOADED.
  void OnResourceChunk(process::ProcessHost& host, ipc::IncomingMessage& message);
  void OnResourceLoaded(process::ProcessHost& host, ipc::IncomingMessage& message);
  Status StartDownload(const std::string& url, const std::string& path);
  // Tells the network service to drop a transfer main no longer wants.
  // ORB: empties `response` when the page's no-cors request may not see it (browser/orb.h).
  void BlockOpaqueResponse(const PendingLoad& load, const std::string& response_url,
                           Document& response);
  void CancelAtNetwork(uint64_t request_id, uint32_t network_id);
  void FinishDownload(uint64_t request_id, const Status& status);
  void FailLoad(Tab& tab, const std::string& error);
  void ReleaseRendererIfUnused(uint32_t renderer_id);
  Tab* TabOfRenderer(process::ProcessHost& host, uint32_t tab_id);

  // Pages' own requests (page_requests.cc): subresources, frames, hit tests and clicks.
  void OnSubresourceRequest(process::ProcessHost& host, ipc::IncomingMessage& message);
  // What a page's fetch may read beside the body.
  struct FetchAnswer {
    HeaderList headers;   // filtered for the page
    std::string cookies;  // document.cookie now
  };
  void AnswerSubresource(uint32_t renderer_id, uint64_t request_id, uint32_t tab_id,
                         const std::string& url, Result<Document> loaded,
                         const FetchAnswer* fetch = nullptr);
  void OnOpenUrl(process::ProcessHost& host, ipc::IncomingMessage& message);
  // What pages' scripts ask of main (page_scripts.cc): fetch() with same-origin rules and
  // CORS, document.cookie, history.pushState's URL.
  void OnFetchRequest(process::ProcessHost& host, ipc::IncomingMessage& message, Tab& tab,
                      const Url& url, const Url& document);
  // The answer to a page's fetch (or its preflight), checked against CORS, to the renderer.
  void OnFetchAnswered(PendingLoad load, Result<Document> result);
  void OnSetDocumentCookie(process::ProcessHost& host,
                           renderer::schema::DocumentCookie::Reader request);
  void OnUrlChanged(process::ProcessHost& host, renderer::schema::UrlChanged::Reader changed);
  void RequestShotFrame(Tab& tab);
  // Scripts: `nexus eval`'s expression, and what pages write to their console.
  void SendEvaluation(Tab& tab);
  void OnScriptResult(process::ProcessHost& host, ipc::IncomingMessage& message);
  void OnConsoleMessage(process::ProcessHost& host, renderer::schema::ConsoleMessage::Reader console);
  void OnFrameRendered(process::ProcessHost& host, ipc::IncomingMessage& message);
  // `nexus screenshot TAB -o FILE`: the tab's frame at its viewport, written as PNG.
  void StartScreenshot(uint32_t tab_id, std::string path, bool full_page,
                       ControlServer::Responder respond);
  struct PendingScreenshot {
    uint32_t renderer_id;
    uint32_t tab_id;
    std::string path;
    ControlServer::Responder respond;
  };
  std::map<uint64_t, PendingScreenshot> screenshots_;  // by the request id sent to the renderer
  void StartHitTest(uint32_t tab_id, int x, int y, ControlServer::Responder respond);
  void OnHitTestResult(process::ProcessHost& host, ipc::IncomingMessage& message);
  Status Click(uint32_t tab_id, int x, int y);
  // Each key pressed and released in turn: characters, or names (Enter, Tab, Backspace...).
  Status PressKeys(uint32_t tab_id, const std::vector<std::string>& keys);
  // The renderer of a tab that shows a page; an error naming why there is none.
  Result<process::ProcessHost*> RendererShowing(uint32_t tab_id);
  // Answers the hit tests and screenshots a renderer will never answer.
  void FailRequestsOf(uint32_t renderer_id, const std::string& why);
  // Ends a one-shot command (shot, analyze, intent): says why if it failed, once, and quits.
  void FinishCommand(int exit_code, const std::string& error);

  // AI features (ai_requests.cc).
  std::string ResolveModelsDirectory() const;
  void SendAiQuery();
  void OnAiResult(process::ProcessHost& host, ipc::IncomingMessage& message);
  // Page analysis (page_analysis.cc), the history's vectors and `nexus related`
  // (page_history.cc) start from the page's content, which its renderer gives.
  Status RequestPageContent(Tab& tab);
  void OnPageContent(process::ProcessHost& host, ipc::IncomingMessage& message);
  using AnalysisDone = std::function<void(Result<nlohmann::json>)>;
  // Analyses the page `tab` shows; `done` gets the analysis or why there is none.
  void StartAnalysis(Tab& tab, AnalysisDone done);
  // Gives a page's content to the analysis waiting for it; false if none is.
  bool TakePageContentForAnalysis(const Tab& tab, const std::string& title,
                                  const std::string& text,
                                  const std::vector<std::string>& image_urls);
  void SendAnalysisRequests(uint32_t job_id);
  void SendAnalysisRequestsOfAllJobs();  // the AI process is ready
  void OnImageForOcr(OcrImage image, Result<Document> loaded);
  // False if `request_id` belongs to no analysis.
  bool OnAnalysisResult(uint64_t request_id, ai::schema::AiToBrowser::Reader result);
  void FinishAnalysisIfDone(uint32_t job_id);
  void FinishAnalysis(uint32_t job_id, Result<nlohmann::json> outcome);
  void FailAnalyses(const std::string& why);
  // The AI request's id; fails when the AI process is not there to ask.
  Result<uint64_t> SendToAi(ai::schema::AiTask task, std::string_view input, uint8_t priority,
                            const std::string& site, uint32_t deadline_ms = 0);
  // A page a tab finished loading: its vector goes into the history (for `nexus related`),
  // asked of the AI process at background priority.
  void RecordVisit(Tab& tab);
  struct PageText {
    std::string url, title, text;
  };
  void AddVisit(PageText visit);
  void SendVisitEmbeddings();
  void OnVisitEmbedded(uint64_t request_id, ai::schema::AiToBrowser::Reader result);
  // What a user typed in a tab's address bar (address_bar_input.cc): the intent model, when
  // it answers in time, or a rule decides between opening an address and searching.
  void OnAddressBarInput(uint32_t tab_id, std::string text, ControlServer::Responder respond);
  void ActOnAddressBarInput(uint32_t tab_id, const std::string& text,
                            std::optional<AddressBarIntent> from_model,
                            const ControlServer::Responder& respond);
  // The typed input asked of the AI process as `request_id`, decided by the model's answer
  // (nullopt: by the rule); nothing if it was decided already.
  void FinishAddressBarInput(uint64_t request_id, std::optional<AddressBarIntent> from_model);
  struct TypedInput {
    uint32_t tab_id;
    std::string text;
    ControlServer::Responder respond;
  };
  std::map<uint64_t, TypedInput> typed_inputs_;  // by AI request id
  // `nexus related`: this page's vector against the history's.
  void SendRelatedRequest();
  void FinishRelated(ai::schema::AiToBrowser::Reader result);
  // Ends the AI process once it has not been asked anything for the idle timeout.
  void ScheduleAiIdleCheck();
  struct AnalysisJob {
    uint32_t tab_id = 0;
    std::string url, title, text;
    std::vector<std::string> image_urls;
    bool content_ready = false;
    bool sent = false;
    uint64_t analysis_request = 0;
    std::optional<nlohmann::json> analysis;
    std::map<uint64_t, size_t> ocr_requests;  // AI request id -> image index
    std::vector<std::optional<std::string>> image_texts;
    size_t images_pending = 0;
    AnalysisDone done;
  };
  std::map<uint32_t, AnalysisJob> analysis_jobs_;
  uint32_t next_analysis_id_ = 1;
  static constexpr size_t kMaxImagesRead = 4;  // images read by OCR, in document order
  static constexpr int64_t kVisitEmbeddingDelayMs = 1000;
  std::vector<PageText> visits_to_embed_;            // waiting for the AI process
  std::map<uint64_t, PageText> visits_embedding_;    // by AI request id
  std::optional<PageText> related_page_;             // `nexus related`: the page, once read
  uint64_t related_request_ = 0;

  // Services: one process per type, started at launch (GPU, network, storage) or on demand
  // (AI, audio), restarted after crashes by the crash-loop policy.
  Status EnsureService(process::ProcessType type);
  // Checks the sandbox flags and turns them into the flags every child gets.
  Status ConfigureSandbox(process::ProcessManager::Options& manager_options);
  void FillSandboxStatus(browser::schema::ControlReply::Builder reply);
  uint32_t ServiceId(process::ProcessType type) const;
  void SendPendingLoads();
  void CancelLoadsOfTab(uint32_t tab_id);
  // Fails (with `why`) the loads sent at least `attempts_at_least` times; 0: all of them.
  void FailNetworkLoads(const std::string& why, int attempts_at_least);
  static constexpr int kMaxLoadAttempts = 2;
  void CheckExitAfterLoad();
  void PrintTitle(const Tab& tab);

  BrowserOptions options_;
  ProfileLayout profile_;
  ScopedFd profile_lock_;
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<ProfileDatabase> database_;
  std::unique_ptr<CookieStore> cookies_;
  std::unique_ptr<process::ProcessScheduler> scheduler_;
  std::unique_ptr<process::TraceRecorder> trace_;
  process::ResourceLimiter limiter_;
  std::unique_ptr<process::CrashLoopPolicy> crash_policy_;
  std::unique_ptr<process::CrashReporter> crash_reporter_;
  std::unique_ptr<process::CrashRecovery> crash_recovery_;
  std::unique_ptr<process::ProcessManager> manager_;
  std::unique_ptr<process::ProcessMonitor> monitor_;
  std::unique_ptr<process::ProcessPool> pool_;
  std::unique_ptr<ControlServer> control_server_;
  ScopedFd signal_fd_;

  std::map<uint32_t, Tab> tabs_;
  uint32_t next_tab_id_ = 1;
  std::map<std::string, uint32_t> site_renderers_;  // one renderer per site
  std::map<process::ProcessType, uint32_t> services_;
  std::map<process::ProcessType, std::string> disabled_types_;  // and why
  std::map<uint64_t, PendingLoad> network_loads_;  // in flight at the network service
  std::map<uint64_t, PendingHitTest> hit_tests_;   // by the request id sent to the renderer
  std::map<uint64_t, FileDownload> downloads_;     // by the load's request id
  uint64_t next_request_id_ = 1;
  std::set<uint32_t> initial_tabs_;
  int64_t started_ms_ = 0;
  int64_t cpu_sample_ns_ = -1;
  int64_t cpu_sample_at_ns_ = 0;
  double cpu_percent_ = 0;
  bool shutting_down_ = false;
  bool command_finished_ = false;
  bool ai_query_sent_ = false;
  int64_t ai_last_used_ms_ = 0;
  int exit_code_ = 0;
};

}  // namespace nexus::browser
