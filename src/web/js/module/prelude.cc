#include "web/js/module/prelude.h"

namespace nexus::web::js {

// The first part of the prelude: events, timers, selectors, tree helpers and the load
// events. The natives it uses (__nexusSetTimer) come from window_natives.cc; C++ calls back
// __nexusFireTimer and __nexusFireLoadEvents. Kept in JavaScript because the event algorithm
// is mostly bookkeeping on objects scripts already hold.
const char kPreludeCore[] = R"JS(
(function (global) {
  "use strict";
  const nodePrototype = Object.getPrototypeOf(Object.getPrototypeOf(document));
  const report = function (error) {
    const where = error && error.sourceURL ? " (" + error.sourceURL + ":" + error.line + ")" : "";
    console.error("Uncaught " + error + where);
  };

  class Event {
    constructor(type, init) {
      if (arguments.length === 0) throw new TypeError("Event needs a type");
      init = init || {};
      this.type = String(type);
      this.bubbles = !!init.bubbles;
      this.cancelable = !!init.cancelable;
      this.defaultPrevented = false;
      this.target = null;
      this.currentTarget = null;
      this.eventPhase = 0;
      this.timeStamp = Date.now();
      this.isTrusted = false;
      this._stop = false;
      this._stopNow = false;
    }
    preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
    stopPropagation() { this._stop = true; }
    stopImmediatePropagation() { this._stop = true; this._stopNow = true; }
  }
  Event.NONE = 0; Event.CAPTURING_PHASE = 1; Event.AT_TARGET = 2; Event.BUBBLING_PHASE = 3;
  class CustomEvent extends Event {
    constructor(type, init) { super(type, init); this.detail = init && "detail" in init ? init.detail : null; }
  }

  // Listeners per target, in registration order: {type, callback, capture, once}.
  const listeners = new WeakMap();
  function captureOf(options) {
    return typeof options === "boolean" ? options : !!(options && options.capture);
  }
  function addEventListener(type, callback, options) {
    if (callback === null || callback === undefined) return;
    let list = listeners.get(this);
    if (!list) listeners.set(this, list = []);
    const capture = captureOf(options);
    if (list.some(l => l.type === type && l.callback === callback && l.capture === capture)) return;
    list.push({type: String(type), callback, capture, once: !!(options && options.once), removed: false});
  }
  function removeEventListener(type, callback, options) {
    const list = listeners.get(this);
    if (!list) return;
    const capture = captureOf(options);
    const index = list.findIndex(l => l.type === type && l.callback === callback && l.capture === capture);
    if (index >= 0) { list[index].removed = true; list.splice(index, 1); }
  }
  function invoke(target, event, phase) {
    const list = listeners.get(target);
    if (!list) return;
    event.currentTarget = target;
    event.eventPhase = phase;
    for (const listener of list.slice()) {
      if (listener.removed || listener.type !== event.type) continue;
      if (phase === Event.CAPTURING_PHASE && !listener.capture) continue;
      if (phase === Event.BUBBLING_PHASE && listener.capture) continue;
      if (listener.once) removeEventListener.call(target, listener.type, listener.callback, listener.capture);
      try {
        if (typeof listener.callback === "function") listener.callback.call(target, event);
        else if (listener.callback && typeof listener.callback.handleEvent === "function") listener.callback.handleEvent(event);
      } catch (error) { report(error); }
      if (event._stopNow) return;
    }
  }
  function dispatchEvent(event) {
    if (!(event instanceof Event)) throw new TypeError("dispatchEvent needs an Event");
    event.target = this;
    // The path: the target, its ancestors, and the window for nodes in the document.
    const path = [];
    for (let node = this; node; node = node.parentNode) path.push(node);
    if (this !== global && path[path.length - 1] === document) path.push(global);
    for (let i = path.length - 1; i > 0 && !event._stop; --i) invoke(path[i], event, Event.CAPTURING_PHASE);
    if (!event._stop) {
      // At the target, capturing listeners first, then the others (as the DOM standard has it now).
      invoke(this, event, Event.CAPTURING_PHASE);
      if (!event._stop) invoke(this, event, Event.BUBBLING_PHASE);
      event.eventPhase = Event.AT_TARGET;
    }
    if (event.bubbles) {
      for (let i = 1; i < path.length && !event._stop; ++i) invoke(path[i], event, Event.BUBBLING_PHASE);
    }
    event.currentTarget = null;
    event.eventPhase = 0;
    return !event.defaultPrevented;
  }
  // Called unqualified from a page's script (addEventListener("load", ...)), `this` is the
  // window, as in a browser, not undefined as in these strict functions.
  const onWindow = method => function (...args) { return method.apply(this ?? global, args); };
  for (const target of [nodePrototype, global]) {
    Object.defineProperty(target, "addEventListener", {value: onWindow(addEventListener)});
    Object.defineProperty(target, "removeEventListener", {value: onWindow(removeEventListener)});
    Object.defineProperty(target, "dispatchEvent", {value: onWindow(dispatchEvent)});
  }
  global.Event = Event;
  global.CustomEvent = CustomEvent;

  // Timers: the host's clock calls __nexusFireTimer(id) when one is due.
  const timers = new Map();
  let nextTimer = 1;
  function schedule(callback, delay, args, repeat) {
    if (typeof callback !== "function") { const source = String(callback); callback = () => (0, eval)(source); }
    const id = nextTimer++;
    delay = Math.max(repeat ? 4 : 0, Number(delay) || 0);
    timers.set(id, {callback, args, delay, repeat});
    __nexusSetTimer(id, delay);
    return id;
  }
  global.setTimeout = (callback, delay, ...args) => schedule(callback, delay, args, false);
  global.setInterval = (callback, delay, ...args) => schedule(callback, delay, args, true);
  global.clearTimeout = global.clearInterval = id => { timers.delete(id); };
  global.requestAnimationFrame = callback =>
      schedule(() => callback(performance.now()), 16, [], false);
  global.cancelAnimationFrame = global.clearTimeout;
  global.queueMicrotask = callback => { Promise.resolve().then(callback).catch(report); };
  const origin = Date.now();
  global.performance = global.performance || {now: () => Date.now() - origin};
  global.__nexusFireTimer = function (id) {
    const timer = timers.get(id);
    if (!timer) return false;
    if (timer.repeat) __nexusSetTimer(id, timer.delay); else timers.delete(id);
    try { timer.callback.apply(global, timer.args); } catch (error) { report(error); }
    return true;
  };

  // Selectors (querySelector, querySelectorAll, matches, closest): the style engine's own
  // matcher (web/css/selectors), through natives.
  const elementPrototype = Object.getPrototypeOf(document.createElement("div"));
  function checked(result, selectors) {
    if (result === null) throw new SyntaxError("'" + selectors + "' is not a valid selector");
    return result;
  }
  function matches(selectors) {
    return checked(__nexusMatches(this, String(selectors), document.activeElement), selectors);
  }
  function querySelectorAll(selectors) {
    return checked(__nexusQuerySelectorAll(this, String(selectors), document.activeElement, false),
                   selectors);
  }
  function querySelector(selectors) {
    // "#id" on the document: the id index, not a walk.
    if (this === document && /^#[\w-]+$/.test(selectors)) return document.getElementById(selectors.slice(1));
    return checked(__nexusQuerySelectorAll(this, String(selectors), document.activeElement, true),
                   selectors)[0] || null;
  }
  for (const target of [elementPrototype, Object.getPrototypeOf(document)]) {
    Object.defineProperty(target, "querySelector", {value: querySelector});
    Object.defineProperty(target, "querySelectorAll", {value: querySelectorAll});
  }
  Object.defineProperty(elementPrototype, "matches", {value: matches});
  Object.defineProperty(elementPrototype, "closest", {value: function (selectors) {
    for (let e = this; e && e.nodeType === 1; e = e.parentNode) if (matches.call(e, selectors)) return e;
    return null;
  }});

  // classList and dataset, over the class and data-* attributes.
  class DOMTokenList {
    constructor(element) { this._element = element; }
    _tokens() { return this._element.className.split(/\s+/).filter(t => t); }
    _set(tokens) { this._element.className = tokens.join(" "); }
    get length() { return this._tokens().length; }
    item(i) { return this._tokens()[i] ?? null; }
    contains(token) { return this._tokens().includes(token); }
    add(...tokens) { const t = this._tokens(); for (const x of tokens) if (!t.includes(x)) t.push(x); this._set(t); }
    remove(...tokens) { this._set(this._tokens().filter(t => !tokens.includes(t))); }
    toggle(token, force) {
      const has = this.contains(token);
      if (force === true || (force === undefined && !has)) { this.add(token); return true; }
      this.remove(token); return false;
    }
    toString() { return this._element.className; }
  }
  Object.defineProperty(elementPrototype, "classList", {get() { return new DOMTokenList(this); }});
  const toData = name => "data-" + name.replace(/[A-Z]/g, c => "-" + c.toLowerCase());
  const fromData = name => name.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  Object.defineProperty(elementPrototype, "dataset", {get() {
    const element = this;
    return new Proxy({}, {
      get: (_, name) => typeof name === "string" ? (element.getAttribute(toData(name)) ?? undefined) : undefined,
      set: (_, name, value) => { element.setAttribute(toData(name), String(value)); return true; },
      deleteProperty: (_, name) => { element.removeAttribute(toData(name)); return true; },
      has: (_, name) => element.hasAttribute(toData(name)),
      ownKeys: () => element.getAttributeNames().filter(n => n.startsWith("data-")).map(fromData),
      getOwnPropertyDescriptor: (_, name) => element.hasAttribute(toData(name))
          ? {value: element.getAttribute(toData(name)), enumerable: true, configurable: true} : undefined,
    });
  }});

  // Tree edits built on the native ones.
  Object.defineProperty(nodePrototype, "replaceChild", {value: function (node, child) {
    if (!child || child.parentNode !== this) throw new Error("NotFoundError: the node to replace is not a child of this node");
    if (node !== child) { this.insertBefore(node, child); this.removeChild(child); }
    return child;
  }});
  Object.defineProperty(nodePrototype, "cloneNode", {value: function clone(deep) {
    let copy;
    if (this.nodeType === 1) {
      copy = document.createElement(this.tagName);
      for (const name of this.getAttributeNames()) copy.setAttribute(name, this.getAttribute(name));
    } else if (this.nodeType === 3) {
      return document.createTextNode(this.textContent);
    } else {
      throw new Error("NotSupportedError: only elements and text are cloned");
    }
    if (deep) for (const child of this.childNodes) if (child.nodeType === 1 || child.nodeType === 3) copy.appendChild(clone.call(child, true));
    return copy;
  }});
  Object.defineProperty(nodePrototype, "remove", {value: function () {
    if (this.parentNode) this.parentNode.removeChild(this);
  }});

  // The document's readiness and its load events, fired by the page once its scripts ran.
  let readyState = "loading";
  Object.defineProperty(document, "readyState", {get: () => readyState});
  global.__nexusFireLoadEvents = function () {
    readyState = "interactive";
    document.dispatchEvent(new Event("DOMContentLoaded", {bubbles: true}));
    readyState = "complete";
    global.dispatchEvent(new Event("load"));
  };
})(this);
)JS";

const PreludePart kPreludeParts[] = {
    {"nexus:prelude/core", kPreludeCore},       {"nexus:prelude/window", kPreludeWindow},
    {"nexus:prelude/input", kPreludeInput},     {"nexus:prelude/network", kPreludeNetwork},
    {"nexus:prelude/storage", kPreludeStorage}, {"nexus:prelude/indexeddb", kPreludeIndexedDb},
    {"nexus:prelude/cache", kPreludeCache},     {"nexus:prelude/opfs", kPreludeOpfs},
};

}  // namespace nexus::web::js
