// The AI process (spec "AI Process"): started on demand, low priority, sandboxed (no network,
// its models directory read-only). Requests (AI_ANALYZE_CONTENT) are answered with
// AI_RESULT_READY; a model that cannot be used makes the answer "unavailable: why".
#include "services/ai/public/ai_main.h"

#include "base/logging.h"
#include "process/child_process.h"
#include "services/ai/ai_backends.h"
#include "services/ai/model_manager.h"
#include "services/ai/text_analysis.h"

#include <optional>

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
    case AiTask::RECOGNIZE_TEXT: return "ocr-eng";
    case AiTask::ANALYZE_CONTENT: return "language";
    default: return nullptr;
  }
}

struct Answer {
  std::vector<Label> labels;
  std::string text;
  std::optional<TextAnalysis> analysis;
  Label language;
};

Result<Answer> Run(ModelManager& models, AiTask task, std::string_view input) {
  const char* model = ModelFor(task);
  if (!model)
    return Error("this task is not available yet");
  Answer answer;
  if (task == AiTask::DETECT_LANGUAGE) {
    ASSIGN_OR_RETURN(const LanguageDetector* detector, models.Language(model));
    answer.labels = detector->Detect(input);
  } else if (task == AiTask::ANALYZE_CONTENT) {
    ASSIGN_OR_RETURN(const LanguageDetector* detector, models.Language(model));
    std::vector<Label> languages = detector->Detect(input);
    answer.language = languages.empty() ? Label{"und", 0} : languages.front();
    answer.analysis = AnalyzeText(input);
  } else if (task == AiTask::RECOGNIZE_TEXT) {
    ASSIGN_OR_RETURN(TextRecognizer * recognizer, models.Recognizer(model));
    ASSIGN_OR_RETURN(answer.text, recognizer->Recognize(input));
  } else {
    ASSIGN_OR_RETURN(const TextClassifier* classifier, models.Classifier(model));
    answer.labels = classifier->Classify(input, 5);
  }
  return answer;
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
          Result<Answer> answer = Error("");
          if (!models)
            answer = Error(unavailable);
          else if (!input.ok())
            answer = input.error();
          else
            answer = Run(*models, request.getTask(), input->view());
          if (!answer.ok()) {
            result.setError("unavailable: " + answer.error().message());
          } else {
            auto list = result.initLabels(static_cast<unsigned>(answer->labels.size()));
            for (size_t i = 0; i < answer->labels.size(); ++i) {
              list[static_cast<unsigned>(i)].setName(answer->labels[i].name);
              list[static_cast<unsigned>(i)].setScore(answer->labels[i].score);
            }
            result.setText(answer->text);
            if (answer->analysis) {
              auto analysis = result.initAnalysis();
              analysis.setLanguage(answer->language.name);
              analysis.setLanguageScore(answer->language.score);
              auto keywords = analysis.initKeywords(static_cast<unsigned>(answer->analysis->keywords.size()));
              for (size_t i = 0; i < answer->analysis->keywords.size(); ++i) {
                keywords[static_cast<unsigned>(i)].setName(answer->analysis->keywords[i].name);
                keywords[static_cast<unsigned>(i)].setScore(answer->analysis->keywords[i].score);
              }
              auto summary = analysis.initSummary(static_cast<unsigned>(answer->analysis->summary.size()));
              for (size_t i = 0; i < answer->analysis->summary.size(); ++i)
                summary.set(static_cast<unsigned>(i), answer->analysis->summary[i]);
              analysis.setWordCount(answer->analysis->word_count);
              analysis.setReadingSeconds(answer->analysis->reading_seconds);
            }
          }
          if (auto status = child.Send(reply, message.envelope().getRequestId()); !status.ok())
            LOG(Error) << status.error().message();
        });
        return OkStatus();
      });
}

}  // namespace nexus::ai
