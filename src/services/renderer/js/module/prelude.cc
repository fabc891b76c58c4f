#include "services/renderer/js/module/prelude.h"

namespace nexus::renderer::js {

// Runs once in every document's context, before the page's scripts. The natives it uses
// (__nexusSetTimer) come from document_scripts.cc; C++ calls back __nexusFireTimer and
// __nexusFireLoadEvents. Kept in JavaScript because the event algorithm is mostly bookkeeping
// on objects scripts already hold.
const char kPrelude[] = R"JS(
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
  for (const target of [nodePrototype, global]) {
    Object.defineProperty(target, "addEventListener", {value: addEventListener});
    Object.defineProperty(target, "removeEventListener", {value: removeEventListener});
    Object.defineProperty(target, "dispatchEvent", {value: dispatchEvent});
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
  global.__nexusPendingTimers = () => timers.size;

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

}  // namespace nexus::renderer::js
