// The AI process (spec "AI Process"): started on demand, low priority, sandboxed (no network,
// its models directory read-only). Requests (AI_ANALYZE_CONTENT) are answered with
// AI_RESULT_READY; a model that cannot be used makes the answer "unavailable: why".
#include "services/ai/public/ai_main.h"

#include "base/logging.h"
#include "process/child_process.h"
#include "services/ai/ai_backends.h"
#include "services/ai/model_manager.h"

namespace nexus::ai {
namespace {

std::string& ModelsDirectory() {
  static std::string directory;
  return directory;
}

using ipc::schema::AiTask;

// The model each task uses (its directory under the models directory).
const char* ModelFor(AiTask task) {
  switch (task) {
    case AiTask::DETECT_LANGUAGE: return "language";
    case AiTask::CLASSIFY_INTENT: return "intent";
    default: return nullptr;
  }
}

Result<std::vector<Label>> Run(ModelManager& models, AiTask task, std::string_view input) {
  const char* model = ModelFor(task);
  if (!model)
    return Error("this task is not available yet");
  if (task == AiTask::DETECT_LANGUAGE) {
    ASSIGN_OR_RETURN(const LanguageDetector* detector, models.Language(model));
    return detector->Detect(input);
  }
  ASSIGN_OR_RETURN(const TextClassifier* classifier, models.Classifier(model));
  return classifier->Classify(input, 5);
}

}  // namespace

void SetModelsDirectory(std::string directory) {
  ModelsDirectory() = std::move(directory);
}

void PrepareBeforeSandbox() {
  if (auto backends = LoadAiBackends(); !backends.ok())
    LOG(Error) << backends.error().message() << ": every AI feature is unavailable";
}

int AiMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(
      process::ProcessType::AI, id, std::move(channel), [](process::ChildProcess& child) {
        auto backends = LoadAiBackends();
        std::shared_ptr<ModelManager> models;
        if (backends.ok())
          models = std::make_shared<ModelManager>(ModelsDirectory(), **backends);
        std::string unavailable = backends.ok() ? "" : backends.error().message();
        child.set_message_handler([&child, models, unavailable](ipc::IncomingMessage& message) {
          if (message.type() != ipc::MessageType::AI_ANALYZE_CONTENT)
            return;
          auto request = message.envelope().getBody().getAiAnalyzeContent();
          ipc::OutgoingMessage reply;
          auto result = reply.envelope().getBody().initAiResultReady();
          result.setTabId(request.getTabId());
          result.setTask(request.getTask());
          auto input = message.MapPayload(request.getInput());
          Result<std::vector<Label>> labels = Error("");
          if (!models)
            labels = Error(unavailable);
          else if (!input.ok())
            labels = input.error();
          else
            labels = Run(*models, request.getTask(), input->view());
          if (!labels.ok()) {
            result.setError("unavailable: " + labels.error().message());
          } else {
            auto list = result.initLabels(static_cast<unsigned>(labels->size()));
            for (size_t i = 0; i < labels->size(); ++i) {
              list[static_cast<unsigned>(i)].setName((*labels)[i].name);
              list[static_cast<unsigned>(i)].setScore((*labels)[i].score);
            }
          }
          if (auto status = child.Send(reply, message.envelope().getRequestId()); !status.ok())
            LOG(Error) << status.error().message();
        });
        return OkStatus();
      });
}

}  // namespace nexus::ai
