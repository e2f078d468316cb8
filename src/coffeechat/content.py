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

from . import __version__
from .kinds import KINDS

SCHEMA_VERSION = 1
BANK_FILE = "question-bank.yaml"
ROLE_CARDS_FILE = "role-cards.yaml"
OUTREACH_FILE = "outreach.yaml"
DEFAULT_CONTENT_DIR = Path(__file__).resolve().parents[2] / "exercises"

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
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(RootModel[dict[str, str]]):
    """A text in every workshop language: ``{de: "...", en: "..."}``."""

    model_config = ConfigDict(frozen=True)

    def __getitem__(self, language: str) -> str:
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

    @model_validator(mode="after")
    def _kind_needs(self) -> Prompt:
        if self.kind in ("choice", "checklist") and len(self.options) < 2:
            raise ValueError(f"a {self.kind} prompt needs at least 2 options")
        if self.kind == "table" and not self.columns:
            raise ValueError("a table prompt needs columns")
        if self.kind == "scale" and self.scale_max <= self.scale_min:
            raise ValueError("scale_max must be greater than scale_min")
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


class Facilitator(_Model):
    """Notes for the coach; never shown in the participant view."""

    notes: Text
    debrief_questions: tuple[Text, ...] = ()


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
    """Something the participant wants to find out; ``topic`` completes "a few questions about ..."."""

    id: Slug
    label: Text
    topic: Text


class Question(_Model):
    """One question of the bank, with what it serves and how long it takes to answer."""

    id: Slug
    family: Slug
    text: Text
    goals: tuple[Slug, ...] = Field(min_length=1)
    relationships: tuple[Slug, ...] = ()
    seniority: tuple[Slug, ...] = ()
    minutes: int = Field(ge=1, le=10)
    fear: Slug | None = None


class ConversationFrame(_Model):
    """The parts of every plan around the questions: opening, closing and follow-up."""

    small_talk: tuple[Text, ...] = Field(min_length=1)
    transition: Text
    closing: tuple[Text, ...] = Field(min_length=1)
    follow_up: tuple[Text, ...] = Field(min_length=1)
    opening_minutes: int = Field(ge=0, le=10)
    closing_minutes: int = Field(ge=0, le=10)


class QuestionBank(_Model):
    """The question builder's material: question families, goals, relationships and the questions."""

    schema_version: int = SCHEMA_VERSION
    families: tuple[Option, ...] = Field(min_length=1)
    goals: tuple[Goal, ...] = Field(min_length=1)
    relationships: tuple[Option, ...] = Field(min_length=1)
    seniorities: tuple[Option, ...] = Field(min_length=1)
    durations: tuple[int, ...] = (15, 20, 30, 45)
    frame: ConversationFrame
    questions: tuple[Question, ...] = Field(min_length=1)

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


#: Placeholders a message template may use; the builder fills each from what the participant entered.
MESSAGE_PLACEHOLDERS = frozenset(
    "contact_name contact_role field my_name my_situation connection topic minutes learned my_next_step".split()
)
#: Placeholders the conversation frame's transition may use.
TRANSITION_PLACEHOLDERS = frozenset({"minutes", "topic"})


class Channel(_Model):
    id: Slug
    label: Text
    max_chars: int | None = Field(default=None, gt=0)
    hint: Text


class MessageTemplate(_Model):
    """An outreach or thank-you message with ``{placeholders}``, for some relationships and one channel."""

    id: Slug
    kind: Literal["outreach", "thank-you"]
    relationships: tuple[Slug, ...] = ()
    channel: Slug
    subject: Text | None = None
    body: Text


class Outreach(_Model):
    schema_version: int = SCHEMA_VERSION
    placeholder_labels: dict[str, Text]
    channels: tuple[Channel, ...] = Field(min_length=1)
    templates: tuple[MessageTemplate, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Outreach:
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
    """Role-play material: answer styles, the observer's checklist and the personas."""

    schema_version: int = SCHEMA_VERSION
    styles: tuple[Option, ...] = Field(min_length=1)
    observer_checklist: tuple[Option, ...] = Field(min_length=3)
    personas: tuple[Persona, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> RoleCards:
        _no_duplicates([s.id for s in self.styles], "style id")
        _no_duplicates([o.id for o in self.observer_checklist], "checklist id")
        _no_duplicates([p.id for p in self.personas], "persona id")
        return self


class Language(_Model):
    code: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    name: str = Field(min_length=1)


class ModuleRef(_Model):
    id: Slug
    kind: Literal[tuple(KINDS)]  # type: ignore[valid-type]  # the kinds the kit knows (coffeechat.kinds)
    file: str | None = None
    teach_minutes: int = Field(ge=0, le=240)
    exercise_minutes: int = Field(ge=0, le=240)

    @property
    def minutes(self) -> int:
        return self.teach_minutes + self.exercise_minutes


class WorkshopFormat(_Model):
    id: Slug
    title: Text
    minutes: int = Field(gt=0)
    modules: tuple[Slug, ...] = Field(min_length=1)
    notes: Text


class Manifest(_Model):
    schema_version: int
    title: Text
    subtitle: Text
    languages: tuple[Language, ...] = Field(min_length=1)
    default_language: str
    modules: tuple[ModuleRef, ...] = Field(min_length=1)
    formats: tuple[WorkshopFormat, ...] = ()


class Ui(_Model):
    """Interface strings (buttons, messages) keyed by name."""

    schema_version: int = SCHEMA_VERSION
    strings: dict[str, Text]


#: Every interface string the code asks for; ``coffeechat check`` reports any that ui.yaml lacks.
UI_KEYS = frozenset(
    """
    app.language app.progress app.next app.back app.done_mark app.open_mark
    app.saved app.conflict app.error app.module_done
    app.print_hint
    code.new_intro code.have_one code.enter_placeholder code.resume code.start_new code.invalid
    code.unknown code.your_code code.write_down code.link_hint code.forget_device code.forgotten
    code.local_mode
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
    builder.swap_none builder.outreach builder.thank_you builder.learned builder.my_next_step builder.reset_draft
    builder.unfilled builder.all_filled builder.length_limit builder.length_words builder.download_markdown
    builder.download_pdf     builder.downloaded builder.file_stem builder.and builder.plan_title
    roleplay.cues roleplay.title roleplay.intro roleplay.mode_group roleplay.mode_solo roleplay.round
    roleplay.pairs roleplay.trios roleplay.my_role roleplay.role.asker roleplay.role.contact
    roleplay.role.observer roleplay.minutes roleplay.timer_start roleplay.timer_pause roleplay.timer_reset
    roleplay.timer_done roleplay.next_round roleplay.debrief roleplay.no_plan roleplay.your_plan
    roleplay.card roleplay.contact_hint roleplay.observer_heading roleplay.nervous_before roleplay.nervous_after
    roleplay.calm roleplay.very_nervous roleplay.went_well roleplay.change roleplay.history_row
    roleplay.nervous_summary roleplay.style roleplay.how_to_play roleplay.facts roleplay.ask
    roleplay.solo_intro roleplay.solo_persona roleplay.solo_question roleplay.you roleplay.hint
    roleplay.follow_up wrapup.title wrapup.intro wrapup.rate_again wrapup.chart_title
    wrapup.before wrapup.after wrapup.fear wrapup.commitment wrapup.commit_who
    wrapup.who_placeholder wrapup.commit_due wrapup.commit_channel wrapup.commit_draft wrapup.channel.email
    wrapup.channel.linkedin wrapup.channel.phone wrapup.channel.in-person wrapup.draft.builder wrapup.draft.new
    wrapup.thanks_reminder wrapup.thanks_by wrapup.take_home wrapup.take_home_intro wrapup.download_pdf
    wrapup.download_markdown wrapup.download_json wrapup.file_stem wrapup.take_home_title wrapup.take_home_subtitle
    wrapup.your_data wrapup.erase wrapup.erase_intro wrapup.erase_confirm wrapup.erase_yes
    wrapup.erase_no wrapup.erased
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

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.manifest.languages)

    @property
    def default_language(self) -> str:
        return self.manifest.default_language

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

    def module_title(self, module_id: str, language: str) -> str:
        ref = self.module_ref(module_id)
        title_key = KINDS[ref.kind].title_key
        if title_key:
            return self.t(title_key, language)
        own = self.welcome if ref.kind == "welcome" else self.fear(module_id)
        return own.title[language]

    def t(self, key: str, language: str, **values: Any) -> str:
        """The interface string ``key`` in ``language``, with ``{name}`` fields filled in."""
        text = self.ui.strings[key][language]
        return text.format(**values) if values else text


# --- loading -------------------------------------------------------------------------------------


def default_content_dir() -> Path:
    """``$COFFEECHAT_CONTENT_DIR`` if set, else the ``exercises/`` folder of this checkout."""
    return Path(os.environ.get("COFFEECHAT_CONTENT_DIR") or DEFAULT_CONTENT_DIR)


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
    welcome = fears = None
    if manifest is not None:
        welcome, fears, loaded = _load_modules(directory, manifest, problems)
        languages = [lang.code for lang in manifest.languages]
        _check_manifest(manifest, problems)
        if bank is not None:
            _check_bank(bank, [fear.id for fear in fears], problems)
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
        ]
        for name, model in [*extra, *loaded]:
            if model is not None:
                problems.extend(_check_texts(model, name, languages))
        if ui is not None:
            for key in sorted(UI_KEYS - set(ui.strings)):
                problems.append(ContentProblem("ui.yaml", f"strings.{key}", "missing interface string"))
    if problems:
        raise ContentError(problems)
    return Workshop(directory, manifest, welcome, tuple(fears), ui, bank, outreach, role_cards)


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
        allowed = TRANSITION_PLACEHOLDERS if path == ("frame", "transition") else set()
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
    for index, template in enumerate(outreach.templates):
        where = f"templates.{index}"
        if template.channel not in channels:
            problems.append(ContentProblem(OUTREACH_FILE, f"{where}.channel", f"unknown channel {template.channel!r}"))
        for unknown in [r for r in template.relationships if bank and r not in relationships]:
            problems.append(ContentProblem(OUTREACH_FILE, f"{where}.relationships", f"unknown id {unknown!r}"))
        for field in ("subject", "body"):
            text = getattr(template, field)
            for language, value in text.root.items() if text else ():
                for name in sorted(_placeholders(value) - MESSAGE_PLACEHOLDERS):
                    problems.append(
                        ContentProblem(OUTREACH_FILE, f"{where}.{field}", f"unknown placeholder {{{name}}}", language)
                    )


def _check_role_cards(cards: RoleCards, bank: QuestionBank, problems: list[ContentProblem]) -> None:
    families = [f.id for f in bank.families]
    styles = {s.id for s in cards.styles}
    for index, persona in enumerate(cards.personas):
        where = f"personas.{index}"
        if persona.style not in styles:
            problems.append(ContentProblem(ROLE_CARDS_FILE, f"{where}.style", f"unknown style {persona.style!r}"))
        for family in families:
            if not persona.answers.get(family):
                problems.append(ContentProblem(ROLE_CARDS_FILE, f"{where}.answers", f"no answer for family {family!r}"))
        for family in persona.answers:
            if family not in families:
                problems.append(ContentProblem(ROLE_CARDS_FILE, f"{where}.answers.{family}", "unknown family id"))


def _placeholders(text: str) -> set[str]:
    """The ``{names}`` a text asks to be filled in (a malformed brace counts as the name ``{``)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}


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
        for module_id in fmt.modules:
            if module_id not in ids:
                problems.append(
                    ContentProblem("workshop.yaml", f"formats.{index}.modules", f"unknown module id {module_id!r}")
                )


def _parse(directory: Path, name: str, model: type[BaseModel], problems: list, ref_field: str = ""):
    import yaml  # lazy, for weight: a participant's kernel reads the validated content from its cache

    path = directory / name
    if not path.is_file():
        problems.append(ContentProblem("workshop.yaml" if ref_field else name, ref_field, f"file {name} not found"))
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
    """Every text must exist, non-empty, in every workshop language, and in no other."""
    for path, text in _walk_texts(model, ()):
        field = ".".join(path)
        for language in languages:
            value = text.root.get(language)
            if value is None:
                yield ContentProblem(file, field, "missing translation", language)
            elif not value.strip():
                yield ContentProblem(file, field, "empty text", language)
        for language in text.root:
            if language not in languages:
                yield ContentProblem(file, field, "language not listed in workshop.yaml", language)


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
