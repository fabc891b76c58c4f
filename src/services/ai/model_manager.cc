#include "services/ai/model_manager.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "base/logging.h"
#include "base/scoped_fd.h"
#include "services/ai/text_embedding.h"

namespace nexus::ai {
namespace {

constexpr size_t kMaxModelBytes = 1ull << 30;

Result<std::string> ReadWhole(const std::string& path, size_t limit) {
  ScopedFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid())
    return ErrnoError("open " + path);
  std::string content;
  // One allocation of the right size: each fresh page costs a fault, and models are MBs.
  struct stat st {};
  if (fstat(fd.get(), &st) == 0 && st.st_size > 0 && static_cast<size_t>(st.st_size) <= limit)
    content.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  ssize_t n;
  while ((n = read(fd.get(), buffer, sizeof(buffer))) > 0) {
    content.append(buffer, static_cast<size_t>(n));
    if (content.size() > limit)
      return Error(path + " is larger than " + std::to_string(limit >> 20) + " MiB");
  }
  if (n < 0)
    return ErrnoError("read " + path);
  return content;
}

bool IsSafeName(const std::string& name) {
  return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
}

}  // namespace

Result<ModelManifest> ParseManifest(const std::string& json_text) {
  auto json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object())
    return Error("manifest is not a JSON object");
  ModelManifest manifest;
  for (auto [key, field] : {std::pair{"id", &manifest.id}, std::pair{"task", &manifest.task},
                            std::pair{"backend", &manifest.backend},
                            std::pair{"file", &manifest.file},
                            std::pair{"sha256", &manifest.sha256},
                            std::pair{"licence", &manifest.licence}}) {
    if (!json.contains(key) || !json[key].is_string())
      return Error(std::string("manifest has no text field '") + key + "'");
    *field = json[key].get<std::string>();
  }
  if (!IsSafeName(manifest.id))
    return Error("manifest id '" + manifest.id + "' is not a plain name");
  if (!manifest.file.empty() && !IsSafeName(manifest.file))
    return Error("manifest file '" + manifest.file + "' must be a file in the model's directory");
  return manifest;
}

Status ModelManager::LoadModel(const std::string& id) {
  if (IsModelLoaded(id))
    return OkStatus();
  Status status = Load(id);
  if (status.ok()) {
    refused_.erase(id);
    return status;
  }
  std::string& why = refused_[id];
  if (why != status.error().message()) {  // logged once, not on every use
    why = status.error().message();
    LOG(Warning) << "model " << id << " refused: " << why;
  }
  return status;
}

Status ModelManager::Load(const std::string& id) {
  if (!IsSafeName(id))
    return Error("no model '" + id + "'");
  std::string model_directory = directory_ + "/" + id;
  ASSIGN_OR_RETURN(std::string manifest_text,
                   ReadWhole(model_directory + "/manifest.json", 1 << 20));
  auto manifest = ParseManifest(manifest_text);
  if (!manifest.ok())
    return manifest.error().Context("model " + id);
  if (manifest->id != id)
    return Error("model " + id + ": its manifest says it is '" + manifest->id + "'");
  Loaded loaded;
  loaded.manifest = *manifest;
  if (manifest->backend == "cld2") {
    loaded.language = backends_.CreateLanguageDetector();
  } else if (manifest->backend == "fasttext") {
    ASSIGN_OR_RETURN(std::string bytes, ReadChecked(*manifest));
    ASSIGN_OR_RETURN(loaded.classifier, backends_.LoadFastText(bytes));
  } else if (manifest->backend == "tesseract") {
    ASSIGN_OR_RETURN(std::string bytes, ReadChecked(*manifest));
    std::string language = manifest->file.substr(0, manifest->file.find('.'));  // eng.traineddata
    ASSIGN_OR_RETURN(loaded.recognizer, backends_.LoadTesseract(bytes, language));
  } else if (manifest->backend == "torchscript") {
    if (!torch_.ok())
      return torch_.error().Context("model " + id);
    ASSIGN_OR_RETURN(std::string bytes, ReadChecked(*manifest));
    auto embedder = (*torch_)->LoadTorchScript(bytes);
    if (!embedder.ok())
      return embedder.error().Context("model " + id);
    if ((*embedder)->tokenizer() != kHashedWordsTokenizer)
      return Error("model " + id + " was trained with tokenizer '" + (*embedder)->tokenizer() +
                   "', this build has '" + kHashedWordsTokenizer + "'");
    loaded.embedder = std::move(embedder).value();
  } else {
    return Error("model " + id + ": no backend '" + manifest->backend + "'");
  }
  models_[id] = std::move(loaded);
  return OkStatus();
}

Result<std::string> ModelManager::ReadChecked(const ModelManifest& manifest) {
  ASSIGN_OR_RETURN(std::string bytes,
                   ReadWhole(directory_ + "/" + manifest.id + "/" + manifest.file, kMaxModelBytes));
  std::string sha = backends_.Sha256Hex(bytes);
  if (sha != manifest.sha256)
    return Error("model " + manifest.id + ": " + manifest.file + " has SHA-256 " +
                 sha.substr(0, 16) + "..., the manifest says " + manifest.sha256.substr(0, 16) +
                 "...");
  return bytes;
}

void ModelManager::UnloadModel(const std::string& id) {
  models_.erase(id);
}

Status ModelManager::WarmupModel(const std::string& id) {
  ASSIGN_OR_RETURN(Loaded * model, Get(id));
  if (model->language)
    model->language->Detect("warm up");
  if (model->classifier)
    model->classifier->Classify("warm up", 1);
  if (model->embedder)
    TRY_STATUS(EmbedTexts(*model->embedder, {"warm up"}));
  return OkStatus();
}

Result<ModelManager::Loaded*> ModelManager::Get(const std::string& id) {
  TRY_STATUS(LoadModel(id));
  return &models_.at(id);
}

Result<const LanguageDetector*> ModelManager::Language(const std::string& id) {
  ASSIGN_OR_RETURN(Loaded * model, Get(id));
  if (!model->language)
    return Error("model " + id + " does not detect languages");
  return static_cast<const LanguageDetector*>(model->language.get());
}

Result<TextRecognizer*> ModelManager::Recognizer(const std::string& id) {
  ASSIGN_OR_RETURN(Loaded * model, Get(id));
  if (!model->recognizer)
    return Error("model " + id + " does not read text");
  return model->recognizer.get();
}

Result<const TextClassifier*> ModelManager::Classifier(const std::string& id) {
  ASSIGN_OR_RETURN(Loaded * model, Get(id));
  if (!model->classifier)
    return Error("model " + id + " is not a classifier");
  return static_cast<const TextClassifier*>(model->classifier.get());
}

Result<const TextEmbedder*> ModelManager::Embedder(const std::string& id) {
  ASSIGN_OR_RETURN(Loaded * model, Get(id));
  if (!model->embedder)
    return Error("model " + id + " does not embed text");
  return static_cast<const TextEmbedder*>(model->embedder.get());
}

}  // namespace nexus::ai
