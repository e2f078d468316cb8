"""The console's presenter view: does it show the run-sheet clock for the module being led, and the printed
guide's notes, steps and debrief questions for it, folded until the coach opens them?"""

from __future__ import annotations

import datetime as dt
import time

from coffeechat.documents.agenda import run_sheet
from coffeechat.documents.guide import module_notes
from coffeechat.room.live import Console
from coffeechat.views.console import ConsoleView
from tests.conftest import TOKEN, all_text, find


class Clock:
    def __init__(self, moment: dt.datetime):
        self.now = moment.timestamp()

    def __call__(self) -> float:
        return self.now

    def forward(self, minutes: float) -> None:
        self.now += minutes * 60


def console_at(workshop, journal, coach, clock: Clock, language: str = "de") -> ConsoleView:
    return ConsoleView(Console(journal, workshop, TOKEN, clock=clock), workshop, language, "?room=projector")


def test_does_the_presenter_line_say_the_module_of_the_plan_and_how_far_behind(workshop, journal, coach):
    clock = Clock(dt.datetime(2026, 12, 7, 12, 0))
    view = console_at(workshop, journal, coach, clock)
    find(view.root, "cc-room-format").value = "ninety-minutes"
    find(view.root, "cc-room-start").click()
    # right after opening the room is in its arrival, on time (not "5 minutes ahead"); the part is numbered as
    # the participants' stepper numbers it ("Teil 1 von 9"), not by its place in the format's plan
    assert "12:00 · Teil 1 von 9 · Ankommen, im Plan" in all_text(view.presenter.line)
    view.console.release("not-good-at-networking")
    clock.forward(46)  # its window is 29 to 44 minutes from the start
    view.refresh()
    assert "12:46 · Teil 4 von 9 · 2 Minuten hinter dem Plan" in all_text(view.presenter.line)


def test_are_the_notes_the_guides_own_and_folded_until_opened(workshop, journal, coach):
    view = console_at(workshop, journal, coach, Clock(dt.datetime(2026, 12, 7, 9, 0)), "en")
    find(view.root, "cc-room-format").value = "half-day"
    find(view.root, "cc-room-start").click()
    view.console.release("role-play")
    view.refresh()
    assert not view.presenter.unfolded, "folded: the console does not get longer"
    find(view.root, "cc-room-presenter-toggle").click()
    assert view.presenter.unfolded
    told = module_notes(workshop, run_sheet(workshop, "half-day", "en"), "role-play", "en")
    shown = all_text(view.presenter.notes)
    assert told.steps and told.debrief
    for said in (*told.notes, *told.steps, *told.debrief):
        assert said.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;")[:40] in shown
    find(view.root, "cc-room-presenter-toggle").click()
    assert not view.presenter.unfolded


def test_does_the_cofacilitator_see_the_presenter_view_too(workshop, journal, coach):
    coach.start_room("Workshop", dt.date(2026, 12, 7), "taster")
    helper = Console(journal, workshop, coach.make_cofacilitator_link(), clock=time.time)
    view = ConsoleView(helper, workshop, "de", "?room=projector")
    assert "Teil 1 von 9" in all_text(view.presenter.line)
