// A fastText supervised classifier loaded from the model's bytes.
#pragma once

#include <fasttext/fasttext.h>

#include <memory>

#include "services/ai/ai_backends.h"

namespace nexus::ai {

class FastTextClassifier : public TextClassifier {
 public:
  static Result<std::unique_ptr<TextClassifier>> Load(std::string_view model);
  std::vector<Label> Classify(std::string_view text, int k) const override;

 private:
  fasttext::FastText model_;
};

}  // namespace nexus::ai
