"""The workshop content: YAML files under ``exercises/`` turned into typed, frozen objects.

Every text a participant reads comes from here. ``load_workshop`` returns a :class:`Workshop` or raises
:class:`ContentError`, which carries *every* problem found (file, field, language), never only the first.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, field_validator, model_validator

from coffeechat import __version__
from coffeechat.content.kinds import KINDS
from coffeechat.content.location import SHIPPED_CONTENT_DIR, content_dir

SCHEMA_VERSION = 1
BANK_FILE = "question-bank.yaml"
ROLE_CARDS_FILE = "role-cards.yaml"
WRAP_UP_FILE = "wrap-up.yaml"
GUIDE_FILE = "guide.yaml"
OUTREACH_FILE = "outreach.yaml"
WALL_FILTER_FILE = "wall-filter.yaml"
GROUPS_FILE = "groups.yaml"
DEFAULT_CONTENT_DIR = SHIPPED_CONTENT_DIR  # the wheel's bundled copy, or exercises/ of a checkout (location.py)

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong with the content, precise enough for a coach to fix it."""

    file: str
    field: str
    message: str
    language: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        lang = f" [{self.language}]" if self.language else ""
        return f"{where}{lang}: {self.message}"


class ContentError(Exception):
    """The content directory has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


#: the key of a text's first-name form beside its language: ``de_informal`` („du“ where ``de`` says „Sie“)
INFORMAL_SUFFIX = "_informal"


class Text(RootModel[dict[str, str]]):
    """A text in every workshop language: ``{de: "...", en: "..."}``.

    Something the participant says to their contact may also have its first-name form in a language with a
    register: ``de_informal: "Wie geht es dir?"`` beside ``de: "Wie geht es Ihnen?"`` (English has none).
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    def __getitem__(self, language: str) -> str:
        return self.root[language]

    def say(self, language: str, first_names: bool = False) -> str:
        """The text in ``language``; on first-name terms its informal form, where the language has one."""
        if first_names:
            return self.root.get(language + INFORMAL_SUFFIX) or self.root[language]
        return self.root[language]

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.root.items())))


class Option(_Model):
    id: Slug
    label: Text


class Column(_Model):
    id: Slug
    label: Text
    kind: Literal["text", "choice"] = "text"
    options: tuple[Option, ...] = ()


PromptKind = Literal["text", "scale", "choice", "checklist", "list", "table", "date"]
#: where a prompt's answer meets the participant again in the conversation plan
CarryTo = Literal["plan-questions", "plan-warm-up", "plan-opener", "plan-transition"]


class Prompt(_Model):
    """One thing the participant answers: a reflection question or a field of an exercise."""

    id: Slug
    kind: PromptKind
    label: Text
    help: Text | None = None
    placeholder: Text | None = None
    options: tuple[Option, ...] = ()
    scale_min: int = 0
    scale_max: int = 10
    low_label: Text | None = None
    high_label: Text | None = None
    columns: tuple[Column, ...] = ()
    max_items: int = Field(default=12, ge=1, le=50)
    #: the answer is carried into the conversation plan (questions: a list; warm-up: a checklist; else text)
    carry: CarryTo | None = None
    #: a date that plans ahead (a commitment): today or later, a day already past is refused
    from_today: bool = False

    @model_validator(mode="after")
    def _kind_needs(self) -> Prompt:
        if self.kind in ("choice", "checklist") and len(self.options) < 2:
            raise ValueError(f"a {self.kind} prompt needs at least 2 options")
        if self.kind == "table" and not self.columns:
            raise ValueError("a table prompt needs columns")
        if self.kind == "scale" and self.scale_max <= self.scale_min:
            raise ValueError("scale_max must be greater than scale_min")
        needs = {"plan-questions": "list", "plan-warm-up": "checklist"}.get(self.carry or "", "text")
        if self.carry and self.kind != needs:
            raise ValueError(f"carry: {self.carry} needs a {needs} prompt, not a {self.kind} one")
        for column in self.columns:
            if column.kind == "choice" and len(column.options) < 2:
                raise ValueError(f"column {column.id!r} is a choice and needs at least 2 options")
        _no_duplicates([o.id for o in self.options], "option id")
        _no_duplicates([c.id for c in self.columns], "column id")
        return self


class Exercise(_Model):
    id: Slug
    title: Text
    instructions: Text
    fields: tuple[Prompt, ...] = Field(min_length=1)

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, fields: tuple[Prompt, ...]) -> tuple[Prompt, ...]:
        _no_duplicates([f.id for f in fields], "field id")
        return fields


class NextStep(_Model):
    label: Text
    examples: tuple[Text, ...] = ()
    date_label: Text


class Step(_Model):
    """One timed step of a module's exercise, as the coach runs it."""

    minutes: int = Field(ge=1, le=120)
    text: Text


class Facilitator(_Model):
    """Notes for the coach; never shown in the participant view.

    ``steps`` time the exercise; ``coffeechat check`` reports steps that take longer than the module's
    exercise minutes in ``workshop.yaml``.
    """

    goals: tuple[Text, ...] = Field(default=(), max_length=4)
    notes: Text
    steps: tuple[Step, ...] = ()
    debrief_questions: tuple[Text, ...] = ()

    @property
    def step_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


class Slide(_Model):
    """What the projector shows for a fear module while the room works on it, each part in a few words.

    A part left out is the first paragraph of the module's own block (``in_your_words``,
    ``why_it_feels_true``, ``reframe``, the exercise's ``instructions``): a coach words only what they want
    shorter. See :meth:`Workshop.slide`.
    """

    in_your_words: Text | None = None
    why_it_feels_true: Text | None = None
    reframe: Text | None = None
    exercise: Text | None = None


class Fear(_Model):
    """One fear module: the same blocks for every fear."""

    schema_version: int = SCHEMA_VERSION
    id: Slug
    title: Text
    in_your_words: Text
    why_it_feels_true: Text
    reframe: Text
    reflection: tuple[Prompt, ...] = Field(min_length=2, max_length=4)
    exercise: Exercise
    next_step: NextStep
    facilitator: Facilitator
    slide: Slide = Field(default_factory=Slide)

    @field_validator("reflection")
    @classmethod
    def _reflection_mix(cls, prompts: tuple[Prompt, ...]) -> tuple[Prompt, ...]:
        _no_duplicates([p.id for p in prompts], "prompt id")
        if all(p.kind == "text" for p in prompts):
            raise ValueError("at least one reflection prompt must be a scale, choice or checklist")
        return prompts


class Welcome(_Model):
    schema_version: int = SCHEMA_VERSION
    id: Literal["welcome"] = "welcome"
    title: Text
    intro: Text
    what_is_it: Text
    rating_intro: Text
    low_label: Text
    high_label: Text
    facilitator: Facilitator


class Goal(_Model):
    """Something the participant wants to find out; ``topic`` completes "a few questions about ..."

    (addressing the contact formally, „zu Ihrem Arbeitsalltag“), ``topic_informal`` the same on first-name
    terms („zu deinem Arbeitsalltag“).
    """

    id: Slug
    label: Text
    topic: Text
    topic_informal: Text


class Relationship(_Model):
    """How the participant knows the contact; ``connection_example`` is the one sentence the builder asks for."""

    id: Slug
    label: Text
    connection_example: Text
    #: whether messages to such a contact are on first-name terms unless the participant says otherwise
    informal: bool = False


class Family(_Model):
    """A family of questions; ``phase`` says where in a conversation its questions belong: ``opening`` (the
    contact's own path: a warm start), ``middle``, or ``closing`` (who else to talk to, next steps: last)."""

    id: Slug
    label: Text
    phase: Literal["opening", "middle", "closing"] = "middle"


class Question(_Model):
    """One question of the bank, with what it serves and how long it takes to answer."""

    id: Slug
    family: Slug
    text: Text
    #: what a persona answers it from in solo rehearsal: a topic or family id (default: the family)
    topic: Slug | None = None
    goals: tuple[Slug, ...] = Field(min_length=1)
    relationships: tuple[Slug, ...] = ()
    seniority: tuple[Slug, ...] = ()
    minutes: int = Field(ge=1, le=10)
    fear: Slug | None = None


class ConversationFrame(_Model):
    """The parts of every plan around the questions: opening, closing and follow-up."""

    small_talk: tuple[Text, ...] = Field(min_length=1)
    transition: Text
    transition_informal: Text
    closing: tuple[Text, ...] = Field(min_length=1)
    follow_up: tuple[Text, ...] = Field(min_length=1)
    opening_minutes: int = Field(ge=0, le=10)
    closing_minutes: int = Field(ge=0, le=10)


class QuestionBank(_Model):
    """The question builder's material: question families, goals, relationships and the questions."""

    schema_version: int = SCHEMA_VERSION
    families: tuple[Family, ...] = Field(min_length=1)
    goals: tuple[Goal, ...] = Field(min_length=1)
    relationships: tuple[Relationship, ...] = Field(min_length=1)
    seniorities: tuple[Option, ...] = Field(min_length=1)
    durations: tuple[int, ...] = (15, 20, 30, 45)
    frame: ConversationFrame
    questions: tuple[Question, ...] = Field(min_length=1)
    facilitator: Facilitator

    @model_validator(mode="after")
    def _references(self) -> QuestionBank:
        for what, items in [
            ("family", self.families),
            ("goal", self.goals),
            ("relationship", self.relationships),
            ("seniority", self.seniorities),
            ("question", self.questions),
        ]:
            _no_duplicates([item.id for item in items], f"{what} id")
        return self


#: Placeholders a message template may use; the builder fills each from what the participant entered (the
#: request, or a message's own field: what they learned, their next step, the introducer, what happened).
MESSAGE_PLACEHOLDERS = frozenset(
    """contact_name contact_first_name contact_role field my_name my_situation connection topic minutes learned
    my_next_step introducer what_happened""".split()
)
#: The placeholders a message kind may ask the participant for in a field of its own (``kinds.*.fields``).
MESSAGE_FIELDS = ("learned", "my_next_step", "introducer", "what_happened")
#: Placeholders the conversation frame's transition may use.
TRANSITION_PLACEHOLDERS = frozenset({"minutes", "topic"})


class Channel(_Model):
    """A way to send a message, with what it allows.

    ``max_chars`` bounds a first message to someone not yet in touch (an invitation note); with
    ``premium_max_chars`` a Premium account allows more, which the participant can say with a control named
    ``premium_label``. ``limit_is_advice`` marks a bound that is the kit's advice, not the platform's rule.
    ``fewer_words_than`` is advice in words (an e-mail). A kind of message sent to an existing contact
    (``MessageKind.existing_contact``) is a message, named ``message_label``, with ``message_hint`` and no
    invitation-note limit.
    """

    id: Slug
    label: Text
    max_chars: int | None = Field(default=None, gt=0)
    premium_max_chars: int | None = Field(default=None, gt=0)
    premium_label: Text | None = None
    limit_is_advice: bool = False
    fewer_words_than: int | None = Field(default=None, gt=1)
    hint: Text
    message_label: Text | None = None
    message_hint: Text | None = None

    @model_validator(mode="after")
    def _premium(self) -> Channel:
        if (self.premium_max_chars is None) != (self.premium_label is None):
            raise ValueError("premium_max_chars and premium_label go together")
        if self.premium_max_chars is not None and (self.max_chars is None or self.premium_max_chars < self.max_chars):
            raise ValueError("premium_max_chars needs a max_chars no larger than it")
        return self


class MessageKind(_Model):
    """A kind of message (the request, a nudge, the thank-you ...): its heading and when to send it.

    ``existing_contact``: written to someone already in touch (a message, never an invitation note);
    ``fields``: what the participant fills in for it (``MESSAGE_FIELDS``), each shown above the draft.
    """

    id: Slug
    label: Text
    hint: Text
    existing_contact: bool = False
    fields: tuple[Literal[MESSAGE_FIELDS], ...] = ()  # type: ignore[valid-type]


class MessageTemplate(_Model):
    """A message of one kind with ``{placeholders}``, for some relationships, one channel and one register."""

    id: Slug
    kind: Slug
    relationships: tuple[Slug, ...] = ()
    channel: Slug
    #: on first-name terms („Hallo Sam, hast du …“) rather than formal („Guten Tag Frau Ölmez, hätten Sie …“)
    informal: bool = False
    subject: Text | None = None
    body: Text
    #: shorter bodies, each shorter than the one before, for a channel whose limit the body would break
    shorter: tuple[Text, ...] = ()


class Outreach(_Model):
    schema_version: int = SCHEMA_VERSION
    placeholder_labels: dict[str, Text]
    #: what a draft says where a value is missing („[Ihr Name fehlt]“): never a raw ``{placeholder}``
    placeholder_missing: dict[str, Text]
    kinds: tuple[MessageKind, ...] = Field(min_length=1)
    channels: tuple[Channel, ...] = Field(min_length=1)
    templates: tuple[MessageTemplate, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Outreach:
        _no_duplicates([k.id for k in self.kinds], "kind id")
        _no_duplicates([c.id for c in self.channels], "channel id")
        _no_duplicates([t.id for t in self.templates], "template id")
        return self


class Reaction(_Model):
    """Something a persona does now and then (a short answer, a tangent, a frank downside) and how to handle it."""

    id: Slug
    text: Text
    hint: Text


class Persona(_Model):
    """A contact to play in role-play, or to rehearse with alone."""

    id: Slug
    name: Text
    role: Text
    background: Text
    style: Slug
    how_to_play: Text
    facts: tuple[Text, ...] = Field(min_length=2, max_length=3)
    answers: dict[str, tuple[Text, ...]]
    reactions: tuple[Reaction, ...] = Field(min_length=1)
    reaction_every: int = Field(default=3, ge=2, le=6)

    @field_validator("answers", mode="before")
    @classmethod
    def _one_or_more(cls, answers: Any) -> Any:
        """A family may have one answer (a text) or several (a list, used in turn)."""
        if not isinstance(answers, dict):
            return answers
        return {family: value if isinstance(value, list) else [value] for family, value in answers.items()}

    @model_validator(mode="after")
    def _unique(self) -> Persona:
        _no_duplicates([r.id for r in self.reactions], "reaction id")
        return self


class RoleCards(_Model):
    """Role-play material: answer styles, the observer's checklist, the personas, and how a persona hears a question.

    ``keywords`` gives, for each question family and topic, the words (comma-separated, in each language) that
    tell what a participant's own question is about (see :func:`keyword_list`); ``generic_answers`` are what
    any persona says, each once per rehearsal, when it has nothing new left to say to a question.
    """

    schema_version: int = SCHEMA_VERSION
    styles: tuple[Option, ...] = Field(min_length=1)
    observer_checklist: tuple[Option, ...] = Field(min_length=3)
    keywords: dict[Slug, Text]
    generic_answers: tuple[Text, ...] = Field(min_length=3)
    personas: tuple[Persona, ...] = Field(min_length=1)
    facilitator: Facilitator

    @model_validator(mode="after")
    def _references(self) -> RoleCards:
        _no_duplicates([s.id for s in self.styles], "style id")
        _no_duplicates([o.id for o in self.observer_checklist], "checklist id")
        _no_duplicates([p.id for p in self.personas], "persona id")
        return self


class WrapUp(_Model):
    """The wrap-up's own content: the closing words every participant reads, and the coach's notes."""

    schema_version: int = SCHEMA_VERSION
    closing: Text
    facilitator: Facilitator


class ChecklistGroup(_Model):
    title: Text
    items: tuple[Text, ...] = Field(min_length=1)


class WayOfUse(_Model):
    """One way the kit is used, and what is true about the participants' data there."""

    id: Slug
    title: Text
    where: Text
    say: Text


#: what the projector can show, switched from the console (the guide names one for every run sheet row)
#: the projector's modes as the guide names them: the console's (``coffeechat.room.model.PROJECTOR_MODES``, labelled
#: by ``room.mode.*`` in ui.yaml) and the thank-you slide that "End" brings (labelled in guide.yaml)
PROJECTOR_MODES = ("join", "module", "profile", "change", "wall", "groups", "timer", "thanks")
#: the guide's own words around the console steps (``labels:`` in guide.yaml)
GUIDE_LABELS = frozenset(
    {"console_heading", "console_column", "module_console", "projector", "timer", "timer_then", "round_step", "module"}
    | {"debrief_step"}
    | {"mode.thanks"}
)


class ConsoleStep(_Model):
    """What the coach does on the console for one row of the run sheet, and what the projector shows then."""

    #: the projector's modes for the row, in the order the coach switches to them
    projector: tuple[Literal[PROJECTOR_MODES], ...] = Field(min_length=1)  # type: ignore[valid-type]
    text: Text


class GuideConsole(_Model):
    """The console, row by row: one step per module and one for each other kind of run sheet row."""

    arrival: ConsoleStep
    modules: dict[Slug, ConsoleStep]
    first_round: ConsoleStep
    next_round: ConsoleStep
    debrief: ConsoleStep
    pause: ConsoleStep = Field(alias="break")
    buffer: ConsoleStep
    end: ConsoleStep
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class Guide(_Model):
    """The facilitator guide's own texts: the checklist, data and privacy per way of use, the online variant,
    the console row by row and the labels the guide uses for them."""

    schema_version: int = SCHEMA_VERSION
    intro: Text
    console_intro: Text
    console: GuideConsole
    labels: dict[str, Text]
    checklist: tuple[ChecklistGroup, ...] = Field(min_length=1)
    privacy_intro: Text
    ways: tuple[WayOfUse, ...] = Field(min_length=1)
    online_intro: Text
    online_steps: tuple[Text, ...] = Field(min_length=1)
    printing: Text


class Language(_Model):
    code: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    name: str = Field(min_length=1)
    #: how dates are written, e.g. ``de_DE`` or ``en_GB`` (default: the language code)
    locale: Annotated[str, Field(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")] | None = None
    #: the words of formal address in a language with a register (German: Sie, Ihnen, Ihr ...): what the
    #: participant says to their contact and holds one of them needs its first-name form (``de_informal``)
    formal_address: tuple[str, ...] = ()


class ModuleRef(_Model):
    id: Slug
    kind: Literal[tuple(KINDS)]  # type: ignore[valid-type]  # the kinds the kit knows (coffeechat.content.kinds)
    file: str | None = None
    teach_minutes: int = Field(ge=0, le=240)
    exercise_minutes: int = Field(ge=0, le=240)

    @property
    def minutes(self) -> int:
        return self.teach_minutes + self.exercise_minutes


class ScheduleEntry(_Model):
    """One entry of a format's run sheet: a module (with time to share in groups) or a break.

    A role-play module may say how its rounds run in this format (``rounds`` of ``round_minutes`` each,
    ``changeover_minutes`` for feedback and swapping roles after each, then ``debrief_minutes``); those
    minutes replace the module's exercise minutes in this format. Any other module may have
    ``debrief_minutes`` too: a debrief with the whole room after it, added to its minutes.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    module: Slug | None = None
    pause: int | None = Field(default=None, alias="break", gt=0, le=90)
    share_minutes: int = Field(default=0, ge=0, le=30)
    group_size: Literal[2, 3] = 2
    rounds: int | None = Field(default=None, ge=1, le=6)
    round_minutes: int = Field(default=8, ge=1, le=20)
    changeover_minutes: int = Field(default=3, ge=0, le=15)
    debrief_minutes: int = Field(default=0, ge=0, le=30)

    @model_validator(mode="before")
    @classmethod
    def _a_name_is_a_module(cls, value: Any) -> Any:
        return {"module": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_thing(self) -> ScheduleEntry:
        if (self.module is None) == (self.pause is None):
            raise ValueError("an entry is either a module or a break")
        return self

    @property
    def roleplay_minutes(self) -> int | None:
        """The exercise minutes of a role-play run in rounds (None: the module's own)."""
        if self.rounds is None:
            return None
        return self.rounds * (self.round_minutes + self.changeover_minutes) + self.debrief_minutes


class WorkshopFormat(_Model):
    """A way to run the workshop: its length, and the run sheet that has to add up to it."""

    id: Slug
    title: Text
    minutes: int = Field(gt=0)
    #: arrival and setup before the first module (opening the link, noting the code)
    arrival_minutes: int = Field(default=0, ge=0, le=60)
    #: slack at the end for questions and running late
    buffer_minutes: int = Field(default=0, ge=0, le=60)
    #: no clock times: participants work through it on their own
    self_paced: bool = False
    schedule: tuple[ScheduleEntry, ...] = Field(min_length=1)
    notes: Text

    @property
    def modules(self) -> tuple[str, ...]:
        return tuple(entry.module for entry in self.schedule if entry.module)


class Manifest(_Model):
    schema_version: int
    title: Text
    subtitle: Text
    languages: tuple[Language, ...] = Field(min_length=1)
    default_language: str
    modules: tuple[ModuleRef, ...] = Field(min_length=1)
    formats: tuple[WorkshopFormat, ...] = ()


class FilterSource(_Model):
    name: str = Field(min_length=1)
    url: str = Field(min_length=1)
    commit: str = ""
    license: str = Field(min_length=1)
    attribution: str = Field(min_length=1)


#: a filter term: a word, a phrase or a symbol (an emoji), with an optional * at either end
FilterTerm = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^\*?[^*\s][^*]*\*?$")]


class WallFilterFile(_Model):
    """``wall-filter.yaml``: words no word-wall answer on the projector may contain, by language: the
    published list (``ldnoobw``, with its ``source``) and the coach's own additions (``own``)."""

    schema_version: int = SCHEMA_VERSION
    source: FilterSource
    ldnoobw: dict[str, tuple[FilterTerm, ...]] = {}
    own: dict[str, tuple[FilterTerm, ...]] = {}

    @property
    def terms(self) -> tuple[str, ...]:
        found = {term.casefold() for lists in (self.ldnoobw, self.own) for terms in lists.values() for term in terms}
        return tuple(sorted(found))


class GroupStyle(_Model):
    """A role-play group's colour and its name in every language (the name is the cue; the colour helps)."""

    colour: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
    name: Text


class GroupsFile(_Model):
    schema_version: int = SCHEMA_VERSION
    groups: tuple[GroupStyle, ...] = Field(min_length=1)


class Ui(_Model):
    """Interface strings (buttons, messages) keyed by name."""

    schema_version: int = SCHEMA_VERSION
    strings: dict[str, Text]


#: Every interface string the code asks for; ``coffeechat check`` reports any that ui.yaml lacks.
UI_KEYS = frozenset(
    """
    app.language app.progress app.next app.back
    app.saved app.conflict app.error app.module_done
    app.step app.step_done app.position app.steps
    code.noted code.show_hints
    welcome.chart_alt welcome.chart_value welcome.chart_unrated wrapup.chart_alt wrapup.chart_value wrapup.not_rated
    builder.question_label builder.own_question builder.own_family builder.goal_heading builder.message_text
    builder.channel builder.edited_kept builder.move_edge builder.spare_note builder.include builder.include_tip
    builder.bring_back builder.bring_back_tip builder.changed_own builder.changed_include builder.changed_remove
    builder.changed_swap builder.changed_minutes builder.changed_request builder.changed_seed builder.changed_other
    builder.dropped_time builder.dropped_unsuitable builder.dropped_seed builder.dropped_goal builder.spared
    builder.added builder.added_carried builder.moved
    roleplay.mode roleplay.group_size roleplay.observer_notes roleplay.follow_up_label roleplay.sound_on
    roleplay.sound_off field.cell field.item
    code.new_intro code.have_one code.enter_placeholder code.resume code.start_new code.invalid
    code.unknown code.your_code code.write_down code.link_hint code.forget_device code.forgotten
    code.local_mode code.wait code.start_full code.start_failed
    welcome.rating_heading welcome.chart_title welcome.chart_caption welcome.chart_pending
    fear.in_your_words fear.why_it_feels_true fear.reframe fear.reflection fear.exercise fear.next_step
    fear.examples
    field.unrated field.keep_value field.add_row field.remove_row field.add_item field.too_long
    field.limit_reached field.date_invalid field.choose
    journal.full journal.read-only journal.busy journal.other
    export.nothing_yet export.next_step export.due export.ratings
    builder.title builder.intro builder.step_describe builder.step_plan builder.step_messages builder.step_take_home
    builder.contact_name builder.contact_role builder.field builder.my_name builder.my_situation builder.connection
    builder.relationship builder.seniority builder.seniority_any builder.goals builder.minutes builder.fear
    builder.fear_none builder.min builder.need_goal builder.opening builder.closing builder.follow_up
    builder.own_questions builder.minutes_total builder.over_time builder.uncovered builder.regenerate builder.add_own
    builder.add_own_placeholder builder.star builder.up builder.down builder.swap builder.remove
    builder.swap_none builder.learned builder.my_next_step builder.reset_draft
    builder.unfilled builder.all_filled builder.length_limit builder.length_words builder.download_markdown
    builder.download_pdf builder.downloaded builder.file_stem builder.and builder.plan_title
    roleplay.cues roleplay.title roleplay.intro roleplay.mode_group roleplay.mode_solo roleplay.round
    roleplay.pairs roleplay.trios roleplay.my_role roleplay.role.asker roleplay.role.contact
    roleplay.role.observer roleplay.minutes roleplay.timer_start roleplay.timer_pause roleplay.timer_reset
    roleplay.timer_done roleplay.next_round roleplay.debrief roleplay.no_plan roleplay.your_plan
    roleplay.card roleplay.contact_hint roleplay.observer_heading roleplay.nervous_before roleplay.nervous_after
    roleplay.calm roleplay.very_nervous roleplay.went_well roleplay.change roleplay.history_row
    roleplay.nervous_summary roleplay.style roleplay.how_to_play roleplay.facts roleplay.ask
    roleplay.solo_intro roleplay.solo_persona roleplay.solo_question roleplay.you roleplay.hint
    roleplay.follow_up roleplay.nothing_new roleplay.solo_with wrapup.title wrapup.intro wrapup.rate_again
    wrapup.chart_title
    wrapup.before wrapup.after wrapup.fear wrapup.commitment wrapup.commit_who
    wrapup.who_placeholder wrapup.commit_due wrapup.commit_channel wrapup.commit_draft wrapup.channel.email
    wrapup.channel.linkedin wrapup.channel.phone wrapup.channel.in-person wrapup.draft.builder wrapup.draft.new
    wrapup.thanks_reminder wrapup.take_home wrapup.take_home_intro wrapup.download_pdf
    wrapup.download_markdown wrapup.download_json wrapup.file_stem wrapup.take_home_title wrapup.take_home_subtitle
    wrapup.your_data wrapup.erase wrapup.erase_intro wrapup.erase_confirm wrapup.erase_yes
    wrapup.erase_no wrapup.erased
    print.file.guide print.file.workbook print.file.question-bank print.file.persona-cards print.file.observer-sheet
    print.file.plan-template print.persona_cards_title builder.carried_questions builder.spare_heading builder.spare
    builder.informal wrapup.commit_talk wrapup.channel.xing wrapup.download_ics reminder.contact.title
    reminder.contact.text reminder.nudge.title reminder.nudge.text reminder.talk.title reminder.talk.text
    reminder.thanks.title reminder.thanks.text reminder.update.title reminder.update.text reminder.talk_unknown
    agenda.minutes agenda.arrival agenda.arrival_detail agenda.teach agenda.exercise agenda.share agenda.group.2
    agenda.group.3 agenda.break agenda.buffer agenda.end agenda.roleplay_intro agenda.round_detail agenda.groups.2
    agenda.groups.3 agenda.role.asker agenda.role.contact agenda.role.observer agenda.debrief
    guide.about guide.checklist guide.debrief guide.goals guide.how guide.length guide.module_minutes guide.notes
    guide.online guide.printing guide.privacy guide.run_sheet guide.steps guide.time guide.title guide.what
    print.background print.card_secret print.my_opener print.my_questions print.my_transition print.name_or_code
    print.observer_subtitle print.observer_title print.one_tip print.only_for print.plan_subtitle print.question
    print.question_bank_subtitle print.question_bank_title print.questions_hint print.round_and_asker
    print.thanks_by print.transition_example print.who print.workbook_title
    room.not_for_you room.console_title room.start_heading room.name room.date room.start room.none room.current
    room.joined room.projector_link room.pacing room.own_pace room.follow_me room.module room.timer room.minutes
    room.timer_start room.timer_pause room.timer_extend room.timer_stop room.timer_done room.groups
    room.form_groups room.next_round room.reshuffle room.groups_summary room.no_groups room.wall room.wall_question
    room.wall_question_placeholder room.ask room.reveal room.conceal room.hide_entry room.show_entry
    room.wall_count room.end room.erase room.erase_confirm room.erase_yes room.erase_no room.erased room.ended
    room.join room.qr_alt room.results room.fear_profile room.rated_by room.too_few room.change room.change_row
    room.finished room.wall_hidden room.slide.about room.slide.asker room.slide.contact
    room.slide.observer room.slide.plan room.slide.next_step room.bar_title room.following room.your_group
    room.your_answer
    room.share room.shared room.shared_shortened room.end_heading room.end_text
    roleplay.room_role roleplay.room_note room.elsewhere room.back_to room.bring_back
    room.pages_here room.pages_per_module
    room.timer_resume room.timer_paused room.projector room.projector_shows room.mode.join room.mode.module
    room.mode.profile room.mode.change room.mode.wall room.mode.groups room.mode.timer room.projector_corner
    room.projector_theme room.theme.light room.theme.dark room.projector_sound room.sound.on room.sound.off
    room.joined_one room.round room.mean room.before room.after
    room.finished_here room.projector_no_question room.projector_waiting
    room.wall_more room.projector_thanks room.projector_thanks_text
    field.date_out_of_range field.date_stored_out_of_range field.number_out_of_range field.replaced_characters
    download.failed code.unknown_address status.saving status.offline status.lost code.start_lead
    app.finish app.complete_heading app.complete_text app.complete_next app.complete_commit app.complete_open
    app.complete_heading_partly app.complete_partly
    builder.contact_first_name builder.introducer builder.what_happened builder.length_over builder.length_advice
    builder.length_advice_over builder.words_limit builder.words_over builder.draft_incomplete field.date_past
    wrapup.due_past wrapup.talk_past wrapup.talk_before_due
    room.group_number room.your_group_named room.groups_round room.trios.one room.trios.other room.pairs.one
    room.pairs.other room.quartets.one room.quartets.other room.solos.one room.solos.other room.people.one
    room.people.other room.group_row room.unplaced.one room.unplaced.other room.place_late.one
    room.place_late.other room.place_late_note room.pacing_choice room.sound_on room.sound_off room.end_confirm
    room.end_yes room.end_no room.format room.presets room.presets_none room.preset_round room.preset_exercise
    room.preset_share room.preset_changeover room.preset_debrief
    room.ask_empty room.clear_question room.current_question
    room.no_question room.auto_approve room.approve room.approve_all room.withdraw room.queue room.status.waiting
    room.status.shown room.status.hidden room.status.filtered room.answers.one room.answers.other
    room.earlier_questions room.earlier_row
    end.download_plan end.no_calendar end.erased_heading end.erased end.erased_elsewhere
    """.split()
)


@dataclass(frozen=True)
class Workshop:
    """All content of one ``exercises/`` directory, validated."""

    directory: Path
    manifest: Manifest
    welcome: Welcome
    fears: tuple[Fear, ...]
    ui: Ui
    bank: QuestionBank
    outreach: Outreach
    role_cards: RoleCards
    wrap_up: WrapUp
    guide: Guide
    #: the word wall's filter terms (``wall-filter.yaml``, every language at once, case-folded)
    wall_terms: tuple[str, ...] = ()
    #: the role-play groups' names and colours (``groups.yaml``), in the order groups are numbered
    group_styles: tuple[GroupStyle, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.manifest.languages)

    @property
    def default_language(self) -> str:
        return self.manifest.default_language

    def locale(self, language: str) -> str:
        """The locale that writes dates for ``language`` (``de_DE``), or the language code itself."""
        found = next((lang for lang in self.manifest.languages if lang.code == language), None)
        return (found.locale if found else None) or language

    def fear(self, fear_id: str) -> Fear:
        for fear in self.fears:
            if fear.id == fear_id:
                return fear
        raise KeyError(fear_id)

    def module_ref(self, module_id: str) -> ModuleRef:
        for ref in self.manifest.modules:
            if ref.id == module_id:
                return ref
        raise KeyError(module_id)

    @property
    def module_ids(self) -> tuple[str, ...]:
        return tuple(ref.id for ref in self.manifest.modules)

    def workshop_format(self, format_id: str) -> WorkshopFormat:
        for fmt in self.manifest.formats:
            if fmt.id == format_id:
                return fmt
        raise KeyError(format_id)

    def facilitator(self, module_id: str) -> Facilitator:
        """The coach's notes, timed steps and debrief questions for a module."""
        return _facilitator(self.module_ref(module_id).kind, module_id, self)

    def module_title(self, module_id: str, language: str) -> str:
        ref = self.module_ref(module_id)
        title_key = KINDS[ref.kind].title_key
        if title_key:
            return self.t(title_key, language)
        own = self.welcome if ref.kind == "welcome" else self.fear(module_id)
        return own.title[language]

    def slide(self, module_id: str, language: str) -> list[tuple[str, str]]:
        """The projector's slide for a module: (interface key of the part's label, text) pairs.

        A fear module shows the fear, why it feels true, the reframe and the exercise (the ``slide:`` block's
        wording, else the first paragraph of the module's own text); the welcome shows what the workshop is;
        the role-play its three roles, the conversation plan and the wrap-up what they are for.
        """
        ref = self.module_ref(module_id)
        if ref.kind == "welcome":
            return [("room.slide.about", paragraphs(self.welcome.what_is_it[language])[0])]
        if ref.kind == "roleplay":
            roles = ("asker", "contact", "observer")
            return [(f"roleplay.role.{role}", self.t(f"room.slide.{role}", language)) for role in roles]
        if ref.kind == "builder":
            return [("room.slide.about", self.t("room.slide.plan", language))]
        if ref.kind == "wrap-up":
            return [("room.slide.about", self.t("room.slide.next_step", language))]
        if ref.kind != "fear":
            return []
        fear = self.fear(module_id)
        own = {
            "in_your_words": fear.in_your_words,
            "why_it_feels_true": fear.why_it_feels_true,
            "reframe": fear.reframe,
            "exercise": fear.exercise.instructions,
        }
        parts = []
        for name, text in own.items():
            worded = getattr(fear.slide, name)
            parts.append((f"fear.{name}", worded[language] if worded else paragraphs(text[language])[0]))
        return parts

    def t(self, key: str, language: str, **values: Any) -> str:
        """The interface string ``key`` in ``language``, with ``{name}`` fields filled in."""
        text = self.ui.strings[key][language]
        return text.format(**values) if values else text


# --- loading -------------------------------------------------------------------------------------


def default_content_dir() -> Path:
    """``$COFFEECHAT_CONTENT_DIR`` if set, else the content the kit ships (:mod:`coffeechat.content.location`)."""
    return content_dir()


@functools.lru_cache(maxsize=4)
def _load_cached(directory: Path, stamp: tuple) -> Workshop:
    """Validated content, from a pickle beside the user's cache when the YAML files are unchanged.

    Every participant's kernel loads the content; unpickling takes a few milliseconds where parsing and
    validating the YAML takes about 0.2 s of CPU, which adds up when a room of 30 arrives at once.
    """
    key = hashlib.sha256(repr((SCHEMA_VERSION, __version__, str(directory), stamp)).encode()).hexdigest()[:24]
    folder = os.environ.get("COFFEECHAT_CACHE_DIR") or platformdirs.user_cache_dir("coffeechat", appauthor=False)
    cache = Path(folder) / f"content-{key}.pickle"
    try:
        workshop = pickle.loads(cache.read_bytes())
        if isinstance(workshop, Workshop):
            return workshop
    except Exception:  # no cache yet, or one from another version: parse the YAML
        pass
    workshop = _load(directory)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(workshop))
        temporary.replace(cache)
    except OSError:  # a read-only or full cache folder only costs speed
        pass
    return workshop


def load_workshop(directory: Path | str | None = None) -> Workshop:
    """Load and validate a content directory; raise :class:`ContentError` listing every problem."""
    directory = Path(directory or default_content_dir()).resolve()
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in directory.rglob("*.yaml")))
    return _load_cached(directory, stamp)


def check_directory(directory: Path | str) -> list[ContentProblem]:
    """Every problem in a content directory (empty list: all good)."""
    try:
        _load(Path(directory).resolve())
    except ContentError as error:
        return error.problems
    return []


def _load(directory: Path) -> Workshop:
    problems: list[ContentProblem] = []
    if not directory.is_dir():
        raise ContentError([ContentProblem(str(directory), "", "content directory not found")])

    manifest = _parse(directory, "workshop.yaml", Manifest, problems)
    ui = _parse(directory, "ui.yaml", Ui, problems)
    bank = _parse(directory, BANK_FILE, QuestionBank, problems)
    outreach = _parse(directory, OUTREACH_FILE, Outreach, problems)
    role_cards = _parse(directory, ROLE_CARDS_FILE, RoleCards, problems)
    wrap_up = _parse(directory, WRAP_UP_FILE, WrapUp, problems)
    guide = _parse(directory, GUIDE_FILE, Guide, problems)
    welcome = fears = None
    if manifest is not None:
        welcome, fears, loaded = _load_modules(directory, manifest, problems)
        languages = [lang.code for lang in manifest.languages]
        _check_manifest(manifest, problems)
        fear_modules = {ref.id for ref in manifest.modules if ref.kind == "fear"}
        if None not in (welcome, bank, role_cards, wrap_up) and {f.id for f in fears} == fear_modules:
            sources = Workshop(
                directory, manifest, welcome, tuple(fears), ui, bank, outreach, role_cards, wrap_up, guide
            )
            _check_timing(sources, problems)
            if guide is not None:
                _check_guide_console(manifest, guide, problems)
        if bank is not None:
            _check_bank(bank, [fear.id for fear in fears], problems)
            _check_register(manifest, bank, [(file, m) for file, m in loaded if isinstance(m, Fear)], problems)
        if outreach is not None:
            _check_outreach(outreach, bank, problems)
        if role_cards is not None and bank is not None:
            _check_role_cards(role_cards, bank, problems)
        extra = [
            ("workshop.yaml", manifest),
            ("ui.yaml", ui),
            (BANK_FILE, bank),
            (OUTREACH_FILE, outreach),
            (ROLE_CARDS_FILE, role_cards),
            (WRAP_UP_FILE, wrap_up),
            (GUIDE_FILE, guide),
        ]
        for name, model in [*extra, *loaded]:
            if model is not None:
                problems.extend(_check_texts(model, name, languages))
        if ui is not None:
            for key in sorted(UI_KEYS - set(ui.strings)):
                problems.append(ContentProblem("ui.yaml", f"strings.{key}", "missing interface string"))
    wall_filter = groups = None
    if (directory / WALL_FILTER_FILE).is_file():  # optional: without it, the wall has no filter
        wall_filter = _parse(directory, WALL_FILTER_FILE, WallFilterFile, problems)
    if (directory / GROUPS_FILE).is_file():  # optional: without it, groups are numbered
        groups = _parse(directory, GROUPS_FILE, GroupsFile, problems)
    if manifest is not None:
        languages = [lang.code for lang in manifest.languages]
        _check_room_content(wall_filter, groups, languages, problems)
    if problems:
        raise ContentError(problems)
    return Workshop(
        directory,
        manifest,
        welcome,
        tuple(fears),
        ui,
        bank,
        outreach,
        role_cards,
        wrap_up,
        guide,
        wall_filter.terms if wall_filter else (),
        groups.groups if groups else (),
    )


def _check_room_content(
    wall_filter: WallFilterFile | None, groups: GroupsFile | None, languages: list[str], problems: list
) -> None:
    """The filter's lists are in the workshop's languages; group names and colours are told apart."""
    if wall_filter is not None:
        for part in ("ldnoobw", "own"):
            for language in getattr(wall_filter, part):
                if language not in languages:
                    problems.append(
                        ContentProblem(WALL_FILTER_FILE, part, "language not listed in workshop.yaml", language)
                    )
    if groups is not None:
        problems.extend(_check_texts(groups, GROUPS_FILE, languages))
        colours = [style.colour.lower() for style in groups.groups]
        for colour in _duplicates(colours):
            problems.append(ContentProblem(GROUPS_FILE, "groups", f"colour {colour} is given to two groups"))
        for language in languages:
            names = [style.name.root.get(language, "").casefold() for style in groups.groups]
            for name in _duplicates(names):
                problems.append(
                    ContentProblem(GROUPS_FILE, "groups", f"name {name!r} is given to two groups", language)
                )


def plural(workshop: Workshop, key: str, count: int, language: str, **values: Any) -> str:
    """``key.one`` for a count of one, else ``key.other``, with ``{count}`` filled in: "1 Paar", "2 Paare"."""
    return workshop.t(f"{key}.one" if count == 1 else f"{key}.other", language, count=count, **values)


def group_name(workshop: Workshop, number: int, language: str) -> str:
    """The name of role-play group ``number`` (from 1) in ``language``: "Gruppe Blau" (``groups.yaml``), or
    "Gruppe 13" beyond the listed names."""
    styles = workshop.group_styles
    if 1 <= number <= len(styles):
        return styles[number - 1].name[language]
    return workshop.t("room.group_number", language, number=number)


def group_colour(workshop: Workshop, number: int) -> str | None:
    """The colour of role-play group ``number`` (``#0072B2``), or None beyond the listed colours."""
    styles = workshop.group_styles
    return styles[number - 1].colour if 1 <= number <= len(styles) else None


def _load_modules(directory: Path, manifest: Manifest, problems: list[ContentProblem]):
    welcome, fears, loaded = None, [], []
    for index, ref in enumerate(manifest.modules):
        module_kind = KINDS[ref.kind]
        if not module_kind.own_file:
            if ref.file != module_kind.shared_file:
                problems.append(
                    ContentProblem("workshop.yaml", f"modules.{index}.file", f"should be {module_kind.shared_file}")
                )
            continue
        if ref.file is None:
            problems.append(
                ContentProblem("workshop.yaml", f"modules.{index}.file", "a welcome or fear module needs a file")
            )
            continue
        model = Welcome if ref.kind == "welcome" else Fear
        module = _parse(directory, ref.file, model, problems, f"modules.{index}.file")
        if module is None:
            continue
        loaded.append((ref.file, module))
        if module.id != ref.id:
            problems.append(
                ContentProblem(ref.file, "id", f"is {module.id!r} but workshop.yaml lists this file as {ref.id!r}")
            )
        if ref.kind == "welcome":
            welcome = module
        else:
            fears.append(module)
    if welcome is None and not any(r.kind == "welcome" for r in manifest.modules):
        problems.append(ContentProblem("workshop.yaml", "modules", "needs a module of kind 'welcome'"))
    return welcome, fears, loaded


def _check_bank(bank: QuestionBank, fear_ids: list[str], problems: list[ContentProblem]) -> None:
    known = {
        "family": {f.id for f in bank.families},
        "goals": {g.id for g in bank.goals},
        "relationships": {r.id for r in bank.relationships},
        "seniority": {s.id for s in bank.seniorities},
        "fear": set(fear_ids),
    }
    for index, question in enumerate(bank.questions):
        for field, ids in [
            ("family", [question.family]),
            ("goals", question.goals),
            ("relationships", question.relationships),
            ("seniority", question.seniority),
            ("fear", [question.fear] if question.fear else []),
        ]:
            for unknown in [i for i in ids if i not in known[field]]:
                problems.append(ContentProblem(BANK_FILE, f"questions.{index}.{field}", f"unknown id {unknown!r}"))
    for path, text in _walk_texts(bank, ()):
        allowed = (
            TRANSITION_PLACEHOLDERS
            if path[:2] in {("frame", "transition"), ("frame", "transition_informal")}
            else set()
        )
        for language, value in text.root.items():
            for name in sorted(_placeholders(value) - allowed):
                problems.append(ContentProblem(BANK_FILE, ".".join(path), f"unknown placeholder {{{name}}}", language))


def _check_outreach(outreach: Outreach, bank: QuestionBank | None, problems: list[ContentProblem]) -> None:
    channels = {c.id for c in outreach.channels}
    relationships = {r.id for r in bank.relationships} if bank else set()
    for name in sorted(MESSAGE_PLACEHOLDERS - set(outreach.placeholder_labels)):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_labels.{name}", "missing label"))
    for name in sorted(set(outreach.placeholder_labels) - MESSAGE_PLACEHOLDERS):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_labels.{name}", "unknown placeholder"))
    for name in sorted(MESSAGE_PLACEHOLDERS - set(outreach.placeholder_missing)):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_missing.{name}", "missing text"))
    for name in sorted(set(outreach.placeholder_missing) - MESSAGE_PLACEHOLDERS):
        problems.append(ContentProblem(OUTREACH_FILE, f"placeholder_missing.{name}", "unknown placeholder"))
    for name, text in outreach.placeholder_missing.items():
        for language, value in text.root.items():
            if _placeholders(value):
                problems.append(
                    ContentProblem(OUTREACH_FILE, f"placeholder_missing.{name}", "no placeholder here", language)
                )
    kinds = {k.id for k in outreach.kinds}
    for kind_id in sorted(kinds):
        if not any(t.kind == kind_id and not t.informal for t in outreach.templates):
            problems.append(ContentProblem(OUTREACH_FILE, "kinds", f"no formal template of kind {kind_id!r}"))
    for index, template in enumerate(outreach.templates):
        where = f"templates.{index}"
        if template.kind not in kinds:
            problems.append(ContentProblem(OUTREACH_FILE, f"{where}.kind", f"unknown kind {template.kind!r}"))
        if template.channel not in channels:
            problems.append(ContentProblem(OUTREACH_FILE, f"{where}.channel", f"unknown channel {template.channel!r}"))
        for unknown in [r for r in template.relationships if bank and r not in relationships]:
            problems.append(ContentProblem(OUTREACH_FILE, f"{where}.relationships", f"unknown id {unknown!r}"))
        texts = [("subject", template.subject), ("body", template.body)]
        texts += [(f"shorter.{number}", text) for number, text in enumerate(template.shorter)]
        for field, text in texts:
            for language, value in text.root.items() if text else ():
                for name in sorted(_placeholders(value) - MESSAGE_PLACEHOLDERS):
                    problems.append(
                        ContentProblem(OUTREACH_FILE, f"{where}.{field}", f"unknown placeholder {{{name}}}", language)
                    )


#: one keyword: words of letters (and ' ’ - .), with "*" only at a word's start or end
_KEYWORD = re.compile(r"^\*?[\w'’.-]+\*?( \*?[\w'’.-]+\*?)*$")


def keyword_list(text: str) -> tuple[str, ...]:
    """The keywords of one language of a ``keywords`` entry: comma-separated, trimmed, inner spaces made single."""
    return tuple(" ".join(part.split()) for part in text.split(",") if part.strip())


def _check_keywords(cards: RoleCards, keys: list[str], problems: list[ContentProblem]) -> None:
    """Keywords for every family and topic and nothing else; each well formed and under one family or topic only."""
    for key in keys:
        if key not in cards.keywords:
            problems.append(ContentProblem(ROLE_CARDS_FILE, "keywords", f"no keywords for {key!r}"))
    owner: dict[tuple[str, str], str] = {}
    for key, text in cards.keywords.items():
        where = f"keywords.{key}"
        if key not in keys:
            problems.append(ContentProblem(ROLE_CARDS_FILE, where, "neither a family nor a question's topic"))
        for language, value in text.root.items():
            for keyword in keyword_list(value):
                if not _KEYWORD.match(keyword):
                    problems.append(
                        ContentProblem(
                            ROLE_CARDS_FILE,
                            where,
                            f'{keyword!r} is not a word or phrase ("*" at an end only)',
                            language,
                        )
                    )
                first = owner.setdefault((language, keyword.casefold()), key)
                if first != key:
                    problems.append(
                        ContentProblem(ROLE_CARDS_FILE, where, f"{keyword!r} is a keyword of {first!r} too", language)
                    )


def _check_role_cards(cards: RoleCards, bank: QuestionBank, problems: list[ContentProblem]) -> None:
    """Every persona answers every family and every topic the bank's questions name, and nothing else.

    Each family and topic has keywords; no persona says the same text twice, nor a text of ``generic_answers``.
    """
    families = [f.id for f in bank.families]
    topics = sorted({q.topic for q in bank.questions if q.topic and q.topic not in families})
    _check_keywords(cards, families + topics, problems)
    for index, generic in enumerate(cards.generic_answers):
        for language, value in generic.root.items():
            if any(other.root.get(language) == value for other in cards.generic_answers[:index]):
                problems.append(ContentProblem(ROLE_CARDS_FILE, f"generic_answers.{index}", "said twice", language))
    styles = {s.id for s in cards.styles}
    for index, persona in enumerate(cards.personas):
        where = f"personas.{index}"
        if persona.style not in styles:
            problems.append(ContentProblem(ROLE_CARDS_FILE, f"{where}.style", f"unknown style {persona.style!r}"))
        for family in families:
            if not persona.answers.get(family):
                problems.append(ContentProblem(ROLE_CARDS_FILE, f"{where}.answers", f"no answer for family {family!r}"))
        for topic in topics:
            if not persona.answers.get(topic):
                problems.append(ContentProblem(ROLE_CARDS_FILE, f"{where}.answers", f"no answer for topic {topic!r}"))
        for key in persona.answers:
            if key not in families and key not in topics:
                problems.append(
                    ContentProblem(ROLE_CARDS_FILE, f"{where}.answers.{key}", "neither a family nor a question's topic")
                )
        said: dict[tuple[str, str], str] = {
            (language, value): "generic_answers" for g in cards.generic_answers for language, value in g.root.items()
        }
        for key, answers in persona.answers.items():
            for number, answer in enumerate(answers):
                for language, value in answer.root.items():
                    first = said.setdefault((language, value), f"answers.{key}.{number}")
                    if first != f"answers.{key}.{number}":
                        problems.append(
                            ContentProblem(
                                ROLE_CARDS_FILE,
                                f"{where}.answers.{key}.{number}",
                                f"the same text as {first}",
                                language,
                            )
                        )


def _placeholders(text: str) -> set[str]:
    """The ``{names}`` a text asks to be filled in (a malformed brace counts as the name ``{``)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}


def _facilitator(kind_name: str, module_id: str, sources: Workshop) -> Facilitator:
    if kind_name == "welcome":
        return sources.welcome.facilitator
    if kind_name == "fear":
        return sources.fear(module_id).facilitator
    return {"builder": sources.bank, "roleplay": sources.role_cards, "wrap-up": sources.wrap_up}[kind_name].facilitator


def _module_file(ref: ModuleRef) -> str:
    return ref.file or KINDS[ref.kind].shared_file or "workshop.yaml"


def _check_timing(sources: Workshop, problems: list[ContentProblem]) -> None:
    """Each format's run sheet adds up to its length; no module's timed steps outlast its exercise minutes."""
    manifest = sources.manifest
    for index, ref in enumerate(manifest.modules):
        steps = _facilitator(ref.kind, ref.id, sources).step_minutes
        if steps > ref.exercise_minutes:
            problems.append(
                ContentProblem(
                    _module_file(ref),
                    "facilitator.steps",
                    f"the steps take {steps} minutes, but workshop.yaml gives the exercise "
                    f"{ref.exercise_minutes} (modules.{index}.exercise_minutes)",
                )
            )
    refs = {ref.id: ref for ref in manifest.modules}
    for index, fmt in enumerate(manifest.formats):
        modules = breaks = 0
        for number, entry in enumerate(fmt.schedule):
            ref = refs.get(entry.module or "")
            if entry.pause:
                breaks += entry.pause
            elif ref is not None:
                if entry.rounds is not None and ref.kind != "roleplay":
                    problems.append(
                        ContentProblem(
                            "workshop.yaml",
                            f"formats.{index}.schedule.{number}.rounds",
                            f"only a role-play runs in rounds, not {ref.id!r}",
                        )
                    )
                exercise = entry.roleplay_minutes if entry.roleplay_minutes is not None else ref.exercise_minutes
                debrief = entry.debrief_minutes if entry.roleplay_minutes is None else 0  # rounds count theirs
                modules += ref.teach_minutes + exercise + entry.share_minutes + debrief
        total = fmt.arrival_minutes + modules + breaks + fmt.buffer_minutes
        if total != fmt.minutes:
            problems.append(
                ContentProblem(
                    "workshop.yaml",
                    f"formats.{index}.minutes",
                    f"the run sheet adds up to {total} minutes (arrival {fmt.arrival_minutes} + modules {modules} "
                    f"+ breaks {breaks} + buffer {fmt.buffer_minutes}), not {fmt.minutes}",
                )
            )


def _check_guide_console(manifest: Manifest, guide: Guide, problems: list[ContentProblem]) -> None:
    """Every module of the manifest has its console step in the guide, and no step names an unknown module."""
    known, written = [ref.id for ref in manifest.modules], set(guide.console.modules)
    for module_id in known:
        if module_id not in written:
            problems.append(ContentProblem(GUIDE_FILE, f"console.modules.{module_id}", "no console step"))
    for module_id in sorted(written - set(known)):
        problems.append(ContentProblem(GUIDE_FILE, f"console.modules.{module_id}", "not a module in workshop.yaml"))
    for key in sorted(GUIDE_LABELS - set(guide.labels)):
        problems.append(ContentProblem(GUIDE_FILE, f"labels.{key}", "missing label"))


def _check_manifest(manifest: Manifest, problems: list[ContentProblem]) -> None:
    codes = [lang.code for lang in manifest.languages]
    if manifest.default_language not in codes:
        problems.append(
            ContentProblem("workshop.yaml", "default_language", f"{manifest.default_language!r} is not in languages")
        )
    for code in _duplicates(codes):
        problems.append(ContentProblem("workshop.yaml", "languages", f"duplicate language {code!r}"))
    ids = [ref.id for ref in manifest.modules]
    for module_id in _duplicates(ids):
        problems.append(ContentProblem("workshop.yaml", "modules", f"duplicate module id {module_id!r}"))
    for index, fmt in enumerate(manifest.formats):
        for number, entry in enumerate(fmt.schedule):
            if entry.module and entry.module not in ids:
                problems.append(
                    ContentProblem(
                        "workshop.yaml", f"formats.{index}.schedule.{number}", f"unknown module id {entry.module!r}"
                    )
                )


def _parse(directory: Path, name: str, model: type[BaseModel], problems: list, ref_field: str = ""):
    import yaml  # lazy, for weight: a participant's kernel reads the validated content from its cache

    # libyaml's safe loader where PyYAML was built with it: the same documents and errors, parsed several times
    # faster (the content is parsed whenever the cache is cold)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    path = directory / name
    if not path.is_file():
        problems.append(ContentProblem("workshop.yaml" if ref_field else name, ref_field, f"file {name} not found"))
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        problems.append(ContentProblem(name, "", f"bad YAML at {line}{problem}"))
        return None
    except UnicodeDecodeError as error:
        problems.append(ContentProblem(name, "", f"not UTF-8 text ({error.reason} at byte {error.start})"))
        return None
    if not isinstance(data, dict):
        problems.append(ContentProblem(name, "", "must be a mapping of fields (key: value)"))
        return None
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        problems.append(
            ContentProblem(name, "schema_version", f"is {version}, this version of coffeechat reads {SCHEMA_VERSION}")
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            loc = ".".join(str(part) for part in item["loc"] if part != "root")
            message = item["msg"].removeprefix("Value error, ")
            problems.append(ContentProblem(name, loc, message))
        return None


def _check_texts(model: BaseModel, file: str, languages: list[str]) -> Iterator[ContentProblem]:
    """Every text must exist, non-empty, in every workshop language, and in no other (a first-name form,
    ``de_informal``, only beside a language listed)."""
    for path, text in _walk_texts(model, ()):
        field = ".".join(path)
        for language in languages:
            value = text.root.get(language)
            if value is None:
                yield ContentProblem(file, field, "missing translation", language)
            elif not value.strip():
                yield ContentProblem(file, field, "empty text", language)
        for language, value in text.root.items():
            if language.removesuffix(INFORMAL_SUFFIX) not in languages:
                yield ContentProblem(file, field, "language not listed in workshop.yaml", language)
            elif language.endswith(INFORMAL_SUFFIX) and not value.strip():
                yield ContentProblem(file, field, "empty text", language)


def _said_to_the_contact(bank: QuestionBank, fears: list[tuple[str, Fear]]) -> Iterator[tuple[str, str, Text]]:
    """(file, field, text) of everything the plan has the participant say to their contact: the questions,
    the small talk and the closing, and the warm-up lines a fear module offers for the opening."""
    for index, question in enumerate(bank.questions):
        yield BANK_FILE, f"questions.{index}.text", question.text
    for part in ("small_talk", "closing"):
        for index, text in enumerate(getattr(bank.frame, part)):
            yield BANK_FILE, f"frame.{part}.{index}", text
    for file, fear in fears:
        for number, prompt in enumerate(fear.exercise.fields):
            if prompt.carry == "plan-warm-up":
                for index, option in enumerate(prompt.options):
                    yield file, f"exercise.fields.{number}.options.{index}.label", option.label


def _check_register(
    manifest: Manifest, bank: QuestionBank, fears: list[tuple[str, Fear]], problems: list[ContentProblem]
) -> None:
    """In a language with a register, what the participant says formally has its first-name form, which is
    not formal itself (a participant who chose „du“ must not read „Wie sind Sie …“ in their plan)."""
    for language in manifest.languages:
        if not language.formal_address:
            continue
        formal = re.compile(r"\b(" + "|".join(map(re.escape, language.formal_address)) + r")\b")
        key = language.code + INFORMAL_SUFFIX
        for file, field, text in _said_to_the_contact(bank, fears):
            familiar = text.root.get(key)
            if familiar is None and formal.search(text.root.get(language.code, "")):
                problems.append(ContentProblem(file, field, f"formal address without its {key} form", language.code))
            elif familiar is not None and (found := formal.search(familiar)):
                problems.append(ContentProblem(file, field, f"formal {found.group(0)!r} in the {key} form", key))


def _walk_texts(node: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Text]]:
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk_texts(getattr(node, name), (*path, name))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from _walk_texts(item, (*path, str(index)))
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _walk_texts(item, (*path, str(key)))


def _duplicates(items: list[str]) -> list[str]:
    seen, repeated = set(), []
    for item in items:
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated


def _no_duplicates(items: list[str], what: str) -> None:
    repeated = _duplicates(items)
    if repeated:
        raise ValueError(f"duplicate {what} {', '.join(map(repr, repeated))}")


def paragraphs(text: str) -> list[str]:
    """Split a content text into paragraphs at blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
