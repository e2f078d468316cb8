// @ts-check
/* coffeechat: the resume code kept on this device (device.py): localStorage and the page address, never an
   answer. */
const KEY = "coffeechat.code";

/**
 * @typedef {object} AnyModel
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 * @property {() => void} save_changes
 * @property {(event: string, callback: (...args: any[]) => void) => void} on
 */

/**
 * Put the code into the address (or take it out), and the path if one is given.
 * @param {string | null} code
 * @param {string} path e.g. the hub's user-redirect, which outlives this server
 */
function setAddress(code, path) {
  try {
    const url = new URL(window.location.href);
    if (path) {
      url.pathname = path;
    }
    if (code) {
      url.searchParams.set("code", code);
    } else {
      url.searchParams.delete("code");
    }
    window.history.replaceState(null, "", url);
  } catch (e) {
    /* an address we cannot change: nothing to do */
  }
}

/** @param {{ model: AnyModel, el: HTMLElement }} context */
function render({ model, el }) {
  el.style.display = "none";
  let stored = null;
  try {
    stored = window.localStorage.getItem(KEY);
  } catch (e) {
    stored = null;
  }
  if (stored) {
    model.set("stored_code", stored);
    model.save_changes();
  }
  const remember = () => {
    const code = model.get("code");
    if (!code) {
      return;
    }
    try {
      window.localStorage.setItem(KEY, code);
    } catch (e) {
      /* private mode: the link still works */
    }
    setAddress(code, model.get("address_path"));
  };
  const forget = () => {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* private mode: nothing was kept */ }
    try { window.sessionStorage.removeItem("coffeechat.unsaved"); } catch (e) { /* page.js: text held for a kernel */ }
    setAddress(null, model.get("address_path"));
  };
  model.on("change:code", remember);
  model.on("change:forget_count", forget);
  remember();
}

export default { render };
