// The AI process (spec "AI Process"): started on demand, low priority, sandboxed (no network,
// its models directory read-only). Requests (AI_ANALYZE_CONTENT) are answered with
// AI_RESULT_READY; a model that cannot be used makes the answer "unavailable: why".
#include "services/ai/public/ai_main.h"

#include "base/flag_table.h"
#include "base/logging.h"
#include "base/time.h"
#include "base/worker_thread.h"
#include "process/child_process.h"
#include "services/ai/ai_backends.h"
#include "services/ai/inference_queue.h"
#include "services/ai/model_manager.h"
#include "services/ai/text_analysis.h"
#include "services/ai/text_embedding.h"

#include <optional>

namespace nexus::ai {
namespace {

std::string& ModelsDirectory() {
  static std::string directory;
  return directory;
}

bool& TorchWanted() {
  static bool wanted = false;
  return wanted;
}

using ai::schema::AiTask;

// The model each task uses (its directory under the models directory).
const char* ModelFor(AiTask task) {
  switch (task) {
    case AiTask::DETECT_LANGUAGE: return "language";
    case AiTask::CLASSIFY_INTENT: return "intent";
    case AiTask::CLASSIFY_TOPIC: return "topic";
    case AiTask::RECOGNIZE_TEXT: return "ocr-eng";
    case AiTask::ANALYZE_CONTENT: return "language";
    case AiTask::EMBED_TEXT: return "embedder";
  }
  return nullptr;
}

struct Answer {
  std::vector<Label> labels;
  std::string text;
  std::optional<TextAnalysis> analysis;
  Label language;
  Label topic;
  std::vector<float> vector;
  std::string model;  // the embedder's id: vectors of two models do not compare
};

Result<Answer> Run(ModelManager& models, AiTask task, std::string_view input) {
  const char* model = ModelFor(task);
  if (!model)
    return Error("no model serves this task");
  Answer answer;
  if (task == AiTask::DETECT_LANGUAGE) {
    ASSIGN_OR_RETURN(const LanguageDetector* detector, models.Language(model));
    answer.labels = detector->Detect(input);
  } else if (task == AiTask::ANALYZE_CONTENT) {
    ASSIGN_OR_RETURN(const LanguageDetector* detector, models.Language(model));
    std::vector<Label> languages = detector->Detect(input);
    answer.language = languages.empty() ? Label{"und", 0} : languages.front();
    answer.analysis = AnalyzeText(input);
    // The topic model is optional to the analysis: without it the rest still stands.
    if (auto topics = models.Classifier("topic"); topics.ok()) {
      std::vector<Label> best = (*topics)->Classify(input, 1);
      if (!best.empty())
        answer.topic = best.front();
    }
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

Status ReadSwitches(const std::vector<std::string>& args, sandbox::SandboxPaths& paths) {
  FlagTable switches;
  switches.Text("--models-dir", "DIR", "the models' directories", ModelsDirectory());
  switches.Switch("--ai-torch", "load libtorch's module", TorchWanted());
  if (auto rest = switches.Parse(args, /*ignore_unknown=*/true); !rest.ok())
    return rest.error();
  if (!ModelsDirectory().empty())
    paths.models_directory = ModelsDirectory();  // the AI process reads it, nothing else
  return OkStatus();
}

void PrepareBeforeSandbox() {
  if (auto backends = LoadAiBackends(); !backends.ok())
    LOG(Error) << backends.error().message() << ": every AI feature is unavailable";
  if (TorchWanted()) {
    if (auto torch = LoadTorchBackend(); !torch.ok())
      LOG(Error) << torch.error().message() << ": embeddings are unavailable";
  }
}

namespace {

// How many compatible requests one ProcessBatch takes.
constexpr size_t kMaxBatch = 8;

// Every text of a batch of embedText requests in one forward pass (the queue batches one task
// of one site together).
std::vector<Result<Answer>> EmbedBatch(ModelManager& models,
                                       const std::vector<InferenceRequest>& batch) {
  const char* model = ModelFor(AiTask::EMBED_TEXT);
  auto embedder = models.Embedder(model);
  std::vector<std::string_view> texts;
  for (const InferenceRequest& request : batch)
    texts.push_back(request.input);
  auto vectors = embedder.ok() ? EmbedTexts(**embedder, texts)
                               : Result<std::vector<std::vector<float>>>(embedder.error());
  if (!vectors.ok() && batch.size() > 1) {
    // One wordless text fails the pass: answer each on its own so only it fails.
    std::vector<Result<Answer>> answers;
    for (const InferenceRequest& request : batch)
      answers.push_back(EmbedBatch(models, {request}).front());
    return answers;
  }
  if (!vectors.ok())
    return {vectors.error()};
  std::vector<Result<Answer>> answers;
  for (std::vector<float>& vector : *vectors) {
    Answer answer;
    answer.vector = std::move(vector);
    answer.model = model;
    answers.push_back(std::move(answer));
  }
  return answers;
}

// `refused_models`: why each model whose last load failed was refused (main shows them).
void Reply(process::ChildProcess& child,
           const InferenceRequest& request,
           Result<Answer> answer,
           const std::vector<std::string>& refused_models) {
  ipc::OutgoingMessage reply;
  auto result = reply.Init<schema::AiToBrowser>();
  result.setTabId(request.tab_id);
  result.setTask(request.task);
  auto refused = result.initRefusedModels(static_cast<unsigned>(refused_models.size()));
  for (size_t i = 0; i < refused_models.size(); ++i)
    refused.set(static_cast<unsigned>(i), refused_models[i]);
  if (!answer.ok()) {
    result.setError("unavailable: " + answer.error().message());
  } else {
    auto list = result.initLabels(static_cast<unsigned>(answer->labels.size()));
    for (size_t i = 0; i < answer->labels.size(); ++i) {
      list[static_cast<unsigned>(i)].setName(answer->labels[i].name);
      list[static_cast<unsigned>(i)].setScore(answer->labels[i].score);
    }
    result.setText(answer->text);
    result.setModel(answer->model);
    auto vector = result.initVector(static_cast<unsigned>(answer->vector.size()));
    for (size_t i = 0; i < answer->vector.size(); ++i)
      vector.set(static_cast<unsigned>(i), answer->vector[i]);
    if (answer->analysis) {
      const TextAnalysis& text = *answer->analysis;
      auto analysis = result.initAnalysis();
      analysis.setLanguage(answer->language.name);
      analysis.setLanguageScore(answer->language.score);
      auto keywords = analysis.initKeywords(static_cast<unsigned>(text.keywords.size()));
      for (size_t i = 0; i < text.keywords.size(); ++i) {
        keywords[static_cast<unsigned>(i)].setName(text.keywords[i].name);
        keywords[static_cast<unsigned>(i)].setScore(text.keywords[i].score);
      }
      auto summary = analysis.initSummary(static_cast<unsigned>(text.summary.size()));
      for (size_t i = 0; i < text.summary.size(); ++i)
        summary.set(static_cast<unsigned>(i), text.summary[i].substr(0, 2000));
      analysis.setWordCount(text.word_count);
      analysis.setReadingSeconds(text.reading_seconds);
      analysis.setTopic(answer->topic.name);
      analysis.setTopicScore(answer->topic.score);
    }
  }
  if (auto status = child.Send(reply, request.id); !status.ok())
    LOG(Error) << status.error().message();
}

// The AI process's own state: its models and its queue of requests. The loop's thread owns
// the queue; the models are used on the inference thread only, one batch at a time, so the
// loop answers heartbeats, cancellations and new requests while a model works for seconds.
struct AiService {
  process::ChildProcess& child;
  std::unique_ptr<ModelManager> models;
  std::string unavailable;  // why there are no models, if there are none
  std::vector<std::string> refused_models;  // as of the last batch (the models' thread's)
  InferenceQueue queue;
  std::unique_ptr<WorkerThread> inference;

  // Hands the inference thread the next batch when it is free.
  void ScheduleDrain() {
    if (inference->busy() || queue.size() == 0)
      return;
    auto batch = std::make_shared<std::vector<InferenceRequest>>(
        queue.NextBatch(MonotonicMillis(), kMaxBatch, [this](const InferenceRequest& r) {
          Reply(child, r, Error("the deadline passed before the request's turn"), refused_models);
        }));
    if (batch->empty())
      return ScheduleDrain();
    auto answers = std::make_shared<std::vector<Result<Answer>>>();
    auto refused = std::make_shared<std::vector<std::string>>();
    inference->Run(
        [this, batch, answers, refused] {
          *answers = ProcessBatch(*batch);
          if (models) {
            for (const auto& [id, why] : models->refused())
              refused->push_back(why);
          }
        },
        [this, batch, answers, refused] {
          refused_models = std::move(*refused);
          for (size_t i = 0; i < batch->size(); ++i)
            Reply(child, (*batch)[i], std::move((*answers)[i]), refused_models);
          ScheduleDrain();
        });
  }

  // On the inference thread.
  std::vector<Result<Answer>> ProcessBatch(const std::vector<InferenceRequest>& batch) {
    if (models && batch.front().task == AiTask::EMBED_TEXT)
      return EmbedBatch(*models, batch);
    std::vector<Result<Answer>> answers;
    for (const InferenceRequest& request : batch)
      answers.push_back(models ? Run(*models, request.task, request.input) : Error(unavailable));
    return answers;
  }

  void OnMessage(ipc::IncomingMessage& message) {
    auto said = message.Body<schema::BrowserToAi>();
    if (said.isCancelTab()) {
      queue.CancelTab(said.getCancelTab());
      return;
    }
    auto body = said.getAnalyze();
    InferenceRequest request;
    request.id = message.envelope().getRequestId();
    request.tab_id = body.getTabId();
    request.site = body.getSite();
    request.task = body.getTask();
    request.priority = body.getPriority();
    request.queued_ms = MonotonicMillis();
    request.deadline_ms = body.getDeadlineMs() ? request.queued_ms + body.getDeadlineMs() : 0;
    auto input = message.ReadPayload(body.getInput());
    if (!input.ok())
      return Reply(child, request, input.error(), refused_models);
    request.input = std::move(input).value();
    queue.Push(std::move(request));
    ScheduleDrain();
  }
};

}  // namespace

int AiMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(
      process::ProcessType::AI, id, std::move(channel), [](process::ChildProcess& child) -> Status {
        ASSIGN_OR_RETURN(auto inference, WorkerThread::Create(child.loop()));
        auto service = std::make_shared<AiService>(
            AiService{child, nullptr, "", {}, {}, std::move(inference)});
        auto backends = LoadAiBackends();
        if (backends.ok()) {
          service->models = std::make_unique<ModelManager>(ModelsDirectory(), **backends);
          if (TorchWanted())
            service->models->UseTorch(LoadTorchBackend());
          else
            service->models->UseTorch(Error("the AI process was started without libtorch"));
        } else
          service->unavailable = backends.error().message();
        child.set_message_handler(
            [service](ipc::IncomingMessage& message) { service->OnMessage(message); });
        return OkStatus();
      });
}

}  // namespace nexus::ai
