"""The content's schema: the pydantic models each YAML file of a content directory is validated against.

One model per file (``Manifest`` for ``workshop.yaml``, ``Fear`` for a fear module, ``QuestionBank``,
``Outreach``, ``RoleCards``, ``WrapUp``, ``FollowThrough``, ``QuestionChecks``,
``MessageChecks``, ``Guide``, ``Ui``, ``WallFilterFile``,
``GroupsFile``) and the parts they are made of. Every model is frozen and refuses unknown fields; a validator
here checks one file on its own (ids unique within it, a prompt's kind and its options agree). What needs two
files at once lives in :mod:`coffeechat.content.checks`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator

from coffeechat.content.kinds import KINDS

SCHEMA_VERSION = 1

BANK_FILE = "question-bank.yaml"

ROLE_CARDS_FILE = "role-cards.yaml"

WRAP_UP_FILE = "wrap-up.yaml"

GUIDE_FILE = "guide.yaml"

FOLLOW_THROUGH_FILE = "follow-through.yaml"

QUESTION_CHECKS_FILE = "question-checks.yaml"

MESSAGE_CHECKS_FILE = "message-checks.yaml"

OUTREACH_FILE = "outreach.yaml"

WALL_FILTER_FILE = "wall-filter.yaml"

GROUPS_FILE = "groups.yaml"

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]


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


#: a blank in a line the participant says, which they fill in with their own words: ``[Hochschule]``
BLANK = re.compile(r"\[([^\[\]\n]{1,40})\]")


class Option(_Model):
    """A choice; a line to say may hold [blanks], as many in each language (the words fill them in order)."""

    id: Slug
    label: Text

    @model_validator(mode="after")
    def _same_blanks_in_every_language(self) -> Option:
        counts = {language: len(BLANK.findall(text)) for language, text in self.label.root.items()}
        if len(set(counts.values())) > 1:
            raise ValueError(f"the label has a different number of [blanks] per language: {counts}")
        return self


class Column(_Model):
    id: Slug
    label: Text
    kind: Literal["text", "choice"] = "text"
    options: tuple[Option, ...] = ()


PromptKind = Literal["text", "scale", "choice", "checklist", "list", "table", "date"]

#: where a prompt's answer meets the participant again in the conversation plan
CarryTo = Literal["plan-questions", "plan-warm-up", "plan-opener", "plan-transition", "plan-field"]


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
    #: the participant writes questions here: each gets the offline question check's tip (a text or list prompt)
    checks: Literal["question"] | None = None

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
        if self.checks and self.kind not in ("text", "list"):
            raise ValueError(f"checks: {self.checks} needs a text or list prompt, not a {self.kind} one")
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
        for what, ids in [
            ("family", [item.id for item in self.families]),
            ("goal", [item.id for item in self.goals]),
            ("relationship", [item.id for item in self.relationships]),
            ("seniority", [item.id for item in self.seniorities]),
            ("question", [item.id for item in self.questions]),
        ]:
            _no_duplicates(ids, f"{what} id")
        return self


#: The placeholders a message kind of the builder may ask the participant for in a field of its own
#: (``kinds.*.fields``).
MESSAGE_FIELDS = ("learned", "my_next_step", "introducer", "what_happened")

#: The placeholders a message of the weeks after the workshop may ask for in a field of its own
#: (``follow_through_kinds.*.fields``): the second person's name at the same organisation, the times and
#: place offered after a yes, the day of a missed meeting.
FOLLOW_THROUGH_FIELDS = ("second_name", "second_first_name", "time_slots", "place", "missed_date")

#: Placeholders only the weeks after the workshop fill (the builder never has them): its fields and the
#: contact's organisation. A builder's message (``kinds``) using one would never be complete.
FOLLOW_THROUGH_PLACEHOLDERS = frozenset({*FOLLOW_THROUGH_FIELDS, "organisation"})

#: Placeholders a message template may use; the builder fills each from what the participant entered (the
#: request, or a message's own field: what they learned, their next step, the introducer, what happened),
#: the weeks after also from the contact (:data:`FOLLOW_THROUGH_PLACEHOLDERS`).
MESSAGE_PLACEHOLDERS = FOLLOW_THROUGH_PLACEHOLDERS | frozenset(
    """contact_name contact_first_name contact_role field my_name my_situation connection topic minutes learned
    my_next_step introducer what_happened""".split()
)

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
    #: said, not written (the phone): a message of the weeks after needs no template for it
    spoken: bool = False

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
    ``fields``: what the participant fills in for it (``MESSAGE_FIELDS``), each shown above the draft;
    ``short``: its name on the builder's chip, one or two words (without it, the chip says the label).
    Where a kind is used is the list it is in: ``Outreach.kinds`` (the builder's) or
    ``Outreach.follow_through_kinds`` (the weeks after the workshop, ``FOLLOW_THROUGH_FIELDS`` too).
    """

    id: Slug
    label: Text
    hint: Text
    short: Text | None = None
    existing_contact: bool = False
    fields: tuple[Literal[(*MESSAGE_FIELDS, *FOLLOW_THROUGH_FIELDS)], ...] = ()  # type: ignore[valid-type]


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
    """The messages: the builder's kinds (``kinds``: its messages step shows exactly these), the kinds only the
    weeks after the workshop use (``follow_through_kinds``: replying to a yes, a new date ...; they also reuse
    the builder's request, nudge, thank-you and update), the channels and the templates of both.

    ``placeholder_examples``: realistic values (not the shortest) that ``coffeechat check`` fills every
    template with to see that it keeps its channel's limit.
    """

    schema_version: int = SCHEMA_VERSION
    placeholder_labels: dict[str, Text]
    #: what a draft says where a value is missing („[Ihr Name fehlt]“): never a raw ``{placeholder}``
    placeholder_missing: dict[str, Text]
    placeholder_examples: dict[str, Text] = {}
    kinds: tuple[MessageKind, ...] = Field(min_length=1)
    follow_through_kinds: tuple[MessageKind, ...] = ()
    channels: tuple[Channel, ...] = Field(min_length=1)
    templates: tuple[MessageTemplate, ...] = Field(min_length=1)

    @property
    def all_kinds(self) -> tuple[MessageKind, ...]:
        """The builder's kinds, then those of the weeks after."""
        return (*self.kinds, *self.follow_through_kinds)

    @model_validator(mode="after")
    def _references(self) -> Outreach:
        _no_duplicates([k.id for k in self.all_kinds], "kind id")
        _no_duplicates([c.id for c in self.channels], "channel id")
        _no_duplicates([t.id for t in self.templates], "template id")
        return self


class Reaction(_Model):
    """Something a persona does now and then (a short answer, a tangent, a frank downside) and how to handle it."""

    id: Slug
    text: Text
    hint: Text
    #: the reaction asks the participant something (their reasons, their plans): in the solo rehearsal they get a
    #: field to answer it
    asks: bool = False


class Persona(_Model):
    """A contact to play in role-play, or to rehearse with alone."""

    id: Slug
    name: Text
    role: Text
    background: Text
    style: Slug
    how_to_play: Text
    #: what a hard subject of the card is, read before the card (the contact may then choose another)
    content_note: Text | None = None
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
    #: the solo rehearsal's contact of the participant's own plan: answers that fit any role in any field, its
    #: name and role the plan's (``name`` and ``role`` here: while the plan names none); not a group card
    plan_persona: Persona
    personas: tuple[Persona, ...] = Field(min_length=1)
    facilitator: Facilitator

    @model_validator(mode="after")
    def _references(self) -> RoleCards:
        _no_duplicates([s.id for s in self.styles], "style id")
        _no_duplicates([o.id for o in self.observer_checklist], "checklist id")
        _no_duplicates([p.id for p in (self.plan_persona, *self.personas)], "persona id")
        return self


class WrapUp(_Model):
    """The wrap-up's own content: the closing words every participant reads, and the coach's notes."""

    schema_version: int = SCHEMA_VERSION
    closing: Text
    facilitator: Facilitator


#: why a contact has stalled, as ``coffeechat.models.followup_rhythm.stall_reason`` says it: no reply after the one
#: nudge, or a no
StallReason = Literal["no-reply", "no"]
STALL_REASONS: tuple[StallReason, ...] = get_args(StallReason)
#: a reframe for a stalled contact is read in passing: at most this many sentences, and characters, per language
REFRAME_MAX_SENTENCES = 2
REFRAME_MAX_CHARS = 300
#: what an after-conversation prompt may be: the page asks for words, never a rating
AFTER_CONVERSATION_KINDS = ("text", "list")


class WeeklyRhythm(_Model):
    """The follow-through page's intro: why a weekly goal of a few new contacts, and the 3B7 rhythm in plain
    words (``second_person`` after three working days without a reply, ``nudge`` after seven, then
    ``let_go``), as ``coffeechat.models.followup_rhythm`` computes it."""

    weekly_goal: Text
    rhythm: Text
    second_person: Text
    nudge: Text
    let_go: Text


class FindingSection(_Model):
    """One way to find people to write to: a title, two or three sentences, and 2-4 steps to act on."""

    id: Slug
    title: Text
    text: Text
    steps: tuple[Text, ...] = Field(min_length=2, max_length=4)


class FindingContacts(_Model):
    """Where to find the people to ask (LinkedIn, XING, alumni networks and associations, company pages),
    what to read about a person before writing, and the respect it takes: a short intro and the sections."""

    intro: Text
    sections: tuple[FindingSection, ...] = Field(min_length=1)

    @field_validator("sections")
    @classmethod
    def _unique_sections(cls, sections: tuple[FindingSection, ...]) -> tuple[FindingSection, ...]:
        _no_duplicates([s.id for s in sections], "section id")
        return sections


class AfterConversation(_Model):
    """The short reflection after each conversation, in prompts like a fear module's (text or list only).

    ``suggested`` names the list prompt for the people the contact suggested: the page offers each as a new
    contact.
    """

    intro: Text
    prompts: tuple[Prompt, ...] = Field(min_length=2, max_length=6)
    suggested: Slug

    @model_validator(mode="after")
    def _words_only(self) -> AfterConversation:
        _no_duplicates([p.id for p in self.prompts], "prompt id")
        for prompt in self.prompts:
            if prompt.kind not in AFTER_CONVERSATION_KINDS:
                raise ValueError(f"prompt {prompt.id!r} is a {prompt.kind} prompt; here a prompt is text or list")
            if prompt.carry:
                raise ValueError(f"prompt {prompt.id!r} cannot carry into the plan from here")
        found = next((p for p in self.prompts if p.id == self.suggested), None)
        if found is None or found.kind != "list":
            raise ValueError(f"suggested: {self.suggested!r} is not the id of a list prompt here")
        return self


class StallReframe(_Model):
    """For a stalled contact: the fear it touches (a fear module's id) and that fear's reframe, short
    (``REFRAME_MAX_SENTENCES`` sentences, ``REFRAME_MAX_CHARS`` characters; ``coffeechat check`` counts)."""

    fear: Slug
    text: Text


class FollowUpSession(_Model):
    """A follow-up session some two weeks after the workshop: its length, what participants bring, and the
    coach's notes in the shape every module has (``facilitator.steps`` is the run sheet; ``coffeechat check``
    reports steps that do not add up to ``minutes``)."""

    title: Text
    minutes: int = Field(gt=0, le=240)
    bring: tuple[Text, ...] = Field(min_length=1)
    facilitator: Facilitator


class FollowThrough(_Model):
    """``follow-through.yaml``: the content of the weeks after the workshop ("Dranbleiben" / "Keep going").

    The weekly rhythm, finding contacts, the reflection after each conversation, the reframes for a stalled
    contact by stall reason (``STALL_REASONS``; several per reason, so that several stalled contacts do not
    all read the same lines), the privacy paragraph, and the follow-up session's run sheet.
    """

    schema_version: int = SCHEMA_VERSION
    rhythm: WeeklyRhythm
    finding: FindingContacts
    after_conversation: AfterConversation
    stalled: dict[StallReason, tuple[StallReframe, ...]]
    privacy: Text
    session: FollowUpSession

    @field_validator("stalled", mode="before")
    @classmethod
    def _bare_no(cls, stalled: Any) -> Any:
        """YAML reads a bare ``no:`` as false: a coach who leaves out the quotes still means the stall reason."""
        if isinstance(stalled, dict):
            return {"no" if key is False else key: value for key, value in stalled.items()}
        return stalled


#: what a question check can say about a question, most important first (the tip shows the first a question gets:
#: asking for a job matters more than asking it as a yes/no question)
QuestionFlagId = Literal["job-ask", "pay", "why-reproach", "searchable", "double", "yes-no", "too-long"]
QUESTION_FLAGS: tuple[QuestionFlagId, ...] = get_args(QuestionFlagId)
_TEMPLATE_FIELD = re.compile(r"\{([^{}|]*)(?:\|([^{}]*))?\}")


def _compiles(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Each pattern is a regular expression Python can compile; the error names the pattern that is not."""
    for pattern in patterns:
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"pattern {pattern!r} is not a regular expression: {error}") from None
    return patterns


class QuestionRewrite(_Model):
    """A rewrite by rule: when ``pattern`` (a regular expression, case ignored) matches the whole question, without
    its question mark, ``rewrite`` is the open question, with ``{name}`` for a named group of the pattern, so the
    participant's own words come back (``{thing|dative}``: the group with its first word looked up in the
    language's table ``dative``, an article put in the dative)."""

    pattern: str
    rewrite: str = Field(min_length=1)

    @model_validator(mode="after")
    def _groups_exist(self) -> QuestionRewrite:
        _compiles((self.pattern,))
        groups = set(re.compile(self.pattern, re.IGNORECASE).groupindex)
        for name, _table in _TEMPLATE_FIELD.findall(self.rewrite):
            if name not in groups:
                raise ValueError(f"rewrite {self.rewrite!r} names {{{name}}}, which pattern {self.pattern!r} has not")
        return self

    @property
    def tables(self) -> set[str]:
        """The word tables the rewrite looks words up in (``{group|table}``)."""
        return {table for _, table in _TEMPLATE_FIELD.findall(self.rewrite) if table}


class YesNoRules(_Model):
    """How a yes/no question opens: one of ``verbs`` first (``Ist``, ``Is``, ``Do``), or in German any word with
    one of ``endings`` first and one of ``subjects`` second („Arbeiten Sie …“); ``open_requests`` are polite
    forms that ask for a story all the same ("Could you tell me …"), never flagged."""

    verbs: tuple[str, ...] = Field(min_length=1)
    endings: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    open_requests: tuple[str, ...] = ()

    @field_validator("open_requests")
    @classmethod
    def _patterns(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return _compiles(patterns)


class QuestionLanguageRules(_Model):
    """One language's rules: the word lists and patterns each check uses, and the rewrites by flag.

    ``question_words`` open an open question (what, how, which); ``lead_ins`` are words a question may start
    with before its real opening („Und“, "So"); ``joiners`` join two asks when a question word or a yes/no
    opening follows them after at least three words, except ``choices`` (joiners that offer a choice, „oder“,
    "or"), after which a yes/no opening is the other choice („Passt es jetzt, oder soll ich später anrufen?“) and only
    a question word opens a second ask; ``clause_subjects`` are the words („Sie“, "you", "people") that, right
    after such a question word, make it a clause inside the first question („… und wie Sie dazu kamen?“), not a
    question of its own; ``why_reproach``, ``job_ask``, ``pay`` (what the contact earns) and ``searchable`` are
    regular expressions searched in the question (case ignored); ``max_words`` is where a question becomes too long;
    ``keep_capitals`` are words that keep their capital letter when they move (Sie, I); ``tables`` are word
    tables a rewrite's ``{group|table}`` looks the group's first word up in (``dative``: „die“ → „der“).
    """

    max_words: int = Field(gt=3, le=200)
    question_words: tuple[str, ...] = Field(min_length=1)
    yes_no: YesNoRules
    lead_ins: tuple[str, ...] = ()
    joiners: tuple[str, ...] = Field(min_length=1)
    choices: tuple[str, ...] = ()
    clause_subjects: tuple[str, ...] = ()
    why_reproach: tuple[str, ...] = Field(min_length=1)
    job_ask: tuple[str, ...] = Field(min_length=1)
    pay: tuple[str, ...] = ()
    searchable: tuple[str, ...] = Field(min_length=1)
    keep_capitals: tuple[str, ...] = ()
    tables: dict[Slug, dict[str, str]] = {}
    rewrites: dict[QuestionFlagId, tuple[QuestionRewrite, ...]] = {}

    @model_validator(mode="after")
    def _tables_exist(self) -> QuestionLanguageRules:
        for flag, rules in self.rewrites.items():
            for index, rule in enumerate(rules):
                for table in sorted(rule.tables - set(self.tables)):
                    known = ", ".join(sorted(self.tables)) or "none"
                    raise ValueError(f"rewrites.{flag}.{index} looks words up in {table!r}, a table not here ({known})")
        return self

    @field_validator("why_reproach", "job_ask", "pay", "searchable")
    @classmethod
    def _patterns(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return _compiles(patterns)


class QuestionChecks(_Model):
    """``question-checks.yaml``: the offline checks of a participant's questions, as rules the coach can tune.

    ``reasons`` says in one sentence per language why each flag (``QUESTION_FLAGS``) matters (``{max_words}`` is
    filled in), ``in_short`` the same in a few words, for a flag the tip names after the first; ``languages``
    holds each workshop language's word lists, patterns, threshold and rewrites (:class:`QuestionLanguageRules`),
    used by ``coffeechat.models.question_checks``.
    """

    schema_version: int = SCHEMA_VERSION
    reasons: dict[QuestionFlagId, Text]
    in_short: dict[QuestionFlagId, Text]
    languages: dict[str, QuestionLanguageRules]

    @field_validator("reasons", "in_short")
    @classmethod
    def _every_flag_has_a_reason(cls, reasons: dict[str, Text]) -> dict[str, Text]:
        missing = [flag for flag in QUESTION_FLAGS if flag not in reasons]
        if missing:
            raise ValueError(f"no reason for the flags {', '.join(missing)}")
        return reasons


#: what a message check can say about a message, the most useful first (the page shows one tip at a time)
MessageFlagId = Literal[
    "too-long",
    "job-ask",
    "no-connection",
    "no-ask",
    "long-ask",
    "double",
    "register-mixed",
    "no-signature",
    "spelling",
    "hard-to-read",
]
MESSAGE_FLAGS: tuple[MessageFlagId, ...] = get_args(MessageFlagId)
#: the ways a message can be too long for its channel (``MessageChecks.length``)
MessageLength = Literal["words", "characters", "premium", "advice"]
MESSAGE_LENGTHS: tuple[MessageLength, ...] = get_args(MessageLength)
#: the placeholders each of ``MessageChecks``' texts may use
MESSAGE_CHECK_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "job-ask": frozenset({"words"}),
    "long-ask": frozenset({"minutes"}),
    "register-mixed": frozenset({"formal", "informal"}),
    "spelling": frozenset({"words"}),
    "hard-to-read": frozenset({"score"}),
    "length": frozenset({"length", "most", "premium", "channel"}),
}


class MessageDuration(_Model):
    """A phrase that names a length without a number („eine halbe Stunde“, "half an hour"), in minutes."""

    pattern: str
    minutes: int = Field(gt=0, le=24 * 60)

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, pattern: str) -> str:
        return _compiles((pattern,))[0]


class MessageRegister(_Model):
    """A language's words of address: ``formal`` ones count only with a capital letter in mid-sentence („sie“ is
    "they", and a sentence may open with „Sie“ meaning "they"); ``informal`` ones anywhere."""

    formal: tuple[str, ...] = Field(min_length=1)
    informal: tuple[str, ...] = Field(min_length=1)


class MessageSpelling(_Model):
    """Spelling: the Hunspell ``dictionaries`` by name (their ``.aff`` and ``.dic`` files from the system's packages;
    a word any of them knows is right, the next is loaded only for a word the ones before do not know),
    whether a word with a capital in mid-sentence is accepted as a name (English: yes; German nouns have one),
    the words always accepted, the titles a name follows (the one or two words with a capital after „Frau“ or
    "Ms" are a name), and how many misspelt words a flag names."""

    dictionaries: tuple[Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(?:_[A-Za-z]{2})?$")], ...] = Field(min_length=1)
    accept_capitalised: bool = False
    accept: tuple[str, ...] = ()
    name_titles: tuple[Annotated[str, Field(min_length=1, max_length=20)], ...] = ()
    most_named: int = Field(default=3, ge=1, le=20)


class MessageReadability(_Model):
    """Flesch reading ease, ``base - sentence_weight × words per sentence - syllable_weight × syllables per word``
    (syllables from pyphen's ``hyphenation`` dictionary), flagged ``below`` a figure and only for a message of at
    least ``min_words`` words."""

    hyphenation: str = Field(pattern=r"^[A-Za-z]{2,3}(?:_[A-Za-z]{2})?$")
    base: float
    sentence_weight: float = Field(ge=0)
    syllable_weight: float = Field(ge=0)
    below: float
    min_words: int = Field(default=40, ge=1)


class MessageLanguageRules(_Model):
    """One language's rules for messages (every pattern a regular expression, case ignored).

    ``greetings`` open a message and are no sentence of their own; ``introductions`` open a short
    self-introduction (at most ``introduction_max_words`` words), which is not one of the first two sentences;
    ``connection`` says how the two are connected or why this person, searched in the first two sentences;
    ``minute_words``, ``numbers`` and ``durations`` find the minutes asked for, up to ``most_minutes`` a small
    request and up to ``most_with_reason`` with one of ``longer_reasons`` in the same sentence; ``job_ask`` is a
    request for a job, unless the sentence has one of ``job_ask_negations``; ``closings`` come before the name
    at the end, and ``postscripts`` open a postscript below it („PS:“), which is no part of the ending;
    ``address`` holds the words of address (none in a language without a register);
    ``abbreviations`` end no sentence.
    """

    greetings: tuple[str, ...] = ()
    introductions: tuple[str, ...] = ()
    introduction_max_words: int = Field(default=6, ge=1)
    connection: tuple[str, ...] = Field(min_length=1)
    minute_words: tuple[str, ...] = Field(min_length=1)
    numbers: dict[str, int] = {}
    durations: tuple[MessageDuration, ...] = ()
    most_minutes: int = Field(gt=0)
    most_with_reason: int = Field(gt=0)
    longer_reasons: tuple[str, ...] = ()
    job_ask: tuple[str, ...] = Field(min_length=1)
    job_ask_negations: tuple[str, ...] = ()
    closings: tuple[str, ...] = ()
    postscripts: tuple[str, ...] = ()
    address: MessageRegister | None = None
    abbreviations: tuple[str, ...] = ()
    spelling: MessageSpelling
    readability: MessageReadability

    @field_validator("greetings", "introductions", "connection", "minute_words", "longer_reasons", "job_ask")
    @classmethod
    def _patterns(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return _compiles(patterns)

    @field_validator("job_ask_negations")
    @classmethod
    def _negations(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return _compiles(patterns)

    @model_validator(mode="after")
    def _reason_allows_more(self) -> MessageLanguageRules:
        if self.most_with_reason < self.most_minutes:
            raise ValueError(
                f"most_with_reason ({self.most_with_reason}) is less than most_minutes ({self.most_minutes})"
            )
        return self


class MessageChecks(_Model):
    """``message-checks.yaml``: the offline checks of a participant's messages, as rules the coach can tune.

    ``reasons`` says in one sentence per language why each flag (``MESSAGE_FLAGS``) matters, ``details`` what a
    flag found, ``length`` what a message too long for its channel is told (``MESSAGE_LENGTHS``; the limits
    themselves are the channels' in ``outreach.yaml``), ``spelling_not_checked`` what is said once where no
    dictionary is installed; ``languages`` holds each workshop language's rules (:class:`MessageLanguageRules`),
    used by ``coffeechat.models.message_checks``.
    """

    schema_version: int = SCHEMA_VERSION
    reasons: dict[MessageFlagId, Text]
    details: dict[MessageFlagId, Text] = {}
    length: dict[MessageLength, Text]
    spelling_not_checked: Text
    languages: dict[str, MessageLanguageRules]

    @field_validator("reasons")
    @classmethod
    def _every_flag_has_a_reason(cls, reasons: dict[str, Text]) -> dict[str, Text]:
        missing = [flag for flag in MESSAGE_FLAGS if flag not in reasons]
        if missing:
            raise ValueError(f"no reason for the flags {', '.join(missing)}")
        return reasons

    @field_validator("length")
    @classmethod
    def _every_length_is_said(cls, length: dict[str, Text]) -> dict[str, Text]:
        missing = [kind for kind in MESSAGE_LENGTHS if kind not in length]
        if missing:
            raise ValueError(f"no text for a message too long in {', '.join(missing)}")
        return length


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
    """A module of the journey: ``short`` is its name under the stepper's number on a wide screen, one or two
    words (without it, the stepper shows the module's title there)."""

    id: Slug
    kind: Literal[tuple(KINDS)]  # type: ignore[valid-type]  # the kinds the kit knows (coffeechat.content.kinds)
    short: Text | None = None
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


def keyword_list(text: str) -> tuple[str, ...]:
    """The keywords of one language of a ``keywords`` entry: comma-separated, trimmed, inner spaces made single."""
    return tuple(" ".join(part.split()) for part in text.split(",") if part.strip())


def duplicates(items: list[str]) -> list[str]:
    seen, repeated = set(), []
    for item in items:
        if item in seen and item not in repeated:
            repeated.append(item)
        seen.add(item)
    return repeated


def _no_duplicates(items: list[str], what: str) -> None:
    repeated = duplicates(items)
    if repeated:
        raise ValueError(f"duplicate {what} {', '.join(map(repr, repeated))}")
