#include "services/ai/text_analysis.h"

#include <gtest/gtest.h>

namespace nexus::ai {
namespace {

TEST(TextAnalysis, SentencesSplitAtStopsAndLines) {
  auto sentences = SplitSentences(
      "Browsers split work. Why do they do that? Because faults stay apart!\n"
      "The heading line\nVersion 1.5 ships today with fixes.");
  ASSERT_EQ(sentences.size(), 5u);  // a line of fewer than three words is no sentence
  EXPECT_EQ(sentences[0], "Browsers split work.");
  EXPECT_EQ(sentences[1], "Why do they do that?");
  EXPECT_EQ(sentences[3], "The heading line");
  EXPECT_EQ(sentences[4], "Version 1.5 ships today with fixes.") << "a decimal point is not a stop";
}

TEST(TextAnalysis, KeywordsSummaryAndReadingTime) {
  std::string text =
      "Renderers draw pages inside a sandbox.\n"
      "The sandbox keeps a renderer away from files and sockets.\n"
      "A renderer that crashes takes only its own tab down, and the sandbox stays closed.\n"
      "Lunch was pleasant.\n"
      "Each renderer asks the main process for every file a page needs, so the sandbox never "
      "has to open.\n";
  TextAnalysis analysis = AnalyzeText(text, 3, 2);
  ASSERT_EQ(analysis.keywords.size(), 3u);
  EXPECT_EQ(analysis.keywords[0].name, "sandbox");
  EXPECT_EQ(analysis.keywords[1].name, "renderer");
  EXPECT_FLOAT_EQ(analysis.keywords[0].score, 1.0f);
  ASSERT_EQ(analysis.summary.size(), 2u);
  for (const std::string& sentence : analysis.summary)
    EXPECT_EQ(sentence.find("Lunch"), std::string::npos) << "the off-topic sentence is not central";
  EXPECT_EQ(analysis.word_count, 49u);  // words of two letters or more
  EXPECT_EQ(analysis.reading_seconds, 13u);  // 49 words at 230 a minute
  TextAnalysis empty = AnalyzeText("");
  EXPECT_TRUE(empty.keywords.empty());
  EXPECT_TRUE(empty.summary.empty());
  EXPECT_EQ(empty.reading_seconds, 0u);
}

TEST(TextAnalysis, ALongPageIsSummarisedFromItsFirstSentencesAndCountedWhole) {
  std::string text;
  for (size_t i = 0; i < kMaxRankedSentences; ++i)
    text += "Sandboxed renderers draw pages while main keeps files and sockets " +
            std::to_string(i) + ".\n";
  for (int i = 0; i < 2000; ++i)
    text += "Gardeners water tomatoes and basil every morning in summer.\n";
  TextAnalysis analysis = AnalyzeText(text, 3, 2);
  ASSERT_EQ(analysis.summary.size(), 2u);
  for (const std::string& sentence : analysis.summary)
    EXPECT_EQ(sentence.find("Gardeners"), std::string::npos) << "past the ranked part";
  // Keywords count every word: the garden words, 2000 times each (ties alphabetical).
  EXPECT_EQ(analysis.keywords[0].name, "basil");
  // 11 words a ranked line but for the ten one-digit numbers, 9 a garden line.
  EXPECT_EQ(analysis.word_count, kMaxRankedSentences * 11 - 10 + 2000 * 9);
}

}  // namespace
}  // namespace nexus::ai
