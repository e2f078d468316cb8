"""Answer keys and limits: is every key the app saves documented, and does no view spell one itself?"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from coffeechat.content import UI_KEYS
from coffeechat.models import keys
from coffeechat.pages.app import WorkshopApp
from tests.conftest import find, walk

VIEWS = Path(keys.__file__).resolve().parents[1] / "views"


def documented_table() -> list[tuple[str, str]]:
    """The rows of the table in keys.py's docstring."""
    rows = re.findall(r"^``([^`]+)``\s{2,}(.+?)\s*$", keys.__doc__, re.M)
    return [(key, value) for key, value in rows]


def test_the_documented_table_is_the_table_the_code_checks():
    assert documented_table() == [(row.pattern, row.value) for row in keys.PATTERNS]


def test_every_key_the_code_can_build_is_documented():
    built = [
        keys.LANGUAGE,
        keys.CODE_NOTED,
        keys.POSITION,
        keys.progress("regret"),
        keys.step("regret"),
        keys.rating("welcome", "regret"),
        keys.rating("wrapup", "not-ready"),
        keys.reflection("regret", "worst"),
        keys.exercise("regret", "cases"),
        keys.next_step("regret", "action"),
        keys.next_step("regret", "due"),
        keys.BUILDER_REQUEST,
        keys.BUILDER_EDITS,
        *(keys.message(kind, part) for kind in keys.MESSAGES for part in ("channel", "text", "drafts")),
        keys.THANKS_LEARNED,
        keys.THANKS_NEXT_STEP,
        keys.ROLEPLAY_MODE,
        keys.ROLEPLAY_ROUND,
        keys.ROLEPLAY_ROLE,
        keys.ROLEPLAY_GROUP_SIZE,
        keys.ROLEPLAY_MINUTES,
        keys.ROLEPLAY_PERSONA,
        keys.SOLO_PERSONA,
        keys.SOLO_TURNS,
        *(keys.round_answer(12, name) for name in keys.ROUND_ANSWERS),
        *(keys.commitment(name) for name in keys.COMMITMENT_FIELDS),
        keys.FOLLOWUP_CONTACTS,
        keys.FOLLOWUP_WEEKLY_GOAL,
        keys.FOLLOWUP_STATE,
        keys.followup_draft("c-1", "reply-yes"),
        keys.followup_values("c-1"),
    ]
    assert [key for key in built if not keys.documented(key)] == []


@pytest.mark.parametrize("key", ["roleplay.round-x.role", "welcome.rating", "builder.secret", "wrapup.commit"])
def test_keys_outside_the_table_are_not_documented(key):
    assert not keys.documented(key)


def test_builders_refuse_parts_the_table_does_not_have():
    for call in (
        lambda: keys.rating("lunch", "regret"),
        lambda: keys.next_step("regret", "when"),
        lambda: keys.message("outreach", "subject"),
        lambda: keys.round_answer(1, "mood"),
        lambda: keys.commitment("where"),
    ):
        with pytest.raises((ValueError, KeyError)):
            call()


def test_a_journey_through_every_module_saves_only_documented_keys(workshop, journal):
    """Start, rate, answer, build a plan, play a round, rehearse, commit: every key saved is in the table."""
    app = WorkshopApp(workshop, journal)
    find(app.root, "cc-start-new").click()
    for module_id in workshop.module_ids:
        app.go(module_id)
        for node in list(walk(app.body)):
            if not node.comm:  # closed when an earlier change redrew its screen
                continue
            classes = set(getattr(node, "_dom_classes", ()))
            if hasattr(node, "max") and hasattr(node, "min") and isinstance(node.value, int):
                node.value = min(node.max, node.min + 3)
            elif type(node).__name__ in ("Textarea", "Text") and not classes & {"cc-code-input"}:
                node.value = "Äpfel 🙂"
            elif type(node).__name__ == "Checkbox" and "cc-module-done" not in classes:
                node.value = not node.value
        for css in ("cc-next-round", "cc-solo-ask", "cc-keep-value"):
            for node in list(walk(app.body)):
                if node.comm and css in getattr(node, "_dom_classes", ()):
                    node.click()
                    break
        find(app.root, "cc-module-done").value = True
    saved = journal.load(app.session.code)
    assert len(saved) > 40
    assert sorted(key for key in saved if not keys.documented(key)) == []


def _string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and id(node) not in docstrings:
            found.append((node.lineno, node.value))
    return found


@pytest.mark.parametrize("path", sorted(VIEWS.glob("*.py")), ids=lambda p: p.name)
def test_no_view_spells_an_answer_key_or_a_limit(path: Path):
    keyish = [
        (line, value)
        for line, value in _string_constants(path)
        if isinstance(value, str) and keys.documented(value) and value not in UI_KEYS | {"language", "position"}
    ]
    # small whole numbers are layout (heading levels, columns); anything larger is a limit for keys.py
    numbers = [
        (line, value)
        for line, value in _string_constants(path)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > 4
    ]
    assert keyish == [] and numbers == []
