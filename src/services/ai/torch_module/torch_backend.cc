// libnexus_ai_torch.so: libtorch behind ai_backends.h's TorchBackend.
#include <ATen/Parallel.h>

#include "services/ai/ai_backends.h"
#include "services/ai/torch_module/torchscript_embedder.h"

namespace nexus::ai {
namespace {

class Torch : public TorchBackend {
 public:
  Torch() {
    // The AI process runs at background priority with one inference thread: tabs come first.
    at::set_num_threads(1);
    at::set_num_interop_threads(1);
  }
  Result<std::unique_ptr<TextEmbedder>> LoadTorchScript(std::string_view model) const override {
    return TorchScriptEmbedder::Load(model);
  }
};

}  // namespace
}  // namespace nexus::ai

extern "C" __attribute__((visibility("default"))) nexus::ai::TorchBackend* NexusCreateTorchBackend() {
  static nexus::ai::Torch torch;
  return &torch;
}
