// The inference backends the AI process runs (spec "AI Process"), behind interfaces of ours.
// They live in a module of their own (libnexus_ai_backends.so, backends_module/) that only the
// AI process loads, before its sandbox closes: their libraries (fastText, CLD2, Tesseract, and
// libtorch) would otherwise slow every exec of every process type, as libcurl did
// (docs/benchmarks.md). libtorch has a module of its own (torch_module/): Debian's build pulls
// in ~280 libraries and takes ~0.6 s to load, so the AI process loads it only when main says
// embeddings will be asked for (--ai-torch).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace nexus::ai {

struct Label {
  std::string name;
  float score = 0;
};

// Language of a text: ISO 639-1 codes ("en", "fr"), most likely first.
class LanguageDetector {
 public:
  virtual ~LanguageDetector() = default;
  virtual std::vector<Label> Detect(std::string_view utf8_text) const = 0;
};

// A fastText supervised classifier: the k most likely labels ("__label__" stripped).
class TextClassifier {
 public:
  virtual ~TextClassifier() = default;
  virtual std::vector<Label> Classify(std::string_view text, int k) const = 0;
};

// Text in an image (OCR). The image is encoded (PNG, JPEG, ...), as pages carry them.
class TextRecognizer {
 public:
  virtual ~TextRecognizer() = default;
  virtual Result<std::string> Recognize(std::string_view encoded_image) = 0;
};

// A TorchScript text embedder: one unit vector per text, from the ids of its hashed tokens
// (text_hashing.h makes them with the tokenizer the model names).
class TextEmbedder {
 public:
  virtual ~TextEmbedder() = default;
  virtual const std::string& tokenizer() const = 0;
  virtual int64_t buckets() const = 0;
  // Every text of the batch in one forward pass.
  virtual Result<std::vector<std::vector<float>>> Embed(
      const std::vector<std::vector<int64_t>>& token_ids) const = 0;
};

class AiBackends {
 public:
  virtual ~AiBackends() = default;
  virtual std::unique_ptr<LanguageDetector> CreateLanguageDetector() const = 0;
  // From the model file's bytes (the process reads them; the backend never opens a path).
  virtual Result<std::unique_ptr<TextClassifier>> LoadFastText(std::string_view model) const = 0;
  // Tesseract, from a .traineddata file's bytes.
  virtual Result<std::unique_ptr<TextRecognizer>> LoadTesseract(std::string_view traineddata,
                                                                const std::string& language) const = 0;
  virtual std::string Sha256Hex(std::string_view bytes) const = 0;
};

class TorchBackend {
 public:
  virtual ~TorchBackend() = default;
  // A TorchScript module (torch.jit.save) from its bytes, run on the CPU with one thread.
  virtual Result<std::unique_ptr<TextEmbedder>> LoadTorchScript(std::string_view model) const = 0;
};

// Each module's one exported symbol.
extern "C" using CreateAiBackendsFunction = AiBackends* ();
inline constexpr char kCreateAiBackendsSymbol[] = "NexusCreateAiBackends";
extern "C" using CreateTorchBackendFunction = TorchBackend* ();
inline constexpr char kCreateTorchBackendSymbol[] = "NexusCreateTorchBackend";

// Load the modules that sit beside the nexus executable (once; the pointers live as long as
// the process).
Result<const AiBackends*> LoadAiBackends();
Result<const TorchBackend*> LoadTorchBackend();

}  // namespace nexus::ai
