#include "web/js/module/prelude.h"

namespace nexus::web::js {

// The window's eighth part (see prelude.h): Blob and File, and the origin private file system
// (navigator.storage.getDirectory(): directory and file handles, getFile, createWritable), the
// spec's "file system abstraction". Entries live in the origin's IndexedDB in the storage
// service (an internal database, as the Cache API's): a file's bytes are written when its
// writable stream closes, in one transaction, so a file is always either as it was or as
// written, never half of each (the File System standard's swap file).
const char kPreludeOpfs[] = R"JS(
(function (global) {
  "use strict";
  const fail = (name, message) => new DOMException(message, name);

  // --- Blob and File -------------------------------------------------------------------------
  const {encode, decode} = __nexusUtf8;  // prelude_network.cc's
  function bytesOf(part) {
    if (part instanceof Blob) return part._bytes;
    if (part instanceof ArrayBuffer) return new Uint8Array(part);
    if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    return encode(part);
  }
  function concat(parts) {
    const arrays = parts.map(bytesOf);
    const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) { out.set(a, at); at += a.length; }
    return out;
  }
  class Blob {
    constructor(parts, options) {
      this._bytes = concat(parts ? [...parts] : []);
      this.type = options && options.type ? String(options.type).toLowerCase() : "";
    }
    get size() { return this._bytes.length; }
    text() { return Promise.resolve(decode(this._bytes)); }
    arrayBuffer() { return Promise.resolve(this._bytes.slice().buffer); }
    slice(start, end, type) {
      const blob = new Blob([], {type});
      blob._bytes = this._bytes.slice(start, end);
      return blob;
    }
  }
  class File extends Blob {
    constructor(parts, name, options) {
      super(parts, options);
      this.name = String(name);
      this.lastModified = options && options.lastModified !== undefined ? Number(options.lastModified) : Date.now();
    }
  }
  Object.assign(global, {Blob, File});

  // --- Entries in the origin's IndexedDB: {path, parent, name, kind, data, modified} ----------
  const {database, run, result} = __nexusInternalDatabase("file-system", db => {
    const entries = db.createObjectStore("entries", {keyPath: "path"});
    entries.createIndex("by_parent", "parent");
    entries.put({path: "/", parent: "", name: "", kind: "directory"});
  });
  const inTransaction = (mode, body) => run(["entries"], mode, body);
  const join = (parent, name) => (parent === "/" ? "" : parent) + "/" + name;
  function checkName(name) {
    name = String(name);
    if (name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\\"))
      throw new TypeError("Name is not allowed.");
    return name;
  }
  async function existing(entries, path, kind) {
    const entry = await result(entries.get(path));
    if (!entry) throw fail("NotFoundError", "A requested file or directory could not be found at the time an operation was processed.");
    if (kind && entry.kind !== kind) throw fail("TypeMismatchError", "The path supplied exists, but was not an entry of requested type.");
    return entry;
  }

  class FileSystemHandle {
    constructor(path, name, kind) { this._path = path; this.name = name; this.kind = kind; }
    async isSameEntry(other) { return other instanceof FileSystemHandle && other._path === this._path && other.kind === this.kind; }
  }
  class FileSystemDirectoryHandle extends FileSystemHandle {
    async _child(name, kind, options) {
      name = checkName(name);
      const path = join(this._path, name);
      await inTransaction("readwrite", async entries => {
        await existing(entries, this._path, "directory");
        const entry = await result(entries.get(path));
        if (entry) {
          if (entry.kind !== kind) throw fail("TypeMismatchError", "The path supplied exists, but was not an entry of requested type.");
          return;
        }
        if (!(options && options.create)) throw fail("NotFoundError", "A requested file or directory could not be found at the time an operation was processed.");
        entries.put({path, parent: this._path, name, kind, data: new ArrayBuffer(0), modified: Date.now()});
      });
      return kind === "file" ? new FileSystemFileHandle(path, name) : new FileSystemDirectoryHandle(path, name, "directory");
    }
    getFileHandle(name, options) { return this._child(name, "file", options); }
    getDirectoryHandle(name, options) { return this._child(name, "directory", options); }
    async removeEntry(name, options) {
      const path = join(this._path, checkName(name));
      await inTransaction("readwrite", async entries => {
        const entry = await existing(entries, path);
        if (entry.kind === "directory") {
          const below = (await result(entries.getAll(IDBKeyRange.bound(path + "/", path + "0", false, true))));
          if (below.length && !(options && options.recursive))
            throw fail("InvalidModificationError", "The object can not be modified in this way.");
          entries.delete(IDBKeyRange.bound(path + "/", path + "0", false, true));
        }
        entries.delete(path);
      });
    }
    async _list() {
      return inTransaction("readonly", async entries => {
        await existing(entries, this._path, "directory");
        return (await result(entries.index("by_parent").getAll(this._path))).sort((a, b) => a.name < b.name ? -1 : 1);
      });
    }
    async *entries() {
      for (const e of await this._list())
        yield [e.name, e.kind === "file" ? new FileSystemFileHandle(e.path, e.name) : new FileSystemDirectoryHandle(e.path, e.name, "directory")];
    }
    async *keys() { for await (const [name] of this.entries()) yield name; }
    async *values() { for await (const [, handle] of this.entries()) yield handle; }
    [Symbol.asyncIterator]() { return this.entries(); }
    async resolve(handle) {
      if (handle._path !== this._path && !handle._path.startsWith(this._path === "/" ? "/" : this._path + "/")) return null;
      return handle._path.slice(this._path.length).split("/").filter(Boolean);
    }
  }
  class FileSystemFileHandle extends FileSystemHandle {
    constructor(path, name) { super(path, name, "file"); }
    async getFile() {
      const entry = await inTransaction("readonly", entries => existing(entries, this._path, "file"));
      return new File([entry.data], this.name, {lastModified: entry.modified});
    }
    async createWritable(options) {
      const entry = await inTransaction("readonly", entries => existing(entries, this._path, "file"));
      const start = options && options.keepExistingData ? new Uint8Array(entry.data) : new Uint8Array(0);
      return new FileSystemWritableFileStream(this, start);
    }
  }
  // Writes go to a copy (the swap file); close() puts it in place in one transaction.
  class FileSystemWritableFileStream {
    constructor(handle, bytes) { this._handle = handle; this._bytes = bytes; this._position = 0; this._closed = false; }
    _check() { if (this._closed) throw new TypeError("The stream is closed."); }
    _writeAt(position, data) {
      const bytes = bytesOf(data);
      const end = position + bytes.length;
      if (end > this._bytes.length) { const grown = new Uint8Array(end); grown.set(this._bytes); this._bytes = grown; }
      this._bytes.set(bytes, position);
      this._position = end;
    }
    async write(data) {
      this._check();
      if (data && typeof data === "object" && "type" in data && !(data instanceof Blob) && !ArrayBuffer.isView(data)) {
        if (data.type === "seek") return this.seek(data.position);
        if (data.type === "truncate") return this.truncate(data.size);
        if (data.type !== "write") throw new TypeError("Unknown write type: " + data.type);
        if (data.data === undefined || data.data === null) throw fail("SyntaxError", "write requires data");
        return this._writeAt(data.position ?? this._position, data.data);
      }
      this._writeAt(this._position, data);
    }
    async seek(position) { this._check(); this._position = Number(position); }
    async truncate(size) {
      this._check();
      size = Number(size);
      const out = new Uint8Array(size);
      out.set(this._bytes.subarray(0, Math.min(size, this._bytes.length)));
      this._bytes = out;
      if (this._position > size) this._position = size;
    }
    async close() {
      this._check();
      this._closed = true;
      const data = this._bytes.slice().buffer;
      await inTransaction("readwrite", async entries => {
        const entry = await existing(entries, this._handle._path, "file");
        entry.data = data;
        entry.modified = Date.now();
        entries.put(entry);
      });
    }
    async abort() { this._closed = true; }
  }
  Object.assign(global, {FileSystemHandle, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemWritableFileStream});
  navigator.storage.getDirectory = async function () {
    await database();
    return new FileSystemDirectoryHandle("/", "", "directory");
  };
})(this);
)JS";

}  // namespace nexus::web::js
