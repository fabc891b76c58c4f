#include "services/ai/ai_backends.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <string>

namespace nexus::ai {
namespace {

// The module `file_name` beside the executable, and what its `symbol` creates.
Result<void*> Open(const char* file_name, const char* symbol) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0)
    return ErrnoError("find the nexus executable");
  std::string path(exe, static_cast<size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + file_name;
  void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!module)
    return Error(std::string("load ") + file_name + ": " + dlerror());
  void* create = dlsym(module, symbol);
  if (!create)
    return Error(path + " has no " + symbol);
  return create;
}

}  // namespace

Result<const AiBackends*> LoadAiBackends() {
  static Result<const AiBackends*> loaded = []() -> Result<const AiBackends*> {
    ASSIGN_OR_RETURN(void* create, Open("libnexus_ai_backends.so", kCreateAiBackendsSymbol));
    return reinterpret_cast<CreateAiBackendsFunction*>(create)();
  }();
  return loaded;
}

Result<const TorchBackend*> LoadTorchBackend() {
  static Result<const TorchBackend*> loaded = []() -> Result<const TorchBackend*> {
    ASSIGN_OR_RETURN(void* create, Open("libnexus_ai_torch.so", kCreateTorchBackendSymbol));
    return reinterpret_cast<CreateTorchBackendFunction*>(create)();
  }();
  return loaded;
}

}  // namespace nexus::ai
