"""The weeks after the workshop in the participant's words: who a contact is, what is due and how urgent, the
greeting's summary, and the spreadsheet's headings. One place for the page, the take-home and the calendar, so
that they say the same. Words from ``ui.yaml`` (``followup.*``); pure functions, no widgets, no storage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coffeechat.content import Workshop
from coffeechat.models.dates import long_date
from coffeechat.models.ending import as_object
from coffeechat.models.followup import CSV_COLUMNS, STAGES, Contact
from coffeechat.models.followup_messages import DUE_MESSAGE
from coffeechat.models.followup_rhythm import DUE_KINDS, Due, SummaryLine


def who(contact: Contact) -> str:
    """How the page names a contact: the name, else the organisation, else the role (one of them is given)."""
    for part in (contact.name, contact.organisation, contact.role):
        if part.strip():
            return " ".join(part.split())
    return "–"


def whom(contact: Contact, language: str) -> str:
    """The contact as :func:`who` names it, as the object of a sentence or after a preposition: German says
    „bei Herrn Dvořák“, „Herrn Dvořák ändern“ (:func:`~coffeechat.models.ending.as_object`); English as written."""
    return as_object(who(contact), language)


def due_status(workshop: Workshop, item: Due, language: str) -> str:
    """How urgent ``item`` is, in words: „überfällig seit 3. Dezember“, „heute fällig“, „fällig am …“."""
    # a conversation is not "due": it takes place today, on a day, or took place (how did it go?)
    words = "followup.meeting_status" if item.kind == "meeting" else "followup.status"
    # a first message waiting for the day the participant committed to is due by it, not from it (a walk read
    # „ab 15. Januar“ as "wait until then" where the wrap-up said „bis 15. Januar“)
    status = "later-request" if item.kind == "request" and item.status == "later" else item.status
    return workshop.t(f"{words}.{status}", language, day=long_date(item.day, workshop, language))


def due_title(workshop: Workshop, item: Due, contact: Contact | None, language: str) -> str:
    """What to do, for whom: „Einmal nachfassen – Frau Weber“; a second person, at which organisation."""
    kind = workshop.t(f"followup.kind.{item.kind}", language)
    if contact is None:
        return kind
    named = contact.organisation if item.kind == "second-person" and contact.organisation.strip() else who(contact)
    return workshop.t("followup.due_for", language, kind=kind, who=" ".join(named.split()))


def summary_lines(workshop: Workshop, lines: Iterable[SummaryLine], language: str) -> list[str]:
    """The greeting's lines: „Einmal nachfassen: 2 überfällig“, overdue first."""
    return [
        workshop.t(
            "followup.summary_line",
            language,
            kind=workshop.t(f"followup.kind.{line.kind}", language),
            number=line.number,
            status=workshop.t(f"followup.summary.{line.status}", language),
        )
        for line in lines
    ]


def stage_words(workshop: Workshop, stage: str, language: str) -> str:
    """A stage as the page says it: „angeschrieben“, „hat zugesagt“."""
    return workshop.t(f"followup.stage.{stage}", language)


def csv_labels(workshop: Workshop, language: str) -> dict[str, str]:
    """The spreadsheet's headings and the words for its ids (:func:`~.followup.contacts_csv`)."""
    t = lambda key: workshop.t(key, language)
    labels = {column: t(f"followup.csv.{column}") for column in CSV_COLUMNS}
    labels |= {f"stage.{stage}": t(f"followup.stage.{stage}") for stage in STAGES}
    labels |= {f"kind.{kind}": t(f"followup.entry.{kind}") for kind in ("person", "organisation")}
    labels |= {f"relationship.{r.id}": r.label[language] for r in workshop.bank.relationships}
    labels |= {f"channel.{c.id}": c.label[language] for c in workshop.outreach.channels}
    return labels


def calendar_titles(workshop: Workshop, language: str) -> dict[str, str]:
    """Each due kind's calendar title (:func:`~.followup_rhythm.calendar_events`)."""
    return {kind: workshop.t(f"followup.kind.{kind}", language) for kind in DUE_KINDS}


def calendar_texts(workshop: Workshop, language: str) -> dict[str, str]:
    """Each due kind's calendar description: what its message is for (the message kind's hint), and where the
    draft waits; finding a person, where the ways to find one are."""
    hints = {kind.id: kind.hint[language] for kind in workshop.outreach.all_kinds}
    texts = {}
    for kind in DUE_KINDS:
        messages = [hints[message] for message in DUE_MESSAGE.get(kind, ()) if message in hints]
        where = "followup.calendar_draft" if messages else f"followup.calendar_{kind.replace('-', '_')}"
        texts[kind] = " ".join([*messages[:1], workshop.t(where, language)])
    return texts


def first_due(items: Sequence[Due], contact_id: str) -> Due | None:
    """The most urgent item of one contact (``items`` as :func:`~.followup_rhythm.due` sorts them)."""
    return next((item for item in items if item.contact_id == contact_id), None)
