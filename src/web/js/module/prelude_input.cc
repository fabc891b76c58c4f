#include "web/js/module/prelude.h"

namespace nexus::web::js {

// The window's third part (see prelude.h): the user's input. The renderer hit-tests a mouse
// event and calls __nexusInput with the element under it; keys go to the focused element.
// Events and default actions follow the UI Events and HTML standards: mousedown focuses,
// mouseup then click at the nearest common ancestor of press and release, a checkbox toggles
// before its click is dispatched and back if the click is cancelled, links navigate, submit
// buttons and Enter in a text field submit the form (GET and POST, url-encoded, multipart or
// text/plain), typing edits the focused field and fires input, leaving it fires change.
const char kPreludeInput[] = R"JS(
(function (global) {
  "use strict";
  const elementPrototype = Object.getPrototypeOf(document.createElement("div"));

  class UIEvent extends Event {
    constructor(type, init) { super(type, init); init = init || {}; this.view = init.view ?? null; this.detail = init.detail ?? 0; }
  }
  const modifierInit = (event, init) => {
    for (const key of ["ctrlKey", "shiftKey", "altKey", "metaKey"]) event[key] = !!init[key];
  };
  class MouseEvent extends UIEvent {
    constructor(type, init) {
      super(type, init); init = init || {};
      this.clientX = this.pageX = this.x = this.screenX = init.clientX ?? 0;
      this.clientY = this.pageY = this.y = this.screenY = init.clientY ?? 0;
      this.button = init.button ?? 0; this.buttons = init.buttons ?? 0;
      this.relatedTarget = init.relatedTarget ?? null;
      modifierInit(this, init);
    }
  }
  class KeyboardEvent extends UIEvent {
    constructor(type, init) {
      super(type, init); init = init || {};
      this.key = init.key ?? ""; this.code = init.code ?? ""; this.repeat = !!init.repeat;
      this.location = 0; this.isComposing = false;
      modifierInit(this, init);
    }
  }
  class InputEvent extends UIEvent {
    constructor(type, init) { super(type, init); init = init || {}; this.data = init.data ?? null; this.inputType = init.inputType ?? ""; this.isComposing = false; }
  }
  class FocusEvent extends UIEvent {
    constructor(type, init) { super(type, init); this.relatedTarget = (init && init.relatedTarget) ?? null; }
  }
  class SubmitEvent extends Event {
    constructor(type, init) { super(type, init); this.submitter = (init && init.submitter) ?? null; }
  }
  Object.assign(global, {UIEvent, MouseEvent, KeyboardEvent, InputEvent, FocusEvent, SubmitEvent});

  // Events the user caused are trusted; those scripts make are not.
  const trusted = event => { event.isTrusted = true; return event; };
  const fire = (target, event) => target.dispatchEvent(event);

  const typeOf = e => (e.getAttribute("type") || "").toLowerCase();
  const nonTextInputs = ["checkbox", "radio", "submit", "button", "reset", "image", "hidden", "file", "range", "color"];
  const isTextField = e => !!e && ((e.tagName === "INPUT" && !nonTextInputs.includes(typeOf(e))) || e.tagName === "TEXTAREA");
  const isDisabled = e => ["INPUT", "BUTTON", "SELECT", "TEXTAREA"].includes(e.tagName) && e.hasAttribute("disabled");
  const isSubmitButton = e => (e.tagName === "BUTTON" && ["", "submit"].includes(typeOf(e))) ||
                              (e.tagName === "INPUT" && ["submit", "image"].includes(typeOf(e)));
  function focusable(e) {
    if (!e || e.nodeType !== 1 || isDisabled(e)) return false;
    if (e.hasAttribute("tabindex")) return true;
    switch (e.tagName) {
      case "INPUT": return typeOf(e) !== "hidden";
      case "TEXTAREA": case "SELECT": case "BUTTON": return true;
      case "A": return e.hasAttribute("href");
    }
    return false;
  }
  const connected = e => { for (let n = e; n; n = n.parentNode) if (n === document) return true; return false; };

  // --- focus ----------------------------------------------------------------------------
  let focused = null, valueAtFocus = null;
  function commitChange(element) {
    if (isTextField(element) && element.value !== valueAtFocus) {
      valueAtFocus = element.value;
      fire(element, trusted(new Event("change", {bubbles: true})));
    }
  }
  function setFocus(next) {
    if (next === focused) return;
    const previous = focused;
    if (previous) {
      commitChange(previous);
      focused = null;
      fire(previous, trusted(new FocusEvent("blur", {relatedTarget: next})));
      fire(previous, trusted(new FocusEvent("focusout", {bubbles: true, relatedTarget: next})));
    }
    focused = next;
    if (next) {
      valueAtFocus = next.value;
      fire(next, trusted(new FocusEvent("focus", {relatedTarget: previous})));
      fire(next, trusted(new FocusEvent("focusin", {bubbles: true, relatedTarget: previous})));
    }
  }
  Object.defineProperty(elementPrototype, "focus", {value: function () {
    if (focusable(this) && connected(this)) setFocus(this);
  }});
  Object.defineProperty(elementPrototype, "blur", {value: function () { if (focused === this) setFocus(null); }});
  Object.defineProperty(document, "activeElement", {get: () =>
      focused && connected(focused) ? focused : document.body || document.documentElement});
  document.hasFocus = () => true;
  function focusOrder() { return document.getElementsByTagName("*").filter(e => focusable(e) && e.getAttribute("tabindex") !== "-1"); }
  function moveFocus(step) {
    const order = focusOrder();
    if (order.length === 0) return;
    const at = order.indexOf(focused);
    setFocus(order[at < 0 ? (step > 0 ? 0 : order.length - 1) : (at + step + order.length) % order.length]);
  }

  // --- forms ----------------------------------------------------------------------------
  function formOf(control) {
    if (control.hasAttribute("form")) {
      const form = document.getElementById(control.getAttribute("form"));
      return form && form.tagName === "FORM" ? form : null;
    }
    for (let e = control.parentNode; e && e.nodeType === 1; e = e.parentNode) if (e.tagName === "FORM") return e;
    return null;
  }
  const controlsOf = form => document.getElementsByTagName("*").filter(
      e => ["INPUT", "BUTTON", "SELECT", "TEXTAREA"].includes(e.tagName) && formOf(e) === form);
  function entries(form, submitter) {
    const list = [];
    for (const e of controlsOf(form)) {
      const name = e.getAttribute("name");
      if (!name || isDisabled(e) || e.closest("fieldset[disabled]")) continue;
      const type = typeOf(e);
      if (e.tagName === "BUTTON" || (e.tagName === "INPUT" && ["submit", "image", "button", "reset"].includes(type))) {
        if (e !== submitter) continue;
        if (type === "image") { list.push([name + ".x", "0"], [name + ".y", "0"]); continue; }
        if (type !== "button" && type !== "reset") list.push([name, e.value]);
        continue;
      }
      if (type === "checkbox" || type === "radio") {
        if (e.checked) list.push([name, e.hasAttribute("value") ? e.value : "on"]);
        continue;
      }
      if (e.tagName === "SELECT") {
        const options = e.getElementsByTagName("option");
        const chosen = e.hasAttribute("multiple") ? options.filter(o => o.hasAttribute("selected")) : [e];
        for (const option of chosen) list.push([name, option.value]);
        continue;
      }
      list.push([name, e.tagName === "TEXTAREA" ? e.value.replace(/\r?\n/g, "\r\n") : e.value]);
    }
    return list;
  }
  // application/x-www-form-urlencoded: every byte but *-._ and alphanumerics escaped, spaces as +.
  const encode = text => encodeURIComponent(text)
      .replace(/[!'()~]/g, c => "%" + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, "+");
  const urlencoded = list => list.map(([name, value]) => encode(name) + "=" + encode(value)).join("&");
  function body(list, enctype) {
    if (enctype === "text/plain") return [list.map(([n, v]) => n + "=" + v + "\r\n").join(""), "text/plain"];
    if (enctype === "multipart/form-data") {
      const boundary = "----NexusFormBoundary" + Math.random().toString(36).slice(2);
      const escape = name => name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
      const text = list.map(([n, v]) => "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" +
                                        escape(n) + "\"\r\n\r\n" + v + "\r\n").join("") + "--" + boundary + "--\r\n";
      return [text, "multipart/form-data; boundary=" + boundary];
    }
    return [urlencoded(list), "application/x-www-form-urlencoded"];
  }
  function submit(form, submitter, withEvent) {
    if (withEvent && !fire(form, trusted(new SubmitEvent("submit", {bubbles: true, cancelable: true, submitter}))))
      return;
    const from = (name, fallback) => (submitter && submitter.getAttribute("form" + name)) || form.getAttribute(name) || fallback;
    const action = __nexusResolve(from("action", location.href));
    const method = from("method", "get").toLowerCase();
    const enctype = from("enctype", "application/x-www-form-urlencoded").toLowerCase();
    if (method === "dialog") return;
    const list = entries(form, submitter);
    if (method === "post") {
      const [text, type] = body(list, enctype);
      __nexusNavigate(action, "POST", text, type, false);
      return;
    }
    const hash = action.indexOf("#"), query = action.indexOf("?");
    const end = query >= 0 ? query : hash >= 0 ? hash : action.length;
    __nexusNavigate(action.slice(0, end) + "?" + urlencoded(list) + (hash >= 0 ? action.slice(hash) : ""), "GET", "", "", false);
  }
  Object.defineProperty(elementPrototype, "submit", {value: function () { if (this.tagName === "FORM") submit(this, null, false); }});
  Object.defineProperty(elementPrototype, "requestSubmit", {value: function (submitter) {
    if (this.tagName !== "FORM") return;
    if (submitter && (!isSubmitButton(submitter) || formOf(submitter) !== this))
      throw new TypeError("requestSubmit: the submitter is not a submit button of this form");
    submit(this, submitter || null, true);
  }});
  Object.defineProperty(elementPrototype, "reset", {value: function () {
    if (this.tagName !== "FORM" || !fire(this, new Event("reset", {bubbles: true, cancelable: true}))) return;
    for (const e of controlsOf(this)) {
      if (e.tagName === "INPUT" && ["checkbox", "radio"].includes(typeOf(e))) e.checked = e.defaultChecked;
      else if (e.tagName === "INPUT" || e.tagName === "TEXTAREA") e.value = e.defaultValue;
    }
  }});
  Object.defineProperty(elementPrototype, "elements", {get() { return this.tagName === "FORM" ? controlsOf(this) : undefined; }});
  Object.defineProperty(elementPrototype, "form", {get() {
    return ["INPUT", "BUTTON", "SELECT", "TEXTAREA"].includes(this.tagName) ? formOf(this) : undefined;
  }});
  function implicitSubmission(field) {
    const form = formOf(field);
    if (!form) return;
    const button = controlsOf(form).find(isSubmitButton);
    if (button) { if (!isDisabled(button)) click(button, 0, 0, 0, false); return; }
    submit(form, null, true);
  }

  // --- clicks and their default actions ---------------------------------------------------
  function hasActivation(e) {
    switch (e.tagName) {
      case "A": return e.hasAttribute("href");
      case "INPUT": return ["checkbox", "radio", "submit", "image", "reset"].includes(typeOf(e));
      case "BUTTON": case "LABEL": return true;
    }
    return false;
  }
  function radioGroup(radio) {
    const name = radio.getAttribute("name");
    if (!name) return [radio];
    const form = formOf(radio);
    return document.getElementsByTagName("input").filter(
        e => typeOf(e) === "radio" && e.getAttribute("name") === name && formOf(e) === form);
  }
  function click(target, x, y, modifiers, isTrusted) {
    let activator = null;
    for (let e = target; e && e.nodeType === 1; e = e.parentNode) if (hasActivation(e)) { activator = e; break; }
    if (activator && isDisabled(activator)) return;
    // Checkboxes and radios change before the click is dispatched (HTML's legacy-pre-activation
    // behaviour), so listeners see the new state; a cancelled click puts the old one back.
    let restore = null;
    if (activator && activator.tagName === "INPUT" && typeOf(activator) === "checkbox") {
      const was = activator.checked;
      activator.checked = !was;
      restore = () => { activator.checked = was; };
    } else if (activator && activator.tagName === "INPUT" && typeOf(activator) === "radio") {
      const group = radioGroup(activator), was = group.map(e => e.checked);
      for (const e of group) e.checked = e === activator;
      restore = () => group.forEach((e, i) => { e.checked = was[i]; });
    }
    const event = new MouseEvent("click", {bubbles: true, cancelable: true, clientX: x, clientY: y, detail: 1,
        shiftKey: !!(modifiers & 1), ctrlKey: !!(modifiers & 2), altKey: !!(modifiers & 4), metaKey: !!(modifiers & 8)});
    if (isTrusted) trusted(event);
    const notCancelled = fire(target, event);
    if (!activator) return;
    if (!notCancelled) { if (restore) restore(); return; }
    if (restore) {
      fire(activator, trusted(new Event("input", {bubbles: true})));
      fire(activator, trusted(new Event("change", {bubbles: true})));
    } else if (activator.tagName === "A") {
      __nexusNavigate(__nexusResolve(activator.getAttribute("href")), "GET", "", "", false);
    } else if (activator.tagName === "LABEL") {
      const control = activator.hasAttribute("for") ? document.getElementById(activator.getAttribute("for"))
          : activator.querySelector("input, button, select, textarea");
      // A click on the label is a click on its control, unless it landed on something of
      // its own that takes clicks.
      const interactive = target.closest("a, button, input, select, textarea");
      if (control && !(interactive && activator.contains(interactive))) {
        click(control, x, y, modifiers, isTrusted);
        control.focus();
      }
    } else if (isSubmitButton(activator)) {
      const form = formOf(activator);
      if (form) submit(form, activator, true);
    } else if (typeOf(activator) === "reset") {
      const form = formOf(activator);
      if (form) form.reset();
    }
  }
  Object.defineProperty(elementPrototype, "click", {value: function () { click(this, 0, 0, 0, false); }});
  function commonAncestor(a, b) {
    for (let e = a; e; e = e.parentNode) if (e === b || e.contains(b)) return e;
    return null;
  }

  // --- keys ------------------------------------------------------------------------------
  const printable = key => [...key].length === 1;
  function edit(field, inputType, data, change) {
    if (!fire(field, trusted(new InputEvent("beforeinput", {bubbles: true, cancelable: true, data, inputType})))) return;
    const value = change(field.value);
    const limit = Number(field.getAttribute("maxlength"));
    if (field.hasAttribute("maxlength") && limit >= 0 && [...value].length > limit && value.length > field.value.length) return;
    field.value = value;
    fire(field, trusted(new InputEvent("input", {bubbles: true, data, inputType})));
    // What the user typed goes to main, which keeps it with the tab's session: a renderer or
    // main that dies does not take it along (web/page's RestoreFormFields puts it back).
    __nexusFormEdited(fieldKey(field), field.value);
  }
  // The field's id, or its element indices from <html> down ("1/0/3").
  function fieldKey(field) {
    if (field.id) return "#" + field.id;
    const path = [];
    for (let node = field; node && node !== document.documentElement; node = node.parentNode)
      path.unshift(Array.prototype.indexOf.call(node.parentNode.children, node));
    return path.join("/");
  }
  function keyDown(key, modifiers) {
    const target = focused && connected(focused) ? focused : document.body || document.documentElement;
    const init = {key, bubbles: true, cancelable: true, shiftKey: !!(modifiers & 1), ctrlKey: !!(modifiers & 2),
                  altKey: !!(modifiers & 4), metaKey: !!(modifiers & 8)};
    if (!fire(target, trusted(new KeyboardEvent("keydown", init)))) return;
    if (printable(key) && !fire(target, trusted(new KeyboardEvent("keypress", init)))) return;
    if (key === "Tab") return moveFocus(modifiers & 1 ? -1 : 1);
    const field = target === focused ? focused : null;
    if (isTextField(field) && !field.hasAttribute("readonly")) {
      if (printable(key) && !(modifiers & 10)) return edit(field, "insertText", key, v => v + key);
      if (key === "Backspace") return edit(field, "deleteContentBackward", null, v => [...v].slice(0, -1).join(""));
      if (key === "Enter" && field.tagName === "TEXTAREA") return edit(field, "insertLineBreak", null, v => v + "\n");
      if (key === "Enter") { commitChange(field); return implicitSubmission(field); }
      return;
    }
    if (!field) return;
    if (key === "Enter" && (field.tagName === "A" || field.tagName === "BUTTON" || isSubmitButton(field)))
      return click(field, 0, 0, modifiers, true);
    if (key === " " && (field.tagName === "BUTTON" || (field.tagName === "INPUT" && ["checkbox", "radio", "button", "submit", "reset"].includes(typeOf(field)))))
      return click(field, 0, 0, modifiers, true);
  }

  // --- what the renderer calls -----------------------------------------------------------
  let pressed = null;
  global.__nexusInput = function (kind, target, x, y, key, modifiers) {
    target = target || document.body || document.documentElement;
    const mouse = type => trusted(new MouseEvent(type, {bubbles: true, cancelable: true, clientX: x, clientY: y,
        buttons: type === "mousedown" ? 1 : 0, detail: 1, shiftKey: !!(modifiers & 1), ctrlKey: !!(modifiers & 2),
        altKey: !!(modifiers & 4), metaKey: !!(modifiers & 8)}));
    switch (kind) {
      case "mousedown": {
        pressed = target;
        if (!fire(target, mouse("mousedown"))) return;
        let next = target;
        while (next && next.nodeType === 1 && !focusable(next)) next = next.parentNode;
        setFocus(next && next.nodeType === 1 ? next : null);
        return;
      }
      case "mouseup": {
        fire(target, mouse("mouseup"));
        const clickTarget = pressed && connected(pressed) ? commonAncestor(pressed, target) : null;
        pressed = null;
        if (clickTarget && clickTarget.nodeType === 1) click(clickTarget, x, y, modifiers, true);
        return;
      }
      case "keydown": return keyDown(key, modifiers);
      case "keyup": {
        const target = focused && connected(focused) ? focused : document.body || document.documentElement;
        fire(target, trusted(new KeyboardEvent("keyup", {key, bubbles: true, cancelable: true})));
        return;
      }
    }
  };
})(this);
)JS";

}  // namespace nexus::web::js
