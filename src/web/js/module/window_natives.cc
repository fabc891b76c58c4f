// The natives the prelude's JavaScript builds the window on (__nexus*): each one a door to
// the host (ScriptHost) for what JavaScript cannot do alone: the clock, layout, URLs,
// navigation, loads, cookies and the history's URL.
#include <cmath>
#include <map>
#include <optional>

#include "base/ascii.h"
#include "web/css/media_query.h"
#include "web/css/parser.h"
#include "web/css/selectors.h"
#include "web/css/supports.h"

#include "web/js/module/document_scripts.h"
#include "web/js/module/jsc_strings.h"
#include "web/js/module/window_natives.h"

namespace nexus::web::js {
namespace {

using Arguments = const JSValueRef[];

std::string StringAt(JSContextRef context, size_t count, Arguments arguments, size_t i) {
  return i < count ? ToUtf8(context, arguments[i]) : "";
}

double NumberAt(JSContextRef context, size_t count, Arguments arguments, size_t i) {
  return i < count ? JSValueToNumber(context, arguments[i], nullptr) : NAN;
}

bool BooleanAt(JSContextRef context, size_t count, Arguments arguments, size_t i) {
  return i < count && JSValueToBoolean(context, arguments[i]);
}

const dom::Element* ElementAt(JSContextRef context, size_t count, Arguments arguments, size_t i) {
  dom::Node* node = i < count ? JsDocument::Of(context).Unwrap(arguments[i]) : nullptr;
  return node ? node->AsElement() : nullptr;
}

ScriptHost& Host(JSContextRef context) {
  return JsDocument::Of(context).host();
}

JSValueRef Array(JSContextRef context, const std::vector<JSValueRef>& values) {
  return JSObjectMakeArray(context, values.size(), values.data(), nullptr);
}

// __nexusSetTimer(id, delayMs)
JSValueRef SetTimer(JSContextRef context,
                    JSObjectRef,
                    JSObjectRef,
                    size_t count,
                    Arguments arguments,
                    JSValueRef*) {
  double id = NumberAt(context, count, arguments, 0);
  double delay = NumberAt(context, count, arguments, 1);
  // A delay beyond what an int holds (or NaN) waits as long as an int can.
  int delay_ms = delay >= 0 && delay < 2147483647.0 ? static_cast<int>(delay) : 2147483647;
  if (std::isfinite(id))
    Host(context).SetTimer(static_cast<int>(id), delay_ms);
  return JSValueMakeUndefined(context);
}

// __nexusViewport() -> [width, height]
JSValueRef Viewport(JSContextRef context,
                    JSObjectRef,
                    JSObjectRef,
                    size_t,
                    Arguments,
                    JSValueRef*) {
  ScriptHost& host = Host(context);
  return Array(context, {JSValueMakeNumber(context, host.ViewportWidth()),
                         JSValueMakeNumber(context, host.ViewportHeight())});
}

// __nexusLayoutBox(element) -> [x, y, width, height, border top, right, bottom, left], or
// null when it has no box
JSValueRef LayoutBox(JSContextRef context,
                     JSObjectRef,
                     JSObjectRef,
                     size_t count,
                     Arguments arguments,
                     JSValueRef*) {
  const dom::Element* element = ElementAt(context, count, arguments, 0);
  std::optional<ElementBox> box = element ? Host(context).BoxOf(*element) : std::nullopt;
  if (!box)
    return JSValueMakeNull(context);
  return Array(
      context,
      {JSValueMakeNumber(context, box->x), JSValueMakeNumber(context, box->y),
       JSValueMakeNumber(context, box->width), JSValueMakeNumber(context, box->height),
       JSValueMakeNumber(context, box->borders[0]), JSValueMakeNumber(context, box->borders[1]),
       JSValueMakeNumber(context, box->borders[2]), JSValueMakeNumber(context, box->borders[3])});
}

// __nexusOffsetParent(element) -> its offsetParent, or null
JSValueRef OffsetParent(JSContextRef context,
                        JSObjectRef,
                        JSObjectRef,
                        size_t count,
                        Arguments arguments,
                        JSValueRef*) {
  const dom::Element* element = ElementAt(context, count, arguments, 0);
  const dom::Element* parent = element ? Host(context).OffsetParent(*element) : nullptr;
  if (!parent)
    return JSValueMakeNull(context);
  return JsDocument::Of(context).Wrap(const_cast<dom::Element*>(parent));
}

// __nexusClientRects(element) -> [[x, y, width, height], ...]
JSValueRef ClientRects(JSContextRef context,
                       JSObjectRef,
                       JSObjectRef,
                       size_t count,
                       Arguments arguments,
                       JSValueRef*) {
  const dom::Element* element = ElementAt(context, count, arguments, 0);
  ArrayBuilder rects(context);
  if (element) {
    for (const ElementBox& box : Host(context).ClientRects(*element)) {
      rects.Push(
          Array(context,
                {JSValueMakeNumber(context, box.x), JSValueMakeNumber(context, box.y),
                 JSValueMakeNumber(context, box.width), JSValueMakeNumber(context, box.height)}));
    }
  }
  return rects.array();
}

// __nexusNaturalSize(img) -> [width, height], or null before its picture loaded
JSValueRef NaturalSize(JSContextRef context,
                       JSObjectRef,
                       JSObjectRef,
                       size_t count,
                       Arguments arguments,
                       JSValueRef*) {
  const dom::Element* element = ElementAt(context, count, arguments, 0);
  auto size = element ? Host(context).NaturalSize(*element) : std::nullopt;
  if (!size)
    return JSValueMakeNull(context);
  return Array(context,
               {JSValueMakeNumber(context, size->first), JSValueMakeNumber(context, size->second)});
}

// A rule as the CSSOM shows it: [type, selectorText (or the at-rule's prelude), cssText,
// [[name, value, important], ...], [child rules...]] (CSSOM §6.4: 1 style, 3 import,
// 4 media, 5 font-face, 6 page, 7 keyframes, 12 supports; 0 for others).
JSValueRef RuleValue(JSContextRef context, const css::Rule& rule) {
  static const std::map<std::string, int> kTypes = {{"import", 3},    {"media", 4},
                                                    {"font-face", 5}, {"page", 6},
                                                    {"keyframes", 7}, {"supports", 12}};
  int type = 1;
  std::string prelude = css::Serialize(css::WithoutWhitespace(rule.prelude));
  if (rule.kind == css::Rule::Kind::kAt) {
    auto known = kTypes.find(AsciiLowercase(rule.name));
    type = known == kTypes.end() ? 0 : known->second;
  }
  ArrayBuilder declarations(context);
  std::string block;
  for (const css::Declaration& declaration : rule.declarations) {
    std::string value = css::Serialize(declaration.value);
    block += declaration.name + ": " + value + (declaration.important ? " !important" : "") + "; ";
    declarations.Push(
        Array(context, {MakeString(context, declaration.name), MakeString(context, value),
                        JSValueMakeBoolean(context, declaration.important)}));
  }
  ArrayBuilder children(context);
  for (const css::Rule& child : rule.rules)
    children.Push(RuleValue(context, child));
  std::string text = rule.kind == css::Rule::Kind::kAt ? "@" + rule.name + " " + prelude : prelude;
  if (rule.has_block || rule.kind == css::Rule::Kind::kQualified)
    text += " { " + block + (rule.rules.empty() ? "" : "... ") + "}";
  else
    text += ";";
  return Array(context, {JSValueMakeNumber(context, type), MakeString(context, prelude),
                         MakeString(context, text), declarations.array(), children.array()});
}

// __nexusCssRules(cssText) -> the sheet's rules (RuleValue)
JSValueRef CssRules(JSContextRef context,
                    JSObjectRef,
                    JSObjectRef,
                    size_t count,
                    Arguments arguments,
                    JSValueRef*) {
  css::StyleSheet sheet = css::ParseStyleSheet(StringAt(context, count, arguments, 0));
  ArrayBuilder rules(context);
  for (const css::Rule& rule : sheet.rules)
    rules.Push(RuleValue(context, rule));
  return rules.array();
}

// __nexusStylesheetText(absoluteUrl) -> the fetched sheet's text, or null
JSValueRef StylesheetText(JSContextRef context,
                          JSObjectRef,
                          JSObjectRef,
                          size_t count,
                          Arguments arguments,
                          JSValueRef*) {
  auto text = Host(context).StylesheetText(StringAt(context, count, arguments, 0));
  return text ? MakeString(context, *text) : JSValueMakeNull(context);
}

// __nexusComputedStyle(element) -> [[name, value], ...]
JSValueRef ComputedStyle(JSContextRef context,
                         JSObjectRef,
                         JSObjectRef,
                         size_t count,
                         Arguments arguments,
                         JSValueRef*) {
  const dom::Element* element = ElementAt(context, count, arguments, 0);
  ArrayBuilder pairs(context);
  if (element) {
    for (const auto& [name, value] : Host(context).ComputedStyle(*element))
      pairs.Push(Array(context, {MakeString(context, name), MakeString(context, value)}));
  }
  return pairs.array();
}

// __nexusResolveUrl(relative) -> absolute, or null
JSValueRef ResolveUrl(JSContextRef context,
                      JSObjectRef,
                      JSObjectRef,
                      size_t count,
                      Arguments arguments,
                      JSValueRef*) {
  auto url = Host(context).ResolveUrl(StringAt(context, count, arguments, 0));
  return url ? MakeString(context, *url) : JSValueMakeNull(context);
}

// __nexusNavigate(url, method, body, contentType, replace)
JSValueRef Navigate(JSContextRef context,
                    JSObjectRef,
                    JSObjectRef,
                    size_t count,
                    Arguments arguments,
                    JSValueRef*) {
  NavigationRequest request;
  request.url = StringAt(context, count, arguments, 0);
  request.method = StringAt(context, count, arguments, 1);
  request.body = StringAt(context, count, arguments, 2);
  request.content_type = StringAt(context, count, arguments, 3);
  request.replace = BooleanAt(context, count, arguments, 4);
  Host(context).Navigate(request);
  return JSValueMakeUndefined(context);
}

// __nexusFetch(id, url, method, [[name, value], ...], body, isScript)
JSValueRef Fetch(JSContextRef context,
                 JSObjectRef,
                 JSObjectRef,
                 size_t count,
                 Arguments arguments,
                 JSValueRef* exception) {
  double id = NumberAt(context, count, arguments, 0);
  FetchRequest request;
  request.url = StringAt(context, count, arguments, 1);
  request.method = StringAt(context, count, arguments, 2);
  request.body = StringAt(context, count, arguments, 4);
  request.script = BooleanAt(context, count, arguments, 5);
  if (count > 3 && JSValueIsArray(context, arguments[3])) {
    JSObjectRef list = JSValueToObject(context, arguments[3], exception);
    JsString length_name("length");
    double length = JSValueToNumber(
        context, JSObjectGetProperty(context, list, length_name.get(), nullptr), nullptr);
    for (unsigned i = 0; std::isfinite(length) && i < length && i < 256; ++i) {
      JSValueRef pair = JSObjectGetPropertyAtIndex(context, list, i, nullptr);
      JSObjectRef pair_object = JSValueToObject(context, pair, nullptr);
      if (!pair_object)
        continue;
      request.headers.emplace_back(
          ToUtf8(context, JSObjectGetPropertyAtIndex(context, pair_object, 0, nullptr)),
          ToUtf8(context, JSObjectGetPropertyAtIndex(context, pair_object, 1, nullptr)));
    }
  }
  if (std::isfinite(id))
    Host(context).Fetch(static_cast<int>(id), request);
  return JSValueMakeUndefined(context);
}

// __nexusSetCookie(text)
JSValueRef SetCookie(JSContextRef context,
                     JSObjectRef,
                     JSObjectRef,
                     size_t count,
                     Arguments arguments,
                     JSValueRef*) {
  Host(context).SetCookie(StringAt(context, count, arguments, 0));
  return JSValueMakeUndefined(context);
}

// __nexusUrlChanged(url, replace)
JSValueRef UrlChanged(JSContextRef context,
                      JSObjectRef,
                      JSObjectRef,
                      size_t count,
                      Arguments arguments,
                      JSValueRef*) {
  Host(context).UrlChanged(StringAt(context, count, arguments, 0),
                           BooleanAt(context, count, arguments, 1));
  return JSValueMakeUndefined(context);
}

// __nexusRunScript(source, url) -> whether it ran without an exception (which is reported)
JSValueRef RunScript(JSContextRef context,
                     JSObjectRef,
                     JSObjectRef,
                     size_t count,
                     Arguments arguments,
                     JSValueRef*) {
  Status ran = JsDocument::Of(context).RunScript(StringAt(context, count, arguments, 0),
                                                 StringAt(context, count, arguments, 1), 1);
  return JSValueMakeBoolean(context, ran.ok());
}

// The selector list `text` (parsed once per text: pages ask for the same ones again and again),
// or null when it is not valid.
const css::SelectorList* Selectors(const std::string& text) {
  static std::map<std::string, std::optional<css::SelectorList>> cache;
  if (cache.size() > 1024)
    cache.clear();
  auto it = cache.find(text);
  if (it == cache.end()) {
    auto parsed = css::ParseSelectorList(text);
    it = cache.emplace(text, parsed.ok() ? std::optional(std::move(parsed).value()) : std::nullopt)
             .first;
  }
  return it->second ? &*it->second : nullptr;
}

css::MatchState StateOf(JSContextRef context, size_t count, Arguments arguments, size_t focused) {
  css::MatchState state;
  state.focused = ElementAt(context, count, arguments, focused);
  return state;
}

// __nexusMatches(element, selectors, focused) -> whether it matches; null: not a selector
JSValueRef Matches(JSContextRef context,
                   JSObjectRef,
                   JSObjectRef,
                   size_t count,
                   Arguments arguments,
                   JSValueRef*) {
  const css::SelectorList* list = Selectors(StringAt(context, count, arguments, 1));
  const dom::Element* element = ElementAt(context, count, arguments, 0);
  if (!list)
    return JSValueMakeNull(context);
  return JSValueMakeBoolean(context, element && css::MatchesAny(*list, *element,
                                                                StateOf(context, count, arguments, 2)));
}

// __nexusQuerySelectorAll(root, selectors, focused, firstOnly) -> [elements in tree order];
// null: not a selector. The root itself is not a candidate, as the DOM standard says.
JSValueRef QuerySelectorAll(JSContextRef context,
                            JSObjectRef,
                            JSObjectRef,
                            size_t count,
                            Arguments arguments,
                            JSValueRef*) {
  const css::SelectorList* list = Selectors(StringAt(context, count, arguments, 1));
  dom::Node* root = count > 0 ? JsDocument::Of(context).Unwrap(arguments[0]) : nullptr;
  if (!list)
    return JSValueMakeNull(context);
  css::MatchState state = StateOf(context, count, arguments, 2);
  bool first_only = BooleanAt(context, count, arguments, 3);
  std::vector<JSValueRef> found;
  if (root) {
    for (const dom::Node* node : dom::Descendants(*root)) {
      const dom::Element* element = node->AsElement();
      if (!element || !css::MatchesAny(*list, *element, state))
        continue;
      found.push_back(JsDocument::Of(context).Wrap(const_cast<dom::Element*>(element)));
      if (first_only)
        break;
    }
  }
  return Array(context, found);
}

// __nexusMatchMedia(query) -> whether the media query list matches the viewport now.
JSValueRef MatchMedia(JSContextRef context,
                      JSObjectRef,
                      JSObjectRef,
                      size_t count,
                      Arguments arguments,
                      JSValueRef*) {
  ScriptHost& host = Host(context);
  css::MediaEnvironment environment;
  environment.width = host.ViewportWidth();
  environment.height = host.ViewportHeight();
  return JSValueMakeBoolean(
      context, css::MatchesMediaQueryList(StringAt(context, count, arguments, 0), environment));
}

// __nexusSupports(property, value) or __nexusSupports(condition) -> CSS.supports()'s answer.
JSValueRef Supports(JSContextRef context,
                    JSObjectRef,
                    JSObjectRef,
                    size_t count,
                    Arguments arguments,
                    JSValueRef*) {
  std::string first = StringAt(context, count, arguments, 0);
  return JSValueMakeBoolean(
      context, count >= 2 ? css::SupportsDeclaration(first, StringAt(context, count, arguments, 1))
                          : css::SupportsCondition(first));
}

std::optional<StorageArea> AreaAt(JSContextRef context,
                                  size_t count,
                                  Arguments arguments,
                                  size_t i) {
  std::string kind = StringAt(context, count, arguments, i);
  if (kind == "local")
    return StorageArea::kLocal;
  if (kind == "session")
    return StorageArea::kSession;
  return std::nullopt;
}

// __nexusStorageOpen(area) -> [key, value, key, value, ...], or the error as a string
// ("SecurityError: ...") for the prelude to throw as a DOMException.
JSValueRef StorageOpen(JSContextRef context,
                       JSObjectRef,
                       JSObjectRef,
                       size_t count,
                       Arguments arguments,
                       JSValueRef*) {
  auto area = AreaAt(context, count, arguments, 0);
  if (!area)
    return MakeString(context, "TypeError: no such storage area");
  auto entries = Host(context).OpenStorage(*area);
  if (!entries.ok())
    return MakeString(context, entries.error().message());
  std::vector<JSValueRef> flat;
  flat.reserve(entries->size() * 2);
  for (const auto& [key, value] : *entries) {
    flat.push_back(MakeString(context, key));
    flat.push_back(MakeString(context, value));
  }
  return Array(context, flat);
}

// __nexusStorageWrite(area, "set" | "remove" | "clear", key, value)
JSValueRef StorageWrite(JSContextRef context,
                        JSObjectRef,
                        JSObjectRef,
                        size_t count,
                        Arguments arguments,
                        JSValueRef*) {
  auto area = AreaAt(context, count, arguments, 0);
  std::string operation = StringAt(context, count, arguments, 1);
  if (area) {
    Host(context).WriteStorage(*area,
                               operation == "set"      ? StorageOperation::kSet
                               : operation == "remove" ? StorageOperation::kRemove
                                                       : StorageOperation::kClear,
                               StringAt(context, count, arguments, 2),
                               StringAt(context, count, arguments, 3));
  }
  return JSValueMakeUndefined(context);
}

// __nexusIndexedDb(id, requestJson, value)
JSValueRef IndexedDb(JSContextRef context,
                     JSObjectRef,
                     JSObjectRef,
                     size_t count,
                     Arguments arguments,
                     JSValueRef*) {
  double id = NumberAt(context, count, arguments, 0);
  if (std::isfinite(id))
    Host(context).IndexedDb(static_cast<int>(id), StringAt(context, count, arguments, 1),
                            StringAt(context, count, arguments, 2));
  return JSValueMakeUndefined(context);
}

// __nexusEstimateStorage(id)
JSValueRef EstimateStorage(JSContextRef context,
                           JSObjectRef,
                           JSObjectRef,
                           size_t count,
                           Arguments arguments,
                           JSValueRef*) {
  double id = NumberAt(context, count, arguments, 0);
  if (std::isfinite(id))
    Host(context).EstimateStorage(static_cast<int>(id));
  return JSValueMakeUndefined(context);
}

// __nexusFormEdited(field, value): the user typed into a field.
JSValueRef FormEdited(JSContextRef context,
                      JSObjectRef,
                      JSObjectRef,
                      size_t count,
                      Arguments arguments,
                      JSValueRef*) {
  Host(context).FormEdited(StringAt(context, count, arguments, 0),
                           StringAt(context, count, arguments, 1));
  return JSValueMakeUndefined(context);
}

struct Native {
  const char* name;
  JSObjectCallAsFunctionCallback function;
};

constexpr Native kNatives[] = {
    {"__nexusSetTimer", SetTimer},
    {"__nexusViewport", Viewport},
    {"__nexusLayoutBox", LayoutBox},
    {"__nexusOffsetParent", OffsetParent},
    {"__nexusClientRects", ClientRects},
    {"__nexusNaturalSize", NaturalSize},
    {"__nexusCssRules", CssRules},
    {"__nexusStylesheetText", StylesheetText},
    {"__nexusComputedStyle", ComputedStyle},
    {"__nexusResolveUrl", ResolveUrl},
    {"__nexusNavigate", Navigate},
    {"__nexusFetch", Fetch},
    {"__nexusSetCookie", SetCookie},
    {"__nexusUrlChanged", UrlChanged},
    {"__nexusRunScript", RunScript},
    {"__nexusMatches", Matches},
    {"__nexusQuerySelectorAll", QuerySelectorAll},
    {"__nexusMatchMedia", MatchMedia},
    {"__nexusSupports", Supports},
    {"__nexusStorageOpen", StorageOpen},
    {"__nexusStorageWrite", StorageWrite},
    {"__nexusIndexedDb", IndexedDb},
    {"__nexusEstimateStorage", EstimateStorage},
    {"__nexusFormEdited", FormEdited},
};

}  // namespace

void InstallWindowNatives(JSContextRef context, JSObjectRef global) {
  for (const Native& native : kNatives) {
    JsString name(native.name);
    JSObjectRef function = JSObjectMakeFunctionWithCallback(context, name.get(), native.function);
    JSObjectSetProperty(context, global, name.get(), function, kJSPropertyAttributeReadOnly,
                        nullptr);
  }
}

}  // namespace nexus::web::js
