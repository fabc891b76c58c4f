#include "web/js/module/document_scripts.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "web/js/module/jsc_strings.h"
#include "web/js/module/prelude.h"
#include "web/js/module/window_natives.h"

namespace nexus::web::js {

JsDocument::JsDocument(JSContextGroupRef group,
                       dom::Document& document,
                       std::string url,
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
  for (auto& lists : child_lists_) {
    for (auto& [node, list] : lists)
      JSValueUnprotect(context_, list.array);
  }
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
  set("__nexusDocumentUrl", MakeString(context_, url_));
  set("__nexusInitialCookies", MakeString(context_, host_.InitialCookies()));
  InstallWindowNatives(context_, global);
  // Every <script> the parser put in the document is the page's to run, not a script's:
  // marked started, so moving one never runs it again.
  for (const dom::Element* script : document_.GetElementsByTagName("script"))
    started_scripts_.insert(script);
  for (const PreludePart& part : kPreludeParts) {
    if (Status prelude = RunScript(part.source, part.name, 1); !prelude.ok())
      host_.OnConsoleMessage(
          {"error", "the window's prelude failed: " + prelude.error().message(), url_, 0});
  }
}

JSValueRef JsDocument::CallGlobal(const char* name, const std::vector<JSValueRef>& arguments) {
  JsString key(name);
  JSValueRef function =
      JSObjectGetProperty(context_, JSContextGetGlobalObject(context_), key.get(), nullptr);
  if (!JSValueIsObject(context_, function))
    return JSValueMakeUndefined(context_);
  JSValueRef exception = nullptr;
  JSValueRef result =
      JSObjectCallAsFunction(context_, JSValueToObject(context_, function, nullptr), nullptr,
                             arguments.size(), arguments.data(), &exception);
  if (exception)
    host_.OnConsoleMessage({"error", "Uncaught " + ToUtf8(context_, exception), url_, 0});
  return result ? result : JSValueMakeUndefined(context_);
}

void JsDocument::FireTimer(int id) {
  CallGlobal("__nexusFireTimer", {JSValueMakeNumber(context_, id)});
  CallGlobal("__nexusIdbCheckpoint", {});  // a cursor's prefetched record was answered in it
}

void JsDocument::FireLoadEvents() {
  CallGlobal("__nexusFireLoadEvents", {});
}

void JsDocument::DispatchInput(const UserInput& input, const dom::Element* target) {
  static constexpr const char* kKinds[] = {"mousedown", "mouseup", "keydown", "keyup"};
  CallGlobal("__nexusInput",
             {MakeString(context_, kKinds[static_cast<int>(input.kind)]),
              Wrap(const_cast<dom::Element*>(target)), JSValueMakeNumber(context_, input.x),
              JSValueMakeNumber(context_, input.y), MakeString(context_, input.key),
              JSValueMakeNumber(context_, input.modifiers)});
}

void JsDocument::FetchDone(int id, const FetchResponse& response) {
  JSObjectRef object = JSObjectMake(context_, nullptr, nullptr);
  auto set = [&](const char* name, JSValueRef value) {
    JsString key(name);
    JSObjectSetProperty(context_, object, key.get(), value, kJSPropertyAttributeNone, nullptr);
  };
  set("status", JSValueMakeNumber(context_, response.status));
  set("url", MakeString(context_, response.url));
  set("mimeType", MakeString(context_, response.mime_type));
  set("error", MakeString(context_, response.error));
  set("text", MakeString(context_, response.body));
  // The bytes as they came, for arrayBuffer() and blob(): the text above is UTF-8 decoded.
  void* copy = malloc(response.body.size() ? response.body.size() : 1);
  if (copy) {
    std::memcpy(copy, response.body.data(), response.body.size());
    set("bytes", JSObjectMakeArrayBufferWithBytesNoCopy(
                     context_, copy, response.body.size(), [](void* bytes, void*) { free(bytes); },
                     nullptr, nullptr));
  }
  ArrayBuilder headers(context_);
  for (const auto& [name, value] : response.headers) {
    JSValueRef pair[2] = {MakeString(context_, name), MakeString(context_, value)};
    headers.Push(JSObjectMakeArray(context_, 2, pair, nullptr));
  }
  set("headers", headers.array());
  set("cookies",
      response.cookies ? MakeString(context_, *response.cookies) : JSValueMakeNull(context_));
  CallGlobal("__nexusFetchDone", {JSValueMakeNumber(context_, id), object});
}

void JsDocument::StorageChanged(const StorageChange& change) {
  auto optional = [&](const std::optional<std::string>& text) {
    return text ? MakeString(context_, *text) : JSValueMakeNull(context_);
  };
  CallGlobal("__nexusStorageChanged",
             {optional(change.key), optional(change.old_value), optional(change.new_value),
              MakeString(context_, change.url)});
}

void JsDocument::StorageAnswered(int id, const StorageAnswer& answer) {
  std::vector<JSValueRef> records;
  records.reserve(answer.records.size());
  for (const std::string& record : answer.records)
    records.push_back(MakeString(context_, record));
  CallGlobal("__nexusStorageAnswered",
             {JSValueMakeNumber(context_, id), MakeString(context_, answer.json),
              JSObjectMakeArray(context_, records.size(), records.data(), nullptr)});
  // A second entry: the first one's microtasks have run when it returned.
  CallGlobal("__nexusIdbCheckpoint", {});
}

void JsDocument::IndexedDbVersionChanged(const std::string& database,
                                         uint64_t old_version,
                                         uint64_t new_version) {
  CallGlobal(
      "__nexusIdbVersionChange",
      {MakeString(context_, database), JSValueMakeNumber(context_, double(old_version)),
       new_version ? JSValueMakeNumber(context_, double(new_version)) : JSValueMakeNull(context_)});
}

void JsDocument::NodesInserted(dom::Node& root) {
  if (root.owner_document() != &document_)
    return;
  // Only scripts now in the document run (HTML's "becomes connected").
  const dom::Node* top = &root;
  while (top->parent())
    top = top->parent();
  if (top != &document_)
    return;
  std::vector<dom::Element*> scripts;
  auto consider = [&](const dom::Node* node) {
    const dom::Element* element = node->AsElement();
    if (element && element->tag_name() == "script" && started_scripts_.insert(element).second)
      scripts.push_back(const_cast<dom::Element*>(element));
  };
  consider(&root);
  for (const dom::Node* node : dom::Descendants(root))
    consider(node);
  for (dom::Element* script : scripts)
    CallGlobal("__nexusScriptInserted", {Wrap(script)});
}

JSValueRef JsDocument::ChildList(dom::Node* node, bool elements_only) {
  auto& lists = child_lists_[elements_only];
  auto cached = lists.find(node);
  if (cached != lists.end()) {
    if (cached->second.version == document_.structure_version)
      return cached->second.array;
    JSValueUnprotect(context_, cached->second.array);
    lists.erase(cached);
  }
  std::vector<JSValueRef> values;
  for (const auto& child : node->children()) {
    if (!elements_only || child->type() == dom::NodeType::kElement)
      values.push_back(Wrap(child.get()));
  }
  JSObjectRef array = JSObjectMakeArray(context_, values.size(), values.data(), nullptr);
  JSValueProtect(context_, array);
  lists[node] = {document_.structure_version, array};
  return array;
}

void JsDocument::MarkScriptsStarted(const dom::Node& root) {
  for (const dom::Node* node : dom::Descendants(root)) {
    const dom::Element* element = node->AsElement();
    if (element && element->tag_name() == "script")
      started_scripts_.insert(element);
  }
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
  JSValueRef value =
      JSEvaluateScript(context_, script.get(), nullptr, source_url.get(), 1, &exception);
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

}  // namespace nexus::web::js
