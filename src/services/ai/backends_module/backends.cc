// libnexus_ai_backends.so: the real inference libraries behind ai_backends.h.
#include <openssl/evp.h>

#include <cstdio>
#include <sstream>

#include "services/ai/ai_backends.h"
#include "services/ai/backends_module/cld2_detector.h"
#include "services/ai/backends_module/fasttext_classifier.h"
#include "services/ai/backends_module/tesseract_recognizer.h"

namespace nexus::ai {
namespace {

class Backends : public AiBackends {
 public:
  std::unique_ptr<LanguageDetector> CreateLanguageDetector() const override {
    return std::make_unique<Cld2Detector>();
  }
  Result<std::unique_ptr<TextClassifier>> LoadFastText(std::string_view model) const override {
    return FastTextClassifier::Load(model);
  }
  Result<std::unique_ptr<TextRecognizer>> LoadTesseract(std::string_view traineddata,
                                                        const std::string& language) const override {
    return TesseractRecognizer::Load(traineddata, language);
  }
  std::string Sha256Hex(std::string_view bytes) const override {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
    std::string hex;
    char pair[3];
    for (unsigned int i = 0; i < length; ++i) {
      std::snprintf(pair, sizeof(pair), "%02x", digest[i]);
      hex += pair;
    }
    return hex;
  }
};

}  // namespace
}  // namespace nexus::ai

extern "C" __attribute__((visibility("default"))) nexus::ai::AiBackends* NexusCreateAiBackends() {
  static nexus::ai::Backends backends;
  return &backends;
}
