// MainProcess: the AI orchestrator's side of main (spec "AI Process"): which models the AI
// process reads, and the one-question modes (`nexus intent`, `nexus analyze --lang-only`).
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <iostream>

#include <nlohmann/json.hpp>

#include "base/logging.h"
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
  ProcessHost* ai = manager_->Find(ServiceId(ProcessType::AI));
  if (!ai || !ai->alive())
    return FinishAiQuery(1, "unavailable: no AI process");
  ipc::OutgoingMessage message;
  auto request = message.envelope().getBody().initAiAnalyzeContent();
  request.setTask(options_.ai_query->task);
  if (auto status = message.SetPayload(request.initInput(), options_.ai_query->text); !status.ok())
    return FinishAiQuery(1, status.error().message());
  if (auto status = ai->Send(message, next_request_id_++); !status.ok())
    return FinishAiQuery(1, status.error().message());
  ai_query_sent_ = true;
}

void MainProcess::OnAiResult(ProcessHost& host, ipc::IncomingMessage& message) {
  if (host.type() != ProcessType::AI || !options_.ai_query)
    return;
  auto result = message.envelope().getBody().getAiResultReady();
  if (result.getError().size() > 0)
    return FinishAiQuery(1, result.getError());
  if (options_.ai_query->task == ipc::schema::AiTask::RECOGNIZE_TEXT) {
    std::string text = result.getText();
    if (options_.ai_query->json)
      std::cout << nlohmann::json{{"text", text}}.dump(2) << std::endl;
    else
      std::cout << text << std::flush;  // Tesseract ends its text with a newline
    return FinishAiQuery(0, "");
  }
  bool intent = options_.ai_query->task == ipc::schema::AiTask::CLASSIFY_INTENT;
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
  FinishAiQuery(0, "");
}

void MainProcess::FinishAiQuery(int exit_code, const std::string& error) {
  if (!error.empty())
    std::cerr << "nexus: " << error << "\n";
  exit_code_ = exit_code;
  options_.ai_query.reset();  // answered: nothing more to print
  loop_->Quit();
}

}  // namespace nexus::browser
