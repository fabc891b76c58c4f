#include "services/renderer/js/module/document_scripts.h"

#include <algorithm>
#include <optional>

#include "services/renderer/js/module/jsc_strings.h"
#include "services/renderer/js/module/prelude.h"

namespace nexus::renderer::js {

JsDocument::JsDocument(JSContextGroupRef group, dom::Document& document, std::string url,
                       ScriptHost& host)
    : context_(JSGlobalContextCreateInGroup(group, WindowClass())),
      document_(document),
      url_(std::move(url)),
      host_(host) {
  JSObjectSetPrivate(JSContextGetGlobalObject(context_), this);
  InstallGlobals();
}

JsDocument::~JsDocument() {
  for (auto& [node, wrapper] : wrappers_)
    JSValueUnprotect(context_, wrapper);
  JSObjectSetPrivate(JSContextGetGlobalObject(context_), nullptr);
  JSGlobalContextRelease(context_);
}

JsDocument& JsDocument::Of(JSContextRef context) {
  return *static_cast<JsDocument*>(JSObjectGetPrivate(JSContextGetGlobalObject(context)));
}

void JsDocument::InstallGlobals() {
  JSObjectRef global = JSContextGetGlobalObject(context_);
  auto set = [&](const char* name, JSValueRef value) {
    JsString key(name);
    JSObjectSetProperty(context_, global, key.get(), value, kJSPropertyAttributeReadOnly, nullptr);
  };
  set("window", global);
  set("self", global);
  set("document", Wrap(&document_));
  set("console", MakeConsole(context_));
  JsString timer_name("__nexusSetTimer");
  JSObjectRef set_timer = JSObjectMakeFunctionWithCallback(
      context_, timer_name.get(),
      [](JSContextRef context, JSObjectRef, JSObjectRef, size_t count, const JSValueRef arguments[],
         JSValueRef*) -> JSValueRef {
        if (count >= 2) {
          double id = JSValueToNumber(context, arguments[0], nullptr);
          double delay = JSValueToNumber(context, arguments[1], nullptr);
          // A delay beyond what an int holds (or NaN) waits as long as an int can.
          int delay_ms = delay >= 0 && delay < 2147483647.0 ? static_cast<int>(delay) : 2147483647;
          JsDocument::Of(context).host().SetTimer(static_cast<int>(id), delay_ms);
        }
        return JSValueMakeUndefined(context);
      });
  set("__nexusSetTimer", set_timer);
  set("__nexusDocumentUrl", MakeString(context_, url_));
  JsString viewport_name("__nexusViewport");
  set("__nexusViewport",
      JSObjectMakeFunctionWithCallback(
          context_, viewport_name.get(),
          [](JSContextRef context, JSObjectRef, JSObjectRef, size_t, const JSValueRef[],
             JSValueRef*) -> JSValueRef {
            ScriptHost& host = JsDocument::Of(context).host();
            JSValueRef size[2] = {JSValueMakeNumber(context, host.ViewportWidth()),
                                  JSValueMakeNumber(context, host.ViewportHeight())};
            return JSObjectMakeArray(context, 2, size, nullptr);
          }));
  if (Status prelude = RunScript(kPrelude, "nexus:prelude", 1); !prelude.ok())
    host_.OnConsoleMessage({"error", "the window's prelude failed: " + prelude.error().message(),
                            url_, 0});
}

JSValueRef JsDocument::CallGlobal(const char* name, const double* argument) {
  JsString key(name);
  JSValueRef function = JSObjectGetProperty(context_, JSContextGetGlobalObject(context_), key.get(),
                                            nullptr);
  if (!JSValueIsObject(context_, function))
    return JSValueMakeUndefined(context_);
  JSValueRef arguments[1] = {argument ? JSValueMakeNumber(context_, *argument) : nullptr};
  JSValueRef exception = nullptr;
  JSValueRef result = JSObjectCallAsFunction(context_, JSValueToObject(context_, function, nullptr),
                                             nullptr, argument ? 1 : 0, arguments, &exception);
  if (exception)
    host_.OnConsoleMessage({"error", "Uncaught " + ToUtf8(context_, exception), url_, 0});
  return result ? result : JSValueMakeUndefined(context_);
}

void JsDocument::FireTimer(int id) {
  double argument = id;
  CallGlobal("__nexusFireTimer", &argument);
}

void JsDocument::FireLoadEvents() {
  CallGlobal("__nexusFireLoadEvents", nullptr);
}

JSValueRef JsDocument::Wrap(dom::Node* node) {
  if (!node)
    return JSValueMakeNull(context_);
  auto it = wrappers_.find(node);
  if (it != wrappers_.end())
    return it->second;
  JSObjectRef wrapper = JSObjectMake(context_, NodeClassFor(*node), node);
  JSValueProtect(context_, wrapper);
  wrappers_[node] = wrapper;
  return wrapper;
}

dom::Node* JsDocument::Unwrap(JSValueRef value) {
  if (!value || !JSValueIsObject(context_, value))
    return nullptr;
  JSObjectRef object = JSValueToObject(context_, value, nullptr);
  if (!object || object == JSContextGetGlobalObject(context_))
    return nullptr;
  auto* node = static_cast<dom::Node*>(JSObjectGetPrivate(object));
  // Only this document's wrappers: a private pointer of another kind is not a node.
  return node && wrappers_.count(node) && wrappers_.at(node) == object ? node : nullptr;
}

dom::Node* JsDocument::KeepDetached(std::unique_ptr<dom::Node> node) {
  detached_.push_back(std::move(node));
  return detached_.back().get();
}

std::unique_ptr<dom::Node> JsDocument::TakeDetached(dom::Node* node) {
  auto it = std::find_if(detached_.begin(), detached_.end(),
                         [&](const auto& kept) { return kept.get() == node; });
  if (it == detached_.end())
    return nullptr;
  std::unique_ptr<dom::Node> taken = std::move(*it);
  detached_.erase(it);
  return taken;
}

void JsDocument::DocumentChanged() {
  ids_stale_ = true;
  host_.OnDocumentChanged();
}

dom::Node* JsDocument::ElementById(const std::string& id) {
  if (ids_stale_) {
    ids_.clear();
    for (const dom::Node* node : dom::Descendants(document_)) {
      const dom::Element* element = node->AsElement();
      auto value = element ? element->GetAttribute("id") : std::nullopt;
      if (value && !value->empty())
        ids_.emplace(std::string(*value), const_cast<dom::Node*>(node));  // first one wins
    }
    ids_stale_ = false;
  }
  auto it = ids_.find(id);
  return it == ids_.end() ? nullptr : it->second;
}

Status JsDocument::RunScript(std::string_view source, const std::string& url, int first_line) {
  JsString script(source);
  JsString source_url(url);
  JSValueRef exception = nullptr;
  JSEvaluateScript(context_, script.get(), nullptr, source_url.get(), first_line, &exception);
  if (!exception)
    return OkStatus();
  ConsoleMessage message{"error", "Uncaught " + ToUtf8(context_, exception), url, 0};
  if (JSValueIsObject(context_, exception)) {
    JSObjectRef error = JSValueToObject(context_, exception, nullptr);
    JsString line("line");
    JSValueRef line_value = JSObjectGetProperty(context_, error, line.get(), nullptr);
    if (JSValueIsNumber(context_, line_value))
      message.line = static_cast<int>(JSValueToNumber(context_, line_value, nullptr));
  }
  host_.OnConsoleMessage(message);
  return Error(message.text + " (" + url + ":" + std::to_string(message.line) + ")");
}

Result<std::string> JsDocument::EvaluateAsJson(std::string_view expression) {
  JsString script(expression);
  JsString source_url("eval");
  JSValueRef exception = nullptr;
  JSValueRef value = JSEvaluateScript(context_, script.get(), nullptr, source_url.get(), 1,
                                      &exception);
  if (exception)
    return Error("Uncaught " + ToUtf8(context_, exception));
  JSStringRef json = JSValueCreateJSONString(context_, value, 0, &exception);
  if (exception)
    return Error("the value has no JSON: " + ToUtf8(context_, exception));
  if (!json)
    return std::string("null");
  JsString owned(json);
  return ToUtf8(owned.get());
}

}  // namespace nexus::renderer::js
