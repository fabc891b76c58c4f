#include "services/ai/ai_backends.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <string>

namespace nexus::ai {
namespace {

Result<const AiBackends*> Open() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0)
    return ErrnoError("find the nexus executable");
  std::string path(exe, static_cast<size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + "libnexus_ai_backends.so";
  void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!module)
    return Error(std::string("load the AI backends: ") + dlerror());
  auto* create = reinterpret_cast<CreateAiBackendsFunction*>(dlsym(module, kCreateAiBackendsSymbol));
  if (!create)
    return Error(path + " has no " + kCreateAiBackendsSymbol);
  return static_cast<const AiBackends*>(create());
}

}  // namespace

Result<const AiBackends*> LoadAiBackends() {
  static Result<const AiBackends*> loaded = Open();
  return loaded;
}

}  // namespace nexus::ai
