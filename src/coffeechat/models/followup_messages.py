"""The right message for each moment of the weeks after the workshop, from the builder's content and rules.

Each due item of :mod:`.followup_rhythm` asks the participant to write something: :data:`DUE_MESSAGE` says
which kind of message of ``exercises/outreach.yaml`` (the builder's request, nudge, thank-you and update, and
the kinds only the weeks after use, ``follow_through_kinds``: the second person at the same organisation,
replying to a yes, to a "not now" and to a no, a new date after a missed meeting, the check-in after a "not
now"). :func:`message_for` composes it for one contact with :func:`.outreach.compose`, the builder's own
composing: the same template choice, the same channel limits (an invitation note's characters, an e-mail's
words; the participant's sentences cut short at a word where nothing else fits), the same words for a value
not given yet („[Terminvorschläge fehlen]“, never a raw ``{placeholder}``). Guarantees
(``tests/unit/test_followup_messages.py``):

- the contact's name, role and organisation are filled in from the contact; the register („Sie“ or „du“) is the
  relationship's as in the builder (:func:`.builder.first_names_for`) unless the participant chose one;
  a second person at the same organisation is someone new: formal unless the participant chose otherwise;
- the channel is the one asked for, else the contact's, where the kind has a template for it; else the kind's
  first (a contact who is phoned gets the phone opener as the request, and written replies by e-mail);
- with realistic long names, every due kind's draft on every channel, in both languages and registers, is
  within its channel's limit and holds no raw placeholder.

Pure functions, no widgets, no storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coffeechat.content import FOLLOW_THROUGH_FIELDS, MESSAGE_FIELDS, Workshop
from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected, clean_text
from coffeechat.models.builder import PlanRequest, first_name
from coffeechat.models.dates import long_date
from coffeechat.models.followup import Contact, same_person
from coffeechat.models.outreach import (
    Check,
    Draft,
    channels_for,
    check,
    compose,
    informal,
    missing_parts,
    saved_channel,
)

#: The message kinds each due kind (:data:`.followup_rhythm.DUE_KINDS`) asks for, in order of preference: the
#: first with a template for the contact's channel is taken. ``()``: a due kind that needs no message (finding a
#: person at an organisation). A "not now" is due again four weeks later: then comes the check-in (the answer at
#: once is :data:`REPLY_MESSAGE`'s).
DUE_MESSAGE: Mapping[str, tuple[str, ...]] = {
    "thank-you": ("thank-you",),
    "reply-yes": ("reply-yes",),
    "reschedule": ("reschedule",),
    "reply-no": ("reply-no",),
    "nudge": ("nudge",),
    "second-person": ("second-person",),
    "request": ("outreach", "phone"),  # a contact to be phoned: the phone opener
    "find-person": (),  # an organisation without a person yet: find one first (the page points to how)
    "meeting": (),  # the conversation: no message (the page asks how it went)
    "reply-not-now": ("check-in",),
    "update": ("update",),
}
#: The message for the moment a reply comes in (the page offers it as the reply is recorded), by the stage
#: reached: a yes and a no are due at once too (:data:`DUE_MESSAGE`); a "not now" is answered at once with
#: thanks and the promise of a later check-in, which is due four weeks on.
REPLY_MESSAGE: Mapping[str, str] = {
    "replied-yes": "reply-yes",
    "replied-not-now": "reply-not-now",
    "replied-no": "reply-no",
}
#: kinds written to someone new, not to the contact: formal unless the participant chose otherwise
TO_SOMEONE_NEW = frozenset({"second-person"})
#: request fields the plan gives the weeks after: what the participant said about themselves and their aim
#: (never the plan's contact, connection or register, which belong to the plan's one contact)
FROM_PLAN = ("my_name", "my_situation", "field", "goals", "minutes", "premium")
#: of :data:`FROM_PLAN`, what the plan says of its own contact only: the field they work in (another contact's
#: draft said „your role (Product Owner) in <the plan's field>“)
PLAN_CONTACTS_OWN = ("field",)
#: the values a message of the weeks after asks for in a field of its own, above the draft: its kind's fields and
#: the field a contact added in the weeks after works in (saved by contact: :func:`.keys.followup_values`)
VALUE_FIELDS = (*MESSAGE_FIELDS, *FOLLOW_THROUGH_FIELDS, "field")
#: placeholders ``extra`` may give that are the request's own (a sentence gets its full stop, the minutes are
#: a number)
_REQUEST_FIELDS = tuple(
    "contact_name contact_first_name contact_role my_name my_situation connection field minutes".split()
)
#: what ``extra`` gives that is not taken as it is: the request's, and the fields (a phrase after a colon)
_NOT_GIVEN = frozenset({*_REQUEST_FIELDS, *MESSAGE_FIELDS, *FOLLOW_THROUGH_FIELDS})


@dataclass(frozen=True)
class Message:
    """A message for one moment: its kind (a message kind id), the channel, the draft and its check (what
    is missing, its length against the channel's limit)."""

    kind: str
    channel: str
    draft: Draft
    check: Check

    @property
    def text(self) -> str:
        """The message as the participant would send it (subject line first for an e-mail)."""
        return self.draft.as_text()


def message_kind(workshop: Workshop, kinds: tuple[str, ...], channel: str) -> tuple[str, str]:
    """(kind, channel): the first of ``kinds`` with a template for ``channel``, else the first kind on its
    first channel (the content's order: e-mail first)."""
    for kind in kinds:
        if channel in {c.id for c in channels_for(workshop, kind)}:
            return kind, channel
    return kinds[0], channels_for(workshop, kinds[0])[0].id


def message_for(
    workshop: Workshop,
    contact: Contact,
    due_kind: str,
    language: str,
    channel: str | None = None,
    my_name: str = "",
    first_names: bool | None = None,
    extra: Mapping[str, Any] | None = None,
    plan: PlanRequest | None = None,
) -> Message | None:
    """The message a due item of ``contact`` asks for (:data:`DUE_MESSAGE`), composed as the builder composes;
    None for a due kind that needs none. See :func:`compose_message` for the arguments."""
    kinds = DUE_MESSAGE.get(due_kind, ())
    if not kinds:
        return None
    kind, chosen = message_kind(workshop, kinds, channel or contact.channel)
    if channel and chosen != channel:  # the participant's channel has no such message: try the contact's
        kind, chosen = message_kind(workshop, kinds, contact.channel)
    return compose_message(workshop, contact, kind, language, chosen, my_name, first_names, extra, plan)


def compose_message(
    workshop: Workshop,
    contact: Contact,
    kind: str,
    language: str,
    channel: str | None = None,
    my_name: str = "",
    first_names: bool | None = None,
    extra: Mapping[str, Any] | None = None,
    plan: PlanRequest | None = None,
) -> Message:
    """A message of ``kind`` (a message kind id) to ``contact``, as :func:`.outreach.compose` makes it.

    ``channel``: the one the participant chose, else the contact's; where the kind has no template for it, its
    first. ``first_names``: the register the participant chose (None: the relationship's). ``plan``: the
    participant's plan, for what they said about themselves (their name, their sentence, the goals' topics, the
    minutes, a Premium account) and, to the plan's contact only, the field they work in; ``my_name`` and
    ``extra`` (values by placeholder name: the times and the place offered, the second person's name, a
    connection sentence, another contact's field, a topic ...) go over it. The contact gives the name (its first
    name for „du“), role and organisation, how the participant knows them (its ``connection``, unless ``extra``
    gives one), a missed meeting's day, and who suggested them (the connection sentence: „Frau Weber hat mir
    empfohlen, mich bei Ihnen zu melden.“).
    """
    extra = {name: str(value) for name, value in (extra or {}).items() if value is not None}
    wanted = channel or contact.channel
    offered = [c.id for c in channels_for(workshop, kind)]
    chosen = wanted if wanted in offered else contact.channel if contact.channel in offered else offered[0]
    values: dict[str, Any] = {name: getattr(plan, name) for name in FROM_PLAN} if plan else {}
    if plan is not None and not is_plan_contact(contact, plan):
        for name in PLAN_CONTACTS_OWN:  # entered for this contact (``extra``), else a gap to fill
            values.pop(name)
    values |= {"my_name": my_name} if my_name.strip() else {}
    values |= {"contact_name": contact.name, "contact_first_name": first_name(contact.name)}
    values |= {"contact_role": contact.role}
    values |= {"connection": " ".join(contact.connection.split())} if contact.connection.strip() else {}
    values |= {name: extra[name] for name in _REQUEST_FIELDS if extra.get(name, "").strip()}
    if not str(values.get("minutes", "20")).strip().isdigit():
        values.pop("minutes")  # a number or nothing: the plan's, else the builder's default
    relationship = "cold" if kind in TO_SOMEONE_NEW else contact.relationship
    request = PlanRequest(**values, relationship=relationship, informal=first_names)
    if contact.introduced_by.strip() and kind not in TO_SOMEONE_NEW and not values.get("connection"):
        key = "followup.introduced_by_informal" if informal(workshop, request) else "followup.introduced_by"
        connection = workshop.t(key, language, who=" ".join(contact.introduced_by.split()))
        request = PlanRequest(**(values | {"connection": connection}), relationship=relationship, informal=first_names)
    given = {"organisation": contact.organisation}
    missed = (contact.meeting or contact.last("no-show")) if contact.stage == "no-show" else contact.last("no-show")
    if missed and not extra.get("missed_date", "").strip():
        given["missed_date"] = long_date(missed, workshop, language)
    second = extra.get("second_name", "")
    if second.strip() and not extra.get("second_first_name", "").strip():
        given["second_first_name"] = first_name(second) or second
    given |= {name: value for name, value in extra.items() if name not in _NOT_GIVEN}
    draft = compose(workshop, kind, request, chosen, language, fields=extra, given=given)
    return Message(kind, chosen, draft, check(workshop, kind, chosen, request, draft.as_text(), language))


def gaps(workshop: Workshop, text: str, language: str) -> list[str]:
    """What a draft (as the participant may have changed it) still lacks, in words: the labels of its gaps
    („[Ihr Name fehlt]“: „Ihr Name“), in order, each once; [] for a draft ready to send."""
    labels = workshop.outreach.placeholder_labels
    return [labels[name][language] for name in missing_parts(workshop, text, language) if name in labels]


def clean_message_values(value: Any) -> dict[str, str]:
    """A contact's message values to store ({placeholder of :data:`VALUE_FIELDS`: text within
    :data:`~.keys.MESSAGE_FIELD_CHARS`, the field they work in within the plan's :data:`~.keys.FIELD_CHARS`}), or
    :class:`AnswerRejected`."""
    if not isinstance(value, Mapping) or any(name not in VALUE_FIELDS for name in value):
        raise AnswerRejected("app.error")
    limit = lambda name: keys.FIELD_CHARS if name == "field" else keys.MESSAGE_FIELD_CHARS
    return {name: clean_text(text, limit(name)) for name, text in value.items()}


def saved_message_values(saved: Any) -> dict[str, str]:
    """The message values saved for a contact that are still values (a damaged or unknown one is left out, the
    rest kept); {} where none are."""
    if not isinstance(saved, Mapping):
        return {}
    kept: dict[str, str] = {}
    for name, text in saved.items():
        if not isinstance(text, str):
            continue
        try:
            kept |= clean_message_values({name: text})
        except AnswerRejected:
            continue
    return kept


def is_plan_contact(contact: Contact, plan: PlanRequest) -> bool:
    """Whether ``contact`` is the person the participant's plan is about (the same name)."""
    return same_person(contact.name, plan.contact_name)


def plans_draft(
    workshop: Workshop,
    contact: Contact,
    due_kind: str,
    message: Message | None,
    plan: PlanRequest,
    answers: Mapping[str, Any],
) -> str:
    """The plan's own draft of this first message, as the participant changed it in the plan, for the plan's
    contact on the same channel; "" where there is none (the wrap-up promises „Mein Entwurf aus dem
    Gesprächsplan“)."""
    if due_kind != "request" or message is None or not is_plan_contact(contact, plan):
        return ""
    written = answers.get(keys.message(message.kind, "text"))
    same_channel = saved_channel(workshop, message.kind, answers) == message.channel
    return written if isinstance(written, str) and same_channel else ""
