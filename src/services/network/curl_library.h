// libcurl, loaded with dlopen by the network service alone. Linking it into the one nexus
// binary would make every process pay for its ~30 shared libraries at exec (measured: +14 ms
// per exec, more than a whole renderer start); only the network process needs it. It is
// loaded, and its global state (OpenSSL's included) initialised, before the network
// process's sandbox closes: afterwards the library directories are out of reach.
#pragma once

#include <curl/curl.h>

#include "base/result.h"

namespace nexus::network {

struct CurlLibrary {
  decltype(&curl_global_init) global_init;
  decltype(&curl_easy_init) easy_init;
  decltype(&curl_easy_setopt) easy_setopt;
  decltype(&curl_easy_getinfo) easy_getinfo;
  decltype(&curl_easy_cleanup) easy_cleanup;
  decltype(&curl_easy_strerror) easy_strerror;
  decltype(&curl_slist_append) slist_append;
  decltype(&curl_slist_free_all) slist_free_all;
  decltype(&curl_multi_init) multi_init;
  decltype(&curl_multi_setopt) multi_setopt;
  decltype(&curl_multi_add_handle) multi_add_handle;
  decltype(&curl_multi_remove_handle) multi_remove_handle;
  decltype(&curl_multi_socket_action) multi_socket_action;
  decltype(&curl_multi_info_read) multi_info_read;
  decltype(&curl_multi_cleanup) multi_cleanup;
  decltype(&curl_version_info) version_info;
};

// Loads libcurl once and initialises it; later calls return the same library.
Result<const CurlLibrary*> LoadCurl();

}  // namespace nexus::network
