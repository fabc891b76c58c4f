// Text to vectors through a TextEmbedder, and the tokenizer the shipped TorchScript embedder was trained with
// (tools/ai/train_embedder.py): words are runs of ASCII letters and digits or of non-ASCII
// bytes, ASCII lowercased; each word and each pair of neighbouring words ("a b") is hashed
// with 32-bit FNV-1a into `buckets`. The two sides must agree byte for byte, so the model
// carries this tokenizer's name and the AI process refuses a model that names another.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "services/ai/ai_backends.h"
#include "services/ai/public/vector_similarity.h"

namespace nexus::ai {

inline constexpr char kHashedWordsTokenizer[] = "fnv1a32-words-pairs-v1";
// Words beyond this many are not read (the Python side caps at the same count).
inline constexpr size_t kMaxHashedWords = 20000;

uint32_t Fnv1a32(std::string_view bytes);
std::vector<int64_t> HashedTokenIds(std::string_view utf8_text, int64_t buckets);

// One unit vector per text, the batch in one pass; a text without a word is an error (its
// vector would say nothing about it).
Result<std::vector<std::vector<float>>> EmbedTexts(const TextEmbedder& embedder,
                                                   const std::vector<std::string_view>& texts);

}  // namespace nexus::ai
