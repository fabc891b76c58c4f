// The main (browser) process (spec "Main Process"): owns the profile, every child process and
// the parts that do main's work, and routes each child's messages to the part that handles
// them. The parts: Tabs (navigation, renderers per site), ResourceLoader (the network
// service's loads), PageResources (what pages may load), PageRequests (what main asks of
// pages), AiClient with PageAnalyzer, PageHistory and AddressBarInput (the AI features),
// ServiceHosts (the utility processes), ControlCommands (the control socket). One-shot
// commands (`nexus shot`, `eval`, `analyze`, ...) are clients of a MainProcess on a profile of
// their own (one_shot_commands.h).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/event_loop.h"
#include "process/crash_loop_policy.h"
#include "process/crash_recovery.h"
#include "process/process_manager.h"
#include "process/process_monitor.h"
#include "process/process_pool.h"
#include "process/resource_limiter.h"
#include "services/browser/address_bar_input.h"
#include "services/browser/ai_client.h"
#include "services/browser/browser_window.h"
#include "services/browser/control_server.h"
#include "services/browser/cookie_store.h"
#include "services/browser/gpu_client.h"
#include "services/browser/page_analysis.h"
#include "services/browser/page_history.h"
#include "services/browser/page_requests.h"
#include "services/browser/page_resources.h"
#include "services/browser/profile.h"
#include "services/browser/profile_database.h"
#include "services/browser/resource_loader.h"
#include "services/browser/service_hosts.h"
#include "services/browser/storage_client.h"
#include "services/browser/tabs.h"
#include "services/browser/web_storage.h"

namespace nexus::browser {

class ControlCommands;

struct BrowserOptions {
  std::string profile_flag;
  bool print_titles = true;      // each page's title on stdout once it loaded (--headless)
  bool exit_after_load = false;  // the URLs given at launch: exit once they loaded (or failed)
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
  bool disable_cache = false;  // --disable-cache: the network service keeps no HTTP cache
  // --storage-quota-mb: each origin's IndexedDB, Cache API and file system (localStorage has
  // its own 5 MiB).
  int64_t storage_quota_mb = 1024;
  bool disable_ai = false;     // --disable-ai: no AI process; AI features say "unavailable"
  bool ai_prelaunch = false;   // --ai-prelaunch: start the AI process with the browser
  int64_t ai_idle_timeout_ms = 60000;  // --ai-idle-timeout-s: an unused AI process ends
  std::string models_directory;  // --models-dir; default: models/ beside the executable
  std::string search_template;   // --search-url: kept in the profile's settings
  // --intent-deadline-ms: how long typed input waits for the intent model before a rule
  // decides between opening and searching.
  uint32_t intent_deadline_ms = 300;
  // What a browser serving one command leaves out (one_shot_commands.h):
  bool services_at_launch = true;  // GPU, network and storage start with it, not on demand
  bool network_at_launch = false;  // without the others: the network alone starts with it
  bool record_history = true;      // page vectors of every page shown (`nexus related`)
  bool ai_embeddings = true;       // its AI process loads the embedder (libtorch)
  bool error_pages = true;         // a failed load shows a page that says why
  // The tabs of a browser that did not shut down cleanly (killed, the machine stopped) come
  // back with their back/forward lists; --no-restore starts without them.
  bool restore_session = true;
  // The GPU process's output: a window (unless --headless), composited with GL unless
  // --disable-gpu; --window-size (0: 1280x800 for a window; headless, what leaves pages
  // Chromium's headless 800x600 viewport).
  bool window = true;
  bool disable_gpu = false;
  bool software_gl = false;  // --use-software-gl: GL on Mesa's llvmpipe too
  int window_width = 0;
  int window_height = 0;
};

class MainProcess : public process::ProcessManager::Delegate {
 public:
  explicit MainProcess(BrowserOptions options);
  ~MainProcess() override;

  // Returns false (and no error) when another instance owns the profile; then the URLs are
  // handed to it and Run() must not be called.
  Result<bool> Initialize();
  // Serves until Quit() or a signal; the exit code.
  int Run();
  void Quit(int exit_code);
  void Shutdown();

  // The parts, for the control socket's commands and for one-shot commands.
  EventLoop& loop() { return *loop_; }
  Tabs& tabs() { return *tabs_; }
  PageRequests& pages() { return *pages_; }
  PageAnalyzer& analyzer() { return *analyzer_; }
  AddressBarInput& address_bar() { return *address_bar_; }
  GpuClient* gpu() { return gpu_.get(); }
  ProfileDatabase& database() { return *database_; }
  BrowserWindow* window() { return window_.get(); }
  AiClient& ai() { return *ai_; }
  WebStorage& web_storage() { return *web_storage_; }
  ResourceLoader& loader() { return *loader_; }
  ServiceHosts& services() { return *services_; }
  CookieStore& cookies() { return *cookies_; }
  process::ProcessManager& manager() { return *manager_; }
  process::ProcessPool& pool() { return *pool_; }
  process::CrashLoopPolicy& crash_policy() { return *crash_policy_; }
  const process::ResourceLimiter& limiter() const { return limiter_; }
  int64_t started_ms() const { return started_ms_; }
  // Damaged cache entries the network service dropped (`nexus ps` shows them on main's row).
  int damaged_cache_entries() const { return damaged_cache_entries_; }
  const BrowserOptions& options() const { return options_; }
  // Called whenever a tab stops loading (loaded, failed or crashed), after main's own work.
  void AddTabObserver(std::function<void(Tab& tab)> observer) {
    tab_observers_.push_back(std::move(observer));
  }

  // ProcessManager::Delegate
  void OnProcessReady(process::ProcessHost& host) override;
  void OnMessageFromChild(process::ProcessHost& host, ipc::IncomingMessage& message) override;
  void OnProcessGone(process::ProcessHost& host) override;

 private:
  Status HandOverToRunningInstance();
  Status StartSignalHandling();
  Status StartServicesAtLaunch();
  Status ConfigureSandbox(process::ProcessManager::Options& manager_options);
  std::string ResolveModelsDirectory() const;
  // nexus:// URLs, browser-initiated only (like chrome://crash): debug_urls.cc.
  Status HandleDebugUrl(Tab& tab, const web::Url& url);
  void OnRendererMessage(process::ProcessHost& host, ipc::IncomingMessage& message);
  void OnNetworkMessage(process::ProcessHost& host, ipc::IncomingMessage& message);
  void OnTabSettled(Tab& tab);
  // The GPU process and the window (unless a one-shot command runs this browser).
  void CreateGpuClientAndWindow();
  std::vector<std::string> GpuArgs() const;
  void CheckExitAfterLoad();
  // The open tabs are saved as they change, once per turn of the loop.
  void SaveSessionSoon();
  // The last session's tabs, if it ended without shutting down; how many.
  size_t RestoreSessionAfterCrash();

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
  RequestIds request_ids_;
  std::unique_ptr<ServiceHosts> services_;
  std::unique_ptr<ResourceLoader> loader_;
  std::unique_ptr<Tabs> tabs_;
  std::unique_ptr<PageRequests> pages_;
  std::unique_ptr<PageResources> resources_;
  std::unique_ptr<AiClient> ai_;
  std::unique_ptr<StorageClient> storage_;
  std::unique_ptr<WebStorage> web_storage_;
  std::unique_ptr<PageAnalyzer> analyzer_;
  std::unique_ptr<PageHistory> history_;
  std::unique_ptr<AddressBarInput> address_bar_;
  std::unique_ptr<GpuClient> gpu_;
  std::unique_ptr<BrowserWindow> window_;
  std::unique_ptr<ControlCommands> commands_;
  std::unique_ptr<ControlServer> control_server_;
  ScopedFd signal_fd_;
  std::vector<std::function<void(Tab&)>> tab_observers_;
  std::vector<uint32_t> initial_tabs_;
  int64_t started_ms_ = 0;
  int damaged_cache_entries_ = 0;
  bool shutting_down_ = false;
  bool session_save_posted_ = false;
  int exit_code_ = 0;
};

}  // namespace nexus::browser
