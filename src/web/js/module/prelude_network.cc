#include "web/js/module/prelude.h"

namespace nexus::web::js {

// The window's fourth part (see prelude.h): loads a page's scripts start. Every one goes to
// main through __nexusFetch (main applies same-origin and CORS and filters the response's
// headers); its answer comes back through __nexusFetchDone.
const char kPreludeNetwork[] = R"JS(
(function (global) {
  "use strict";
  const pending = new Map();
  let nextLoad = 1;
  function load(url, method, headers, body, isScript) {
    return new Promise(resolve => {
      const id = nextLoad++;
      pending.set(id, resolve);
      __nexusFetch(id, url, method, headers, body, isScript);
    });
  }
  global.__nexusFetchDone = function (id, answer) {
    const resolve = pending.get(id);
    if (!resolve) return;
    pending.delete(id);
    if (answer.cookies !== null) __nexusTakeCookies(answer.cookies);
    resolve(answer);
  };

  // --- Headers ---------------------------------------------------------------------------
  const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
  class Headers {
    constructor(init) {
      this._map = new Map();
      if (init instanceof Headers) init.forEach((value, name) => this.append(name, value));
      else if (Array.isArray(init)) for (const [name, value] of init) this.append(name, value);
      else if (init && typeof init === "object") for (const name of Object.keys(init)) this.append(name, init[name]);
    }
    _name(name) {
      name = String(name);
      if (!token.test(name)) throw new TypeError("'" + name + "' is not a valid header name");
      return name.toLowerCase();
    }
    append(name, value) {
      name = this._name(name); value = String(value).trim();
      this._map.set(name, this._map.has(name) ? this._map.get(name) + ", " + value : value);
    }
    set(name, value) { this._map.set(this._name(name), String(value).trim()); }
    get(name) { return this._map.get(this._name(name)) ?? null; }
    has(name) { return this._map.has(this._name(name)); }
    delete(name) { this._map.delete(this._name(name)); }
    forEach(callback, self) { for (const [name, value] of this) callback.call(self, value, name, this); }
    *entries() { yield* [...this._map].sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); }
    *keys() { for (const [name] of this.entries()) yield name; }
    *values() { for (const [, value] of this.entries()) yield value; }
    [Symbol.iterator]() { return this.entries(); }
  }

  // --- Response --------------------------------------------------------------------------
  class Response {
    constructor(body, init) {
      init = init || {};
      this.status = init.status ?? 200;
      this.statusText = init.statusText ?? "";
      this.headers = new Headers(init.headers);
      this.url = "";
      this.type = "default";
      this.redirected = false;
      this._bytes = null;
      if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
        const view = body instanceof ArrayBuffer ? new Uint8Array(body)
                                                 : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
        this._bytes = view.slice().buffer;
        this._text = decodeUtf8(new Uint8Array(this._bytes));
      } else {
        this._text = body === undefined || body === null ? "" : String(body);
      }
      this.bodyUsed = false;
    }
    get ok() { return this.status >= 200 && this.status < 300; }
    _consume() {
      if (this.bodyUsed) return Promise.reject(new TypeError("the body has been read already"));
      this.bodyUsed = true;
      return Promise.resolve();
    }
    text() { return this._consume().then(() => this._text); }
    json() { return this.text().then(JSON.parse); }
    arrayBuffer() {
      return this._consume().then(() => this._bytes ? this._bytes.slice(0)
          : new TextEncoderLike().encode(this._text).buffer);
    }
    clone() {
      if (this.bodyUsed) throw new TypeError("a read body cannot be cloned");
      const copy = new Response(this._text, this);
      Object.assign(copy, {url: this.url, type: this.type, redirected: this.redirected, _bytes: this._bytes});
      copy.headers = new Headers(this.headers);
      return copy;
    }
  }
  // The text of UTF-8 bytes (invalid ones as U+FFFD).
  function decodeUtf8(bytes) {
    let latin1 = "";
    for (let i = 0; i < bytes.length; i += 8192) latin1 += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    try { return decodeURIComponent(escape(latin1)); } catch (e) { return latin1.replace(/[\x80-\xff]/g, "\ufffd"); }
  }
  // --- Request (what fetch() and the Cache API take) ------------------------------------
  class Request {
    constructor(input, init) {
      init = init || {};
      const from = input instanceof Request ? input : null;
      this.url = __nexusResolve(from ? from.url : String(input));
      let method = String(init.method ?? (from ? from.method : "GET"));
      if (!token.test(method)) throw new TypeError("'" + method + "' is not a valid method");
      if (["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].includes(method.toUpperCase())) method = method.toUpperCase();
      this.method = method;
      this.headers = new Headers(init.headers ?? (from ? from.headers : undefined));
      this._text = init.body !== undefined && init.body !== null ? String(init.body) : from ? from._text : "";
      if (this._text && (method === "GET" || method === "HEAD")) throw new TypeError("a " + method + " request cannot have a body");
      this.bodyUsed = false;
    }
    text() {
      if (this.bodyUsed) return Promise.reject(new TypeError("the body has been read already"));
      this.bodyUsed = true;
      return Promise.resolve(this._text);
    }
    clone() { return new Request(this); }
  }

  // UTF-8 bytes of a string, for a Response a script made itself.
  class TextEncoderLike {
    encode(text) {
      const bytes = [];
      for (const c of text) {
        let code = c.codePointAt(0);
        if (code < 0x80) bytes.push(code);
        else if (code < 0x800) bytes.push(0xc0 | code >> 6, 0x80 | code & 63);
        else if (code < 0x10000) bytes.push(0xe0 | code >> 12, 0x80 | code >> 6 & 63, 0x80 | code & 63);
        else bytes.push(0xf0 | code >> 18, 0x80 | code >> 12 & 63, 0x80 | code >> 6 & 63, 0x80 | code & 63);
      }
      return new Uint8Array(bytes);
    }
  }
  function responseFrom(answer, requested) {
    const response = new Response(answer.text, {status: answer.status, headers: answer.headers});
    response.url = answer.url || requested;
    response.redirected = !!answer.url && answer.url !== requested;
    response.type = __nexusOriginOf(response.url) === __nexusOrigin() ? "basic" : "cors";
    response._bytes = answer.bytes;
    return response;
  }
  global.__nexusOriginOf = url => {
    const match = /^(https?:)\/\/([^\/?#]*)/i.exec(url);
    return match ? match[1].toLowerCase() + "//" + match[2].toLowerCase() : "null";
  };

  // --- fetch -----------------------------------------------------------------------------
  const forbiddenMethods = ["CONNECT", "TRACE", "TRACK"];
  function prepare(method, url, headers, body) {
    method = String(method || "GET");
    if (!token.test(method)) throw new TypeError("'" + method + "' is not a valid method");
    if (forbiddenMethods.includes(method.toUpperCase())) throw new TypeError("the method " + method + " is forbidden");
    if (["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].includes(method.toUpperCase())) method = method.toUpperCase();
    if (body !== null && body !== undefined && (method === "GET" || method === "HEAD"))
      throw new TypeError("a " + method + " request cannot have a body");
    const list = [...headers];
    if (body !== null && body !== undefined && !headers.has("content-type"))
      list.push(["content-type", "text/plain;charset=UTF-8"]);
    return {method, url: __nexusResolve(url), headers: list,
            body: body === null || body === undefined ? "" : String(body)};
  }
  global.fetch = function (input, init) {
    try {
      init = init || {};
      const url = typeof input === "object" && input !== null && "url" in input ? input.url : String(input);
      const request = prepare(init.method ?? (input && input.method), url, new Headers(init.headers ?? (input && input.headers)),
                              init.body ?? (input instanceof Request && input._text ? input._text : null));
      return load(request.url, request.method, request.headers, request.body, false).then(answer => {
        if (answer.error) throw new TypeError("Failed to fetch " + request.url + ": " + answer.error);
        return responseFrom(answer, request.url);
      });
    } catch (error) {
      return Promise.reject(error);
    }
  };
  Object.assign(global, {Headers, Response, Request});
  // For Blob and File (prelude_opfs.cc): text to UTF-8 bytes and back.
  global.__nexusUtf8 = {encode: text => new TextEncoderLike().encode(String(text)), decode: decodeUtf8};

  // --- XMLHttpRequest (asynchronous only: this renderer never blocks its loop) -----------
  class XMLHttpRequest {
    constructor() {
      this.readyState = 0; this.status = 0; this.statusText = ""; this.responseText = "";
      this.responseURL = ""; this.responseType = ""; this.timeout = 0; this.withCredentials = false;
      this._listeners = new Map(); this._headers = new Headers(); this._answerHeaders = new Headers();
      this._bytes = null; this._sent = false; this._generation = 0;
      this.onreadystatechange = this.onload = this.onerror = this.onloadend = this.onloadstart = this.onabort = null;
    }
    addEventListener(type, callback) {
      if (!this._listeners.has(type)) this._listeners.set(type, []);
      if (callback && !this._listeners.get(type).includes(callback)) this._listeners.get(type).push(callback);
    }
    removeEventListener(type, callback) {
      const list = this._listeners.get(type);
      if (list && list.includes(callback)) list.splice(list.indexOf(callback), 1);
    }
    _fire(type) {
      const event = new Event(type);
      Object.defineProperty(event, "target", {value: this});
      const handlers = [this["on" + type], ...(this._listeners.get(type) || [])];
      for (const handler of handlers) {
        if (typeof handler !== "function") continue;
        try { handler.call(this, event); } catch (error) { console.error("Uncaught " + error); }
      }
    }
    _state(state) { this.readyState = state; this._fire("readystatechange"); }
    open(method, url, async) {
      if (async === false) throw new Error("InvalidAccessError: synchronous XMLHttpRequest is not supported here; use an asynchronous one or fetch");
      this._method = method; this._url = url; this._headers = new Headers();
      this._generation++; this._sent = false;
      this.status = 0; this.responseText = ""; this.responseURL = "";
      this._state(1);
    }
    setRequestHeader(name, value) {
      if (this.readyState !== 1 || this._sent) throw new Error("InvalidStateError: open() first");
      this._headers.append(name, value);
    }
    send(body) {
      if (this.readyState !== 1 || this._sent) throw new Error("InvalidStateError: open() first");
      const request = prepare(this._method, this._url, this._headers,
                              this._method.toUpperCase() === "GET" || this._method.toUpperCase() === "HEAD" ? null : body ?? null);
      this._sent = true;
      const generation = this._generation;
      this._fire("loadstart");
      load(request.url, request.method, request.headers, request.body, false).then(answer => {
        if (generation !== this._generation) return;  // aborted or opened again
        this._sent = false;
        if (answer.error) {
          this._state(4);
          this._fire("error");
          this._fire("loadend");
          return;
        }
        this.status = answer.status;
        this.responseURL = answer.url || request.url;
        this._answerHeaders = new Headers(answer.headers);
        this._state(2);
        this.responseText = answer.text;
        this._bytes = answer.bytes;
        this._state(3);
        this._state(4);
        this._fire("load");
        this._fire("loadend");
      });
    }
    abort() {
      this._generation++;
      if (this._sent) { this._sent = false; this._state(4); this._fire("abort"); this._fire("loadend"); }
      this.readyState = 0;
    }
    get response() {
      if (this.readyState !== 4) return this.responseType === "" || this.responseType === "text" ? "" : null;
      switch (this.responseType) {
        case "json": try { return JSON.parse(this.responseText); } catch { return null; }
        case "arraybuffer": return this._bytes;
        default: return this.responseText;
      }
    }
    getResponseHeader(name) { return this.readyState >= 2 ? this._answerHeaders.get(name) : null; }
    getAllResponseHeaders() {
      return [...this._answerHeaders].map(([name, value]) => name + ": " + value + "\r\n").join("");
    }
  }
  Object.assign(XMLHttpRequest, {UNSENT: 0, OPENED: 1, HEADERS_RECEIVED: 2, LOADING: 3, DONE: 4});
  global.XMLHttpRequest = XMLHttpRequest;

  // --- scripts that scripts insert (async by nature: they run as they arrive) -------------
  const classicTypes = ["", "text/javascript", "application/javascript", "application/ecmascript",
                        "application/x-javascript", "text/ecmascript", "text/jscript"];
  global.__nexusScriptInserted = function (script) {
    const type = (script.getAttribute("type") ?? "").trim().toLowerCase();
    const language = (script.getAttribute("language") ?? "").trim().toLowerCase();
    if (!classicTypes.includes(type) || (!type && language && language !== "javascript")) return;
    if (!script.hasAttribute("src")) {
      __nexusRunScript(script.textContent, location.href);
      return;
    }
    let url;
    try { url = __nexusResolve(script.getAttribute("src")); } catch (error) {
      queueMicrotask(() => script.dispatchEvent(new Event("error")));
      return;
    }
    load(url, "GET", [], "", true).then(answer => {
      if (answer.error || answer.status < 200 || answer.status >= 300) {
        script.dispatchEvent(new Event("error"));
        return;
      }
      __nexusRunScript(answer.text, answer.url || url);
      script.dispatchEvent(new Event("load"));
    });
  };
})(this);
)JS";

}  // namespace nexus::web::js
