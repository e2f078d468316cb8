"""A quiet line that tells the participant whether their last change is saved, and the retry of what is not.

The kernel writes the outcome of each save here, with the time to the second, so that every change gets
its own confirmation. In the browser, ``page.js`` covers it with "saving …" from the participant's first
key until the kernel has answered that change, and with "not saved yet: offline" while it cannot be sent.

An answer the journal could not save (the database is away, the disk is full) stays on screen and in the
session, and :class:`RetryUnsaved` tries it again by itself on the backoff schedule
(:data:`coffeechat.models.retry.UNSAVED_ANSWERS`: 1, 2, 4 ... 30 s, with jitter) until it is saved; no key
press is needed. The session always holds the newest text of each answer, so a retry never saves an older
text over a newer one. While it waits the line says "not saved yet, trying again" (``cc-status-retrying``),
and ``page.js`` shows the same words beside the field the participant is typing into.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import random
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from coffeechat.models.retry import UNSAVED_ANSWERS, Backoff
from coffeechat.models.session import Session
from coffeechat.views.common import css, guarded

#: what arms a timer: ``later(seconds, callback)`` returns something with ``cancel()``
Later = Callable[[float, Callable[[], None]], Any]


class StatusBar:
    """Shows "saved" quietly; problems stay visible (in a polite live region) until the next good save."""

    def __init__(self, session: Session, later: Later | None = None, draw: Callable[[], float] = random.random):
        """``later`` and ``draw`` go to :class:`RetryUnsaved` (a test passes its own timer)."""
        self.session = session
        self.kind = ""
        self.message = ""
        self.widget = w.HTML("", layout=w.Layout(width="100%", min_height="1.6em"), **css("cc-status"))
        session.on_status(self.show)
        #: tries unsaved answers again by itself (its timer runs on the kernel's event loop)
        self.retry = RetryUnsaved(session, later=later, draw=draw)

    def show(self, kind: str, message: str) -> None:
        self.kind, self.message = kind, message
        # the widget's container is the page's live region (page.js), so a new message is announced
        if kind == "saved":
            stamp = dt.datetime.now().strftime("%H:%M:%S")
            body = f"<span class='cc-status-ok'>✓ {html.escape(message)} ({stamp})</span>"
        elif kind in ("info", "erased"):  # data erased elsewhere is news, not a failure
            body = f"<span class='cc-status-info'>{html.escape(message)}</span>"
        elif kind == "failed":  # not saved yet: tried again by itself; page.js repeats it beside the field
            words = f"{message} {self.session.t('save.retrying')}"
            body = f"<span class='cc-status-error cc-status-retrying'>{html.escape(words)}</span>"
        else:
            body = f"<span class='cc-status-error' role='alert'>{html.escape(message)}</span>"
        self.widget.value = body

    def clear(self) -> None:
        """Nothing to say (a page that let go of its participant shows its own note)."""
        self.kind, self.message = "", ""
        self.widget.value = ""


def kernel_later() -> Later | None:
    """``later`` on the event loop running now (a kernel runs its cells inside it), or None outside one."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None

    def later(seconds: float, callback: Callable[[], None]) -> Any:
        # thread-safe: a widget callback may come on another thread than the loop's
        armed: dict[str, Any] = {}

        def arm() -> None:
            armed["handle"] = loop.call_later(seconds, callback)

        loop.call_soon_threadsafe(arm)

        class Handle:
            def cancel(self) -> None:
                loop.call_soon_threadsafe(lambda: armed.get("handle") and armed["handle"].cancel())

        return Handle()

    return later


class RetryUnsaved:
    """Tries the session's unsaved answers again by itself after a failed save, on ``schedule``, until they
    are saved (or the participant's data was erased). One timer at a time: a failed key press while one is
    armed changes nothing; a good save (by a key press or a retry) disarms it and starts the schedule over.

    ``later`` arms the timer (the kernel's event loop by default; a test passes its own), ``draw`` the jitter.
    """

    def __init__(
        self,
        session: Session,
        schedule: Backoff = UNSAVED_ANSWERS,
        later: Later | None = None,
        draw: Callable[[], float] = random.random,
    ):
        self.session = session
        self.schedule = schedule
        self.later = later if later is not None else kernel_later()
        self.draw = draw
        #: retries since the last good save
        self.attempt = 0
        self.timer: Any = None
        session.on_status(self._on_status)

    def _on_status(self, kind: str, _message: str) -> None:
        if kind == "failed":
            if self.timer is None:
                self._arm()
        elif kind in ("saved", "conflict", "erased"):
            self.attempt = 0
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None

    def _arm(self) -> None:
        if self.later is None:  # no event loop (a plain script): the next change saves, as before
            return
        delay = self.schedule.delay(self.attempt, self.draw())
        self.attempt += 1
        self.timer = self.later(delay, guarded(self.session, self.run, background=True))

    def run(self) -> None:
        """The timer went off: save what is still unsaved (a failure arms the next timer)."""
        self.timer = None
        if self.session.unsaved_keys and self.session.attached and not self.session.erased:
            self.session.flush()
        else:
            self.attempt = 0
