// The inference backends the AI process runs (spec "AI Process"), behind interfaces of ours.
// They live in a module of their own (libnexus_ai_backends.so, backends_module/) that only the
// AI process loads, before its sandbox closes: their libraries (fastText, CLD2, Tesseract, and
// later libtorch) would otherwise slow every exec of every process type, as libcurl did
// (docs/benchmarks.md).
#pragma once

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

// The module's one exported symbol.
extern "C" using CreateAiBackendsFunction = AiBackends* ();
inline constexpr char kCreateAiBackendsSymbol[] = "NexusCreateAiBackends";

// Loads the module that sits beside the nexus executable; the pointer lives as long as the
// process.
Result<const AiBackends*> LoadAiBackends();

}  // namespace nexus::ai
