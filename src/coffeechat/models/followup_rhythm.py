"""What is due in the weeks after the workshop: the 3B7 rhythm, the replies, the thank-you and the update.

From the contacts' histories (:mod:`.followup`) and today, :func:`due` lists every next step with its day and
how urgent it is; :func:`summary` counts them for the greeting of a returning participant; :func:`stall_reason`
says when a contact has gone quiet for good; :func:`weekly_counts` feeds the small chart of the weekly goal.
Guarantees, property-tested in ``tests/unit/test_followup.py``:

- the **3B7 rhythm** (Steve Dalton, *The 2-Hour Job Search*): a message written on day D with no reply asks,
  3 working days later, for a second person at that organisation (unless the list has someone there already)
  and, 7 working days later, for one nudge; after the nudge, no more nudges: 7 working days on, the contact
  has stalled and asks for nothing more;
- a yes asks for a reply at once (times and a place), a "not now" for a gentle check-in 4 weeks later, a no
  for thanks and "whom else could I ask?" at once, a no-show for a new date at once, a conversation for a
  thank-you the next day and an update about four weeks after it (the wrap-up's reminders, :mod:`.reminders`,
  keep about the same spans, moved onto working days); a contact updated after the conversation asks for
  nothing more;
- :func:`due` lists each contact at most once per kind, most urgent first;
- the first request to the contact the wrap-up's commitment names is due on the commitment's day, not on the
  day the contact was added (:func:`planned_requests`); any other contact to write to is due when added;
- the weekly counts add up to the written, replied and met steps, week by week without gaps.

Working days as :mod:`.workdays` counts them. Pure functions, no widgets, no storage.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from coffeechat.models.followup import Contact
from coffeechat.models.reminders import THANKS_WITHIN, UPDATE_AFTER, Reminder
from coffeechat.models.workdays import add_working_days, holidays_for

#: what can be due, each the id of a message template: most urgent kinds first when due the same day
DUE_KINDS = (
    "meeting",
    "thank-you",
    "reply-yes",
    "reschedule",
    "reply-no",
    "nudge",
    "second-person",
    "request",
    "find-person",
    "reply-not-now",
    "update",
)
#: the stage a due item's "done" records: a message sent moves its contact on (None: the second person is done by
#: adding them, a contact of their own; a person at an organisation, by writing their name into the contact). A
#: reply to a yes offers times and a place: done once the date stands (the page's button says so).
DONE_STAGE: Mapping[str, str | None] = {
    "meeting": "met",
    "request": "written",
    "find-person": None,
    "second-person": None,
    "nudge": "nudged",
    "reply-yes": "scheduled",
    "reply-not-now": "written",
    "reply-no": "thanked",
    "reschedule": "scheduled",
    "thank-you": "thanked",
    "update": "update-sent",
}
#: the stages at which the participant waits for the other side: the page asks what has happened since
WAITING_STAGES = ("written", "nudged", "replied-not-now", "scheduled")
#: how urgent a due item is: past its day, on it, later this (ISO, Monday-Sunday) week, after it
STATUSES = ("overdue", "today", "this-week", "later")
#: the 3B7 rhythm: a second person after 3 working days without reply, the one nudge after 7
SECOND_PERSON_AFTER, NUDGE_AFTER = 3, 7
#: working days after the nudge without reply until the contact counts as stalled
STALLED_AFTER = 7
#: a "not now": a gentle check-in about four weeks later
CHECK_IN_AFTER = dt.timedelta(weeks=4)


def _holidays_around(contacts: Sequence[Contact], state: str | None, today: dt.date) -> frozenset[dt.date]:
    """The holidays any working-day span of these contacts can cross (a span of 7 working days ends within
    the next year): the federal state's, or without one those every state keeps (as the wrap-up's reminders)."""
    years = {step.day.year for contact in contacts for step in contact.history} | {today.year}
    return holidays_for(state, range(min(years), max(years) + 2))


# --- what is due ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """One next step: for which contact, what to do (a :data:`DUE_KINDS` id), by when and how urgent it is."""

    contact_id: str
    kind: str
    day: dt.date
    status: str


def _organisation(contact: Contact) -> str:
    return " ".join(contact.organisation.casefold().split())


def promised_contact(contacts: Iterable[Contact], who: str) -> Contact | None:
    """The contact the commitment names: ``who`` as the wrap-up says it („Frau Ölmez (UX-Designerin …)“) starts
    with the contact's whole name; ``None`` where no contact is named so."""
    said = " ".join(who.casefold().split())
    for contact in contacts:
        name = " ".join(contact.name.casefold().split())
        if name and said.startswith(name) and (len(said) == len(name) or not said[len(name)].isalnum()):
            return contact
    return None


def planned_requests(contacts: Iterable[Contact], who: str, day: dt.date | None) -> dict[str, dt.date]:
    """The day of the first request the commitment plans, for the contact it names (:func:`promised_contact`).
    Only a contact still to write to; nothing without a day."""
    named = promised_contact((contact for contact in contacts if contact.stage == "to-write"), who)
    return {named.id: day} if named is not None and day is not None else {}


def _pending(
    contact: Contact,
    others_there: bool,
    holidays: frozenset[dt.date],
    today: dt.date,
    planned: dt.date | None = None,
) -> list[tuple[str, dt.date]]:
    """What ``contact`` waits for, as (kind, day). After the nudge only the second person, until the contact
    stalls: then nothing (the page offers the reframe instead)."""
    stage, since = contact.stage, contact.since
    found: list[tuple[str, dt.date]] = []
    quiet = stage == "nudged" and today >= add_working_days(since, STALLED_AFTER, holidays)
    if stage in ("written", "nudged") and _organisation(contact) and not others_there and not quiet:
        written_day = contact.last("written") or since
        found.append(("second-person", add_working_days(written_day, SECOND_PERSON_AFTER, holidays)))
    if stage == "written":
        found.append(("nudge", add_working_days(since, NUDGE_AFTER, holidays)))
    looking = contact.kind == "organisation" and not contact.name.strip()  # no one there to write to yet
    simple = {
        "to-write": ("find-person" if looking else "request", planned or since),
        "replied-yes": ("reply-yes", since),
        "replied-not-now": ("reply-not-now", since + CHECK_IN_AFTER),
        "replied-no": ("reply-no", since),
        "no-show": ("reschedule", since),
        "met": ("thank-you", since + THANKS_WITHIN),
    }
    if stage in simple:
        found.append(simple[stage])
    if stage == "scheduled" and contact.meeting:
        found.append(("meeting", contact.meeting))  # the conversation itself: afterwards, how it went
    met = contact.last("met")
    if stage == "thanked" and met:
        found.append(("update", max(met + UPDATE_AFTER, since)))
    return found


def status(day: dt.date, today: dt.date) -> str:
    """How urgent something due on ``day`` is (:data:`STATUSES`)."""
    if day < today:
        return "overdue"
    if day == today:
        return "today"
    return "this-week" if day.isocalendar()[:2] == today.isocalendar()[:2] else "later"


def due(
    contacts: Sequence[Contact],
    today: dt.date,
    holidays_state: str | None = None,
    planned: Mapping[str, dt.date] | None = None,
) -> list[Due]:
    """Every next step of ``contacts``, most urgent first: by status, then day, then kind (:data:`DUE_KINDS`).
    ``planned``: contact id → the day its first request is planned for (:func:`planned_requests`)."""
    planned = planned or {}
    holidays = _holidays_around(contacts, holidays_state, today)
    at = Counter(_organisation(c) for c in contacts if _organisation(c))
    items = [
        Due(contact.id, kind, day, status(day, today))
        for contact in contacts
        for kind, day in _pending(contact, at[_organisation(contact)] > 1, holidays, today, planned.get(contact.id))
    ]
    return sorted(
        items, key=lambda i: (STATUSES.index(i.status), i.day, DUE_KINDS.index(i.kind), _number(i.contact_id))
    )


def _number(contact_id: str) -> int:
    return int(contact_id[2:]) if contact_id[2:].isdigit() else 0


def pressing(items: Iterable[Due], contacts: Iterable[Contact]) -> bool:
    """Whether something has come due since the participant last recorded a step with its contact: anything
    overdue, or due today on a later day than that step (a participant who comes back then opens at it). A first
    message due the day the contact was added is not: that participant is at work on it (a reload in the
    workshop stays where it was)."""
    last = {contact.id: contact.since for contact in contacts}
    return any(
        item.status == "overdue" or (item.status == "today" and item.day > last.get(item.contact_id, item.day))
        for item in items
    )


class SummaryLine(NamedTuple):
    """``number`` items of ``kind`` are ``status`` ("two nudges due today")."""

    status: str
    kind: str
    number: int


def summary(items: Iterable[Due]) -> list[SummaryLine]:
    """What a returning participant is greeted with: counts by status and kind, overdue first; nothing later
    than this week (the words come from ui.yaml)."""
    counts = Counter((i.status, i.kind) for i in items if i.status != "later")
    return [
        SummaryLine(status, kind, counts[status, kind])
        for status in STATUSES
        for kind in DUE_KINDS
        if counts[status, kind]
    ]


def stall_reason(contact: Contact, today: dt.date, holidays_state: str | None = None) -> str | None:
    """Why ``contact`` has stalled: ``"no"`` after a no, ``"no-reply"`` once the nudge has had
    :data:`STALLED_AFTER` working days without reply; None while it has not (the page then offers the
    reframe of the matching fear)."""
    if any(step.stage == "replied-no" for step in contact.history):
        return "no"
    if contact.stage == "nudged":
        holidays = _holidays_around([contact], holidays_state, today)
        if today >= add_working_days(contact.since, STALLED_AFTER, holidays):
            return "no-reply"
    return None


def stalled(contact: Contact, today: dt.date, holidays_state: str | None = None) -> bool:
    """Whether ``contact`` has stalled (:func:`stall_reason`)."""
    return stall_reason(contact, today, holidays_state) is not None


# --- the week ------------------------------------------------------------------------------------------


class WeekCount(NamedTuple):
    """Messages written, replies received and conversations held in one ISO week (``"2026-W49"``)."""

    week: str
    sent: int
    replied: int
    met: int


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_counts(contacts: Iterable[Contact], until: dt.date | None = None) -> list[WeekCount]:
    """Written / replied / met steps by ISO week, from the first week with a step to the last (or to the week of
    ``until``), weeks without any included, for a small chart."""
    counted: dict[str, Counter[str]] = {}
    days = []
    for contact in contacts:
        for step in contact.history:
            what = "replied" if step.stage.startswith("replied-") else step.stage
            counted.setdefault(_week(step.day), Counter())[what] += 1
            days.append(step.day)
    if not days:
        return []
    monday = min(days) - dt.timedelta(days=min(days).weekday())
    last = max([*days, until] if until else days)
    weeks = []
    while monday <= last:
        count = counted.get(_week(monday), Counter())
        weeks.append(WeekCount(_week(monday), count["written"], count["replied"], count["met"]))
        monday += dt.timedelta(weeks=1)
    return weeks


def written_in_week(contacts: Iterable[Contact], today: dt.date) -> int:
    """New contacts written to in ``today``'s week: those whose first message falls in it (the weekly goal)."""
    week = _week(today)
    firsts = (next((s.day for s in c.history if s.stage == "written"), None) for c in contacts)
    return sum(1 for day in firsts if day and _week(day) == week)


# --- out of the kit: a calendar ---------------------------------------------------------------------


def calendar_events(
    items: Iterable[Due],
    contacts: Iterable[Contact],
    titles: Mapping[str, str],
    texts: Mapping[str, str] | None = None,
) -> list[Reminder]:
    """Each due item as a calendar reminder, „<title of its kind> – <contact>“, for
    :func:`~.reminders.ics` to write (``titles`` and ``texts`` by kind, from ui.yaml)."""
    by_id = {c.id: c for c in contacts}
    events = []
    for item in items:
        contact = by_id.get(item.contact_id)
        who = (contact.name or contact.organisation).strip() if contact else ""
        if contact and item.kind == "second-person" and contact.organisation.strip():
            who = contact.organisation.strip()  # someone new there, not the person who has not answered
        title = titles.get(item.kind, item.kind)
        text = (texts or {}).get(item.kind, "")
        events.append(Reminder(item.kind, item.day, f"{title} – {who}" if who else title, text, key=item.contact_id))
    return events
