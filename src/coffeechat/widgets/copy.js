// @ts-check
/* coffeechat: a "Copy" button under a text to take out of the app (copy.py). The clipboard API where the page
   may use it; otherwise the old copy command on the marked text; otherwise the text stays marked and the note
   says how to copy it. The note speaks of the text it copied or marked: it goes once the field shows another
   (the participant typed, or the kernel put another channel's draft there and says so: "shown"). */

/**
 * @typedef {object} AnyModel
 * @property {(name: string) => any} get
 * @property {(event: string, callback: (...args: any[]) => void) => void} on
 */

const SAID_MS = 4000; // how long "Copied" stays

/**
 * @param {HTMLElement} el
 * @param {string} source the CSS class of the widget that holds the field
 * @returns {HTMLTextAreaElement | HTMLInputElement | null} the field in the nearest box around el that has one
 */
function fieldNear(el, source) {
  if (!source) return null;
  const selector = `.${CSS.escape(source)} :is(textarea, input)`;
  for (let box = el.parentElement; box; box = box.parentElement) {
    const found = /** @type {HTMLTextAreaElement | HTMLInputElement | null} */ (box.querySelector(selector));
    if (found) return found;
  }
  return null;
}

/**
 * Mark the whole text of the field (a phone needs setSelectionRange as well as select).
 * @param {HTMLTextAreaElement | HTMLInputElement} field
 */
function markAll(field) {
  field.focus({ preventScroll: true });
  field.select();
  field.setSelectionRange(0, field.value.length);
}

/**
 * The old copy command on the marked text (works without a secure context in many browsers).
 * @param {HTMLTextAreaElement | HTMLInputElement} field
 * @returns {boolean} whether the browser says it copied
 */
function copyMarked(field) {
  markAll(field);
  try {
    return document.execCommand("copy") === true;
  } catch (error) {
    return false;
  }
}

/** @param {{ model: AnyModel, el: HTMLElement }} context */
function render({ model, el }) {
  el.classList.add("cc-copy");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cc-button cc-copy-button";
  const note = document.createElement("span");
  note.className = "cc-copy-note";
  note.setAttribute("role", "status");
  note.setAttribute("aria-live", "polite");
  el.append(button, note);

  /** @type {number | null} */
  let clearing = null;
  /** @type {string | null} the text the note speaks of, while it says something */
  let spokenOf = null;
  const labels = () => model.get("labels") || {};
  const draw = () => {
    button.textContent = labels().copy || "Copy";
    if (labels().name) {
      button.setAttribute("aria-label", labels().name);
    } else {
      button.removeAttribute("aria-label");
    }
  };
  const silence = () => {
    if (clearing) window.clearTimeout(clearing);
    clearing = null;
    spokenOf = null;
    note.textContent = "";
    note.classList.remove("cc-copy-open");
  };
  /**
   * @param {string} words
   * @param {boolean} passing whether the words go after a few seconds
   * @param {string} text the text they speak of (copied, or marked)
   */
  const say = (words, passing, text) => {
    silence();
    spokenOf = text;
    note.textContent = words;
    note.classList.toggle("cc-copy-done", passing);
    if (passing) clearing = window.setTimeout(silence, SAID_MS);
  };
  // the note speaks of one text: once the field shows another, it would claim that one was copied
  const stillShown = () => {
    if (spokenOf === null) return;
    const field = fieldNear(el, model.get("source"));
    if (!field || field.value !== spokenOf) silence();
  };
  // "Copied" passes; "copied, but still open: …" stays (a draft with gaps is not ready to send)
  /** @param {string} text */
  const copied = (text) => {
    const unfinished = model.get("unfinished") || "";
    if (unfinished) {
      say(unfinished, false, text);
      note.classList.add("cc-copy-open");
    } else {
      say(labels().copied || "Copied", true, text);
    }
  };
  /**
   * @param {HTMLTextAreaElement | HTMLInputElement} field
   * @param {string} text
   */
  const fallback = (field, text) => {
    if (copyMarked(field)) {
      copied(text);
    } else {
      markAll(field);
      say(labels().marked || "", false, text);
    }
  };
  button.addEventListener("click", () => {
    const field = fieldNear(el, model.get("source"));
    if (!field) return;
    const text = field.value; // what the participant sees, their own edits included: plain text
    const clipboard = window.isSecureContext && navigator.clipboard ? navigator.clipboard : null;
    if (!clipboard) {
      fallback(field, text);
      return;
    }
    clipboard.writeText(text).then(
      () => copied(text),
      () => fallback(field, text),
    );
  });
  /** @param {Event} event */
  const typed = (event) => {
    if (spokenOf === null) return;
    const field = fieldNear(el, model.get("source"));
    if (field && event.target === field) stillShown();
  };
  document.addEventListener("input", typed, true);
  model.on("msg:custom", (/** @type {any} */ message) => {
    if (message && message.type === "shown") stillShown();
  });
  model.on("change:labels", draw);
  draw();
  return () => {
    if (clearing) window.clearTimeout(clearing);
    document.removeEventListener("input", typed, true);
  };
}

export default { render };
