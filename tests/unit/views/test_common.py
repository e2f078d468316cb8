"""Shared view mechanics: does every click and change go through the one error guard?"""

from __future__ import annotations

import logging

import ipywidgets as w
import traitlets

from coffeechat.pages.app import WorkshopApp
from coffeechat.storage.connection import JournalReadError
from coffeechat.views import builder as builder_view
from coffeechat.views.common import GUARDED, guarded
from tests.conftest import all_text, find, walk


def callbacks(root: w.Widget):
    """Every handler the kit attached to a widget in the tree: observers and click handlers."""
    for node in walk(root):
        for trait, kinds in node._trait_notifiers.items():
            for handler in kinds.get("change", []):
                if not isinstance(handler, traitlets.ObserveHandler):  # ipywidgets' own, declared on its classes
                    yield node, trait, handler
        for handler in getattr(getattr(node, "_click_handlers", None), "callbacks", []):
            yield node, "click", handler


def unguarded(root: w.Widget) -> list[str]:
    return [
        f"{type(node).__name__}.{trait} {node._dom_classes}"
        for node, trait, handler in callbacks(root)
        if not getattr(handler, GUARDED, False)
    ]


def test_every_callback_in_every_module_goes_through_the_error_guard(workshop, journal):
    app = WorkshopApp(workshop, journal)
    assert unguarded(app.root) == [], "start screen"
    find(app.root, "cc-start-new").click()
    counted = 0
    for module_id in workshop.module_ids:
        app.go(module_id)
        counted += sum(1 for _ in callbacks(app.root))
        assert unguarded(app.root) == [], module_id
    app.go("role-play")
    find(app.root, "cc-roleplay-mode").value = "group"  # alone, the solo practice comes first
    for role in ("contact", "observer"):
        find(app.root, "cc-role").value = role
        assert unguarded(app.root) == [], role
    find(app.root, "cc-roleplay-mode").value = "solo"
    find(app.root, "cc-solo-ask").click()
    assert unguarded(app.root) == [], "solo rehearsal"
    assert counted > 100


def test_an_error_in_a_view_shows_a_friendly_message_and_is_logged(workshop, journal, monkeypatch, caplog):
    app = WorkshopApp(workshop, journal)
    find(app.root, "cc-start-new").click()
    app.go("question-builder")

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(builder_view, "build_plan", broken)
    with caplog.at_level(logging.ERROR, logger="coffeechat"):
        find(app.root, "cc-regenerate").click()
    assert workshop.t("app.error", "de") in app.status.widget.value
    assert "secret detail" not in all_text(app.root)
    assert "secret detail" in caplog.text


def test_does_a_journal_that_cannot_be_used_log_no_traceback_per_callback(session, caplog):
    """The journal logs its outage once (storage/connection.py); a click while it is away tells the participant,
    the room's poll in the background (twice a second) tells nobody, and neither logs a traceback."""
    told = []
    session.on_status(lambda kind, message: told.append(kind))

    def away():
        raise JournalReadError("other")

    with caplog.at_level(logging.DEBUG, logger="coffeechat"):
        guarded(session, away)()
        for _ in range(3):
            guarded(session, away, background=True)()
    assert told == ["error"]
    assert not [record for record in caplog.records if record.exc_info], "no traceback"


def test_the_guard_wraps_once_and_keeps_the_return_value(session):
    handler = guarded(session, lambda: 42)
    assert guarded(session, handler) is handler
    assert handler() == 42


def test_buttons_share_one_layout_and_hiding_one_never_hides_the_others(workshop, journal):
    """A redraw of the builder's plan made 37 buttons and 7 minute labels with a layout model each (a third
    of the kernel's time for a change of the minutes, and as many models more for the page). They share
    one now; the buttons that are hidden and shown (back, next, the room's end) keep a layout of their own,
    so that hiding "back" on the first screen hides nothing else."""
    workshop_app = WorkshopApp(workshop, journal)
    find(workshop_app.root, "cc-start-new").click()
    workshop_app.go("question-builder")
    find(workshop_app.root, "cc-builder-minutes").value = 30
    plan_buttons = [n for n in walk(find(workshop_app.root, "cc-builder")) if isinstance(n, w.Button)]
    assert len(plan_buttons) > 30
    shared = {id(b.layout) for b in plan_buttons}
    assert len(shared) == 1, f"{len(shared)} layouts for {len(plan_buttons)} buttons"
    rows = [n for n in walk(workshop_app.root) if "cc-question" in n._dom_classes]
    in_rows = {id(part.layout) for row in rows for part in row.children}
    assert len(rows) > 5 and len(in_rows) == 3, "a question row's star, text, minutes and buttons: three layouts"
    workshop_app.go("welcome")  # the first screen: no way back
    back, forward = find(workshop_app.root, "cc-back"), find(workshop_app.root, "cc-next")
    finish = find(workshop_app.root, "cc-finish")
    assert back.layout.visibility == "hidden" and forward.layout.display in (None, "")
    assert finish.layout.display == "none", "Finish only on the last part"
    others = [n for n in walk(workshop_app.root) if isinstance(n, w.Button) and n not in (back, forward, finish)]
    assert others and all(n.layout.visibility in (None, "visible") for n in others)
    assert all(n.layout.display in (None, "") for n in others)
