// The host's natives for the prelude (window_natives.cc).
#pragma once

#include <JavaScriptCore/JavaScript.h>

namespace nexus::web::js {

void InstallWindowNatives(JSContextRef context, JSObjectRef global);

}  // namespace nexus::web::js
