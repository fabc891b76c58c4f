// The part of the window written in JavaScript (prelude.cc): events (Event, CustomEvent,
// addEventListener, removeEventListener, dispatchEvent with capture, target and bubble
// phases), timers over the host's clock, queueMicrotask, and the document's load events.
#pragma once

namespace nexus::renderer::js {

extern const char kPrelude[];

}  // namespace nexus::renderer::js
