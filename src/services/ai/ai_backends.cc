#include "services/ai/ai_backends.h"

#include <cstdlib>

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
    // OpenBLAS starts its thread pool, one thread per core, as it is loaded; inference here
    // runs on one thread (torch_module), so the pool would only idle (and LeakSanitizer's
    // tracer has crashed stopping it at exit). Unless the user asked for a number.
    setenv("OPENBLAS_NUM_THREADS", "1", /*overwrite=*/0);
    ASSIGN_OR_RETURN(void* create,
                     OpenModuleBesideExecutable("libnexus_ai_torch.so", kCreateTorchBackendSymbol));
    return reinterpret_cast<CreateTorchBackendFunction*>(create)();
  }();
  return loaded;
}

}  // namespace nexus::ai
