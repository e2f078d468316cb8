"""The role-play question builder: from a participant's goal and situation to their own conversation plan.

Pure functions over the content model, no widgets. The same request, edits and seed always give the same
plan: choices between equally good questions are broken by a hash of (seed, question id), never by hidden
randomness. "Regenerate" only changes the seed, so the participant's own edits (removed, starred, reworded,
added, swapped, brought back, reordered questions) survive it.

The plan keeps a conversation's order: the questions the participant wrote in "not ready" first, then the
questions of the opening families (the contact's own path), the rest, and the closing families (who else to
talk to) last; only the participant's arrows change it. :func:`plan_changes` says what the builder changed on
its own between two plans (a question out, in, or in another place), so the page can say it in words.

The page shows the builder in :data:`BUILDER_STEPS`, one at a time, as a fear module shows its steps
(:mod:`coffeechat.models.steps` says where Back and Next lead).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coffeechat.content import CarryTo, Question, QuestionBank, Workshop
from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected
from coffeechat.models.short import at_a_word

MAX_OWN_TEXT = keys.OWN_QUESTION_CHARS
#: the builder's steps, in order: describe the conversation, review the plan, the messages, take it home
#: (their names are the ui.yaml keys ``builder.step_<name>``, a hyphen written as an underscore)
BUILDER_STEPS = ("describe", "plan", "messages", "take-home")
#: the family under which the plan shows the participant's questions from the fear modules
CARRIED_FAMILY = "carried"
#: minutes planned for each of those questions
CARRIED_MINUTES = 3
#: a conversation's order: the participant's questions from a fear module, then the families' phases
PHASES = ("carried", "opening", "middle", "closing")


class PlanRequest(BaseModel):
    """What the participant tells the builder about the conversation they want to have."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    contact_name: str = Field(default="", max_length=120)
    #: the contact's first name, for messages on first-name terms („Hallo Aylin“, not „Hallo Frau Özdemir“)
    contact_first_name: str = Field(default="", max_length=60)
    contact_role: str = Field(default="", max_length=200)
    field: str = Field(default="", max_length=keys.FIELD_CHARS)
    relationship: str = "cold"
    seniority: str | None = None
    goals: tuple[str, ...] = ("understand-role",)
    minutes: int = 20
    fear: str | None = None
    my_name: str = Field(default="", max_length=120)
    my_situation: str = Field(default="", max_length=400)
    connection: str = Field(default="", max_length=300)
    #: messages on first-name terms (True), formal (False), or as the relationship suggests (None)
    informal: bool | None = None
    seed: int = Field(default=0, ge=0)
    #: the channels on which the participant has a Premium account (a LinkedIn note of 300 characters, not 200)
    premium: tuple[Annotated[str, Field(max_length=40)], ...] = Field(default=(), max_length=10)


class OwnQuestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^own-\d+$")
    text: str = Field(min_length=1, max_length=MAX_OWN_TEXT)
    family: str
    minutes: int = Field(default=3, ge=1, le=10)


class PlanEdits(BaseModel):
    """The participant's own changes to a generated plan; they survive regeneration."""

    model_config = ConfigDict(frozen=True)

    removed: tuple[str, ...] = ()
    pinned: tuple[str, ...] = ()
    starred: tuple[str, ...] = ()
    reworded: dict[str, str] = {}
    own: tuple[OwnQuestion, ...] = ()
    order: tuple[str, ...] = ()

    def remove(self, question_id: str) -> PlanEdits:
        return self.model_copy(
            update={
                "removed": _add(self.removed, question_id) if not question_id.startswith("own-") else self.removed,
                "pinned": _drop(self.pinned, question_id),
                "starred": _drop(self.starred, question_id),
                "own": tuple(q for q in self.own if q.id != question_id),
                "order": _drop(self.order, question_id),
            }
        )

    def toggle_star(self, question_id: str) -> PlanEdits:
        starred = _drop(self.starred, question_id) if question_id in self.starred else _add(self.starred, question_id)
        return self.model_copy(update={"starred": starred})

    def reword(self, question_id: str, text: str) -> PlanEdits:
        reworded = dict(self.reworded)
        if text.strip():
            reworded[question_id] = text.strip()[:MAX_OWN_TEXT]
        else:
            reworded.pop(question_id, None)
        return self.model_copy(update={"reworded": reworded})

    def add_own(self, text: str, family: str, minutes: int = 3) -> PlanEdits:
        number = max([int(q.id.split("-")[1]) for q in self.own] + [0]) + 1
        question = OwnQuestion(id=f"own-{number}", text=text.strip()[:MAX_OWN_TEXT], family=family, minutes=minutes)
        return self.model_copy(update={"own": (*self.own, question)})

    def split(self, plan: Plan, question_id: str, first: str, second: str) -> PlanEdits:
        """Two questions in one made two: ``question_id`` asks ``first``, and ``second`` becomes a question of the
        participant's own in its family, right after it in the plan (the order shown, which then holds, as after
        an arrow). A question not in ``plan`` changes nothing."""
        question = next((q for q in plan.questions if q.id == question_id), None)
        if question is None or not first.strip() or not second.strip():
            return self
        edits = self.reword(question_id, first).add_own(second, question.family, question.minutes)
        ids = list(plan.ids)
        ids.insert(ids.index(question_id) + 1, edits.own[-1].id)
        return edits.model_copy(update={"order": tuple(ids)})

    def swap(self, old_id: str, new_id: str) -> PlanEdits:
        edits = self.remove(old_id)
        order = tuple(new_id if i == old_id else i for i in self.order) if old_id in self.order else edits.order
        return edits.model_copy(
            update={"pinned": _add(edits.pinned, new_id), "order": order, "removed": _drop(edits.removed, new_id)}
        )

    def include(self, question_id: str) -> PlanEdits:
        """Bring a question into the plan and keep it there, as a starred one is kept: one of their own from
        "not ready" that did not fit, or one the builder moved out. To make room, the builder takes out
        suggestions of its own first (:func:`plan_changes` names them)."""
        pinned, removed = _add(self.pinned, question_id), _drop(self.removed, question_id)
        return self.model_copy(update={"pinned": pinned, "removed": removed})

    def keep_written(self, plan: Plan) -> PlanEdits:
        """Hold the questions the participant wrote in a fear module that ``plan`` has, as a brought-back one is
        held: an own question added where the plan cannot see it (the rehearsal's debrief) then makes the plan
        go over its time rather than push one of them out."""
        pinned = self.pinned
        for question in plan.questions:
            if question.source == "carried":
                pinned = _add(pinned, question.id)
        return self.model_copy(update={"pinned": pinned})

    def move(self, plan: Plan, question_id: str, step: int) -> PlanEdits:
        """Move a question up (step -1) or down (+1) in the plan, as the plan shows it under its headings.

        Inside its family's block it trades places with its neighbour; at the block's edge the whole block
        trades places with the next one, so the question keeps its heading and no heading comes twice (a
        question moved alone into another block made a second block of its family). At the start or end of
        the plan nothing moves (:meth:`Plan.can_move` says so beforehand). The order saved is the order shown.
        """
        blocks = [[q.id for q in questions] for _, questions in plan.grouped()]
        index = next((i for i, block in enumerate(blocks) if question_id in block), None)
        if index is not None and step in (-1, 1):
            block = blocks[index]
            place = block.index(question_id)
            if 0 <= place + step < len(block):
                block[place], block[place + step] = block[place + step], block[place]
            elif 0 <= index + step < len(blocks):
                blocks[index], blocks[index + step] = blocks[index + step], blocks[index]
        ids = [i for block in blocks for i in block]
        return self.model_copy(update={"order": tuple(ids)})


@dataclass(frozen=True)
class PlannedQuestion:
    id: str
    family: str
    minutes: int
    source: Literal["bank", "own", "carried"]
    starred: bool = False
    own_text: str | None = None
    #: what a persona answers it from in rehearsal (the bank question's topic, if it has one)
    topic: str | None = None
    #: the bank's wording on first-name terms („du“), as the plan's request asks
    first_names: bool = False

    @property
    def answer_key(self) -> str:
        """The persona answers this question from its answers for this topic or family."""
        return self.topic or self.family

    def text(self, bank: QuestionBank, language: str) -> str:
        """The words the participant will say: their own rewording, or the bank's text."""
        if self.own_text is not None:
            return self.own_text
        return _question(bank, self.id).text.say(language, self.first_names)


@dataclass(frozen=True)
class Plan:
    request: PlanRequest
    questions: tuple[PlannedQuestion, ...]
    opening_minutes: int
    closing_minutes: int
    uncovered_goals: tuple[str, ...]
    #: the participant's questions from a fear module that no longer fit into the time
    spare: tuple[str, ...] = ()
    #: the bank questions the builder chose so that each goal is served (before the participant's own)
    goal_questions: tuple[str, ...] = ()

    @property
    def question_minutes(self) -> int:
        return sum(q.minutes for q in self.questions)

    @property
    def total_minutes(self) -> int:
        return self.opening_minutes + self.question_minutes + self.closing_minutes

    @property
    def over_minutes(self) -> int:
        """How many minutes more than asked for the plan needs (0: it keeps to the time). Only the questions the
        participant chose can make it over: every suggestion of the builder's fits the time or stays out."""
        return max(0, self.total_minutes - self.request.minutes)

    @property
    def over_time(self) -> bool:
        return self.over_minutes > 0

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def spare_ids(self) -> tuple[str, ...]:
        """The ids of the spare questions (:meth:`PlanEdits.include` brings one in)."""
        return tuple(carried_id(text) for text in self.spare)

    def can_move(self, question_id: str, step: int) -> bool:
        """Whether the question has a neighbour in the plan to trade places with (up: -1, down: +1)."""
        ids = self.ids
        return question_id in ids and step in (-1, 1) and 0 <= ids.index(question_id) + step < len(ids)

    def grouped(self) -> list[tuple[str, list[PlannedQuestion]]]:
        """The questions in plan order, under a heading for each run of one family.

        Page and take-home show the plan this way, so both show the same order. A family's questions stand
        together (:meth:`PlanEdits.move` moves a block whole across another): no heading comes twice.
        """
        groups: list[tuple[str, list[PlannedQuestion]]] = []
        for question in self.questions:
            if groups and groups[-1][0] == question.family:
                groups[-1][1].append(question)
            else:
                groups.append((question.family, [question]))
        return groups


def request_from_answers(
    bank: QuestionBank,
    fear_ids: Sequence[str],
    answers: Mapping[str, Any],
    field_carried: tuple[str, str] | None = None,
) -> PlanRequest:
    """The participant's saved request, repaired against the bank; a default one the first time.

    Anything the bank no longer offers (a relationship, goal, duration or seniority) falls back to a
    default, a request that never chose a fear takes the one rated strongest at the welcome, and one that never
    named a field takes ``field_carried``'s (:func:`carried_field`: the field named in a fear module).
    """
    stored = answers.get(keys.BUILDER_REQUEST) or {}
    try:
        request = PlanRequest.model_validate(stored)
    except ValidationError:
        request = PlanRequest()
    updates: dict[str, Any] = {}
    if request.relationship not in {r.id for r in bank.relationships}:
        updates["relationship"] = bank.relationships[-1].id
    goals = tuple(g for g in request.goals if g in {goal.id for goal in bank.goals})
    if goals != request.goals:
        updates["goals"] = goals or (bank.goals[0].id,)
    if request.minutes not in bank.durations:
        updates["minutes"] = bank.durations[1] if len(bank.durations) > 1 else bank.durations[0]
    if request.seniority not in {None, *(s.id for s in bank.seniorities)}:
        updates["seniority"] = None
    if not isinstance(stored, dict) or "fear" not in stored or request.fear not in {None, *fear_ids}:
        updates["fear"] = strongest_fear(fear_ids, answers)
    if field_carried is not None and not (isinstance(stored, dict) and "field" in stored):
        updates["field"] = field_carried[0]
    return request.model_copy(update=updates)


def first_names_for(bank: QuestionBank, request: PlanRequest) -> bool:
    """Whether the plan and its messages are on first-name terms: as the participant chose, else as the
    relationship suggests."""
    if request.informal is not None:
        return request.informal
    return next((r.informal for r in bank.relationships if r.id == request.relationship), False)


#: the words before a name that are not a first name: salutations (after which a single word is a surname)
SALUTATIONS = frozenset("frau herr mr mrs ms miss mx".split())
#: titles, skipped (after which, too, a single word is a surname: „Dr. Okafor“)
TITLES = frozenset("dr dr. prof prof. dipl.-ing. ing. mag. sir dame".split())


def first_name(name: str) -> str:
    """The first name in a name as written („Dr. Aylin Özdemir-Schäfer“: „Aylin“), for a greeting on
    first-name terms; empty where the name says none: a salutation or a title and a surname („Frau Ölmez“,
    „Dr. Okafor“). A single word alone („Aoife“) is taken as the first name: someone who writes one word for
    a person they are on first-name terms with writes the name they call them by."""
    words = name.split()
    salutation = bool(words) and words[0].casefold().rstrip(".") in SALUTATIONS
    rest = [w for w in words[1 if salutation else 0 :] if w.casefold() not in TITLES]
    titled = len(rest) < len(words) - salutation
    if (salutation or titled) and len(rest) < 2:
        return ""
    return rest[0] if rest else ""


def contact_first_name(request: PlanRequest) -> str:
    """The contact's first name for the messages: as the participant gave it, else taken from the contact's name
    where it says one (:func:`first_name`); empty where neither does."""
    return request.contact_first_name.strip() or first_name(request.contact_name)


#: the languages whose nouns keep their capitals inside a sentence
CAPITALISED_NOUNS = frozenset({"de"})


def field_in_sentence(field: str, language: str) -> str:
    """The field („Bereich oder Branche“) as a sentence says it, on one line: in a language whose nouns are in
    small letters inside a sentence (English), a phrase typed in sentence case loses its first capital
    („Product management“: "in product management"). Only where that capital is the phrase's alone: the first
    word a capital and small letters (no acronym: "UX research", "SAP consulting", "McKinsey …"), the second
    word small ("Deutsche Bahn" and "Data Science" may be names, as typed); one word alone is as typed
    ("Marketing" or "Siemens": a field or a name, no rule tells them apart). German keeps its capitals."""
    words = field.split()
    if language in CAPITALISED_NOUNS or len(words) < 2:
        return " ".join(words)
    first, second = words[0], words[1]
    letters = [c for c in first[1:] if c.isalpha()]
    sentence_case = first[:1].isupper() and all(c.islower() for c in letters) and second[:1].islower()
    if sentence_case:
        words[0] = first[:1].lower() + first[1:]
    return " ".join(words)


#: the words that say where a role is done, after the field's own words („bei einer Krankenkasse“, "at a start-up")
WHERE_WORDS = {"de": frozenset({"bei", "in", "im", "für", "am", "an"}), "en": frozenset({"at", "in", "for", "with"})}
#: how many first letters a field's word shares with a role's word to say the same work („Softwareentwickl…“)
SHARED_STEM = 6


def role_in_field(workshop: Workshop, role: str, field: str, language: str) -> str:
    """The role in its field, each said once: „UX-Designerin im Bereich öffentlicher Nahverkehr“. Where the field
    begins with the role's own work („Softwareentwicklerin“, „Softwareentwicklung bei einem Start-up“) the role
    with where it is done („Softwareentwicklerin bei einem Start-up“), or the role alone where nothing is left
    (a walk: „Softwareentwicklerin im Bereich Softwareentwicklung …“)."""
    role_words = [w for w in re.split(r"[\s\-/]+", role.casefold()) if w]
    field_words = field.split()

    def same_work(word: str) -> bool:
        word = word.casefold().strip(",.;:")
        stem = word[:SHARED_STEM]
        return any(w == word or (len(stem) == SHARED_STEM and w.startswith(stem)) for w in role_words)

    shared = next((i for i, word in enumerate(field_words) if not same_work(word)), len(field_words))
    rest = field_words[shared:]
    if shared and not rest:
        return role
    if shared and rest[0].casefold() in WHERE_WORDS.get(language, frozenset()):
        return " ".join([role, *rest])
    return workshop.t("builder.contact_role_in_field", language, role=role, field=field)


#: how long the apposition after the contact's name may be (the end's sentence, the plan's subtitle, a reminder)
DESCRIBED_CHARS = 100


def described_contact(workshop: Workshop, request: PlanRequest, language: str) -> str:
    """The contact as a sentence names them: the name, then role and field in one apposition („Herr Özdemir
    (UX-Researcher im Bereich Medizintechnik)“, "Mr Özdemir (UX researcher in medical technology)"), never a
    list of three; the name first, so that German can make it the object („Herrn Özdemir“). Without a name the
    role (in its field); without a name and a role nothing (the sentence then names no one). An apposition
    longer than :data:`DESCRIBED_CHARS` (a long answer carried from a fear) keeps the role alone, cut after a
    word with „…“ where even that is too long. The wording comes from ui.yaml (``builder.contact_*``)."""
    name, role = (" ".join(part.split()) for part in (request.contact_name, request.contact_role))
    field = field_in_sentence(request.field, language)
    t = lambda key, **values: workshop.t(key, language, **values)
    if role and field:
        detail = role_in_field(workshop, role, field, language)
        detail = detail if len(detail) <= DESCRIBED_CHARS else at_a_word(role, DESCRIBED_CHARS)
    elif role:
        detail = at_a_word(role, DESCRIBED_CHARS)
    else:
        detail = t("builder.contact_in_field", field=at_a_word(field, DESCRIBED_CHARS)) if field and name else ""
    if not name:
        return detail
    return t("builder.contact_described", name=name, detail=detail) if detail else name


def strongest_fear(fear_ids: Sequence[str], answers: Mapping[str, Any]) -> str | None:
    """The fear rated highest at the welcome (the first of equals), or None before any rating."""
    ratings = {f: answers.get(keys.rating("welcome", f)) for f in fear_ids}
    rated = {f: r for f, r in ratings.items() if isinstance(r, int) and not isinstance(r, bool)}
    return max(rated, key=rated.__getitem__) if rated else None


def edits_from_answers(answers: Mapping[str, Any]) -> PlanEdits:
    """The participant's saved plan edits (none, if what was saved no longer reads as edits)."""
    try:
        return PlanEdits.model_validate(answers.get(keys.BUILDER_EDITS) or {})
    except ValidationError:
        return PlanEdits()


def carried(workshop: Workshop, answers: Mapping[str, Any], target: CarryTo) -> list[Any]:
    """What the participant answered, in the fear modules, to the prompts carried to ``target`` of the plan."""
    found = []
    for fear in workshop.fears:
        for key, prompt in [
            *((keys.reflection(fear.id, p.id), p) for p in fear.reflection),
            *((keys.exercise(fear.id, p.id), p) for p in fear.exercise.fields),
        ]:
            value = answers.get(key)
            if prompt.carry == target and value:
                found.append(value)
    return found


#: the most words an answer in a fear module may have to become the plan's field: the messages say it inside a
#: sentence („… in {field} …“), so a phrase („Produktmanagement bei einem Softwarehaus“) and not a sentence
FIELD_CARRY_WORDS = 8
#: what makes an answer a sentence of its own rather than a phrase: a sentence's mark, a dash between clauses
_SENTENCE_MARKS = re.compile(r"[.!?;:…]\s|[!?;…]$|\s[–—-]\s")


def carried_field(workshop: Workshop, answers: Mapping[str, Any]) -> tuple[str, str] | None:
    """The field the participant named in a fear module (a prompt carried to ``plan-field``: „Worüber möchten Sie
    mehr erfahren?“), in one line, with that fear's id; None: none named, or an answer that is a sentence rather
    than a phrase (a walk's „The role of a UX researcher at a Krankenkasse – what the work is really like“ ran
    into every message: „your role in The role of …“); the plan's field then starts empty, with its example."""
    limit = PlanRequest.model_fields["field"].metadata[0].max_length
    for fear in workshop.fears:
        for key, prompt in [
            *((keys.reflection(fear.id, p.id), p) for p in fear.reflection),
            *((keys.exercise(fear.id, p.id), p) for p in fear.exercise.fields),
        ]:
            text = " ".join(str(answers.get(key) or "").split()).rstrip(".")  # a phrase's full stop is no sentence
            if prompt.carry == "plan-field" and text:
                if len(text.split()) > FIELD_CARRY_WORDS or _SENTENCE_MARKS.search(text):
                    return None
                return at_a_word(text, limit), fear.id
    return None


def carried_questions(workshop: Workshop, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The questions the participant wrote in a fear module ("What I want to learn"), each once, in order."""
    texts: list[str] = []
    for value in carried(workshop, answers, "plan-questions"):
        for item in value if isinstance(value, list) else [value]:
            text = " ".join(str(item).split())[:MAX_OWN_TEXT]
            if text and text not in texts:
                texts.append(text)
    return tuple(texts)


def carried_id(text: str) -> str:
    """A carried question's id: the same text always has the same id, so removing or starring it sticks."""
    return "carried-" + hashlib.blake2b(text.casefold().encode(), digest_size=5).hexdigest()


def plan_from_answers(workshop: Workshop, answers: Mapping[str, Any]) -> Plan:
    """The participant's current conversation plan (a default one if they have not built theirs yet).

    The questions they wrote in the fear modules are in it, as far as the time allows.
    """
    bank, fear_ids = workshop.bank, [f.id for f in workshop.fears]
    request = request_from_answers(bank, fear_ids, answers)
    return build_plan(bank, request, edits_from_answers(answers), carried_questions(workshop, answers))


def updated_request(request: PlanRequest, name: str, value: Any) -> PlanRequest:
    """``request`` with one field changed; :class:`AnswerRejected` naming that field's own limit if it does not fit."""
    try:
        return PlanRequest.model_validate({**request.model_dump(), name: value})
    except ValidationError as error:
        for problem in error.errors():
            limit = (problem.get("ctx") or {}).get("max_length")
            if problem["type"] == "string_too_long" and limit:
                raise AnswerRejected("field.too_long", limit=limit, length=len(str(value))) from None
        raise AnswerRejected("app.error") from None


def suitable(bank: QuestionBank, request: PlanRequest) -> list[Question]:
    """Bank questions that fit the relationship and seniority and serve at least one chosen goal.

    A question meant for some seniorities only (``Ihre Führungsrolle``) is asked only of a contact the
    participant says has one of them; "don't know / any" gets only the questions that suit everyone.
    """
    goals = set(request.goals)
    return [q for q in bank.questions if goals & set(q.goals) and fits_contact(q, request)]


def fits_contact(question: Question, request: PlanRequest) -> bool:
    """Whether ``question`` suits the relationship and the (known) seniority of the contact."""
    if question.relationships and request.relationship not in question.relationships:
        return False
    return not question.seniority or request.seniority in question.seniority


@dataclass(frozen=True)
class _Choice:
    bank: list[Question]
    goal_questions: list[str]
    carried_in: list[tuple[str, str]]
    spare: list[str]


def _choose(
    bank: QuestionBank,
    request: PlanRequest,
    edits: PlanEdits,
    kept: tuple[str, ...],
    carried: list[tuple[str, str]],
) -> _Choice:
    """What fills the time, in this order of claim: ``kept`` bank questions, the participant's own and their
    kept questions from a fear module; their other questions from a fear module (in their order: their own
    words before any suggestion of the builder's); one question for each goal; a question for the fear; then
    suggestions spread across the families."""
    frame = bank.frame
    budget = request.minutes - frame.opening_minutes - frame.closing_minutes
    by_id = {q.id: q for q in bank.questions}
    removed = set(edits.removed)
    chosen: dict[str, Question] = {}
    for question_id in kept:
        if question_id in by_id and question_id not in removed:
            chosen.setdefault(question_id, by_id[question_id])
    held = {*edits.pinned, *edits.starred, *edits.reworded}
    carried_in = [(question_id, text) for question_id, text in carried if question_id in held]
    used = (
        CARRIED_MINUTES * len(carried_in) + sum(q.minutes for q in edits.own) + sum(q.minutes for q in chosen.values())
    )
    family_count = Counter(q.family for q in chosen.values())
    static = _static_rank(request)
    candidates = sorted((q for q in suitable(bank, request) if q.id not in removed and q.id not in chosen), key=static)

    def take(question: Question) -> bool:
        nonlocal used
        if question.id in chosen or used + question.minutes > budget:
            return False
        chosen[question.id] = question
        used += question.minutes
        family_count[question.family] += 1
        return True

    spare = []
    for question_id, text in carried:  # the participant's own questions, as far as the time allows
        if question_id in held:
            continue
        if used + CARRIED_MINUTES <= budget:
            carried_in.append((question_id, text))
            used += CARRIED_MINUTES
        else:
            spare.append(text)
    goal_questions = []
    for goal in request.goals:  # coverage first, with the shortest fitting question, so every goal fits
        if not any(goal in q.goals for q in chosen.values()):
            serving = sorted(
                (q for q in candidates if goal in q.goals), key=lambda q: (q.minutes, family_count[q.family], static(q))
            )
            picked = next((question for question in serving if take(question)), None)
            if picked is not None:
                goal_questions.append(picked.id)
    if request.fear and not any(q.fear == request.fear for q in chosen.values()):
        serving = sorted(
            (q for q in candidates if q.fear == request.fear), key=lambda q: (family_count[q.family], static(q))
        )
        any(take(question) for question in serving)
    by_family: dict[str, list[Question]] = {}
    for question in candidates:  # already in rank order, so each family's best comes first
        by_family.setdefault(question.family, []).append(question)
    while True:  # fill the time, spreading over the families
        best = None
        for family, questions in by_family.items():
            first = next((q for q in questions if q.id not in chosen and used + q.minutes <= budget), None)
            if first is not None:
                key = (family_count[family], static(first))
                if best is None or key < best[0]:
                    best = (key, first)
        if best is None:
            break
        take(best[1])
    return _Choice(list(chosen.values()), goal_questions, carried_in, spare)


def family_goals(bank: QuestionBank, family: str) -> set[str]:
    """The goals the bank's questions of ``family`` serve."""
    return {goal for question in bank.questions if question.family == family for goal in question.goals}


def build_plan(
    bank: QuestionBank, request: PlanRequest, edits: PlanEdits | None = None, carried: tuple[str, ...] = ()
) -> Plan:
    """The conversation plan for ``request``, keeping every edit in ``edits``.

    Guarantees: no question twice; questions the participant removed never come back; kept questions
    (their own, brought back, swapped-in, starred or reworded) are always in; the total never exceeds the
    minutes asked for unless the kept questions alone do; every chosen goal is served when the bank and time
    allow. Starring or rewording a question that is already in the plan leaves every other question where it
    is. No edit but the participant's arrows changes the order of the questions that stay (once they have
    moved questions, a question new to the plan can leave no other place; :func:`plan_changes` names it).

    ``carried`` are questions the participant wrote earlier (in a fear module). They take the time before any
    suggestion of the builder's, even the question for a goal, in their order (a starred, reworded or
    brought-back one always); the others are listed as ``spare``.

    The order is a conversation's: those questions first, then the opening families' (the contact's path),
    the middle and the closing families' (who else to talk to) last; within a family, the bank's order and
    then the participant's own. Once the participant has moved a question, their order holds, and a question
    new to the plan joins it after the last one that comes before it in the conversation's order.
    """
    edits = edits or PlanEdits()
    texts: dict[str, str] = {}
    for text in carried:
        question_id = carried_id(text)
        if question_id not in edits.removed:
            texts.setdefault(question_id, text)
    carried_list = list(texts.items())
    choice = _choose(bank, request, edits, edits.pinned, carried_list)
    marked = ({*edits.starred, *edits.reworded} & {q.id for q in bank.questions}) - set(edits.removed)
    if not marked <= {q.id for q in choice.bank}:  # a marked question fell out (new time, goals or seed): keep it
        choice = _choose(bank, request, edits, (*edits.pinned, *edits.starred, *edits.reworded), carried_list)

    planned = (
        [
            PlannedQuestion(
                question_id,
                CARRIED_FAMILY,
                CARRIED_MINUTES,
                "carried",
                question_id in edits.starred,
                edits.reworded.get(question_id, text),
            )
            for question_id, text in choice.carried_in
        ]
        + [
            PlannedQuestion(q.id, q.family, q.minutes, "bank", q.id in edits.starred, edits.reworded.get(q.id), q.topic)
            for q in choice.bank
        ]
        + [
            PlannedQuestion(q.id, q.family, q.minutes, "own", q.id in edits.starred, edits.reworded.get(q.id, q.text))
            for q in edits.own
        ]
    )
    register = first_names_for(bank, request)
    planned = [replace(q, first_names=register) for q in planned]  # the bank's wording in the plan's register
    # an own question serves the goals its family's questions serve (the participant filed it there)
    covered = {g for q in choice.bank for g in q.goals} | {
        g for own in edits.own for g in family_goals(bank, own.family)
    }
    return Plan(
        request=request,
        questions=tuple(_order(planned, bank, edits.order, list(texts))),
        opening_minutes=bank.frame.opening_minutes,
        closing_minutes=bank.frame.closing_minutes,
        uncovered_goals=tuple(g for g in request.goals if g not in covered),
        spare=tuple(choice.spare),
        goal_questions=tuple(choice.goal_questions),
    )


@dataclass(frozen=True)
class TimeChange:
    """What bringing one question into the plan did to its time: the question's own minutes, how many of the
    builder's suggestions went out to make room for it, and where the plan stands now."""

    minutes: int
    #: the builder's suggestions that went out to make room (named to the participant)
    taken_out: tuple[PlannedQuestion, ...]
    total: int
    asked: int
    #: the plan now needs more than the time asked for (:attr:`Plan.over_time`)
    over_time: bool

    @property
    def made_room(self) -> int:
        return len(self.taken_out)


def time_change(before: Plan, after: Plan, question_id: str) -> TimeChange | None:
    """What ``question_id``, new in ``after``, did to the time of ``before`` (``None``: it is not in ``after``);
    ``taken_out`` are the builder's suggestions that left."""
    question = next((q for q in after.questions if q.id == question_id), None)
    if question is None:
        return None
    taken_out = tuple(q for q in before.questions if q.source == "bank" and q.id not in after.ids)
    return TimeChange(question.minutes, taken_out, after.total_minutes, after.request.minutes, after.over_time)


@dataclass(frozen=True)
class PlanChange:
    """One thing the builder changed on its own from one plan to the next, for the page to say in words.

    ``dropped``: a question left the plan; ``reason`` says why: ``time`` (the time is needed elsewhere) or
    ``unsuitable`` (it no longer fits the goals or the contact). ``spared``: one of the participant's
    questions from a fear module no longer fits and is listed as spare. ``added``: a question came in.
    ``moved``: a question that stayed now stands elsewhere. ``goals`` are the chosen goals that no question
    serves any more since this one left.
    """

    kind: Literal["dropped", "spared", "added", "moved"]
    question: PlannedQuestion
    reason: Literal["time", "unsuitable", ""] = ""
    goals: tuple[str, ...] = ()


def plan_changes(
    bank: QuestionBank, before: Plan, after: Plan, touched: Sequence[str] | set[str] = ()
) -> tuple[PlanChange, ...]:
    """What changed from ``before`` to ``after`` besides the questions the participant acted on (``touched``).

    Every question that left or came is named (those gone first, in the old plan's order, then those new,
    in the new plan's order), and so is every question that stayed but changed its place among the others
    that stayed (the fewest that explain the new order).
    """
    touched = set(touched)
    before_ids, after_ids = set(before.ids), set(after.ids)
    fitting = {q.id for q in suitable(bank, after.request)}
    by_id = {q.id: q for q in bank.questions}
    changes = []
    for question in before.questions:
        if question.id in after_ids or question.id in touched:
            continue
        if question.source == "carried":
            changes.append(PlanChange("spared", question, "time"))
            continue
        goals = by_id[question.id].goals if question.id in by_id else ()
        lost = tuple(g for g in after.request.goals if g in goals and g in after.uncovered_goals)
        reason: Literal["time", "unsuitable"] = (
            "time" if question.source != "bank" or question.id in fitting else "unsuitable"
        )
        changes.append(PlanChange("dropped", question, reason, lost))
    changes += [PlanChange("added", q) for q in after.questions if q.id not in before_ids and q.id not in touched]
    staying = [i for i in before.ids if i in after_ids and i not in touched]
    now = [i for i in after.ids if i in set(staying)]
    if now != staying:
        kept_in_place = set(_longest_increasing([staying.index(i) for i in now]))
        for question_id in now:
            if staying.index(question_id) not in kept_in_place:
                changes.append(PlanChange("moved", after.questions[after.ids.index(question_id)]))
    return tuple(changes)


def _longest_increasing(values: list[int]) -> list[int]:
    """One longest strictly increasing subsequence of ``values`` (the questions that kept their order)."""
    best: list[list[int]] = []
    for value in values:
        runs = [[*run, value] for run in best if run[-1] < value] or [[value]]
        best.append(max(runs, key=len))
    return max(best, key=len, default=[])


def swap_options(bank: QuestionBank, plan: Plan, question_id: str) -> list[Question]:
    """Other suitable questions of the same family that are not in the plan yet; none for a question in the
    participant's own words (a walk's ⇄ on the half of its own question it had split gave it away for a
    suggestion, with no way back)."""
    current = next((q for q in plan.questions if q.id == question_id), None)
    if current is None or current.source != "bank":
        return []
    in_plan = set(plan.ids)
    same_family = [
        q
        for q in bank.questions
        if q.family == current.family and q.id not in in_plan and fits_contact(q, plan.request)
    ]
    fitting = [q for q in suitable(bank, plan.request) if q in same_family]
    return fitting or same_family


def _static_rank(request: PlanRequest):
    """Sort key for how well a question fits the request (lower is better), before family spread."""
    goals = set(request.goals)

    def rank(question: Question) -> tuple:
        return (
            -len(goals & set(question.goals)),
            0 if request.fear and question.fear == request.fear else 1,
            0 if question.relationships or question.seniority else 1,
            _tiebreak(request.seed, question.id),
        )

    return rank


def _tiebreak(seed: int, question_id: str) -> bytes:
    return hashlib.blake2b(f"{seed}:{question_id}".encode(), digest_size=8).digest()


def _order(
    planned: list[PlannedQuestion], bank: QuestionBank, order: tuple[str, ...], carried: list[str]
) -> list[PlannedQuestion]:
    """The questions in a conversation's order, or in the participant's where they have moved questions.

    A question the participant's order does not know yet goes after the last one that comes before it in the
    conversation's order (so a new closing question never opens the plan)."""
    families = [f.id for f in bank.families]
    phases = {f.id: PHASES.index(f.phase) for f in bank.families}
    in_bank = {q.id: index for index, q in enumerate(bank.questions)}

    def rank(question: PlannedQuestion) -> tuple[int, int, int, int]:
        if question.source == "carried":
            return (0, 0, 0, carried.index(question.id) if question.id in carried else len(carried))
        family = families.index(question.family) if question.family in families else len(families)
        phase = phases.get(question.family, PHASES.index("middle"))
        if question.source == "bank":
            return (phase, family, 0, in_bank.get(question.id, len(in_bank)))
        return (phase, family, 1, int(question.id.split("-")[1]))

    position = {question_id: index for index, question_id in enumerate(order)}
    placed = sorted((q for q in planned if q.id in position), key=lambda q: position[q.id])
    for question in sorted((q for q in planned if q.id not in position), key=rank):
        after = [index + 1 for index, other in enumerate(placed) if rank(other) <= rank(question)]
        placed.insert(max(after, default=0), question)
    return _families_together(placed)


def _families_together(questions: list[PlannedQuestion]) -> list[PlannedQuestion]:
    """Each family's questions in one block, where its first question stands (an order saved before blocks
    moved whole, or a question new to the plan, would otherwise show a family's heading twice)."""
    families = list(dict.fromkeys(q.family for q in questions))
    return sorted(questions, key=lambda q: families.index(q.family))


def _question(bank: QuestionBank, question_id: str) -> Question:
    for question in bank.questions:
        if question.id == question_id:
            return question
    raise KeyError(question_id)


def _add(items: tuple[str, ...], item: str) -> tuple[str, ...]:
    return items if item in items else (*items, item)


def _drop(items: tuple[str, ...], item: str) -> tuple[str, ...]:
    return tuple(i for i in items if i != item)
