#include "services/ai/torch_module/torchscript_embedder.h"

#include <sstream>

namespace nexus::ai {
namespace {

// libtorch's messages carry a C++ backtrace after the first line: the first line says it.
std::string FirstLine(const char* what) {
  std::string text(what);
  return text.substr(0, text.find('\n'));
}

}  // namespace

Result<std::unique_ptr<TextEmbedder>> TorchScriptEmbedder::Load(std::string_view model) {
  try {
    std::istringstream bytes{std::string(model)};
    auto embedder = std::unique_ptr<TorchScriptEmbedder>(
        new TorchScriptEmbedder(torch::jit::load(bytes, torch::kCPU)));
    embedder->module_.eval();
    if (!embedder->module_.hasattr("tokenizer") || !embedder->module_.hasattr("buckets"))
      return Error("the TorchScript model names no tokenizer and buckets");
    embedder->tokenizer_ = embedder->module_.attr("tokenizer").toStringRef();
    embedder->buckets_ = embedder->module_.attr("buckets").toInt();
    if (embedder->buckets_ <= 0)
      return Error("the TorchScript model has " + std::to_string(embedder->buckets_) + " buckets");
    // TorchScript's executor profiles a graph's first runs and optimises it after them: run
    // those here, so no request pays for them (the first took ~10x the steady time).
    for (int run = 0; run < 2; ++run)
      TRY_STATUS(embedder->Embed({{0}}));
    return std::unique_ptr<TextEmbedder>(std::move(embedder));
  } catch (const std::exception& error) {
    return Error("not a usable TorchScript model: " + FirstLine(error.what()));
  }
}

Result<std::vector<std::vector<float>>> TorchScriptEmbedder::Embed(
    const std::vector<std::vector<int64_t>>& token_ids) const {
  if (token_ids.empty())
    return std::vector<std::vector<float>>{};
  std::vector<int64_t> ids, offsets;
  for (const std::vector<int64_t>& text : token_ids) {
    offsets.push_back(static_cast<int64_t>(ids.size()));
    for (int64_t id : text) {
      if (id < 0 || id >= buckets_)
        return Error("token id " + std::to_string(id) + " is outside the model's buckets");
      ids.push_back(id);
    }
  }
  try {
    c10::InferenceMode inference;
    auto options = torch::TensorOptions().dtype(torch::kLong);
    torch::Tensor id_tensor = torch::from_blob(ids.data(), {static_cast<int64_t>(ids.size())}, options);
    torch::Tensor offset_tensor =
        torch::from_blob(offsets.data(), {static_cast<int64_t>(offsets.size())}, options);
    torch::Tensor out = module_.forward({id_tensor, offset_tensor}).toTensor().contiguous();
    if (out.dim() != 2 || out.size(0) != static_cast<int64_t>(token_ids.size()) ||
        out.scalar_type() != torch::kFloat) {
      return Error("the TorchScript model returned " + std::to_string(out.dim()) +
                   "-d output, not one float row per text");
    }
    std::vector<std::vector<float>> vectors;
    const float* data = out.data_ptr<float>();
    const int64_t width = out.size(1);
    for (int64_t row = 0; row < out.size(0); ++row)
      vectors.emplace_back(data + row * width, data + (row + 1) * width);
    return vectors;
  } catch (const std::exception& error) {
    return Error("the TorchScript model failed: " + FirstLine(error.what()));
  }
}

}  // namespace nexus::ai
