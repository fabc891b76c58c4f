// What `nexus analyze` says about a page's text besides its language: keywords, an
// extractive summary (TextRank over sentences), word count and reading time. Plain
// algorithms, no model: they run in the AI process next to the models.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/ai/ai_backends.h"

namespace nexus::ai {

struct TextAnalysis {
  std::vector<Label> keywords;         // most characteristic words, best first
  std::vector<std::string> summary;    // the most central sentences, in the text's order
  uint32_t word_count = 0;             // words of two letters or more
  uint32_t reading_seconds = 0;        // at 230 words a minute
};

// The summary ranks at most this many sentences, the first of the text.
inline constexpr size_t kMaxRankedSentences = 300;

// `text` is the page's visible text with one block (paragraph, heading, item) per line.
TextAnalysis AnalyzeText(std::string_view text, size_t keyword_count = 8,
                         size_t summary_sentences = 3);

// Sentences of `text`: split at . ! ? followed by a space or a line end, and at line ends.
std::vector<std::string> SplitSentences(std::string_view text);

}  // namespace nexus::ai
