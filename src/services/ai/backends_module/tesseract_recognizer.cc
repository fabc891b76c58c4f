#include "services/ai/backends_module/tesseract_recognizer.h"

#include <leptonica/allheaders.h>
#include <stdlib.h>

namespace nexus::ai {
namespace {

// Pages larger than this are refused before decoding (a few bytes of header can claim
// gigapixels), as the renderer's decoder does.
constexpr int64_t kMaxPixels = 64ll << 20;

}  // namespace

Result<std::unique_ptr<TextRecognizer>> TesseractRecognizer::Load(std::string_view traineddata,
                                                                   const std::string& language) {
  // Tesseract's OpenMP threads: one, so OCR never starves the tabs (DESIGN.md §9: 80 ms
  // instead of 950 ms per page here with more).
  setenv("OMP_THREAD_LIMIT", "1", 1);
  auto recognizer = std::unique_ptr<TesseractRecognizer>(new TesseractRecognizer());
  recognizer->traineddata_ = std::string(traineddata);
  if (recognizer->api_.Init(recognizer->traineddata_.data(),
                            static_cast<int>(recognizer->traineddata_.size()), language.c_str(),
                            tesseract::OEM_LSTM_ONLY, nullptr, 0, nullptr, nullptr, false,
                            nullptr) != 0)
    return Error("Tesseract does not load the '" + language + "' model");
  recognizer->api_.SetPageSegMode(tesseract::PSM_AUTO);
  // Pages are drawn at 96 CSS pixels per inch; saying so spares Tesseract its guess (and the
  // line it prints about it).
  recognizer->api_.SetVariable("user_defined_dpi", "96");
  return std::unique_ptr<TextRecognizer>(std::move(recognizer));
}

TesseractRecognizer::~TesseractRecognizer() {
  api_.End();
}

Result<std::string> TesseractRecognizer::Recognize(std::string_view encoded_image) {
  l_int32 format = IFF_UNKNOWN;
  const auto* bytes = reinterpret_cast<const l_uint8*>(encoded_image.data());
  l_int32 width = 0, height = 0;
  if (findFileFormatBuffer(bytes, &format) != 0 || format == IFF_UNKNOWN ||
      pixReadHeaderMem(bytes, encoded_image.size(), nullptr, &width, &height, nullptr, nullptr,
                       nullptr) != 0)
    return Error("not an image Tesseract can read");
  if (width <= 0 || height <= 0 || static_cast<int64_t>(width) * height > kMaxPixels)
    return Error("image of " + std::to_string(width) + "x" + std::to_string(height) +
                 " pixels is too large to read");
  Pix* pix = pixReadMem(bytes, encoded_image.size());
  if (!pix)
    return Error("image does not decode");
  api_.SetImage(pix);
  char* text = api_.GetUTF8Text();
  pixDestroy(&pix);
  if (!text)
    return Error("Tesseract found no text");
  std::string out(text);
  delete[] text;
  api_.Clear();
  return out;
}

}  // namespace nexus::ai
