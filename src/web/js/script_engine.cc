#include "web/js/script_engine.h"

#include "base/module_loader.h"

namespace nexus::web {

namespace {

ScriptEngine* g_started_engine = nullptr;

}  // namespace

Result<CreateScriptEngineFunction*> LoadScriptModule() {
  static Result<CreateScriptEngineFunction*> loaded = []() -> Result<CreateScriptEngineFunction*> {
    auto create = OpenModuleBesideExecutable("libnexus_js.so", kCreateScriptEngineSymbol);
    if (!create.ok())
      return create.error().Context("load the JavaScript engine");
    return reinterpret_cast<CreateScriptEngineFunction*>(*create);
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

}  // namespace nexus::web
