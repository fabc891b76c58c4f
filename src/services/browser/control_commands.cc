#include "services/browser/control_commands.h"

#include <unistd.h>

#include <cstdio>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "base/time.h"
#include "process/inspector.h"
#include "process/proc_stats.h"
#include "sandbox/sandbox_status.h"
#include "services/browser/address_bar.h"
#include "services/browser/main_process.h"
#include "services/browser/user_settings.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;
using Reply = browser::schema::ControlReply::Builder;

namespace {

// A Responder's reply from a Status: ok, or the error.
void Settle(const ControlServer::Responder& respond, const Status& status) {
  respond(
      [&](Reply reply) { status.ok() ? reply.setOk() : reply.setError(status.error().message()); });
}

// The GPU process's row: its backend, and how many frames it drew how fast.
std::string DescribeGpuOutput(const GpuOutput& output) {
  if (!output.started)
    return "starting";
  char line[512];
  std::snprintf(line, sizeof(line), "%s %s, %llu frames, last %.2f ms, mean %.2f ms",
                output.gpu ? "gl:" : "", output.backend.c_str(),
                static_cast<unsigned long long>(output.frames), output.last_frame_us / 1000.0,
                output.average_frame_us / 1000.0);
  std::string text = line[0] == ' ' ? line + 1 : line;
  if (!output.window_system.empty())
    text += ", window on " + output.window_system;
  else
    text += ", headless";
  if (!output.gl_error.empty())
    text += " (no GL: " + output.gl_error + ")";
  return text;
}

}  // namespace

void ControlCommands::Handle(browser::schema::ControlRequest::Reader request,
                             Reply reply,
                             const std::function<ControlServer::Responder()>& defer) {
  using Request = browser::schema::ControlRequest;
  auto settle = [&](const Status& status) {
    status.ok() ? reply.setOk() : reply.setError(status.error().message());
  };
  Tabs& tabs = browser_.tabs();
  PageRequests& pages = browser_.pages();
  switch (request.which()) {
    case Request::LIST_PROCESSES:
      return ListProcesses(reply);
    case Request::LIST_TABS:
      return ListTabs(reply);
    case Request::OPEN_URL: {
      auto id = tabs.Open(request.getOpenUrl());
      id.ok() ? reply.setOpenedTab(*id) : reply.setError(id.error().message());
      return;
    }
    case Request::NAVIGATE:
      return settle(
          tabs.Navigate(request.getNavigate().getTabId(), request.getNavigate().getUrl()));
    case Request::RELOAD:
      return settle(tabs.Reload(request.getReload()));
    case Request::CLOSE_TAB:
      return settle(tabs.Close(request.getCloseTab()));
    case Request::GO_BACK:
      return settle(tabs.GoBack(request.getGoBack()));
    case Request::GO_FORWARD:
      return settle(tabs.GoForward(request.getGoForward()));
    case Request::SUSPEND:
      return settle(browser_.manager().Suspend(request.getSuspend()));
    case Request::RESUME:
      return settle(browser_.manager().Resume(request.getResume()));
    case Request::RELEASE_TO_POOL: {
      uint32_t id = request.getReleaseToPool();
      Status unused = tabs.CheckUnused(id);
      if (!unused.ok())
        return settle(unused);
      tabs.ForgetRenderer(id);
      return settle(browser_.pool().ReleaseRenderer(id));
    }
    case Request::SANDBOX_STATUS:
      return ListSandboxes(reply);
    case Request::HIT_TEST: {
      auto point = request.getHitTest();
      pages.HitTest(point.getTabId(), point.getX(), point.getY(),
                    [respond = defer()](Result<renderer::schema::HitTestResult::Reader> hit) {
                      respond([&](Reply reply) {
                        hit.ok() ? reply.setHitTest(*hit) : reply.setError(hit.error().message());
                      });
                    });
      return;
    }
    case Request::CLICK: {
      auto point = request.getClick();
      return settle(pages.Click(point.getTabId(), point.getX(), point.getY()));
    }
    case Request::TYPE_TEXT:
      return settle(pages.PressKeys(request.getTypeText().getTabId(),
                                    SplitCharacters(request.getTypeText().getText().cStr())));
    case Request::PRESS_KEY:
      return settle(pages.PressKeys(request.getPressKey().getTabId(),
                                    {std::string(request.getPressKey().getKey())}));
    case Request::SCREENSHOT: {
      auto shot = request.getScreenshot();
      if (shot.getTabId() == 0)
        return ScreenshotWindow(shot.getPath(), defer());
      pages.Screenshot(shot.getTabId(), shot.getPath(), shot.getFullPage(),
                       [respond = defer()](Status status) { Settle(respond, status); });
      return;
    }
    case Request::ANALYZE_TAB: {
      const Tab* tab = tabs.Find(request.getAnalyzeTab());
      if (!tab || tab->state != TabState::kLoaded)
        return settle(
            Error("tab " + std::to_string(request.getAnalyzeTab()) + " shows no loaded page"));
      browser_.analyzer().Analyze(tab->id, [respond = defer()](Result<nlohmann::json> analysis) {
        respond([&](Reply reply) {
          analysis.ok() ? reply.setText(analysis->dump())
                        : reply.setError(analysis.error().message());
        });
      });
      return;
    }
    case Request::ADDRESS_BAR_INPUT: {
      auto input = request.getAddressBarInput();
      browser_.address_bar().Go(
          input.getTabId(), input.getText(), [respond = defer()](Result<std::string> done) {
            respond([&](Reply reply) {
              done.ok() ? reply.setText(*done) : reply.setError(done.error().message());
            });
          });
      return;
    }
    case Request::DOCUMENT_COOKIE: {
      const Tab* tab = tabs.Find(request.getDocumentCookie());
      if (!tab)
        return settle(Error("no tab " + std::to_string(request.getDocumentCookie())));
      auto url = web::ParseUrl(tab->url);
      reply.setText(url.ok() ? browser_.cookies().DocumentCookie(*url, WallClockMillis()) : "");
      return;
    }
    case Request::CRASH_COUNTS:
      return CrashCounts(request.getCrashCounts(), reply);
    case Request::HISTORY:
      return History(request.getHistory(), reply);
    case Request::BOOKMARKS:
      return Bookmarks(request.getBookmarks(), reply);
    case Request::SETTINGS:
      return Settings(request.getSettings(), reply);
    case Request::CLEAR_SITE_DATA:
      return ClearSiteData(request.getClearSiteData(), defer());
    case Request::EVALUATE: {
      auto evaluate = request.getEvaluate();
      browser_.pages().Evaluate(
          evaluate.getTabId(), evaluate.getText(), [respond = defer()](Result<std::string> json) {
            respond([&](Reply reply) {
              json.ok() ? reply.setText(*json) : reply.setError(json.error().message());
            });
          });
      return;
    }
    case Request::QUIT:
      reply.setOk();
      browser_.Quit(0);
      return;
  }
  reply.setError("unknown control request");
}

void ControlCommands::ClearSiteData(const std::string& text, ControlServer::Responder respond) {
  auto url = web::ParseUrl(text);
  auto origin = url.ok() ? StorageOriginOf(url->spec) : Result<std::string>(url.error());
  if (!origin.ok()) {
    return Settle(respond, Error("'" + text.substr(0, 200) +
                                 "' is not an origin such as https://example.com"));
  }
  // Cookies belong to a registrable domain, not an origin: Clear-Site-Data clears the
  // domain's and its subdomains'.
  size_t cookies = 0;
  if (url->scheme != "file") {
    std::string site = web::SiteForUrl(*url);
    std::string domain = site.substr(site.find("://") + 3);
    cookies = browser_.cookies().RemoveDomain(domain);
    if (ProcessHost* network = browser_.services().Ready(ProcessType::NETWORK)) {
      ipc::OutgoingMessage message;
      auto clear = message.Init<network::schema::BrowserToNetwork>().initClearSiteData();
      clear.setCookieDomain(domain);
      clear.setOrigin(*origin);
      if (auto status = network->Send(message); !status.ok())
        return Settle(respond, status.error().Context("clear the network service's data"));
    }
  }
  browser_.web_storage().ClearOrigin(
      *origin, [respond, origin = *origin, cookies](Result<uint64_t> bytes) {
        respond([&](Reply reply) {
          if (!bytes.ok())
            return reply.setError(bytes.error().message());
          reply.setText(origin + ": storage (" + std::to_string(*bytes) + " bytes), " +
                        std::to_string(cookies) + " cookies and the HTTP cache cleared");
        });
      });
}

void ControlCommands::History(const std::string& query, Reply reply) {
  auto visits = browser_.database().QueryHistory(query, kMaxHistoryRows);
  if (!visits.ok())
    return reply.setError(visits.error().message());
  nlohmann::json list = nlohmann::json::array();
  for (const Visit& visit : *visits)
    list.push_back({{"url", visit.url}, {"title", visit.title}, {"time_ms", visit.time_ms}});
  reply.setText(nlohmann::json{{"visits", list}}.dump());
}

void ControlCommands::Bookmarks(browser::schema::BookmarkChange::Reader change, Reply reply) {
  ProfileDatabase& database = browser_.database();
  using Action = browser::schema::BookmarkAction;
  if (change.getAction() == Action::LIST) {
    auto bookmarks = database.ListBookmarks();
    if (!bookmarks.ok())
      return reply.setError(bookmarks.error().message());
    nlohmann::json list = nlohmann::json::array();
    for (const Bookmark& bookmark : *bookmarks)
      list.push_back(
          {{"url", bookmark.url}, {"title", bookmark.title}, {"added_ms", bookmark.added_ms}});
    return reply.setText(nlohmann::json{{"bookmarks", list}}.dump());
  }
  // A bookmark is a URL as the address bar would open it.
  auto url = web::UrlFromUserInput(change.getUrl().cStr());
  if (!url.ok())
    return reply.setError(url.error().message());
  if (change.getAction() == Action::ADD) {
    std::string title = change.getTitle().size() > 0 ? change.getTitle().cStr() : url->spec;
    auto added = database.AddBookmark({url->spec, title.substr(0, 1024), WallClockMillis()});
    return added.ok() ? reply.setOk() : reply.setError(added.error().message());
  }
  auto removed = database.RemoveBookmark(url->spec);
  if (!removed.ok())
    return reply.setError(removed.error().message());
  if (!*removed)
    return reply.setError("no bookmark for " + url->spec);
  reply.setOk();
}

void ControlCommands::Settings(browser::schema::SettingChange::Reader change, Reply reply) {
  ProfileDatabase& database = browser_.database();
  std::string key = change.getKey();
  const UserSetting* setting = FindUserSetting(key);
  if (!key.empty() && !setting) {
    std::string known;
    for (const UserSetting& each : UserSettings())
      known += (known.empty() ? "" : ", ") + std::string(each.name);
    return reply.setError("no setting '" + key + "' (there is " + known + ")");
  }
  if (change.getSet()) {
    if (key.empty())
      return reply.setError("settings set needs a KEY and a VALUE");
    if (auto valid = setting->check(change.getValue()); !valid.ok())
      return reply.setError(valid.error().message());
    auto saved = database.SetSetting(key, change.getValue());
    return saved.ok() ? reply.setOk() : reply.setError(saved.error().message());
  }
  nlohmann::json values = nlohmann::json::object();
  for (const UserSetting& each : UserSettings()) {
    if (key.empty() || key == each.name)
      values[each.name] = SettingInEffect(database, each);
  }
  reply.setText(values.dump());
}

void ControlCommands::ScreenshotWindow(const std::string& path, ControlServer::Responder respond) {
  GpuClient* gpu = browser_.gpu();
  if (!gpu)
    return Settle(respond, Error("this browser has no GPU process (a one-shot command)"));
  if (path.empty() || path[0] != '/')
    return Settle(respond, Error("a screenshot needs an absolute path, not '" + path + "'"));
  gpu->Capture([respond, path](Result<CapturedOutput> captured) {
    if (!captured.ok())
      return Settle(respond, captured.error());
    Settle(respond, WriteFramePng(captured->view(), path));
  });
}

void ControlCommands::ListProcesses(Reply reply) {
  int64_t now_ns = MonotonicNanos();
  if (auto cpu = process::ReadCpuTimeNanos(getpid()); cpu.ok()) {
    if (cpu_sample_ns_ >= 0 && now_ns > cpu_sample_at_ns_)
      cpu_percent_ = 100.0 * (*cpu - cpu_sample_ns_) / (now_ns - cpu_sample_at_ns_);
    cpu_sample_ns_ = *cpu;
    cpu_sample_at_ns_ = now_ns;
  }
  auto records = process::CollectProcessStats(browser_.manager(), browser_.limiter(),
                                              browser_.started_ms(), cpu_percent_);
  // Main's row says what was dropped as damaged: rows of the profile, cache entries.
  std::map<std::string, int> counts = browser_.database().dropped();
  if (browser_.damaged_cache_entries() > 0)
    counts["cache entry"] = browser_.damaged_cache_entries();
  std::string dropped;
  for (const auto& [kind, count] : counts) {
    std::string plural = kind.back() == 'y' ? kind.substr(0, kind.size() - 1) + "ies" : kind + "s";
    dropped +=
        (dropped.empty() ? "" : ", ") + std::to_string(count) + " " + (count == 1 ? kind : plural);
  }
  auto set_detail = [&records](uint32_t process_id, const std::string& detail) {
    for (auto& record : records) {
      if (record.process_id == process_id && !detail.empty())
        record.detail = detail;
    }
  };
  if (!dropped.empty())
    set_detail(ipc::kBrowserProcessId, "damaged, dropped: " + dropped);
  ProcessHost* gpu = browser_.services().Running(ProcessType::GPU);
  if (gpu && browser_.gpu())
    set_detail(gpu->id(), DescribeGpuOutput(browser_.gpu()->output()));
  if (ProcessHost* ai = browser_.services().Running(ProcessType::AI)) {
    std::string refused;
    for (const std::string& why : browser_.ai().refused_models())
      refused += (refused.empty() ? "models refused: " : "; ") + why;
    set_detail(ai->id(), refused);
  }
  for (const auto& [type, why] : browser_.services().disabled()) {
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
}

void ControlCommands::ListTabs(Reply reply) {
  const auto& tabs = browser_.tabs().all();
  auto list = reply.initTabs(static_cast<unsigned>(tabs.size()));
  unsigned i = 0;
  for (const auto& [id, tab] : tabs) {
    auto out = list[i++];
    out.setTabId(id);
    out.setUrl(tab.url);
    out.setTitle(tab.title);
    out.setState(std::string(TabStateName(tab.state)));
    out.setRendererId(tab.renderer_id);
    out.setCrashReason(tab.error);
    out.setTextLength(tab.text_length);
  }
}

void ControlCommands::ListSandboxes(Reply reply) {
  std::vector<ProcessHost*> hosts;
  for (ProcessHost* host : browser_.manager().Hosts()) {
    // A process still starting has not said what its sandbox is (PROCESS_READY) yet.
    if (host->alive() && host->pid > 0 && host->state() != process::ProcessState::kCreated)
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

void ControlCommands::CrashCounts(bool reset, Reply reply) {
  if (reset) {
    browser_.crash_policy().Reset();
    browser_.services().EnableCrashedTypes();  // not an AI turned off by --disable-ai
  }
  int64_t now = WallClockMillis();
  auto list =
      reply.initCrashCounts(static_cast<unsigned>(std::size(process::kAllProcessTypes) - 1));
  unsigned i = 0;
  for (ProcessType type : process::kAllProcessTypes) {
    if (type == ProcessType::BROWSER)
      continue;
    auto out = list[i++];
    out.setType(type);
    out.setRecentCrashes(static_cast<uint32_t>(browser_.crash_policy().CrashesInWindow(type, now)));
    out.setDisabled(browser_.services().IsDisabled(type));
  }
}

}  // namespace nexus::browser
