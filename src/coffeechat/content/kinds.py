"""The kinds of workshop module, in one table: what each needs from the content, and which view, take-home
section and facilitator summary serve it.

Adding a module kind means one entry here and one view. The table sits at the bottom of the package (it
imports nothing of it), so the content loader can check ``workshop.yaml`` against it; the parts above the
content layer (view, export section, summary) are named by import path and loaded on first use. That
also keeps a kernel light: it imports the view of a module only when the participant opens that module.

Each part has one signature for every kind:

- ``view``: a class ``View(session, module_id, on_erased=None)`` with a ``widget`` attribute;
- ``export``: ``section(workshop, module_id, answers, language) -> export.Section``;
- ``summary``: ``summary(workshop, module_id, answers) -> summaries.ModuleSummary``, the anonymous
  figures a facilitator may see of one participant (never a text they wrote).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ModuleKind:
    """One kind of module. ``own_file`` kinds have a content file of their own (with a title)."""

    name: str
    view: str
    export: str
    summary: str
    own_file: bool = False
    #: for a kind without a file of its own: the shared content file it needs (None: none)
    shared_file: str | None = None
    #: for a kind without a file of its own: the interface string that is its title
    title_key: str | None = None

    def load(self, part: str) -> Any:
        """The view class, export function or summary function of this kind (imported on first use)."""
        module_name, _, attribute = getattr(self, part).partition(":")
        return getattr(importlib.import_module(module_name), attribute)


KINDS: dict[str, ModuleKind] = {
    kind.name: kind
    for kind in (
        ModuleKind(
            "welcome",
            own_file=True,
            view="coffeechat.views.welcome:WelcomeView",
            export="coffeechat.documents.export:welcome_section",
            summary="coffeechat.room.summaries:welcome_summary",
        ),
        ModuleKind(
            "fear",
            own_file=True,
            view="coffeechat.views.fear:FearView",
            export="coffeechat.documents.export:fear_section",
            summary="coffeechat.room.summaries:progress_summary",
        ),
        ModuleKind(
            "builder",
            shared_file="question-bank.yaml",
            title_key="builder.title",
            view="coffeechat.views.builder:BuilderView",
            export="coffeechat.documents.export:builder_section",
            summary="coffeechat.room.summaries:builder_summary",
        ),
        ModuleKind(
            "roleplay",
            shared_file="role-cards.yaml",
            title_key="roleplay.title",
            view="coffeechat.views.roleplay:RolePlayView",
            export="coffeechat.documents.export:roleplay_section",
            summary="coffeechat.room.summaries:roleplay_summary",
        ),
        ModuleKind(
            "wrap-up",
            shared_file="wrap-up.yaml",
            title_key="wrapup.title",
            view="coffeechat.views.wrapup:WrapUpView",
            export="coffeechat.documents.export:wrapup_section",
            summary="coffeechat.room.summaries:wrapup_summary",
        ),
        ModuleKind(
            "follow-through",
            shared_file="follow-through.yaml",
            title_key="followup.title",
            view="coffeechat.views.followup:FollowThroughView",
            export="coffeechat.documents.export:followup_section",
            summary="coffeechat.room.summaries:progress_summary",
        ),
    )
}


def kind(name: str) -> ModuleKind:
    """The kind called ``name``; KeyError for a kind the kit does not know."""
    return KINDS[name]
