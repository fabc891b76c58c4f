#include "services/renderer/js/script_engine.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>

namespace nexus::renderer {

namespace {

ScriptEngine* g_started_engine = nullptr;

}  // namespace

Result<CreateScriptEngineFunction*> LoadScriptModule() {
  static Result<CreateScriptEngineFunction*> loaded = []() -> Result<CreateScriptEngineFunction*> {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
      return ErrnoError("find the nexus executable");
    std::string path(exe, static_cast<size_t>(n));
    path = path.substr(0, path.rfind('/') + 1) + "libnexus_js.so";
    void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module)
      return Error(std::string("load the JavaScript engine: ") + dlerror());
    auto* create =
        reinterpret_cast<CreateScriptEngineFunction*>(dlsym(module, kCreateScriptEngineSymbol));
    if (!create)
      return Error(path + " has no " + kCreateScriptEngineSymbol);
    return create;
  }();
  return loaded;
}

Result<ScriptEngine*> LoadScriptEngine(double script_time_limit_s) {
  static Result<ScriptEngine*> started = [&]() -> Result<ScriptEngine*> {
    ASSIGN_OR_RETURN(CreateScriptEngineFunction * create, LoadScriptModule());
    ScriptEngine* engine = create(script_time_limit_s);
    if (!engine)
      return Error("the JavaScript engine did not start");
    g_started_engine = engine;
    return engine;
  }();
  return started;
}

ScriptEngine* StartedScriptEngine() {
  return g_started_engine;
}

}  // namespace nexus::renderer
