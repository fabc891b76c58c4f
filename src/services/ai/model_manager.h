// The AI process's model manager (spec "AI Process": LoadModel, UnloadModel, IsModelLoaded,
// WarmupModel). Each model is a directory under the models directory holding manifest.json
// (id, task, backend, file, sha256, licence) and its file; a model whose manifest or file is
// missing, unreadable or of another checksum is refused, and the feature says why.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "services/ai/ai_backends.h"

namespace nexus::ai {

struct ModelManifest {
  std::string id;
  std::string task;     // detect_language, classify_intent, ...
  std::string backend;  // cld2, fasttext, tesseract, torchscript
  std::string file;     // relative to the model's directory; empty when the backend has none
  std::string sha256;
  std::string licence;
};

Result<ModelManifest> ParseManifest(const std::string& json_text);

class ModelManager {
 public:
  ModelManager(std::string models_directory, const AiBackends& backends)
      : directory_(std::move(models_directory)), backends_(backends) {}

  // TorchScript models need libtorch's module, which the AI process loads only on request.
  void UseTorch(Result<const TorchBackend*> torch) { torch_ = std::move(torch); }

  Status LoadModel(const std::string& id);
  // Each model whose last load failed (a damaged manifest or file), with why. Every use tries
  // again, so mended files are taken up; a load that works takes the model off.
  const std::map<std::string, std::string>& refused() const { return refused_; }
  void UnloadModel(const std::string& id);
  bool IsModelLoaded(const std::string& id) const { return models_.count(id) > 0; }
  // Loads the model and runs it once, so the first real request pays no first-use cost.
  Status WarmupModel(const std::string& id);

  // The loaded model, loading it first if needed.
  Result<const LanguageDetector*> Language(const std::string& id);
  Result<const TextClassifier*> Classifier(const std::string& id);
  Result<TextRecognizer*> Recognizer(const std::string& id);
  Result<const TextEmbedder*> Embedder(const std::string& id);

 private:
  struct Loaded {
    ModelManifest manifest;
    std::unique_ptr<LanguageDetector> language;
    std::unique_ptr<TextClassifier> classifier;
    std::unique_ptr<TextRecognizer> recognizer;
    std::unique_ptr<TextEmbedder> embedder;
  };
  Status Load(const std::string& id);
  // The model's file, after checking it against the manifest's SHA-256.
  Result<std::string> ReadChecked(const ModelManifest& manifest);
  Result<Loaded*> Get(const std::string& id);

  std::string directory_;
  const AiBackends& backends_;
  Result<const TorchBackend*> torch_ = Error("the TorchScript backend is not loaded");
  std::map<std::string, Loaded> models_;
  std::map<std::string, std::string> refused_;
};

}  // namespace nexus::ai
