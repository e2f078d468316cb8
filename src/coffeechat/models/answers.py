"""What counts as a valid answer to a prompt, checked on the server.

A visitor can send any widget value through the websocket, so every value is checked against the content
before it reaches the journal. ``clean_answer`` returns the value to store or raises :class:`AnswerRejected`
with a ui.yaml key that explains the problem to the participant.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from typing import Any

from coffeechat.content import Prompt
from coffeechat.environment import TODAY
from coffeechat.models.keys import CELL_CHARS, DATE_YEARS_AFTER, DATE_YEARS_BEFORE, RATING_MAX, RATING_MIN, TEXT_CHARS

#: what a character no answer keeps (half an emoji, a control character) is saved as
REPLACEMENT = "\ufffd"


class AnswerRejected(ValueError):
    """The value cannot be saved; ``ui_key`` names the message shown to the participant."""

    def __init__(self, ui_key: str, **values: Any):
        super().__init__(ui_key)
        self.ui_key = ui_key
        self.values = values


def clean_text(value: Any, limit: int = TEXT_CHARS) -> str:
    """Text of at most ``limit`` characters (None counts as empty).

    A lone surrogate (half of an emoji, left by a paste) or a control character cannot be stored; the
    session replaces it with U+FFFD on every save (:func:`replace_unstorable`) and says so; the rest is
    saved as typed.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnswerRejected("app.error")
    if len(value) > limit:
        raise AnswerRejected("field.too_long", limit=limit, length=len(value))
    return value


#: characters no answer keeps: lone surrogates (half an emoji, from a paste), which UTF-8 cannot store, and
#: control characters other than tab and line breaks (NUL ends text in PostgreSQL, XML and PDF refuse them)
_UNSTORABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_unstorable(value: Any) -> bool:
    """Whether ``value`` (text, or lists and dicts of it) holds a character no answer keeps."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(has_unstorable(k) or has_unstorable(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(has_unstorable(item) for item in value)
    return False


def replace_unstorable(value: Any) -> Any:
    """``value`` with every character no answer keeps replaced by U+FFFD, the rest exactly as it was."""
    if isinstance(value, str):
        return _UNSTORABLE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {replace_unstorable(k): replace_unstorable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_unstorable(item) for item in value]
    return value


def _today() -> dt.date:
    """Today, on the server: ``COFFEECHAT_TODAY`` when it holds a date (a browser test's clock; a demonstration
    of the weeks after), else the machine's date. The unit tests replace this function."""
    set_day = os.environ.get(TODAY.name, "")
    try:
        return dt.date.fromisoformat(set_day) if set_day else dt.date.today()
    except ValueError:
        return dt.date.today()


def today() -> dt.date:
    """The day the answers' checks take for today (the server's; fixed in the tests)."""
    return _today()


def date_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and the last day a participant may choose: a year back to five years ahead."""
    today = today or _today()
    return _years_later(today, -DATE_YEARS_BEFORE), _years_later(today, DATE_YEARS_AFTER)


def _years_later(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes the 28th in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def clean_date(value: Any, today: dt.date | None = None, from_today: bool = False) -> str | None:
    """A date as ISO text (``2026-12-01``) within :func:`date_window`, or None when cleared.

    The browser's date picker allows 0001-01-01 and 9999-12-31; such a date would be no plan, and one day
    after the last date of the calendar nothing can be computed (a reminder a week later). With
    ``from_today`` (a date that plans ahead) a day already past is refused too, naming that day.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise AnswerRejected("field.date_invalid") from None
    earliest, latest = date_window(today)
    if not earliest <= day <= latest:
        raise AnswerRejected("field.date_out_of_range", earliest=earliest, latest=latest)
    if from_today and day < (today or _today()):
        raise AnswerRejected("field.date_past", day=day)
    return day.isoformat()


def clean_number(value: Any, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``; anything else is refused with that range in the message."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise AnswerRejected("field.number_out_of_range", low=low, high=high)
    return value


def clean_rating(value: Any) -> int:
    """A fear rating, 0-10."""
    return clean_number(value, RATING_MIN, RATING_MAX)


def clean_choice(value: Any, allowed: Iterable[Any]) -> Any:
    """One of ``allowed`` (an option id, a mode, a group size)."""
    if isinstance(value, bool) or value not in tuple(allowed):
        raise AnswerRejected("app.error")
    return value


def with_example(typed: str, example: str, examples: Iterable[str]) -> str:
    """A field's text after the participant takes ``example`` (one of the screen's ``examples``): the example,
    where the field is empty or holds another example untouched; else their words and the example on a line of
    its own, so nothing typed is lost."""
    if not typed.strip() or typed.strip() in {e.strip() for e in examples}:
        return example
    return f"{typed.rstrip()}\n{example}"


def clean_flag(value: Any) -> bool:
    """A tick: true or false."""
    if not isinstance(value, bool):
        raise AnswerRejected("app.error")
    return value


def clean_answer(prompt: Prompt, value: Any) -> Any:
    """The value to store for ``prompt``, or :class:`AnswerRejected`."""
    kind = prompt.kind
    if kind == "text":
        return clean_text(value)
    if kind == "date":
        return clean_date(value, from_today=prompt.from_today)
    if kind == "scale":
        if value is None:
            return None
        return clean_number(value, prompt.scale_min, prompt.scale_max)
    option_ids = {option.id for option in prompt.options}
    if kind == "choice":
        if value is None or value in option_ids:
            return value
        raise AnswerRejected("app.error")
    if kind == "checklist":
        chosen = list(value or [])
        if not set(chosen) <= option_ids:
            raise AnswerRejected("app.error")
        return [option.id for option in prompt.options if option.id in chosen]
    if kind == "list":
        items = list(value or [])
        if len(items) > prompt.max_items:
            raise AnswerRejected("field.limit_reached", limit=prompt.max_items)
        return [clean_text(item, CELL_CHARS) for item in items]
    if kind == "table":
        rows = list(value or [])
        if len(rows) > prompt.max_items:
            raise AnswerRejected("field.limit_reached", limit=prompt.max_items)
        return [_clean_row(prompt, row) for row in rows]
    raise AnswerRejected("app.error")


def _clean_row(prompt: Prompt, row: Any) -> dict[str, str]:
    if not isinstance(row, dict):
        raise AnswerRejected("app.error")
    cleaned = {}
    for column in prompt.columns:
        cell = row.get(column.id) or ""
        if column.kind == "choice" and cell and cell not in {o.id for o in column.options}:
            raise AnswerRejected("app.error")
        cleaned[column.id] = clean_text(cell, CELL_CHARS)
    return cleaned
