"""Remembering the resume code on this device, so a reload or a visit next day resumes without typing.

Only the code is kept in the browser (``localStorage`` and the page address), never an answer. On a shared
computer the participant can make the device forget it.
"""

from __future__ import annotations

import anywidget
import traitlets

from coffeechat.widgets.esm import esm


class DeviceMemory(anywidget.AnyWidget):
    """An invisible widget that keeps the resume code in the browser and in the page address.

    ``address_path``, if set, replaces the path of the address (a reload or a bookmark opens it): behind
    JupyterHub, the hub's ``user-redirect``, which finds the visitor's own server and starts one if needed,
    where the server's own ``/user/<name>/`` address would lead nowhere once that server has been culled.
    """

    _esm = esm("device.js")
    code = traitlets.Unicode("").tag(sync=True)
    address_path = traitlets.Unicode("").tag(sync=True)
    stored_code = traitlets.Unicode("").tag(sync=True)
    forget_count = traitlets.Int(0).tag(sync=True)

    def forget(self) -> None:
        """Remove the code from this browser and from the address bar."""
        self.forget_count += 1
