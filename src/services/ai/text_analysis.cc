#include "services/ai/text_analysis.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

namespace nexus::ai {
namespace {

// Words that say nothing about a text, in the languages keywords are most asked for.
const std::set<std::string>& StopWords() {
  static const std::set<std::string> words = {
      "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are",
      "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
      "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "every",
      "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
      "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
      "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "one",
      "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some",
      "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
      "those", "through", "to", "too", "two", "under", "until", "up", "us", "very", "was", "we",
      "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
      "would", "you", "your", "yours", "may", "might", "must", "shall", "can't", "don't", "it's", "le", "la", "les", "de", "des", "du", "un", "une", "et",
      "est", "en", "que", "qui", "der", "die", "das", "und", "ist", "ein", "eine", "el", "los",
      "las", "y", "es", "por", "para", "con"};
  return words;
}

// Lower-case words of at least two letters (UTF-8 bytes above 0x7f count as letters).
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (current.size() >= 2)
      words.push_back(current);
    current.clear();
  };
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80 || (c == '\'' && !current.empty()))
      current += static_cast<char>(std::tolower(c));
    else
      flush();
  }
  flush();
  return words;
}

bool IsContentWord(const std::string& word) {
  return !StopWords().count(word) &&
         !std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::vector<std::string> SplitSentences(std::string_view text) {
  std::vector<std::string> sentences;
  std::string current;
  auto flush = [&] {
    size_t first = current.find_first_not_of(" \t");
    size_t last = current.find_last_not_of(" \t");
    if (first != std::string::npos && Words(current).size() >= 3)
      sentences.push_back(current.substr(first, last - first + 1));
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || c == '\r') {
      flush();
      continue;
    }
    current += c;
    bool ends = (c == '.' || c == '!' || c == '?') &&
                (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n');
    if (ends)
      flush();
  }
  flush();
  return sentences;
}

TextAnalysis AnalyzeText(std::string_view text, size_t keyword_count, size_t summary_sentences) {
  TextAnalysis analysis;
  std::vector<std::string> all_words = Words(text);
  analysis.word_count = static_cast<uint32_t>(all_words.size());
  analysis.reading_seconds = static_cast<uint32_t>(std::ceil(all_words.size() * 60.0 / 230.0));

  // Keywords: content words by frequency, damped (log) so one repeated word does not crowd
  // out the rest; ties broken alphabetically for a stable answer.
  std::map<std::string, int> counts;
  for (const std::string& word : all_words) {
    if (IsContentWord(word))
      ++counts[word];
  }
  std::vector<std::pair<std::string, int>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  int top = ranked.empty() ? 1 : ranked.front().second;
  for (size_t i = 0; i < ranked.size() && i < keyword_count; ++i) {
    analysis.keywords.push_back(
        {ranked[i].first, static_cast<float>(std::log1p(ranked[i].second) / std::log1p(top))});
  }

  // Summary: TextRank. Sentences are nodes; two are linked by the content words they share,
  // normalised by their lengths (Mihalcea and Tarau, 2004); the most central ones are kept.
  // The graph has a node pair per two sentences: past kMaxRankedSentences (long pages) only
  // the first ones are ranked, which is where articles put what they are about.
  std::vector<std::string> sentences = SplitSentences(text);
  if (sentences.size() > kMaxRankedSentences)
    sentences.resize(kMaxRankedSentences);
  size_t n = sentences.size();
  // Each sentence's content words as sorted word numbers: shared words by one merge.
  std::map<std::string, int> word_numbers;
  std::vector<std::vector<int>> bags(n);
  for (size_t i = 0; i < n; ++i) {
    for (const std::string& word : Words(sentences[i])) {
      if (IsContentWord(word))
        bags[i].push_back(word_numbers.emplace(word, word_numbers.size()).first->second);
    }
    std::sort(bags[i].begin(), bags[i].end());
    bags[i].erase(std::unique(bags[i].begin(), bags[i].end()), bags[i].end());
  }
  struct Edge {
    size_t to;
    double weight;
  };
  std::vector<std::vector<Edge>> edges(n);
  std::vector<double> out_weight(n, 0), score(n, 1.0);
  for (size_t i = 0; i < n; ++i) {
    if (bags[i].size() < 2)
      continue;
    for (size_t j = i + 1; j < n; ++j) {
      if (bags[j].size() < 2)
        continue;
      size_t shared = 0;
      for (auto a = bags[i].begin(), b = bags[j].begin(); a != bags[i].end() && b != bags[j].end();) {
        if (*a == *b) {
          ++shared, ++a, ++b;
        } else if (*a < *b) {
          ++a;
        } else {
          ++b;
        }
      }
      if (shared == 0)
        continue;
      double w = shared / (std::log(static_cast<double>(bags[i].size())) +
                           std::log(static_cast<double>(bags[j].size())));
      edges[i].push_back({j, w});
      edges[j].push_back({i, w});
      out_weight[i] += w;
      out_weight[j] += w;
    }
  }
  constexpr double kDamping = 0.85;
  for (int iteration = 0; iteration < 50; ++iteration) {
    std::vector<double> next(n, 1 - kDamping);
    for (size_t j = 0; j < n; ++j) {
      for (const Edge& edge : edges[j])
        next[edge.to] += kDamping * edge.weight / out_weight[j] * score[j];
    }
    score = std::move(next);
  }
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });
  order.resize(std::min(order.size(), summary_sentences));
  std::sort(order.begin(), order.end());  // in the text's order
  for (size_t i : order)
    analysis.summary.push_back(sentences[i]);
  return analysis;
}

}  // namespace nexus::ai
