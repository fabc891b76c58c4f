#include "services/gpu/gpu_backends.h"

#include "base/module_loader.h"

namespace nexus::gpu {

Result<const GpuBackends*> LoadGpuBackends() {
  static Result<const GpuBackends*> loaded = []() -> Result<const GpuBackends*> {
    ASSIGN_OR_RETURN(void* create, OpenModuleBesideExecutable("libnexus_gpu_backends.so",
                                                              kCreateGpuBackendsSymbol));
    return reinterpret_cast<CreateGpuBackendsFunction*>(create)();
  }();
  return loaded;
}

}  // namespace nexus::gpu
