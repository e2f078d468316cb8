"""The room's shared timer on a page: counts down in the browser from the end time stored for the room.

Every page gets the same end time (server clock, epoch milliseconds) and the server's clock at the moment it
sent it, so a page whose own clock is off still shows the same remaining time as every other page. The page
counts down by itself (no message per second); at 0 it glows, says so and plays the kit's soft chime, which a
button mutes on this device (the same setting as the role-play timer's). While the coach has paused it, every
page says so ("pausiert / paused") under the time that stands still.

On the projector nobody presses a button: ``sound`` is then "on" or "off" as the coach chose on the console,
and the page shows no button at all.
"""

from __future__ import annotations

import time

import anywidget
import traitlets

from coffeechat.room.model import Timer
from coffeechat.widgets.esm import esm


class SharedTimer(anywidget.AnyWidget):
    """Shows a :class:`coffeechat.room.model.Timer`; ``show(timer)`` updates it."""

    _esm = esm("sharedtimer.js")
    #: when the running timer reaches 0 (server epoch ms), or 0 while paused or stopped
    ends_at = traitlets.Float(0).tag(sync=True)
    #: the milliseconds left while paused or stopped
    left = traitlets.Float(0).tag(sync=True)
    #: the server's clock when this was sent (epoch ms): the page's offset to it
    server_now = traitlets.Float(0).tag(sync=True)
    #: a new countdown from a full length (so the page knows a new round from a resumed one)
    rounds = traitlets.Int(0).tag(sync=True)
    #: paused by the coach (the page says so); a stopped timer is not paused
    paused = traitlets.Bool(False).tag(sync=True)
    #: "device": a button on the page mutes the chime on this device; "on" / "off": set for the page, no button
    sound = traitlets.Unicode("device").tag(sync=True)
    #: the texts: done, paused, sound_on, sound_off
    labels = traitlets.Dict().tag(sync=True)

    def show(self, timer: Timer, now: float | None = None) -> None:
        now = time.time() if now is None else now
        ends = timer.ends_at()
        with self.hold_sync():
            self.server_now = now * 1000
            self.ends_at = 0 if ends is None else ends * 1000
            self.left = timer.remaining(now) * 1000
            self.rounds = timer.rounds
            self.paused = timer.paused and not timer.running
