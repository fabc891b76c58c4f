// Strings between JavaScriptCore and C++ (UTF-8 std::string), and arrays built safely.
#pragma once

#include <JavaScriptCore/JavaScript.h>

#include <string>
#include <string_view>

namespace nexus::web::js {

// Owns a JSStringRef.
class JsString {
 public:
  explicit JsString(std::string_view utf8);
  explicit JsString(JSStringRef adopted) : string_(adopted) {}
  ~JsString();
  JsString(const JsString&) = delete;
  JsString& operator=(const JsString&) = delete;
  JSStringRef get() const { return string_; }

 private:
  JSStringRef string_;
};

std::string ToUtf8(JSStringRef string);
// The value as String(value) would give it; "" if that throws.
std::string ToUtf8(JSContextRef context, JSValueRef value);
JSValueRef MakeString(JSContextRef context, std::string_view utf8);
// A JS array filled as its values are made. Values kept in a C++ vector (on the heap) are
// invisible to JavaScriptCore's collector, which may free them before an array holds them;
// this array lives on the stack and holds each value from the start.
class ArrayBuilder {
 public:
  explicit ArrayBuilder(JSContextRef context)
      : context_(context), array_(JSObjectMakeArray(context, 0, nullptr, nullptr)) {}
  void Push(JSValueRef value) {
    JSObjectSetPropertyAtIndex(context_, array_, length_++, value, nullptr);
  }
  JSObjectRef array() const { return array_; }

 private:
  JSContextRef context_;
  JSObjectRef array_;
  unsigned length_ = 0;
};

// A JavaScript Error with `message`, for a callback's exception out-parameter.
JSValueRef MakeError(JSContextRef context, std::string_view message);
// A TypeError, as Web IDL throws for an argument of the wrong type.
JSValueRef MakeTypeError(JSContextRef context, std::string_view message);

}  // namespace nexus::web::js
