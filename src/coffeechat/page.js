/* coffeechat: the page around the widgets (see page.py).
 *
 * - The document's language and title follow the participant's language.
 * - Focus requests from the kernel: after a navigation the new screen's heading (or the control that
 *   moved) gets the keyboard focus, so nobody has to tab back from the top.
 * - ARIA that ipywidgets 8 leaves out, applied to the widgets as they appear and change:
 *   sliders get the name of their label, toggle buttons say whether they are pressed, symbol-only
 *   buttons are named by their tooltip, the current step is aria-current, the status line is a live
 *   region, a widget's invisible default placeholder (a zero-width space) is removed, and text boxes
 *   named only by a hidden label keep that name.
 * - Order of what the participant does: ipywidgets sends one change per widget at a time and holds the
 *   rest back until the kernel answers. A click on another widget (Next, a language) was sent at once and
 *   overtook them; the kernel then closed the module and the held-back values (a slider moved at speed)
 *   were lost. Before any click or change reaches its widget, every held-back change is sent first.
 */
const FOCUS_WAIT_MS = 30000; // a busy room's kernel can take this long to draw a module
let stepsLabel = "";

function textOf(el) {
  return (el && el.textContent ? el.textContent : "").replace(/\u200b/g, "").trim();
}

function labelFor(widget) {
  const label = widget.querySelector(":scope > .widget-label");
  return label && textOf(label) ? label : null;
}

let labelCount = 0;
function labelId(label) {
  if (!label.id) {
    labelCount += 1;
    label.id = "cc-label-" + labelCount;
  }
  return label.id;
}

function setAttr(el, name, value) {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

function mendSliders(root) {
  root.querySelectorAll(".widget-slider").forEach((slider) => {
    const label = labelFor(slider);
    slider.querySelectorAll(".noUi-handle").forEach((handle) => {
      if (label) setAttr(handle, "aria-labelledby", labelId(label));
      const readout = slider.querySelector(".widget-readout");
      if (readout && textOf(readout)) setAttr(handle, "aria-valuetext", textOf(readout));
    });
  });
}

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

function mendButtons(root) {
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

function mendFields(root) {
  root.querySelectorAll("input[placeholder], textarea[placeholder]").forEach((field) => {
    if (field.getAttribute("placeholder") === "\u200b") field.removeAttribute("placeholder");
  });
  root.querySelectorAll(".cc-status .widget-html-content").forEach((region) => {
    setAttr(region, "role", "status");
    setAttr(region, "aria-live", "polite");
  });
  root.querySelectorAll(".widget-dropdown, .widget-text, .widget-textarea, .widget-datepicker").forEach((widget) => {
    const label = labelFor(widget);
    const control = widget.querySelector("select, input, textarea");
    if (label && control && !control.getAttribute("aria-label")) setAttr(control, "aria-label", textOf(label));
  });
}

function mend(root) {
  mendSliders(root);
  mendToggleButtons(root);
  mendButtons(root);
  mendFields(root);
}

/* the widget models, resolved, so that held-back changes can be sent synchronously (a click handler
   runs in the same event dispatch; a promise would resolve only after the click was sent) */
const resolvedModels = new Map();

function rememberModels() {
  const manager = window.jupyterapp && window.jupyterapp.widgetManager;
  const models = manager && manager._models;
  if (!models) return;
  Object.keys(models).forEach((id) => {
    if (!resolvedModels.has(id)) {
      Promise.resolve(models[id]).then((model) => resolvedModels.set(id, model), () => {});
    }
  });
  resolvedModels.forEach((model, id) => {
    if (!(id in models)) resolvedModels.delete(id);
  });
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

function installMender() {
  if (window.coffeechatAria) return;
  window.coffeechatAria = true;
  let queued = false;
  const run = () => {
    queued = false;
    try {
      mend(document.body);
      rememberModels();
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
  document.addEventListener("click", flushFirst, true);
  document.addEventListener("change", flushFirst, true);
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(run);
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
  run();
}

let focusRequest = 0;

function focusWhenShown(selector) {
  const deadline = Date.now() + FOCUS_WAIT_MS;
  const request = ++focusRequest;
  const asked = document.activeElement;
  const attempt = () => {
    if (request !== focusRequest) return; // a newer request took over
    // the participant put the focus somewhere else while the module was drawn: their choice wins
    const now = document.activeElement;
    if (now && now !== asked && now !== document.body) return;
    let target = null;
    try {
      target = document.querySelector(selector);
    } catch (error) {
      return;
    }
    if (target && target.offsetParent !== null) {
      if (!target.matches("a, button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      const top = target.getBoundingClientRect().top;
      // scroll only when it is out of sight: after "start" on a phone the code at the top stays in view
      if (top < 0 || top > window.innerHeight - 40) target.scrollIntoView({ block: "start" });
    } else if (Date.now() < deadline) {
      window.requestAnimationFrame(attempt);
    }
  };
  attempt();
}

function render({ model, el }) {
  el.style.display = "none";
  installMender();
  const apply = () => {
    const lang = model.get("lang");
    if (lang) document.documentElement.setAttribute("lang", lang);
    const title = model.get("title");
    if (title) document.title = title;
    stepsLabel = model.get("steps_label") || "";
  };
  model.on("change:lang", apply);
  model.on("change:title", apply);
  model.on("change:steps_label", apply);
  model.on("msg:custom", (message) => {
    if (message && message.type === "focus" && typeof message.selector === "string") focusWhenShown(message.selector);
  });
  apply();
}

export default { render };
