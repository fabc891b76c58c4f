#include "web/js/module/prelude.h"

namespace nexus::web::js {

// The window's fifth part (see prelude.h): DOMException, and Web Storage (the HTML standard's
// localStorage and sessionStorage). An area is loaded whole at the page's first use of it
// (__nexusStorageOpen asks main and waits) and kept here; each change goes to main at once
// (__nexusStorageWrite). Another tab's change comes back through __nexusStorageChanged.
const char kPreludeStorage[] = R"JS(
(function (global) {
  "use strict";
  // --- DOMException (WebIDL): the errors web APIs throw, by name, with the legacy codes.
  const codes = {IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4,
    InvalidCharacterError: 5, NoModificationAllowedError: 7, NotFoundError: 8,
    NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13,
    NamespaceError: 14, InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18,
    NetworkError: 19, AbortError: 20, URLMismatchError: 21, QuotaExceededError: 22,
    TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25};
  class DOMException extends Error {
    constructor(message, name) {
      super(message === undefined ? "" : String(message));
      Object.defineProperty(this, "name", {value: name === undefined ? "Error" : String(name), configurable: true});
    }
    get code() { return codes[this.name] || 0; }
  }
  for (const [name, code] of Object.entries(codes))
    DOMException[name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase().replace(/_ERROR$/, "_ERR")] = code;
  global.DOMException = DOMException;
  // "Name: message", as main and the storage service say why, becomes that DOMException.
  const domError = text => {
    const match = /^([A-Za-z]+Error): (.*)$/s.exec(text);
    return match ? new DOMException(match[2], match[1]) : new DOMException(text, "UnknownError");
  };

  // --- Web Storage ---------------------------------------------------------------------
  const quota = 5 * 1024 * 1024;  // UTF-16 code units of keys and values, per origin
  const areas = {local: null, session: null};  // {map, size} once loaded
  function load(kind) {
    if (areas[kind]) return areas[kind];
    const answer = __nexusStorageOpen(kind);
    if (typeof answer === "string") throw domError(answer);
    const map = new Map();
    let size = 0;
    for (let i = 0; i + 1 < answer.length; i += 2) {
      map.set(answer[i], answer[i + 1]);
      size += answer[i].length + answer[i + 1].length;
    }
    return areas[kind] = {map, size};
  }
  const kinds = new WeakMap();  // Storage -> "local" or "session"
  class Storage {
    constructor() { throw new TypeError("Illegal constructor"); }
    get length() { return load(kinds.get(this)).map.size; }
    key(index) {
      if (arguments.length === 0) throw new TypeError("key needs an index");
      const keys = [...load(kinds.get(this)).map.keys()];
      index = Number(index) >>> 0;
      return index < keys.length ? keys[index] : null;
    }
    getItem(key) {
      if (arguments.length === 0) throw new TypeError("getItem needs a key");
      const value = load(kinds.get(this)).map.get(String(key));
      return value === undefined ? null : value;
    }
    setItem(key, value) {
      if (arguments.length < 2) throw new TypeError("setItem needs a key and a value");
      const kind = kinds.get(this), area = load(kind);
      key = String(key); value = String(value);
      const old = area.map.get(key);
      if (old === value) return;
      const size = area.size - (old === undefined ? 0 : key.length + old.length) + key.length + value.length;
      if (size > quota)
        throw new DOMException("Setting the value of '" + key + "' exceeded the quota.", "QuotaExceededError");
      area.map.set(key, value);
      area.size = size;
      __nexusStorageWrite(kind, "set", key, value);
    }
    removeItem(key) {
      if (arguments.length === 0) throw new TypeError("removeItem needs a key");
      const kind = kinds.get(this), area = load(kind);
      key = String(key);
      const old = area.map.get(key);
      if (old === undefined) return;
      area.map.delete(key);
      area.size -= key.length + old.length;
      __nexusStorageWrite(kind, "remove", key, "");
    }
    clear() {
      const kind = kinds.get(this), area = load(kind);
      if (area.map.size === 0) return;
      area.map.clear();
      area.size = 0;
      __nexusStorageWrite(kind, "clear", "", "");
    }
    get [Symbol.toStringTag]() { return "Storage"; }
  }
  // Keys are properties too (localStorage.theme = "dark"), unless the prototype has the name.
  const own = (target, name) => typeof name === "string" && !(name in target);
  function makeStorage(kind) {
    const target = Object.create(Storage.prototype);
    kinds.set(target, kind);
    let proxy;
    proxy = new Proxy(target, {
      get: (t, name) => own(t, name) ? Storage.prototype.getItem.call(t, name) ?? undefined : Reflect.get(t, name, t),
      set: (t, name, value) => {
        if (!own(t, name)) return Reflect.set(t, name, value);
        Storage.prototype.setItem.call(t, name, value);
        return true;
      },
      has: (t, name) => own(t, name) ? load(kind).map.has(name) : name in t,
      deleteProperty: (t, name) => {
        if (own(t, name)) Storage.prototype.removeItem.call(t, name);
        else delete t[name];
        return true;
      },
      ownKeys: t => [...new Set([...load(kind).map.keys(), ...Reflect.ownKeys(t)])],
      getOwnPropertyDescriptor: (t, name) => {
        if (!own(t, name) || !load(kind).map.has(name)) return Reflect.getOwnPropertyDescriptor(t, name);
        return {value: load(kind).map.get(name), writable: true, enumerable: true, configurable: true};
      },
      defineProperty: (t, name, descriptor) => {
        if (!own(t, name)) return Reflect.defineProperty(t, name, descriptor);
        Storage.prototype.setItem.call(t, name, descriptor.value);
        return true;
      },
    });
    kinds.set(proxy, kind);
    return proxy;
  }
  global.Storage = Storage;
  const storages = {};
  for (const [property, kind] of [["localStorage", "local"], ["sessionStorage", "session"]]) {
    Object.defineProperty(global, property, {
      configurable: true, enumerable: true,
      get() {
        if (!storages[kind]) {
          load(kind);  // a page without storage (an opaque origin) throws SecurityError here
          storages[kind] = makeStorage(kind);
        }
        return storages[kind];
      },
    });
  }

  class StorageEvent extends Event {
    constructor(type, init) {
      super(type, init);
      init = init || {};
      this.key = init.key ?? null;
      this.oldValue = init.oldValue ?? null;
      this.newValue = init.newValue ?? null;
      this.url = init.url ?? "";
      this.storageArea = init.storageArea ?? null;
    }
  }
  global.StorageEvent = StorageEvent;
  // Another tab changed the origin's localStorage: the copy here follows, and the event fires.
  global.__nexusStorageChanged = function (key, oldValue, newValue, url) {
    const area = areas.local;
    if (area) {
      if (key === null) { area.map.clear(); area.size = 0; }
      else {
        const old = area.map.get(key);
        if (old !== undefined) area.size -= key.length + old.length;
        if (newValue === null) area.map.delete(key);
        else { area.map.set(key, newValue); area.size += key.length + newValue.length; }
      }
    }
    if (url === "") {  // the browser cleared the site's data: nothing to tell the page
      areas.local = null;
      return;
    }
    const event = new StorageEvent("storage", {key, oldValue, newValue, url,
                                               storageArea: storages.local || null});
    event.isTrusted = true;
    if (typeof global.onstorage === "function") {
      try { global.onstorage(event); } catch (error) { console.error("Uncaught " + error); }
    }
    global.dispatchEvent(event);
  };
})(this);
)JS";

}  // namespace nexus::web::js
