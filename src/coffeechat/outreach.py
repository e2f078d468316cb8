"""Outreach and thank-you drafts: a template from ``exercises/outreach.yaml`` filled with the participant's words.

A placeholder the participant has not filled stays in the text as ``{name}``, so that ``unfilled`` can point
at it before the message is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
