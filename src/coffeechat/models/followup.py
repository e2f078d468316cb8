"""The weeks after the workshop: the participant's contacts and the stage each has reached.

A :class:`Contact` is a person (or an organisation to find a person at) with a **history**: the steps it went
through, each a stage and the day it happened. A contact starts as ``to-write`` or ``written`` and moves only
along :data:`NEXT`: :func:`next_stages` says where, :func:`advance` refuses anything else, a day before the
last step's and a day after today, each with its own ``followup.<reason>``. Guarantees, property-tested in
``tests/unit/test_followup.py``:

- every contact's stages follow :data:`NEXT` from an entry stage, and its days never go backwards: what
  :func:`advance` makes passes :class:`Contact`'s checks, and what passes them is what :func:`advance` can make;
- after a message, one nudge at most; a thank-you leads on to the update only after a conversation;
- :func:`clean_contacts` stores only that (anything else from the websocket is refused with a ui key), and
  :func:`contacts_csv` writes the list for a spreadsheet with no cell a spreadsheet would run as a formula.

What is due when is :mod:`.followup_rhythm`'s. Pure functions, no widgets, no storage.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected, clean_number, date_window
from coffeechat.models.answers import today as server_today
from coffeechat.models.workdays import NO_HOLIDAYS, STATES

Stage = Literal[
    "to-write",
    "written",
    "nudged",
    "replied-yes",
    "replied-not-now",
    "replied-no",
    "scheduled",
    "no-show",
    "met",
    "thanked",
    "update-sent",
]
#: every stage, in the order of a conversation that happens
STAGES: tuple[str, ...] = get_args(Stage)
#: where a contact's history may begin: to write to, or already written to (the plan's contact, say)
ENTRY_STAGES = ("to-write", "written")
#: the stages that may follow each stage (``thanked`` leads on only after a conversation: see :func:`next_stages`)
NEXT: Mapping[str, tuple[str, ...]] = {
    "to-write": ("written",),
    "written": ("replied-yes", "replied-not-now", "replied-no", "nudged"),
    "nudged": ("replied-yes", "replied-not-now", "replied-no"),
    "replied-yes": ("scheduled",),
    "replied-not-now": ("written", "replied-yes", "replied-no"),
    "replied-no": ("thanked",),
    "scheduled": ("met", "no-show"),
    "no-show": ("scheduled",),
    "met": ("thanked",),
    "thanked": ("update-sent",),
    "update-sent": (),
}
#: a participant's day may begin before the server's (another time zone): a step may be dated one day ahead
FUTURE_SLACK = dt.timedelta(days=1)


def _strict_date(value: Any) -> Any:
    """A day as a date or as ISO text (``2026-12-01``): no timestamps, no times, no numbers."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        return dt.date.fromisoformat(value)
    raise ValueError("a day is an ISO date")


Day = Annotated[dt.date, BeforeValidator(_strict_date)]


class Step(BaseModel):
    """One step of a contact's history: the stage reached and the day it happened; a conversation agreed on
    (``scheduled``) may say the day it takes place (``meeting``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: Stage
    day: Day
    meeting: Day | None = None

    @model_validator(mode="after")
    def _meeting_when_agreed(self) -> Step:
        if self.meeting is not None and self.stage != "scheduled":
            raise AnswerRejected("app.error")  # only from the websocket: the page asks only an agreed one's day
        if self.meeting is not None and self.meeting < self.day:
            raise AnswerRejected("followup.meeting_before_agreed", day=self.meeting, last=self.day)
        return self


class Contact(BaseModel):
    """A person, or an organisation to find a person at, and the steps taken with them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^c-[0-9]{1,6}$")
    kind: Literal["person", "organisation"] = "person"
    name: str = Field(default="", max_length=keys.CONTACT_NAME_CHARS)
    role: str = Field(default="", max_length=keys.CONTACT_ROLE_CHARS)
    organisation: str = Field(default="", max_length=keys.CONTACT_ORGANISATION_CHARS)
    #: how the participant is connected to them: a relationship id of the question bank
    relationship: str = Field(default="cold", max_length=40)
    #: how the participant writes to them: a channel id of the outreach content
    channel: str = Field(default="email", max_length=40)
    #: who suggested them (a contact's name, after a conversation): the request says so in its first sentence
    introduced_by: str = Field(default="", max_length=keys.CONTACT_NAME_CHARS)
    #: how the participant knows them or found them, one sentence written to them (the plan asks the same): the
    #: requests to them say it (saved with the contact, so that it survives a reload)
    connection: str = Field(default="", max_length=keys.CONTACT_CONNECTION_CHARS)
    history: tuple[Step, ...] = Field(min_length=1, max_length=keys.FOLLOWUP_HISTORY_MAX)

    @model_validator(mode="after")
    def _steps_in_order(self) -> Contact:
        """The stages follow :data:`NEXT` from an entry stage, on days that never go backwards."""
        if self.history[0].stage not in ENTRY_STAGES:
            raise AnswerRejected("followup.stage_not_allowed", stage=self.history[0].stage, last=None)
        for number in range(1, len(self.history)):
            _check_step(self.history[:number], self.history[number].stage, self.history[number].day)
        return self

    @property
    def stage(self) -> str:
        """The stage reached (the last step's)."""
        return self.history[-1].stage

    @property
    def since(self) -> dt.date:
        """The day of the last step."""
        return self.history[-1].day

    def last(self, stage: str) -> dt.date | None:
        """The day this contact last reached ``stage``, or None."""
        return next((step.day for step in reversed(self.history) if step.stage == stage), None)

    @property
    def meeting(self) -> dt.date | None:
        """The day of the conversation last agreed on, where the participant gave it, else None."""
        return next((step.meeting for step in reversed(self.history) if step.stage == "scheduled"), None)


def _allowed_after(history: Sequence[Step]) -> tuple[str, ...]:
    stage = history[-1].stage
    if stage == "thanked" and not any(step.stage == "met" for step in history):
        return ()  # thanks for a no: that is where it ends
    return NEXT[stage]


def _check_step(history: Sequence[Step], stage: str, day: dt.date) -> None:
    if stage not in _allowed_after(history):
        raise AnswerRejected("followup.stage_not_allowed", stage=stage, last=history[-1].stage)
    if day < history[-1].day:
        raise AnswerRejected("followup.date_before_last", day=day, last=history[-1].day)


def person_key(name: str) -> str:
    """A name as two spellings of one person share it: spaces collapsed, case folded („Frau  özdemir“)."""
    return " ".join(name.split()).casefold()


def same_person(name: str, other: str) -> bool:
    """Whether two names, as typed, name one person (:func:`person_key`); an empty name names no one."""
    return bool(person_key(name)) and person_key(name) == person_key(other)


def new_contact(contact_id: str, day: dt.date, *, written: bool = False, **fields: Any) -> Contact:
    """A contact added on ``day``, to write to or (``written``) written to that day; ``fields`` as
    :class:`Contact` names them (name, role, organisation, kind, relationship, channel, connection)."""
    step = Step(stage="written" if written else "to-write", day=day)
    return Contact.model_validate({**fields, "id": contact_id, "history": (step,)})


def next_contact_id(contacts: Iterable[Contact]) -> str:
    """An id no contact of ``contacts`` has (one more than the highest)."""
    return f"c-{max((int(c.id[2:]) for c in contacts), default=0) + 1}"


def next_stages(contact: Contact) -> tuple[str, ...]:
    """The stages ``contact`` may move to, in the order the page offers them."""
    return _allowed_after(contact.history)


def advance(contact: Contact, stage: str, day: dt.date, today: dt.date | None = None) -> Contact:
    """``contact`` with the step (``stage``, ``day``) added; :class:`AnswerRejected` (``followup.<reason>``) for a
    stage that cannot follow, a day before the last step's or after ``today``, or a full history."""
    today = today or server_today()
    _check_day(day, today)
    _check_step(contact.history, stage, day)
    if len(contact.history) >= keys.FOLLOWUP_HISTORY_MAX:
        raise AnswerRejected("followup.history_full", limit=keys.FOLLOWUP_HISTORY_MAX)
    return contact.model_copy(update={"history": (*contact.history, Step.model_validate({"stage": stage, "day": day}))})


def with_meeting(contact: Contact, day: dt.date, today: dt.date | None = None) -> Contact:
    """``contact``, whose conversation is agreed on (``scheduled``), with the day it takes place; refused
    (:class:`AnswerRejected`) for a contact with no conversation agreed, a day before it was agreed or outside
    the days a participant may choose."""
    today = today or server_today()
    if contact.stage != "scheduled":
        raise AnswerRejected("followup.meeting_not_agreed")
    earliest, latest = _window(today)
    if not earliest <= day <= latest:
        raise AnswerRejected("field.date_out_of_range", earliest=earliest, latest=latest)
    if day < contact.since:
        raise AnswerRejected("followup.meeting_before_agreed", day=day, last=contact.since)
    agreed = contact.history[-1].model_copy(update={"meeting": day})
    return contact.model_copy(update={"history": (*contact.history[:-1], Step.model_validate(agreed.model_dump()))})


def undo(contact: Contact) -> Contact:
    """``contact`` without its last step (a contact keeps its first)."""
    return contact.model_copy(update={"history": contact.history[:-1] or contact.history})


def _window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The days a step may have: five years back (:data:`~.keys.FOLLOWUP_YEARS_BEFORE`) to the end of
    :func:`~.answers.date_window`; of these, only those up to today (and :data:`FUTURE_SLACK`) are taken."""
    try:
        earliest = today.replace(year=today.year - keys.FOLLOWUP_YEARS_BEFORE)
    except ValueError:  # 29 February
        earliest = today.replace(year=today.year - keys.FOLLOWUP_YEARS_BEFORE, day=28)
    return earliest, date_window(today)[1]


def _check_day(day: dt.date, today: dt.date) -> None:
    earliest, latest = _window(today)
    if not earliest <= day <= latest:
        raise AnswerRejected("field.date_out_of_range", earliest=earliest, latest=latest)
    if day > today + FUTURE_SLACK:
        raise AnswerRejected("followup.date_future", day=day)


# --- what is saved -------------------------------------------------------------------------------------


def clean_weekly_goal(value: Any) -> int:
    """A weekly goal: a whole number of new contacts, 1-10."""
    return clean_number(value, keys.WEEKLY_GOAL_MIN, keys.WEEKLY_GOAL_MAX)


def weekly_goal(saved: Any) -> int:
    """The weekly goal saved, or :data:`~.keys.WEEKLY_GOAL_DEFAULT` where none (or no valid one) is."""
    try:
        return clean_weekly_goal(saved)
    except AnswerRejected:
        return keys.WEEKLY_GOAL_DEFAULT


def saved_state(saved: Any) -> str | None:
    """The federal state saved (or :data:`~.workdays.NO_HOLIDAYS`), or None (the nationwide holidays only) where
    none (or no valid one) is."""
    return saved if isinstance(saved, str) and (saved in STATES or saved == NO_HOLIDAYS) else None


def clean_state(value: Any) -> str | None:
    """A federal state's code (:data:`~.workdays.STATES`), :data:`~.workdays.NO_HOLIDAYS` for weekends only, or
    None for the nationwide holidays only."""
    if value is None or (isinstance(value, str) and (value in STATES or value == NO_HOLIDAYS)):
        return value
    raise AnswerRejected("app.error")


def clean_contacts(
    value: Any, relationships: Sequence[str], channels: Sequence[str], today: dt.date | None = None
) -> list[dict[str, Any]]:
    """The contacts to store (a list of :class:`Contact` dicts, dates as ISO text), or :class:`AnswerRejected`.

    Only what the model allows: at most :data:`~.keys.FOLLOWUP_CONTACTS_MAX` contacts with distinct ids, the
    content's ``relationships`` and ``channels``, texts within their limits (kept as typed: HTML and emoji are
    text), histories in :data:`NEXT`'s order on days from five years back to today.
    """
    today = today or server_today()
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise AnswerRejected("app.error")
    if len(value) > keys.FOLLOWUP_CONTACTS_MAX:
        raise AnswerRejected("followup.too_many_contacts", limit=keys.FOLLOWUP_CONTACTS_MAX)
    contacts = [_contact(item) for item in value]
    if len({c.id for c in contacts}) < len(contacts):
        raise AnswerRejected("followup.duplicate_contact")
    for contact in contacts:
        if contact.relationship not in relationships or contact.channel not in channels:
            raise AnswerRejected("app.error")
        for step in contact.history:
            _check_day(step.day, today)
            if step.meeting is not None and not _window(today)[0] <= step.meeting <= _window(today)[1]:
                raise AnswerRejected("field.date_out_of_range", earliest=_window(today)[0], latest=_window(today)[1])
    return [contact.model_dump(mode="json") for contact in contacts]


def _contact(item: dict[str, Any]) -> Contact:
    history = item.get("history")
    if isinstance(history, list) and len(history) > keys.FOLLOWUP_HISTORY_MAX:
        raise AnswerRejected("followup.history_full", limit=keys.FOLLOWUP_HISTORY_MAX)
    try:
        return Contact.model_validate(item)
    except ValidationError as invalid:
        for error in invalid.errors():
            reason = (error.get("ctx") or {}).get("error")
            if isinstance(reason, AnswerRejected):
                raise reason from None
            if error["type"] == "string_too_long":
                limit = error["ctx"]["max_length"]
                raise AnswerRejected("field.too_long", limit=limit, length=len(error["input"])) from None
        raise AnswerRejected("app.error") from None


def load_contacts(value: Any) -> tuple[Contact, ...]:
    """The saved contacts that are still contacts (a damaged entry, or a second one with the same id, is left
    out; the rest kept)."""
    if not isinstance(value, list):
        return ()
    found: dict[str, Contact] = {}
    for item in value:
        try:
            contact = Contact.model_validate(item)
        except (ValidationError, ValueError):
            continue
        found.setdefault(contact.id, contact)
    return tuple(found.values())


# --- out of the kit: a spreadsheet ------------------------------------------------------------------

#: the spreadsheet's columns, in order; their headings are ``labels[column]``
CSV_COLUMNS = ("name", "kind", "role", "organisation", "relationship", "channel", "stage", "since", "history")
#: what a spreadsheet would take for the start of a formula (=1+1, @SUM, a tab or return before one)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def contacts_csv(contacts: Iterable[Contact], language: str, labels: Mapping[str, str]) -> str:
    """The contacts as CSV for a spreadsheet, with a byte order mark (so that umlauts stay umlauts).

    ``labels`` gives the headings (by :data:`CSV_COLUMNS`) and the words for ids (``stage.<id>``,
    ``kind.<id>``, ``relationship.<id>``, ``channel.<id>``); an id without one is written as it is. German
    spreadsheets expect a semicolon between cells (the comma is their decimal sign), English ones a comma.
    Dates are ISO (``2026-12-01``), which every spreadsheet reads as a date.
    """
    say = lambda prefix, value: labels.get(f"{prefix}.{value}", value)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "de" else ",", lineterminator="\r\n")
    writer.writerow([_cell(labels.get(column, column)) for column in CSV_COLUMNS])
    for c in contacts:
        history = "; ".join(f"{say('stage', step.stage)} {step.day.isoformat()}" for step in c.history)
        row = [c.name, say("kind", c.kind), c.role, c.organisation, say("relationship", c.relationship)]
        row += [say("channel", c.channel), say("stage", c.stage), c.since.isoformat(), history]
        writer.writerow([_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()
