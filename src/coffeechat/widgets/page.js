// @ts-check
/* coffeechat: the page around the widgets (see page.py).
 *
 * Where it runs: everything here concerns the whole page (document and window listeners, one observer of
 * the document), so it is installed ONCE per page from the widget's `initialize` (anywidget's model
 * lifecycle, run once per model), never from `render` (run once per view). A second PageAssist on the same
 * page (a notebook that shows the app twice) finds it installed and only hands over its texts. The state
 * the page shares lives in one object, `window.coffeechatPage`: anywidget imports each model's module on
 * its own, so module variables are not shared between two widgets. `render` only hides the view's element.
 * What this file reaches into ipywidgets' privates for is listed in docs/explanation/upstream.md (In the page).
 *
 * - The document's language and title follow the participant's language.
 * - "Skip to content", the page's first Tab stop, puts the focus on the open part's heading.
 * - Focus requests from the kernel: after a navigation the new screen's heading (or the control that
 *   moved) gets the keyboard focus, so nobody has to tab back from the top. A request never takes the
 *   focus from a text field the participant is in, nor from where they moved it in the meantime.
 * - ARIA that ipywidgets 8 leaves out, applied to the widgets as they appear and change:
 *   sliders get the name of their label, toggle buttons say whether they are pressed, symbol-only
 *   buttons are named by their tooltip, the current step is aria-current, the status line is a live
 *   region, a widget's invisible default placeholder (a zero-width space) is removed, and text boxes
 *   named only by a hidden label keep that name. A slider's editable value box is a textbox named like its
 *   slider; radio buttons are a radiogroup named by their label; HTML parts marked cc-live are polite live
 *   regions (the progress, a download's note, a message's length); buttons that share a name are described
 *   by what they belong to (the label of their row, rating or field, else the heading above them), so that
 *   six "Redo the draft" buttons say which draft each one redoes; a dropdown's entries keep ordinary spaces
 *   (ipywidgets makes them non-breaking), so that a long choice can wrap in its box.
 * - Order of what the participant does: ipywidgets sends one change per widget at a time and holds the
 *   rest back until the kernel answers. A click on another widget (Next, a language) was sent at once and
 *   overtook them; the kernel then closed the module and the held-back values (a slider moved at speed)
 *   were lost. Before any click or change reaches its widget, every held-back change is sent first.
 * - A double click on Next, a step or Start counts once (its second click skipped a module), and so does one on
 *   a download button (two files).
 * - The browser's languages go to the kernel, which opens a first visit in the first one it has.
 * - Memory: the views ipywidgets makes of a widget's (shared) layout and style go when the widget goes.
 * - A save status that tells the truth. The kernel writes the outcome of each save into the status line
 *   (views/status.py). From the participant's first key until the kernel has answered every change sent
 *   (ipywidgets counts a change as pending until the kernel is idle after it; the kernel saves while it
 *   handles the change), and while a field shows text its widget has not yet sent, the line says
 *   "saving …"; while the browser is offline or the kernel's socket is closed it says "not saved yet:
 *   offline", and once the kernel is gone (cc-watchdog.js's state) "not saved yet: reload". What is typed
 *   meanwhile is held in this tab and handed to the new kernel after the reload (see "held" below).
 *   <html data-cc-save> carries the state (saving, offline, lost, saved, settled).
 * - Not saved yet, trying again: while the kernel's status line says so (views/status.py, cc-status-retrying:
 *   the journal cannot be written and the kernel retries by itself), the same words stand right under the
 *   field typed into last, in a polite live region (cc-retry-note), where a person typing further down the
 *   page sees them (at the window's lower edge, the page moves up just enough to show them; the status line's
 *   own copy in the corner steps aside meanwhile, <html data-cc-retry-note>); they go once the kernel says
 *   saved.
 */
const FOCUS_WAIT_MS = 30000; // a busy room's kernel can take this long to draw a module
const SAVE_CHECK_MS = 150; // how often the save status looks again while a change is on its way

/**
 * What anywidget hands `initialize` and `render` (the parts used here).
 * @typedef {object} AnyModel
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 * @property {() => void} save_changes
 * @property {(event: string, callback: (...args: any[]) => void) => void} on
 */

/**
 * An ipywidgets WidgetModel as seen from the page, private fields included (docs/explanation/upstream.md (In the page) lists them).
 * @typedef {object} WidgetModel
 * @property {(name: string) => any} get
 * @property {Record<string, Promise<any> | any>} [views] the model's views (by id)
 * @property {boolean} [comm_live]
 * @property {number} [_pending_msgs] changes sent and not yet answered by a kernel that went idle
 * @property {object | null} [_msg_buffer] the change held back until the kernel answers
 * @property {object | null} [_msg_buffer_callbacks]
 * @property {(state: object, callbacks: object | null | undefined) => any} send_sync_message
 * @property {(msgId: any) => void} [rememberLastUpdateFor]
 * @property {(event: string) => void} off
 */

/**
 * What the whole page shares, whichever PageAssist installed the page-wide behaviour.
 * @typedef {object} PageState
 * @property {boolean} installed
 * @property {string} stepsLabel the name of the row of steps
 * @property {Record<string, string>} saveTexts what the status line says while saving, offline, lost
 * @property {Record<string, string>} fieldTexts what the page says under a field by itself (an unreadable date)
 * @property {number} focusRequest the newest focus request (an older one gives way)
 */

/** @returns {PageState} the page's one state object */
function thePage() {
  const holder = /** @type {{ coffeechatPage?: PageState }} */ (/** @type {unknown} */ (window));
  if (!holder.coffeechatPage) holder.coffeechatPage = { installed: false, stepsLabel: "", saveTexts: {}, fieldTexts: {}, focusRequest: 0 };
  return holder.coffeechatPage;
}

/** @returns {any} Voila's widget manager (window.jupyterapp.widgetManager), if any */
function widgetManager() {
  const app = /** @type {any} */ (window).jupyterapp;
  return app && app.widgetManager;
}

/** @returns {any} cc-watchdog.js's state (window.coffeechat.state), if any */
function watchdogState() {
  const cc = /** @type {any} */ (window).coffeechat;
  return cc && cc.state;
}

/**
 * @param {Element | null | undefined} el
 * @returns {string} its text without ipywidgets' zero-width spaces
 */
function textOf(el) {
  return (el && el.textContent ? el.textContent : "").replace(/\u200b/g, "").trim();
}

/**
 * @param {Element} widget
 * @returns {Element | null} the widget's own visible label
 */
function labelFor(widget) {
  const label = widget.querySelector(":scope > .widget-label");
  return label && textOf(label) ? label : null;
}

let labelCount = 0;
/**
 * @param {Element} label
 * @returns {string} its id, given one if it had none
 */
function labelId(label) {
  if (!label.id) {
    labelCount += 1;
    label.id = "cc-label-" + labelCount;
  }
  return label.id;
}

/**
 * Set (or, for null, remove) an attribute only when it differs: the observer watches attributes.
 * @param {Element} el
 * @param {string} name
 * @param {string | null} value
 */
function setAttr(el, name, value) {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

/* A phone's browser moves a tap that lands on nothing clickable onto a clickable thing near it ("touch
   adjustment"): a tap on a slider's track, which lets touches through (kit.css), went to the "This value is
   right" button just below it. A click listener on the slider makes the slider a tap's target of its own; the
   tap itself is set by tapOnTrack, page-wide. */
/** @type {WeakSet<Element>} */
const tapTargets = new WeakSet();
function takesTaps() {
  /* only there to be seen by the browser; tapOnTrack does the work */
}

/** @param {Element} root */
function mendSliders(root) {
  root.querySelectorAll(".widget-slider").forEach((slider) => {
    if (!tapTargets.has(slider)) {
      tapTargets.add(slider);
      slider.addEventListener("click", takesTaps);
    }
    const label = labelFor(slider);
    const readout = /** @type {HTMLElement | null} */ (slider.querySelector(".widget-readout"));
    slider.querySelectorAll(".noUi-handle").forEach((handle) => {
      if (label) setAttr(handle, "aria-labelledby", labelId(label));
      if (readout && textOf(readout)) setAttr(handle, "aria-valuetext", textOf(readout));
    });
    // the value box can be typed into (a number, then Enter): a textbox with the slider's name
    if (readout && readout.isContentEditable) {
      setAttr(readout, "role", "textbox");
      setAttr(readout, "inputmode", "numeric");
      if (label) setAttr(readout, "aria-labelledby", labelId(label));
    }
  });
}

let radioGroupCount = 0;
/* ipywidgets 8 draws a RadioButtons' inputs without a `name` (widget_selection.ts, RadioButtonsView.update): each
   option was a Tab stop of its own, and after a reload Tab landed on the first option, not the chosen one. One
   name per group makes them the browser's own radio group: one Tab stop (the chosen option, else the first),
   the arrow keys move and choose inside it (docs/explanation/upstream.md, In the page; the fence,
   test_upstream_page.py `radio_unnamed`, fails once ipywidgets names them itself). */
/** @param {Element} root */
function mendRadios(root) {
  root.querySelectorAll(".widget-radio").forEach((widget) => {
    const box = /** @type {HTMLElement | null} */ (widget.querySelector(":scope > .widget-radio-box"));
    if (!box) return;
    setAttr(box, "role", "radiogroup");
    const label = labelFor(widget);
    if (label) setAttr(box, "aria-labelledby", labelId(label));
    if (!box.dataset.ccRadioName) {
      radioGroupCount += 1;
      box.dataset.ccRadioName = "cc-radio-" + radioGroupCount;
    }
    const name = box.dataset.ccRadioName;
    box.querySelectorAll(":scope > label > input[type=radio]").forEach((input) => {
      const given = input.getAttribute("name");
      if (!given || given.startsWith("cc-radio-")) setAttr(input, "name", name); // a name from upstream stays
    });
  });
}

/**
 * @param {Element} button
 * @returns {string}
 */
function buttonName(button) {
  return (button.getAttribute("aria-label") || "").trim() || textOf(button);
}

/**
 * @param {Element} el
 * @returns {Element | null} the last heading of the app before it
 */
function headingBefore(el) {
  let found = null;
  for (const heading of document.querySelectorAll(".cc-app :is(h2, h3, h4)")) {
    if (!(heading.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    if (textOf(heading)) found = heading;
  }
  return found;
}

/* what a button belongs to, as a sighted person sees it: its row's, rating's or field's label, else the
   heading above it */
/**
 * @param {Element} button
 * @returns {Element | null}
 */
function contextOf(button) {
  const holder = button.closest(".cc-question, .cc-rating-row, .cc-row, .cc-question-block, .cc-field");
  const label = holder ? holder.querySelector(".widget-label, .cc-group-label") : null;
  return label && textOf(label) ? label : headingBefore(button);
}

function mendAlikeButtons() {
  /** @type {Map<string, HTMLElement[]>} */
  const byName = new Map();
  /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".cc-app button")).forEach((button) => {
    const name = buttonName(button);
    if (!name) return;
    const alike = byName.get(name) || [];
    alike.push(button);
    byName.set(name, alike);
  });
  byName.forEach((buttons) => {
    buttons.forEach((button) => {
      const context = buttons.length > 1 ? contextOf(button) : null;
      if (context) {
        setAttr(button, "aria-describedby", labelId(context));
        button.dataset.ccContext = "1";
      } else if (button.dataset.ccContext) {
        setAttr(button, "aria-describedby", null);
        delete button.dataset.ccContext;
      }
    });
  });
}

/** @param {Element} root */
function mendToggleButtons(root) {
  root.querySelectorAll(".widget-toggle-buttons").forEach((group) => {
    setAttr(group, "role", "group");
    const label = labelFor(group);
    if (label) setAttr(group, "aria-labelledby", labelId(label));
    group.querySelectorAll("button").forEach((button) => {
      setAttr(button, "aria-pressed", button.classList.contains("mod-active") ? "true" : "false");
    });
  });
  root.querySelectorAll(".widget-toggle-button").forEach((button) => {
    if (!button.closest(".widget-toggle-buttons")) {
      setAttr(button, "aria-pressed", button.classList.contains("mod-active") ? "true" : "false");
    }
  });
}

/** @param {Element} root */
function mendButtons(root) {
  const stepsLabel = thePage().stepsLabel;
  root.querySelectorAll("button[title]").forEach((button) => {
    const text = textOf(button);
    const title = button.getAttribute("title");
    // a symbol (☆ ↑ ↓ ⇄ ✕) or a step number is no name; the tooltip is
    if (title && (text.length <= 3 || !/[A-Za-zÄÖÜäöüß]/.test(text))) setAttr(button, "aria-label", title);
  });
  root.querySelectorAll(".cc-stepper").forEach((nav) => {
    setAttr(nav, "role", "navigation");
    if (stepsLabel) setAttr(nav, "aria-label", stepsLabel);
  });
  root.querySelectorAll(".cc-step").forEach((step) => {
    setAttr(step, "aria-current", step.classList.contains("cc-step-current") ? "step" : null);
  });
}

/** @param {Element} root */
function mendFields(root) {
  root.querySelectorAll("input[placeholder], textarea[placeholder]").forEach((field) => {
    if (field.getAttribute("placeholder") === "\u200b") field.removeAttribute("placeholder");
  });
  root.querySelectorAll(".cc-status .widget-html-content, .cc-live > .widget-html-content").forEach((region) => {
    setAttr(region, "role", "status");
    setAttr(region, "aria-live", "polite");
  });
  root.querySelectorAll(".cc-app .widget-dropdown option").forEach((option) => {
    const text = option.textContent || "";
    if (text.includes("\u00a0")) option.textContent = text.replace(/\u00a0/g, " ");
  });
  root.querySelectorAll(".widget-dropdown, .widget-text, .widget-textarea, .widget-datepicker").forEach((widget) => {
    const label = labelFor(widget);
    const control = widget.querySelector("select, input, textarea");
    // the name follows the label as it changes (a language switch): one this code gave is renewed, one given
    // elsewhere is left alone (it stayed in the language the page was first drawn in)
    if (label && control && (!control.getAttribute("aria-label") || control.getAttribute("data-cc-named") === "label")) {
      setAttr(control, "aria-label", textOf(label));
      setAttr(control, "data-cc-named", "label");
    }
  });
}

/* a message's place for its gaps and tip in the weeks after (views/followup.py) keeps the tallest it held, so that
   a tip that goes never moves „Erledigt“ below it; a tip taller than the room kept for it moves the page along
   with it while that button is in the window, as the browser's scroll anchoring would, so that the button stays
   under the finger about to press it (a first try without this failed test_followup)
   @param {Element} root */
function keepTipPlaces(root) {
  root.querySelectorAll(".cc-followup-tip-place").forEach((place) => {
    if (!(place instanceof HTMLElement)) return;
    const height = place.getBoundingClientRect().height;
    const kept = parseFloat(place.dataset.ccKept || "0");
    if (height <= kept) return;
    place.style.minHeight = `${height}px`;
    place.dataset.ccKept = String(height);
    const card = place.closest(".cc-followup-due-item");
    const done = card ? card.querySelector(".cc-followup-done") : null;
    if (kept === 0 || !done || !place.querySelector(".cc-question-tip-body")) return;
    const box = done.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) window.scrollBy(0, height - kept);
  });
}

/* ⇄ in the plan shows another question in the same row (views/builder.py PlanSlot); one of more or fewer lines
   moved the ⇄ pressed up or down by them, away from the finger about to press it again. While it is in the
   window the page moves along with it, as the browser's scroll anchoring would for an element near the top,
   by the button's place on the page (the participant's own scrolling is left alone). Only ⇄: after ✕ the row
   shows the next question, whose ✕ must not come under the finger (issue 27).
   @type {{ button: Element, pageTop: number, until: number } | null} */
let pressedSwap = null;

/** @param {Element} button */
function pageTop(button) {
  return button.getBoundingClientRect().top + window.scrollY;
}

/** @param {Event} event */
function rememberSwap(event) {
  const button = event.target instanceof Element ? event.target.closest(".cc-question button.cc-swap") : null;
  pressedSwap = button ? { button, pageTop: pageTop(button), until: Date.now() + 5000 } : null;
}

function keepSwapInPlace() {
  if (!pressedSwap || Date.now() > pressedSwap.until || !pressedSwap.button.isConnected) return;
  const box = pressedSwap.button.getBoundingClientRect();
  const moved = box.top + window.scrollY - pressedSwap.pageTop;
  if (box.height === 0 || moved === 0 || box.bottom < 0 || box.top > window.innerHeight) return;
  window.scrollBy(0, moved);
  pressedSwap.pageTop += moved;
}

/** @param {Element} root */
function mend(root) {
  keepTipPlaces(root);
  mendSliders(root);
  mendRadios(root);
  mendToggleButtons(root);
  mendButtons(root);
  mendAlikeButtons();
  mendFields(root);
}

/* the widget models, resolved, so that held-back changes can be sent synchronously (a click handler
   runs in the same event dispatch; a promise would resolve only after the click was sent) */
/** @type {Map<string, WidgetModel>} */
const resolvedModels = new Map();

/* the model behind each widget's element, so that a text field can be compared with what its model holds */
/** @type {WeakMap<Element, WidgetModel>} */
const modelOfElement = new WeakMap();
/** @type {WeakSet<object>} */
const seenViews = new WeakSet();

function rememberModels() {
  const manager = widgetManager();
  /** @type {Record<string, Promise<WidgetModel>> | undefined} */
  const models = manager && manager._models;
  if (!models) return;
  Object.keys(models).forEach((id) => {
    if (!resolvedModels.has(id)) {
      Promise.resolve(models[id]).then(
        (model) => resolvedModels.set(id, model),
        () => {},
      );
    }
  });
  resolvedModels.forEach((model, id) => {
    if (!(id in models)) {
      resolvedModels.delete(id);
      return;
    }
    Object.values((model && model.views) || {}).forEach((view) => {
      if (!view || seenViews.has(view)) return;
      seenViews.add(view);
      Promise.resolve(view).then((resolved) => {
        if (resolved && resolved.el) modelOfElement.set(resolved.el, model);
        goesWithItsWidget(resolved, model);
      }, () => {});
    });
  });
}

/* Upstream (ipywidgets 8.1, DOMWidgetView.remove in
   https://github.com/jupyter-widgets/ipywidgets/blob/main/packages/base/src/widget.ts; not reported there yet):
   a widget's view makes a view of its layout model and one of its style model, and never removes them when
   it goes. The kit shares one layout and one style model among the widgets that look alike
   (views/common.py), so those models kept the views of every widget ever closed in `views`, each holding
   its widget's detached DOM: about 4 MB of the page's heap and 200 views more per tour of the modules.
   Here such a view goes with its widget's view.
   Every view also subscribes to its model's custom messages and never unsubscribes (WidgetView.initialize:
   `this.model.on('msg:custom', this.handle_message.bind(this))`); the kernel sends none to layout and style
   models, so their subscriptions go with the view too. Fenced by tests/browser/test_memory.py. */
/**
 * @param {any} view an ipywidgets WidgetView
 * @param {WidgetModel} model its model
 */
function goesWithItsWidget(view, model) {
  const parent = view && view.options && view.options.parent;
  const name = (model && model.get("_model_name")) || "";
  if (!parent || typeof parent.once !== "function" || !(name === "LayoutModel" || name.endsWith("StyleModel"))) return;
  const remove = () => {
    if (view.ccRemoved) return;
    view.ccRemoved = true;
    view.remove();
    model.off("msg:custom");
  };
  if (parent.luminoWidget && parent.luminoWidget.isDisposed) remove();
  else view.listenToOnce(parent, "remove", remove);
}

function sendHeldBack() {
  resolvedModels.forEach((model) => {
    if (model && model._msg_buffer && model.comm_live) {
      // as ipywidgets itself sends a held-back change: the echo of this message is the one to wait for
      const sent = model.send_sync_message(model._msg_buffer, model._msg_buffer_callbacks);
      if (typeof model.rememberLastUpdateFor === "function") model.rememberLastUpdateFor(sent);
      model._msg_buffer = null;
      model._msg_buffer_callbacks = null;
    }
  });
}

/* ---- the save status ---- */
/** @typedef {HTMLInputElement | HTMLTextAreaElement} Field */
/** @type {Set<Field>} */
const touched = new Set(); // text fields the participant typed into since they last matched their model
const typedHere = new WeakSet(); // text fields the participant typed into on this page
/** @type {number | null} */
let saveTimer = null;

/**
 * @param {Element} field
 * @returns {WidgetModel | null} the model of the widget the field belongs to
 */
function modelOf(field) {
  for (/** @type {Element | null} */ let el = field; el && el !== document.body; el = el.parentElement) {
    const model = modelOfElement.get(el);
    if (model) return model;
  }
  return null;
}

function changeOnItsWay() {
  for (const model of resolvedModels.values()) {
    if (model && (model._pending_msgs > 0 || model._msg_buffer)) return true;
  }
  for (const field of touched) {
    const model = field.isConnected ? modelOf(field) : null;
    const value = model && model.get("value");
    if (model && typeof value === "string" && value !== field.value) return true; // typed, not yet sent
    touched.delete(field);
  }
  return false;
}

function offline() {
  if (navigator.onLine === false) return true;
  const watchdog = watchdogState();
  if (watchdog && (watchdog.openSockets === 0 || watchdog.trouble === "lost")) return true;
  const manager = widgetManager();
  const kernel = manager && manager._kernel;
  return Boolean(kernel && (kernel.connectionStatus !== "connected" || kernel.status === "dead"));
}

/* "lost" when the kernel is gone (only a reload brings one back), "offline" while the connection is away */
/** @returns {string} */
function awayState() {
  const watchdog = watchdogState();
  if (watchdog && watchdog.trouble === "lost") return "lost";
  return offline() ? "offline" : "";
}

/** @param {string} state "saving", "offline", "lost" or "" (settled) */
function showSaveState(state) {
  const saveTexts = thePage().saveTexts;
  document.querySelectorAll(".cc-status").forEach((line) => {
    const kernelSays = /** @type {HTMLElement | null} */ (line.querySelector(".widget-html-content"));
    let live = /** @type {HTMLElement | null} */ (line.querySelector(":scope > .cc-status-live"));
    if (!live) {
      live = document.createElement("div");
      live.className = "cc-status-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      line.appendChild(live);
    }
    const text = state ? saveTexts[state] || "" : "";
    if (live.textContent !== text) live.textContent = text;
    const away = state === "offline" || state === "lost";
    live.className = "cc-status-live" + (away ? " cc-status-error" : state ? " cc-status-info" : "");
    live.style.display = text ? "" : "none";
    if (kernelSays) kernelSays.style.display = text ? "none" : "";
  });
  const settled = document.querySelector(".cc-status .cc-status-ok") ? "saved" : "settled";
  setAttr(document.documentElement, "data-cc-save", state || settled);
}

/* ---- what could not be saved: held in this tab until a kernel has it ----
   When the kernel is gone (killed, out of memory) or the socket is closed, what the participant types goes
   nowhere: the browser's copy of the widget changes, no kernel saves it. The page then keeps the text of
   each such field in this tab's sessionStorage (gone with the tab; never localStorage, which outlives it),
   under the participant's code and the field's answer key (its cc-key-... class), says "not saved yet",
   and after the reload hands the text to the new kernel by typing it into the same field. */
const HELD_KEY = "coffeechat.unsaved";

/** @typedef {{ code: string, fields: Record<string, string> }} Held */

/**
 * @param {Element} field
 * @returns {string | null} the answer key class (cc-key-...) of the field's widget
 */
function fieldKey(field) {
  const owner = field.closest("[class*='cc-key-']");
  if (!owner) return null;
  return Array.from(owner.classList).find((name) => /^cc-key-[A-Za-z0-9_-]+$/.test(name)) || null;
}

function pageCode() {
  return textOf(document.querySelector(".cc-app .cc-code"));
}

/** @returns {Held | null} */
function readHeld() {
  try {
    const held = JSON.parse(window.sessionStorage.getItem(HELD_KEY) || "null");
    return held && typeof held.code === "string" && held.fields && typeof held.fields === "object" ? held : null;
  } catch (error) {
    return null;
  }
}

/** @param {Held | null} held */
function writeHeld(held) {
  try {
    if (held && Object.keys(held.fields).length) window.sessionStorage.setItem(HELD_KEY, JSON.stringify(held));
    else window.sessionStorage.removeItem(HELD_KEY);
  } catch (error) {
    /* a full or forbidden storage: the status still says "not saved yet" */
  }
}

/** @param {Field} field */
function hold(field) {
  const key = fieldKey(field);
  const code = pageCode();
  if (!key || !code) return;
  const before = readHeld();
  const held = before && before.code === code ? before : { code: code, fields: {} };
  held.fields[key] = field.value;
  writeHeld(held);
}

/* A reload (or leaving the page) while a typed text is still on its way: the new page's kernel may load the
   answers before the old kernel has saved the last keys, and the page would then show the text without them.
   So a text whose change the kernel has not confirmed yet is held in this tab, as when the kernel is away,
   and handed to the new kernel after the reload (the old kernel's own save of the same text changes nothing). */
function holdUnconfirmed() {
  if (!pageCode()) return;
  document.querySelectorAll(".cc-app [class*='cc-key-'] textarea, .cc-app [class*='cc-key-'] input").forEach((element) => {
    const field = /** @type {Field} */ (element);
    const model = modelOf(field);
    const value = model && model.get("value");
    if (!model || typeof value !== "string") return;
    if (model._pending_msgs > 0 || model._msg_buffer || value !== field.value) hold(field);
  });
}

function heldHere() {
  const held = readHeld();
  return Boolean(held && held.code === pageCode() && Object.keys(held.fields).length);
}

let handingBack = true; // until the held texts of this tab, if any, have been handed to the kernel

function handBack() {
  if (!handingBack || offline()) return;
  const held = readHeld();
  if (!held) {
    handingBack = false;
    return;
  }
  const code = pageCode();
  if (!code) return; // the start screen: the participant has not come back in yet
  if (held.code !== code) {
    writeHeld(null); // another participant on this page: what was held is not theirs to see
    handingBack = false;
    return;
  }
  Object.keys(held.fields).forEach((key) => {
    const field = /** @type {Field | null} */ (document.querySelector(`.cc-app .${key} textarea, .cc-app .${key} input`));
    if (!field || !modelOf(field)) return; // its module is not on screen yet
    const value = String(held.fields[key]);
    if (typedHere.has(field)) {
      delete held.fields[key]; // typed into on this page already: what the participant types now wins
      return;
    }
    if (field.value !== value) {
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
    delete held.fields[key];
  });
  writeHeld(held);
  if (!Object.keys(held.fields).length) handingBack = false;
}

function checkSaving() {
  saveTimer = null;
  let state = "";
  try {
    const away = awayState();
    if (away && heldHere()) state = away;
    else if (changeOnItsWay()) state = away || "saving";
  } catch (error) {
    state = "";
  }
  showSaveState(state);
  if (state) saveTimer = window.setTimeout(checkSaving, SAVE_CHECK_MS);
}

/* ---- not saved yet, trying again: the words beside the field being typed into ---- */

/** @type {Element | null} the text field typed into last */
let lastTyped = null;

/**
 * @param {Element} field
 * @returns {Element} the field's widget (its label and its box), under which the note stands
 */
function fieldWidget(field) {
  return field.closest(".widget-textarea, .widget-text, .widget-datepicker, .widget-dropdown") || field;
}

function placeRetryNote() {
  const said = /** @type {HTMLElement | null} */ (document.querySelector(".cc-status .cc-status-retrying"));
  const text = said ? textOf(said) : "";
  let note = /** @type {HTMLElement | null} */ (document.querySelector(".cc-app .cc-retry-note"));
  const anchor = lastTyped && lastTyped.isConnected ? fieldWidget(lastTyped) : null;
  if (!text || !anchor) {
    if (note) note.remove();
    if (said) setAttr(said, "aria-hidden", null); // no note: the status line itself is read out
    setAttr(document.documentElement, "data-cc-retry-note", null);
    return;
  }
  if (!note) {
    note = document.createElement("div");
    note.className = "cc-retry-note cc-status-error";
    note.setAttribute("role", "status");
    note.setAttribute("aria-live", "polite");
  }
  if (anchor.nextElementSibling !== note) anchor.after(note);
  // filled after it is in the page: a live region that arrives with its words is often not read out
  const filled = note;
  if (filled.dataset.text !== text) {
    filled.dataset.text = text;
    window.setTimeout(() => {
      if (filled.textContent !== filled.dataset.text) filled.textContent = filled.dataset.text || "";
      // a field at the window's lower edge would leave its note below it: the page moves up just enough
      const box = filled.getBoundingClientRect();
      if (box.height > 0 && (box.bottom > window.innerHeight || box.top < 0)) filled.scrollIntoView({ block: "nearest" });
    }, 100);
  }
  setAttr(said, "aria-hidden", "true"); // read out once: beside the field
  setAttr(document.documentElement, "data-cc-retry-note", ""); // and shown once: the corner's copy hides
}

/* ---- a date the browser cannot read ----
   A date field with a part missing or a day that does not exist („31.02.“) holds text the browser cannot read
   (validity.badInput). ipywidgets' DatePicker sends "no date" when such a field is left (widget_date.ts,
   DatePickerView._picker_focusout: https://github.com/jupyter-widgets/ipywidgets/blob/8.1.9/packages/controls/src/widget_date.ts),
   which erased the date saved before and emptied the field, without a word. The page stops that focusout
   before it reaches the widget (capture phase), keeps what was typed and says under the field how a date is
   typed; the note goes once the field holds a whole date again (docs/explanation/upstream.md, In the page; the fence:
   tests/integration/test_upstream_fences.py). */
/**
 * @param {Event} event
 */
function unreadableDate(event) {
  const field = /** @type {HTMLInputElement} */ (event.target);
  if (!(field instanceof HTMLInputElement) || field.type !== "date" || !field.closest(".cc-app")) return;
  const widget = fieldWidget(field);
  const next = widget.nextElementSibling;
  let note = next && next.classList.contains("cc-date-note") ? /** @type {HTMLElement} */ (next) : null;
  if (!field.validity.badInput) {
    if (note) note.remove();
    return;
  }
  if (event.type === "focusout") event.stopPropagation(); // the widget would send "no date"
  if (event.type !== "focusout" && !note) return; // said once the participant leaves the field, not mid-typing
  const words = thePage().fieldTexts.date_unreadable || "";
  if (!words) return;
  if (!note) {
    note = document.createElement("div");
    note.className = "cc-date-note cc-status-error";
    note.setAttribute("role", "status");
    note.setAttribute("aria-live", "polite");
    widget.after(note);
  }
  const filled = note;
  // filled after it is in the page: a live region that arrives with its words is often not read out
  window.setTimeout(() => {
    if (filled.textContent !== words) filled.textContent = words;
  }, 100);
}

/* ---- the save status steps aside: it never covers a control, nor the page's words ----
   The status floats at the window's lower edge (kit.css). Where a control or words of the page lie under it
   there (Next at the edge of a phone's window, a line of the plan), it moves to the upper edge; where something
   lies under it there too, a passing "Saved" hides (it is still read out) and a problem goes back to the lower
   edge, where the page's end keeps room for it. <html data-cc-status-at> says where it is: "" (the lower edge),
   "top" or "hidden". A heading counts as a control here: at the upper edge the note would sit on the step's
   heading a person reads first. Words count since issue 27's walks: on a phone „Gespeichert …“ sat over a line
   of the plan. */
const CONTROLS =
  ".cc-app :is(button, input, textarea, select, a[href], .noUi-target, .widget-checkbox, .widget-radio-box label, " +
  "h1, h2, h3, h4)";

/**
 * @param {DOMRect} box
 * @returns {boolean} whether a control (or a heading) the participant can see lies under the box
 */
function coversControl(box) {
  if (box.width < 1 || box.height < 1) return false;
  for (const control of document.querySelectorAll(CONTROLS)) {
    if (control.closest(".cc-status")) continue;
    const c = control.getBoundingClientRect();
    if (c.width < 1 || c.height < 1 || c.bottom <= box.top || c.top >= box.bottom) continue;
    if (c.left < box.right && box.left < c.right) return true;
  }
  return false;
}

/**
 * @param {DOMRect} box
 * @returns {boolean} whether words of the page (a text the participant can read) lie under the box: what is
 *   under points across it, and whether that element's own text reaches into the box
 */
function coversWords(box) {
  if (box.width < 1 || box.height < 1) return false;
  const seen = new Set();
  const range = document.createRange();
  for (let x = box.left + 2; x < box.right; x += 6) {
    for (const y of [box.top + 2, (box.top + box.bottom) / 2, box.bottom - 2]) {
      const under = document.elementsFromPoint(x, y).find((el) => !el.closest(".cc-status"));
      if (!under || seen.has(under)) continue;
      seen.add(under);
      for (const node of under.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE || !(node.textContent || "").trim()) continue;
        range.selectNodeContents(node);
        for (const c of range.getClientRects()) {
          if (c.width >= 1 && c.left < box.right && box.left < c.right && c.top < box.bottom && box.top < c.bottom) {
            return true;
          }
        }
      }
    }
  }
  return false;
}

/**
 * @param {DOMRect} box
 * @returns {boolean} whether a control or words of the page lie under the box
 */
function coversSomething(box) {
  return coversControl(box) || coversWords(box);
}

/** @returns {DOMRect | null} the box of what the status shows now (null: it shows nothing) */
function statusBox() {
  const line = document.querySelector(".cc-app .cc-status");
  if (!line) return null;
  let found = null;
  for (const note of line.querySelectorAll(".cc-status-ok, .cc-status-info, .cc-status-error, .cc-status-live")) {
    const box = note.getBoundingClientRect();
    if (box.width >= 1 && box.height >= 1) found = box;
  }
  return found;
}

function placeStatus() {
  const root = document.documentElement;
  setAttr(root, "data-cc-status-at", null);
  const below = statusBox();
  if (!below || !coversSomething(below)) return;
  setAttr(root, "data-cc-status-at", "top");
  const above = statusBox();
  if (above && !coversSomething(above)) return;
  const passing = document.querySelector(".cc-app .cc-status .cc-status-ok") && !statusLiveShown();
  setAttr(root, "data-cc-status-at", passing ? "hidden" : null);
}

/** @returns {boolean} whether the page's own words ("saving …", "offline") are on the status line */
function statusLiveShown() {
  const live = /** @type {HTMLElement | null} */ (document.querySelector(".cc-app .cc-status .cc-status-live"));
  return Boolean(live && live.style.display !== "none" && live.textContent);
}

let statusQueued = false;
function placeStatusSoon() {
  if (statusQueued) return;
  statusQueued = true;
  window.requestAnimationFrame(() => {
    statusQueued = false;
    try {
      placeStatus();
    } catch (error) {
      /* best effort: the status stays where it is */
    }
  });
}

/** @param {Event} event */
function onTyped(event) {
  const target = /** @type {Element | null} */ (event.target);
  if (!target || !target.matches || !target.matches("input, textarea")) return;
  const field = /** @type {Field} */ (target);
  if (!field.closest(".cc-app")) return;
  touched.add(field);
  typedHere.add(field);
  lastTyped = field;
  const away = awayState();
  if (away) hold(field);
  showSaveState(away || "saving"); // at once: the key was pressed, nothing is confirmed yet
  if (saveTimer) window.clearTimeout(saveTimer);
  saveTimer = window.setTimeout(checkSaving, 0);
}

/* A slider moved by keys or by the pointer sends its value as a typed text does: "saving" until the kernel has
   answered (and so redrawn what follows the value, the chart and its words), never "saved" before. */
const SLIDER_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"]);

/** @param {Event} event a keydown or a pointerup */
function onSlider(event) {
  const target = /** @type {Element | null} */ (event.target);
  if (!target || !target.closest || !target.closest(".cc-app .widget-slider .noUi-target")) return;
  if (event.type === "keydown" && !SLIDER_KEYS.has(/** @type {KeyboardEvent} */ (event).key)) return;
  sliderSent();
}

/** A slider's value is on its way to the kernel: "saving" until checkSaving finds it has arrived. */
function sliderSent() {
  showSaveState(awayState() || "saving");
  if (saveTimer) window.clearTimeout(saveTimer);
  saveTimer = window.setTimeout(checkSaving, 0);
}

/* An unrated slider (views/ratings.py SliderNumber.UNRATED) draws no thumb, but its handle is still there, at
   the starting value: a tap or a click on it moved nothing, so it rated nothing. A press on an unrated handle that
   ends where it began (a tap, not a drag) presses the button beside the slider that takes that value („0
   wählen“), so the tap rates as the button does. A drag from there is noUiSlider's, as on any handle.
   Tested by tests/browser/test_scrolling.py (the tap on a phone, the click on a laptop, the drag after it). */
/** @type {{ handle: Element, x: number, y: number } | null} */
let unratedPress = null;

/** @param {PointerEvent} event */
function pressOnUnratedHandle(event) {
  const target = /** @type {Element | null} */ (event.target);
  const handle = target && target.closest ? target.closest(".cc-app .cc-slider-unrated .noUi-handle") : null;
  unratedPress = handle ? { handle, x: event.clientX, y: event.clientY } : null;
}

/** @param {PointerEvent} event */
function releaseOnUnratedHandle(event) {
  const press = unratedPress;
  unratedPress = null;
  if (!press || Math.hypot(event.clientX - press.x, event.clientY - press.y) > 6) return;
  keepUnratedValue(press.handle);
}

/** Press the button beside an unrated handle's slider that takes its starting value („0 wählen“).
 * @param {Element} handle */
function keepUnratedValue(handle) {
  const row = handle.closest(".cc-rating-slider");
  const keep = row && row.parentElement ? row.parentElement.querySelector(".cc-keep-value:not([disabled])") : null;
  if (keep instanceof HTMLElement) keep.click(); // the kernel's move on is from the button only (Page.focus)
}

/* By keyboard the same: Home or ← on an unrated handle at its starting value moves nothing, so noUiSlider sends
   nothing and nothing was rated (a keyboard walk pressed Home to say 0). A slider key that leaves the value where
   it was rates it as it stands; one that moves it is noUiSlider's change, as always (test_scrolling.py; the keys:
   SLIDER_KEYS above). */
/** @type {{ handle: Element, value: string | null } | null} */
let unratedKey = null;

/** @param {KeyboardEvent} event */
function keyOnUnratedHandle(event) {
  const target = /** @type {Element | null} */ (event.target);
  const handle =
    SLIDER_KEYS.has(event.key) && target && target.closest
      ? target.closest(".cc-app .cc-slider-unrated .noUi-handle")
      : null;
  unratedKey = handle ? { handle, value: handle.getAttribute("aria-valuenow") } : null;
}

/** @param {KeyboardEvent} event */
function keyUpOnUnratedHandle(event) {
  const pressed = unratedKey;
  unratedKey = null;
  if (!pressed || !SLIDER_KEYS.has(event.key) || !pressed.handle.closest(".cc-slider-unrated")) return;
  if (pressed.handle.getAttribute("aria-valuenow") === pressed.value) keepUnratedValue(pressed.handle);
}

/**
 * Whether a focus request that is a move on from a control that goes away (``instead_of``) applies: the focus is
 * on such a control, or on nothing (it went away); a move never takes the focus from where the participant has it.
 * @param {string} insteadOf
 */
function movesOnFrom(insteadOf) {
  if (!insteadOf) return true;
  const now = document.activeElement;
  if (!(now instanceof HTMLElement) || now === document.body || !now.isConnected || now.offsetParent === null) {
    return true;
  }
  try {
    return now.closest(insteadOf) !== null;
  } catch (error) {
    return false;
  }
}

/* A tap on a slider's track sets the value there, as a mouse click on the track does. On a touch screen kit.css
   lets touches through the track (pointer-events: none, "pointer: coarse"), because noUiSlider's "tap"
   behaviour (https://refreshless.com/nouislider/behaviour-option/, turned on by ipywidgets 8; mobile sliders:
   https://github.com/jupyter-widgets/ipywidgets/issues/3678) moves the handle at the first touch, before the
   browser knows whether the finger scrolls: a swipe that began on a rating set it. A browser fires no click
   after a scroll, so the click of a tap is handed back here: a click within the track's width and as near its
   line as the handle reaches (a thumb is wider than the 4 px line), not on the handle nor on another control
   (the label above, a button below), becomes a mousedown at that point on the track (.noUi-base), and
   noUiSlider's own tap moves the handle and sends the value (its slide and change events; ipywidgets saves
   it). A mousedown, not a pointerdown: noUiSlider 15 listens to pointer events only under the legacy
   navigator.pointerEnabled, so to "mousedown touchstart" in every current browser, and it ignores a mousedown
   without buttons. A click that landed on the slider itself (a mouse on a laptop, the handle) was noUiSlider's
   already: it is left alone, so one click presses the track once.
   Fenced by tests/browser/test_scrolling.py (the tap, the swipe, the mouse click). */
const NOT_A_TAP_ON_A_TRACK =
  ".noUi-target, a, button, input, select, textarea, label, summary, [contenteditable]:not([contenteditable='false'])";

/** @param {MouseEvent} event */
function tapOnTrack(event) {
  const target = /** @type {Element | null} */ (event.target);
  if (!target || !target.closest || !target.closest(".cc-app") || target.closest(NOT_A_TAP_ON_A_TRACK)) return;
  let nearest = null;
  let distance = Infinity;
  for (const base of document.querySelectorAll(".cc-app .widget-slider .noUi-horizontal:not([disabled]) .noUi-base")) {
    const track = base.getBoundingClientRect();
    if (track.width === 0 || event.clientX < track.left || event.clientX > track.right) continue;
    const handle = base.querySelector(".noUi-handle");
    const reach = Math.max(16, handle ? handle.getBoundingClientRect().height / 2 : 0);
    const away = Math.abs(event.clientY - (track.top + track.height / 2));
    if (away <= reach && away < distance) {
      nearest = { base, line: track.top + track.height / 2 };
      distance = away;
    }
  }
  if (!nearest) return;
  nearest.base.dispatchEvent(
    new MouseEvent("mousedown", {
      bubbles: true,
      cancelable: true,
      view: window,
      clientX: event.clientX,
      clientY: nearest.line,
      button: 0,
      buttons: 1,
    }),
  );
  sliderSent(); // "saving" until the kernel has the value, as after a drag
}

/* A double click on Next (or a step, Start, Continue) is one step: its second click would skip a module. So is a
 * double click on the rehearsal's "Ask" or "Send": its second click would ask the next question at once. On a
 * button that makes a file (views/common.py DOWNLOAD_BUTTON) it is one file: a double tap downloaded two. */
const ONE_STEP = [
  ".cc-next, .cc-back, .cc-step, .cc-start-new, .cc-resume, .cc-forget, .cc-forget-yes",
  ".cc-solo-ask, .cc-solo-send-follow-up, .cc-download-button, .cc-add-row",
  ".cc-followup-add, .cc-followup-add-suggested, .cc-followup-add-second, .cc-followup-find-person",
  ".cc-followup-done, .cc-followup-apply, .cc-followup-record, .cc-followup-save, .cc-followup-from-plan",
].join(", ");

/* A key pressed twice on a button that makes a file is one file too: a keyboard walk's quick Enter, Enter on
 * „Meine Ergebnisse (PDF)“ downloaded it twice (a key's click has no count: its detail is 0). */
const ONE_FILE_WITHIN_MS = 800;
/** @type {WeakMap<Element, number>} */
const fileAskedAt = new WeakMap();

/** @param {MouseEvent} event */
function oneStepPerDoubleClick(event) {
  const clicked = /** @type {Element | null} */ (event.target);
  const target = clicked && clicked.closest ? clicked.closest(ONE_STEP) : null;
  if (!target) return;
  const file = target.closest(".cc-download-button");
  const askedAt = file ? fileAskedAt.get(file) : undefined;
  const again = askedAt !== undefined && event.timeStamp - askedAt < ONE_FILE_WITHIN_MS;
  if (event.detail > 1 || again) {
    event.stopImmediatePropagation();
    event.preventDefault();
    return;
  }
  if (file) fileAskedAt.set(file, event.timeStamp);
}

/* The stepper's names under its numbers (pages/navigation.py, a wide screen only): a click on a name is a click on
   its step, as a person expects of what looks like one control. */
/** @param {MouseEvent} event */
function stepByName(event) {
  const clicked = /** @type {Element | null} */ (event.target);
  const name = clicked && clicked.closest ? clicked.closest(".cc-step-names li[data-step]") : null;
  const step = name ? document.querySelector(`.cc-step-${name.getAttribute("data-step")}`) : null;
  if (step instanceof HTMLElement) step.click();
}

/* "Skip to content" (pages/header.py), the page's first Tab stop: the focus goes past the header and the stepper to
   the open part's heading (on the start screen, its first heading), as after Next; the link's own address, the
   page's <main>, is only where a browser without this goes. */
const CONTENT_HEADINGS = [".cc-body .cc-module h2", ".cc-body :is(h2, h3)"];

/** @param {MouseEvent} event */
function skipToContent(event) {
  const clicked = /** @type {Element | null} */ (event.target);
  if (!clicked || !clicked.closest || !clicked.closest(".cc-skip-link")) return;
  for (const selector of CONTENT_HEADINGS) {
    const heading = /** @type {HTMLElement | undefined} */ (
      Array.from(document.querySelectorAll(selector)).find((h) => /** @type {HTMLElement} */ (h).offsetParent !== null)
    );
    if (heading) {
      event.preventDefault();
      if (!heading.matches("[tabindex]")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      heading.scrollIntoView({ block: "start" });
      return;
    }
  }
}

/* ---- Enter in a list's item moves on, as "+ add" would (issue 27's walks: it did nothing) ----
   A list's items are text areas of one line that grow (views/fields.RowsEditor), so Enter started a new line
   in a question nobody meant to break. Enter now takes the keyboard to the next item, and after the last (once
   it holds words) presses the list's own "+" button, whose new row takes the focus (the kernel moves it there).
   Shift+Enter still starts a new line; a table's one-line cells send Enter to the kernel themselves. */
/** @param {KeyboardEvent} event */
function enterInListItem(event) {
  if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
  if (event.isComposing) return;
  const field = /** @type {HTMLElement} */ (event.target);
  if (!(field instanceof HTMLTextAreaElement) || !field.closest(".cc-field-list .cc-row")) return;
  const list = field.closest(".cc-rows");
  if (!list) return;
  event.preventDefault();
  const items = Array.from(list.querySelectorAll(".cc-row textarea"));
  const following = /** @type {HTMLTextAreaElement | undefined} */ (items[items.indexOf(field) + 1]);
  if (following) {
    following.focus();
    return;
  }
  const add = /** @type {HTMLButtonElement | null} */ (list.querySelector(".cc-add-row"));
  if (add && field.value.trim()) add.click();
}

/* ---- Enter in a field that grows from one line moves on, as Tab does (issue 27's walks) ----
   Words that may be a sentence („Bereich oder Branche“, a role, what the participant learned) are text areas of
   one line that grow (views/common.growing), so a long answer is seen whole. Their words are one line: Enter
   takes the keyboard to the next field (which commits the text, as leaving an input does) rather than
   breaking the line; Shift+Enter still starts a new one. */
/** @param {KeyboardEvent} event */
function enterInGrowingField(event) {
  if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return;
  if (event.isComposing) return;
  const field = /** @type {HTMLElement} */ (event.target);
  if (!(field instanceof HTMLTextAreaElement) || !field.closest(".cc-grows")) return;
  event.preventDefault();
  // beside a button that takes the field's words (the plan's own question and „+ Hinzufügen“), Enter presses it,
  // as Enter in an input did (the words typed go first: flushFirst on the click)
  const row = field.closest(".cc-enter-adds");
  const target = /** @type {HTMLButtonElement | null} */ (row && row.querySelector("button.cc-enter-target"));
  if (target) {
    if (!target.disabled) target.click();
    return;
  }
  const fields = Array.from(
    document.querySelectorAll(".cc-app :is(input:not([type=hidden]), textarea, select, button)"),
  ).filter((element) => !(/** @type {HTMLInputElement} */ (element).disabled) && element.getClientRects().length);
  const following = /** @type {HTMLElement | undefined} */ (fields[fields.indexOf(field) + 1]);
  if (following) following.focus();
  else field.blur();
}

/** The page-wide behaviour: listeners on the document and the window, one observer. Once per page. */
function installPageWide() {
  const page = thePage();
  if (page.installed) return;
  page.installed = true;
  let queued = false;
  const run = () => {
    queued = false;
    try {
      mend(document.body);
      keepSwapInPlace();
      placeRetryNote();
      placeStatus();
      rememberModels();
      if (handingBack) handBack();
    } catch (error) {
      /* ARIA help is best effort; the page must keep working */
    }
  };
  const flushFirst = () => {
    try {
      sendHeldBack();
    } catch (error) {
      /* best effort: the participant's own action must go through */
    }
  };
  // capture phase: runs before the widget's own listener sends the click or the change
  document.addEventListener("click", oneStepPerDoubleClick, true);
  document.addEventListener("click", flushFirst, true);
  document.addEventListener("click", rememberSwap, true);
  document.addEventListener("change", flushFirst, true);
  // Enter in a one-line field sends "submit" at once, a custom message nothing holds back: the last keys typed,
  // still held back, went after it, and the kernel added „Was würden Sie he“ (views/common.on_enter)
  document.addEventListener(
    "keydown",
    (/** @type {KeyboardEvent} */ event) => {
      if (event.key === "Enter") flushFirst();
    },
    true,
  );
  document.addEventListener("keydown", enterInListItem, true);
  document.addEventListener("keydown", enterInGrowingField, true);
  document.addEventListener("input", onTyped, true);
  document.addEventListener("focusout", unreadableDate, true);
  document.addEventListener("input", unreadableDate, true);
  document.addEventListener("change", unreadableDate, true);
  document.addEventListener("keydown", onSlider, true);
  document.addEventListener("pointerup", onSlider, true);
  document.addEventListener("pointerdown", pressOnUnratedHandle, true);
  document.addEventListener("pointerup", releaseOnUnratedHandle, true);
  document.addEventListener("keydown", keyOnUnratedHandle, true);
  document.addEventListener("keyup", keyUpOnUnratedHandle, true);
  document.addEventListener("click", tapOnTrack, true);
  document.addEventListener("click", skipToContent);
  document.addEventListener("click", stepByName);
  const recheck = () => {
    if (!saveTimer) saveTimer = window.setTimeout(checkSaving, 0);
  };
  document.addEventListener("click", recheck, true);
  document.addEventListener("change", recheck, true);
  window.addEventListener("scroll", placeStatusSoon, { passive: true });
  window.addEventListener("resize", placeStatusSoon);
  window.addEventListener("offline", recheck);
  window.addEventListener("online", recheck);
  window.addEventListener("pagehide", () => {
    try {
      holdUnconfirmed();
    } catch (error) {
      /* best effort: the page is going */
    }
  });
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(run);
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "title"] });
  run();
  // the held texts go back as soon as their fields' models have resolved, whether or not the page changes again
  const retry = window.setInterval(() => {
    if (!handingBack) {
      window.clearInterval(retry);
      return;
    }
    try {
      rememberModels();
      handBack();
    } catch (error) {
      /* handing back is best effort; the status still says "not saved yet" */
    }
  }, 1000);
}

/**
 * @param {Element} el
 * @returns {boolean} whether keys typed there are text
 */
function isTextEntry(el) {
  if (/** @type {HTMLElement} */ (el).isContentEditable || el.matches("textarea, select")) return true;
  const type = /** @type {HTMLInputElement} */ (el).type || "";
  return el.matches("input") && !/^(button|submit|reset|checkbox|radio|range|file|image|color)$/i.test(type);
}

/**
 * The title of the part a step's heading belongs to (null for any other element).
 * @param {HTMLElement} target
 * @returns {HTMLElement | null}
 */
function partTitle(target) {
  if (!target.matches(".cc-module-step-heading h3")) return null;
  const module = target.closest(".cc-module");
  return module ? /** @type {HTMLElement | null} */ (module.querySelector("h2")) : null;
}

/**
 * The room kit.css keeps above an element the page scrolls to: the page's scroll padding and its own margin.
 * @param {HTMLElement} target
 * @returns {number}
 */
function roomAbove(target) {
  const padding = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
  return padding + (parseFloat(getComputedStyle(target).scrollMarginTop) || 0);
}

/**
 * @param {string} selector what gets the focus once it is shown
 * @param {string} reveal an element around it to bring into view as a whole ("" for none)
 */
function focusWhenShown(selector, reveal) {
  const deadline = Date.now() + FOCUS_WAIT_MS;
  const page = thePage();
  const request = ++page.focusRequest;
  const asked = document.activeElement;
  const attempt = () => {
    if (request !== page.focusRequest) return; // a newer request took over
    // the participant put the focus somewhere else while the module was drawn: their choice wins
    const now = document.activeElement;
    if (now && now !== asked && now !== document.body) return;
    // the participant is typing (on a busy server they can click into the new screen's field before this
    // request arrives): never take the keys away; the request waits until the field is gone or left
    if (now && now.isConnected && isTextEntry(now)) {
      if (Date.now() < deadline) window.requestAnimationFrame(attempt);
      return;
    }
    /** @type {HTMLElement | null} */
    let target = null;
    try {
      target = /** @type {HTMLElement | null} */ (document.querySelector(selector));
    } catch (error) {
      return;
    }
    if (target && target.offsetParent !== null) {
      if (!target.matches("a, button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      const top = target.getBoundingClientRect().top;
      const whole = reveal ? target.closest(reveal) : null;
      if (whole) {
        // a card that appears at the end of the page: all of it in view, not only its heading
        const box = whole.getBoundingClientRect();
        if (box.top < 0 || box.bottom > window.innerHeight) {
          whole.scrollIntoView({ block: box.height > window.innerHeight ? "start" : "end" });
        }
      } else if (partTitle(target)) {
        // a step's heading: with its part's title above it, which says where one is (neither cut at the top)
        const title = /** @type {HTMLElement} */ (partTitle(target));
        const titleTop = title.getBoundingClientRect().top;
        if (titleTop < roomAbove(title) - 4 || top > window.innerHeight - 40) {
          window.scrollBy({ top: titleTop - roomAbove(title), behavior: "instant" });
        }
      } else if (top < roomAbove(target) - 4 || top > window.innerHeight - 40) {
        // scroll only when it is out of sight or too near the top (kit.css keeps room above what the page
        // scrolls to); after "start" on a phone the code at the top stays in view
        target.scrollIntoView({ block: "start" });
      }
    } else if (Date.now() < deadline) {
      window.requestAnimationFrame(attempt);
    }
  };
  attempt();
}

/**
 * Once per model: the page-wide behaviour (once per page), the document's language and title, the browser's
 * languages for the kernel, and the kernel's focus requests.
 * @param {{ model: AnyModel }} context
 */
function initialize({ model }) {
  installPageWide();
  const apply = () => {
    const page = thePage();
    const lang = model.get("lang");
    if (lang) document.documentElement.setAttribute("lang", lang);
    const title = model.get("title");
    if (title) document.title = title;
    page.stepsLabel = model.get("steps_label") || "";
    page.saveTexts = model.get("save_texts") || {};
    page.fieldTexts = model.get("field_texts") || {};
  };
  model.on("change:lang", apply);
  model.on("change:title", apply);
  model.on("change:steps_label", apply);
  model.on("change:save_texts", apply);
  model.on("change:field_texts", apply);
  // a first visit without ?lang= opens in the browser's language (the kernel decides, see app.py)
  try {
    const languages = Array.from(navigator.languages || [navigator.language || ""]).filter(Boolean).slice(0, 8);
    model.set(
      "browser_languages",
      languages.map((tag) => String(tag).slice(0, 35)),
    );
    model.save_changes();
  } catch (error) {
    /* the page stays in its language */
  }
  model.on("msg:custom", (/** @type {any} */ message) => {
    if (message && message.type === "focus" && typeof message.selector === "string") {
      if (!movesOnFrom(typeof message.instead_of === "string" ? message.instead_of : "")) return;
      focusWhenShown(message.selector, typeof message.reveal === "string" ? message.reveal : "");
    }
  });
  apply();
}

/**
 * Each view: nothing to see.
 * @param {{ model: AnyModel, el: HTMLElement }} context
 */
function render({ el }) {
  el.style.display = "none";
}

export default { initialize, render };
