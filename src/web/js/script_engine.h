// JavaScript for the renderer (spec "Renderer Process": V8 there, JavaScriptCore here, as
// DESIGN.md chooses). The engine and the DOM bindings live in a module of their own,
// libnexus_js.so (js/module/), loaded by renderers only: linked into the one executable,
// JavaScriptCore would slow every exec of every process type (~16 ms, as libcurl did).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "web/dom/node.h"
#include "web/layout/element_box.h"

namespace nexus::web {

struct ConsoleMessage {
  std::string level;  // log, info, warn, error
  std::string text;
  std::string source;  // the script's URL
  int line = 0;        // 0 when unknown
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// A navigation a page asks for: a link, a form, location.assign.
struct NavigationRequest {
  std::string url;  // absolute
  std::string method = "GET";
  std::string body;  // a POST's
  std::string content_type;
  bool replace = false;  // location.replace
};

// fetch(), XMLHttpRequest and scripts inserted by scripts; main decides what may be loaded.
struct FetchRequest {
  std::string url;  // absolute
  std::string method = "GET";
  HttpHeaders headers;
  std::string body;
  bool script = false;  // a <script src> a script inserted: no CORS, like any subresource
};

struct FetchResponse {
  int status = 0;
  std::string url;  // after redirects
  std::string mime_type;
  HttpHeaders headers;
  std::string body;
  std::string error;  // a network error (fetch rejects with a TypeError): nothing else is set
  std::optional<std::string> cookies;  // document.cookie now, when main says
};

// Web storage (localStorage, sessionStorage): the areas, and what a script does to one.
enum class StorageArea { kLocal, kSession };
enum class StorageOperation { kSet, kRemove, kClear };
using StorageEntries = std::vector<std::pair<std::string, std::string>>;

// Another tab of the page's origin changed its localStorage (HTML's "storage" event). An
// empty `url` is the browser clearing the site's data: the page forgets its copy, silently.
struct StorageChange {
  std::optional<std::string> key;  // none: clear()
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
  std::string url;  // the document that made the change
};

// The answer to an IndexedDB request or a storage estimate: JSON (the fields of the storage
// service's IdbResult, or usage and quota), and the records a read found, as strings (key,
// primary key[, value], ...).
struct StorageAnswer {
  std::string json;
  std::vector<std::string> records;
};

// What the user did, as the renderer's input handling found it.
struct UserInput {
  enum class Kind { kMouseDown, kMouseUp, kKeyDown, kKeyUp };
  Kind kind = Kind::kMouseDown;
  double x = 0, y = 0;
  std::string key;         // a character, or a key name: "Enter", "Backspace", "Tab", ...
  uint32_t modifiers = 0;  // 1 shift, 2 control, 4 alt, 8 meta
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
  // Layout, brought up to date first (as a browser's forced layout): an element's border box
  // (none when it is not rendered) and its computed style.
  virtual std::optional<ElementBox> BoxOf(const dom::Element& element) = 0;
  // CSSOM View's offsetParent of the element (PageLayout::OffsetParent); none by default.
  virtual const dom::Element* OffsetParent(const dom::Element&) { return nullptr; }
  // Its boxes one by one (an inline element's, one per line), and an image's natural size
  // (none until its picture has loaded).
  virtual std::vector<ElementBox> ClientRects(const dom::Element& element) {
    auto box = BoxOf(element);
    return box ? std::vector<ElementBox>{*box} : std::vector<ElementBox>{};
  }
  virtual std::optional<std::pair<int, int>> NaturalSize(const dom::Element&) {
    return std::nullopt;
  }
  // A fetched style sheet's text by absolute URL (document.styleSheets); none if not fetched.
  virtual std::optional<std::string> StylesheetText(const std::string&) { return std::nullopt; }
  virtual std::vector<std::pair<std::string, std::string>> ComputedStyle(
      const dom::Element& element) = 0;
  // A URL relative to the document's base, made absolute; none when it does not parse.
  virtual std::optional<std::string> ResolveUrl(const std::string& relative) const = 0;
  virtual void Navigate(const NavigationRequest& request) = 0;
  // Starts a load; the answer comes back through DocumentScripts::FetchDone(id, ...).
  virtual void Fetch(int id, const FetchRequest& request) = 0;
  // document.cookie: what it is when the page starts, and an assignment (to main).
  virtual std::string InitialCookies() const = 0;
  virtual void SetCookie(const std::string& cookie) = 0;
  // history.pushState / replaceState changed the document's URL.
  virtual void UrlChanged(const std::string& url, bool replace) = 0;
  // The area's keys and values at the page's first use of it; an error starting with a
  // DOMException's name ("SecurityError: ...") when the page may have none.
  virtual Result<StorageEntries> OpenStorage(StorageArea area) = 0;
  // A change the page made to an area it opened (checked against the quota already).
  virtual void WriteStorage(StorageArea area,
                            StorageOperation operation,
                            const std::string& key,
                            const std::string& value) = 0;
  // An IndexedDB request the prelude built (JSON, prelude_indexeddb.cc) with a value's
  // structured clone, and navigator.storage.estimate(); both answered through
  // DocumentScripts::StorageAnswered(id, ...).
  virtual void IndexedDb(int id, const std::string& request, const std::string& value) = 0;
  virtual void EstimateStorage(int id) = 0;
  // The user typed into a form field (its id as "#id", or its element path "1/0/3").
  virtual void FormEdited(const std::string& field, const std::string& value) = 0;
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
  // Dispatches what the user did as DOM events at `target` (the element hit, for the mouse;
  // the focused element takes keys) and runs the default actions: links navigate, inputs
  // take text, checkboxes toggle, forms submit.
  virtual void DispatchInput(const UserInput& input, const dom::Element* target) = 0;
  virtual void FetchDone(int id, const FetchResponse& response) = 0;
  // localStorage changed in another tab: the page's copy follows, and a storage event fires.
  virtual void StorageChanged(const StorageChange& change) = 0;
  virtual void StorageAnswered(int id, const StorageAnswer& answer) = 0;
  // Another page upgraded (or, at 0, deleted) an IndexedDB database: open connections to it
  // hear "versionchange".
  virtual void IndexedDbVersionChanged(const std::string& database,
                                       uint64_t old_version,
                                       uint64_t new_version) = 0;
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
extern "C" using CreateScriptEngineFunction = ScriptEngine * (double script_time_limit_s);
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

}  // namespace nexus::web
