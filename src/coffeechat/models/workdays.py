"""Working days: Monday to Friday, without the public holidays of a German federal state if one is chosen (or
Germany's nationwide ones, or none at all: :data:`NO_HOLIDAYS`).

The follow-through's rhythm counts in working days (:mod:`.followup_rhythm`): a second person after 3, a nudge
after 7. The holidays of each federal state (:data:`STATES`) come from the ``holidays`` package, imported only
when a state is asked for: it costs a kernel about 14 MB and a tenth of a second (measured with 0.86), which a
participant who chose no state never pays. The nine holidays every state keeps (:func:`nationwide_holidays`: New
Year, Good Friday, Easter Monday, 1 May, Ascension, Whit Monday, 3 October, 25 and 26 December) are counted
here without it, from python-dateutil's Easter (the tests hold them to the package's table for Germany).
Pure functions, no widgets.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from dateutil.easter import easter

#: the German federal states, by the codes the ``holidays`` package (and ISO 3166-2:DE) gives them
STATES = ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH")
#: the choice of no public holidays at all, weekends only: for a participant outside Germany (an English reader
#: was offered German states' holidays only)
NO_HOLIDAYS = "none"


def is_working_day(day: dt.date, holidays: Iterable[dt.date] = frozenset()) -> bool:
    """Monday to Friday, and not one of ``holidays``."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(day: dt.date, count: int, holidays: Iterable[dt.date] = frozenset()) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself never counts; 0 gives ``day``)."""
    holidays = holidays if isinstance(holidays, (set, frozenset)) else frozenset(holidays)
    while count > 0:
        day += dt.timedelta(days=1)
        count -= is_working_day(day, holidays)
    return day


def public_holidays(state: str | None, years: Iterable[int]) -> frozenset[dt.date]:
    """The public holidays of the German federal ``state`` in ``years`` (none without a state)."""
    if state is None:
        return frozenset()
    if state not in STATES:
        raise ValueError(f"not a German federal state: {state!r}")
    return frozenset().union(*(_holidays_of(state, year) for year in years))


def holidays_for(state: str | None, years: Iterable[int]) -> frozenset[dt.date]:
    """The days off in ``years`` beside weekends: the federal ``state``'s public holidays, without a state those
    every state keeps (:func:`nationwide_holidays`), and none for :data:`NO_HOLIDAYS`."""
    if state == NO_HOLIDAYS:
        return frozenset()
    return public_holidays(state, years) if state else nationwide_holidays(years)


def nationwide_holidays(years: Iterable[int]) -> frozenset[dt.date]:
    """The public holidays every German federal state keeps, in ``years`` (without the ``holidays`` package)."""
    return frozenset().union(*(_nationwide_of(year) for year in years))


@functools.lru_cache(maxsize=64)
def _nationwide_of(year: int) -> frozenset[dt.date]:
    easter = easter_sunday(year)
    fixed = ((1, 1), (5, 1), (10, 3), (12, 25), (12, 26))
    moving = (-2, 1, 39, 50)  # Good Friday, Easter Monday, Ascension, Whit Monday
    return frozenset(
        [dt.date(year, month, day) for month, day in fixed] + [easter + dt.timedelta(days=n) for n in moving]
    )


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of ``year`` in the Gregorian calendar (python-dateutil's, which ``holidays`` brings anyway)."""
    return easter(year)


@functools.lru_cache(maxsize=64)
def _holidays_of(state: str, year: int) -> frozenset[dt.date]:
    import holidays  # here: about 14 MB in a kernel, only for those who chose a state

    return frozenset(holidays.country_holidays("DE", subdiv=state, years=year))
