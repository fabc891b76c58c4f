#include "services/browser/main_process.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "base/logging.h"
#include "services/routes/message_routes.h"
#include "base/time.h"
#include "process/inspector.h"
#include "process/proc_stats.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandbox_status.h"
#include "services/browser/document_loader.h"
#include "services/browser/public/control_client.h"
#include "services/network/public/cookie_record.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessState;
using process::ProcessType;

MainProcess::MainProcess(BrowserOptions options) : options_(std::move(options)) {}

MainProcess::~MainProcess() {
  Shutdown();
}

Result<bool> MainProcess::Initialize() {
  started_ms_ = MonotonicMillis();
  ASSIGN_OR_RETURN(profile_, ResolveProfile(options_.profile_flag));
  TRY_STATUS(CreateProfileDirectories(profile_));
  ASSIGN_OR_RETURN(profile_lock_, TryLockProfile(profile_));
  if (!profile_lock_.valid()) {
    TRY_STATUS(HandOverToRunningInstance());
    return false;
  }
  for (const std::string& flag : options_.memory_limits)
    TRY_STATUS(limiter_.SetLimitFromFlag(flag));

  ASSIGN_OR_RETURN(loop_, EventLoop::Create());
  ASSIGN_OR_RETURN(database_, ProfileDatabase::Open(profile_.database_path()));
  if (!options_.search_template.empty())
    TRY_STATUS(database_->SetSetting("search_url", options_.search_template));
  cookies_ = std::make_unique<CookieStore>(*database_, WallClockMillis());
  scheduler_ = std::make_unique<process::ProcessScheduler>();
  if (!options_.trace_path.empty())
    trace_ = std::make_unique<process::TraceRecorder>(options_.trace_path);
  crash_policy_ = std::make_unique<process::CrashLoopPolicy>(options_.crash_loop, database_.get(),
                                                             WallClockMillis());
  crash_reporter_ = std::make_unique<process::CrashReporter>(profile_.crash_directory());
  crash_recovery_ = std::make_unique<process::CrashRecovery>(*crash_policy_, *crash_reporter_);

  process::ProcessManager::Options manager_options;
  manager_options.policy = &routes::MessageRoutes();
  manager_options.use_zygote = options_.use_zygote;
  manager_options.child_args = options_.child_args;
  manager_options.sandbox = options_.sandbox;
  manager_options.memory_limit_for = [this](ProcessType type) { return limiter_.LimitFor(type); };
  manager_options.sandbox_paths.models_directory = ResolveModelsDirectory();
  manager_options.child_args.push_back("--models-dir=" +
                                       manager_options.sandbox_paths.models_directory);
  // The browser records a vector for every page it shows (`nexus related`): its AI process
  // loads libtorch for the embedder. One-shot commands other than related have no use for it.
  if (!options_.disable_ai && (!options_.one_shot() || options_.related))
    manager_options.child_args.push_back("--ai-torch");
  manager_options.sandbox_paths.storage_directory = profile_.storage_directory();
  if (!options_.disable_cache)
    manager_options.child_args.push_back("--cache-dir=" + profile_.cache_directory());
  TRY_STATUS(ConfigureSandbox(manager_options));
  manager_ = std::make_unique<process::ProcessManager>(*loop_, *this, *scheduler_, trace_.get(),
                                                       manager_options);
  monitor_ = std::make_unique<process::ProcessMonitor>(*loop_, *manager_, limiter_,
                                                       options_.monitor);
  pool_ = std::make_unique<process::ProcessPool>(*loop_, *manager_);

  TRY_STATUS(StartSignalHandling());
  ASSIGN_OR_RETURN(control_server_,
                   ControlServer::Listen(*loop_, profile_.control_socket_path(),
                                         [this](auto request, auto reply, const auto& defer) {
                                           OnControlRequest(request, reply, defer);
                                         }));

  // Spec "Process Types": the GPU process starts after main's initialisation; network and
  // storage serve every tab; AI and audio start on demand. A one-page shot starts only what
  // its page needs (the network service, on demand, for data: URLs).
  int64_t now = WallClockMillis();
  std::vector<ProcessType> services_at_launch = {ProcessType::GPU, ProcessType::NETWORK,
                                                 ProcessType::STORAGE};
  if (options_.download)
    services_at_launch = {ProcessType::NETWORK};
  if (options_.ai_query)
    services_at_launch.clear();
  if (options_.analyze || options_.related) {
    if (options_.disable_ai)
      return Error("unavailable: the AI features are off (--disable-ai)");
    services_at_launch = {ProcessType::AI};  // it starts while the page loads
  }
  if (options_.shot || options_.eval) {
    services_at_launch.clear();
    int timeout_s = options_.shot ? options_.shot->timeout_s : options_.eval->timeout_s;
    loop_->PostDelayed(timeout_s * 1000ll, [this, timeout_s] {
      FinishCommand(1, std::string(options_.shot ? "the page was not painted" : "no answer") +
                           " within " + std::to_string(timeout_s) + " s");
    });
  }
  if (options_.disable_ai)
    disabled_types_[ProcessType::AI] = "off (--disable-ai)";  // AI features say "unavailable"
  else if (options_.ai_prelaunch && !options_.shot && !options_.download)
    services_at_launch.push_back(ProcessType::AI);
  for (ProcessType type : services_at_launch) {
    if (crash_policy_->IsDisabled(type, now)) {
      disabled_types_[type] = "after repeated crashes";
      LOG(Warning) << process::ProcessTypeName(type) << " is disabled after repeated crashes: "
                   << process::FallbackDescription(type);
      continue;
    }
    TRY_STATUS(EnsureService(type));
  }
  if (options_.ai_query) {
    monitor_->Start();
    if (options_.disable_ai)
      return Error("unavailable: the AI features are off (--disable-ai)");
    TRY_STATUS(EnsureService(ProcessType::AI));
    return true;  // Asked when the AI process is ready.
  }
  if (options_.download) {
    monitor_->Start();
    TRY_STATUS(StartDownload(options_.download->url, options_.download->output_path));
    return true;  // A download needs no renderer.
  }
  if (options_.use_zygote && !crash_policy_->IsDisabled(ProcessType::ZYGOTE, now))
    TRY_STATUS(manager_->StartZygote());
  else
    pool_->WarmupPool(options_.renderer_pool);
  monitor_->Start();

  for (const std::string& url : options_.urls) {
    ASSIGN_OR_RETURN(uint32_t tab_id, OpenTab(url));
    initial_tabs_.insert(tab_id);
  }
  return true;
}

Status MainProcess::HandOverToRunningInstance() {
  ASSIGN_OR_RETURN(auto client, ControlClient::Connect(profile_.control_socket_path()));
  for (const std::string& url : options_.urls) {
    capnp::MallocMessageBuilder request;
    request.initRoot<browser::schema::ControlRequest>().setOpenUrl(url);
    ASSIGN_OR_RETURN(auto reply, client.Call(request));
    auto root = reply->Root<browser::schema::ControlReply>();
    if (root.isError())
      return Error(std::string("running instance refused ") + url + ": " +
                   root.getError().cStr());
  }
  std::cerr << "nexus: handed " << options_.urls.size()
            << " URL(s) to the instance running on profile " << profile_.root << "\n";
  return OkStatus();
}

Status MainProcess::StartSignalHandling() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  if (sigprocmask(SIG_BLOCK, &signals, nullptr) != 0)
    return ErrnoError("block signals");
  signal(SIGPIPE, SIG_IGN);
  signal_fd_.reset(signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK));
  if (!signal_fd_.valid())
    return ErrnoError("signalfd");
  return loop_->Watch(signal_fd_.get(), EPOLLIN, [this](uint32_t) {
    signalfd_siginfo info;
    while (read(signal_fd_.get(), &info, sizeof(info)) == sizeof(info)) {
      LOG(Info) << "signal " << info.ssi_signo << ": shutting down";
      loop_->Quit();
    }
  });
}

int MainProcess::Run() {
  loop_->Run();
  Shutdown();
  return exit_code_;
}

void MainProcess::Shutdown() {
  if (shutting_down_ || !manager_)
    return;  // Never initialised far enough to have anything to shut down.
  shutting_down_ = true;
  std::vector<std::string> session;
  for (const auto& [id, tab] : tabs_) {
    if (!tab.url.empty() && tab.url.rfind("nexus:", 0) != 0)
      session.push_back(tab.url);
  }
  if (database_) {
    if (auto status = database_->SaveSession(session); !status.ok())
      LOG(Error) << status.error().message();
  }
  monitor_.reset();
  control_server_.reset();
  pool_->WarmupPool(0);
  manager_->ShutdownAll(1500);
  if (trace_) {
    if (auto status = trace_->Write(); !status.ok())
      LOG(Error) << status.error().message();
  }
}

// --- Tabs and navigation ---------------------------------------------------------------

Result<uint32_t> MainProcess::OpenTab(const std::string& url_or_path) {
  ASSIGN_OR_RETURN(Url url, UrlFromUserInput(url_or_path));
  uint32_t id = next_tab_id_++;
  Tab& tab = tabs_[id];
  tab.id = id;
  if (options_.shot) {
    tab.viewport_width = options_.shot->width;
    tab.viewport_height = options_.shot->height;
  }
  auto status = Navigate(id, url.spec);
  if (!status.ok()) {
    tabs_.erase(id);
    return status.error();
  }
  return id;
}

Status MainProcess::Navigate(uint32_t tab_id, const std::string& url_or_path,
                             const std::string& initiator_site, const FormPost* post) {
  auto it = tabs_.find(tab_id);
  if (it == tabs_.end())
    return Error("no tab " + std::to_string(tab_id));
  ASSIGN_OR_RETURN(Url url, UrlFromUserInput(url_or_path));
  Tab& tab = it->second;
  if (url.scheme == "nexus")
    return HandleDebugUrl(tab, url);
  if (!IsLoadableScheme(url.scheme)) {
    return Error("cannot load " + url.spec + ": scheme '" + url.scheme +
                 "' is not supported (http:, https:, file: and data: are)");
  }
  tab.history.Commit(url.spec);
  return StartLoad(tab, url, initiator_site, post);
}

Status MainProcess::GoBack(uint32_t tab_id) {
  return TraverseHistory(tab_id, /*forward=*/false);
}

Status MainProcess::GoForward(uint32_t tab_id) {
  return TraverseHistory(tab_id, /*forward=*/true);
}

Status MainProcess::TraverseHistory(uint32_t tab_id, bool forward) {
  auto it = tabs_.find(tab_id);
  if (it == tabs_.end())
    return Error("no tab " + std::to_string(tab_id));
  NavigationController& history = it->second.history;
  if (!(forward ? history.CanGoForward() : history.CanGoBack()))
    return Error("tab " + std::to_string(tab_id) + " has no " + (forward ? "later" : "earlier") +
                 " page");
  ASSIGN_OR_RETURN(Url url, ParseUrl(forward ? history.GoForward() : history.GoBack()));
  return StartLoad(it->second, url);
}

Status MainProcess::Reload(uint32_t tab_id) {
  auto it = tabs_.find(tab_id);
  if (it == tabs_.end())
    return Error("no tab " + std::to_string(tab_id));
  Tab& tab = it->second;
  if (tab.history.empty())
    return Error("tab " + std::to_string(tab_id) + " has nothing to reload");
  ASSIGN_OR_RETURN(Url url, ParseUrl(tab.history.current()));
  return StartLoad(tab, url);
}

Status MainProcess::CloseTab(uint32_t tab_id) {
  auto it = tabs_.find(tab_id);
  if (it == tabs_.end())
    return Error("no tab " + std::to_string(tab_id));
  uint32_t renderer = it->second.renderer_id;
  tabs_.erase(it);
  if (ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI)); ai && ai->alive()) {
    ipc::OutgoingMessage cancel;  // what it asked of the AI process is not wanted any more
    cancel.Init<ai::schema::BrowserToAi>().setCancelTab(tab_id);
    (void)ai->Send(cancel);
  }
  ReleaseRendererIfUnused(renderer);
  return OkStatus();
}

Status MainProcess::StartLoad(Tab& tab, const Url& url, const std::string& initiator_site,
                              const FormPost* post) {
  tab.url = url.spec;
  tab.title.clear();
  tab.error.clear();
  tab.text_length = 0;
  tab.state = TabState::kLoading;
  CancelLoadsOfTab(tab.id);  // what the page it leaves was still loading
  TRY_STATUS(AssignRenderer(tab, SiteForUrl(url)));
  if (url.scheme == "file") {
    auto document = ReadFileDocument(url);
    if (!document.ok()) {
      FailLoad(tab, document.error().message());
      return OkStatus();  // The tab shows the error, as a browser's error page would.
    }
    CommitDocument(tab, std::move(document->mime_type), std::move(document->bytes));
    return OkStatus();
  }
  // http(s) and data: are fetched by the network service.
  if (disabled_types_.count(ProcessType::NETWORK)) {
    FailLoad(tab, "network service unavailable after repeated crashes");
    return OkStatus();
  }
  TRY_STATUS(EnsureService(ProcessType::NETWORK));
  PendingLoad load;
  load.tab_id = tab.id;
  load.url = url.spec;
  load.site_for_cookies = initiator_site;
  if (post) {
    load.method = "POST";
    load.request_body = post->body;
    load.request_headers = {{"Content-Type", post->content_type}};
  }
  network_loads_[next_request_id_++] = std::move(load);
  SendPendingLoads();
  return OkStatus();
}

void MainProcess::FailNetworkLoads(const std::string& why, int attempts_at_least) {
  std::vector<std::pair<uint64_t, PendingLoad>> failed;
  for (auto it = network_loads_.begin(); it != network_loads_.end();) {
    if (it->second.attempts >= attempts_at_least) {
      failed.emplace_back(it->first, std::move(it->second));
      it = network_loads_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [request_id, load] : failed) {
    if (load.kind == network::schema::ResourceKind::DOWNLOAD)
      FinishDownload(request_id, Error(why + ": " + load.url.substr(0, 200)));
    else if (load.for_renderer)
      AnswerSubresource(load.for_renderer, load.renderer_request_id, load.tab_id, load.url,
                        Error(why + ": " + load.url.substr(0, 200)));
    else if (auto tab = tabs_.find(load.tab_id); tab != tabs_.end() && tab->second.url == load.url)
      FailLoad(tab->second, why + ": " + load.url.substr(0, 200));
  }
}

void MainProcess::CancelLoadsOfTab(uint32_t tab_id) {
  for (auto it = network_loads_.begin(); it != network_loads_.end();) {
    if (it->second.tab_id != tab_id) {
      ++it;
      continue;
    }
    CancelAtNetwork(it->first, it->second.sent_to);
    it = network_loads_.erase(it);
  }
}

void MainProcess::SendPendingLoads() {
  ProcessHost* network = manager_->Find(ServiceId(ProcessType::NETWORK));
  if (!network || network->state() == ProcessState::kCreated || !network->alive())
    return;  // Sent when it is ready.
  for (auto& [request_id, load] : network_loads_) {
    if (load.sent_to == network->id())
      continue;  // In flight there already.
    ipc::OutgoingMessage message;
    auto body = message.Init<network::schema::BrowserToNetwork>().initLoad();
    body.setUrl(load.url);
    body.setKind(load.kind);
    body.setSiteForCookies(load.site_for_cookies);
    body.setMethod(load.method);
    body.setOmitCookies(load.omit_cookies);
    auto headers = body.initHeaders(static_cast<unsigned>(load.request_headers.size()));
    for (size_t i = 0; i < load.request_headers.size(); ++i) {
      headers[i].setName(load.request_headers[i].first);
      headers[i].setValue(load.request_headers[i].second);
    }
    if (auto status = message.SetPayload(body.initBody(), load.request_body); !status.ok()) {
      LOG(Error) << "request body of " << load.url.substr(0, 200) << ": " << status.error().message();
      continue;
    }
    load.body.clear();  // a retry starts the body again
    if (auto download = downloads_.find(request_id); download != downloads_.end())
      download->second.Restart();
    if (network->Send(message, request_id).ok()) {
      load.sent_to = network->id();
      ++load.attempts;
    }
  }
}

void MainProcess::CommitDocument(Tab& tab, std::string mime_type, std::string bytes) {
  tab.pending_mime_type = std::move(mime_type);
  tab.pending_document = std::move(bytes);
  tab.navigation_pending = true;
  SendNavigation(tab);
}

Status MainProcess::AssignRenderer(Tab& tab, const std::string& site) {
  ProcessHost* current = manager_->Find(tab.renderer_id);
  if (current && current->alive() && !current->died && current->site == site) {
    tab.site = site;
    return OkStatus();  // Same site: the renderer stays.
  }
  uint32_t previous = tab.renderer_id;
  uint32_t renderer_id = 0;
  auto existing = site_renderers_.find(site);
  ProcessHost* candidate = existing != site_renderers_.end() ? manager_->Find(existing->second)
                                                             : nullptr;
  if (candidate && candidate->alive() && !candidate->died) {
    renderer_id = candidate->id();
  } else {
    ASSIGN_OR_RETURN(renderer_id, pool_->AcquireRenderer());
    site_renderers_[site] = renderer_id;
    if (ProcessHost* host = manager_->Find(renderer_id))
      host->site = site;
  }
  tab.renderer_id = renderer_id;
  tab.site = site;
  if (previous && previous != renderer_id)
    ReleaseRendererIfUnused(previous);
  return OkStatus();
}

void MainProcess::ReleaseRendererIfUnused(uint32_t renderer_id) {
  for (const auto& [id, tab] : tabs_) {
    if (tab.renderer_id == renderer_id)
      return;
  }
  ProcessHost* host = manager_->Find(renderer_id);
  if (!host || !host->alive())
    return;
  std::erase_if(site_renderers_, [&](const auto& entry) { return entry.second == renderer_id; });
  if (host->state() == ProcessState::kActive || host->state() == ProcessState::kSuspended) {
    if (auto status = pool_->ReleaseRenderer(renderer_id); status.ok())
      return;
  }
  manager_->Shutdown(renderer_id);
}

void MainProcess::SendNavigation(Tab& tab) {
  ProcessHost* renderer = manager_->Find(tab.renderer_id);
  if (!renderer || !renderer->alive() || renderer->died)
    return;
  if (renderer->state() == ProcessState::kCreated)
    return;  // OnProcessReady sends it.
  if (renderer->state() == ProcessState::kReady || renderer->state() == ProcessState::kIdle)
    (void)manager_->Activate(renderer->id());
  ipc::OutgoingMessage message;
  auto body = message.Init<renderer::schema::BrowserToRenderer>().initNavigate();
  body.setTabId(tab.id);
  body.setUrl(tab.url);
  body.setMimeType(tab.pending_mime_type);
  body.setViewportWidth(tab.viewport_width);
  body.setViewportHeight(tab.viewport_height);
  if (auto url = ParseUrl(tab.url); url.ok())
    body.setCookies(cookies_->DocumentCookie(*url, WallClockMillis()));
  if (auto status = message.SetPayload(body.initDocument(), tab.pending_document); !status.ok()) {
    FailLoad(tab, status.error().message());
    return;
  }
  if (auto status = renderer->Send(message); !status.ok()) {
    FailLoad(tab, status.error().message());
    return;
  }
  renderer->url = tab.url;
  tab.navigation_pending = false;
  tab.pending_document.clear();
}

void MainProcess::FailLoad(Tab& tab, const std::string& error) {
  bool first_failure = tab.state != TabState::kError;
  tab.state = TabState::kError;
  tab.error = error;
  tab.navigation_pending = false;
  std::cerr << "nexus: " << error << "\n";
  // The tab shows a page that says what went wrong, as a browser's error page does (not for
  // a shot, which reports the error and exits, nor if that page itself failed).
  if (first_failure && !options_.one_shot()) {
    tab.pending_document = ErrorPageHtml(tab.url, error);
    tab.pending_mime_type = "text/html";
    tab.navigation_pending = true;
    SendNavigation(tab);
  }
  CheckExitAfterLoad();
}

void MainProcess::OnNavigationComplete(ProcessHost& host,
                                       renderer::schema::NavigationComplete::Reader complete) {
  auto it = tabs_.find(complete.getTabId());
  // A renderer only speaks for the tabs it hosts, about the document it was sent.
  if (it == tabs_.end() || it->second.renderer_id != host.id() ||
      it->second.url != complete.getUrl().cStr())
    return;
  Tab& tab = it->second;
  if (tab.state == TabState::kError) {
    tab.title = complete.getTitle();  // The error page is up; the tab stays in error.
    return;
  }
  if (complete.getError().size() > 0) {
    FailLoad(tab, complete.getError());
    return;
  }
  tab.state = TabState::kLoaded;
  tab.title = complete.getTitle();
  tab.text_length = complete.getTextLength();
  if (options_.shot) {
    AfterDelayOnSamePage(tab, options_.shot->wait_ms, [this](Tab& same) { RequestShotFrame(same); });
    return;
  }
  if (options_.related) {
    if (auto status = RequestPageContent(tab); !status.ok())
      FinishCommand(1, status.error().message());
    return;
  }
  if (options_.eval) {
    AfterDelayOnSamePage(tab, options_.eval->wait_ms, [this](Tab& same) { SendEvaluation(same); });
    return;
  }
  if (options_.analyze) {
    StartAnalysis(tab, [this](Result<nlohmann::json> analysis) {
      if (!analysis.ok())
        return FinishCommand(1, analysis.error().message());
      std::cout << (options_.analyze->json ? analysis->dump(2) + "\n" : FormatAnalysis(*analysis))
                << std::flush;
      FinishCommand(0, "");
    });
    return;
  }
  PrintTitle(tab);
  RecordVisit(tab);
  CheckExitAfterLoad();
}

void MainProcess::AfterDelayOnSamePage(const Tab& tab, int delay_ms,
                                       std::function<void(Tab&)> then) {
  if (delay_ms <= 0) {
    then(tabs_.at(tab.id));
    return;
  }
  loop_->PostDelayed(delay_ms, [this, id = tab.id, url = tab.url, then = std::move(then)] {
    auto it = tabs_.find(id);
    if (it != tabs_.end() && it->second.url == url && it->second.state == TabState::kLoaded)
      then(it->second);
  });
}

Tab* MainProcess::TabOfRenderer(ProcessHost& host, uint32_t tab_id) {
  auto it = tabs_.find(tab_id);
  if (it == tabs_.end() || it->second.renderer_id != host.id())
    return nullptr;
  return &it->second;
}

void MainProcess::PrintTitle(const Tab& tab) {
  if (!options_.headless)
    return;
  std::cout << tab.title << std::endl;
}

void MainProcess::CheckExitAfterLoad() {
  if (!options_.exit_after_load || initial_tabs_.empty())
    return;
  bool all_loaded = true;
  for (uint32_t id : initial_tabs_) {
    auto it = tabs_.find(id);
    if (it == tabs_.end())
      continue;
    if (it->second.state == TabState::kLoading)
      return;
    all_loaded = all_loaded && it->second.state == TabState::kLoaded;
  }
  if (options_.one_shot()) {
    if (!all_loaded)
      FinishCommand(1, "");  // FailLoad or the crash already said why
    return;  // Loaded: done when the frame is written or the page analysed.
  }
  exit_code_ = all_loaded ? 0 : 1;
  loop_->Quit();
}

// --- Debug URLs (browser-initiated only, like chrome://crash) ----------------------------

Status MainProcess::HandleDebugUrl(Tab& tab, const Url& url) {
  using Kind = ipc::schema::DebugActionKind;
  std::string target = QueryValue(url.query, "process");
  ProcessType type = ProcessType::RENDERER;
  if (!target.empty()) {
    auto parsed = process::ParseProcessType(target);
    if (!parsed || *parsed == ProcessType::BROWSER)
      return Error(url.spec + ": no child process type '" + target + "'");
    type = *parsed;
  }
  if (url.host == "start") {
    if (type == ProcessType::RENDERER || type == ProcessType::ZYGOTE)
      return Error(url.spec + ": renderers start with tabs");
    return EnsureService(type);
  }
  Kind kind;
  if (url.host == "crash")
    kind = Kind::CRASH;
  else if (url.host == "hang")
    kind = Kind::HANG;
  else if (url.host == "allocate")
    kind = Kind::ALLOCATE;
  else if (url.host == "garbage-ipc")
    kind = Kind::SEND_GARBAGE;
  else if (url.host == "forbidden-ipc")
    kind = Kind::SEND_FORBIDDEN_MESSAGE;
  else if (url.host == "blocked-syscall")
    kind = Kind::BLOCKED_SYSCALL;
  else if (url.host == "forge-ipc")
    kind = Kind::FORGE_MESSAGE;
  else
    return Error("unknown debug URL " + url.spec +
                 " (crash, hang, allocate, garbage-ipc, forbidden-ipc, blocked-syscall, "
                 "forge-ipc, start)");
  uint32_t target_id = type == ProcessType::RENDERER ? tab.renderer_id : 0;
  if (type == ProcessType::ZYGOTE) {
    for (ProcessHost* host : manager_->Hosts()) {
      if (host->type() == ProcessType::ZYGOTE && host->alive())
        target_id = host->id();
    }
  } else if (type != ProcessType::RENDERER) {
    target_id = ServiceId(type);
  }
  ProcessHost* host = manager_->Find(target_id);
  if (!host || !host->alive())
    return Error(url.spec + ": no running " + std::string(process::ProcessTypeName(type)) +
                 " process");
  ipc::OutgoingMessage message;
  auto action = message.Init<ipc::schema::BrowserToChild>().initDebugAction();
  action.setKind(kind);
  uint32_t megabytes = 0;
  if (kind == Kind::ALLOCATE) {
    std::string mb = QueryValue(url.query, "mb");
    megabytes = mb.empty() ? 0 : static_cast<uint32_t>(std::strtoul(mb.c_str(), nullptr, 10));
    if (megabytes == 0 || megabytes > 64 * 1024)
      return Error(url.spec + ": allocate needs mb=1..65536");
  }
  action.setMegabytes(megabytes);
  if (kind == Kind::FORGE_MESSAGE) {
    // nexus://forge-ipc?message=NAME&to=TYPE&url=URL: the process acts as a compromised one
    // and writes NAME, addressed to the running service of TYPE (main when absent), about URL.
    // What must follow is its death, and nothing else (tests/integration/forged_ipc_test.cc).
    action.setForgery(QueryValue(url.query, "message"));
    action.setForgeryUrl(QueryValue(url.query, "url"));
    std::string to = QueryValue(url.query, "to");
    if (!to.empty() && to != "browser") {
      auto recipient_type = process::ParseProcessType(to);
      ProcessHost* recipient = recipient_type ? manager_->Find(ServiceId(*recipient_type)) : nullptr;
      if (!recipient || !recipient->alive())
        return Error(url.spec + ": forge-ipc needs to=TYPE of a running service");
      action.setForgeryRecipient(recipient->id());
    }
  }
  return host->Send(message);
}

// --- Services --------------------------------------------------------------------------

uint32_t MainProcess::ServiceId(ProcessType type) const {
  auto it = services_.find(type);
  return it == services_.end() ? 0 : it->second;
}

void MainProcess::FillSandboxStatus(browser::schema::ControlReply::Builder reply) {
  std::vector<ProcessHost*> hosts;
  for (ProcessHost* host : manager_->Hosts()) {
    // A process still starting has not said what its sandbox is (PROCESS_READY) yet.
    if (host->alive() && host->pid > 0 && host->state() != ProcessState::kCreated)
      hosts.push_back(host);
  }
  auto list = reply.initSandbox(static_cast<unsigned>(hosts.size()));
  for (size_t i = 0; i < hosts.size(); ++i) {
    ProcessHost& host = *hosts[i];
    auto out = list[static_cast<unsigned>(i)];
    out.setProcessId(host.id());
    out.setType(host.type());
    out.setPid(host.pid);
    const auto& reported = host.reported_sandbox;
    auto missing = out.initMissing(static_cast<unsigned>(reported.missing_layers.size()));
    for (size_t m = 0; m < reported.missing_layers.size(); ++m)
      missing.set(static_cast<unsigned>(m), reported.missing_layers[m]);
    auto live = sandbox::ReadLiveSandbox(host.pid);
    if (!live.ok())
      continue;  // Gone since the list was made: no layers to show.
    auto layers = sandbox::DescribeLayers(*live, host.sandbox_config().allow_network,
                                          reported.landlock_abi, reported.file_probe_denied);
    auto out_layers = out.initLayers(static_cast<unsigned>(layers.size()));
    for (size_t l = 0; l < layers.size(); ++l) {
      auto layer = out_layers[static_cast<unsigned>(l)];
      layer.setName(layers[l].name);
      layer.setActive(layers[l].active);
      layer.setDetail(layers[l].detail);
    }
  }
}

Status MainProcess::ConfigureSandbox(process::ProcessManager::Options& manager_options) {
  const std::string& disabled = options_.sandbox_layer_disabled_for_testing;
  if (!options_.sandbox) {
    manager_options.child_args.push_back("--no-sandbox");
    return OkStatus();
  }
  if (options_.require_sandbox) {
    std::vector<std::string> missing = sandbox::MissingSandboxLayers(disabled);
    if (!missing.empty())
      return Error("--require-sandbox: sandbox layer " + missing.front());
    manager_options.child_args.push_back("--require-sandbox");
  }
  if (!disabled.empty())
    manager_options.child_args.push_back("--disable-sandbox-layer-for-testing=" + disabled);
  manager_options.child_args.push_back("--sandbox-models-dir=" +
                                       manager_options.sandbox_paths.models_directory);
  manager_options.child_args.push_back("--sandbox-storage-dir=" +
                                       manager_options.sandbox_paths.storage_directory);
  return OkStatus();
}

Status MainProcess::EnsureService(ProcessType type) {
  if (disabled_types_.count(type))
    return Error(std::string(process::ProcessTypeName(type)) + " is disabled: " +
                 std::string(process::FallbackDescription(type)));
  ProcessHost* host = manager_->Find(ServiceId(type));
  if (host && host->alive() && !host->died)
    return OkStatus();
  ASSIGN_OR_RETURN(uint32_t id, manager_->CreateProcess(type, {}));
  services_[type] = id;
  return OkStatus();
}

// --- ProcessManager::Delegate --------------------------------------------------------------

void MainProcess::OnProcessReady(ProcessHost& host) {
  switch (host.type()) {
    case ProcessType::ZYGOTE:
      pool_->WarmupPool(options_.renderer_pool);
      return;
    case ProcessType::RENDERER:
      if (pool_->OnProcessReady(host))
        return;
      for (auto& [id, tab] : tabs_) {
        if (tab.renderer_id == host.id() && tab.navigation_pending)
          SendNavigation(tab);
      }
      return;
    case ProcessType::AI:
      (void)manager_->Activate(host.id());
      ai_last_used_ms_ = MonotonicMillis();
      ScheduleAiIdleCheck();
      SendAiQuery();
      SendAnalysisRequestsOfAllJobs();
      SendRelatedRequest();
      SendVisitEmbeddings();
      return;
    case ProcessType::NETWORK:
      (void)manager_->Activate(host.id());
      if (auto status = cookies_->RestoreInto(host, WallClockMillis()); !status.ok())
        LOG(Error) << "restore cookies: " << status.error().message();
      SendPendingLoads();  // Including those in flight when the last one crashed.
      return;
    default:
      (void)manager_->Activate(host.id());
      return;
  }
}

void MainProcess::OnMessageFromChild(ProcessHost& host, ipc::IncomingMessage& message) {
  // ProcessManager let through only the interface of the sender's own type (routes/): a
  // renderer's messages are RendererToBrowser, the network service's NetworkToBrowser.
  if (message.Is<renderer::schema::RendererToBrowser>())
    return OnRendererMessage(host, message);
  if (message.Is<network::schema::NetworkToBrowser>()) {
    auto said = message.Body<network::schema::NetworkToBrowser>();
    switch (said.which()) {
      case network::schema::NetworkToBrowser::LOADED:
        return OnResourceLoaded(host, message);
      case network::schema::NetworkToBrowser::CHUNK:
        return OnResourceChunk(host, message);
      case network::schema::NetworkToBrowser::COOKIE_CHANGED:
        return cookies_->OnChanged(network::FromRecord(said.getCookieChanged().getCookie()),
                                   said.getCookieChanged().getRemoved());
    }
    return;
  }
  if (message.Is<ai::schema::AiToBrowser>())
    return OnAiResult(host, message);
  // The routing table lets nothing else reach main; a table and a main out of step is a bug.
  manager_->ReceivedBadMessage(host, "main has no handler for " + message.name());
}

void MainProcess::OnRendererMessage(ProcessHost& host, ipc::IncomingMessage& message) {
  using Said = renderer::schema::RendererToBrowser;
  auto said = message.Body<Said>();
  switch (said.which()) {
    case Said::NAVIGATION_COMPLETE:
      return OnNavigationComplete(host, said.getNavigationComplete());
    case Said::FRAME_RENDERED:
      return OnFrameRendered(host, message);
    case Said::HIT_TEST_RESULT:
      return OnHitTestResult(host, message);
    case Said::OPEN_URL:
      return OnOpenUrl(host, message);
    case Said::PAGE_CONTENT:
      return OnPageContent(host, message);
    case Said::SCRIPT_RESULT:
      return OnScriptResult(host, message);
    case Said::CONSOLE_MESSAGE:
      return OnConsoleMessage(host, said.getConsoleMessage());
    case Said::LOAD_RESOURCE:
      return OnSubresourceRequest(host, message);
    case Said::SET_DOCUMENT_COOKIE:
      return OnSetDocumentCookie(host, said.getSetDocumentCookie());
    case Said::URL_CHANGED:
      return OnUrlChanged(host, said.getUrlChanged());
  }
}

void MainProcess::OnProcessGone(ProcessHost& host) {
  pool_->OnProcessGone(host.id());
  if (shutting_down_)
    return;
  auto plan = crash_recovery_->HandleProcessGone(host, MonotonicMillis(), WallClockMillis());
  if (plan.crashed) {
    LOG(Warning) << process::ProcessTypeName(host.type()) << " " << host.id() << " (pid "
                 << host.pid << ") ended: " << plan.report.reason << "; "
                 << plan.report.recovery;
  }
  ProcessType type = host.type();
  uint32_t id = host.id();
  switch (type) {
    case ProcessType::RENDERER: {
      FailRequestsOf(id, "the renderer ended: " + plan.report.reason);
      std::erase_if(site_renderers_, [&](const auto& entry) { return entry.second == id; });
      for (auto& [tab_id, tab] : tabs_) {
        if (tab.renderer_id != id)
          continue;
        tab.renderer_id = 0;
        if (plan.crashed) {
          tab.state = TabState::kCrashed;  // The sad tab; Reload() starts a new renderer.
          tab.error = plan.report.reason;
          std::cerr << "nexus: tab " << tab_id << " crashed: " << plan.report.reason << "\n";
        }
      }
      CheckExitAfterLoad();
      return;
    }
    case ProcessType::ZYGOTE:
      if (plan.disabled || !plan.crashed) {
        pool_->WarmupPool(options_.renderer_pool);  // by exec from now on
        return;
      }
      loop_->PostDelayed(plan.restart_delay_ms, [this] {
        if (auto status = manager_->StartZygote(); !status.ok())
          LOG(Error) << status.error().message();
      });
      return;
    default:
      if (ServiceId(type) == id)
        services_.erase(type);
      if (type == ProcessType::AI) {
        visits_embedding_.clear();  // those pages go without a vector
        FailAnalyses("unavailable: the AI process ended: " + plan.report.reason);
        while (!typed_inputs_.empty())  // the rule decides what the model did not
          FinishAddressBarInput(typed_inputs_.begin()->first, std::nullopt);
        if (options_.ai_query || options_.related)
          FinishCommand(1, "unavailable: the AI process ended: " + plan.report.reason);
      }
      if (type == ProcessType::NETWORK) {
        // Loads are GETs, idempotent: each is retried once on the restarted service. Those
        // that were in flight twice, or all of them when the service is disabled, fail.
        FailNetworkLoads(plan.disabled
                             ? "network service unavailable after repeated crashes"
                             : "the network service crashed twice while loading it",
                         plan.disabled ? 0 : kMaxLoadAttempts);
      }
      if (plan.disabled) {
        disabled_types_[type] = "after repeated crashes";
        return;
      }
      if (plan.restart) {
        loop_->PostDelayed(plan.restart_delay_ms, [this, type] {
          if (auto status = EnsureService(type); !status.ok())
            LOG(Error) << "restart " << process::ProcessTypeName(type) << ": "
                       << status.error().message();
        });
      }
      return;
  }
}

// --- Control socket ----------------------------------------------------------------------

void MainProcess::OnControlRequest(browser::schema::ControlRequest::Reader request,
                                   browser::schema::ControlReply::Builder reply,
                                   const std::function<ControlServer::Responder()>& defer) {
  using Request = browser::schema::ControlRequest;
  auto fail = [&](const Error& error) { reply.setError(error.message()); };
  switch (request.which()) {
    case Request::LIST_PROCESSES: {
      int64_t now_ns = MonotonicNanos();
      if (auto cpu = process::ReadCpuTimeNanos(getpid()); cpu.ok()) {
        if (cpu_sample_ns_ >= 0 && now_ns > cpu_sample_at_ns_)
          cpu_percent_ = 100.0 * (*cpu - cpu_sample_ns_) / (now_ns - cpu_sample_at_ns_);
        cpu_sample_ns_ = *cpu;
        cpu_sample_at_ns_ = now_ns;
      }
      auto records = process::CollectProcessStats(*manager_, limiter_, started_ms_, cpu_percent_);
      for (const auto& [type, why] : disabled_types_) {
        // A type main will not start shows as a row of its own, saying why (spec: the AI
        // process's state shows in the inspector).
        process::ProcessStatsRecord disabled;
        disabled.type = type;
        disabled.parent_id = 0;
        disabled.state = "disabled";
        disabled.priority = "-";
        disabled.site = std::string(process::FallbackDescription(type)) + ": " + why;
        records.push_back(std::move(disabled));
      }
      auto list = reply.initProcesses(static_cast<unsigned>(records.size()));
      for (size_t i = 0; i < records.size(); ++i)
        process::ToCapnp(records[i], list[static_cast<unsigned>(i)]);
      return;
    }
    case Request::LIST_TABS: {
      auto list = reply.initTabs(static_cast<unsigned>(tabs_.size()));
      unsigned i = 0;
      for (const auto& [id, tab] : tabs_) {
        auto out = list[i++];
        out.setTabId(id);
        out.setUrl(tab.url);
        out.setTitle(tab.title);
        out.setState(std::string(TabStateName(tab.state)));
        out.setRendererId(tab.renderer_id);
        out.setCrashReason(tab.error);
        out.setTextLength(tab.text_length);
      }
      return;
    }
    case Request::OPEN_URL: {
      auto id = OpenTab(request.getOpenUrl());
      if (id.ok())
        reply.setOpenedTab(*id);
      else
        fail(id.error());
      return;
    }
    case Request::NAVIGATE: {
      auto status = Navigate(request.getNavigate().getTabId(), request.getNavigate().getUrl());
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::RELOAD: {
      auto status = Reload(request.getReload());
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::CLOSE_TAB: {
      auto status = CloseTab(request.getCloseTab());
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::SUSPEND: {
      auto status = manager_->Suspend(request.getSuspend());
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::RESUME: {
      auto status = manager_->Resume(request.getResume());
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::RELEASE_TO_POOL: {
      uint32_t id = request.getReleaseToPool();
      for (const auto& [tab_id, tab] : tabs_) {
        if (tab.renderer_id == id) {
          fail(Error("renderer " + std::to_string(id) + " still hosts tab " +
                     std::to_string(tab_id)));
          return;
        }
      }
      std::erase_if(site_renderers_, [&](const auto& entry) { return entry.second == id; });
      auto status = pool_->ReleaseRenderer(id);
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::SANDBOX_STATUS:
      FillSandboxStatus(reply);
      return;
    case Request::HIT_TEST: {
      auto point = request.getHitTest();
      StartHitTest(point.getTabId(), point.getX(), point.getY(), defer());
      return;
    }
    case Request::CLICK: {
      auto point = request.getClick();
      auto status = Click(point.getTabId(), point.getX(), point.getY());
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::TYPE_TEXT:
    case Request::PRESS_KEY: {
      bool typing = request.which() == Request::TYPE_TEXT;
      auto status = typing ? PressKeys(request.getTypeText().getTabId(),
                                       SplitCharacters(request.getTypeText().getText().cStr()))
                           : PressKeys(request.getPressKey().getTabId(),
                                       {std::string(request.getPressKey().getKey())});
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::GO_BACK: {
      auto status = GoBack(request.getGoBack());
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::SCREENSHOT: {
      auto shot = request.getScreenshot();
      StartScreenshot(shot.getTabId(), shot.getPath(), shot.getFullPage(), defer());
      return;
    }
    case Request::ANALYZE_TAB: {
      auto tab = tabs_.find(request.getAnalyzeTab());
      if (tab == tabs_.end() || tab->second.state != TabState::kLoaded) {
        fail(Error("tab " + std::to_string(request.getAnalyzeTab()) + " shows no loaded page"));
        return;
      }
      StartAnalysis(tab->second, [respond = defer()](Result<nlohmann::json> analysis) {
        respond([&](browser::schema::ControlReply::Builder reply) {
          analysis.ok() ? reply.setText(analysis->dump()) : reply.setError(analysis.error().message());
        });
      });
      return;
    }
    case Request::ADDRESS_BAR_INPUT:
      OnAddressBarInput(request.getAddressBarInput().getTabId(),
                        request.getAddressBarInput().getText(), defer());
      return;
    case Request::DOCUMENT_COOKIE: {
      auto tab = tabs_.find(request.getDocumentCookie());
      if (tab == tabs_.end()) {
        fail(Error("no tab " + std::to_string(request.getDocumentCookie())));
        return;
      }
      auto url = ParseUrl(tab->second.url);
      reply.setText(url.ok() ? cookies_->DocumentCookie(*url, WallClockMillis()) : "");
      return;
    }
    case Request::GO_FORWARD: {
      auto status = GoForward(request.getGoForward());
      status.ok() ? reply.setOk() : fail(status.error());
      return;
    }
    case Request::CRASH_COUNTS: {
      if (request.getCrashCounts()) {
        crash_policy_->Reset();
        std::erase_if(disabled_types_, [&](const auto& entry) {
          return !(entry.first == ProcessType::AI && options_.disable_ai);  // a flag, no crash
        });
      }
      int64_t now = WallClockMillis();
      auto list = reply.initCrashCounts(static_cast<unsigned>(std::size(process::kAllProcessTypes) - 1));
      unsigned i = 0;
      for (ProcessType type : process::kAllProcessTypes) {
        if (type == ProcessType::BROWSER)
          continue;
        auto out = list[i++];
        out.setType(type);
        out.setRecentCrashes(static_cast<uint32_t>(crash_policy_->CrashesInWindow(type, now)));
        out.setDisabled(disabled_types_.count(type) > 0);
      }
      return;
    }
    case Request::QUIT:
      reply.setOk();
      loop_->Quit();
      return;
  }
  reply.setError("unknown control request");
}

}  // namespace nexus::browser
