#include "services/network/curl_library.h"

#include <dlfcn.h>

#include <string>

namespace nexus::network {
namespace {

template <typename Function>
Status Bind(void* handle, const char* name, Function& function) {
  function = reinterpret_cast<Function>(dlsym(handle, name));
  if (!function)
    return Error(std::string("libcurl has no ") + name);
  return OkStatus();
}

Result<CurlLibrary> Open() {
  void* handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    return Error(std::string("load libcurl: ") + dlerror());
  CurlLibrary curl{};
  TRY_STATUS(Bind(handle, "curl_global_init", curl.global_init));
  TRY_STATUS(Bind(handle, "curl_easy_init", curl.easy_init));
  TRY_STATUS(Bind(handle, "curl_easy_setopt", curl.easy_setopt));
  TRY_STATUS(Bind(handle, "curl_easy_getinfo", curl.easy_getinfo));
  TRY_STATUS(Bind(handle, "curl_easy_cleanup", curl.easy_cleanup));
  TRY_STATUS(Bind(handle, "curl_easy_strerror", curl.easy_strerror));
  TRY_STATUS(Bind(handle, "curl_slist_append", curl.slist_append));
  TRY_STATUS(Bind(handle, "curl_slist_free_all", curl.slist_free_all));
  TRY_STATUS(Bind(handle, "curl_multi_init", curl.multi_init));
  TRY_STATUS(Bind(handle, "curl_multi_setopt", curl.multi_setopt));
  TRY_STATUS(Bind(handle, "curl_multi_add_handle", curl.multi_add_handle));
  TRY_STATUS(Bind(handle, "curl_multi_remove_handle", curl.multi_remove_handle));
  TRY_STATUS(Bind(handle, "curl_multi_socket_action", curl.multi_socket_action));
  TRY_STATUS(Bind(handle, "curl_multi_info_read", curl.multi_info_read));
  TRY_STATUS(Bind(handle, "curl_multi_cleanup", curl.multi_cleanup));
  TRY_STATUS(Bind(handle, "curl_version_info", curl.version_info));
  if (CURLcode code = curl.global_init(CURL_GLOBAL_ALL); code != CURLE_OK)
    return Error("initialise libcurl: error " + std::to_string(code));
  return curl;  // The library stays loaded for the life of the process.
}

}  // namespace

Result<const CurlLibrary*> LoadCurl() {
  static Result<CurlLibrary> loaded = Open();
  if (!loaded.ok())
    return loaded.error();
  return &*loaded;
}

}  // namespace nexus::network
