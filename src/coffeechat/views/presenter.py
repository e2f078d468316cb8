"""The console's presenter view for the module being led: the run-sheet clock on one line ("12:40 · Teil 3 von
9 · 2 Minuten hinter dem Plan"), and, folded until the coach opens it, the guide's notes, timed steps and debrief
questions for that module.

The texts are the printed guide's (:func:`coffeechat.documents.guide.module_notes`), the clock is
:func:`coffeechat.room.run_clock.run_clock` over the room's format's run sheet, from the room's start. Folded,
the panel is one line and a button: the console does not get longer to scroll.
"""

from __future__ import annotations

import datetime as dt
import html
import time
from collections.abc import Callable

import ipywidgets as w

from coffeechat.content import Workshop
from coffeechat.documents.agenda import RunSheet, run_sheet
from coffeechat.documents.guide import module_notes
from coffeechat.room.live import facilitated_formats, first_module
from coffeechat.room.model import RoomState
from coffeechat.room.run_clock import clock_line, planned_modules, run_clock
from coffeechat.views.common import WRAPPING_ROW, button, card, css


def started_at(state: RoomState) -> dt.datetime | None:
    """When the coach opened the room (its first ``start`` event), in the kernel's local time; None if unknown."""
    moment = next((when for when, kind, _ in state.events if kind == "start"), None)
    return None if moment is None else dt.datetime.fromtimestamp(moment)


class PresenterPanel:
    """The clock line and the folded notes; ``show(state)`` follows the room, ``flip()`` folds and unfolds."""

    def __init__(self, workshop: Workshop, language: str, clock: Callable[[], float] = time.time):
        self.workshop, self.language, self.clock = workshop, language, clock
        t = lambda key: workshop.t(key, language)
        self.line = w.HTML(layout=w.Layout(flex="1 1 20em"), **css("cc-room-presenter-clock"))
        self.toggle = button(t("room.presenter_show"), "cc-room-presenter-toggle")
        self.notes = w.HTML(layout=w.Layout(width="100%", display="none"), **css("cc-room-presenter-notes"))
        self.root = card([w.HBox([self.line, self.toggle], layout=WRAPPING_ROW), self.notes], "cc-room-presenter")
        self._shown_for: tuple = ()
        self._sheets: dict[str, RunSheet] = {}

    @property
    def unfolded(self) -> bool:
        return self.notes.layout.display != "none"

    def flip(self) -> None:
        """Show the notes, or fold them away again."""
        unfold = not self.unfolded
        self.notes.layout.display = None if unfold else "none"
        key = "room.presenter_hide" if unfold else "room.presenter_show"
        self.toggle.description = self.workshop.t(key, self.language)

    def _sheet(self, format_id: str | None) -> tuple[RunSheet, bool]:
        """The run sheet of the room's format (else of the first format for a room: its notes only), and whether
        it is the room's own plan."""
        formats = facilitated_formats(self.workshop)
        own = format_id in formats
        chosen = format_id if own and format_id else formats[0]
        if chosen not in self._sheets:
            self._sheets[chosen] = run_sheet(self.workshop, chosen, self.language)
        return self._sheets[chosen], own

    def show(self, state: RoomState) -> None:
        module = state.module if state.module in self.workshop.module_ids else first_module(self.workshop, state.format)
        sheet, own = self._sheet(state.format)
        plan = planned_modules(sheet.slots) if own else ()
        now = dt.datetime.fromtimestamp(self.clock())
        said = clock_line(
            self.workshop, run_clock(plan, self.workshop.module_ids, module, started_at(state), now), self.language
        )
        title = html.escape(self.workshop.t("room.presenter", self.language))
        self.line.value = f"<p><span class='cc-muted'>{title}</span><br><strong>{html.escape(said)}</strong></p>"
        if self._shown_for != (module, sheet.format.id):
            self._shown_for = (module, sheet.format.id)
            self.notes.value = self._notes_html(sheet, module)

    def _notes_html(self, sheet: RunSheet, module_id: str) -> str:
        t = lambda key: html.escape(self.workshop.t(key, self.language))
        told = module_notes(self.workshop, sheet, module_id, self.language)
        parts = [f"<h4>{html.escape(self.workshop.module_title(module_id, self.language))}</h4>"]
        if told.notes:
            parts.append(f"<h5>{t('guide.notes')}</h5>" + "".join(f"<p>{html.escape(p)}</p>" for p in told.notes))
        for key, items in (("guide.steps", told.steps), ("guide.debrief", told.debrief)):
            if items:
                parts.append(f"<h5>{t(key)}</h5><ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
        if len(parts) == 1:
            parts.append(f"<p class='cc-muted'>{t('room.presenter_none')}</p>")
        return "".join(parts)
