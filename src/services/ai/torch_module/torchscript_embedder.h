// A text embedder exported from PyTorch as TorchScript (tools/ai/train_embedder.py), run by
// libtorch. The module holds its own contract: "tokenizer" and "buckets" attributes, and
// forward(ids, offsets) returning one row per text.
#pragma once

#include <torch/script.h>

#include "services/ai/ai_backends.h"

namespace nexus::ai {

class TorchScriptEmbedder : public TextEmbedder {
 public:
  static Result<std::unique_ptr<TextEmbedder>> Load(std::string_view model);

  const std::string& tokenizer() const override { return tokenizer_; }
  int64_t buckets() const override { return buckets_; }
  Result<std::vector<std::vector<float>>> Embed(
      const std::vector<std::vector<int64_t>>& token_ids) const override;

 private:
  explicit TorchScriptEmbedder(torch::jit::Module module) : module_(std::move(module)) {}

  // forward() is not const in libtorch's API, though running it changes nothing.
  mutable torch::jit::Module module_;
  std::string tokenizer_;
  int64_t buckets_ = 0;
};

}  // namespace nexus::ai
