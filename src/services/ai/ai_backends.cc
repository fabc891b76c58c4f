#include "services/ai/ai_backends.h"

#include "base/module_loader.h"

namespace nexus::ai {

Result<const AiBackends*> LoadAiBackends() {
  static Result<const AiBackends*> loaded = []() -> Result<const AiBackends*> {
    ASSIGN_OR_RETURN(void* create, OpenModuleBesideExecutable("libnexus_ai_backends.so",
                                                              kCreateAiBackendsSymbol));
    return reinterpret_cast<CreateAiBackendsFunction*>(create)();
  }();
  return loaded;
}

Result<const TorchBackend*> LoadTorchBackend() {
  static Result<const TorchBackend*> loaded = []() -> Result<const TorchBackend*> {
    ASSIGN_OR_RETURN(void* create,
                     OpenModuleBesideExecutable("libnexus_ai_torch.so", kCreateTorchBackendSymbol));
    return reinterpret_cast<CreateTorchBackendFunction*>(create)();
  }();
  return loaded;
}

}  // namespace nexus::ai
