// One document's JavaScriptCore context: its window (the global object), the wrappers of its
// DOM nodes, and the nodes scripts hold outside the tree.
#pragma once

#include <JavaScriptCore/JavaScript.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "web/js/script_engine.h"

namespace nexus::web::js {

class JsDocument : public DocumentScripts {
 public:
  JsDocument(JSContextGroupRef group, dom::Document& document, std::string url, ScriptHost& host);
  ~JsDocument() override;

  Status RunScript(std::string_view source, const std::string& url, int first_line) override;
  Result<std::string> EvaluateAsJson(std::string_view expression) override;
  void FireTimer(int id) override;
  void FireLoadEvents() override;
  void DispatchInput(const UserInput& input, const dom::Element* target) override;
  void FetchDone(int id, const FetchResponse& response) override;
  void StorageChanged(const StorageChange& change) override;
  void StorageAnswered(int id, const StorageAnswer& answer) override;
  void IndexedDbVersionChanged(const std::string& database,
                               uint64_t old_version,
                               uint64_t new_version) override;

  // The JsDocument a binding callback runs for.
  static JsDocument& Of(JSContextRef context);
  dom::Document& document() { return document_; }
  ScriptHost& host() { return host_; }
  const std::string& url() const { return url_; }

  // The one wrapper of a node (null for null): `a.firstChild === a.firstChild`.
  JSValueRef Wrap(dom::Node* node);
  // The node behind a wrapper; null if the value is not one.
  dom::Node* Unwrap(JSValueRef value);
  // Nodes out of the tree (created, or removed) stay alive while the document does: a script
  // may still hold them, and put them back.
  dom::Node* KeepDetached(std::unique_ptr<dom::Node> node);
  std::unique_ptr<dom::Node> TakeDetached(dom::Node* node);
  // Every change scripts make goes through here: the host lays out again, and the id index
  // is stale.
  void DocumentChanged();
  // The first element in tree order with this id, from an index rebuilt after changes.
  dom::Node* ElementById(const std::string& id);
  // A script put `root` (and what is under it) into a tree: scripts among them that are now in
  // the document run, once each (inline ones now, external ones when they arrive).
  void NodesInserted(dom::Node& root);
  // node.children and node.childNodes: arrays made once per node and kept until the DOM
  // changes, so a loop over children[i] does not copy the list on every step.
  JSValueRef ChildList(dom::Node* node, bool elements_only);
  // Scripts that must never run (innerHTML's): as if they had run already.
  void MarkScriptsStarted(const dom::Node& root);

 private:
  void InstallGlobals();
  // Calls the prelude's global function `name`; an exception goes to the console.
  JSValueRef CallGlobal(const char* name, const std::vector<JSValueRef>& arguments);

  JSGlobalContextRef context_;
  dom::Document& document_;
  std::string url_;
  ScriptHost& host_;
  std::unordered_map<dom::Node*, JSObjectRef> wrappers_;
  std::vector<std::unique_ptr<dom::Node>> detached_;
  std::unordered_map<std::string, dom::Node*> ids_;
  bool ids_stale_ = true;
  std::unordered_set<const dom::Node*> started_scripts_;  // HTML's "already started"
  struct CachedList {
    uint64_t version;
    JSObjectRef array;  // protected while cached
  };
  std::unordered_map<dom::Node*, CachedList> child_lists_[2];  // [elements_only]
};

// The classes of dom_bindings.cc, made once per process.
JSClassRef WindowClass();
JSClassRef NodeClassFor(const dom::Node& node);
JSObjectRef MakeConsole(JSContextRef context);

}  // namespace nexus::web::js
