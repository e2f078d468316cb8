const KEY = "coffeechat.code";
function setAddress(code, path) {
  try {
    const url = new URL(window.location.href);
    if (path) { url.pathname = path; } /* e.g. the hub's user-redirect, which outlives this server */
    if (code) { url.searchParams.set("code", code); } else { url.searchParams.delete("code"); }
    window.history.replaceState(null, "", url);
  } catch (e) { /* an address we cannot change: nothing to do */ }
}
function render({ model, el }) {
  el.style.display = "none";
  let stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { stored = null; }
  if (stored) { model.set("stored_code", stored); model.save_changes(); }
  const remember = () => {
    const code = model.get("code");
    if (!code) { return; }
    try { window.localStorage.setItem(KEY, code); } catch (e) { /* private mode: the link still works */ }
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
