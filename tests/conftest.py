"""Fixtures shared by the tests: a fresh journal, the shipped workshop content, widget-tree helpers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import _instances as open_widget_models

from coffeechat.content import DEFAULT_CONTENT_DIR, load_workshop
from coffeechat.models.builder import PlanRequest
from coffeechat.models.session import Session
from coffeechat.storage.journal import Journal
from coffeechat.views.common import widget_tree
from tests.postgres import PostgresServer, PostgresUnavailable
from tests.stores import SqliteStore

#: a conversation as a participant describes it in the builder
REQUEST = PlanRequest(
    contact_name="Frau Ölmez",
    contact_role="Stadtplanerin",
    field="Verkehrswende",
    relationship="alumni",
    goals=("understand-role", "get-in"),
    minutes=30,
)


@pytest.fixture
def finished_answers() -> dict:
    """What a participant has saved by the end: ratings, a next step with an emoji, a plan, a commitment."""
    return {
        "welcome.rating.regret": 8,
        "wrapup.rating.regret": 3,
        "regret.next_step.action": "Frau Öztürk schreiben, trotz Bauchgrummeln 🙂",
        "wrapup.commit.who": "Jörg Übel",
        "wrapup.commit.due": "2026-12-04",
        "wrapup.commit.channel": "email",
        "builder.request": REQUEST.model_dump(mode="json"),
    }


#: the day the in-kernel tests run on, as the answers' date window sees it (their dates are around it)
TEST_TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Dates in tests (4 December 2026, ...) stay inside the window of dates a participant may choose."""
    monkeypatch.setattr("coffeechat.models.answers._today", lambda: TEST_TODAY, raising=False)


@pytest.fixture
def workshop():
    return load_workshop()


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL server for the whole run (a fresh database per test). Missing PostgreSQL or
    psycopg fails the tests that need it, with the command that installs it: the suite never skips them."""
    try:
        server = PostgresServer()
    except PostgresUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    try:
        server.start()
        server.connect().close()
    except PostgresUnavailable as error:
        server.stop()
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def store(tmp_path: Path):
    """Where a journal lives: the SQLite file here (unit tier); tests/integration/conftest.py puts a fresh
    PostgreSQL database in its place, where the same tests run again (tests/integration/on_postgres.py)."""
    return SqliteStore(tmp_path)


@pytest.fixture
def journal(tmp_path: Path):
    journal = Journal(tmp_path / "journal.sqlite3")
    yield journal
    journal.close()


#: the facilitator token the in-kernel room tests put into the journal, as ``serve`` does with its own
TOKEN = "the-coachs-secret-token"


@pytest.fixture
def coach(workshop, journal):
    """The coach's console actions with the token the journal knows (no room open yet)."""
    from coffeechat.room import model as room
    from coffeechat.room.live import Console

    journal.rooms.add_facilitator_token(room.token_hash(TOKEN))
    return Console(journal, workshop, TOKEN)


@pytest.fixture
def session(workshop, journal) -> Session:
    session = Session(workshop, journal)
    session.start_new()
    return session


walk = widget_tree  # every widget in a tree, depth first


def all_text(widget: w.Widget) -> str:
    """All text a participant could see or the browser receives in a widget tree."""
    parts = []
    for node in walk(widget):
        for name in ("value", "description", "placeholder", "tooltip"):
            value = getattr(node, name, None)
            if isinstance(value, str):
                parts.append(value)
        for option in getattr(node, "options", ()) or ():
            parts.append(str(option))
    return "\n".join(parts)


def find(widget: w.Widget, css_class: str) -> w.Widget:
    """The one widget carrying ``css_class``."""
    found = [node for node in walk(widget) if css_class in node._dom_classes]
    assert len(found) == 1, f"{len(found)} widgets with class {css_class}"
    return found[0]


def open_widgets() -> int:
    """How many widget models are open in this kernel (each one also lives in the browser)."""
    return len(open_widget_models)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """An editable copy of the content the kit ships, for tests of what ``coffeechat check`` reports."""
    target = tmp_path / "exercises"
    shutil.copytree(DEFAULT_CONTENT_DIR, target)
    return target
