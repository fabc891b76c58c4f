#include "services/ai/text_embedding.h"

#include <cmath>
#include <string>

namespace nexus::ai {

uint32_t Fnv1a32(std::string_view bytes) {
  uint32_t hash = 0x811C9DC5u;
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 0x01000193u;
  }
  return hash;
}

std::vector<int64_t> HashedTokenIds(std::string_view utf8_text, int64_t buckets) {
  std::vector<std::string> words;
  std::string current;
  for (unsigned char byte : utf8_text) {
    bool ascii_alnum = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                       (byte >= '0' && byte <= '9');
    if (ascii_alnum || byte >= 0x80) {
      current += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + ('a' - 'A') : byte);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
      if (words.size() == kMaxHashedWords)
        break;
    }
  }
  if (!current.empty() && words.size() < kMaxHashedWords)
    words.push_back(std::move(current));
  std::vector<int64_t> ids;
  ids.reserve(words.size() * 2);
  for (const std::string& word : words)
    ids.push_back(static_cast<int64_t>(Fnv1a32(word) % static_cast<uint32_t>(buckets)));
  for (size_t i = 1; i < words.size(); ++i) {
    ids.push_back(static_cast<int64_t>(Fnv1a32(words[i - 1] + " " + words[i]) %
                                       static_cast<uint32_t>(buckets)));
  }
  return ids;
}

Result<std::vector<std::vector<float>>> EmbedTexts(const TextEmbedder& embedder,
                                                   const std::vector<std::string_view>& texts) {
  std::vector<std::vector<int64_t>> ids;
  for (std::string_view text : texts) {
    ids.push_back(HashedTokenIds(text, embedder.buckets()));
    if (ids.back().empty())
      return Error("a text without words has no vector");
  }
  return embedder.Embed(ids);
}

}  // namespace nexus::ai
