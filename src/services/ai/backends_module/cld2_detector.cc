#include "services/ai/backends_module/cld2_detector.h"

#include <cld2/public/compact_lang_det.h>

#include <string>

namespace nexus::ai {

namespace {

// CLD2 must be given valid UTF-8 (it reads past bad sequences); anything else becomes spaces.
std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (size_t j = 1; valid && j < length; ++j)
      valid = (static_cast<unsigned char>(text[i + j]) >> 6) == 0x2;
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += ' ';
      ++i;
    }
  }
  return out;
}

// CLD2 keeps a few codes ISO 639-1 has since replaced, and tags scripts on some: the
// feature promises plain ISO 639-1.
std::string IsoCode(CLD2::Language language) {
  std::string code = CLD2::LanguageCode(language);
  if (code == "iw")
    return "he";
  if (code == "in")
    return "id";
  if (code == "ji")
    return "yi";
  return code.substr(0, code.find('-'));  // zh-Hant
}

}  // namespace

std::vector<Label> Cld2Detector::Detect(std::string_view utf8_text) const {
  std::string text = ValidUtf8(utf8_text);
  CLD2::Language top3[3];
  int percents[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::Language summary = CLD2::ExtDetectLanguageSummary(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, top3, percents,
      &text_bytes, &reliable);
  std::vector<Label> labels;
  for (int i = 0; i < 3; ++i) {
    if (top3[i] == CLD2::UNKNOWN_LANGUAGE || percents[i] == 0)
      continue;
    labels.push_back({IsoCode(top3[i]), percents[i] / 100.0f});
  }
  // Short texts can leave the top three empty while the summary still names a language.
  if (labels.empty() && summary != CLD2::UNKNOWN_LANGUAGE)
    labels.push_back({IsoCode(summary), reliable ? 1.0f : 0.5f});
  return labels;
}

}  // namespace nexus::ai
