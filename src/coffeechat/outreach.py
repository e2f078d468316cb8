"""The plan's messages: a template from ``exercises/outreach.yaml`` filled with the participant's words.

A placeholder the participant has not filled stays in the text as ``{name}``, so that ``unfilled`` can point
at it before the message is sent. The connection and the participant's situation are whole sentences; the
templates put them side by side, so whatever the relationship, a draft filled with the screen's own example
reads right. A draft for a channel with a length limit (a LinkedIn note) is shortened to its first goal's
topic when all the goals together would not fit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import keys
from .builder import PlanRequest, carried, request_from_answers
from .content import Channel, MessageKind, MessageTemplate, Workshop

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: slots that hold a whole sentence of the participant's (the templates add no full stop after them)
SENTENCE_SLOTS = ("connection", "my_situation")


@dataclass(frozen=True)
class Draft:
    """A filled message: subject (e-mail only) and body."""

    template_id: str
    channel: str
    subject: str | None
    body: str

    def as_text(self) -> str:
        return f"{self.subject}\n\n{self.body}" if self.subject else self.body


def informal(workshop: Workshop, request: PlanRequest) -> bool:
    """Whether the messages are on first-name terms: as the participant chose, else as the relationship suggests."""
    if request.informal is not None:
        return request.informal
    return next((r.informal for r in workshop.bank.relationships if r.id == request.relationship), False)


def channels_for(workshop: Workshop, kind: str) -> list[Channel]:
    """The channels a message of this kind can be sent through (those with a template for it)."""
    used = {t.channel for t in workshop.outreach.templates if t.kind == kind}
    return [c for c in workshop.outreach.channels if c.id in used]


def choose_template(
    workshop: Workshop, kind: str, relationship: str, channel: str, first_names: bool = False
) -> MessageTemplate:
    """The template for this kind, channel and register: one written for the relationship, else one for any.

    Without a first-name template for the channel, the formal one is used.
    """
    matching = [t for t in workshop.outreach.templates if t.kind == kind and t.channel == channel]
    if not matching:
        raise LookupError(f"no {kind} template for channel {channel!r}")
    register = [t for t in matching if t.informal == first_names] or [t for t in matching if not t.informal]
    candidates = register or matching
    for template in candidates:
        if relationship in template.relationships:
            return template
    return next((t for t in candidates if not t.relationships), candidates[0])


def topic(workshop: Workshop, goals: tuple[str, ...], language: str, first_names: bool = False) -> str:
    """The chosen goals as the end of "a few questions about ...", joined with "and"."""
    topics = [(g.topic_informal if first_names else g.topic)[language] for g in workshop.bank.goals if g.id in goals]
    if len(topics) <= 1:
        return "".join(topics)
    return f"{', '.join(topics[:-1])} {workshop.t('builder.and', language)} {topics[-1]}"


def sentence(text: str) -> str:
    """A participant's sentence as a template uses it: trimmed, a capital first letter, a full stop at the end."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" or text.endswith(("“", "”", '"', "»")) else f"{text}."


def placeholder_values(
    workshop: Workshop,
    request: PlanRequest,
    language: str,
    learned: str = "",
    my_next_step: str = "",
    first_names: bool | None = None,
) -> dict[str, str]:
    """What the participant entered, by placeholder name (empty where they have not said yet).

    The connection and the situation are whole sentences; what they learned and their next step follow a
    colon and lose a final full stop, because the templates put their own after them.
    """
    phrase = lambda text: text.strip().rstrip(".").rstrip()  # noqa: E731
    first_names = informal(workshop, request) if first_names is None else first_names
    return {
        "contact_name": request.contact_name.strip(),
        "contact_role": request.contact_role.strip(),
        "field": request.field.strip(),
        "my_name": request.my_name.strip(),
        "my_situation": sentence(request.my_situation),
        "connection": sentence(request.connection),
        "topic": topic(workshop, request.goals, language, first_names),
        "minutes": str(request.minutes),
        "learned": phrase(learned),
        "my_next_step": phrase(my_next_step),
    }


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every ``{name}`` that has a value; leave the others for the participant to see."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or m.group(0), text)


def draft(workshop: Workshop, template: MessageTemplate, values: Mapping[str, str], language: str) -> Draft:
    subject = fill(template.subject[language], values) if template.subject else None
    return Draft(template.id, template.channel, subject, fill(template.body[language], values))


def compose(
    workshop: Workshop,
    kind: str,
    request: PlanRequest,
    channel_id: str,
    language: str,
    learned: str = "",
    my_next_step: str = "",
) -> Draft:
    """The generated draft of a message: the right template, filled, and within the channel's length.

    When the channel has a limit and the message with every goal's topic would not fit, the topic of the
    first goal alone is used (the participant sees the rest of their goals in the plan).
    """
    first_names = informal(workshop, request)
    template = choose_template(workshop, kind, request.relationship, channel_id, first_names)
    values = placeholder_values(workshop, request, language, learned, my_next_step, first_names)
    composed = draft(workshop, template, values, language)
    limit = channel(workshop, channel_id)
    if too_long(composed.as_text(), limit) and len(request.goals) > 1:
        shorter = {**values, "topic": topic(workshop, request.goals[:1], language, first_names)}
        composed = draft(workshop, template, shorter, language)
    return composed


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


def saved_channel(workshop: Workshop, kind: MessageKind | str, answers: Mapping[str, Any]) -> str:
    """The channel the participant chose for a message, or the first one it can go through."""
    kind_id = kind if isinstance(kind, str) else kind.id
    offered = [c.id for c in channels_for(workshop, kind_id)]
    chosen = answers.get(keys.message(kind_id, "channel"))
    return chosen if chosen in offered else offered[0]


def current_text(workshop: Workshop, kind: str, answers: Mapping[str, Any], language: str) -> str:
    """The message as the participant will send it: their own rewrite if they made one, else the draft."""
    edited = answers.get(keys.message(kind, "text"))
    if isinstance(edited, str) and edited.strip():
        return edited
    request = request_from_answers(workshop.bank, [f.id for f in workshop.fears], answers)
    learned, next_step = answers.get(keys.THANKS_LEARNED) or "", answers.get(keys.THANKS_NEXT_STEP) or ""
    chosen = saved_channel(workshop, kind, answers)
    return compose(workshop, kind, request, chosen, language, str(learned), str(next_step)).as_text()


def opening_lines(workshop: Workshop, request: PlanRequest, answers: Mapping[str, Any], language: str) -> list[str]:
    """What the participant says first: warm-up, their opener and the move to the questions.

    What they wrote in the fear module on opening a conversation comes first (the warm-up lines they
    chose, their two-sentence opener, their transition); the plan's own small talk and transition stand in
    for whatever they have not written.
    """
    frame, first_names = workshop.bank.frame, informal(workshop, request)
    warm_up = [
        option.label[language]
        for fear in workshop.fears
        for prompt in fear.exercise.fields
        if prompt.carry == "plan-warm-up"
        for option in prompt.options
        if option.id in (answers.get(keys.exercise(fear.id, prompt.id)) or [])
    ]
    lines = warm_up or [frame.small_talk[request.seed % len(frame.small_talk)][language]]
    lines += [" ".join(str(text).split()) for text in carried(workshop, answers, "plan-opener")]
    own_transition = [" ".join(str(text).split()) for text in carried(workshop, answers, "plan-transition")]
    if own_transition:
        return lines + own_transition
    transition = frame.transition_informal if first_names else frame.transition
    values = placeholder_values(workshop, request, language, first_names=first_names)
    return [*lines, fill(transition[language], values)]


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
