"""Remembering the resume code on this device, so a reload or a visit next day resumes without typing.

Only the code is kept in the browser (``localStorage`` and the page address), never an answer. On a shared
computer the participant can make the device forget it.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets


class DeviceMemory(anywidget.AnyWidget):
    """An invisible widget that keeps the resume code in the browser and in the page address."""

    _esm = Path(__file__).with_name("device.js")
    code = traitlets.Unicode("").tag(sync=True)
    stored_code = traitlets.Unicode("").tag(sync=True)
    forget_count = traitlets.Int(0).tag(sync=True)

    def forget(self) -> None:
        """Remove the code from this browser and from the address bar."""
        self.forget_count += 1
