"""Outreach and thank-you drafts: a template from ``exercises/outreach.yaml`` filled with the participant's words.

A placeholder the participant has not filled stays in the text as ``{name}``, so that ``unfilled`` can point
at it before the message is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import keys
from .builder import PlanRequest
from .content import Channel, MessageTemplate, Workshop

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Draft:
    """A filled message: subject (e-mail only) and body."""

    template_id: str
    channel: str
    subject: str | None
    body: str

    def as_text(self) -> str:
        return f"{self.subject}\n\n{self.body}" if self.subject else self.body


def choose_template(workshop: Workshop, kind: str, relationship: str, channel: str) -> MessageTemplate:
    """The template for this kind and channel: one written for the relationship, else one for any."""
    matching = [t for t in workshop.outreach.templates if t.kind == kind and t.channel == channel]
    for template in matching:
        if relationship in template.relationships:
            return template
    for template in matching:
        if not template.relationships:
            return template
    if matching:
        return matching[0]
    raise LookupError(f"no {kind} template for channel {channel!r}")


def topic(workshop: Workshop, goals: tuple[str, ...], language: str) -> str:
    """The chosen goals as the end of "a few questions about ...", joined with "and"."""
    topics = [g.topic[language] for g in workshop.bank.goals if g.id in goals]
    if len(topics) <= 1:
        return "".join(topics)
    return f"{', '.join(topics[:-1])} {workshop.t('builder.and', language)} {topics[-1]}"


def placeholder_values(
    workshop: Workshop, request: PlanRequest, language: str, learned: str = "", my_next_step: str = ""
) -> dict[str, str]:
    """What the participant entered, by placeholder name (empty where they have not said yet).

    Sentences lose a final full stop, because the templates put their own after them.
    """
    sentence = lambda text: text.strip().rstrip(".").rstrip()  # noqa: E731
    return {
        "contact_name": request.contact_name.strip(),
        "contact_role": request.contact_role.strip(),
        "field": request.field.strip(),
        "my_name": request.my_name.strip(),
        "my_situation": sentence(request.my_situation),
        "connection": sentence(request.connection),
        "topic": topic(workshop, request.goals, language),
        "minutes": str(request.minutes),
        "learned": sentence(learned),
        "my_next_step": sentence(my_next_step),
    }


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every ``{name}`` that has a value; leave the others for the participant to see."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or m.group(0), text)


def draft(workshop: Workshop, template: MessageTemplate, values: dict[str, str], language: str) -> Draft:
    subject = fill(template.subject[language], values) if template.subject else None
    return Draft(template.id, template.channel, subject, fill(template.body[language], values))


def unfilled(text: str) -> list[str]:
    """Placeholders still in a (possibly edited) message, in order, each once."""
    seen: list[str] = []
    for name in PLACEHOLDER.findall(text):
        if name not in seen:
            seen.append(name)
    return seen


def channel(workshop: Workshop, channel_id: str) -> Channel:
    return next(c for c in workshop.outreach.channels if c.id == channel_id)


def too_long(text: str, channel_: Channel) -> bool:
    """True when the message will not fit the channel (e.g. a LinkedIn connection note)."""
    return channel_.max_chars is not None and len(text) > channel_.max_chars


def chosen_channel(workshop: Workshop, answers: Mapping[str, Any], kind: str) -> str:
    """The channel the participant chose for this message (the first channel until they choose)."""
    saved = answers.get(keys.message(kind, "channel"))
    ids = [c.id for c in workshop.outreach.channels]
    return saved if saved in ids else ids[0]


def generated_text(
    workshop: Workshop, request: PlanRequest, answers: Mapping[str, Any], kind: str, language: str, channel_id: str
) -> str:
    """The draft the kit writes for this message and channel, filled with what the participant entered."""
    values = placeholder_values(
        workshop,
        request,
        language,
        learned=str(answers.get(keys.THANKS_LEARNED) or ""),
        my_next_step=str(answers.get(keys.THANKS_NEXT_STEP) or ""),
    )
    template = choose_template(workshop, kind, request.relationship, channel_id)
    return draft(workshop, template, values, language).as_text()


def message_text(workshop: Workshop, request: PlanRequest, answers: Mapping[str, Any], kind: str, language: str) -> str:
    """The message as the participant will send it: their own rewrite for the chosen channel, else the kit's draft."""
    edited = answers.get(keys.message(kind, "text"))
    if isinstance(edited, str) and edited:
        return edited
    return generated_text(workshop, request, answers, kind, language, chosen_channel(workshop, answers, kind))


def switched_channel(answers: Mapping[str, Any], kind: str, old: str, new: str) -> dict[str, Any]:
    """The answers to save when the participant switches a message from channel ``old`` to ``new``.

    A rewritten draft is parked under its channel, and a draft rewritten earlier for ``new`` comes back,
    so switching to e-mail and back to LinkedIn never throws the participant's LinkedIn text away.
    """
    parked = {k: v for k, v in (answers.get(keys.message(kind, "drafts")) or {}).items() if isinstance(v, str) and v}
    edited = answers.get(keys.message(kind, "text"))
    if isinstance(edited, str) and edited:
        parked[old] = edited
    restored = parked.pop(new, None)
    return {
        keys.message(kind, "channel"): new,
        keys.message(kind, "drafts"): parked,
        keys.message(kind, "text"): restored,
    }
