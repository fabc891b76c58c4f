// The DOM as scripts see it (issue 7): Node, Element and Document over the renderer's own DOM
// (dom/node.h), the window and console. Every mutation tells the host, which lays the page
// out and paints it again before its next frame.
#include <algorithm>

#include "web/dom/html_parser.h"
#include "web/js/module/document_scripts.h"
#include "web/js/module/jsc_strings.h"

namespace nexus::web::js {
namespace {

using dom::Node;
using dom::NodeType;

Node* Self(JSObjectRef object) {
  return static_cast<Node*>(JSObjectGetPrivate(object));
}

dom::Element* SelfElement(JSObjectRef object) {
  Node* node = Self(object);
  return node ? node->AsElement() : nullptr;
}

JSValueRef Wrap(JSContextRef context, Node* node) {
  return JsDocument::Of(context).Wrap(node);
}

std::string Argument(JSContextRef context, size_t count, const JSValueRef arguments[], size_t i) {
  return i < count ? ToUtf8(context, arguments[i]) : "undefined";
}

JSValueRef Throw(JSContextRef context, JSValueRef* exception, std::string_view message) {
  if (exception)
    *exception = MakeError(context, message);
  return JSValueMakeUndefined(context);
}

JSValueRef ThrowTypeError(JSContextRef context, JSValueRef* exception, std::string_view message) {
  if (exception)
    *exception = MakeTypeError(context, message);
  return JSValueMakeUndefined(context);
}

JSValueRef MakeArray(JSContextRef context, const std::vector<Node*>& nodes) {
  std::vector<JSValueRef> values;
  for (Node* node : nodes)
    values.push_back(Wrap(context, node));
  return JSObjectMakeArray(context, values.size(), values.data(), nullptr);
}

void Changed(JSContextRef context) {
  JsDocument::Of(context).DocumentChanged();
}

// Takes `node` out of wherever it is (the tree, or the detached nodes) to put it elsewhere.
std::unique_ptr<Node> Detach(JsDocument& document, Node* node) {
  if (Node* parent = node->parent())
    return parent->RemoveChild(node);
  return document.TakeDetached(node);
}

bool IsInclusiveAncestor(const Node* ancestor, const Node* node) {
  for (; node; node = node->parent()) {
    if (node == ancestor)
      return true;
  }
  return false;
}

std::vector<Node*> ElementsByTagName(Node& root, const std::string& tag) {
  std::vector<Node*> found;
  for (const Node* node : dom::Descendants(root)) {
    const dom::Element* element = node->AsElement();
    if (element && (tag == "*" || element->tag_name() == tag))
      found.push_back(const_cast<Node*>(node));
  }
  return found;
}

std::string Lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// --- Node -------------------------------------------------------------------------------

JSValueRef GetNodeType(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  switch (Self(object)->type()) {
    case NodeType::kElement:
      return JSValueMakeNumber(context, 1);
    case NodeType::kText:
      return JSValueMakeNumber(context, 3);
    case NodeType::kComment:
      return JSValueMakeNumber(context, 8);
    case NodeType::kDocument:
      return JSValueMakeNumber(context, 9);
    case NodeType::kDoctype:
      return JSValueMakeNumber(context, 10);
  }
  return JSValueMakeUndefined(context);
}

JSValueRef GetNodeName(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  Node* node = Self(object);
  switch (node->type()) {
    case NodeType::kElement: {
      std::string name = node->AsElement()->tag_name();
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      return MakeString(context, name);
    }
    case NodeType::kText:
      return MakeString(context, "#text");
    case NodeType::kComment:
      return MakeString(context, "#comment");
    case NodeType::kDocument:
      return MakeString(context, "#document");
    case NodeType::kDoctype:
      return MakeString(context, "html");
  }
  return JSValueMakeUndefined(context);
}

JSValueRef GetParentNode(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return Wrap(context, Self(object)->parent());
}
JSValueRef GetFirstChild(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return Wrap(context, Self(object)->first_child());
}
JSValueRef GetLastChild(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return Wrap(context, Self(object)->last_child());
}
JSValueRef GetNextSibling(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return Wrap(context, Self(object)->next_sibling());
}
JSValueRef GetPreviousSibling(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return Wrap(context, Self(object)->previous_sibling());
}
// The first element among `node` and the siblings after it (or before it, backwards).
Node* ElementFrom(Node* node, bool backwards) {
  while (node && !node->AsElement())
    node = backwards ? node->previous_sibling() : node->next_sibling();
  return node;
}
JSValueRef GetFirstElementChild(JSContextRef context,
                                JSObjectRef object,
                                JSStringRef,
                                JSValueRef*) {
  return Wrap(context, ElementFrom(Self(object)->first_child(), false));
}
JSValueRef GetLastElementChild(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return Wrap(context, ElementFrom(Self(object)->last_child(), true));
}
JSValueRef GetNextElementSibling(JSContextRef context,
                                 JSObjectRef object,
                                 JSStringRef,
                                 JSValueRef*) {
  return Wrap(context, ElementFrom(Self(object)->next_sibling(), false));
}
JSValueRef GetPreviousElementSibling(JSContextRef context,
                                     JSObjectRef object,
                                     JSStringRef,
                                     JSValueRef*) {
  return Wrap(context, ElementFrom(Self(object)->previous_sibling(), true));
}
JSValueRef GetChildElementCount(JSContextRef context,
                                JSObjectRef object,
                                JSStringRef,
                                JSValueRef*) {
  size_t count = 0;
  for (const auto& child : Self(object)->children())
    count += child->AsElement() != nullptr;
  return JSValueMakeNumber(context, static_cast<double>(count));
}
JSValueRef GetOwnerDocument(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  Node* node = Self(object);
  return node->type() == NodeType::kDocument ? JSValueMakeNull(context)
                                             : Wrap(context, node->owner_document());
}

JSValueRef GetChildNodes(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return JsDocument::Of(context).ChildList(Self(object), /*elements_only=*/false);
}

JSValueRef GetTextContent(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  Node* node = Self(object);
  if (node->type() == NodeType::kDocument || node->type() == NodeType::kDoctype)
    return JSValueMakeNull(context);
  return MakeString(context, node->TextContent());
}

bool SetTextContent(JSContextRef context,
                    JSObjectRef object,
                    JSStringRef,
                    JSValueRef value,
                    JSValueRef*) {
  Node* node = Self(object);
  std::string text = JSValueIsNull(context, value) ? "" : ToUtf8(context, value);
  if (node->type() == NodeType::kText || node->type() == NodeType::kComment) {
    static_cast<dom::CharacterData*>(node)->set_data(std::move(text));
  } else if (node->type() == NodeType::kElement) {
    JsDocument& document = JsDocument::Of(context);
    while (Node* child = node->first_child())
      document.KeepDetached(node->RemoveChild(child));
    if (!text.empty())
      node->AppendChild(document.document().CreateText(std::move(text)));
  } else {
    return true;  // the document's textContent is null and setting it does nothing
  }
  Changed(context);
  return true;
}

// Text's and Comment's `data` and every node's `nodeValue` (DOM §4.4, §4.10): the text of
// character data; null for nodeValue elsewhere, as `data` is undefined elsewhere.
JSValueRef CharacterDataOr(JSContextRef context, JSObjectRef object, JSValueRef otherwise) {
  Node* node = Self(object);
  if (node->type() != NodeType::kText && node->type() != NodeType::kComment)
    return otherwise;
  return MakeString(context, static_cast<dom::CharacterData*>(node)->data());
}

JSValueRef GetData(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return CharacterDataOr(context, object, JSValueMakeUndefined(context));
}

JSValueRef GetNodeValue(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return CharacterDataOr(context, object, JSValueMakeNull(context));
}

bool SetCharacterData(JSContextRef context,
                      JSObjectRef object,
                      JSStringRef name,
                      JSValueRef value,
                      JSValueRef* exception) {
  Node* node = Self(object);
  if (node->type() != NodeType::kText && node->type() != NodeType::kComment)
    return true;  // setting an element's nodeValue does nothing
  return SetTextContent(context, object, name, value, exception);
}

JSValueRef AppendChild(JSContextRef context,
                       JSObjectRef,
                       JSObjectRef object,
                       size_t count,
                       const JSValueRef arguments[],
                       JSValueRef* exception);

JSValueRef InsertBefore(JSContextRef context,
                        JSObjectRef,
                        JSObjectRef object,
                        size_t count,
                        const JSValueRef arguments[],
                        JSValueRef* exception) {
  JsDocument& document = JsDocument::Of(context);
  Node* parent = Self(object);
  Node* child = count > 0 ? document.Unwrap(arguments[0]) : nullptr;
  Node* reference = count > 1 ? document.Unwrap(arguments[1]) : nullptr;
  if (!child)
    return ThrowTypeError(context, exception, "the node to insert is not a Node");
  if (count > 1 && !reference && !JSValueIsNull(context, arguments[1]) &&
      !JSValueIsUndefined(context, arguments[1]))
    return ThrowTypeError(context, exception, "insertBefore: the reference is not a Node");
  if (reference && reference->parent() != parent)
    return Throw(context, exception, "NotFoundError: the reference is not a child of this node");
  if (parent->type() != NodeType::kElement && parent->type() != NodeType::kDocument)
    return Throw(context, exception, "HierarchyRequestError: this node cannot have children");
  if (child->type() == NodeType::kDocument || IsInclusiveAncestor(child, parent))
    return Throw(context, exception, "HierarchyRequestError: a node cannot go inside itself");
  if (child == reference)
    return arguments[0];
  std::unique_ptr<Node> taken = Detach(document, child);
  if (!taken)
    return Throw(context, exception, "insertBefore: the node belongs to another document");
  parent->InsertBefore(std::move(taken), reference);
  Changed(context);
  document.NodesInserted(*child);
  return arguments[0];
}

JSValueRef AppendChild(JSContextRef context,
                       JSObjectRef function,
                       JSObjectRef object,
                       size_t count,
                       const JSValueRef arguments[],
                       JSValueRef* exception) {
  JSValueRef both[2] = {count > 0 ? arguments[0] : JSValueMakeUndefined(context),
                        JSValueMakeNull(context)};
  return InsertBefore(context, function, object, 2, both, exception);
}

JSValueRef RemoveChild(JSContextRef context,
                       JSObjectRef,
                       JSObjectRef object,
                       size_t count,
                       const JSValueRef arguments[],
                       JSValueRef* exception) {
  JsDocument& document = JsDocument::Of(context);
  Node* child = count > 0 ? document.Unwrap(arguments[0]) : nullptr;
  if (!child || child->parent() != Self(object))
    return Throw(context, exception, "NotFoundError: the node is not a child of this node");
  document.KeepDetached(Self(object)->RemoveChild(child));
  Changed(context);
  return arguments[0];
}

JSValueRef HasChildNodes(JSContextRef context,
                         JSObjectRef,
                         JSObjectRef object,
                         size_t,
                         const JSValueRef[],
                         JSValueRef*) {
  return JSValueMakeBoolean(context, !Self(object)->children().empty());
}

JSValueRef Contains(JSContextRef context,
                    JSObjectRef,
                    JSObjectRef object,
                    size_t count,
                    const JSValueRef arguments[],
                    JSValueRef*) {
  Node* other = count > 0 ? JsDocument::Of(context).Unwrap(arguments[0]) : nullptr;
  return JSValueMakeBoolean(context, other && IsInclusiveAncestor(Self(object), other));
}

const JSStaticValue kNodeValues[] = {
    {"nodeType", GetNodeType, nullptr, kJSPropertyAttributeReadOnly},
    {"nodeName", GetNodeName, nullptr, kJSPropertyAttributeReadOnly},
    {"parentNode", GetParentNode, nullptr, kJSPropertyAttributeReadOnly},
    {"firstChild", GetFirstChild, nullptr, kJSPropertyAttributeReadOnly},
    {"lastChild", GetLastChild, nullptr, kJSPropertyAttributeReadOnly},
    {"nextSibling", GetNextSibling, nullptr, kJSPropertyAttributeReadOnly},
    {"previousSibling", GetPreviousSibling, nullptr, kJSPropertyAttributeReadOnly},
    {"ownerDocument", GetOwnerDocument, nullptr, kJSPropertyAttributeReadOnly},
    {"childNodes", GetChildNodes, nullptr, kJSPropertyAttributeReadOnly},
    {"textContent", GetTextContent, SetTextContent, kJSPropertyAttributeNone},
    {"data", GetData, SetCharacterData, kJSPropertyAttributeNone},
    {"nodeValue", GetNodeValue, SetCharacterData, kJSPropertyAttributeNone},
    {nullptr, nullptr, nullptr, 0}};

const JSStaticFunction kNodeFunctions[] = {
    {"appendChild", AppendChild, kJSPropertyAttributeReadOnly},
    {"insertBefore", InsertBefore, kJSPropertyAttributeReadOnly},
    {"removeChild", RemoveChild, kJSPropertyAttributeReadOnly},
    {"hasChildNodes", HasChildNodes, kJSPropertyAttributeReadOnly},
    {"contains", Contains, kJSPropertyAttributeReadOnly},
    {nullptr, nullptr, 0}};

// --- Element ----------------------------------------------------------------------------

JSValueRef GetTagName(JSContextRef context,
                      JSObjectRef object,
                      JSStringRef name,
                      JSValueRef* exception) {
  return GetNodeName(context, object, name, exception);
}

JSValueRef AttributeOrEmpty(JSContextRef context, JSObjectRef object, const char* name) {
  auto value = SelfElement(object)->GetAttribute(name);
  return MakeString(context, value ? *value : "");
}

JSValueRef GetId(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return AttributeOrEmpty(context, object, "id");
}
bool SetId(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef value, JSValueRef*) {
  SelfElement(object)->SetAttribute("id", ToUtf8(context, value));
  Changed(context);
  return true;
}
JSValueRef GetClassName(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return AttributeOrEmpty(context, object, "class");
}
bool SetClassName(JSContextRef context,
                  JSObjectRef object,
                  JSStringRef,
                  JSValueRef value,
                  JSValueRef*) {
  SelfElement(object)->SetAttribute("class", ToUtf8(context, value));
  Changed(context);
  return true;
}

JSValueRef GetChildren(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return JsDocument::Of(context).ChildList(Self(object), /*elements_only=*/true);
}

JSValueRef GetInnerHtml(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return MakeString(context, dom::SerializeChildren(*Self(object)));
}
// Scripts in the new markup do not run, as the HTML standard says of innerHTML.
bool SetInnerHtml(JSContextRef context,
                  JSObjectRef object,
                  JSStringRef,
                  JSValueRef value,
                  JSValueRef*) {
  JsDocument& document = JsDocument::Of(context);
  std::vector<std::unique_ptr<Node>> removed;
  dom::ReplaceChildrenWithHtml(*SelfElement(object), ToUtf8(context, value), removed);
  for (std::unique_ptr<Node>& node : removed)
    document.KeepDetached(std::move(node));
  document.MarkScriptsStarted(*Self(object));
  Changed(context);
  return true;
}

JSValueRef GetOuterHtml(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return MakeString(context, dom::SerializeNode(*Self(object)));
}

JSValueRef GetAttribute(JSContextRef context,
                        JSObjectRef,
                        JSObjectRef object,
                        size_t count,
                        const JSValueRef arguments[],
                        JSValueRef*) {
  auto value = SelfElement(object)->GetAttribute(Lowered(Argument(context, count, arguments, 0)));
  return value ? MakeString(context, *value) : JSValueMakeNull(context);
}

JSValueRef SetAttribute(JSContextRef context,
                        JSObjectRef,
                        JSObjectRef object,
                        size_t count,
                        const JSValueRef arguments[],
                        JSValueRef* exception) {
  std::string name = Lowered(Argument(context, count, arguments, 0));
  if (name.empty() || name.find_first_of(" \t\n\f\r/>\"'=") != std::string::npos)
    return Throw(context, exception,
                 "InvalidCharacterError: '" + name + "' is not an attribute name");
  SelfElement(object)->SetAttribute(std::move(name), Argument(context, count, arguments, 1));
  Changed(context);
  return JSValueMakeUndefined(context);
}

JSValueRef RemoveAttribute(JSContextRef context,
                           JSObjectRef,
                           JSObjectRef object,
                           size_t count,
                           const JSValueRef arguments[],
                           JSValueRef*) {
  SelfElement(object)->RemoveAttribute(Lowered(Argument(context, count, arguments, 0)));
  Changed(context);
  return JSValueMakeUndefined(context);
}

JSValueRef HasAttribute(JSContextRef context,
                        JSObjectRef,
                        JSObjectRef object,
                        size_t count,
                        const JSValueRef arguments[],
                        JSValueRef*) {
  return JSValueMakeBoolean(
      context, SelfElement(object)->HasAttribute(Lowered(Argument(context, count, arguments, 0))));
}

JSValueRef GetAttributeNames(JSContextRef context,
                             JSObjectRef,
                             JSObjectRef object,
                             size_t,
                             const JSValueRef[],
                             JSValueRef*) {
  ArrayBuilder names(context);
  for (const dom::Attribute& attribute : SelfElement(object)->attributes())
    names.Push(MakeString(context, attribute.name));
  return names.array();
}

JSValueRef GetElementsByTagName(JSContextRef context,
                                JSObjectRef,
                                JSObjectRef object,
                                size_t count,
                                const JSValueRef arguments[],
                                JSValueRef*) {
  return MakeArray(
      context, ElementsByTagName(*Self(object), Lowered(Argument(context, count, arguments, 0))));
}

// Form controls: the current value and checkedness (dom::Element keeps them), and the
// defaults, which are the attributes.
bool IsFormControl(const dom::Element& element) {
  const std::string& tag = element.tag_name();
  return tag == "input" || tag == "textarea" || tag == "select" || tag == "option" ||
         tag == "button";
}
JSValueRef GetValue(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  dom::Element* element = SelfElement(object);
  return IsFormControl(*element) ? MakeString(context, element->Value()) : nullptr;
}
// Elsewhere `value` is an ordinary property (a null getter or a false setter says so).
bool SetValue(JSContextRef context,
              JSObjectRef object,
              JSStringRef,
              JSValueRef value,
              JSValueRef*) {
  if (!IsFormControl(*SelfElement(object)))
    return false;
  SelfElement(object)->SetValue(JSValueIsNull(context, value) ? "" : ToUtf8(context, value));
  Changed(context);
  return true;
}
JSValueRef GetChecked(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return JSValueMakeBoolean(context, SelfElement(object)->Checked());
}
bool SetChecked(JSContextRef context,
                JSObjectRef object,
                JSStringRef,
                JSValueRef value,
                JSValueRef*) {
  SelfElement(object)->SetChecked(JSValueToBoolean(context, value));
  Changed(context);
  return true;
}
JSValueRef GetDefaultValue(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  dom::Element* element = SelfElement(object);
  return element->tag_name() == "textarea" ? MakeString(context, element->TextContent())
                                           : AttributeOrEmpty(context, object, "value");
}
bool SetDefaultValue(JSContextRef context,
                     JSObjectRef object,
                     JSStringRef,
                     JSValueRef value,
                     JSValueRef*) {
  SelfElement(object)->SetAttribute("value", ToUtf8(context, value));
  Changed(context);
  return true;
}
JSValueRef GetDefaultChecked(JSContextRef context, JSObjectRef object, JSStringRef, JSValueRef*) {
  return JSValueMakeBoolean(context, SelfElement(object)->HasAttribute("checked"));
}

const JSStaticValue kElementValues[] = {
    {"firstElementChild", GetFirstElementChild, nullptr, kJSPropertyAttributeReadOnly},
    {"lastElementChild", GetLastElementChild, nullptr, kJSPropertyAttributeReadOnly},
    {"childElementCount", GetChildElementCount, nullptr, kJSPropertyAttributeReadOnly},
    {"nextElementSibling", GetNextElementSibling, nullptr, kJSPropertyAttributeReadOnly},
    {"previousElementSibling", GetPreviousElementSibling, nullptr, kJSPropertyAttributeReadOnly},
    {"value", GetValue, SetValue, kJSPropertyAttributeNone},
    {"checked", GetChecked, SetChecked, kJSPropertyAttributeNone},
    {"defaultValue", GetDefaultValue, SetDefaultValue, kJSPropertyAttributeNone},
    {"defaultChecked", GetDefaultChecked, nullptr, kJSPropertyAttributeReadOnly},
    {"tagName", GetTagName, nullptr, kJSPropertyAttributeReadOnly},
    {"id", GetId, SetId, kJSPropertyAttributeNone},
    {"className", GetClassName, SetClassName, kJSPropertyAttributeNone},
    {"children", GetChildren, nullptr, kJSPropertyAttributeReadOnly},
    {"innerHTML", GetInnerHtml, SetInnerHtml, kJSPropertyAttributeNone},
    {"outerHTML", GetOuterHtml, nullptr, kJSPropertyAttributeReadOnly},
    {nullptr, nullptr, nullptr, 0}};

const JSStaticFunction kElementFunctions[] = {
    {"getAttribute", GetAttribute, kJSPropertyAttributeReadOnly},
    {"setAttribute", SetAttribute, kJSPropertyAttributeReadOnly},
    {"removeAttribute", RemoveAttribute, kJSPropertyAttributeReadOnly},
    {"hasAttribute", HasAttribute, kJSPropertyAttributeReadOnly},
    {"getAttributeNames", GetAttributeNames, kJSPropertyAttributeReadOnly},
    {"getElementsByTagName", GetElementsByTagName, kJSPropertyAttributeReadOnly},
    {nullptr, nullptr, 0}};

// --- Document ---------------------------------------------------------------------------

dom::Document& DocumentOf(JSContextRef context) {
  return JsDocument::Of(context).document();
}

JSValueRef GetDocumentElement(JSContextRef context, JSObjectRef, JSStringRef, JSValueRef*) {
  return Wrap(context, DocumentOf(context).document_element());
}
JSValueRef GetHead(JSContextRef context, JSObjectRef, JSStringRef, JSValueRef*) {
  return Wrap(context, DocumentOf(context).head());
}
JSValueRef GetBody(JSContextRef context, JSObjectRef, JSStringRef, JSValueRef*) {
  return Wrap(context, DocumentOf(context).body());
}
// "BackCompat" in quirks mode, "CSS1Compat" otherwise (limited quirks too), as DOM §4.5 says.
JSValueRef GetCompatMode(JSContextRef context, JSObjectRef, JSStringRef, JSValueRef*) {
  return MakeString(context, DocumentOf(context).quirks_mode ? "BackCompat" : "CSS1Compat");
}
JSValueRef GetTitle(JSContextRef context, JSObjectRef, JSStringRef, JSValueRef*) {
  return MakeString(context, DocumentOf(context).Title());
}
bool SetTitle(JSContextRef context, JSObjectRef, JSStringRef, JSValueRef value, JSValueRef*) {
  dom::Document& document = DocumentOf(context);
  std::vector<dom::Element*> titles = document.GetElementsByTagName("title");
  Node* title = titles.empty() ? nullptr : titles.front();
  if (!title) {
    Node* head = document.head();
    if (!head)
      return true;  // no <head> to put one in: nothing happens, as in browsers
    title = head->AppendChild(document.CreateElement("title"));
  }
  JSValueRef text = MakeString(context, ToUtf8(context, value));
  JSObjectRef wrapper = JSValueToObject(context, Wrap(context, title), nullptr);
  return SetTextContent(context, wrapper, nullptr, text, nullptr);
}

JSValueRef GetElementById(JSContextRef context,
                          JSObjectRef,
                          JSObjectRef,
                          size_t count,
                          const JSValueRef arguments[],
                          JSValueRef*) {
  return Wrap(context, JsDocument::Of(context).ElementById(Argument(context, count, arguments, 0)));
}

JSValueRef CreateElement(JSContextRef context,
                         JSObjectRef,
                         JSObjectRef,
                         size_t count,
                         const JSValueRef arguments[],
                         JSValueRef* exception) {
  std::string tag = Lowered(Argument(context, count, arguments, 0));
  if (tag.empty() || !std::isalpha(static_cast<unsigned char>(tag[0])) ||
      tag.find_first_of(" \t\n\f\r/>\"'=<") != std::string::npos)
    return Throw(context, exception, "InvalidCharacterError: '" + tag + "' is not a tag name");
  JsDocument& document = JsDocument::Of(context);
  return Wrap(context, document.KeepDetached(document.document().CreateElement(tag)));
}

JSValueRef CreateTextNode(JSContextRef context,
                          JSObjectRef,
                          JSObjectRef,
                          size_t count,
                          const JSValueRef arguments[],
                          JSValueRef*) {
  JsDocument& document = JsDocument::Of(context);
  return Wrap(context, document.KeepDetached(
                           document.document().CreateText(Argument(context, count, arguments, 0))));
}

const JSStaticValue kDocumentValues[] = {
    {"documentElement", GetDocumentElement, nullptr, kJSPropertyAttributeReadOnly},
    {"head", GetHead, nullptr, kJSPropertyAttributeReadOnly},
    {"body", GetBody, nullptr, kJSPropertyAttributeReadOnly},
    {"title", GetTitle, SetTitle, kJSPropertyAttributeNone},
    {"compatMode", GetCompatMode, nullptr, kJSPropertyAttributeReadOnly},
    {"firstElementChild", GetFirstElementChild, nullptr, kJSPropertyAttributeReadOnly},
    {"lastElementChild", GetLastElementChild, nullptr, kJSPropertyAttributeReadOnly},
    {"childElementCount", GetChildElementCount, nullptr, kJSPropertyAttributeReadOnly},
    {nullptr, nullptr, nullptr, 0}};

const JSStaticFunction kDocumentFunctions[] = {
    {"getElementById", GetElementById, kJSPropertyAttributeReadOnly},
    {"getElementsByTagName", GetElementsByTagName, kJSPropertyAttributeReadOnly},
    {"createElement", CreateElement, kJSPropertyAttributeReadOnly},
    {"createTextNode", CreateTextNode, kJSPropertyAttributeReadOnly},
    {nullptr, nullptr, 0}};

// --- console ----------------------------------------------------------------------------

JSValueRef Log(JSContextRef context,
               const char* level,
               size_t count,
               const JSValueRef arguments[]) {
  std::string text;
  for (size_t i = 0; i < count; ++i)
    text += (i ? " " : "") + ToUtf8(context, arguments[i]);
  JsDocument& document = JsDocument::Of(context);
  document.host().OnConsoleMessage({level, text, document.url(), 0});
  return JSValueMakeUndefined(context);
}

JSValueRef ConsoleLog(JSContextRef context,
                      JSObjectRef,
                      JSObjectRef,
                      size_t count,
                      const JSValueRef arguments[],
                      JSValueRef*) {
  return Log(context, "log", count, arguments);
}
JSValueRef ConsoleInfo(JSContextRef context,
                       JSObjectRef,
                       JSObjectRef,
                       size_t count,
                       const JSValueRef arguments[],
                       JSValueRef*) {
  return Log(context, "info", count, arguments);
}
JSValueRef ConsoleWarn(JSContextRef context,
                       JSObjectRef,
                       JSObjectRef,
                       size_t count,
                       const JSValueRef arguments[],
                       JSValueRef*) {
  return Log(context, "warn", count, arguments);
}
JSValueRef ConsoleError(JSContextRef context,
                        JSObjectRef,
                        JSObjectRef,
                        size_t count,
                        const JSValueRef arguments[],
                        JSValueRef*) {
  return Log(context, "error", count, arguments);
}

const JSStaticFunction kConsoleFunctions[] = {{"log", ConsoleLog, kJSPropertyAttributeReadOnly},
                                              {"info", ConsoleInfo, kJSPropertyAttributeReadOnly},
                                              {"debug", ConsoleLog, kJSPropertyAttributeReadOnly},
                                              {"warn", ConsoleWarn, kJSPropertyAttributeReadOnly},
                                              {"error", ConsoleError, kJSPropertyAttributeReadOnly},
                                              {nullptr, nullptr, 0}};

JSClassRef MakeClass(const char* name,
                     JSClassRef parent,
                     const JSStaticValue* values,
                     const JSStaticFunction* functions) {
  JSClassDefinition definition = kJSClassDefinitionEmpty;
  definition.className = name;
  definition.parentClass = parent;
  definition.staticValues = values;
  definition.staticFunctions = functions;
  return JSClassCreate(&definition);
}

}  // namespace

JSClassRef WindowClass() {
  static JSClassRef window = MakeClass("Window", nullptr, nullptr, nullptr);
  return window;
}

JSClassRef NodeClassFor(const dom::Node& node) {
  static JSClassRef node_class = MakeClass("Node", nullptr, kNodeValues, kNodeFunctions);
  static JSClassRef element_class =
      MakeClass("Element", node_class, kElementValues, kElementFunctions);
  static JSClassRef document_class =
      MakeClass("Document", node_class, kDocumentValues, kDocumentFunctions);
  switch (node.type()) {
    case NodeType::kElement:
      return element_class;
    case NodeType::kDocument:
      return document_class;
    default:
      return node_class;
  }
}

JSObjectRef MakeConsole(JSContextRef context) {
  static JSClassRef console = MakeClass("Console", nullptr, nullptr, kConsoleFunctions);
  return JSObjectMake(context, console, nullptr);
}

}  // namespace nexus::web::js
