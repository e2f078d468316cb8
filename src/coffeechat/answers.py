"""What counts as a valid answer to a prompt, checked on the server.

A visitor can send any widget value through the websocket, so every value is checked against the content
before it reaches the journal. ``clean_answer`` returns the value to store or raises :class:`AnswerRejected`
with a ui.yaml key that explains the problem to the participant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .content import Prompt
from .keys import CELL_CHARS, RATING_MAX, RATING_MIN, TEXT_CHARS


class AnswerRejected(ValueError):
    """The value cannot be saved; ``ui_key`` names the message shown to the participant."""

    def __init__(self, ui_key: str, **values: Any):
        super().__init__(ui_key)
        self.ui_key = ui_key
        self.values = values


def clean_text(value: Any, limit: int = TEXT_CHARS) -> str:
    """Text of at most ``limit`` characters (None counts as empty)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise AnswerRejected("app.error")
    if len(value) > limit:
        raise AnswerRejected("field.too_long", limit=limit, length=len(value))
    return value


def clean_date(value: Any) -> str | None:
    """A date as ISO text (``2026-12-01``), or None when cleared."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise AnswerRejected("field.date_invalid") from None


def clean_number(value: Any, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (a slider or a stepper sends nothing else)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise AnswerRejected("app.error")
    return value


def clean_rating(value: Any) -> int:
    """A fear rating, 0-10."""
    return clean_number(value, RATING_MIN, RATING_MAX)


def clean_choice(value: Any, allowed: Iterable[Any]) -> Any:
    """One of ``allowed`` (an option id, a mode, a group size)."""
    if isinstance(value, bool) or value not in tuple(allowed):
        raise AnswerRejected("app.error")
    return value


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
        return clean_date(value)
    if kind == "scale":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not prompt.scale_min <= value <= prompt.scale_max:
            raise AnswerRejected("app.error")
        return value
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
