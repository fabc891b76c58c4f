#include "web/js/module/prelude.h"

namespace nexus::web::js {

// The window's seventh part (see prelude.h): the Cache API (caches, Cache), built on the
// origin's IndexedDB: one internal database (its name starts with U+0001, which
// indexedDB.databases() leaves out) holds the caches and their request/response pairs, so
// they live in the storage service, commit before their promises resolve, and count in
// navigator.storage.estimate().
const char kPreludeCache[] = R"JS(
(function (global) {
  "use strict";
  const {run: inTransaction, result} = __nexusInternalDatabase("cache-storage", db => {
    db.createObjectStore("caches", {keyPath: "name"});
    db.createObjectStore("entries", {keyPath: ["cache", "url"]}).createIndex("by_cache", "cache");
  });
  const urlOf = request => new Request(request).url.replace(/#.*$/, "");
  function matches(entry, request, options) {
    options = options || {};
    const wanted = new Request(request);
    if (!options.ignoreMethod && wanted.method !== "GET") return false;
    const strip = url => options.ignoreSearch ? url.replace(/\?.*$/, "") : url;
    return strip(entry.url) === strip(wanted.url.replace(/#.*$/, ""));
  }
  const responseOf = entry => new Response(entry.body, {status: entry.status, statusText: entry.statusText,
                                                        headers: entry.headers});
  let sequence = Date.now() * 1000;

  class Cache {
    constructor(name) { this._name = name; }
    async _entries() {
      return inTransaction(["entries"], "readonly",
                           entries => result(entries.index("by_cache").getAll(this._name)));
    }
    async match(request, options) { return (await this.matchAll(request, options))[0]; }
    async matchAll(request, options) {
      const all = (await this._entries()).sort((a, b) => a.seq - b.seq);
      return (request === undefined ? all : all.filter(e => matches(e, request, options))).map(responseOf);
    }
    async add(request) { return this.addAll([request]); }
    async addAll(requests) {
      const fetched = await Promise.all(requests.map(async request => {
        request = new Request(request);
        const response = await fetch(request);
        if (!response.ok) throw new TypeError("Request failed: " + request.url + " answered " + response.status);
        return [request, response];
      }));
      for (const [request, response] of fetched) await this.put(request, response);
    }
    async put(request, response) {
      request = new Request(request);
      if (request.method !== "GET") throw new TypeError("Request method '" + request.method + "' is unsupported");
      if (!/^https?:/.test(request.url)) throw new TypeError("Request scheme is unsupported");
      if (!(response instanceof Response)) throw new TypeError("The response is not a Response");
      if (response.status === 206) throw new TypeError("Partial response (status code 206) is unsupported");
      if ((response.headers.get("vary") || "").split(",").some(v => v.trim() === "*"))
        throw new TypeError("Vary header contains *");
      if (response.bodyUsed) throw new TypeError("Response body is already used");
      const body = await response.arrayBuffer();
      const entry = {cache: this._name, url: urlOf(request), method: "GET", status: response.status,
                     statusText: response.statusText, headers: [...response.headers], body, seq: ++sequence};
      await inTransaction(["caches", "entries"], "readwrite", async (caches, entries) => {
        if (!(await result(caches.get(this._name)))) throw new DOMException("The cache was deleted.", "InvalidStateError");
        return result(entries.put(entry));
      });
    }
    async delete(request, options) {
      return inTransaction(["entries"], "readwrite", async entries => {
        const found = (await result(entries.index("by_cache").getAll(this._name))).filter(e => matches(e, request, options));
        for (const entry of found) entries.delete([entry.cache, entry.url]);
        return found.length > 0;
      });
    }
    async keys(request, options) {
      const all = (await this._entries()).sort((a, b) => a.seq - b.seq);
      return (request === undefined ? all : all.filter(e => matches(e, request, options))).map(e => new Request(e.url));
    }
  }

  class CacheStorage {
    async open(name) {
      name = String(name);
      await inTransaction(["caches"], "readwrite", async caches => {
        if (!(await result(caches.get(name)))) caches.put({name, seq: ++sequence});
      });
      return new Cache(name);
    }
    async has(name) {
      return !!(await inTransaction(["caches"], "readonly", caches => result(caches.get(String(name)))));
    }
    async delete(name) {
      name = String(name);
      return inTransaction(["caches", "entries"], "readwrite", async (caches, entries) => {
        if (!(await result(caches.get(name)))) return false;
        caches.delete(name);
        entries.delete(IDBKeyRange.bound([name], [name, []]));
        return true;
      });
    }
    async keys() {
      const all = await inTransaction(["caches"], "readonly", caches => result(caches.getAll()));
      return all.sort((a, b) => a.seq - b.seq).map(c => c.name);
    }
    async match(request, options) {
      for (const name of options && options.cacheName !== undefined ? [String(options.cacheName)] : await this.keys()) {
        if (!(await this.has(name))) continue;
        const found = await new Cache(name).match(request, options);
        if (found) return found;
      }
      return undefined;
    }
  }
  global.Cache = Cache;
  global.CacheStorage = CacheStorage;
  const storage = new CacheStorage();
  Object.defineProperty(global, "caches", {get: () => storage, configurable: true, enumerable: true});
})(this);
)JS";

}  // namespace nexus::web::js
