// Language detection with CLD2 (Compact Language Detector 2; its tables are compiled in, so
// it needs no model file).
#pragma once

#include "services/ai/ai_backends.h"

namespace nexus::ai {

class Cld2Detector : public LanguageDetector {
 public:
  std::vector<Label> Detect(std::string_view utf8_text) const override;
};

}  // namespace nexus::ai
