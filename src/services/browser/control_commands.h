// The control socket's commands (`nexus ps`, `tabs`, `navigate`, `screenshot`, `go`, ...):
// each request is answered by the part of main it concerns, at once or, when a child must
// answer first (a hit test, a screenshot, an analysis), later through the deferred reply.
#pragma once

#include "services/browser/control_server.h"

namespace nexus::browser {

class MainProcess;

class ControlCommands {
 public:
  explicit ControlCommands(MainProcess& browser) : browser_(browser) {}

  void Handle(browser::schema::ControlRequest::Reader request,
              browser::schema::ControlReply::Builder reply,
              const std::function<ControlServer::Responder()>& defer);

 private:
  void ListProcesses(browser::schema::ControlReply::Builder reply);
  void ListTabs(browser::schema::ControlReply::Builder reply);
  void ListSandboxes(browser::schema::ControlReply::Builder reply);
  void CrashCounts(bool reset, browser::schema::ControlReply::Builder reply);
  // The profile: visits, bookmarks and settings (`nexus history`, `bookmarks`, `settings`).
  void History(const std::string& query, browser::schema::ControlReply::Builder reply);
  void Bookmarks(browser::schema::BookmarkChange::Reader change,
                 browser::schema::ControlReply::Builder reply);
  void Settings(browser::schema::SettingChange::Reader change,
                browser::schema::ControlReply::Builder reply);
  static constexpr int kMaxHistoryRows = 1000;
  // `nexus clear-site-data ORIGIN`: its storage, cookies and HTTP cache.
  void ClearSiteData(const std::string& origin, ControlServer::Responder respond);
  // The GPU process's output, the window as it shows, written as PNG.
  void ScreenshotWindow(const std::string& path, ControlServer::Responder respond);

  MainProcess& browser_;
  int64_t cpu_sample_ns_ = -1;  // main's own CPU time at the last `ps`
  int64_t cpu_sample_at_ns_ = 0;
  double cpu_percent_ = 0;
};

}  // namespace nexus::browser
