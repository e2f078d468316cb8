"""Downloads that never leave the page: the kernel hands the file to the browser, which saves it.

Nothing is written to a served folder and no URL can fetch the file later; the bytes travel over the
participant's own widget connection only.
"""

from __future__ import annotations

import anywidget

_ESM = """
function render({ model, el }) {
  el.style.display = "none";
  model.on("msg:custom", (message, buffers) => {
    if (!message || message.type !== "download" || !buffers || !buffers.length) { return; }
    const blob = new Blob([buffers[0]], { type: message.mime || "application/octet-stream" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = message.filename;
    link.rel = "noopener";
    document.body.appendChild(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(url); link.remove(); }, 2000);
  });
}
export default { render };
"""


class Downloader(anywidget.AnyWidget):
    """An invisible widget; ``offer(name, data, mime)`` makes the browser save ``data`` as ``name``."""

    _esm = _ESM

    def offer(self, filename: str, data: bytes, mime: str) -> None:
        self.send({"type": "download", "filename": filename, "mime": mime}, buffers=[data])
