"""Downloads that never leave the page: the kernel hands the file to the browser, which saves it.

Nothing is written to a served folder and no URL can fetch the file later; the bytes travel over the
participant's own widget connection only.
"""

from __future__ import annotations

import anywidget

from coffeechat.widgets.esm import esm


class Downloader(anywidget.AnyWidget):
    """An invisible widget; ``offer(name, data, mime)`` makes the browser save ``data`` as ``name``."""

    _esm = esm("download.js")

    def offer(self, filename: str, data: bytes, mime: str) -> None:
        self.send({"type": "download", "filename": filename, "mime": mime}, buffers=[data])
