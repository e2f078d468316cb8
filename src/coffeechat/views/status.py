"""A quiet line that tells the participant whether their last change is saved.

The kernel writes the outcome of each save here, with the time to the second, so that every change gets
its own confirmation. In the browser, ``page.js`` covers it with "saving …" from the participant's first
key until the kernel has answered that change, and with "not saved yet: offline" while it cannot be sent.
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as w

from coffeechat.models.session import Session
from coffeechat.views.common import css


class StatusBar:
    """Shows "saved" quietly; problems stay visible (in a polite live region) until the next good save."""

    def __init__(self, session: Session):
        self.session = session
        self.kind = ""
        self.message = ""
        self.widget = w.HTML("", layout=w.Layout(width="100%", min_height="1.6em"), **css("cc-status"))
        session.on_status(self.show)

    def show(self, kind: str, message: str) -> None:
        self.kind, self.message = kind, message
        # the widget's container is the page's live region (page.js), so a new message is announced
        if kind == "saved":
            stamp = dt.datetime.now().strftime("%H:%M:%S")
            body = f"<span class='cc-status-ok'>✓ {html.escape(message)} ({stamp})</span>"
        elif kind in ("info", "erased"):  # data erased elsewhere is news, not a failure
            body = f"<span class='cc-status-info'>{html.escape(message)}</span>"
        else:
            body = f"<span class='cc-status-error' role='alert'>{html.escape(message)}</span>"
        self.widget.value = body

    def clear(self) -> None:
        """Nothing to say (a page that let go of its participant shows its own note)."""
        self.kind, self.message = "", ""
        self.widget.value = ""
