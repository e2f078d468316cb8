"""The run-sheet clock of the console's presenter view: the time now, the part being led as the participants'
stepper numbers it ("Teil 3 von 9": the workshop's parts, the same word and number the participants see, not
the place in the format's plan, which skips parts), and how far the room is from its plan ("2 minutes behind").

Pure: the plan is the format's run sheet reduced to each module's window (minutes from the room's start), the
start is when the coach opened the room (its ``start`` event), and the time now is passed in. The room is on
time while the time since its start lies inside the led module's window; before the window it is ahead by the
minutes until the window opens, after it behind by the minutes since it closed (whole minutes, cut down: half a
minute late is still on time). Before the plan's first module's window (the arrival slot) with that first
module led, the room is arriving, on time: nobody has led anything early yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from coffeechat.content import Workshop, plural


class Row(Protocol):
    """A run sheet's row as far as the clock needs it (:class:`coffeechat.documents.agenda.Slot`)."""

    @property
    def start(self) -> int: ...
    @property
    def minutes(self) -> int: ...
    @property
    def module_id(self) -> str | None: ...


@dataclass(frozen=True)
class PlannedModule:
    """A module's window in the plan, in minutes from the room's start (its rounds and its debrief included)."""

    module_id: str
    start: int
    end: int


@dataclass(frozen=True)
class RunClock:
    """What the clock line says: the time now, the part's number among the workshop's parts as participants see
    them (None: not a part of the workshop), how many parts there are, the drift in whole minutes (> 0 behind,
    < 0 ahead, 0 on time; None before the room's start or for a part outside the plan), whether the room has
    started, whether the plan has the part at all, and whether the room is still in its arrival."""

    now: dt.datetime
    number: int | None
    count: int
    drift: int | None
    started: bool
    planned: bool = True
    arriving: bool = False


def planned_modules(rows: Iterable[Row]) -> tuple[PlannedModule, ...]:
    """Each module of a run sheet once, in the sheet's order, from its first row's start to its last row's end."""
    windows: dict[str, PlannedModule] = {}
    for row in rows:
        if row.module_id is None:
            continue
        end = row.start + row.minutes
        known = windows.get(row.module_id)
        windows[row.module_id] = PlannedModule(row.module_id, known.start if known else row.start, end)
    return tuple(windows.values())


def run_clock(
    plan: tuple[PlannedModule, ...],
    parts: tuple[str, ...],
    module_id: str | None,
    started_at: dt.datetime | None,
    now: dt.datetime,
) -> RunClock:
    """Where the room stands at ``now`` against ``plan``, leading ``module_id`` since ``started_at``; ``parts``:
    the workshop's modules in the participants' order (their stepper's numbers)."""
    place = next((i for i, planned in enumerate(plan) if planned.module_id == module_id), None)
    number = parts.index(module_id) + 1 if module_id in parts else None
    started = started_at is not None and now >= started_at
    drift, arriving = None, False
    if started and place is not None and started_at is not None:
        window = plan[place]
        elapsed = (now - started_at).total_seconds() / 60
        if elapsed < window.start:
            arriving = place == 0
            drift = 0 if arriving else -int(window.start - elapsed)
        elif elapsed > window.end:
            drift = int(elapsed - window.end)
        else:
            drift = 0
    return RunClock(now, number, len(parts), drift, started, place is not None, arriving)


def clock_line(workshop: Workshop, clock: RunClock, language: str) -> str:
    """ "12:40 · Teil 3 von 9 · 2 Minuten hinter dem Plan" in ``language`` (ui.yaml's ``room.presenter.*``)."""
    t = lambda key, **values: workshop.t(key, language, **values)
    parts = [clock.now.strftime("%H:%M")]
    if clock.number is not None:
        parts.append(t("room.presenter.module", number=clock.number, count=clock.count))
    if not clock.started:
        parts.append(t("room.presenter.not_started"))
    elif not clock.planned:
        parts.append(t("room.presenter.unplanned"))
    elif clock.arriving:
        parts.append(t("room.presenter.arrival"))
    elif clock.drift is not None:
        if clock.drift > 0:
            parts.append(plural(workshop, "room.presenter.behind", clock.drift, language))
        elif clock.drift < 0:
            parts.append(plural(workshop, "room.presenter.ahead", -clock.drift, language))
        else:
            parts.append(t("room.presenter.on_time"))
    return " · ".join(parts)
