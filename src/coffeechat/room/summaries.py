"""What a facilitator may know of one participant's module: anonymous figures, never a word they wrote.

Each module kind has one summary function (see :mod:`coffeechat.content.kinds`). The facilitated room adds the
summaries of everyone present and shows them only over enough people to stay anonymous.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coffeechat.content import Workshop
from coffeechat.models import keys


@dataclass(frozen=True)
class ModuleSummary:
    """Whether the participant marked the module done, and whole-number figures by name."""

    done: bool
    figures: Mapping[str, int] = field(default_factory=dict)


def _done(module_id: str, answers: Mapping[str, Any]) -> bool:
    return answers.get(keys.progress(module_id)) is True


def _ratings(workshop: Workshop, moment: str, answers: Mapping[str, Any]) -> dict[str, int]:
    values = {fear.id: answers.get(keys.rating(moment, fear.id)) for fear in workshop.fears}
    return {
        f"{moment}.{fear_id}": value
        for fear_id, value in values.items()
        if isinstance(value, int) and not isinstance(value, bool)
    }


def progress_summary(workshop: Workshop, module_id: str, answers: Mapping[str, Any]) -> ModuleSummary:
    """Only whether the module is done (a fear module's answers are private reflections)."""
    return ModuleSummary(_done(module_id, answers))


def welcome_summary(workshop: Workshop, module_id: str, answers: Mapping[str, Any]) -> ModuleSummary:
    """The fear ratings at the start, by fear: ``welcome.<fear-id>``."""
    return ModuleSummary(_done(module_id, answers), _ratings(workshop, "welcome", answers))


def builder_summary(workshop: Workshop, module_id: str, answers: Mapping[str, Any]) -> ModuleSummary:
    """Whether the participant described a conversation: ``planned`` 1 or 0."""
    return ModuleSummary(_done(module_id, answers), {"planned": int(bool(answers.get(keys.BUILDER_REQUEST)))})


def roleplay_summary(workshop: Workshop, module_id: str, answers: Mapping[str, Any]) -> ModuleSummary:
    """How many group rounds the participant started: ``rounds``."""
    current = answers.get(keys.ROLEPLAY_ROUND)
    rounds = current if isinstance(current, int) and not isinstance(current, bool) and current > 0 else 0
    return ModuleSummary(_done(module_id, answers), {"rounds": rounds})


def wrapup_summary(workshop: Workshop, module_id: str, answers: Mapping[str, Any]) -> ModuleSummary:
    """The ratings before and after, by fear (``welcome.<fear-id>``, ``wrapup.<fear-id>``), and a commitment."""
    figures = {**_ratings(workshop, "welcome", answers), **_ratings(workshop, "wrapup", answers)}
    figures["committed"] = int(bool(answers.get(keys.commitment("who"))))
    return ModuleSummary(_done(module_id, answers), figures)
