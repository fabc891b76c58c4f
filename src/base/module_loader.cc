#include "base/module_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <string>

namespace nexus {

Result<void*> OpenModuleBesideExecutable(const char* file_name, const char* symbol) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0)
    return ErrnoError("find the nexus executable");
  std::string path(exe, static_cast<size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + file_name;
  void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!module)
    return Error(std::string("load ") + file_name + ": " + dlerror());
  void* found = dlsym(module, symbol);
  if (!found)
    return Error(path + " has no " + symbol);
  return found;
}

}  // namespace nexus
