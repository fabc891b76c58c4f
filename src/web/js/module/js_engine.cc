// libnexus_js.so: JavaScriptCore behind script_engine.h. One context group (one VM) per
// renderer process, made when the module is created, before the sandbox closes; one context
// per document after that (DESIGN.md §9: a context made after the lock works, a VM does not).
#include <JavaScriptCore/JavaScript.h>

#include "web/js/module/document_scripts.h"

// Exported by JavaScriptCore but kept out of its public headers (JSContextRefPrivate.h): the
// watchdog that stops a script running past a time limit, and a synchronous collection.
extern "C" {
typedef bool (*JSShouldTerminateCallback)(JSContextRef context, void* data);
JS_EXPORT void JSContextGroupSetExecutionTimeLimit(JSContextGroupRef group,
                                                   double limit,
                                                   JSShouldTerminateCallback callback,
                                                   void* data);
// A full collection now (JSGarbageCollect only hints that one would be welcome).
JS_EXPORT void JSSynchronousGarbageCollectForDebugging(JSContextRef context);
}

namespace nexus::web::js {
namespace {

class Engine : public ScriptEngine {
 public:
  explicit Engine(double script_time_limit_s)
      : group_(JSContextGroupCreate()), warm_(JSGlobalContextCreateInGroup(group_, nullptr)) {
    JSContextGroupSetExecutionTimeLimit(
        group_, script_time_limit_s, [](JSContextRef, void*) { return true; }, nullptr);
  }

  Result<std::unique_ptr<DocumentScripts>> ForDocument(dom::Document& document,
                                                       const std::string& url,
                                                       ScriptHost& host) override {
    return std::unique_ptr<DocumentScripts>(new JsDocument(group_, document, url, host));
  }

  // Memory pressure: everything unreachable goes now, as V8's low-memory notification does.
  void CollectGarbage() override { JSSynchronousGarbageCollectForDebugging(warm_); }

 private:
  JSContextGroupRef group_;
  JSGlobalContextRef warm_;  // made with the group: it starts the VM
};

}  // namespace
}  // namespace nexus::web::js

extern "C" __attribute__((visibility("default"))) nexus::web::ScriptEngine* NexusCreateScriptEngine(
    double script_time_limit_s) {
  static nexus::web::js::Engine engine(script_time_limit_s);
  return &engine;
}
