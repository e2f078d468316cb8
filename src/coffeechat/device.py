"""Remembering the resume code on this device, so a reload or a visit next day resumes without typing.

Only the code is kept in the browser (``localStorage`` and the page address), never an answer. On a shared
computer the participant can make the device forget it.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
const KEY = "coffeechat.code";
function setAddress(code) {
  try {
    const url = new URL(window.location.href);
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
    setAddress(code);
  };
  const forget = () => {
    try { window.localStorage.removeItem(KEY); } catch (e) {}
    setAddress(null);
  };
  model.on("change:code", remember);
  model.on("change:forget_count", forget);
  remember();
}
export default { render };
"""


class DeviceMemory(anywidget.AnyWidget):
    """An invisible widget that keeps the resume code in the browser and in the page address."""

    _esm = _ESM
    code = traitlets.Unicode("").tag(sync=True)
    stored_code = traitlets.Unicode("").tag(sync=True)
    forget_count = traitlets.Int(0).tag(sync=True)

    def forget(self) -> None:
        """Remove the code from this browser and from the address bar."""
        self.forget_count += 1
