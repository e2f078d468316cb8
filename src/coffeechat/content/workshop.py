"""The loaded content as one object, :class:`Workshop`, and the small readers of its texts.

``Workshop.t`` gives an interface string in a language; :func:`plural` picks its one/other form,
:func:`group_name` and :func:`group_colour` name a role-play group, :func:`paragraphs` splits a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coffeechat.content.kinds import KINDS
from coffeechat.content.schema import (
    Facilitator,
    Fear,
    FollowThrough,
    GroupStyle,
    Guide,
    Manifest,
    MessageChecks,
    ModuleRef,
    Outreach,
    QuestionBank,
    QuestionChecks,
    RoleCards,
    StallReframe,
    Ui,
    Welcome,
    WorkshopFormat,
    WrapUp,
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
    #: the weeks after the workshop: rhythm, finding contacts, reflection, reframes, the follow-up session
    follow_through: FollowThrough
    #: the offline checks of a participant's questions: word lists, patterns, thresholds, reasons, rewrites
    question_checks: QuestionChecks
    #: the offline checks of a participant's messages: word lists, patterns, thresholds, reasons, dictionaries
    message_checks: MessageChecks
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

    def stall_reframe(self, reason: str, turn: int = 0) -> StallReframe:
        """A reframe for a contact stalled for ``reason`` (``"no-reply"``, ``"no"``): the reason's variants in
        turn, so that the ``turn``-th stalled contact on a page (from 0) reads other lines than the one before.
        KeyError for a reason the content has no reframe for."""
        variants = next((found for known, found in self.follow_through.stalled.items() if known == reason), ())
        if not variants:
            raise KeyError(reason)
        return variants[turn % len(variants)]

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
        return module_facilitator(self.module_ref(module_id).kind, module_id, self)

    def module_title(self, module_id: str, language: str) -> str:
        ref = self.module_ref(module_id)
        title_key = KINDS[ref.kind].title_key
        if title_key:
            return self.t(title_key, language)
        own = self.welcome if ref.kind == "welcome" else self.fear(module_id)
        return own.title[language]

    def module_short(self, module_id: str, language: str) -> str:
        """The module's name in one or two words (the stepper's), else its title."""
        short = self.module_ref(module_id).short
        return short[language] if short is not None else self.module_title(module_id, language)

    def slide(self, module_id: str, language: str) -> list[tuple[str, str]]:
        """The projector's slide for a module: (interface key of the part's label, text) pairs.

        A fear module shows the fear, why it feels true, the reframe and the exercise (the ``slide:`` block's
        wording, else the first paragraph of the module's own text); the welcome shows what the workshop is;
        the role-play its three roles, the conversation plan and the wrap-up what they are for; the follow-through
        its weekly goal and rhythm (never a contact).
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
        if ref.kind == "follow-through":
            rhythm = self.follow_through.rhythm
            said = (rhythm.second_person, rhythm.nudge, rhythm.let_go)
            return [("room.slide.about", " ".join(paragraphs(text[language])[0] for text in said))]
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


def module_facilitator(kind_name: str, module_id: str, sources: Workshop) -> Facilitator:
    """The coach's notes of a module of kind ``kind_name``: in its own file, or in the file its kind shares."""
    if kind_name == "welcome":
        return sources.welcome.facilitator
    if kind_name == "fear":
        return sources.fear(module_id).facilitator
    if kind_name == "follow-through":
        return sources.follow_through.session.facilitator
    shared: dict[str, QuestionBank | RoleCards | WrapUp] = {
        "builder": sources.bank,
        "roleplay": sources.role_cards,
        "wrap-up": sources.wrap_up,
    }
    return shared[kind_name].facilitator


def paragraphs(text: str) -> list[str]:
    """Split a content text into paragraphs at blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
