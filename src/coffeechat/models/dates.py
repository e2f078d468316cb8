"""Dates and figures as people write them in each language: „4. Dezember 2026“, "4 December 2026", „4,3“
(Babel's CLDR data).

Answers keep dates as ISO text (``2026-12-04``); only what a participant reads is formatted, in the locale
that ``workshop.yaml`` gives the language (``locale: de_DE``), or the language code itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.core import UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from coffeechat.content import Workshop


def as_date(value: object) -> dt.date | None:
    """An answer's date (ISO text or a date) as a date; None for anything else."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def long_date(day: dt.date, workshop: Workshop, language: str) -> str:
    """``day`` written out in ``language``: „Freitag, 4. Dezember 2026“ is too long, „4. Dezember 2026“ is right."""
    try:
        return format_date(day, format="long", locale=workshop.locale(language))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


def short_date(value: object, workshop: Workshop, language: str) -> str:
    """A saved date in few characters, for a table's column: „07.12.2026“, "7 Dec 2026"."""
    day = as_date(value)
    if day is None:
        return str(value)
    try:
        return format_date(day, format="medium", locale=workshop.locale(language))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


def local_moment(stamp: str, workshop: Workshop, language: str, zone: dt.tzinfo | None = None) -> str:
    """A moment the journal stamped in UTC (``2026-12-07T10:42:31.123+00:00``) in ``zone`` (default: the
    server's own, as the console's clock), to the minute as the language writes it: „07.12.2026, 11:42“, "7 Dec
    2026, 11:42". Text that is no moment is shown as stored."""
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    here = moment.astimezone(zone)
    try:
        locale = workshop.locale(language)
        return f"{format_date(here, format='medium', locale=locale)}, {format_time(here, 'HH:mm', locale=locale)}"
    except (UnknownLocaleError, ValueError):
        return here.strftime("%Y-%m-%d %H:%M")


def readable(value: object, workshop: Workshop, language: str) -> str:
    """A saved date as people write it; text that is not a date is shown as it was saved."""
    day = as_date(value)
    return long_date(day, workshop, language) if day else str(value)


def one_decimal(value: float, workshop: Workshop, language: str) -> str:
    """A mean with one decimal, rounded half up as people do (4.25 is „4,3“; Python's own rounding of the float
    said 4,2 where the CSV beside it said 4.25)."""
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    try:
        return format_decimal(rounded, format="0.0", locale=workshop.locale(language), decimal_quantization=False)
    except (UnknownLocaleError, ValueError):
        return str(rounded)
