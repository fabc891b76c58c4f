#include "web/js/module/prelude.h"

namespace nexus::web::js {

// The window's second part (see prelude.h): where the document is (location, history), who is
// asking (navigator), its cookies, and what layout knows (styles, boxes, the viewport).
const char kPreludeWindow[] = R"JS(
(function (global) {
  "use strict";
  const elementPrototype = Object.getPrototypeOf(document.createElement("div"));
  const documentPrototype = Object.getPrototypeOf(document);

  // --- URLs ---------------------------------------------------------------------------
  // Main's URLs are already normalised: their parts by one pattern (RFC 3986 appendix B).
  function parts(href) {
    const [, protocol = "", , host = "", pathname = "", search = "", hash = ""] =
        /^([a-z][a-z0-9+.-]*:)(\/\/([^\/?#]*))?([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(href) || [];
    const [hostname = "", port = ""] = host.split(/:(?=\d+$)/);
    return {href, protocol, host, hostname, port, pathname,
            search: search === "?" ? "" : search, hash: hash === "#" ? "" : hash,
            origin: protocol === "http:" || protocol === "https:" ? protocol + "//" + host : "null"};
  }
  function resolve(url) {
    const absolute = __nexusResolveUrl(String(url));
    if (absolute === null) throw new SyntaxError("'" + url + "' is not a valid URL");
    return absolute;
  }
  global.__nexusResolve = resolve;
  let current = parts(__nexusDocumentUrl);
  global.__nexusOrigin = () => current.origin;

  // --- location: reading it, and navigating by it (main decides) ----------------------
  const navigate = (url, replace) => __nexusNavigate(resolve(url), "GET", "", "", !!replace);
  const location = {
    assign(url) { navigate(url, false); },
    replace(url) { navigate(url, true); },
    reload() { __nexusNavigate(current.href, "GET", "", "", true); },
    toString() { return current.href; },
  };
  for (const name of ["href", "protocol", "host", "hostname", "port", "pathname", "search", "hash", "origin"]) {
    Object.defineProperty(location, name, {
      enumerable: true,
      get: () => current[name],
      set: name === "origin" ? undefined : value => {
        if (name === "href") return navigate(value, false);
        const next = Object.assign({}, current, {[name]: String(value)});
        if (name === "hash" && next.hash && !next.hash.startsWith("#")) next.hash = "#" + next.hash;
        if (name === "search" && next.search && !next.search.startsWith("?")) next.search = "?" + next.search;
        navigate(next.protocol + "//" + next.host + next.pathname + next.search + next.hash, false);
      },
    });
  }
  Object.freeze(location);
  Object.defineProperty(global, "location", {get: () => location, set: url => navigate(url, false)});
  Object.defineProperty(document, "location", {get: () => location});
  Object.defineProperty(document, "URL", {get: () => current.href});
  Object.defineProperty(document, "documentURI", {get: () => current.href});

  // --- history: pushState and replaceState change the URL without a navigation ----------
  let historyState = null, historyLength = 1;
  function changeUrl(state, url, replace) {
    if (url !== undefined && url !== null) {
      const next = parts(resolve(url));
      if (next.origin !== current.origin || next.origin === "null")
        throw new Error("SecurityError: history cannot go to " + next.href + " from " + current.origin);
      current = next;
    }
    historyState = state === undefined ? null : JSON.parse(JSON.stringify(state) ?? "null");
    if (!replace) historyLength++;
    __nexusUrlChanged(current.href, replace);
  }
  global.history = Object.freeze({
    get length() { return historyLength; },
    get state() { return historyState; },
    pushState(state, title, url) { changeUrl(state, url, false); },
    replaceState(state, title, url) { changeUrl(state, url, true); },
    back() { console.warn("history.back() is not supported yet: the browser's Back does it"); },
    forward() { console.warn("history.forward() is not supported yet"); },
    go() { console.warn("history.go() is not supported yet"); },
  });

  global.navigator = Object.freeze({userAgent: "Mozilla/5.0 (X11; Linux x86_64) Nexus/0.1",
                                    language: "en-US", languages: Object.freeze(["en-US"]),
                                    onLine: true, platform: "Linux x86_64", cookieEnabled: true,
                                    storage: {}});  // StorageManager: prelude_indexeddb.cc

  // --- document.cookie: main's cookies when the page came, kept here as scripts change them
  // (main stores each change; a fetch's answer brings main's view back).
  let cookies = new Map();
  function takeCookies(text) {
    cookies = new Map();
    for (const pair of String(text).split(";")) {
      const trimmed = pair.trim();
      if (!trimmed) continue;
      const equals = trimmed.indexOf("=");
      cookies.set(equals < 0 ? "" : trimmed.slice(0, equals), equals < 0 ? trimmed : trimmed.slice(equals + 1));
    }
  }
  takeCookies(__nexusInitialCookies);
  global.__nexusTakeCookies = takeCookies;
  Object.defineProperty(document, "cookie", {
    get: () => [...cookies].map(([name, value]) => name ? name + "=" + value : value).join("; "),
    set: text => {
      text = String(text);
      const [pair, ...attributes] = text.split(";");
      const equals = pair.indexOf("=");
      const name = equals < 0 ? "" : pair.slice(0, equals).trim();
      const value = equals < 0 ? pair.trim() : pair.slice(equals + 1).trim();
      let expired = false;
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split("=");
        const lower = key.trim().toLowerCase(), argument = rest.join("=").trim();
        if (lower === "httponly") return;  // scripts cannot set those
        if (lower === "max-age" && /^-?\d+$/.test(argument)) expired = Number(argument) <= 0;
        if (lower === "expires" && !attributes.some(a => /^\s*max-age\s*=/i.test(a)))
          expired = Date.parse(argument) <= Date.now();
      }
      if (expired) cookies.delete(name); else cookies.set(name, value);
      __nexusSetCookie(text);
    },
  });

  // --- element.style: the style attribute as a CSSStyleDeclaration -----------------------
  const kebab = name => name.startsWith("--") ? name : name.replace(/[A-Z]/g, c => "-" + c.toLowerCase());
  function declarations(element) {
    const map = new Map();
    for (const declaration of (element.getAttribute("style") || "").split(";")) {
      const colon = declaration.indexOf(":");
      if (colon < 0) continue;
      const name = declaration.slice(0, colon).trim().toLowerCase();
      if (name) map.set(name, declaration.slice(colon + 1).trim());
    }
    return map;
  }
  function write(element, map) {
    const text = [...map].map(([name, value]) => name + ": " + value + ";").join(" ");
    if (text || element.hasAttribute("style")) element.setAttribute("style", text);
  }
  class CSSStyleDeclaration {
    constructor(element) { this._element = element; }
    get cssText() { return this._element.getAttribute("style") || ""; }
    set cssText(text) { this._element.setAttribute("style", String(text)); }
    get length() { return declarations(this._element).size; }
    item(i) { return [...declarations(this._element).keys()][i] ?? ""; }
    getPropertyValue(name) { return declarations(this._element).get(String(name).toLowerCase()) ?? ""; }
    setProperty(name, value) {
      const map = declarations(this._element);
      name = String(name).toLowerCase();
      if (value === null || value === undefined || value === "") map.delete(name); else map.set(name, String(value));
      write(this._element, map);
    }
    removeProperty(name) {
      const old = this.getPropertyValue(name);
      const map = declarations(this._element);
      map.delete(String(name).toLowerCase());
      write(this._element, map);
      return old;
    }
  }
  const styleHandler = {
    get(target, name, receiver) {
      if (typeof name !== "string" || name in target) return Reflect.get(target, name, receiver);
      return target.getPropertyValue(kebab(name));
    },
    set(target, name, value, receiver) {
      if (typeof name !== "string" || name in target) return Reflect.set(target, name, value, receiver);
      target.setProperty(kebab(name), value);
      return true;
    },
  };
  const styles = new WeakMap();
  Object.defineProperty(elementPrototype, "style", {
    get() {
      let style = styles.get(this);
      if (!style) styles.set(this, style = new Proxy(new CSSStyleDeclaration(this), styleHandler));
      return style;
    },
    set(text) { this.setAttribute("style", String(text)); },
  });
  global.CSSStyleDeclaration = CSSStyleDeclaration;

  // --- what layout knows ----------------------------------------------------------------
  global.getComputedStyle = function (element) {
    if (!element || element.nodeType !== 1) throw new TypeError("getComputedStyle needs an Element");
    const computed = new Map(__nexusComputedStyle(element));
    const style = {
      length: computed.size,
      item: i => [...computed.keys()][i] ?? "",
      getPropertyValue: name => computed.get(String(name).toLowerCase()) ?? "",
    };
    for (const [name, value] of computed) {
      style[name] = value;
      style[name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
    }
    return Object.freeze(style);
  };
  function rect(x, y, width, height) {
    return Object.freeze({x, y, width, height, left: x, top: y, right: x + width, bottom: y + height,
                          toJSON() { return {x, y, width, height, left: x, top: y, right: x + width, bottom: y + height}; }});
  }
  const box = element => __nexusLayoutBox(element) || [0, 0, 0, 0];
  // The union of its client rects (CSSOM View §6.1): all the lines of an inline element,
  // through the transforms it is under.
  Object.defineProperty(elementPrototype, "getBoundingClientRect", {value: function () {
    const rects = __nexusClientRects(this);
    if (rects.length === 0) return rect(0, 0, 0, 0);
    const nonEmpty = rects.filter(r => r[2] > 0 || r[3] > 0);
    const used = nonEmpty.length ? nonEmpty : rects.slice(0, 1);
    const left = Math.min(...used.map(r => r[0])), top = Math.min(...used.map(r => r[1]));
    const right = Math.max(...used.map(r => r[0] + r[2])), bottom = Math.max(...used.map(r => r[1] + r[3]));
    return rect(left, top, right - left, bottom - top);
  }});
  // One rectangle per box: an inline element has one per line it is on.
  Object.defineProperty(elementPrototype, "getClientRects", {value: function () {
    return __nexusClientRects(this).map(found => rect(...found));
  }});
  // HTMLImageElement: the picture's own size once it has loaded (HTML §4.8.4.3).
  const imageSize = element => element.tagName === "IMG" ? __nexusNaturalSize(element) : null;
  const natural = index => ({get() {
    if (this.tagName !== "IMG") return undefined;
    const size = imageSize(this);
    return size ? size[index] : 0;
  }});
  Object.defineProperty(elementPrototype, "naturalWidth", natural(0));
  Object.defineProperty(elementPrototype, "naturalHeight", natural(1));
  Object.defineProperty(elementPrototype, "complete", {get() {
    return this.tagName !== "IMG" ? undefined : !this.getAttribute("src") || imageSize(this) !== null || document.readyState === "complete";
  }});
  // CSSOM View §7: offset* from the offsetParent's padding edge (the page's origin for the
  // body or none); client* the padding box (the viewport for the root); scroll* as much
  // (nothing scrolls inside a page here: the window does). Sizes rounded as Chromium's.
  const getter = (name, get) => Object.defineProperty(elementPrototype, name, {get, configurable: true});
  getter("offsetParent", function () { return __nexusOffsetParent(this); });
  const offset = (element, axis) => {
    const own = __nexusLayoutBox(element);
    if (!own) return 0;
    const parent = __nexusOffsetParent(element);
    if (!parent || parent.tagName === "BODY") return Math.round(own[axis]);
    const edge = __nexusLayoutBox(parent);
    return Math.round(own[axis] - edge[axis] - edge[axis === 0 ? 7 : 4]);
  };
  getter("offsetLeft", function () { return offset(this, 0); });
  getter("offsetTop", function () { return offset(this, 1); });
  getter("offsetWidth", function () { return Math.round(box(this)[2]); });
  getter("offsetHeight", function () { return Math.round(box(this)[3]); });
  const client = (element, axis) => {
    if (element === document.documentElement) return __nexusViewport()[axis];
    const b = __nexusLayoutBox(element);
    if (!b || getComputedStyle(element).display === "inline") return 0;
    return Math.round(b[axis + 2] - (axis === 0 ? b[5] + b[7] : b[4] + b[6]));
  };
  getter("clientWidth", function () { return client(this, 0); });
  getter("clientHeight", function () { return client(this, 1); });
  getter("clientLeft", function () { const b = __nexusLayoutBox(this); return b ? Math.round(b[7]) : 0; });
  getter("clientTop", function () { const b = __nexusLayoutBox(this); return b ? Math.round(b[4]) : 0; });
  const scrollSize = (element, axis) => {
    if (element === document.documentElement || element === document.body) {
      const page = __nexusLayoutBox(document.documentElement);
      return Math.max(__nexusViewport()[axis], page ? Math.round(page[axis + 2]) : 0);
    }
    return client(element, axis);
  };
  getter("scrollWidth", function () { return scrollSize(this, 0); });
  getter("scrollHeight", function () { return scrollSize(this, 1); });
  Object.defineProperty(elementPrototype, "scrollTop", {get() { return 0; }, set() {}, configurable: true});
  Object.defineProperty(elementPrototype, "scrollLeft", {get() { return 0; }, set() {}, configurable: true});
  Object.defineProperty(elementPrototype, "scrollIntoView", {value: function () {}});
  Object.defineProperty(global, "innerWidth", {get: () => __nexusViewport()[0]});
  Object.defineProperty(global, "innerHeight", {get: () => __nexusViewport()[1]});
  global.devicePixelRatio = 1;
  global.scrollX = global.scrollY = global.pageXOffset = global.pageYOffset = 0;
  global.scrollTo = global.scrollBy = global.scroll = function () {};
  // The compositor scrolled the page (the window's wheel or keys): scrollY says where, and
  // the window hears a scroll event, as after a user's scroll in any browser.
  global.__nexusScrolled = function (y) {
    if (y === global.scrollY) return;
    global.scrollY = global.pageYOffset = y;
    global.dispatchEvent(new Event("scroll"));
  };

  // getElementsByClassName: elements with every one of the classes.
  function getElementsByClassName(names) {
    const wanted = String(names).split(/\s+/).filter(n => n);
    if (wanted.length === 0) return [];
    return this.getElementsByTagName("*").filter(e => {
      const classes = e.className.split(/\s+/);
      return wanted.every(n => classes.includes(n));
    });
  }
  for (const target of [elementPrototype, documentPrototype])
    Object.defineProperty(target, "getElementsByClassName", {value: getElementsByClassName});

  // The document's collections, found anew on each read so that they follow the tree as the
  // standard's live HTMLCollections do.
  const collection = (name, find) => Object.defineProperty(documentPrototype, name, {get: find});
  collection("images", () => document.getElementsByTagName("img"));
  collection("forms", () => document.getElementsByTagName("form"));
  collection("scripts", () => document.getElementsByTagName("script"));
  collection("links", () => document.getElementsByTagName("*").filter(
      e => (e.tagName === "A" || e.tagName === "AREA") && e.hasAttribute("href")));

  // Tables (HTML §4.9): rows, cells and sections found anew on each read (live, as the
  // standard's collections are), and the methods that add and remove them.
  const childrenNamed = (element, ...tags) => Array.from(element.children).filter(c => tags.includes(c.tagName));
  const tableRows = table => {
    const sections = childrenNamed(table, "THEAD", "TBODY", "TFOOT", "TR");
    const rowsOf = s => s.tagName === "TR" ? [s] : childrenNamed(s, "TR");
    return [...sections.filter(s => s.tagName === "THEAD"), ...sections.filter(s => s.tagName === "TBODY" || s.tagName === "TR"),
            ...sections.filter(s => s.tagName === "TFOOT")].flatMap(rowsOf);
  };
  const isSection = e => ["THEAD", "TBODY", "TFOOT"].includes(e.tagName);
  const tableGetters = {
    rows() {
      if (this.tagName === "TABLE") return tableRows(this);
      if (isSection(this)) return childrenNamed(this, "TR");
      if (this.tagName === "TEXTAREA") return parseInt(this.getAttribute("rows"), 10) > 0 ? parseInt(this.getAttribute("rows"), 10) : 2;
      return undefined;
    },
    cells() { return this.tagName === "TR" ? childrenNamed(this, "TD", "TH") : undefined; },
    tBodies() { return this.tagName === "TABLE" ? childrenNamed(this, "TBODY") : undefined; },
    tHead() { return this.tagName === "TABLE" ? childrenNamed(this, "THEAD")[0] || null : undefined; },
    tFoot() { return this.tagName === "TABLE" ? childrenNamed(this, "TFOOT")[0] || null : undefined; },
    caption() { return this.tagName === "TABLE" ? childrenNamed(this, "CAPTION")[0] || null : undefined; },
    rowIndex() {
      if (this.tagName !== "TR") return undefined;
      let table = this.parentNode;
      if (table && isSection(table)) table = table.parentNode;
      return table && table.tagName === "TABLE" ? tableRows(table).indexOf(this) : -1;
    },
    sectionRowIndex() {
      if (this.tagName !== "TR") return undefined;
      const parent = this.parentNode;
      return parent ? childrenNamed(parent, "TR").indexOf(this) : -1;
    },
    cellIndex() {
      if (this.tagName !== "TD" && this.tagName !== "TH") return undefined;
      const row = this.parentNode;
      return row && row.tagName === "TR" ? childrenNamed(row, "TD", "TH").indexOf(this) : -1;
    },
  };
  for (const [name, get] of Object.entries(tableGetters))
    Object.defineProperty(elementPrototype, name, {get, configurable: true});
  const indexError = () => { throw new RangeError("IndexSizeError: index is out of range"); };
  Object.defineProperty(elementPrototype, "insertRow", {configurable: true, value(index = -1) {
    const rows = this.rows;
    if (!Array.isArray(rows)) throw new TypeError("insertRow is for tables and their sections");
    if (index < -1 || index > rows.length) indexError();
    const row = document.createElement("tr");
    if (index === -1 || index === rows.length) {
      let parent = this;
      if (this.tagName === "TABLE") {
        const bodies = this.tBodies;
        parent = bodies.length ? bodies[bodies.length - 1] : (rows.length ? rows[rows.length - 1].parentNode : this.appendChild(document.createElement("tbody")));
      }
      parent.appendChild(row);
    } else {
      rows[index].parentNode.insertBefore(row, rows[index]);
    }
    return row;
  }});
  Object.defineProperty(elementPrototype, "deleteRow", {configurable: true, value(index) {
    const rows = this.rows;
    if (!Array.isArray(rows)) throw new TypeError("deleteRow is for tables and their sections");
    if (index === -1) index = rows.length - 1;
    if (index < 0 || index >= rows.length) { if (index === -1) return; indexError(); }
    rows[index].parentNode.removeChild(rows[index]);
  }});
  Object.defineProperty(elementPrototype, "insertCell", {configurable: true, value(index = -1) {
    if (this.tagName !== "TR") throw new TypeError("insertCell is for table rows");
    const cells = this.cells;
    if (index < -1 || index > cells.length) indexError();
    const cell = document.createElement("td");
    if (index === -1 || index === cells.length) this.appendChild(cell);
    else this.insertBefore(cell, cells[index]);
    return cell;
  }});
  Object.defineProperty(elementPrototype, "deleteCell", {configurable: true, value(index) {
    if (this.tagName !== "TR") throw new TypeError("deleteCell is for table rows");
    const cells = this.cells;
    if (index === -1) index = cells.length - 1;
    if (index < 0 || index >= cells.length) { if (index === -1) return; indexError(); }
    this.removeChild(cells[index]);
  }});
  for (const [method, tag, getter] of [["createTHead", "thead", "tHead"], ["createTFoot", "tfoot", "tFoot"], ["createCaption", "caption", "caption"]]) {
    Object.defineProperty(elementPrototype, method, {configurable: true, value() {
      if (this.tagName !== "TABLE") throw new TypeError(method + " is for tables");
      const found = this[getter];
      if (found) return found;
      const made = document.createElement(tag);
      if (tag === "tfoot") this.appendChild(made);
      else this.insertBefore(made, tag === "caption" ? this.firstChild : (this.caption ? this.caption.nextSibling : this.firstChild));
      return made;
    }});
  }
  Object.defineProperty(elementPrototype, "createTBody", {configurable: true, value() {
    if (this.tagName !== "TABLE") throw new TypeError("createTBody is for tables");
    const bodies = this.tBodies;
    const body = document.createElement("tbody");
    const after = bodies.length ? bodies[bodies.length - 1].nextSibling : null;
    after ? this.insertBefore(body, after) : this.appendChild(body);
    return body;
  }});

  // document.styleSheets (CSSOM §6.1): a sheet for each <style> and <link rel=stylesheet>,
  // in document order, with its rules as the style engine parses them (read-only).
  class CSSStyleDeclarationView {
    constructor(declarations) {
      this._declarations = declarations;
      this.length = declarations.length;
      declarations.forEach(([name, value], i) => {
        this[i] = name;
        if (!name.startsWith("--")) this[name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
      });
    }
    item(i) { return this._declarations[i] ? this._declarations[i][0] : ""; }
    getPropertyValue(name) { const found = this._declarations.find(d => d[0] === String(name)); return found ? found[1] : ""; }
    getPropertyPriority(name) { const found = this._declarations.find(d => d[0] === String(name)); return found && found[2] ? "important" : ""; }
    get cssText() { return this._declarations.map(([n, v, i]) => n + ": " + v + (i ? " !important" : "") + ";").join(" "); }
  }
  function cssRule([type, prelude, cssText, declarations, children], parentStyleSheet) {
    const rule = {type, cssText, parentStyleSheet};
    if (type === 1) {
      rule.selectorText = prelude;
      rule.style = new CSSStyleDeclarationView(declarations);
    } else if (type === 4 || type === 12) {
      rule.conditionText = prelude;
      if (type === 4) rule.media = {mediaText: prelude, length: prelude ? prelude.split(",").length : 0};
      rule.cssRules = children.map(child => cssRule(child, parentStyleSheet));
    } else if (type === 5) {
      rule.style = new CSSStyleDeclarationView(declarations);
    }
    return Object.freeze(rule);
  }
  class CSSStyleSheet {
    constructor(ownerNode, href, text) {
      this.ownerNode = ownerNode;
      this.href = href;
      this.type = "text/css";
      this.disabled = ownerNode.hasAttribute("disabled");
      this.title = ownerNode.getAttribute("title");
      this.media = {mediaText: ownerNode.getAttribute("media") || ""};
      this._text = text;
    }
    get cssRules() { return this._text === null ? [] : __nexusCssRules(this._text).map(rule => cssRule(rule, this)); }
    get rules() { return this.cssRules; }
  }
  global.CSSStyleSheet = CSSStyleSheet;
  Object.defineProperty(documentPrototype, "styleSheets", {get() {
    return document.getElementsByTagName("*").filter(e =>
        e.tagName === "STYLE" ||
        (e.tagName === "LINK" && /(^|\s)stylesheet(\s|$)/i.test(e.getAttribute("rel") || "") && e.getAttribute("href"))
    ).map(e => {
      if (e.tagName === "STYLE") return new CSSStyleSheet(e, null, e.textContent);
      const href = __nexusResolveUrl(e.getAttribute("href"));
      return new CSSStyleSheet(e, href, href ? __nexusStylesheetText(href) : null);
    });
  }});

  // matchMedia: media queries against the viewport, by the style engine's evaluator.
  // Lists with listeners are remembered, and told when the viewport's change flips them.
  const watchedMediaQueries = new Set();
  class MediaQueryList {
    constructor(media) { this.media = media; this.onchange = null; this._listeners = []; this._last = this.matches; }
    get matches() { return __nexusMatchMedia(this.media); }
    addListener(listener) { this.addEventListener("change", listener); }
    removeListener(listener) { this.removeEventListener("change", listener); }
    addEventListener(type, listener) {
      if (type === "change" && listener && !this._listeners.includes(listener)) this._listeners.push(listener);
      watchedMediaQueries.add(this);
    }
    removeEventListener(type, listener) { this._listeners = this._listeners.filter(l => l !== listener); }
  }
  // Called by the page when the viewport's size changed: matchMedia's change events
  // (CSSOM View §4.2), then the window's resize event.
  Object.defineProperty(global, "__nexusViewportChanged", {value: function () {
    for (const list of watchedMediaQueries) {
      const matches = list.matches;
      if (matches === list._last) continue;
      list._last = matches;
      const event = new Event("change");
      Object.defineProperty(event, "matches", {value: matches});
      Object.defineProperty(event, "media", {value: list.media});
      for (const listener of [...list._listeners]) {
        try { typeof listener === "function" ? listener.call(list, event) : listener.handleEvent(event); }
        catch (error) { console.error(String(error)); }
      }
      if (typeof list.onchange === "function") list.onchange.call(list, event);
    }
    global.dispatchEvent(new Event("resize"));
  }});
  global.MediaQueryList = MediaQueryList;
  global.CSS = Object.freeze({
    supports(...args) {
      if (args.length === 0) throw new TypeError("CSS.supports needs a condition");
      return args.length >= 2 ? __nexusSupports(String(args[0]), String(args[1])) : __nexusSupports(String(args[0]));
    },
  });
  // document.fonts (CSS Font Loading §3.2): a page's @font-face fonts have arrived before its
  // scripts run, so the set is loaded and ready from the start. Faces made by script
  // (new FontFace) are not there: they would need a load through main of their own.
  const fonts = {
    status: "loaded",
    size: 0,
    onloading: null, onloadingdone: null, onloadingerror: null,
    check() { return true; },
    load() { return Promise.resolve([]); },
    has() { return false; },
    forEach() {},
    addEventListener() {}, removeEventListener() {},
    [Symbol.iterator]() { return [][Symbol.iterator](); },
  };
  fonts.ready = Promise.resolve(fonts);
  Object.defineProperty(documentPrototype, "fonts", {get() { return fonts; }});
  global.matchMedia = function (query) {
    if (arguments.length === 0) throw new TypeError("matchMedia needs a query");
    return new MediaQueryList(String(query));
  };
})(this);
)JS";

}  // namespace nexus::web::js
