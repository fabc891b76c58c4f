// JavaScript for the renderer (spec "Renderer Process": V8 there, JavaScriptCore here, as
// DESIGN.md chooses). The engine and the DOM bindings live in a module of their own,
// libnexus_js.so (js/module/), loaded by renderers only: linked into the one executable,
// JavaScriptCore would slow every exec of every process type (~16 ms, as libcurl did).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "services/renderer/dom/node.h"

namespace nexus::renderer {

struct ConsoleMessage {
  std::string level;  // log, info, warn, error
  std::string text;
  std::string source;  // the script's URL
  int line = 0;        // 0 when unknown
};

// The page as its scripts reach it.
class ScriptHost {
 public:
  virtual ~ScriptHost() = default;
  virtual void OnConsoleMessage(const ConsoleMessage& message) = 0;
  // The DOM changed: layout and paint again before the next frame.
  virtual void OnDocumentChanged() = 0;
  // A timer (setTimeout, setInterval, requestAnimationFrame) is due in `delay_ms`: call
  // DocumentScripts::FireTimer(id) then.
  virtual void SetTimer(int id, int delay_ms) = 0;
  // The viewport in CSS pixels (window.innerWidth and innerHeight).
  virtual int ViewportWidth() const = 0;
  virtual int ViewportHeight() const = 0;
};

// One document's scripts: one JavaScriptCore context, its global object the window.
class DocumentScripts {
 public:
  virtual ~DocumentScripts() = default;
  // Runs a classic script. An exception is reported to the host as a console error naming
  // the file and line, and returned; the page goes on.
  virtual Status RunScript(std::string_view source, const std::string& url, int first_line) = 0;
  // The JSON of an expression's value ("null" for undefined and functions).
  virtual Result<std::string> EvaluateAsJson(std::string_view expression) = 0;
  // Runs timer `id`'s callback (a cleared timer does nothing).
  virtual void FireTimer(int id) = 0;
  // DOMContentLoaded at the document, then load at the window; readyState follows.
  virtual void FireLoadEvents() = 0;
};

class ScriptEngine {
 public:
  virtual ~ScriptEngine() = default;
  // `document` and `host` must outlive the result.
  virtual Result<std::unique_ptr<DocumentScripts>> ForDocument(dom::Document& document,
                                                               const std::string& url,
                                                               ScriptHost& host) = 0;
  // Memory pressure: collect garbage now.
  virtual void CollectGarbage() = 0;
};

// The module's one exported symbol. The engine's VM is created by it: call it before the
// sandbox closes (JavaScriptCore reads /proc/self/maps and /dev/urandom when it starts).
extern "C" using CreateScriptEngineFunction = ScriptEngine* (double script_time_limit_s);
inline constexpr char kCreateScriptEngineSymbol[] = "NexusCreateScriptEngine";

// Maps libnexus_js.so (from beside the executable) and its libraries, once, without starting
// a VM: the zygote does this for the renderers it forks (a VM's threads would not survive
// the fork).
Result<CreateScriptEngineFunction*> LoadScriptModule();
// Loads the module and starts the engine, once; a script running longer than
// `script_time_limit_s` is stopped.
Result<ScriptEngine*> LoadScriptEngine(double script_time_limit_s = 10);
// The engine if LoadScriptEngine started one; null otherwise (pages then run no scripts).
ScriptEngine* StartedScriptEngine();

}  // namespace nexus::renderer
