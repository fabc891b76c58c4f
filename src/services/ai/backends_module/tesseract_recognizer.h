// OCR with Tesseract (LSTM engine), its model given as bytes; images decoded by Leptonica.
#pragma once

#include <tesseract/baseapi.h>

#include <memory>
#include <string>

#include "services/ai/ai_backends.h"

namespace nexus::ai {

class TesseractRecognizer : public TextRecognizer {
 public:
  static Result<std::unique_ptr<TextRecognizer>> Load(std::string_view traineddata,
                                                      const std::string& language);
  ~TesseractRecognizer() override;
  Result<std::string> Recognize(std::string_view encoded_image) override;

 private:
  std::string traineddata_;  // Tesseract keeps pointers into it
  tesseract::TessBaseAPI api_;
};

}  // namespace nexus::ai
