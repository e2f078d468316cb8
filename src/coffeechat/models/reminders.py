"""The follow-through after the workshop: the commitment, and when to write, nudge, thank and report back.

The commitment says whom the participant contacts, by when (the day they send their message) and, once
agreed, the day of the conversation itself. Two different days, and every reminder hangs on the right one:

- send the message: on the day committed to;
- nudge once if there is no reply: a working week (5 working days) after sending (unless a conversation is
  agreed), then let it go;
- say thank you: within 24 hours of the conversation, on the day after it when that is a working day, else on
  the day of the conversation itself;
- tell them what came of their advice: about four weeks (20 working days) after the conversation.

The days the kit works out itself land on working days (:mod:`.workdays`): no nudge on a Sunday or on Christmas
Day. Without a federal state (``followup.state``) the holidays every state keeps count, with one its own.

A conversation before the day of sending cannot be: until the participant puts it right (the wrap-up says
so, :func:`date_problems`), no reminder hangs on it, so the reminders and the calendar never show the
conversation before the request.

:func:`calendar_file` turns these, and the coming next steps the participant dated in the fear modules
(:func:`next_step_reminders`), into an iCalendar file (made by the ``icalendar`` library), one all-day event
each, for whatever calendar the participant uses; :func:`has_calendar` says whether there is anything to
put in one (the pages offer no empty calendar). Pure functions, no widgets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from coffeechat.content import Workshop
from coffeechat.models import keys
from coffeechat.models.answers import date_window
from coffeechat.models.answers import today as server_today
from coffeechat.models.builder import described_contact, request_from_answers
from coffeechat.models.dates import as_date, long_date
from coffeechat.models.followup import saved_state
from coffeechat.models.outreach import REQUEST_KIND, home_message, saved_channel
from coffeechat.models.short import at_a_word
from coffeechat.models.workdays import add_working_days, holidays_for, is_working_day

#: working days from sending to the one nudge (a working week) and from the conversation to the update (four)
NUDGE_AFTER_WORKING_DAYS, UPDATE_AFTER_WORKING_DAYS = 5, 20
THANKS_WITHIN = dt.timedelta(days=1)
UPDATE_AFTER = dt.timedelta(weeks=4)
#: the channels a commitment may name (the wrap-up's choices)
CHANNELS = ("email", "linkedin", "xing", "phone", "in-person")
DRAFTS = ("builder", "new")


@dataclass(frozen=True)
class Reminder:
    """One dated step of the follow-through, with a title for the calendar and a text to go with it."""

    kind: str
    day: dt.date
    title: str
    text: str
    #: what else tells two reminders of the same kind, day and title apart (two contacts of the same name)
    key: str = ""


def suggested_due(
    workshop: Workshop, answers: Mapping[str, Any], today: dt.date | None = None
) -> tuple[dt.date, str] | None:
    """The earliest day, from ``today`` on, the participant gave a next step of a fear module, with that fear's id
    (the first fear's on a tie); None without one (a past day, or one beyond the days one may choose, counts not)."""
    first, last = date_window(today)
    today = today or server_today()
    found = []
    for order, fear in enumerate(workshop.fears):
        day = as_date(answers.get(keys.next_step(fear.id, "due")))
        if day is not None and today <= day <= last and day >= first:
            found.append((day, order, fear.id))
    return (min(found)[0], min(found)[2]) if found else None


def commitment(
    workshop: Workshop, answers: Mapping[str, Any], today: dt.date | None = None, language: str | None = None
) -> dict[str, Any]:
    """The commitment as saved, with what the participant said before where nothing is saved yet.

    The day to write defaults to the earliest coming day of their own dated next steps in the fear modules
    (:func:`suggested_due`, from ``today`` on: the server's day by default). The contact of the plan is the
    default "whom" (in ``language``, the workshop's first by default: „Frau Ölmez (UX-Designerin im Bereich
    öffentlicher Nahverkehr)“, :func:`~coffeechat.models.builder.described_contact`); the channel of the request
    the take-home carries (the plan's outreach channel, or the channel of the complete rewrite that goes home in
    its place: :func:`~coffeechat.models.outreach.home_message`) the default channel, so that the end screen
    names the channel the take-home's request is written for; and the plan's draft the default message. The day
    of the conversation has no default. What is saved always wins.
    """
    saved = {name: answers.get(keys.commitment(name)) for name in keys.COMMITMENT_FIELDS}
    suggested = suggested_due(workshop, answers, today)
    if not saved["due"] and suggested:
        saved["due"] = suggested[0].isoformat()
    if answers.get(keys.BUILDER_REQUEST):
        request = request_from_answers(workshop.bank, [f.id for f in workshop.fears], answers)
        who = described_contact(workshop, request, language or workshop.default_language)
        channel = saved_channel(workshop, REQUEST_KIND, answers)
        if not saved["channel"]:
            home = home_message(workshop, REQUEST_KIND, answers, workshop.default_language)
            channel = home[0] if home else channel
        defaults = {"who": who or None, "channel": channel if channel in CHANNELS else None, "draft": "builder"}
        saved = {name: value if value else defaults.get(name) for name, value in saved.items()}
    return saved


def follow_through(
    workshop: Workshop, answers: Mapping[str, Any], language: str, today: dt.date | None = None
) -> list[Reminder]:
    """The dated reminders the commitment calls for, in date order (none before a date is set); ``today`` as in
    :func:`commitment`."""
    t = lambda key: workshop.t(key, language)
    promise = commitment(workshop, answers, today, language)
    who = str(promise["who"] or "").strip()
    due, talk = as_date(promise["due"]), as_date(promise["talk"])

    def reminder(kind: str, day: dt.date | None, prefix: str = "") -> list[Reminder]:
        """The reminder on ``day``; none for a day past the end of the calendar (a date saved before dates were
        checked, 9999-12-31)."""
        if day is None or day >= dt.date.max:
            return []
        title = t(f"reminder.{kind}.title")
        return [Reminder(kind, day, f"{title} – {who}" if who else title, prefix + t(f"reminder.{kind}.text"))]

    if due and talk and talk < due:
        talk = None  # an impossible order: the reminders keep to what can be planned (the page says why)
    years = [day.year for day in (due, talk) if day]  # a span of 20 working days ends within the next year
    span = range(min(years), min(max(years) + 2, dt.MAXYEAR + 1)) if years else range(0)
    free = holidays_for(saved_state(answers.get(keys.FOLLOWUP_STATE)), span)
    found: list[Reminder] = []
    if due:
        channel = t(f"wrapup.channel.{promise['channel']}") if promise["channel"] in CHANNELS else ""
        found += reminder("contact", due, f"{channel}: " if channel else "")
        if not talk:  # once a conversation is agreed, there was a reply: nothing to nudge
            found += reminder("nudge", _working_days_later(due, NUDGE_AFTER_WORKING_DAYS, free))
    if talk:
        found += reminder("talk", talk) + reminder("thanks", _thanks_day(talk, free))
        found += reminder("update", _working_days_later(talk, UPDATE_AFTER_WORKING_DAYS, free))
    return sorted(found, key=lambda reminder: reminder.day)


def has_calendar(workshop: Workshop, answers: Mapping[str, Any]) -> bool:
    """Whether a calendar file would hold anything: a reminder with a date (no date committed to, no file;
    the pages then offer no calendar and say why, ``end.no_calendar``)."""
    return bool(follow_through(workshop, answers, workshop.default_language))


def date_problems(due: dt.date | None, talk: dt.date | None, today: dt.date) -> list[tuple[str, dict[str, dt.date]]]:
    """What is wrong with the commitment's dates, as (ui key, dates to name) pairs, in the order the page
    shows them: a day to send already past, a conversation already past, a conversation before the sending
    (one message for a conversation: its being past says enough)."""
    problems: list[tuple[str, dict[str, dt.date]]] = []
    if due and due < today:
        problems.append(("wrapup.due_past", {"day": due}))
    if talk and talk < today:
        problems.append(("wrapup.talk_past", {"day": talk}))
    elif due and talk and talk < due:
        problems.append(("wrapup.talk_before_due", {"talk": talk, "due": due}))
    return problems


def _working_days_later(day: dt.date, count: int, holidays: frozenset[dt.date]) -> dt.date | None:
    """The ``count``-th working day after ``day``, or None when that is past the last day the calendar knows."""
    try:
        return add_working_days(day, count, holidays)
    except OverflowError:
        return None


def _thanks_day(talk: dt.date, holidays: frozenset[dt.date]) -> dt.date | None:
    """The day to say thank you: the day after the conversation when it is a working day, else the day of the
    conversation itself (within 24 hours either way); None past the last day the calendar knows."""
    try:
        after = talk + THANKS_WITHIN
    except OverflowError:
        return None
    return after if is_working_day(after, holidays) else talk


def reminder_lines(workshop: Workshop, answers: Mapping[str, Any], language: str, part: str = "") -> list[str]:
    """What the wrap-up says under the commitment: each reminder with its date, as people write dates. Without a
    date for the conversation, where to enter it: on the page under the field's name; with ``part`` (the
    take-home, which has no „oben“) in that part of the app, with the code."""
    lines = [f"{long_date(r.day, workshop, language)}: {r.title}" for r in follow_through(workshop, answers, language)]
    if not as_date(commitment(workshop, answers, language=language)["talk"]):
        key = "reminder.talk_unknown_paper" if part else "reminder.talk_unknown"
        lines.append(workshop.t(key, language, part=part))
    return lines


#: how much of a next step's words the title of its calendar event quotes (the whole step is in its text)
STEP_TITLE_CHARS = 60


def next_step_reminders(
    workshop: Workshop, answers: Mapping[str, Any], language: str, today: dt.date | None = None
) -> list[Reminder]:
    """The next steps the participant dated in the fear modules, from ``today`` on (the server's day by default),
    as reminders in date order: "My next step – <their words>", the fear and the whole step in the text. The
    same words on the same day in two fears are one reminder (the first fear's)."""
    first, last = date_window(today)
    today = max(today or server_today(), first)
    t = lambda key, **values: workshop.t(key, language, **values)
    found: dict[tuple[dt.date, str], Reminder] = {}
    for fear in workshop.fears:
        day = as_date(answers.get(keys.next_step(fear.id, "due")))
        if day is None or not today <= day <= last:
            continue
        saved = answers.get(keys.next_step(fear.id, "action"))
        action = " ".join(saved.split()) if isinstance(saved, str) else ""
        if (day, action.casefold()) in found:
            continue
        short = at_a_word(action, STEP_TITLE_CHARS)
        title = t("reminder.next_step.title") + (f" – {short}" if short else "")
        text = t("reminder.next_step.text", fear=fear.title[language]) + (f"\n\n{action}" if action else "")
        found[day, action.casefold()] = Reminder("next-step", day, title, text, key=fear.id)
    return sorted(found.values(), key=lambda reminder: reminder.day)


def calendar_file(
    workshop: Workshop,
    answers: Mapping[str, Any],
    language: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The reminders as an iCalendar file: one all-day event each, with an alert at 9 o'clock that day; the day
    to write carries the request as the take-home does (the one for the channel committed to, complete). Beside
    them each coming next step of the fear modules (:func:`next_step_reminders`), each once."""
    home = home_message(workshop, REQUEST_KIND, answers, language)
    draft = home[1] if home else None
    found = [
        replace(r, text=f"{r.text}\n\n{draft.strip()}")
        if r.kind == "contact" and isinstance(draft, str) and draft.strip()
        else r
        for r in follow_through(workshop, answers, language, today)
    ]
    found += next_step_reminders(workshop, answers, language, today)
    unique = {(r.kind, r.day, r.title, r.key): r for r in sorted(found, key=lambda reminder: reminder.day)}
    return ics(list(unique.values()), workshop.manifest.title[language], now)


def ics(reminders: Sequence[Reminder], calendar_name: str, now: dt.datetime | None = None) -> bytes:
    """``reminders`` as an iCalendar file: one all-day event each, with an alert at 9 o'clock that day (the
    wrap-up's commitment, :func:`calendar_file`; the next steps of the weeks after, :mod:`.followup`)."""
    from icalendar import Alarm, Calendar, Event  # here: 2.5 MB in each kernel, for those who download one

    now = now or dt.datetime.now(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//coffeechat//follow-through//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    for reminder in reminders:
        event = Event()
        name = f"{reminder.kind}:{reminder.day}:{reminder.title}" + (f":{reminder.key}" if reminder.key else "")
        digest = hashlib.sha256(name.encode()).hexdigest()[:16]
        event.add("uid", f"{reminder.kind}-{reminder.day.isoformat()}-{digest}@coffeechat.invalid")
        event.add("dtstamp", now)
        event.add("dtstart", reminder.day)
        event.add("dtend", reminder.day + dt.timedelta(days=1))
        event.add("summary", reminder.title)
        event.add("description", reminder.text)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder.title)
        alarm.add("trigger", dt.timedelta(hours=9))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
