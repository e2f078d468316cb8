"""The presenter view's run-sheet clock: does it say the time, the module as "3 of 7", and whether the room is
ahead of its plan, on time or behind it (and nothing of a drift before the room's start)?"""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.documents.agenda import run_sheet
from coffeechat.room.run_clock import PlannedModule, clock_line, planned_modules, run_clock

START = dt.datetime(2026, 12, 7, 12, 0)
PLAN = (PlannedModule("welcome", 5, 12), PlannedModule("not-connected", 12, 29), PlannedModule("regret", 29, 44))
#: the parts as the participants' stepper numbers them (the workshop's modules, not the format's plan)
PARTS = ("welcome", "not-ready", "not-connected", "regret", "role-play")


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
    clock = run_clock(PLAN, PARTS, module_id, START, at(minutes))
    assert clock.drift == drift and clock.started and clock.count == 5


def test_does_a_room_before_its_start_get_no_drift(workshop):
    clock = run_clock(PLAN, PARTS, "welcome", START, at(-5))
    assert not clock.started and clock.drift is None and clock.number == 1
    assert clock_line(workshop, clock, "de") == "11:55 · Teil 1 von 5 · noch nicht begonnen"
    unknown_start = run_clock(PLAN, PARTS, "welcome", None, at(1))
    assert clock_line(workshop, unknown_start, "en") == "12:01 · part 1 of 5 · not started yet"


def test_does_the_line_read_as_the_issue_asks_in_both_languages(workshop):
    behind = run_clock(PLAN, PARTS, "regret", START, at(46))
    assert clock_line(workshop, behind, "de") == "12:46 · Teil 4 von 5 · 2 Minuten hinter dem Plan"
    assert clock_line(workshop, behind, "en") == "12:46 · part 4 of 5 · 2 minutes behind"
    ahead = run_clock(PLAN, PARTS, "regret", START, at(28))
    assert clock_line(workshop, ahead, "de") == "12:28 · Teil 4 von 5 · 1 Minute vor dem Plan"
    assert clock_line(workshop, ahead, "en") == "12:28 · part 4 of 5 · 1 minute ahead"
    on_time = run_clock(PLAN, PARTS, "regret", START, at(30))
    assert clock_line(workshop, on_time, "de").endswith("· im Plan")
    assert clock_line(workshop, on_time, "en").endswith("· on time")


def test_does_a_module_outside_the_plan_say_so_without_a_drift(workshop):
    clock = run_clock(PLAN, PARTS, "role-play", START, at(30))
    assert clock.number == 5 and clock.drift is None and not clock.planned
    assert clock_line(workshop, clock, "en") == "12:30 · part 5 of 5 · not in this format’s plan"


def test_does_the_first_part_before_its_window_say_arrival_on_time_not_ahead(workshop):
    arriving = run_clock(PLAN, PARTS, "welcome", START, at(0.5))
    assert arriving.arriving and arriving.drift == 0
    assert clock_line(workshop, arriving, "de") == "12:00 · Teil 1 von 5 · Ankommen, im Plan"
    assert clock_line(workshop, arriving, "en") == "12:00 · part 1 of 5 · arrival, on time"
    led = run_clock(PLAN, PARTS, "welcome", START, at(6))
    assert not led.arriving and clock_line(workshop, led, "de").endswith("· im Plan")
    early = run_clock(PLAN, PARTS, "not-connected", START, at(2))
    assert not early.arriving and early.drift == -10, "a later part led early is ahead"


def test_is_each_module_of_a_run_sheet_one_window_with_its_rounds_and_debrief(workshop):
    sheet = run_sheet(workshop, "half-day", "de")
    plan = planned_modules(sheet.slots)
    assert [p.module_id for p in plan] == list(sheet.format.modules)
    roleplay = next(p for p in plan if p.module_id == "role-play")
    rows = [slot for slot in sheet.slots if slot.module_id == "role-play"]
    assert (roleplay.start, roleplay.end) == (rows[0].start, rows[-1].start + rows[-1].minutes)
    assert len(rows) > 1, "the role-play's rounds are rows of their own"
