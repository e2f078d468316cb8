"""The presenter view's run-sheet clock: does it say the time, the module as "3 of 7", and whether the room is
ahead of its plan, on time or behind it (and nothing of a drift before the room's start)?"""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.documents.agenda import run_sheet
from coffeechat.room.run_clock import PlannedModule, clock_line, planned_modules, run_clock

START = dt.datetime(2026, 12, 7, 12, 0)
PLAN = (PlannedModule("welcome", 5, 12), PlannedModule("not-connected", 12, 29), PlannedModule("regret", 29, 44))


def at(minutes: float) -> dt.datetime:
    return START + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("module_id", "minutes", "drift"),
    [
        ("regret", 20, -9),  # the window opens at 29: nine minutes ahead
        ("regret", 28.5, 0),  # half a minute ahead is on time
        ("regret", 29, 0),
        ("regret", 44, 0),
        ("regret", 46, 2),  # the window closed at 44: two minutes behind
        ("welcome", 13.9, 1),
    ],
)
def test_does_the_clock_say_ahead_on_time_or_behind(module_id, minutes, drift):
    clock = run_clock(PLAN, module_id, START, at(minutes))
    assert clock.drift == drift and clock.started and clock.count == 3


def test_does_a_room_before_its_start_get_no_drift(workshop):
    clock = run_clock(PLAN, "welcome", START, at(-5))
    assert not clock.started and clock.drift is None and clock.number == 1
    assert clock_line(workshop, clock, "de") == "11:55 · Modul 1 von 3 · noch nicht begonnen"
    unknown_start = run_clock(PLAN, "welcome", None, at(1))
    assert clock_line(workshop, unknown_start, "en") == "12:01 · module 1 of 3 · not started yet"


def test_does_the_line_read_as_the_issue_asks_in_both_languages(workshop):
    behind = run_clock(PLAN, "regret", START, at(46))
    assert clock_line(workshop, behind, "de") == "12:46 · Modul 3 von 3 · 2 Minuten hinter dem Plan"
    assert clock_line(workshop, behind, "en") == "12:46 · module 3 of 3 · 2 minutes behind"
    ahead = run_clock(PLAN, "regret", START, at(28))
    assert clock_line(workshop, ahead, "de") == "12:28 · Modul 3 von 3 · 1 Minute vor dem Plan"
    assert clock_line(workshop, ahead, "en") == "12:28 · module 3 of 3 · 1 minute ahead"
    on_time = run_clock(PLAN, "regret", START, at(30))
    assert clock_line(workshop, on_time, "de").endswith("· im Plan")
    assert clock_line(workshop, on_time, "en").endswith("· on time")


def test_does_a_module_outside_the_plan_say_so_without_a_drift(workshop):
    clock = run_clock(PLAN, "role-play", START, at(30))
    assert clock.number is None and clock.drift is None
    assert clock_line(workshop, clock, "en") == "12:30 · a module outside the plan"


def test_is_each_module_of_a_run_sheet_one_window_with_its_rounds_and_debrief(workshop):
    sheet = run_sheet(workshop, "half-day", "de")
    plan = planned_modules(sheet.slots)
    assert [p.module_id for p in plan] == list(sheet.format.modules)
    roleplay = next(p for p in plan if p.module_id == "role-play")
    rows = [slot for slot in sheet.slots if slot.module_id == "role-play"]
    assert (roleplay.start, roleplay.end) == (rows[0].start, rows[-1].start + rows[-1].minutes)
    assert len(rows) > 1, "the role-play's rounds are rows of their own"
