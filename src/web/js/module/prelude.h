// The part of the window written in JavaScript, run in every document's context before the
// page's scripts, in this order:
// - core (prelude.cc): events (Event, CustomEvent, add/removeEventListener, dispatchEvent
//   with capture, target and bubble phases), timers over the host's clock, queueMicrotask,
//   selectors, classList, dataset, tree helpers, and the document's load events;
// - window (prelude_window.cc): location, history, navigator, document.cookie, element.style,
//   getComputedStyle, getBoundingClientRect and the viewport;
// - input (prelude_input.cc): the user's mouse and keys as DOM events, focus, and the default
//   actions (links, checkboxes, text fields, form submission);
// - network (prelude_network.cc): fetch, Headers, Response, XMLHttpRequest, and scripts that
//   scripts insert;
// - storage (prelude_storage.cc): DOMException, localStorage and sessionStorage, the storage
//   event;
// - indexeddb (prelude_indexeddb.cc): IndexedDB and navigator.storage.estimate();
// - cache (prelude_cache.cc): the Cache API, on IndexedDB;
// - opfs (prelude_opfs.cc): Blob, File and the origin private file system, on IndexedDB.
#pragma once

#include <iterator>

namespace nexus::web::js {

struct PreludePart {
  const char* name;  // the URL errors name
  const char* source;
};

extern const char kPreludeCore[];
extern const char kPreludeWindow[];
extern const char kPreludeInput[];
extern const char kPreludeNetwork[];
extern const char kPreludeStorage[];
extern const char kPreludeIndexedDb[];
extern const char kPreludeCache[];
extern const char kPreludeOpfs[];
extern const PreludePart kPreludeParts[8];

}  // namespace nexus::web::js
