"""Role-play: rounds in pairs or trios, and rehearsing alone with a persona. Pure functions, no widgets.

A persona answers from its card by what the question is about: a bank question's topic where the bank gives
one (a question about making contacts gets the persona's answer about contacts), else its family; a question
the participant wrote themselves by the content's keywords its words match, in either language (else the family
the participant filed it under; a question carried from a fear module comes under no family of the bank's, so its
words alone say it). Guarantees of a rehearsal (:func:`rehearsal_replies`), property-tested:

- it never says the same text twice: once the answers for what a question is about are used up, the family's
  answers follow, then the content's generic answers, each once;
- every reply fits what was asked, never another question: a sent follow-up (:class:`FollowUp`, about what its
  own words are about, else its turn's question) gets the answers on its topic, then the family's (its own,
  then those of the family's other topics in the bank), then a generic answer, and "nothing new" last; an answer
  the card keeps for another question of the same kind says it is an example (``Reply.example``);
- while a question still has one of those left (always for the first ``len(generic) + 1`` questions), it gets
  one; after that the reply says it has nothing new (``text`` is ``None``), and the view refuses to ask more;
- it is the same every time for the same questions: now and then the persona reacts like its type (every
  ``reaction_every``-th answer, cycling through its reactions).

A rehearsal is saved as turns (``solo.turns``, cleaned by :func:`solo_turns`): a question of the plan, and at most
one follow-up the participant sent to the persona's answer. A sent follow-up is about what its words are about,
else the same thing as its turn's question (:func:`rehearsal_asked` puts it right after that question, as a
:class:`FollowUp`, :func:`follow_up_about`), so the persona answers it by the rules above
(:func:`turn_replies`); sending one never changes an answer given before it (property-tested). A follow-up
written but not sent is a draft: it is kept, the persona has not heard it.
When a reply comes with a reaction that asks the participant something (:func:`asks_back`), the participant may
write their answer to it (:func:`keep_reaction_reply`, kept with the turn); the persona does not answer it.

In a facilitated room the room decides the group practice (:func:`group_practice`): a participant placed in a
group plays the role and round the room assigned, with the room's shared timer only; everyone else (no room,
or in a room but in no group) runs rounds with the module's own controls. Property-tested: the room's role and
round whenever there is a placement, never an own control then, and the participant's own choice otherwise.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coffeechat.content import Persona, Reaction, Text, Workshop, keyword_list
from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected, clean_text, replace_unstorable
from coffeechat.models.builder import (
    PlanEdits,
    PlannedQuestion,
    TimeChange,
    edits_from_answers,
    field_in_sentence,
    plan_from_answers,
    request_from_answers,
    role_in_field,
    time_change,
)

ROLES = ("asker", "contact", "observer")
#: the steps of the role-play (their names are the ui.yaml keys ``roleplay.step.<name>``): how it works and the
#: choice between a group and practising alone; the round (or the rehearsal); the debrief
ROLEPLAY_STEPS = ("start", "practice", "debrief")
#: the step with the round: a participant the room placed in a group sees it at once (:func:`room_step`)
PRACTICE_STEP = 2
DEFAULT_ROUND_MINUTES = 8
#: what each role works from in a round: the asker their own plan, the contact a persona card, the observer
#: the checklist (with a notes field)
MATERIAL = {"asker": "plan", "contact": "persona", "observer": "checklist"}
#: the module's own controls of a group round, all shown in self-paced practice and none in a room's round
OWN_CONTROLS = ("mode", "group-size", "role", "minutes", "timer", "next-round")


@dataclass(frozen=True)
class FollowUp:
    """A follow-up sent to the persona's answer to a question about ``key`` (a topic or family) of ``family``;
    ``kin``: the family's other topics (the bank's topics of its questions), answered before the rest of the card."""

    key: str
    family: str
    kin: tuple[str, ...] = ()


#: what the persona was asked, in order: a question as (what it is about, family) or a family; or a follow-up
Asked = tuple[str, str] | str | FollowUp


@dataclass(frozen=True)
class Reply:
    """What the persona says to a question (``None``: nothing new left), and maybe how it reacts, with a hint.

    ``example``: the answer is the card's answer on another question of the same kind (the family's, or another
    topic of it), not on exactly what was asked; the page says so honestly."""

    text: str | None
    reaction: Reaction | None
    example: bool = False


#: the id of the solo rehearsal's persona that is the contact of the participant's own plan (:func:`plan_persona`)
PLAN_PERSONA = "plan-contact"


def persona(workshop: Workshop, persona_id: str | None, answers: Mapping[str, Any] | None = None) -> Persona:
    """The persona with this id, or the first card; :data:`PLAN_PERSONA`: the contact of the plan in ``answers``
    (:func:`plan_persona`)."""
    if persona_id == PLAN_PERSONA:
        return plan_persona(workshop, answers or {})
    personas = workshop.role_cards.personas
    return next((p for p in personas if p.id == persona_id), personas[0])


def plan_persona(workshop: Workshop, answers: Mapping[str, Any]) -> Persona:
    """The contact the participant described in their plan, as a persona to rehearse with: the content's neutral
    contact (answers that fit any role in any field), named as the plan names them and with the plan's role in
    its field („Produktmanagerin im Bereich Medizintechnik“); the content's name and role where the plan says
    none."""
    card = workshop.role_cards.plan_persona
    request = request_from_answers(workshop.bank, [f.id for f in workshop.fears], answers)
    name, role, field = (" ".join(part.split()) for part in (request.contact_name, request.contact_role, request.field))
    names, roles = dict(card.name.root), dict(card.role.root)
    for language in names:
        if name:
            names[language] = name
        if role and field:
            said = field_in_sentence(field, language)  # "in product management", not "in Product management"
            roles[language] = role_in_field(workshop, role, said, language)
        elif role or field:
            roles[language] = role or field
    return card.model_copy(update={"name": Text(names), "role": Text(roles)})


def first_solo_persona(saved: object) -> str:
    """The persona a solo rehearsal shows: the one the participant chose (``saved``), else the plan's contact."""
    return saved if isinstance(saved, str) and saved else PLAN_PERSONA


# --- what a question is about -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a pattern over whole words: "*" at a word's end or start stands for any letters."""
    words = [re.escape(word).replace(r"\*", r"\w*") for word in _plain(keyword).split()]
    return re.compile(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)")


def _plain(text: str) -> str:
    """Text compared without case, with ’ as '."""
    return text.casefold().replace("’", "'")


def topic_of(workshop: Workshop, text: str, family: str) -> str:
    """The family or topic a question written by a participant is about, by the keywords its words match.

    Every language's keywords count (a participant may write in either); a phrase counts once for each of its
    words. The most matches win; on a tie the ``family`` the participant chose, then a topic over a family,
    then the content's order. No match at all: ``family``.
    """
    plain = _plain(text)
    families = {f.id for f in workshop.bank.families}
    best, best_rank = family, None
    for order, (key, words) in enumerate(workshop.role_cards.keywords.items()):
        score = sum(
            len(keyword.split())
            for keyword in {k.casefold() for value in words.root.values() for k in keyword_list(value)}
            if _keyword_pattern(keyword).search(plain)
        )
        rank = (score, key == family, key not in families, -order)
        if score and (best_rank is None or rank > best_rank):
            best, best_rank = key, rank
    return best


def answer_key(workshop: Workshop, family: str, topic: str | None = None, own_text: str | None = None) -> str:
    """What a persona answers a question from: a bank question's ``topic`` (else its ``family``); for a question the
    participant wrote (``own_text``), what its words are about (:func:`topic_of`)."""
    if topic:
        return topic
    if own_text is not None:
        return topic_of(workshop, own_text, family)
    return family


def asked_about(
    workshop: Workshop, family: str, topic: str | None = None, own_text: str | None = None
) -> tuple[str, str]:
    """What a question is about, as (topic or family, family), for :func:`rehearsal_replies`.

    A bank question keeps its own family. A question the participant wrote takes the family of what its words
    are about (a topic's: the family most of the bank's questions on it belong to), not the one it was filed
    under, which is often just the builder's first: asked again about a typical day, the persona stays on the
    day, it does not tell its career path.
    """
    key = answer_key(workshop, family, topic, own_text)
    if own_text is None or key == family:
        return key, family
    return key, _family_of(workshop, key, family)


def _family_of(workshop: Workshop, key: str, otherwise: str) -> str:
    """The family of a topic or family ``key``: a family's own id, a topic's the family most of the bank's
    questions on it belong to; ``otherwise`` for a key the bank does not name."""
    families = [f.id for f in workshop.bank.families]
    if key in families:
        return key
    named = [q.family for q in workshop.bank.questions if q.topic == key]
    return max(families, key=lambda f: (named.count(f), -families.index(f))) if named else otherwise


def follow_up_about(workshop: Workshop, about: tuple[str, str], text: str) -> FollowUp:
    """A follow-up worded ``text`` to a question ``about`` (topic or family, family): about what its words are
    about ("Who else should I talk to?" after a question on the career), else about its question ("Could you
    say more?"); with its family's other topics as kin."""
    key = topic_of(workshop, text, about[0])
    family = about[1] if key == about[0] else _family_of(workshop, key, about[1])
    return FollowUp(key, family, kin=family_topics(workshop, family))


#: the ids of the questions a participant wrote themselves: in the plan (``own-…``) and in a fear module, carried
#: into the plan under no family of the bank's (``carried-…``, :data:`coffeechat.models.builder.CARRIED_FAMILY`)
WRITTEN_BY_PARTICIPANT = ("own-", "carried-")


def written_by_participant(question_id: str) -> bool:
    """Whether a question of the plan was written by the participant (heard by its words, not by its family)."""
    return question_id.startswith(WRITTEN_BY_PARTICIPANT)


def plan_question_about(workshop: Workshop, question: PlannedQuestion, text: str) -> tuple[str, str]:
    """What a question of the plan, worded ``text``, is about, as (topic or family, family): a bank question by
    its topic and family, a question the participant wrote (their own in the plan, or one carried from a fear
    module, which is filed under no family of the bank's) by its words."""
    if question.source in ("own", "carried"):
        return asked_about(workshop, question.family, own_text=text)
    return asked_about(workshop, question.family, question.topic)


def turn_question(workshop: Workshop, turn: Mapping[str, Any]) -> tuple[str, str]:
    """What a saved solo turn asked about, as (topic or family, family): a question the participant wrote
    (``own-…``, ``carried-…``) by its words, so turns saved before the words counted are heard right too."""
    family = str(turn.get("family") or "")
    if written_by_participant(str(turn.get("question") or "")):
        return asked_about(workshop, family, own_text=str(turn.get("text") or ""))
    return str(turn.get("topic") or family), family


# --- the persona's replies --------------------------------------------------------------------------------


def _fitting(card: Persona, question: Asked, generic: Sequence[Text]) -> list[tuple[str, int]]:
    """What the persona may say to ``question``, best first, as (source, index): "" for a generic answer.

    Only answers on what was asked: a question about ``key`` (of ``family``) gets the answers for the key, then
    the family's; a follow-up (:class:`FollowUp`) then also those of the family's other topics. After them
    every generic answer. A key and family the card does not know (a question carried from a fear module whose
    words say nothing the content knows) get generic answers only: never an answer the card keeps for another
    question.
    """
    if isinstance(question, FollowUp):
        key, family, kin = question.key, question.family, question.kin
    else:
        key, family = (question, question) if isinstance(question, str) else question
        kin = ()
    sources = list(dict.fromkeys([key, family, *kin]))
    found = [(source, i) for source in sources for i in range(len(card.answers.get(source) or ()))]
    return found + [("", i) for i in range(len(generic))]


def _asked_key(question: Asked) -> str:
    """What ``question`` asked about (its topic or family)."""
    if isinstance(question, FollowUp):
        return question.key
    return question if isinstance(question, str) else question[0]


def _reaction(card: Persona, turn: int) -> Reaction | None:
    if (turn + 1) % card.reaction_every == 0:
        return card.reactions[((turn + 1) // card.reaction_every - 1) % len(card.reactions)]
    return None


def reply(card: Persona, key: str, turn: int, language: str, family: str | None = None) -> Reply:
    """The persona's first answer to a question about ``key`` (a topic or family), as the ``turn``-th answer."""
    first = rehearsal_replies(card, [(key, family or key)], language)[0]
    return Reply(first.text, _reaction(card, turn))


def _choices(card: Persona, asked: Sequence[Asked], generic: Sequence[Text]) -> list[tuple[str, int] | None]:
    """For each question in turn, the first of its fitting answers not said yet in this rehearsal, or None."""
    said: set[tuple[str, int]] = set()
    choices: list[tuple[str, int] | None] = []
    for question in asked:
        choice = next((c for c in _fitting(card, question, generic) if c not in said), None)
        if choice is not None:
            said.add(choice)
        choices.append(choice)
    return choices


def rehearsal_replies(
    card: Persona, asked: Sequence[Asked], language: str, generic: Sequence[Text] = ()
) -> list[Reply]:
    """The persona's replies to questions asked in this order, each as (what it is about, family) or a family, and
    to follow-ups (:class:`FollowUp`).

    Each question gets the first of its fitting answers not said yet in this rehearsal (:func:`_fitting`), so
    no text comes twice (the content check keeps every text of a card and of ``generic`` apart); ``None`` once
    none is left.
    """
    replies = []
    for turn, (question, choice) in enumerate(zip(asked, _choices(card, asked, generic), strict=True)):
        if choice is None:
            replies.append(Reply(None, None))
            continue
        source, index = choice
        text = card.answers[source][index] if source else generic[index]
        example = bool(source) and source != _asked_key(question)
        replies.append(Reply(text[language], _reaction(card, turn), example))
    return replies


def has_new_answer(card: Persona, asked: Sequence[Asked], question: Asked, generic: Sequence[Text]) -> bool:
    """Whether the persona still has something new to say to ``question`` after the questions ``asked``."""
    return _choices(card, [*asked, question], generic)[-1] is not None


# --- a rehearsal's turns ---------------------------------------------------------------------------------

#: the text fields of a saved solo turn: the persona asked, the plan's question id, its family and what it is
#: about (``topic``), its words as asked (``text``), the follow-up written to the persona's answer, and the
#: participant's answers to a reaction that asked them something: the one with the persona's answer
#: (``reaction_reply``) and the one with its answer to the follow-up (``follow_up_reaction_reply``)
TURN_TEXTS = (
    "persona",
    "question",
    "family",
    "topic",
    "text",
    "follow_up",
    "reaction_reply",
    "follow_up_reaction_reply",
)
#: which field of a turn keeps the answer to a reaction, by the reply it came with ("answer", "follow-up")
REACTION_REPLIES = {"answer": "reaction_reply", "follow-up": "follow_up_reaction_reply"}


def clean_turn(value: Any) -> dict[str, Any] | None:
    """A saved solo turn as the rehearsal reads it, or None for something that is no turn.

    Every text field is text (anything else: empty); ``follow_up_sent`` is true only for a follow-up that has
    words. A turn saved before follow-ups were sent (no ``follow_up_sent``) keeps its follow-up as a draft.
    """
    if not isinstance(value, Mapping):
        return None
    turn: dict[str, Any] = {name: value.get(name) if isinstance(value.get(name), str) else "" for name in TURN_TEXTS}
    turn["follow_up_sent"] = value.get("follow_up_sent") is True and bool(turn["follow_up"].strip())
    return turn


def solo_turns(value: Any) -> list[dict[str, Any]]:
    """The saved ``solo.turns`` (any value) as a list of clean turns (:func:`clean_turn`), in their order."""
    if not isinstance(value, (list, tuple)):
        return []
    return [turn for turn in map(clean_turn, value) if turn is not None]


def send_follow_up(turns: Sequence[Mapping[str, Any]], index: int, text: Any) -> list[dict[str, Any]]:
    """The turns with ``text`` sent as the follow-up of turn ``index`` (a copy; the turns given stay as they
    are). Refused (:class:`~coffeechat.models.answers.AnswerRejected`) when it has no words
    (``roleplay.follow_up_empty``), is too long, or the turn has sent its follow-up already (one per turn)."""
    cleaned = solo_turns(turns)
    if not 0 <= index < len(cleaned) or cleaned[index]["follow_up_sent"]:
        raise AnswerRejected("app.error")
    text = clean_text(text, keys.FOLLOW_UP_CHARS)
    if not text.strip():
        raise AnswerRejected("roleplay.follow_up_empty")
    cleaned[index] = {**cleaned[index], "follow_up": text, "follow_up_sent": True}
    return cleaned


def keep_draft(turns: Sequence[Mapping[str, Any]], index: int, text: Any) -> list[dict[str, Any]]:
    """The turns with ``text`` kept as the unsent follow-up of turn ``index``; a sent follow-up stays as sent."""
    cleaned = solo_turns(turns)
    if not 0 <= index < len(cleaned) or cleaned[index]["follow_up_sent"]:
        raise AnswerRejected("app.error")
    cleaned[index] = {**cleaned[index], "follow_up": clean_text(text, keys.FOLLOW_UP_CHARS)}
    return cleaned


def keep_reaction_reply(turns: Sequence[Mapping[str, Any]], index: int, reply: str, text: Any) -> list[dict[str, Any]]:
    """The turns with ``text`` kept as the participant's answer to the reaction that came with turn ``index``'s
    ``reply`` ("answer" or "follow-up", :data:`REACTION_REPLIES`); a copy. Refused when too long, or when there
    is no such turn or reply (a follow-up not sent has no reply)."""
    cleaned = solo_turns(turns)
    if not 0 <= index < len(cleaned) or reply not in REACTION_REPLIES:
        raise AnswerRejected("app.error")
    if reply == "follow-up" and not cleaned[index]["follow_up_sent"]:
        raise AnswerRejected("app.error")
    cleaned[index] = {**cleaned[index], REACTION_REPLIES[reply]: clean_text(text, keys.REACTION_REPLY_CHARS)}
    return cleaned


def asks_back(reply: Reply | None) -> bool:
    """Whether a reply comes with a reaction that asks the participant something (``asks`` in the content)."""
    return reply is not None and reply.text is not None and reply.reaction is not None and reply.reaction.asks


def family_topics(workshop: Workshop, family: str) -> tuple[str, ...]:
    """The topics of the bank's questions of ``family``, in the bank's order."""
    return tuple(dict.fromkeys(q.topic for q in workshop.bank.questions if q.family == family and q.topic))


def rehearsal_asked(workshop: Workshop, turns: Sequence[Mapping[str, Any]]) -> list[Asked]:
    """What the persona was asked, in order: each turn's question (:func:`turn_question`), then, if the turn sent
    one, its follow-up (:func:`follow_up_about`: what its words are about, else the same as its question)."""
    asked: list[Asked] = []
    for turn in solo_turns(turns):
        about = turn_question(workshop, turn)
        asked.append(about)
        if turn["follow_up_sent"]:
            asked.append(follow_up_about(workshop, about, turn["follow_up"]))
    return asked


@dataclass(frozen=True)
class TurnReplies:
    """The persona's reply to a turn's question (``answer``) and to its sent follow-up (``follow_up``; None: no
    follow-up sent)."""

    answer: Reply
    follow_up: Reply | None


def turn_replies(
    workshop: Workshop, card: Persona, turns: Sequence[Mapping[str, Any]], language: str
) -> list[TurnReplies]:
    """What the persona said in a rehearsal of these turns (all with this persona), one entry per clean turn."""
    cleaned = solo_turns(turns)
    replies = iter(
        rehearsal_replies(card, rehearsal_asked(workshop, cleaned), language, workshop.role_cards.generic_answers)
    )
    return [TurnReplies(next(replies), next(replies) if turn["follow_up_sent"] else None) for turn in cleaned]


# --- from the debrief into the plan -------------------------------------------------------------------------


def _same_words(text: str) -> str:
    return " ".join(_plain(text).split())


def follow_up_in_plan(workshop: Workshop, answers: Mapping[str, Any], text: str) -> bool:
    """Whether a follow-up's words are one of the participant's own questions in the plan already."""
    words = _same_words(text)
    return bool(words) and any(_same_words(own.text) == words for own in edits_from_answers(answers).own)


def follow_up_into_plan(workshop: Workshop, answers: Mapping[str, Any], text: Any, about: tuple[str, str]) -> PlanEdits:
    """The plan's edits with a follow-up from the rehearsal's debrief added as one of the participant's own
    questions (a copy), filed under the family of what its words are about (:func:`follow_up_about`, its
    question's ``about`` else); the questions they wrote in a fear module stay (:meth:`PlanEdits.keep_written`),
    the builder's suggestions make room; once only (the edits as they were when it is in the plan already). Refused when
    it has no words or is longer than an own question may be."""
    text = clean_text(text, keys.OWN_QUESTION_CHARS).strip()
    if not text:
        raise AnswerRejected("roleplay.follow_up_empty")
    edits = edits_from_answers(answers)
    if follow_up_in_plan(workshop, answers, text):
        return edits
    family = follow_up_about(workshop, about, text).family
    families = {f.id for f in workshop.bank.families}
    written = edits.keep_written(plan_from_answers(workshop, answers))  # not pushed out by a question unseen here
    return written.add_own(replace_unstorable(text), family if family in families else workshop.bank.families[0].id)


def follow_up_time(workshop: Workshop, answers: Mapping[str, Any], edits: PlanEdits) -> TimeChange | None:
    """What the plan's ``edits`` (a follow-up just added by :func:`follow_up_into_plan`) did to its time, from
    the plan of ``answers``; ``None`` where they added nothing."""
    before = edits_from_answers(answers)
    added = [q.id for q in edits.own if q.id not in {own.id for own in before.own}]
    if not added:
        return None
    after = {**answers, keys.BUILDER_EDITS: edits.model_dump(mode="json")}
    return time_change(plan_from_answers(workshop, answers), plan_from_answers(workshop, after), added[-1])


def next_role(role: str, group_size: int) -> str:
    """The role to take in the next round: pairs swap asker and contact, trios rotate through all three."""
    roles = ROLES[:group_size] if group_size in (2, 3) else ROLES
    if role not in roles:
        return roles[0]
    return roles[(roles.index(role) + 1) % len(roles)]


@dataclass(frozen=True)
class RoomRound:
    """What a facilitated room assigned one participant for the current round: their group (from 1), its
    size, their role and the room's round (from 1)."""

    group: int
    size: int
    role: str
    round: int


@dataclass(frozen=True)
class Practice:
    """How the group role-play runs on one page: the role and round shown, and whether the room runs them.

    ``by_room``: the room assigned role and round and its shared timer is the only timer, so the module shows
    none of its own controls (:data:`OWN_CONTROLS`); otherwise the participant runs their rounds themselves.
    """

    role: str
    round: int
    by_room: bool

    @property
    def material(self) -> str:
        """What the role works from: "plan", "persona" or "checklist" (:data:`MATERIAL`)."""
        return MATERIAL[self.role]

    @property
    def own_controls(self) -> tuple[str, ...]:
        return () if self.by_room else OWN_CONTROLS


def group_practice(room: RoomRound | None, own_role: object, own_round: object) -> Practice:
    """The group practice this page shows: the room's role and round while the room placed the participant
    in a group (``room``), else the participant's own saved role and round (anything unusable as the first
    role and round 1)."""
    if room is not None:
        role = room.role if room.role in ROLES else ROLES[0]
        return Practice(role, min(max(1, int(room.round)), keys.ROUNDS_MAX), by_room=True)
    role = own_role if own_role in ROLES else ROLES[0]
    if isinstance(own_round, int) and not isinstance(own_round, bool) and 1 <= own_round <= keys.ROUNDS_MAX:
        return Practice(str(role), own_round, by_room=False)
    return Practice(str(role), 1, by_room=False)


def first_mode(saved: object, in_room: bool) -> str:
    """The practice a page offers: the participant's own choice once they made one (``saved``); until then the
    group in a facilitated room (the coach runs rounds there), and alone the solo practice with a persona
    (nobody to practise with at home)."""
    if saved in keys.ROLEPLAY_MODES:
        return str(saved)
    return "group" if in_room else "solo"


def room_step(step: int, placed: bool, new_round: bool = False) -> int:
    """The step of the role-play a participant sees while the room has placed them in a group (``placed``).

    In a room's group the choice of the first step is not offered (the room decided it), so a page that opens
    there shows the round (a page that opens on the round or the debrief, after a reload or a language switch,
    stays there); a ``new_round`` (a placement, or the room's next round) shows the round, whose role and
    material are new, not the debrief of the round before. Without a placement: the step they are at.
    """
    if not placed:
        return step
    return PRACTICE_STEP if new_round else max(step, PRACTICE_STEP)


@dataclass(frozen=True)
class RoundSummary:
    number: int
    role: str
    nervous_before: int | None
    nervous_after: int | None
    observed: int


def round_summaries(answers: Mapping[str, Any], rounds: int) -> list[RoundSummary]:
    """What each finished or current round left in the journal, oldest first.

    A round counts once the participant rated, wrote, ticked or timed something in it: a role alone is only
    what the group view notes when it is shown (a participant who went on to practise alone played no round).
    """
    summaries = []
    for number in range(1, rounds + 1):
        found = {name: answers.get(keys.round_answer(number, name)) for name in keys.ROUND_ANSWERS}
        if not any(value not in (None, "", [], False) for name, value in found.items() if name != "role"):
            continue
        observed = len(found["observed"] or [])
        summaries.append(
            RoundSummary(number, found["role"] or "", found["nervous-before"], found["nervous-after"], observed)
        )
    return summaries
