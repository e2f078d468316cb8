"""Role-play: rounds in pairs or trios, and rehearsing alone with a persona. Pure functions, no widgets.

A persona answers from its card by what the question is about: the question's topic where the bank gives
one (a question about making contacts gets the persona's answer about contacts), else its family. Now and
then it reacts like its type (every ``reaction_every``-th answer, cycling through its reactions), so a
rehearsal is the same every time.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import keys
from .content import Persona, Reaction, Workshop

ROLES = ("asker", "contact", "observer")
DEFAULT_ROUND_MINUTES = 8


@dataclass(frozen=True)
class Reply:
    """What the persona says to a question, and maybe how it reacts (with a hint for the asker)."""

    text: str
    reaction: Reaction | None


def persona(workshop: Workshop, persona_id: str | None) -> Persona:
    """The persona with this id, or the first one."""
    personas = workshop.role_cards.personas
    return next((p for p in personas if p.id == persona_id), personas[0])


def reply(
    card: Persona,
    key: str,
    turn: int,
    language: str,
    asked_before: int = 0,
    family: str | None = None,
    asked_in_family: int = 0,
) -> Reply:
    """The persona's answer to a question about ``key`` (a topic or family), as the ``turn``-th answer of a rehearsal.

    ``asked_before`` counts the earlier questions with the same key, so a second question about, say, the
    day to day gets the card's next answer for it instead of the same one again. Once a topic's answers are
    used up, the answers of the question's ``family`` follow (``asked_in_family`` of them given already),
    so the persona never repeats itself word for word while it has something else to say. A question the
    bank does not know (the participant's own) gets the persona's first answers.
    """
    own = card.answers.get(key) or []
    if own and (asked_before < len(own) or not family or family == key):
        answer = own[asked_before % len(own)]
    else:
        answers = card.answers.get(family or "") or own or next(iter(card.answers.values()))
        answer = answers[asked_in_family % len(answers)]
    reaction = None
    if (turn + 1) % card.reaction_every == 0:
        reaction = card.reactions[((turn + 1) // card.reaction_every - 1) % len(card.reactions)]
    return Reply(answer[language], reaction)


def next_role(role: str, group_size: int) -> str:
    """The role to take in the next round: pairs swap asker and contact, trios rotate through all three."""
    roles = ROLES[:group_size] if group_size in (2, 3) else ROLES
    if role not in roles:
        return roles[0]
    return roles[(roles.index(role) + 1) % len(roles)]


def rehearsal_replies(card: Persona, asked: list[tuple[str, str] | str], language: str) -> list[Reply]:
    """The persona's replies to questions asked in this order, each as (topic or family, family).

    One count per list of answers on the card: a topic's answers first, then its family's, each answer
    given once before any is given again.
    """
    used: dict[str, int] = {}
    replies = []
    for turn, question in enumerate(asked):
        key, family = (question, question) if isinstance(question, str) else question
        own = len(card.answers.get(key) or [])
        source = key if own and (used.get(key, 0) < own or key == family) else family
        replies.append(reply(card, key, turn, language, used.get(key, 0), family, used.get(family, 0)))
        used[source] = used.get(source, 0) + 1
    return replies


@dataclass(frozen=True)
class RoundSummary:
    number: int
    role: str
    nervous_before: int | None
    nervous_after: int | None
    observed: int


def round_summaries(answers: dict, rounds: int) -> list[RoundSummary]:
    """What each finished or current round left in the journal, oldest first."""
    summaries = []
    for number in range(1, rounds + 1):
        found = {name: answers.get(keys.round_answer(number, name)) for name in keys.ROUND_ANSWERS}
        if found["role"] is None and found["went-well"] is None:
            continue
        observed = len(found["observed"] or [])
        summaries.append(
            RoundSummary(number, found["role"] or "", found["nervous-before"], found["nervous-after"], observed)
        )
    return summaries
