"""Rooms that come back: a room's setup kept as a template, next week's room opened from it, and a trend across
the sessions of one template.

Pure: no widgets, no storage. :func:`template_of` takes the setup out of a room's :class:`RoomState`,
:func:`opened_from` puts it into a fresh one, and :func:`trend_point` reduces a session report's figures to the
line a trend table shows.

Guarantees (``tests/unit/test_room_templates.py``):

- a template is the coach's setup only: the format, the wall's questions, the timer's length, the projector's
  mode, corner, theme and sound, "approve automatically"; never a member id, a group, an answer or a code;
- a room opened from a template has that setup, and nothing else of the room it was saved from (no pacing, no
  groups, no wall answers, no run sheet, not ended); the template's questions wait to be asked;
- a trend point's fear change and feedback follow the room's rule (:data:`coffeechat.room.model.MIN_GROUP`):
  None below 3 contributions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from coffeechat.room import model as room
from coffeechat.room.model import RoomState
from coffeechat.room.report import SessionFigures

#: a template's name is as short as a room's
TEMPLATE_NAME_CHARS = room.ROOM_NAME_CHARS
#: at most this many wall questions come along in a template
MAX_TEMPLATE_QUESTIONS = 20


@dataclass(frozen=True)
class RoomTemplate:
    """A room's setup under the coach's name for it (``id`` is given by the journal; empty before it is kept)."""

    name: str
    format: str | None = None
    questions: tuple[str, ...] = ()
    timer_minutes: int = room.DEFAULT_TIMER_MINUTES
    projector: str = "join"
    corner: bool = True
    theme: str = "light"
    sound: bool = True
    auto_approve: bool = False
    id: str = ""

    def setup_json(self) -> str:
        """What the journal stores of the template (its name and id have columns of their own)."""
        return json.dumps(
            {
                "format": self.format,
                "questions": list(self.questions),
                "timer_minutes": self.timer_minutes,
                "projector": self.projector,
                "corner": self.corner,
                "theme": self.theme,
                "sound": self.sound,
                "auto_approve": self.auto_approve,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_stored(cls, template_id: str, name: str, setup: str | None) -> RoomTemplate:
        """The template as stored; anything unreadable falls back to the defaults."""
        try:
            data = json.loads(setup or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        fmt, projector, theme = data.get("format"), data.get("projector"), data.get("theme")
        minutes = data.get("timer_minutes")
        return cls(
            name=clean_name(name) or "Workshop",
            format=fmt if isinstance(fmt, str) and fmt else None,
            questions=clean_questions(data.get("questions")),
            timer_minutes=_minutes(minutes),
            projector=projector if isinstance(projector, str) and projector in room.PROJECTOR_MODES else "join",
            corner=data.get("corner") is not False,
            theme=theme if isinstance(theme, str) and theme in room.PROJECTOR_THEMES else "light",
            sound=data.get("sound") is not False,
            auto_approve=data.get("auto_approve") is True,
            id=str(template_id),
        )


def clean_name(name: Any) -> str:
    """A template's name as kept: one line, trimmed, at most :data:`TEMPLATE_NAME_CHARS` characters."""
    return " ".join(str(name or "").split())[:TEMPLATE_NAME_CHARS] if isinstance(name, str) else ""


def clean_questions(questions: Any) -> tuple[str, ...]:
    """The wall's questions as a template keeps them: each one line, none blank, none twice, at most
    :data:`MAX_TEMPLATE_QUESTIONS`."""
    if not isinstance(questions, list | tuple):
        return ()
    kept: list[str] = []
    for question in questions:
        text = " ".join(question.split())[: room.QUESTION_CHARS] if isinstance(question, str) else ""
        if text and text not in kept:
            kept.append(text)
    return tuple(kept[:MAX_TEMPLATE_QUESTIONS])


def _minutes(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        return room.DEFAULT_TIMER_MINUTES
    return max(1, min(room.MAX_TIMER_MINUTES, value))


def template_of(state: RoomState, name: str, timer_minutes: Any = None) -> RoomTemplate:
    """The setup of the room in ``state`` as a template called ``name``: its format, the questions it asked (and
    those it had prepared and not asked yet), the timer's minutes (``timer_minutes``, what the coach set up;
    else the timer's length), the projector's choices."""
    return RoomTemplate(
        name=clean_name(name) or "Workshop",
        format=state.format,
        questions=clean_questions([*state.asked, *state.prepared]),
        timer_minutes=_minutes(int(state.timer.length // 60) if timer_minutes is None else timer_minutes),
        projector=state.projector,
        corner=state.corner,
        theme=state.theme,
        sound=state.sound,
        auto_approve=state.auto_approve,
    )


def opened_from(state: RoomState, template: RoomTemplate) -> RoomState:
    """A fresh room's ``state`` with the template's setup: its timer length, projector, "approve automatically",
    its questions prepared (not asked) and the template it came from recorded. The format is the caller's:
    the room is opened in it (:meth:`coffeechat.room.live.Console.start_room`)."""
    seconds = float(template.timer_minutes * 60)
    return replace(
        state,
        timer=room.Timer(length=seconds, left=seconds),
        projector=template.projector,
        corner=template.corner,
        theme=template.theme,
        sound=template.sound,
        auto_approve=template.auto_approve,
        prepared=template.questions,
        template=template.id or None,
    )


def still_prepared(state: RoomState) -> tuple[str, ...]:
    """The prepared questions not asked yet in this room, in their order."""
    return tuple(question for question in state.prepared if question not in state.asked)


# --- the trend across the sessions of one template ----------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One session of a template, as its trend table shows it: how many came, the fear change (mean of every
    rating before and after, over the fears at least 3 people rated both times), the feedback's mean rating.
    A figure below :data:`coffeechat.room.model.MIN_GROUP` contributions is None."""

    participants: int
    before: float | None = None
    after: float | None = None
    ratings_mean: float | None = None
    ratings: int = 0

    def to_json(self) -> str:
        return json.dumps(
            {
                "participants": self.participants,
                "before": self.before,
                "after": self.after,
                "ratings_mean": self.ratings_mean,
                "ratings": self.ratings,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str | None) -> TrendPoint | None:
        """The point as kept with a report; None for a report kept before trends (or anything unreadable)."""
        try:
            data = json.loads(text or "null")
        except ValueError:
            return None
        if not isinstance(data, dict) or not (_count(data.get("participants")) or data.get("participants") == 0):
            return None
        before, after, mean = (_number(data.get(key)) for key in ("before", "after", "ratings_mean"))
        counted = data.get("ratings")
        ratings = counted if isinstance(counted, int) and _count(counted) else 0
        paired = before is not None and after is not None
        return cls(
            participants=data["participants"],
            before=before if paired else None,
            after=after if paired else None,
            ratings_mean=mean if ratings >= room.MIN_GROUP else None,
            ratings=ratings,
        )

    @property
    def change(self) -> tuple[float, float] | None:
        return None if self.before is None or self.after is None else (self.before, self.after)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def trend_point(figures: SessionFigures) -> TrendPoint:
    """The trend table's line of one session report's figures (see :class:`TrendPoint`)."""
    changes = [change for change in figures.change.values() if change is not None]
    people = sum(change.people for change in changes)
    before = after = None
    if changes and people >= room.MIN_GROUP:
        before = sum(change.before * change.people for change in changes) / people
        after = sum(change.after * change.people for change in changes) / people
    ratings = figures.ratings
    return TrendPoint(
        participants=figures.participants,
        before=before,
        after=after,
        ratings_mean=None if ratings is None else ratings.mean,
        ratings=0 if ratings is None else ratings.total,
    )


@dataclass(frozen=True)
class TrendRow:
    """One session in the trend table: its date and its point (None: a report kept before trends existed)."""

    held_on: str
    point: TrendPoint | None


def trend_rows(kept: Sequence[tuple[str, str]]) -> tuple[TrendRow, ...]:
    """The trend table of a template: one row per kept report ``(held_on, trend json)``, oldest first."""
    return tuple(TrendRow(held_on, TrendPoint.from_json(text)) for held_on, text in sorted(kept))
