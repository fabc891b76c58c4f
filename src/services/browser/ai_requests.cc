// MainProcess: the AI orchestrator's side of main (spec "AI Process"): which models the AI
// process reads, sending it requests and routing its answers, its idle shutdown, and the
// one-question modes (`nexus intent`, `nexus analyze --lang-only|--ocr-only`). Page analysis
// is in page_analysis.cc, the history's vectors in page_history.cc, typing in
// address_bar_input.cc.
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <iostream>

#include <nlohmann/json.hpp>

#include "base/logging.h"
#include "base/time.h"
#include "services/browser/main_process.h"

namespace nexus::browser {

using process::ProcessHost;
using process::ProcessType;

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

void MainProcess::SendAiQuery() {
  if (!options_.ai_query || ai_query_sent_)
    return;
  // Priority 0: a user is waiting at the command line. A failure ends the command.
  auto sent = SendToAi(options_.ai_query->task, options_.ai_query->text, 0, "");
  ai_query_sent_ = true;
  if (!sent.ok())
    FinishCommand(1, sent.error().message());
}

void MainProcess::OnAiResult(ProcessHost& host, ipc::IncomingMessage& message) {
  if (host.type() != ProcessType::AI || command_finished_)
    return;  // A finished command prints nothing more.
  auto result = message.Body<ai::schema::AiToBrowser>();
  uint64_t request_id = message.envelope().getRequestId();
  if (visits_embedding_.count(request_id))
    return OnVisitEmbedded(request_id, result);
  if (typed_inputs_.count(request_id)) {
    std::optional<AddressBarIntent> intent;
    if (result.getError().size() == 0 && result.getLabels().size() > 0)
      intent = IntentFromLabel(result.getLabels()[0].getName().cStr());
    return FinishAddressBarInput(request_id, intent);
  }
  if (options_.related) {
    if (request_id == related_request_)
      FinishRelated(result);
    return;
  }
  if (OnAnalysisResult(request_id, result))
    return;
  if (!options_.ai_query)
    return;
  if (result.getError().size() > 0)
    return FinishCommand(1, result.getError());
  if (options_.ai_query->task == ai::schema::AiTask::RECOGNIZE_TEXT) {
    std::string text = result.getText();
    if (options_.ai_query->json)
      std::cout << nlohmann::json{{"text", text}}.dump(2) << std::endl;
    else
      std::cout << text << std::flush;  // Tesseract ends its text with a newline
    return FinishCommand(0, "");
  }
  bool intent = options_.ai_query->task == ai::schema::AiTask::CLASSIFY_INTENT;
  nlohmann::json labels = nlohmann::json::array();
  for (auto label : result.getLabels())
    labels.push_back({{"name", label.getName().cStr()}, {"score", label.getScore()}});
  std::string best = labels.empty() ? (intent ? "unknown" : "und")  // ISO 639: undetermined
                                    : labels[0]["name"].get<std::string>();
  double score = labels.empty() ? 0.0 : labels[0]["score"].get<double>();
  if (options_.ai_query->json) {
    std::cout << nlohmann::json{{intent ? "intent" : "language", best},
                                {"score", score},
                                {"labels", labels}}
                     .dump(2)
              << std::endl;
  } else {
    std::cout << best << std::endl;
  }
  FinishCommand(0, "");
}

void MainProcess::ScheduleAiIdleCheck() {
  loop_->PostDelayed(options_.ai_idle_timeout_ms, [this] {
    ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
    if (!ai || !ai->alive() || shutting_down_)
      return;
    int64_t idle_ms = MonotonicMillis() - ai_last_used_ms_;
    if (idle_ms < options_.ai_idle_timeout_ms || !analysis_jobs_.empty()) {
      ScheduleAiIdleCheck();
      return;
    }
    // Unused for the timeout: its memory goes back; the next feature starts it again.
    LOG(Info) << "the AI process was idle for " << idle_ms << " ms: shutting it down";
    manager_->Shutdown(ai->id());
  });
}

Result<uint64_t> MainProcess::SendToAi(ai::schema::AiTask task, std::string_view input,
                                       uint8_t priority, const std::string& site,
                                       uint32_t deadline_ms) {
  ai_last_used_ms_ = MonotonicMillis();
  ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
  if (!ai || !ai->alive())
    return Error("unavailable: no AI process");
  ipc::OutgoingMessage message;
  auto request = message.Init<ai::schema::BrowserToAi>().initAnalyze();
  request.setTask(task);
  request.setPriority(priority);
  request.setSite(site);
  request.setDeadlineMs(deadline_ms);
  uint64_t request_id = next_request_id_++;
  Status status = message.SetPayload(request.initInput(), input);
  if (status.ok())
    status = ai->Send(message, request_id);
  if (!status.ok())
    return status.error().Context("unavailable");
  return request_id;
}

}  // namespace nexus::browser
