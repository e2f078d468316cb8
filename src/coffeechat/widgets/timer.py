"""The role-play round timer: counts down in the browser, so it keeps time while the participant types.

The kernel only sets the length and the labels; start, pause and reset happen in the page. When the time is
up the timer glows, says so, plays a soft two-note chime (generated in the page, nothing is loaded; a "sound
off" button silences it on this device) and tells the kernel, which counts the round as finished.
"""

from __future__ import annotations

import anywidget
import traitlets

from coffeechat.widgets.esm import esm


class RoundTimer(anywidget.AnyWidget):
    """A countdown with start/pause and reset buttons; ``finished_count`` goes up each time the time is up."""

    _esm = esm("timer.js")
    seconds = traitlets.Int(8 * 60).tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)
    finished_count = traitlets.Int(0).tag(sync=True)

    @property
    def minutes(self) -> float:
        """The length of a round in minutes (the browser counts seconds)."""
        return self.seconds / 60

    @minutes.setter
    def minutes(self, value: float) -> None:
        self.seconds = round(value * 60)
