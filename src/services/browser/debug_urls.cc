// MainProcess: nexus:// URLs, the browser-initiated test pages (like chrome://crash). Only a
// user or the control socket reaches them: pages cannot navigate to nexus: (Tabs::OnOpenUrl).
// They act on the tab's renderer, or on `?process=TYPE`.
#include "services/browser/main_process.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

Status MainProcess::HandleDebugUrl(Tab& tab, const web::Url& url) {
  using Kind = ipc::schema::DebugActionKind;
  std::string target = web::QueryValue(url.query, "process");
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
    return services_->Ensure(type);
  }
  static const std::pair<const char*, Kind> kKinds[] = {
      {"crash", Kind::CRASH},
      {"hang", Kind::HANG},
      {"allocate", Kind::ALLOCATE},
      {"garbage-ipc", Kind::SEND_GARBAGE},
      {"forbidden-ipc", Kind::SEND_FORBIDDEN_MESSAGE},
      {"blocked-syscall", Kind::BLOCKED_SYSCALL},
      {"forge-ipc", Kind::FORGE_MESSAGE},
  };
  auto known = std::find_if(std::begin(kKinds), std::end(kKinds),
                            [&](const auto& entry) { return url.host == entry.first; });
  if (known == std::end(kKinds))
    return Error("unknown debug URL " + url.spec +
                 " (crash, hang, allocate, garbage-ipc, forbidden-ipc, blocked-syscall, "
                 "forge-ipc, start)");
  Kind kind = known->second;
  ProcessHost* host = nullptr;
  if (type == ProcessType::RENDERER) {
    host = manager_->Find(tab.renderer_id);
  } else if (type == ProcessType::ZYGOTE) {
    for (ProcessHost* candidate : manager_->Hosts()) {
      if (candidate->type() == ProcessType::ZYGOTE && candidate->alive())
        host = candidate;
    }
  } else {
    host = services_->Running(type);
  }
  if (!host || !host->alive())
    return Error(url.spec + ": no running " + std::string(process::ProcessTypeName(type)) +
                 " process");
  ipc::OutgoingMessage message;
  auto action = message.Init<ipc::schema::BrowserToChild>().initDebugAction();
  action.setKind(kind);
  if (kind == Kind::ALLOCATE) {
    std::string mb = web::QueryValue(url.query, "mb");
    uint32_t megabytes =
        mb.empty() ? 0 : static_cast<uint32_t>(std::strtoul(mb.c_str(), nullptr, 10));
    if (megabytes == 0 || megabytes > 64 * 1024)
      return Error(url.spec + ": allocate needs mb=1..65536");
    action.setMegabytes(megabytes);
  }
  if (kind == Kind::FORGE_MESSAGE) {
    // nexus://forge-ipc?message=NAME&to=TYPE&url=URL: the process acts as a compromised one
    // and writes NAME, addressed to the running service of TYPE (main when absent), about URL.
    // What must follow is its death, and nothing else (tests/integration/forged_ipc_test.cc).
    action.setForgery(web::QueryValue(url.query, "message"));
    action.setForgeryUrl(web::QueryValue(url.query, "url"));
    std::string to = web::QueryValue(url.query, "to");
    if (!to.empty() && to != "browser") {
      auto recipient_type = process::ParseProcessType(to);
      ProcessHost* recipient = recipient_type ? services_->Running(*recipient_type) : nullptr;
      if (!recipient)
        return Error(url.spec + ": forge-ipc needs to=TYPE of a running service");
      action.setForgeryRecipient(recipient->id());
    }
  }
  return host->Send(message);
}

}  // namespace nexus::browser
