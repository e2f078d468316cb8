"""The end of the journey: what its one screen says (the wrap-up's last step), as pure rules, no widgets.

Guarantees (``tests/unit/test_ending.py``):

- The next step is one sentence with its date, from the commitment as the wrap-up shows it (the conversation
  plan's contact and channel are its defaults, :func:`~coffeechat.models.reminders.commitment`); it names the
  contact (in German as the sentence's object: "Herrn Brückner"), and the channel when one is chosen. Without
  a usable date there is no next step (None): the screen then says so in one line and offers the way back to
  the commitment.
- A date is written as people write it (:func:`~coffeechat.models.dates.long_date`), never as ISO.
- The fear profile is the ratings of the welcome ("before") and of the wrap-up ("after"), one pair per fear in
  the workshop's order; a rating that is not a number from 0 to 10 counts as not given. ``rated`` says whether
  there is anything to draw.
- It says how many of the fears the participant faced (a fear module counts once it is done, as the stepper
  counts it, and something is written in it): all of them, „2 von 4“ with the ones still open named, or nothing
  about fears when none is done; never „vier“ for fewer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coffeechat.content import Workshop
from coffeechat.models import keys
from coffeechat.models.dates import as_date, long_date
from coffeechat.models.followup import load_contacts
from coffeechat.models.followup_rhythm import promised_contact
from coffeechat.models.reminders import CHANNELS, commitment


@dataclass(frozen=True)
class Ending:
    """What the end screen shows: the ratings before and after (one pair per fear) and the next step."""

    before: tuple[int | None, ...]
    after: tuple[int | None, ...]
    #: the next step in one sentence with its date; None while the commitment has no date
    next_step: str | None
    #: how many of the fears were faced, in one sentence; empty when no fear module is done
    faced: str = ""
    #: whether the weeks after recorded the first message promised as written (the closing line then says so)
    written: bool = False

    @property
    def rated(self) -> bool:
        """Whether any fear is rated, before or after (else there is no profile to draw)."""
        return any(value is not None for value in (*self.before, *self.after))


def _rating(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and keys.RATING_MIN <= value <= keys.RATING_MAX:
        return value
    return None


def as_object(who: str, language: str) -> str:
    """The contact as the object of a German sentence ("bitten Sie Herrn Brückner", "Herrn Brückner schreiben"):
    a name given as one addresses the person ("Herr Brückner") takes "Herrn"; anything else stays as written."""
    if language == "de" and who.startswith("Herr "):
        return "Herrn " + who[len("Herr ") :]
    return who


def written_on(answers: Mapping[str, Any], who: str) -> dt.date | None:
    """The day the weeks after recorded the first message to ``who`` (the commitment's words, „Frau Ölmez
    (UX-Designerin …)“) as written; None while the contact it names is still to write to, or not on the list."""
    contact = promised_contact(load_contacts(answers.get(keys.FOLLOWUP_CONTACTS)), who)
    return contact.last("written") if contact is not None else None


def next_step(workshop: Workshop, answers: Mapping[str, Any], language: str) -> str | None:
    """The committed first step in one sentence with its date ("By 4 December 2026 you ask Ms Ölmez for a
    conversation (LinkedIn)."); once the weeks after recorded that message as written, what comes after it, with
    the day it was written (a walk was asked at the end to write to someone it had written to); None without a
    date that can be planned with."""
    promise = commitment(workshop, answers, language=language)
    due = as_date(promise["due"])
    if due is None or due >= dt.date.max:
        return None
    t = lambda key, **values: workshop.t(key, language, **values)
    said = " ".join(str(promise["who"] or "").split())
    written = written_on(answers, said) if said else None
    if written is not None:
        where = workshop.module_short("follow-through", language)
        return t(
            "wrapup.end_written", day=long_date(written, workshop, language), who=as_object(said, language), where=where
        )
    who = as_object(said, language) or t("wrapup.end_someone")
    day = long_date(due, workshop, language)
    channel = promise["channel"]
    if channel in CHANNELS:
        return t("wrapup.end_next_channel", due=day, who=who, channel=t(f"wrapup.channel.{channel}"))
    return t("wrapup.end_next", due=day, who=who)


def faced(workshop: Workshop, answers: Mapping[str, Any], language: str) -> str:
    """How many of the fears the participant faced, in one sentence that names the ones still open („Sie haben sich
    1 von 4 Ängsten mit eigenen Antworten gestellt; noch nicht: „Nicht bereit“, …“); empty when no fear module is
    done. A walk clicked through every part and read „alle 9 Teile“ beside „1 der 4 Ängste“ as a contradiction."""
    is_faced = {f.id: answers.get(keys.progress(f.id)) is True and _wrote_in(answers, f.id) for f in workshop.fears}
    done = sum(is_faced.values())
    total = len(workshop.fears)
    if done == 0:
        return ""
    if done == total:
        return workshop.t("wrapup.faced_all", language)
    still_open = ", ".join(
        workshop.t("wrapup.faced_open_part", language, name=workshop.module_short(fear, language))
        for fear, yes in is_faced.items()
        if not yes
    )
    return workshop.t("wrapup.faced_some", language, done=done, total=total, open=still_open)


def _wrote_in(answers: Mapping[str, Any], module_id: str) -> bool:
    """Whether the participant answered anything in the module (a walk clicked through two fears with Next and was
    told it had faced all four, while the take-home said „Noch nichts eingetragen“ for both)."""
    prefix = f"{module_id}."
    return any(key.startswith(prefix) and value not in (None, "", [], {}) for key, value in answers.items())


def ending(workshop: Workshop, answers: Mapping[str, Any], language: str) -> Ending:
    """Everything the end screen says, from the answers."""
    fears = workshop.fears
    return Ending(
        before=tuple(_rating(answers.get(keys.rating("welcome", f.id))) for f in fears),
        after=tuple(_rating(answers.get(keys.rating("wrapup", f.id))) for f in fears),
        next_step=next_step(workshop, answers, language),
        faced=faced(workshop, answers, language),
        written=written_on(
            answers, " ".join(str(commitment(workshop, answers, language=language)["who"] or "").split())
        )
        is not None,
    )
