#include "services/browser/ai_client.h"

#include "base/logging.h"
#include "base/time.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

AiClient::AiClient(EventLoop& loop,
                   ServiceHosts& services,
                   RequestIds& ids,
                   int64_t idle_timeout_ms)
    : loop_(loop),
      services_(services),
      ids_(ids),
      idle_timeout_ms_(idle_timeout_ms),
      answers_(loop, [](AiDone done, const std::string& why) { done(Error(why)); }) {}

Status AiClient::Ensure() {
  if (services_.IsDisabled(ProcessType::AI))
    return Error("unavailable: AI features are " + services_.WhyDisabled(ProcessType::AI));
  if (auto status = services_.Ensure(ProcessType::AI); !status.ok())
    return status.error().Context("unavailable");
  return OkStatus();
}

void AiClient::Ask(AiQuestion question, AiDone done) {
  last_used_ms_ = MonotonicMillis();
  if (auto status = Ensure(); !status.ok())
    return done(status.error());
  if (ProcessHost* ai = services_.Ready(ProcessType::AI))
    return Send(*ai, {std::move(question), std::move(done)});
  queued_.push_back({std::move(question), std::move(done)});  // sent by OnReady
}

bool AiClient::AskIfReady(AiQuestion question, AiDone done) {
  ProcessHost* ai = services_.Ready(ProcessType::AI);
  if (!ai) {
    if (auto status = Ensure(); !status.ok())
      LOG(Info) << status.error().message();
    return false;
  }
  last_used_ms_ = MonotonicMillis();
  Send(*ai, {std::move(question), std::move(done)});
  return true;
}

void AiClient::Send(ProcessHost& ai, Asked asked) {
  const AiQuestion& question = asked.question;
  ipc::OutgoingMessage message;
  auto request = message.Init<ai::schema::BrowserToAi>().initAnalyze();
  request.setTabId(question.tab_id);
  request.setTask(question.task);
  request.setPriority(question.priority);
  request.setSite(question.site);
  request.setDeadlineMs(question.deadline_ms);
  uint64_t request_id = ids_.Next();
  Status status = message.SetPayload(request.initInput(), question.input);
  if (status.ok())
    status = ai.Send(message, request_id);
  if (!status.ok())
    return asked.done(status.error().Context("unavailable"));
  answers_.Add(request_id, ai.id(), std::move(asked.done), question.deadline_ms,
               "unavailable: no answer within " + std::to_string(question.deadline_ms) + " ms");
}

void AiClient::CancelTab(uint32_t tab_id) {
  if (ProcessHost* ai = services_.Running(ProcessType::AI)) {
    ipc::OutgoingMessage cancel;
    cancel.Init<ai::schema::BrowserToAi>().setCancelTab(tab_id);
    (void)ai->Send(cancel);
  }
}

void AiClient::OnReady(ProcessHost& ai) {
  last_used_ms_ = MonotonicMillis();
  ScheduleIdleCheck();
  std::vector<Asked> queued = std::move(queued_);
  queued_.clear();
  for (Asked& asked : queued)
    Send(ai, std::move(asked));
}

// What a child says is bounded before main keeps it; there are six models.
constexpr size_t kMaxRefusedModelsShown = 16;

void AiClient::OnAnswer(ProcessHost& ai, ipc::IncomingMessage& message) {
  // Even an answer given up on says which models are refused now.
  refused_models_.clear();
  for (auto why : message.Body<ai::schema::AiToBrowser>().getRefusedModels()) {
    if (refused_models_.size() < kMaxRefusedModelsShown)
      refused_models_.push_back(std::string(why.cStr()).substr(0, 500));
  }
  auto done = answers_.Take(message.envelope().getRequestId(), ai.id());
  if (!done)
    return;  // Given up on (its deadline passed).
  (*done)(message.Body<ai::schema::AiToBrowser>());
}

void AiClient::OnGone(const std::string& why) {
  std::vector<Asked> queued = std::move(queued_);
  queued_.clear();
  answers_.FailAllOf(0, why);
  for (Asked& asked : queued)
    asked.done(Error(why));
}

void AiClient::ScheduleIdleCheck() {
  if (idle_check_scheduled_)
    return;
  idle_check_scheduled_ = true;
  loop_.PostDelayed(idle_timeout_ms_, [this] {
    idle_check_scheduled_ = false;
    ProcessHost* ai = services_.Running(ProcessType::AI);
    if (!ai)
      return;
    int64_t idle_ms = MonotonicMillis() - last_used_ms_;
    if (idle_ms < idle_timeout_ms_ || !answers_.empty() || !queued_.empty())
      return ScheduleIdleCheck();
    // Unused for the timeout: its memory goes back; the next question starts it again.
    LOG(Info) << "the AI process was idle for " << idle_ms << " ms: shutting it down";
    services_.Shutdown(ProcessType::AI);
  });
}

}  // namespace nexus::browser
