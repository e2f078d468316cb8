"""The session report's figures: what a coach may keep of a room, anonymous, computed from what the room stored.

Pure: :func:`session_figures` takes the members' answers (by anonymous member id, as
:meth:`coffeechat.storage.room_records.RoomStore.answers` gives them), the word wall, the feedback and the room's
state, and returns :class:`SessionFigures`; :mod:`coffeechat.documents.session_report` lays them out as a PDF,
PNG charts and CSV.

Guarantees (``tests/unit/test_session_report.py``):

- every aggregate follows the room's rule (:data:`coffeechat.room.model.MIN_GROUP`): a distribution or a mean is
  None below 3 contributions, a module's count of people who finished it is left out below 3;
- a room of fewer than 3 participants gets no figures at all (:attr:`SessionFigures.too_few`): the report says so;
- nothing identifies a person: no code, no member id, no name; of the free text only word-wall answers that were
  on the wall of a question the coach revealed, and feedback comments the coach approved.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coffeechat.models import keys
from coffeechat.room import model as room
from coffeechat.room.model import (
    Change,
    Distribution,
    FeedbackEntry,
    Ratings,
    RoomState,
    WordEntry,
    WordFilter,
)

#: the answers a report reads of each member (ratings, progress, the commitment)
REPORT_PREFIXES = ("welcome.rating.", "wrapup.rating.", "progress.", "wrapup.commit.")


@dataclass(frozen=True)
class WallQuestion:
    """A word-wall question the coach revealed, and the answers that were on the wall (None: fewer than 3)."""

    number: int
    question: str
    shown: tuple[str, ...] | None


@dataclass(frozen=True)
class Event:
    """One move of the coach, as the run sheet lists it."""

    at: float
    kind: str
    detail: str


@dataclass(frozen=True)
class SessionFigures:
    """Everything the report shows; every field is an aggregate (see the module's guarantees)."""

    participants: int
    #: fewer than :data:`MIN_GROUP` participants: no figures (every field below is empty or None)
    too_few: bool
    finished: dict[str, int] | None
    before: dict[str, Distribution | None]
    after: dict[str, Distribution | None]
    change: dict[str, Change | None]
    #: how many committed to a first contact (None below 3)
    committed: int | None
    #: the days they mean to write by, counted by week (the week's Monday, count); None below 3 dated
    due_weeks: tuple[tuple[dt.date, int], ...] | None
    wall: tuple[WallQuestion, ...]
    ratings: Ratings | None
    comments: tuple[str, ...]
    run_sheet: tuple[Event, ...]


def _ratings(person: Mapping[str, Any], moment: str, fear_ids: Sequence[str]) -> dict[str, Any]:
    return {fear_id: person.get(keys.rating(moment, fear_id)) for fear_id in fear_ids}


def _due(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def commitments(people: Sequence[Mapping[str, Any]]) -> tuple[int | None, tuple[tuple[dt.date, int], ...] | None]:
    """How many named a first contact (None below 3), and their days to write by counted by week (the week's
    Monday), over those who named one and a day; None below 3 such days."""
    committed = [
        p for p in people if isinstance(p.get(keys.commitment("who")), str) and p[keys.commitment("who")].strip()
    ]
    days = [day for day in (_due(p.get(keys.commitment("due"))) for p in committed) if day is not None]
    weeks = Counter(day - dt.timedelta(days=day.weekday()) for day in days)
    count = len(committed) if len(committed) >= room.MIN_GROUP else None
    by_week = tuple(sorted(weeks.items())) if len(days) >= room.MIN_GROUP else None
    return count, by_week


def revealed_questions(state: RoomState) -> set[int]:
    """The numbers of the questions whose wall the coach revealed (recorded moves, and the current one)."""
    numbers = {int(detail) for _at, kind, detail in state.events if kind == "reveal" and detail.isdigit()}
    if state.revealed and state.question_number:
        numbers.add(state.question_number)
    return numbers


def wall_questions(
    state: RoomState, entries: Mapping[int, Iterable[WordEntry]], word_filter: WordFilter = room.NO_FILTER
) -> tuple[WallQuestion, ...]:
    """Each question the coach revealed, with the answers the wall showed (as the projector's rule says: approved
    or approved automatically, not hidden, not filtered, and only with at least 3 of them)."""
    revealed = revealed_questions(state)
    questions = []
    for number, question in enumerate(state.asked, start=1):
        if number not in revealed or not question:
            continue
        wall = room.word_wall(entries.get(number, ()), True, state.auto_approve, word_filter)
        questions.append(WallQuestion(number, question, None if wall is None else tuple(e.text for e in wall)))
    return tuple(questions)


def session_figures(
    answers: Mapping[str, Mapping[str, Any]],
    fear_ids: Sequence[str],
    module_ids: Sequence[str],
    state: RoomState,
    words: Mapping[int, Iterable[WordEntry]],
    feedback: Iterable[FeedbackEntry],
    word_filter: WordFilter = room.NO_FILTER,
) -> SessionFigures:
    """The report's figures of one room (see the module's guarantees)."""
    people = list(answers.values())
    run_sheet = tuple(Event(*event) for event in state.events)
    if len(people) < room.MIN_GROUP:
        return SessionFigures(len(people), True, None, {}, {}, {}, None, None, (), None, (), run_sheet)
    entries = list(feedback)
    committed, due_weeks = commitments(people)
    return SessionFigures(
        participants=len(people),
        too_few=False,
        finished=room.finished_per_module(
            ({m: p.get(keys.progress(m)) for m in module_ids} for p in people), module_ids
        ),
        before=room.fear_distribution((_ratings(p, "welcome", fear_ids) for p in people), fear_ids),
        after=room.fear_distribution((_ratings(p, "wrapup", fear_ids) for p in people), fear_ids),
        change=room.before_after(
            ((_ratings(p, "welcome", fear_ids), _ratings(p, "wrapup", fear_ids)) for p in people), fear_ids
        ),
        committed=committed,
        due_weeks=due_weeks,
        wall=wall_questions(state, words, word_filter),
        ratings=room.rating_distribution(entries),
        comments=tuple(room.published_comments(entries)),
        run_sheet=run_sheet,
    )
