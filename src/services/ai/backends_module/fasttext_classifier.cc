#include "services/ai/backends_module/fasttext_classifier.h"

#include <cstring>
#include <sstream>
#include <stdexcept>

namespace nexus::ai {
namespace {

// fasttext.cc's FASTTEXT_FILEFORMAT_MAGIC_INT32 and FASTTEXT_VERSION (not in its headers).
constexpr int32_t kFastTextMagic = 793712314;
constexpr int32_t kFastTextVersion = 12;

}  // namespace

Result<std::unique_ptr<TextClassifier>> FastTextClassifier::Load(std::string_view model) {
  auto classifier = std::make_unique<FastTextClassifier>();
  // fastText's stream loader expects the caller to have checked the header (what its file
  // loader does first): a magic number and the format version.
  int32_t magic = 0, version = 0;
  if (model.size() < 8)
    return Error("fastText model is truncated");
  std::memcpy(&magic, model.data(), 4);
  std::memcpy(&version, model.data() + 4, 4);
  if (magic != kFastTextMagic || version > kFastTextVersion)
    return Error("not a fastText model (or a newer format than this fastText reads)");
  std::istringstream in{std::string(model.substr(8))};
  try {
    // fastText reports a bad file by throwing; it stops here, at the module's boundary.
    classifier->model_.loadModel(in);
  } catch (const std::exception& error) {
    return Error(std::string("fastText model does not load: ") + error.what());
  }
  return std::unique_ptr<TextClassifier>(std::move(classifier));
}

std::vector<Label> FastTextClassifier::Classify(std::string_view text, int k) const {
  std::string line(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r')
      c = ' ';
  }
  line += "\n";
  std::istringstream in(line);
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  model_.predictLine(in, predictions, k, 0.0);
  std::vector<Label> labels;
  constexpr std::string_view kPrefix = "__label__";
  for (auto& [probability, name] : predictions) {
    std::string label = name.rfind(kPrefix, 0) == 0 ? name.substr(kPrefix.size()) : name;
    labels.push_back({label, static_cast<float>(probability)});
  }
  return labels;
}

}  // namespace nexus::ai
