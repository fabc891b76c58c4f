// Main's side of the AI process (spec "AI Process"): features ask questions with a callback;
// the process is started when a question needs it and ended when it has been idle for the
// timeout; answers come back under their request ids; a process that ends, or a type that is
// disabled, fails the questions with the reason ("unavailable: ..."), and the features degrade.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "ipc/message.h"
#include "services/ai/public/ai.capnp.h"
#include "services/browser/pending_replies.h"
#include "services/browser/service_hosts.h"

namespace nexus::browser {

// The AI process's answer (readable during the callback only), or why there is none.
using AiAnswer = Result<ai::schema::AiToBrowser::Reader>;
using AiDone = std::function<void(AiAnswer answer)>;

struct AiQuestion {
  ai::schema::AiTask task = ai::schema::AiTask::DETECT_LANGUAGE;
  std::string input;
  uint8_t priority = 0;      // 0: a user is waiting; larger: later
  std::string site;          // the asking page's site: the AI process never batches two sites
  uint32_t tab_id = 0;       // the asking tab: its questions go when it closes
  uint32_t deadline_ms = 0;  // answer within this (the AI process and main both give up)
};

class AiClient {
 public:
  AiClient(EventLoop& loop, ServiceHosts& services, RequestIds& ids, int64_t idle_timeout_ms);

  // Asks, starting the AI process if it is not running; `done` runs once.
  void Ask(AiQuestion question, AiDone done);
  // Asks only if the AI process is ready now (typing never waits for it to start); otherwise
  // starts it for next time and returns false without calling `done`.
  bool AskIfReady(AiQuestion question, AiDone done);
  // Starts the AI process ahead of the questions (--ai-prelaunch, `nexus analyze`).
  Status Prelaunch() { return Ensure(); }
  // The tab closed or navigated away: what it asked is not wanted any more.
  void CancelTab(uint32_t tab_id);

  void OnReady(process::ProcessHost& ai);
  void OnAnswer(process::ProcessHost& ai, ipc::IncomingMessage& message);
  void OnGone(const std::string& why);
  // Why each model the AI process refused at its last use was refused (a damaged manifest or
  // file), as its last answer said.
  const std::vector<std::string>& refused_models() const { return refused_models_; }

 private:
  struct Asked {
    AiQuestion question;
    AiDone done;
  };
  Status Ensure();
  void Send(process::ProcessHost& ai, Asked asked);
  void ScheduleIdleCheck();

  EventLoop& loop_;
  ServiceHosts& services_;
  RequestIds& ids_;
  int64_t idle_timeout_ms_;
  int64_t last_used_ms_ = 0;
  bool idle_check_scheduled_ = false;
  std::vector<Asked> queued_;       // until the process is ready
  PendingReplies<AiDone> answers_;  // sent, by request id
  std::vector<std::string> refused_models_;
};

}  // namespace nexus::browser
