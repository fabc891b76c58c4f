#include "services/browser/main_process.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <iostream>

#include "base/logging.h"
#include "base/time.h"
#include "sandbox/sandbox.h"
#include "services/browser/control_commands.h"
#include "services/browser/public/control_client.h"
#include "services/network/public/cookie_record.h"
#include "services/routes/message_routes.h"

namespace nexus::browser {

using process::ProcessHost;
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
  std::string recovered;
  ASSIGN_OR_RETURN(database_, ProfileDatabase::OpenOrRecover(profile_.database_path(), &recovered));
  if (!recovered.empty()) {
    // Told once, where the user sees it; the browser starts on the fresh database.
    LOG(Warning) << recovered;
    std::cerr << "nexus: " << recovered << "\n";
  }
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
  // The history's page vectors need the embedder: an AI process that loads libtorch.
  if (!options_.disable_ai && options_.ai_embeddings)
    manager_options.child_args.push_back("--ai-torch");
  manager_options.sandbox_paths.storage_directory = profile_.storage_directory();
  if (!options_.disable_cache)
    manager_options.child_args.push_back("--cache-dir=" + profile_.cache_directory());
  manager_options.child_args.push_back("--storage-quota-mb=" +
                                       std::to_string(options_.storage_quota_mb));
  TRY_STATUS(ConfigureSandbox(manager_options));
  manager_ = std::make_unique<process::ProcessManager>(*loop_, *this, *scheduler_, trace_.get(),
                                                       manager_options);
  monitor_ = std::make_unique<process::ProcessMonitor>(*loop_, *manager_, limiter_,
                                                       options_.monitor);
  pool_ = std::make_unique<process::ProcessPool>(*loop_, *manager_);

  services_ = std::make_unique<ServiceHosts>(*loop_, *manager_);
  if (options_.disable_ai)
    services_->Disable(ProcessType::AI, "off (--disable-ai)");  // AI features: "unavailable"
  loader_ = std::make_unique<ResourceLoader>(*manager_, *services_, request_ids_);
  Tabs::Options tab_options;
  tab_options.error_pages = options_.error_pages;
  tab_options.debug_url = [this](Tab& tab, const web::Url& url) {
    return HandleDebugUrl(tab, url);
  };
  tab_options.on_settled = [this](Tab& tab) { OnTabSettled(tab); };
  tab_options.on_closed = [this](uint32_t tab_id) {
    SaveSessionSoon();
    ai_->CancelTab(tab_id);
    if (gpu_)
      gpu_->OnTabClosed(tab_id);
    if (window_)
      window_->OnTabClosed(tab_id);
  };
  tab_options.on_session_changed = [this] { SaveSessionSoon(); };
  tab_options.on_document_gone = [this](uint64_t document_id) {
    web_storage_->OnDocumentGone(document_id);
  };
  tab_options.on_loading = [this](Tab& tab) {
    SaveSessionSoon();  // its back/forward list changed
    if (window_)
      window_->OnTabChanged(tab.id);
  };
  tab_options.before_navigation = [this](Tab& tab, ProcessHost& renderer) {
    if (gpu_)
      gpu_->BeforeNavigation(renderer, tab.id);
    if (window_)
      window_->BeforeNavigation(renderer, tab.id);
  };
  tabs_ = std::make_unique<Tabs>(*manager_, *pool_, *loader_, *cookies_, std::move(tab_options));
  pages_ = std::make_unique<PageRequests>(*loop_, *manager_, *tabs_, request_ids_);
  resources_ = std::make_unique<PageResources>(*manager_, *services_, *tabs_, *loader_, *cookies_);
  ai_ = std::make_unique<AiClient>(*loop_, *services_, request_ids_, options_.ai_idle_timeout_ms);
  storage_ = std::make_unique<StorageClient>(*loop_, *services_, request_ids_);
  web_storage_ = std::make_unique<WebStorage>(*manager_, *tabs_, *storage_,
                                              uint64_t(options_.storage_quota_mb) << 20);
  analyzer_ = std::make_unique<PageAnalyzer>(*ai_, *pages_, *loader_);
  history_ = std::make_unique<PageHistory>(*loop_, *ai_, *pages_, *database_);
  address_bar_ =
      std::make_unique<AddressBarInput>(*ai_, *tabs_, *database_, options_.intent_deadline_ms);
  commands_ = std::make_unique<ControlCommands>(*this);
  if (options_.services_at_launch)
    CreateGpuClientAndWindow();

  TRY_STATUS(StartSignalHandling());
  ASSIGN_OR_RETURN(control_server_,
                   ControlServer::Listen(*loop_, profile_.control_socket_path(),
                                         [this](auto request, auto reply, const auto& defer) {
                                           commands_->Handle(request, reply, defer);
                                         }));
  TRY_STATUS(StartServicesAtLaunch());
  int64_t now = WallClockMillis();
  if (options_.use_zygote && !crash_policy_->IsDisabled(ProcessType::ZYGOTE, now))
    TRY_STATUS(manager_->StartZygote());
  else
    pool_->WarmupPool(options_.renderer_pool);
  monitor_->Start();

  size_t restored = RestoreSessionAfterCrash();
  for (const std::string& url : options_.urls) {
    ASSIGN_OR_RETURN(uint32_t tab_id, tabs_->Open(url));
    initial_tabs_.push_back(tab_id);
  }
  if (restored)
    LOG(Warning) << "restored " << restored << " tab(s) of a session that did not shut down";
  if (window_ && !initial_tabs_.empty()) {
    window_->OnTabChanged(initial_tabs_.back());
    window_->Activate(initial_tabs_.front());
  }
  return true;
}

size_t MainProcess::RestoreSessionAfterCrash() {
  // Only a browser serving a user has a session: one-shot commands keep none.
  if (!options_.services_at_launch)
    return 0;
  bool unclean = database_->GetSetting("session_clean") == "0";
  // From now until a clean shutdown, this session is the one to restore.
  if (auto status = database_->SetSetting("session_clean", "0"); !status.ok())
    LOG(Error) << status.error().message();
  if (!unclean || !options_.restore_session)
    return 0;
  std::string damaged;
  size_t restored = 0;
  for (const SessionTab& saved : database_->LoadSession(&damaged)) {
    if (auto tab = tabs_->Restore(saved); tab.ok())
      ++restored;
    else
      LOG(Warning) << "a saved tab is not restored: " << tab.error().message();
  }
  if (!damaged.empty())
    LOG(Warning) << "the saved session: " << damaged;
  return restored;
}

void MainProcess::SaveSessionSoon() {
  if (session_save_posted_ || shutting_down_ || !options_.services_at_launch)
    return;
  session_save_posted_ = true;
  loop_->Post([this] {
    session_save_posted_ = false;
    if (auto status = database_->SaveSession(tabs_->Session()); !status.ok())
      LOG(Error) << status.error().message();
  });
}

void MainProcess::CreateGpuClientAndWindow() {
  if (options_.window_width == 0) {
    options_.window_width = options_.window ? 1280 : 800;
    options_.window_height =
        options_.window ? 800 : 600 + UiGeometry::kTabStripHeight + UiGeometry::kToolbarHeight;
  }
  services_->RunDegradedWhenDisabled(ProcessType::GPU);
  services_->SetArgs(ProcessType::GPU, [this] { return GpuArgs(); });
  GpuClient::Observers observers;
  observers.on_ready = [this](ProcessHost& gpu) {
    if (window_)
      window_->OnGpuReady(gpu);
  };
  observers.on_input = [this](gpu::schema::WindowInput::Reader input) {
    if (window_)
      window_->OnInput(input);
  };
  observers.on_ui_buffer_released = [this](uint32_t buffer) {
    if (window_)
      window_->OnUiBufferReleased(buffer);
  };
  observers.on_frame = [this](gpu::schema::FrameTiming::Reader frame) {
    ProcessHost* gpu = services_->Running(ProcessType::GPU);
    if (trace_ && gpu)
      trace_->Frame(gpu->pid, frame.getStartNs(), frame.getDurationUs(), frame.getDamagedPixels(),
                    frame.getInputLatencyUs());
  };
  gpu_ = std::make_unique<GpuClient>(*loop_, *manager_, *services_, request_ids_,
                                     std::move(observers));
  auto painter = LoadUiPainter();
  if (!painter.ok()) {
    LOG(Error) << painter.error().message() << ": no browser UI";
    return;
  }
  BrowserWindow::Actions actions;
  actions.quit = [this] { Quit(0); };
  window_ = std::make_unique<BrowserWindow>(*loop_, *tabs_, *pages_, *address_bar_, *gpu_,
                                            **painter, options_.window_width,
                                            options_.window_height, std::move(actions));
}

std::vector<std::string> MainProcess::GpuArgs() const {
  std::vector<std::string> args = {
      std::string("--gpu-output=") + (options_.window ? "window" : "headless"),
      "--gpu-size=" + std::to_string(options_.window_width) + "x" +
          std::to_string(options_.window_height)};
  // --disable-gpu, or GL crashed the process too often: software compositing.
  if (options_.disable_gpu || services_->IsDisabled(ProcessType::GPU))
    args.push_back("--disable-gpu");
  else if (options_.software_gl)
    args.push_back("--use-software-gl");
  return args;
}

Status MainProcess::StartServicesAtLaunch() {
  // Spec "Process Types": the GPU process starts after main's initialisation; network and
  // storage serve every tab; AI and audio start on demand (or with --ai-prelaunch).
  std::vector<ProcessType> types;
  if (options_.services_at_launch)
    types = {ProcessType::GPU, ProcessType::NETWORK, ProcessType::STORAGE};
  else if (options_.network_at_launch)
    types = {ProcessType::NETWORK};
  if (options_.ai_prelaunch && !options_.disable_ai)
    types.push_back(ProcessType::AI);
  int64_t now = WallClockMillis();
  for (ProcessType type : types) {
    if (crash_policy_->IsDisabled(type, now)) {
      services_->Disable(type, "after repeated crashes");
      LOG(Warning) << process::ProcessTypeName(type) << " is disabled after repeated crashes: "
                   << process::FallbackDescription(type);
      if (!services_->RunsDegraded(type))
        continue;
    }
    TRY_STATUS(services_->Ensure(type));
  }
  return OkStatus();
}

std::string MainProcess::ResolveModelsDirectory() const {
  if (!options_.models_directory.empty())
    return options_.models_directory;
  // The models the build trains sit beside the executable (build/models).
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) {
    std::string beside = std::string(exe, static_cast<size_t>(n));
    beside = beside.substr(0, beside.rfind('/') + 1) + "models";
    struct stat st {};
    if (stat(beside.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      return beside;
  }
  return profile_.models_directory();
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

Status MainProcess::ConfigureSandbox(process::ProcessManager::Options& manager_options) {
  const std::string& disabled = options_.sandbox_layer_disabled_for_testing;
  // The storage process's directory, which its sandbox (if any) confines it to.
  manager_options.child_args.push_back("--sandbox-storage-dir=" +
                                       manager_options.sandbox_paths.storage_directory);
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
  return OkStatus();
}

int MainProcess::Run() {
  loop_->Run();
  Shutdown();
  return exit_code_;
}

void MainProcess::Quit(int exit_code) {
  exit_code_ = exit_code;
  loop_->Quit();
}

void MainProcess::Shutdown() {
  if (shutting_down_ || !manager_)
    return;  // Never initialised far enough to have anything to shut down.
  shutting_down_ = true;
  if (database_ && options_.services_at_launch) {
    if (auto status = database_->SaveSession(tabs_->Session()); !status.ok())
      LOG(Error) << status.error().message();
    // A clean end: the next start begins afresh.
    if (auto status = database_->SetSetting("session_clean", "1"); !status.ok())
      LOG(Error) << status.error().message();
  }
  monitor_.reset();
  control_server_.reset();
  pool_->WarmupPool(0);
  storage_->SendEverythingBeforeShutdown();  // localStorage writes still waiting in main
  manager_->ShutdownAll(1500);
  if (trace_) {
    if (auto status = trace_->Write(); !status.ok())
      LOG(Error) << status.error().message();
  }
}

void MainProcess::OnTabSettled(Tab& tab) {
  SaveSessionSoon();
  if (window_)
    window_->OnTabChanged(tab.id);
  if (tab.state == TabState::kLoaded) {
    if (auto status = database_->AddVisit({tab.url, tab.title, WallClockMillis()}); !status.ok())
      LOG(Error) << status.error().message();
    if (options_.print_titles)
      std::cout << tab.title << std::endl;
    if (options_.record_history && !services_->IsDisabled(ProcessType::AI))
      history_->RecordVisit(tab);
  }
  uint32_t tab_id = tab.id;
  for (const auto& observer : tab_observers_) {
    if (Tab* still = tabs_->Find(tab_id))
      observer(*still);
  }
  CheckExitAfterLoad();
}

void MainProcess::CheckExitAfterLoad() {
  if (!options_.exit_after_load || initial_tabs_.empty())
    return;
  bool all_loaded = true;
  for (uint32_t id : initial_tabs_) {
    const Tab* tab = tabs_->Find(id);
    if (!tab)
      continue;
    if (tab->state == TabState::kLoading)
      return;
    all_loaded = all_loaded && tab->state == TabState::kLoaded;
  }
  Quit(all_loaded ? 0 : 1);
}

// --- ProcessManager::Delegate --------------------------------------------------------------

void MainProcess::OnProcessReady(ProcessHost& host) {
  switch (host.type()) {
    case ProcessType::ZYGOTE:
      pool_->WarmupPool(options_.renderer_pool);
      return;
    case ProcessType::RENDERER:
      if (!pool_->OnProcessReady(host))
        tabs_->OnRendererReady(host);
      return;
    case ProcessType::AI:
      (void)manager_->Activate(host.id());
      ai_->OnReady(host);
      return;
    case ProcessType::GPU:
      (void)manager_->Activate(host.id());
      if (gpu_)
        gpu_->OnGpuReady(host);
      return;
    case ProcessType::STORAGE:
      (void)manager_->Activate(host.id());
      storage_->OnReady(host);
      return;
    case ProcessType::NETWORK:
      (void)manager_->Activate(host.id());
      if (auto status = cookies_->RestoreInto(host, WallClockMillis()); !status.ok())
        LOG(Error) << "restore cookies: " << status.error().message();
      loader_->OnReady(host);  // including what was in flight when the last one crashed
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
  if (message.Is<network::schema::NetworkToBrowser>())
    return OnNetworkMessage(host, message);
  if (message.Is<ai::schema::AiToBrowser>())
    return ai_->OnAnswer(host, message);
  if (message.Is<storage::schema::StorageToBrowser>())
    return storage_->OnMessage(host, message);
  if ((message.Is<gpu::schema::GpuToBrowser>() ||
       message.Is<ipc::schema::SharedBufferReleased>()) &&
      gpu_)
    return gpu_->OnMessage(host, message);
  // The routing table lets nothing else reach main; a table and a main out of step is a bug.
  manager_->ReceivedBadMessage(host, "main has no handler for " + message.name());
}

void MainProcess::OnRendererMessage(ProcessHost& host, ipc::IncomingMessage& message) {
  using Said = renderer::schema::RendererToBrowser;
  auto said = message.Body<Said>();
  switch (said.which()) {
    case Said::NAVIGATION_COMPLETE:
      return tabs_->OnNavigationComplete(host, said.getNavigationComplete());
    case Said::OPEN_URL:
      return tabs_->OnOpenUrl(host, message);
    case Said::URL_CHANGED:
      return tabs_->OnUrlChanged(host, said.getUrlChanged());
    case Said::FOCUS_CHANGED: {
      auto changed = said.getFocusChanged();
      if (window_ && tabs_->OfRenderer(host, changed.getTabId()))
        window_->OnFocusChanged(changed.getTabId(), changed.getEditable());
      return;
    }
    case Said::FRAME_RENDERED:
      return pages_->OnFrameRendered(host, message);
    case Said::HIT_TEST_RESULT:
      return pages_->OnHitTestResult(host, message);
    case Said::PAGE_CONTENT:
      return pages_->OnPageContent(host, message);
    case Said::SCRIPT_RESULT:
      return pages_->OnScriptResult(host, message);
    case Said::CONSOLE_MESSAGE:
      return pages_->OnConsoleMessage(host, said.getConsoleMessage());
    case Said::LOAD_RESOURCE:
      return resources_->OnLoadResource(host, message);
    case Said::SET_DOCUMENT_COOKIE:
      return resources_->OnSetDocumentCookie(host, said.getSetDocumentCookie());
    case Said::OPEN_STORAGE:
      return web_storage_->OnOpen(host, message);
    case Said::WRITE_STORAGE:
      return web_storage_->OnWrite(host, message);
    case Said::INDEXED_DB:
      return web_storage_->OnIndexedDb(host, message);
    case Said::ESTIMATE_STORAGE:
      return web_storage_->OnEstimate(host, message);
    case Said::FORM_EDITED:
      return tabs_->OnFormEdited(host, said.getFormEdited());
  }
}

void MainProcess::OnNetworkMessage(ProcessHost& host, ipc::IncomingMessage& message) {
  using Said = network::schema::NetworkToBrowser;
  auto said = message.Body<Said>();
  switch (said.which()) {
    case Said::LOADED:
      return loader_->OnLoaded(host, message);
    case Said::CHUNK:
      return loader_->OnChunk(host, message);
    case Said::COOKIE_CHANGED:
      return cookies_->OnChanged(network::FromRecord(said.getCookieChanged().getCookie()),
                                 said.getCookieChanged().getRemoved());
    case Said::DAMAGED_CACHE_ENTRY:
      ++damaged_cache_entries_;
      LOG(Warning) << "network: " << std::string(said.getDamagedCacheEntry().cStr()).substr(0, 500)
                   << ": dropped";
      return;
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
  switch (host.type()) {
    case ProcessType::RENDERER:
      pages_->OnRendererGone(host.id(), "the renderer ended: " + plan.report.reason);
      if (gpu_)
        gpu_->OnRendererGone(host.id());
      tabs_->OnRendererGone(host.id(), plan.crashed, plan.report.reason);
      if (window_)
        window_->OnTabChanged(0);  // a sad tab
      return;
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
      if (!services_->OnGone(host, plan))
        return;  // an older process of the type, replaced already
      if (host.type() == ProcessType::AI)
        ai_->OnGone("unavailable: the AI process ended: " + plan.report.reason);
      if (host.type() == ProcessType::NETWORK)
        loader_->OnGone(plan);
      if (host.type() == ProcessType::STORAGE)
        storage_->OnGone("storage failed: the storage process ended: " + plan.report.reason,
                         plan.restart);
      if (host.type() == ProcessType::GPU && gpu_) {
        gpu_->OnGpuGone(plan.report.reason);
        if (window_)
          window_->OnGpuGone();
      }
      return;
  }
}

}  // namespace nexus::browser
