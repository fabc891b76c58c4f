#include "web/js/module/prelude.h"

namespace nexus::web::js {

// The window's sixth part (see prelude.h): IndexedDB and navigator.storage.estimate(). The
// page's side of IndexedDB lives here: keys are encoded so that their byte order is
// IndexedDB's key order (the storage service compares them as bytes), values are structured
// clones serialized to text, key paths and index keys are evaluated here (as Chromium's
// renderer does), and transactions commit on their own once their requests are answered and
// the page makes no more. Requests go through __nexusIndexedDb to main and the storage
// service; answers come back through __nexusStorageAnswered.
const char kPreludeIndexedDb[] = R"JS(
(function (global) {
  "use strict";
  const report = error => console.error("Uncaught " + error);
  const fail = (name, message) => new DOMException(message, name);
  const domError = text => {
    const match = /^([A-Za-z]+Error): (.*)$/s.exec(text);
    return match ? new DOMException(match[2], match[1]) : new DOMException(text, "UnknownError");
  };

  // --- The channel to main ---------------------------------------------------------------
  const answers = new Map();
  let nextCall = 1;
  function call(request, value, done) {
    const id = nextCall++;
    answers.set(id, done);
    __nexusIndexedDb(id, JSON.stringify(request), value === undefined ? "" : value);
  }
  global.__nexusStorageAnswered = function (id, json, records) {
    const done = answers.get(id);
    if (!done) return;
    answers.delete(id);
    done(JSON.parse(json), records);
  };

  // --- Keys: "10" number, "20" date, "30" string, "40" binary, "50" array, then their
  // contents in hex, ordered as IndexedDB orders keys when compared as strings.
  const hex2 = n => (n < 16 ? "0" : "") + n.toString(16);
  function encodeNumber(n) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, n === 0 ? 0 : n);
    const negative = view.getUint8(0) & 0x80;
    let out = "";
    for (let i = 0; i < 8; ++i) {
      const byte = view.getUint8(i);
      out += hex2(negative ? ~byte & 0xff : i === 0 ? byte | 0x80 : byte);
    }
    return out;
  }
  function decodeNumber(text) {
    const view = new DataView(new ArrayBuffer(8));
    const negative = !(parseInt(text.slice(0, 2), 16) & 0x80);
    for (let i = 0; i < 8; ++i) {
      const byte = parseInt(text.slice(2 * i, 2 * i + 2), 16);
      view.setUint8(i, negative ? ~byte & 0xff : i === 0 ? byte & 0x7f : byte);
    }
    return view.getFloat64(0);
  }
  const isBinary = v => v instanceof ArrayBuffer || ArrayBuffer.isView(v);
  const bytesOf = v => v instanceof ArrayBuffer ? new Uint8Array(v)
                                                : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  // The key's encoding, or null when it is not a valid key.
  function encodeKey(key, seen) {
    if (typeof key === "number") return Number.isNaN(key) ? null : "10" + encodeNumber(key);
    if (typeof key === "string") {
      let out = "30";
      for (let i = 0; i < key.length; ++i) out += "1" + key.charCodeAt(i).toString(16).padStart(4, "0");
      return out + "0";
    }
    if (key instanceof Date) {
      const time = key.getTime();
      return Number.isNaN(time) ? null : "20" + encodeNumber(time);
    }
    if (isBinary(key)) {
      let out = "40";
      for (const byte of bytesOf(key)) out += "1" + hex2(byte);
      return out + "0";
    }
    if (Array.isArray(key)) {
      seen = seen || new Set();
      if (seen.has(key)) return null;
      seen.add(key);
      let out = "50";
      for (let i = 0; i < key.length; ++i) {
        if (!Object.prototype.hasOwnProperty.call(key, i)) return null;
        const part = encodeKey(key[i], seen);
        if (part === null) return null;
        out += part;
      }
      seen.delete(key);
      return out + "0";
    }
    return null;
  }
  function decodeKey(text) {
    let at = 0;
    function next() {
      const tag = text.slice(at, at + 2);
      at += 2;
      if (tag === "10" || tag === "20") {
        const n = decodeNumber(text.slice(at, at + 16));
        at += 16;
        return tag === "10" ? n : new Date(n);
      }
      if (tag === "30") {
        let out = "";
        while (text[at] === "1") { out += String.fromCharCode(parseInt(text.slice(at + 1, at + 5), 16)); at += 5; }
        ++at;
        return out;
      }
      if (tag === "40") {
        const bytes = [];
        while (text[at] === "1") { bytes.push(parseInt(text.slice(at + 1, at + 3), 16)); at += 3; }
        ++at;
        return new Uint8Array(bytes).buffer;
      }
      const out = [];
      while (text[at] !== "0" && at < text.length) out.push(next());
      ++at;
      return out;
    }
    return next();
  }
  function keyOrThrow(key, what) {
    const encoded = encodeKey(key);
    if (encoded === null) throw fail("DataError", (what || "The parameter") + " is not a valid key.");
    return encoded;
  }
  const compare = (a, b) => a < b ? -1 : a > b ? 1 : 0;

  // --- Key ranges ---------------------------------------------------------------------------
  class IDBKeyRange {
    constructor() { throw new TypeError("Illegal constructor"); }
    static only(value) { const key = keyOrThrow(value); return makeRange(value, value, false, false, key, key); }
    static lowerBound(value, open) { return makeRange(value, undefined, !!open, true, keyOrThrow(value), ""); }
    static upperBound(value, open) { return makeRange(undefined, value, true, !!open, "", keyOrThrow(value)); }
    static bound(lower, upper, lowerOpen, upperOpen) {
      const l = keyOrThrow(lower), u = keyOrThrow(upper);
      if (l > u || (l === u && (lowerOpen || upperOpen)))
        throw fail("DataError", "The lower key is greater than the upper key.");
      return makeRange(lower, upper, !!lowerOpen, !!upperOpen, l, u);
    }
    includes(key) {
      const k = keyOrThrow(key);
      if (this._l && (k < this._l || (this.lowerOpen && k === this._l))) return false;
      if (this._u && (k > this._u || (this.upperOpen && k === this._u))) return false;
      return true;
    }
  }
  function makeRange(lower, upper, lowerOpen, upperOpen, l, u) {
    const range = Object.create(IDBKeyRange.prototype);
    Object.defineProperties(range, {lower: {value: lower, enumerable: true}, upper: {value: upper, enumerable: true},
                                    lowerOpen: {value: lowerOpen, enumerable: true}, upperOpen: {value: upperOpen, enumerable: true},
                                    _l: {value: l}, _u: {value: u}});
    return range;
  }
  // A query (a key or a range) as bounds; `required`: null and undefined are DataErrors.
  function boundsOf(query, required) {
    if (query === undefined || query === null) {
      if (required) throw fail("DataError", "No key or key range specified.");
      return {lower: "", upper: "", lowerOpen: false, upperOpen: false};
    }
    if (query instanceof IDBKeyRange)
      return {lower: query._l, upper: query._u, lowerOpen: query.lowerOpen && !!query._l,
              upperOpen: query.upperOpen && !!query._u};
    const key = keyOrThrow(query);
    return {lower: key, upper: key, lowerOpen: false, upperOpen: false};
  }

  // --- Structured clone: values as text, refs keep shared and cyclic objects whole.
  function serialize(value) {
    const refs = new Map();
    function walk(v) {
      switch (typeof v) {
        case "undefined": return ["u"];
        case "boolean": case "string": return v;
        case "number": return Number.isFinite(v) && !Object.is(v, -0) ? v : ["n", Object.is(v, -0) ? "-0" : String(v)];
        case "bigint": return ["i", v.toString()];
        case "symbol": case "function":
          throw fail("DataCloneError", String(typeof v === "function" ? "function" : "Symbol") + " could not be cloned.");
      }
      if (v === null) return null;
      if (refs.has(v)) return ["r", refs.get(v)];
      const id = refs.size;
      refs.set(v, id);
      if (Array.isArray(v)) return ["a", id, v.length, Object.keys(v).map(k => [k, walk(v[k])])];
      if (v instanceof Date) return ["D", id, String(v.getTime())];
      if (v instanceof RegExp) return ["R", id, v.source, v.flags];
      if (v instanceof Map) return ["M", id, [...v].map(([k, x]) => [walk(k), walk(x)])];
      if (v instanceof Set) return ["S", id, [...v].map(walk)];
      if (v instanceof ArrayBuffer) {
        const bytes = new Uint8Array(v);
        let text = "";
        for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
        return ["B", id, text];
      }
      if (ArrayBuffer.isView(v))
        return ["V", id, v.constructor.name, walk(v.buffer), v.byteOffset, v instanceof DataView ? v.byteLength : v.length];
      if (v instanceof Boolean || v instanceof Number || v instanceof String) return ["W", id, typeof v.valueOf(), walk(v.valueOf())];
      if (v instanceof Error) return ["E", id, v.name, v.message];
      if (global.Blob && v instanceof global.Blob) {  // and File (prelude_opfs.cc)
        let text = "";
        for (let i = 0; i < v._bytes.length; i += 8192) text += String.fromCharCode.apply(null, v._bytes.subarray(i, i + 8192));
        return global.File && v instanceof global.File ? ["F", id, text, v.type, v.name, v.lastModified]
                                                       : ["L", id, text, v.type];
      }
      if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet || typeof v.nodeType === "number")
        throw fail("DataCloneError", Object.prototype.toString.call(v) + " could not be cloned.");
      return ["o", id, Object.keys(v).map(k => [k, walk(v[k])])];
    }
    return JSON.stringify(walk(value));
  }
  function deserialize(text) {
    const refs = [];
    function build(t) {
      if (!Array.isArray(t)) return t;
      switch (t[0]) {
        case "u": return undefined;
        case "n": return t[1] === "-0" ? -0 : Number(t[1]);
        case "i": return BigInt(t[1]);
        case "r": return refs[t[1]];
        case "a": { const a = new Array(t[2]); refs[t[1]] = a; for (const [k, x] of t[3]) a[k] = build(x); return a; }
        case "D": return refs[t[1]] = new Date(Number(t[2]));
        case "R": return refs[t[1]] = new RegExp(t[2], t[3]);
        case "M": { const m = new Map(); refs[t[1]] = m; for (const [k, x] of t[2]) m.set(build(k), build(x)); return m; }
        case "S": { const s = new Set(); refs[t[1]] = s; for (const x of t[2]) s.add(build(x)); return s; }
        case "B": { const bytes = new Uint8Array(t[2].length); for (let i = 0; i < bytes.length; ++i) bytes[i] = t[2].charCodeAt(i); return refs[t[1]] = bytes.buffer; }
        case "V": { const buffer = build(t[3]); return refs[t[1]] = new global[t[2]](buffer, t[4], t[5]); }
        case "W": return refs[t[1]] = Object(build(t[3]));
        case "E": { const E = global[t[2]] && global[t[2]].prototype instanceof Error ? global[t[2]] : Error; return refs[t[1]] = new E(t[3]); }
        case "o": { const o = {}; refs[t[1]] = o; for (const [k, x] of t[2]) o[k] = build(x); return o; }
        case "L": case "F": {
          const bytes = new Uint8Array(t[2].length);
          for (let i = 0; i < bytes.length; ++i) bytes[i] = t[2].charCodeAt(i);
          return refs[t[1]] = t[0] === "F" ? new global.File([bytes], t[4], {type: t[3], lastModified: t[5]})
                                           : new global.Blob([bytes], {type: t[3]});
        }
      }
      return undefined;
    }
    return build(JSON.parse(text));
  }
  const clone = value => deserialize(serialize(value));

  // --- Key paths ----------------------------------------------------------------------------
  const identifier = /^[A-Za-z_$][\w$]*$/;
  function validKeyPath(path) {
    if (typeof path === "string") return path === "" || path.split(".").every(p => identifier.test(p));
    return Array.isArray(path) && path.length > 0 && path.every(p => typeof p === "string" && validKeyPath(p));
  }
  function evaluate(value, path) {
    if (Array.isArray(path)) {
      const out = [];
      for (const part of path) { const v = evaluate(value, part); if (v === undefined) return undefined; out.push(v); }
      return out;
    }
    if (path === "") return value;
    let v = value;
    for (const part of path.split(".")) {
      if (typeof v === "string" && part === "length") { v = v.length; continue; }
      if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, part)) return undefined;
      v = v[part];
    }
    return v;
  }
  function canInject(value, path) {
    const parts = path.split(".");
    let v = value;
    for (let i = 0; i < parts.length - 1; ++i) {
      if (v === null || typeof v !== "object") return false;
      if (!Object.prototype.hasOwnProperty.call(v, parts[i])) return true;
      v = v[parts[i]];
    }
    return v !== null && typeof v === "object";
  }
  function inject(value, path, key) {
    const parts = path.split(".");
    let v = value;
    for (let i = 0; i < parts.length - 1; ++i) {
      if (!Object.prototype.hasOwnProperty.call(v, parts[i])) v[parts[i]] = {};
      v = v[parts[i]];
    }
    v[parts[parts.length - 1]] = key;
  }
  function indexKeysOf(store, value) {
    return Object.entries(store.indexes).map(([name, index]) => {
      const found = evaluate(value, index.keyPath), keys = [];
      if (found !== undefined) {
        for (const key of index.multiEntry && Array.isArray(found) ? found : [found]) {
          const encoded = encodeKey(key);
          if (encoded !== null && !keys.includes(encoded)) keys.push(encoded);
        }
        if (index.multiEntry && !Array.isArray(found) && keys.length === 0) keys.length = 0;
      }
      return [name, keys];
    });
  }
  const pathText = path => path === null ? "" : JSON.stringify(path);
  const pathOf = text => text === "" ? null : JSON.parse(text);

  // --- Events on IndexedDB's objects ------------------------------------------------------
  class IdbTarget {
    addEventListener(type, callback) {
      if (!callback) return;
      (this._listeners || (this._listeners = [])).push({type: String(type), callback});
    }
    removeEventListener(type, callback) {
      if (this._listeners) this._listeners = this._listeners.filter(l => l.type !== type || l.callback !== callback);
    }
    dispatchEvent(event) { return !dispatch(this, event, []).prevented; }
  }
  // Fires `event` at `target`, then (if it bubbles) at `parents`; says whether a listener
  // threw and whether the default was prevented.
  function dispatch(target, event, parents) {
    let threw = false;
    event.target = target;
    for (const at of [target, ...(event.bubbles ? parents : [])]) {
      event.currentTarget = at;
      event.eventPhase = at === target ? 2 : 3;
      const handler = at["on" + event.type];
      const listeners = [...(typeof handler === "function" ? [{callback: handler}] : []),
                         ...(at._listeners || []).filter(l => l.type === event.type)];
      for (const listener of listeners) {
        try {
          if (typeof listener.callback === "function") listener.callback.call(at, event);
          else listener.callback.handleEvent(event);
        } catch (error) { threw = true; report(error); }
        if (event._stopNow) break;
      }
      if (event._stop) break;
    }
    event.currentTarget = null;
    event.eventPhase = 0;
    return {threw, prevented: event.defaultPrevented};
  }
  class IDBVersionChangeEvent extends Event {
    constructor(type, init) {
      super(type, init);
      this.oldVersion = init && init.oldVersion !== undefined ? init.oldVersion : 0;
      this.newVersion = init && init.newVersion !== undefined ? init.newVersion : null;
    }
  }
  const stringList = names => {
    const list = [...names].sort();
    Object.defineProperty(list, "contains", {value: name => list.includes(name)});
    Object.defineProperty(list, "item", {value: i => list[i] ?? null});
    return Object.freeze(list);
  };

  class IDBRequest extends IdbTarget {
    constructor(source, transaction) {
      super();
      this.source = source === undefined ? null : source;
      this.transaction = transaction || null;
      this.readyState = "pending";
      this._result = undefined;
      this._error = null;
      this.onsuccess = this.onerror = null;
    }
    get result() {
      if (this.readyState !== "done") throw fail("InvalidStateError", "The request has not finished.");
      return this._result;
    }
    get error() {
      if (this.readyState !== "done") throw fail("InvalidStateError", "The request has not finished.");
      return this._error;
    }
  }
  class IDBOpenDBRequest extends IDBRequest {
    constructor() { super(null, null); this.onblocked = this.onupgradeneeded = null; }
  }

  // --- Transactions -------------------------------------------------------------------------
  let nextTransaction = 1;
  class IDBTransaction extends IdbTarget {
    constructor(db, mode, names, durability, id) {
      super();
      this.db = db;
      this.mode = mode;
      this.durability = durability || "default";
      this.error = null;
      this.oncomplete = this.onerror = this.onabort = null;
      this._names = names;
      this._id = id || nextTransaction++;
      this._state = "active";      // active, committing, finished
      this._active = true;         // requests may be made now
      this._pending = 0;
      this._requests = new Set();
      this._stores = new Map();
      this._writes = 0;            // cursors' prefetched records are stale after a write
      this._creating = true;
      setTimeout(() => { this._creating = false; this._active = false; this._maybeCommit(); }, 0);
    }
    get objectStoreNames() { return stringList(this.mode === "versionchange" ? Object.keys(this.db._schema) : this._names); }
    objectStore(name) {
      if (this._state === "finished") throw fail("InvalidStateError", "The transaction has finished.");
      const names = this.mode === "versionchange" ? Object.keys(this.db._schema) : this._names;
      if (!names.includes(name)) throw fail("NotFoundError", "No objectStore named " + name + " in this transaction.");
      let store = this._stores.get(name);
      if (!store || store._deleted) this._stores.set(name, store = new IDBObjectStore(this, name));
      return store;
    }
    abort() {
      if (this._state !== "active") throw fail("InvalidStateError", "The transaction has finished.");
      this._abort(null);
    }
    commit() {
      if (this._state !== "active" || !this._active) throw fail("InvalidStateError", "The transaction is not active.");
      this._creating = false;
      this._active = false;
      this._maybeCommit(true);
    }
    _check(write) {
      if (this._state !== "active" || !this._active)
        throw fail("TransactionInactiveError", "The transaction is not active.");
      if (write && this.mode === "readonly") throw fail("ReadOnlyError", "The transaction is read-only.");
    }
    _send(request, value, done) {
      ++this._pending;
      call(Object.assign({db: this.db.name, tx: this._id}, request), value, (answer, records) => {
        if (this._state === "finished") return;  // aborted meanwhile: its requests failed already
        --this._pending;
        done(answer, records);
        this._maybeCommit();
      });
    }
    // A request the page sees: answered with `toResult(answer, records)` or an error event.
    _request(source, message, value, toResult, request) {
      request = request || new IDBRequest(source, this);
      this._requests.add(request);
      if (message.op === "put" || message.op === "delete" || message.op === "clear") ++this._writes;
      this._send(message, value, (answer, records) => this._settle(request, answer, () => toResult(answer, records)));
      return request;
    }
    // Answers `request` at once, in a task of its own (a cursor's prefetched record).
    _deliver(request, toResult) {
      ++this._pending;
      this._requests.add(request);
      setTimeout(() => {
        if (this._state === "finished") return;
        --this._pending;
        this._settle(request, {error: ""}, toResult);
      }, 0);
    }
    _settle(request, answer, toResult) {
      let result, error = answer.error ? domError(answer.error) : null;
      if (!error) { try { result = toResult(); } catch (e) { error = e instanceof DOMException ? e : fail("DataError", String(e)); } }
      if (!error && result instanceof IDBCursor && result._refetch) {
        // The cursor's buffer ran out mid-way: it fetches more before the request answers.
        result._refetch = false;
        return result._fetch();
      }
      this._requests.delete(request);
      request.readyState = "done";
      this._active = true;
      if (error) {
        request._result = undefined;
        request._error = error;
        const fired = dispatch(request, new Event("error", {bubbles: true, cancelable: true}), [this, this.db]);
        if (fired.threw || !fired.prevented) return this._abort(error);
      } else {
        request._result = result;
        request._error = null;
        const fired = dispatch(request, new Event("success"), []);
        if (fired.threw) return this._abort(fail("AbortError", "A success handler threw."));
      }
      this._deactivateAfterMicrotasks();
    }
    // Promise reactions the handlers queued run before the transaction goes inactive, as in
    // browsers (`await` inside a transaction): the host calls __nexusIdbCheckpoint once the
    // script it ran has returned and its microtasks are done.
    _deactivateAfterMicrotasks() { checkpoint.add(this); }
    _maybeCommit(asked) {
      if (this._state !== "active" || this._pending > 0 || this._active || (this._creating && !asked)) return;
      this._state = "committing";
      call({db: this.db.name, tx: this._id, op: "commit"}, "", answer => {
        if (this._state === "finished") return;
        if (answer.error) return this._abort(domError(answer.error), true);
        this._state = "finished";
        dispatch(this, new Event("complete"), []);
        if (this._onFinished) this._onFinished(true);
      });
    }
    _abort(error, storageEnded) {
      if (this._state === "finished") return;
      this._state = "finished";
      this._active = false;
      this.error = error;
      if (!storageEnded) call({db: this.db.name, tx: this._id, op: "abort"}, "", () => {});
      if (this.mode === "versionchange") this.db._revert();
      const requests = [...this._requests];
      this._requests.clear();
      for (const request of requests) {
        request.readyState = "done";
        request._result = undefined;
        request._error = fail("AbortError", "The transaction was aborted.");
      }
      // The events come in a task of their own (abort() returns first), as the standard says.
      setTimeout(() => {
        for (const request of requests)
          dispatch(request, new Event("error", {bubbles: true, cancelable: true}), [this, this.db]);
        dispatch(this, new Event("abort", {bubbles: true}), [this.db]);
        if (this._onFinished) this._onFinished(false);
      }, 0);
    }
  }

  // The page's open connections, which hear "versionchange" when the database is upgraded or
  // deleted by another connection (of this page, or, through main, of another page).
  const connections = new Set();
  function versionChange(name, oldVersion, newVersion, except) {
    for (const db of [...connections]) {
      if (db.name === name && db !== except && !db._closed)
        dispatch(db, new IDBVersionChangeEvent("versionchange", {oldVersion, newVersion}), []);
    }
  }
  global.__nexusIdbVersionChange = (name, oldVersion, newVersion) => versionChange(name, oldVersion, newVersion, null);
  const checkpoint = new Set();
  global.__nexusIdbCheckpoint = function () {
    const due = [...checkpoint];
    checkpoint.clear();
    for (const tx of due) { tx._active = false; tx._maybeCommit(); }
  };

  // --- Databases ----------------------------------------------------------------------------
  function schemaOf(text) {
    const schema = {};
    for (const store of JSON.parse(text).stores) {
      const indexes = {};
      for (const index of store.indexes)
        indexes[index.name] = {keyPath: pathOf(index.keyPath), unique: index.unique, multiEntry: index.multiEntry};
      schema[store.name] = {keyPath: pathOf(store.keyPath), autoIncrement: store.autoIncrement, indexes};
    }
    return schema;
  }
  const copySchema = schema => JSON.parse(JSON.stringify(schema));
  class IDBDatabase extends IdbTarget {
    constructor(name, version, schema) {
      super();
      this.name = name;
      this.version = version;
      this._schema = schema;
      this._closed = false;
      this._upgrade = null;
      this.onabort = this.onclose = this.onerror = this.onversionchange = null;
    }
    get objectStoreNames() { return stringList(Object.keys(this._schema)); }
    _upgrading() {
      const tx = this._upgrade;
      if (!tx || tx._state === "finished") throw fail("InvalidStateError", "Not in a version change transaction.");
      tx._check(false);
      return tx;
    }
    transaction(names, mode, options) {
      if (this._closed) throw fail("InvalidStateError", "The database connection is closing.");
      if (this._upgrade && this._upgrade._state !== "finished")
        throw fail("InvalidStateError", "A version change transaction is running.");
      mode = mode === undefined ? "readonly" : mode;
      if (mode !== "readonly" && mode !== "readwrite") throw new TypeError("The mode '" + mode + "' is not valid.");
      names = typeof names === "string" ? [names] : [...new Set(names)];
      if (names.length === 0) throw fail("InvalidAccessError", "The storeNames parameter was empty.");
      for (const name of names)
        if (!this._schema[name]) throw fail("NotFoundError", "One of the specified object stores was not found.");
      const durability = options && options.durability;
      const tx = new IDBTransaction(this, mode, names, durability);
      tx._send({op: "begin", readWrite: mode === "readwrite", strict: durability === "strict"}, "", answer => {
        if (answer.error) tx._abort(domError(answer.error), true);
      });
      return tx;
    }
    createObjectStore(name, options) {
      const tx = this._upgrading();
      name = String(name);
      const keyPath = options && options.keyPath !== undefined ? options.keyPath : null;
      const autoIncrement = !!(options && options.autoIncrement);
      if (keyPath !== null && !validKeyPath(keyPath)) throw fail("SyntaxError", "The keyPath option is not a valid key path.");
      if (this._schema[name]) throw fail("ConstraintError", "An object store with the specified name already exists.");
      if (autoIncrement && (keyPath === "" || Array.isArray(keyPath)))
        throw fail("InvalidAccessError", "The autoIncrement option was set but the keyPath option was empty or an array.");
      this._schema[name] = {keyPath, autoIncrement, indexes: {}};
      tx._send({op: "createStore", name, keyPath: pathText(keyPath), autoIncrement}, "", answer => {
        if (answer.error) tx._abort(domError(answer.error));
      });
      return tx.objectStore(name);
    }
    deleteObjectStore(name) {
      const tx = this._upgrading();
      if (!this._schema[name]) throw fail("NotFoundError", "The specified object store was not found.");
      delete this._schema[name];
      const store = tx._stores.get(name);
      if (store) store._deleted = true;
      tx._send({op: "deleteStore", name}, "", answer => { if (answer.error) tx._abort(domError(answer.error)); });
    }
    close() {
      this._closed = true;
      connections.delete(this);
    }
    _revert() {
      this.version = this._oldVersion;
      this._schema = this._oldSchema;
      this.close();
    }
  }

  // --- Object stores and indexes -----------------------------------------------------------
  function valueOf(store, text, primaryKey) {
    const value = deserialize(text);
    if (store.autoIncrement && typeof store.keyPath === "string" && evaluate(value, store.keyPath) === undefined)
      inject(value, store.keyPath, decodeKey(primaryKey));
    return value;
  }
  // records: key, primary key[, value] ... as the storage service sends them.
  function each(records, width, f) {
    const out = [];
    for (let i = 0; i + width <= records.length; i += width) out.push(f(records.slice(i, i + width)));
    return out;
  }
  const countOf = count => {
    if (count === undefined) return 0;
    count = Number(count);
    if (!Number.isFinite(count) || count < 0 || count > 4294967295) throw new TypeError("The count is not valid.");
    return Math.floor(count);
  };
  // Reads shared by stores and indexes: `index` is "" for a store.
  class Source {
    _read(message, toResult) {
      const tx = this._tx();
      tx._check(false);
      return tx._request(this, Object.assign({op: "read", store: this._storeName(), index: this._indexName()}, message), "",
                         toResult);
    }
    get(query) {
      const store = this._storeSchema();
      return this._read(Object.assign(boundsOf(query, true), {limit: 1, kind: "records"}),
                        (a, r) => r.length ? valueOf(store, r[2], r[1]) : undefined);
    }
    getKey(query) {
      return this._read(Object.assign(boundsOf(query, true), {limit: 1, kind: "keys"}),
                        (a, r) => r.length ? decodeKey(r[1]) : undefined);
    }
    getAll(query, count) {
      const store = this._storeSchema();
      return this._read(Object.assign(boundsOf(query, false), {limit: countOf(count), kind: "records"}),
                        (a, r) => each(r, 3, ([k, pk, v]) => valueOf(store, v, pk)));
    }
    getAllKeys(query, count) {
      return this._read(Object.assign(boundsOf(query, false), {limit: countOf(count), kind: "keys"}),
                        (a, r) => each(r, 2, ([k, pk]) => decodeKey(pk)));
    }
    count(query) {
      return this._read(Object.assign(boundsOf(query, false), {kind: "count"}), a => a.count);
    }
    openCursor(query, direction) { return openCursor(this, query, direction, true); }
    openKeyCursor(query, direction) { return openCursor(this, query, direction, false); }
  }
  class IDBObjectStore extends Source {
    constructor(transaction, name) { super(); this.transaction = transaction; this._name = name; this._indexes = new Map(); }
    get name() { return this._name; }
    // Renaming happens in a version change transaction only.
    set name(name) {
      name = String(name);
      const schema = this._storeSchema();
      const tx = this.transaction.db._upgrading();
      if (name === this._name) return;
      const stores = tx.db._schema;
      if (stores[name]) throw fail("ConstraintError", "An object store with the specified name already exists.");
      tx._send({op: "rename", store: this._name, name}, "", answer => { if (answer.error) tx._abort(domError(answer.error)); });
      delete stores[this._name];
      stores[name] = schema;
      tx._stores.delete(this._name);
      tx._stores.set(name, this);
      this._name = name;
    }
    get keyPath() { return this._storeSchema().keyPath; }
    get autoIncrement() { return this._storeSchema().autoIncrement; }
    get indexNames() { return stringList(Object.keys(this._storeSchema().indexes)); }
    _tx() { return this.transaction; }
    _storeName() { return this._name; }
    _indexName() { return ""; }
    _storeSchema() {
      const schema = this.transaction.db._schema[this._name];
      if (!schema || this._deleted) throw fail("InvalidStateError", "The object store has been deleted.");
      return schema;
    }
    put(value, key) { return this._put(value, key, true); }
    add(value, key) { return this._put(value, key, false); }
    _put(value, key, overwrite) {
      const store = this._storeSchema();
      this.transaction._check(true);
      if (store.keyPath !== null && key !== undefined)
        throw fail("DataError", "The object store uses in-line keys and the key parameter was provided.");
      if (store.keyPath === null && !store.autoIncrement && key === undefined)
        throw fail("DataError", "The object store uses out-of-line keys and has no key generator and the key parameter was not provided.");
      let encoded = key === undefined ? "" : keyOrThrow(key);
      const text = serialize(value);
      const copy = deserialize(text);  // key paths are evaluated on the clone, as stored
      if (store.keyPath !== null) {
        const found = evaluate(copy, store.keyPath);
        if (found !== undefined) encoded = keyOrThrow(found, "Evaluating the object store's key path yielded a value that");
        else if (!store.autoIncrement) throw fail("DataError", "Evaluating the object store's key path did not yield a value.");
        else if (!canInject(copy, store.keyPath)) throw fail("DataError", "A generated key could not be inserted into the value.");
      }
      return this.transaction._request(this, {op: "put", store: this._name, key: encoded, overwrite,
                                              indexKeys: indexKeysOf(store, copy)},
                                       text, a => decodeKey(a.key));
    }
    delete(query) {
      this._storeSchema();
      this.transaction._check(true);
      return this.transaction._request(this, Object.assign({op: "delete", store: this._name}, boundsOf(query, true)), "",
                                       () => undefined);
    }
    clear() {
      this._storeSchema();
      this.transaction._check(true);
      return this.transaction._request(this, {op: "clear", store: this._name}, "", () => undefined);
    }
    index(name) {
      const schema = this._storeSchema();
      if (this.transaction._state === "finished") throw fail("InvalidStateError", "The transaction has finished.");
      if (!schema.indexes[name]) throw fail("NotFoundError", "The specified index was not found.");
      let index = this._indexes.get(name);
      if (!index) this._indexes.set(name, index = new IDBIndex(this, name));
      return index;
    }
    createIndex(name, keyPath, options) {
      const store = this._storeSchema();
      const tx = this.transaction.db._upgrading();
      name = String(name);
      if (store.indexes[name]) throw fail("ConstraintError", "An index with the specified name already exists.");
      if (!validKeyPath(keyPath)) throw fail("SyntaxError", "The keyPath argument is not a valid key path.");
      const unique = !!(options && options.unique), multiEntry = !!(options && options.multiEntry);
      if (multiEntry && Array.isArray(keyPath)) throw fail("InvalidAccessError", "The keyPath argument was an array and the multiEntry option is true.");
      store.indexes[name] = {keyPath, unique, multiEntry};
      tx._send({op: "createIndex", store: this._name, name, keyPath: pathText(keyPath), unique, multiEntry}, "", answer => {
        if (answer.error) return tx._abort(domError(answer.error));
      });
      // The records the store has already get their index keys: each is written again, as
      // it was, with every index's keys.
      tx._send({op: "read", store: this._name, index: "", kind: "records"}, "", (answer, records) => {
        for (let i = 0; i + 3 <= records.length; i += 3) {
          const value = valueOf(store, records[i + 2], records[i + 1]);
          tx._send({op: "put", store: this._name, key: records[i + 1], overwrite: true, indexKeys: indexKeysOf(store, value)},
                   records[i + 2], result => { if (result.error) tx._abort(domError(result.error)); });
        }
      });
      return this.index(name);
    }
    deleteIndex(name) {
      const store = this._storeSchema();
      const tx = this.transaction.db._upgrading();
      if (!store.indexes[name]) throw fail("NotFoundError", "The specified index was not found.");
      delete store.indexes[name];
      tx._send({op: "deleteIndex", store: this._name, name}, "", answer => { if (answer.error) tx._abort(domError(answer.error)); });
    }
  }
  class IDBIndex extends Source {
    constructor(store, name) { super(); this.objectStore = store; this._name = name; }
    get name() { return this._name; }
    set name(name) {
      name = String(name);
      const index = this._schema();
      const tx = this.objectStore.transaction.db._upgrading();
      if (name === this._name) return;
      const indexes = this.objectStore._storeSchema().indexes;
      if (indexes[name]) throw fail("ConstraintError", "An index with the specified name already exists.");
      tx._send({op: "rename", store: this.objectStore._name, index: this._name, name}, "",
               answer => { if (answer.error) tx._abort(domError(answer.error)); });
      delete indexes[this._name];
      indexes[name] = index;
      this.objectStore._indexes.delete(this._name);
      this.objectStore._indexes.set(name, this);
      this._name = name;
    }
    _schema() {
      const index = this.objectStore._storeSchema().indexes[this._name];
      if (!index) throw fail("InvalidStateError", "The index has been deleted.");
      return index;
    }
    get keyPath() { return this._schema().keyPath; }
    get unique() { return this._schema().unique; }
    get multiEntry() { return this._schema().multiEntry; }
    _tx() { return this.objectStore.transaction; }
    _storeName() { return this.objectStore._name; }
    _indexName() { return this._name; }
    _storeSchema() { this._schema(); return this.objectStore._storeSchema(); }
  }

  // --- Cursors: records are fetched 64 at a time, and again after a write in the transaction.
  const kPrefetch = 64;
  const directions = ["next", "nextunique", "prev", "prevunique"];
  function openCursor(source, query, direction, withValue) {
    direction = direction === undefined ? "next" : String(direction);
    if (!directions.includes(direction)) throw new TypeError("The direction '" + direction + "' is not valid.");
    const tx = source._tx();
    source._storeSchema();
    tx._check(false);
    const cursor = new (withValue ? IDBCursorWithValue : IDBCursor)(source, direction, boundsOf(query, false));
    cursor.request = new IDBRequest(source, tx);
    cursor._fetch();
    return cursor.request;
  }
  class IDBCursor {
    constructor(source, direction, bounds) {
      this.source = source;
      this.direction = direction;
      this._bounds = bounds;
      this._buffer = [];
      this._exhausted = false;
      this._writes = source._tx()._writes;
      this._position = null;   // [key, primary key] encoded
      this._key = this._primaryKey = undefined;
      this._got = false;
      this._skip = 0;
      this._target = null;     // continue(key): the first key wanted
    }
    get key() { return this._key; }
    get primaryKey() { return this._primaryKey; }
    get _reverse() { return this.direction.startsWith("prev"); }
    _fetch() {
      const tx = this.source._tx();
      const message = Object.assign({op: "read", store: this.source._storeName(), index: this.source._indexName(),
                                     reverse: this._reverse, uniqueCursor: this.direction.endsWith("unique"),
                                     limit: kPrefetch, kind: this instanceof IDBCursorWithValue ? "records" : "keys"},
                                    this._bounds);
      if (this._target !== null) {
        // Seek: the target narrows the range on the cursor's side.
        if (!this._reverse && (!message.lower || this._target >= message.lower)) { message.lower = this._target; message.lowerOpen = false; }
        if (this._reverse && (!message.upper || this._target <= message.upper)) { message.upper = this._target; message.upperOpen = false; }
      }
      if (this._seek) {
        // continuePrimaryKey: the record at (key, primary key), or the first past it.
        [message.afterKey, message.afterPrimaryKey] = this._seek;
        message.afterInclusive = true;
      } else if (this._position && this._target === null) {
        message.afterKey = this._position[0];
        message.afterPrimaryKey = this._position[1];
      }
      this._target = null;
      this._seek = null;
      this._writes = tx._writes;
      tx._request(this.source, message, "", (answer, records) => {
        const width = message.kind === "records" ? 3 : 2;
        this._buffer = each(records, width, r => r);
        this._exhausted = this._buffer.length < kPrefetch;
        return this._step();
      }, this.request);
    }
    // The next record from the buffer (skipping what advance() asked to), or the end.
    _step() {
      while (this._buffer.length) {
        const record = this._buffer.shift();
        this._position = [record[0], record[1]];
        if (this._skip > 0) { --this._skip; continue; }
        this._key = decodeKey(record[0]);
        this._primaryKey = decodeKey(record[1]);
        if (record.length === 3) this._value = valueOf(this.source._storeSchema(), record[2], record[1]);
        this._got = true;
        return this;
      }
      if (!this._exhausted) { this._refetch = true; return this; }
      this._key = this._primaryKey = this._value = undefined;
      return null;
    }
    _next() {
      const tx = this.source._tx();
      this.request.readyState = "pending";
      this._got = false;
      if (this._writes !== tx._writes) { this._buffer = []; this._exhausted = false; }
      const useBuffer = this._target === null && !this._seek &&
                        (this._buffer.length > this._skip || (this._exhausted && this._buffer.length <= this._skip));
      if (useBuffer) {
        tx._deliver(this.request, () => this._step());
      } else {
        if (this._target === null && !this._seek && this._buffer.length) {
          // advance() past what was fetched: those records are skipped, and the fetch goes on
          // after the last of them.
          const last = this._buffer[this._buffer.length - 1];
          this._skip -= this._buffer.length;
          this._position = [last[0], last[1]];
          this._buffer = [];
        }
        this._fetch();
      }
    }
    _checkMove() {
      const tx = this.source._tx();
      tx._check(false);
      this.source._storeSchema();
      if (!this._got) throw fail("InvalidStateError", "The cursor is being iterated or has iterated past its end.");
    }
    continue(key) {
      this._checkMove();
      if (key !== undefined) {
        const target = keyOrThrow(key);
        const current = this._position[0];
        if (this._reverse ? target >= current : target <= current)
          throw fail("DataError", "The parameter is not a key past the cursor's position.");
        this._buffer = this._buffer.filter(r => this._reverse ? r[0] <= target : r[0] >= target);
        if (this._buffer.length === 0 && !this._exhausted) this._target = target;
      }
      this._next();
    }
    continuePrimaryKey(key, primaryKey) {
      this._checkMove();
      if (!(this.source instanceof IDBIndex))
        throw fail("InvalidAccessError", "The cursor's source is not an index.");
      if (this.direction.endsWith("unique"))
        throw fail("InvalidAccessError", "The cursor's direction is not 'next' or 'prev'.");
      const k = keyOrThrow(key), pk = keyOrThrow(primaryKey);
      const [at, atPrimary] = this._position;
      const behind = this._reverse ? k > at || (k === at && pk >= atPrimary)
                                   : k < at || (k === at && pk <= atPrimary);
      if (behind) throw fail("DataError", "The key is not past the cursor's position.");
      this._buffer = [];
      this._exhausted = false;
      this._seek = [k, pk];
      this._next();
    }
    advance(count) {
      count = Number(count);
      if (!Number.isFinite(count) || count < 1 || count > 4294967295) throw new TypeError("The count must be positive.");
      this._checkMove();
      this._skip = Math.floor(count) - 1;
      this._next();
    }
    update(value) {
      this._checkMove();
      const tx = this.source._tx();
      tx._check(true);
      const store = this.source instanceof IDBIndex ? this.source.objectStore : this.source;
      if (store.keyPath !== null) {
        const found = evaluate(clone(value), store.keyPath);
        if (found === undefined || encodeKey(found) !== this._position[1])
          throw fail("DataError", "The effective object store of this cursor uses in-line keys and evaluating the key path of the value parameter results in a different value than the cursor's effective key.");
        return store._put(value, undefined, true);
      }
      return store._put(value, this._primaryKey, true);
    }
    delete() {
      this._checkMove();
      const store = this.source instanceof IDBIndex ? this.source.objectStore : this.source;
      return store.delete(this._primaryKey);
    }
  }
  class IDBCursorWithValue extends IDBCursor {
    get value() { return this._value; }
  }

  // --- The factory ---------------------------------------------------------------------------
  class IDBFactory {
    open(name, version) {
      if (arguments.length === 0) throw new TypeError("open needs a name");
      name = String(name);
      if (version !== undefined) {
        version = Number(version);
        if (!Number.isInteger(version) || version < 1 || version > Number.MAX_SAFE_INTEGER)
          throw new TypeError("The version must be a positive integer.");
      }
      const request = new IDBOpenDBRequest();
      const id = nextTransaction++;
      call({db: name, tx: id, op: "open", version: version || 0}, "", answer => {
        request.readyState = "done";
        if (answer.error) {
          request._error = domError(answer.error);
          dispatch(request, new Event("error", {bubbles: true, cancelable: true}), []);
          return;
        }
        const db = new IDBDatabase(name, answer.version, schemaOf(answer.schema));
        request._result = db;
        if (answer.upgrade && answer.oldVersion > 0) versionChange(name, answer.oldVersion, answer.version, db);
        connections.add(db);
        if (!answer.upgrade) return dispatch(request, new Event("success"), []);
        db._oldVersion = answer.oldVersion;
        db._oldSchema = copySchema(db._schema);
        const tx = new IDBTransaction(db, "versionchange", [], "default", id);
        db._upgrade = tx;
        request.transaction = tx;
        tx._onFinished = committed => {
          request.transaction = null;
          if (committed) return dispatch(request, new Event("success"), []);
          request._result = undefined;
          request._error = fail("AbortError", "The version change transaction was aborted.");
          dispatch(request, new Event("error", {bubbles: true, cancelable: true}), []);
        };
        const fired = dispatch(request, new IDBVersionChangeEvent("upgradeneeded", {oldVersion: answer.oldVersion, newVersion: answer.version}), []);
        if (fired.threw) return tx._abort(fail("AbortError", "The upgradeneeded handler threw."));
        tx._deactivateAfterMicrotasks();
      });
      return request;
    }
    deleteDatabase(name) {
      if (arguments.length === 0) throw new TypeError("deleteDatabase needs a name");
      const request = new IDBOpenDBRequest();
      call({db: String(name), tx: nextTransaction++, op: "deleteDatabase"}, "", answer => {
        request.readyState = "done";
        if (answer.error) {
          request._error = domError(answer.error);
          return dispatch(request, new Event("error", {bubbles: true, cancelable: true}), []);
        }
        if (answer.oldVersion > 0) versionChange(String(name), answer.oldVersion, null, null);
        dispatch(request, new IDBVersionChangeEvent("success", {oldVersion: answer.oldVersion, newVersion: null}), []);
      });
      return request;
    }
    databases() {
      return new Promise((resolve, reject) => {
        call({db: "", tx: nextTransaction++, op: "databases"}, "", (answer, records) => {
          if (answer.error) return reject(domError(answer.error));
          // Names starting with U+0001 are the window's own (the Cache API's).
          resolve(each(records, 2, ([name, version]) => ({name, version: Number(version)}))
                      .filter(d => !d.name.startsWith("\u0001")));
        });
      });
    }
    cmp(a, b) { return compare(keyOrThrow(a), keyOrThrow(b)); }
  }
  Object.assign(global, {IDBFactory, IDBDatabase, IDBTransaction, IDBObjectStore, IDBIndex, IDBCursor,
                         IDBCursorWithValue, IDBKeyRange, IDBRequest, IDBOpenDBRequest, IDBVersionChangeEvent});
  const factory = Object.create(IDBFactory.prototype);
  Object.defineProperty(global, "indexedDB", {get: () => factory, configurable: true, enumerable: true});

  // --- The window's own databases (the Cache API's, the file system's): a name starting with
  // U+0001, made by `upgrade` once; `run(stores, mode, body)` resolves with what body's promise
  // did once the transaction committed, or rejects with why it did not.
  const requestResult = request => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  global.__nexusInternalDatabase = function (name, upgrade) {
    let opened = null;
    function database() {
      if (!opened) {
        opened = new Promise((resolve, reject) => {
          const request = factory.open("\u0001" + name, 1);
          request.onupgradeneeded = () => upgrade(request.result);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => { opened = null; reject(request.error); };
        });
      }
      return opened;
    }
    async function run(names, mode, body) {
      const db = await database();
      return new Promise((resolve, reject) => {
        const tx = db.transaction(names, mode);
        let value;
        Promise.resolve(body(...names.map(n => tx.objectStore(n)))).then(
            v => { value = v; }, e => { reject(e); try { tx.abort(); } catch (ignored) {} });
        tx.oncomplete = () => resolve(value);
        tx.onabort = () => reject(tx.error || fail("AbortError", "The operation was aborted."));
      });
    }
    return {database, run, result: requestResult};
  };

  // --- navigator.storage: what the origin stores, and its quota.
  Object.assign(navigator.storage, {
    estimate() {
      return new Promise((resolve, reject) => {
        const id = nextCall++;
        answers.set(id, answer => answer.error ? reject(domError(answer.error))
                                               : resolve({usage: answer.usage, quota: answer.quota}));
        __nexusEstimateStorage(id);
      });
    },
    persisted() { return Promise.resolve(false); },
    persist() { return Promise.resolve(false); },
  });
})(this);
)JS";

}  // namespace nexus::web::js
