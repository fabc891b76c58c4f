#include "web/js/module/jsc_strings.h"

#include <vector>

namespace nexus::web::js {

JsString::JsString(std::string_view utf8)
    : string_(JSStringCreateWithUTF8CString(std::string(utf8).c_str())) {}

JsString::~JsString() {
  if (string_)
    JSStringRelease(string_);
}

std::string ToUtf8(JSStringRef string) {
  if (!string)
    return "";
  std::vector<char> buffer(JSStringGetMaximumUTF8CStringSize(string));
  size_t written = JSStringGetUTF8CString(string, buffer.data(), buffer.size());
  return std::string(buffer.data(), written > 0 ? written - 1 : 0);
}

std::string ToUtf8(JSContextRef context, JSValueRef value) {
  JSValueRef exception = nullptr;
  JSStringRef string = JSValueToStringCopy(context, value, &exception);
  if (!string)
    return "";
  JsString owned(string);
  return ToUtf8(owned.get());
}

JSValueRef MakeString(JSContextRef context, std::string_view utf8) {
  JsString string(utf8);
  return JSValueMakeString(context, string.get());
}

JSValueRef MakeError(JSContextRef context, std::string_view message) {
  JSValueRef argument = MakeString(context, message);
  return JSObjectMakeError(context, 1, &argument, nullptr);
}

JSValueRef MakeTypeError(JSContextRef context, std::string_view message) {
  JsString name("TypeError");
  JSValueRef constructor =
      JSObjectGetProperty(context, JSContextGetGlobalObject(context), name.get(), nullptr);
  if (!JSValueIsObject(context, constructor))
    return MakeError(context, message);
  JSValueRef argument = MakeString(context, message);
  JSObjectRef error = JSObjectCallAsConstructor(
      context, JSValueToObject(context, constructor, nullptr), 1, &argument, nullptr);
  return error ? error : MakeError(context, message);
}

}  // namespace nexus::web::js
