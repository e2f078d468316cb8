"""The role-play and follow-me in a facilitated room, in real browsers: one console and three participants.

After "form groups", does each page's role-play module show the role the room bar names (the asker their plan,
the contact a persona card, the observer the checklist and a notes field), with no timer of its own? After
"next round", do the roles move on every page without a reload, and is what the observer typed kept? And does a
participant who clicked away while the coach leads come back to the coach's module at the coach's next move?

Waits are generous (a shared 2-core machine); what is asserted is what people see, never how fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coffeechat.content import load_workshop
from coffeechat.storage.journal import Journal

from .conftest import DESKTOP, Visitor
from .roomserver import RoomServer, coach_pages, open_the_room, until

READY_MS = 120_000
#: where to keep screenshots for a person to look at (COFFEECHAT_SCREENSHOTS=folder), or nowhere
SCREENSHOTS = Path(os.environ["COFFEECHAT_SCREENSHOTS"]) if os.environ.get("COFFEECHAT_SCREENSHOTS") else None
#: what each role works from, as the page marks it
MATERIAL = {"asker": ".cc-asker-plan", "contact": ".cc-persona-card", "observer": ".cc-observer-checklist"}
#: the module's own round controls, which a room's round does without
OWN_CONTROLS = (".cc-module .cc-timer", ".cc-round-minutes", ".cc-next-round", ".cc-roleplay-mode", ".cc-role")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("roleplay-room")


@pytest.fixture(scope="module")
def room_server(folder):
    server = RoomServer(folder)
    yield server
    server.stop()


def wait_text(visitor: Visitor, selector: str, expected: str) -> None:
    visitor.page.wait_for_function(
        "([s, t]) => [...document.querySelectorAll(s)].some(e => e.innerText.includes(t))",
        arg=[selector, expected],
        timeout=60_000,
    )


def saved(folder: Path, code: str, key: str, seconds: float = 30):
    """The participant's saved answer under ``key``, as soon as it has arrived (None if it never does)."""
    with Journal(folder / "data" / "journal.sqlite3") as journal:
        try:  # polling the journal, as the kernels do
            return until(lambda: journal.load(code).get(key), seconds, "never saved", every=0.2)
        except AssertionError:
            return None


def shot(visitor: Visitor, name: str) -> None:
    if SCREENSHOTS:
        visitor.person.screenshot(SCREENSHOTS / f"{name}.png")


def roles_shown(people: list[Visitor], workshop, round_number: int) -> list[str]:
    """Each page's role as its room bar names it, once the bar shows ``round_number``; and the module agrees."""
    t = lambda key, **values: workshop.t(key, "de", **values)
    names = {t(f"roleplay.role.{role}"): role for role in MATERIAL}
    roles = []
    for person in people:
        wait_text(person, ".cc-room-placement", t("roleplay.round", number=round_number))
        wait_text(person, ".cc-room-round", t("roleplay.round", number=round_number))
        named = person.page.inner_text(".cc-room-placement").rsplit("·", 1)[1].strip()
        role = names[named]
        shown = person.page.inner_text(".cc-room-role")
        assert t("roleplay.room_role", role=named) in shown, "the room bar and the module name the same role"
        for each, selector in MATERIAL.items():
            assert person.page.locator(selector).is_visible() == (each == role), (role, selector)
        for control in OWN_CONTROLS:
            assert person.page.locator(f"{control} >> visible=true").count() == 0, f"no own control: {control}"
        roles.append(role)
    return roles


def test_does_the_role_play_follow_the_room_and_a_wandering_page_come_back(browser, room_server, folder):
    workshop = load_workshop()
    t = lambda key, **values: workshop.t(key, "de", **values)
    console, _projector = coach_pages(browser, room_server, DESKTOP, "de")
    people = [Visitor(browser, room_server.join, viewport=DESKTOP) for _ in range(3)]
    for each in (console, *people):
        each.context.set_default_navigation_timeout(READY_MS)  # a busy machine: the first page takes a while
    try:
        open_the_room(console)
        for person in people:
            person.page.goto(room_server.join)
            person.page.wait_for_selector(".cc-start-new", timeout=READY_MS)
            person.person.click(".cc-start-new")
            person.page.wait_for_selector(".cc-room-bar", state="visible", timeout=60_000)
        wait_text(console, ".cc-room-count", t("room.joined", count=3))

        # the coach leads everyone to the role-play and forms groups
        role_play = workshop.module_title("role-play", "de")
        console.person.select(".cc-room-module select", role_play)
        console.person.click(f".cc-room-pacing button:has-text('{t('room.follow_me')}')")
        for person in people:
            wait_text(person, ".cc-position", role_play)
        console.person.click(".cc-room-groups-form")
        first = roles_shown(people, workshop, 1)
        assert sorted(first) == ["asker", "contact", "observer"], first
        observer = people[first.index("observer")]
        observer.person.type(".cc-observer-notes textarea", "Hat mit dem Anliegen begonnen")
        code = observer.page.inner_text(".cc-code").strip()
        for person, role in zip(people, first, strict=True):
            person.person.bring_to_top(".cc-room-bar")
            shot(person, f"roleplay-room-round1-{role}")

        # next round: the roles move on every page, in place
        console.person.click(".cc-room-groups-next")
        second = roles_shown(people, workshop, 2)
        assert all(before != after for before, after in zip(first, second, strict=True)), (first, second)
        assert sorted(second) == ["asker", "contact", "observer"], second
        assert saved(folder, code, "roleplay.round-1.observer-notes") == "Hat mit dem Anliegen begonnen"

        # follow-me: a participant looks back, the bar says where the coach is, the coach's next move brings
        # the page back
        wanderer = people[0]
        wanderer.person.click(".cc-step-welcome")
        wait_text(wanderer, ".cc-position", workshop.module_title("welcome", "de"))
        wanderer.page.wait_for_selector(".cc-room-back", state="visible")
        wait_text(wanderer, ".cc-room-elsewhere", role_play)
        wanderer.person.bring_to_top(".cc-room-bar")
        shot(wanderer, "roleplay-room-wanderer")
        wait_text(console, ".cc-room-pages", t("room.pages_here", here=2, elsewhere=1))
        regret = workshop.module_title("regret", "de")
        console.person.select(".cc-room-module select", regret)  # the coach's next move
        for person in people:
            wait_text(person, ".cc-position", regret)
        wanderer.page.wait_for_selector(".cc-room-back", state="hidden")
        wait_text(console, ".cc-room-pages", t("room.pages_here", here=3, elsewhere=0))
    finally:
        for each in (console, _projector, *people):
            each.context.close()
    for each in (console, *people):
        foreign = each.foreign_hosts - room_server.hosts  # the room's own address is the server's
        assert foreign == set(), f"a page asked third-party hosts: {foreign}"
