"""The console's word wall and groups in real browsers (issue 23): does a wall answer wait for the coach's
approval and appear on the projector only after "approve", does an answer with a listed word never reach the
projector even with "approve automatically", and does a participant who joins after "form groups" get a named
group without anyone's round starting again?

One console, one projector and three participants who join by the link ``serve --host 0.0.0.0`` prints; every
click and keystroke goes through the people-like harness. Waits are generous (a shared 2-core machine).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coffeechat.content import group_name, load_workshop, plural

from .conftest import Visitor
from .roomserver import RoomServer, open_the_room

READY_MS = 120_000
SCREENSHOTS = Path(os.environ["COFFEECHAT_SCREENSHOTS"]) if os.environ.get("COFFEECHAT_SCREENSHOTS") else None
WINDOW = {"width": 1200, "height": 900}


@pytest.fixture(scope="module")
def room_server(tmp_path_factory):
    server = RoomServer(tmp_path_factory.mktemp("console-wall"))
    yield server
    server.stop()


def wait_text(visitor: Visitor, selector: str, expected: str, timeout: int = 30_000) -> None:
    visitor.page.wait_for_function(
        "([s, t]) => [...document.querySelectorAll(s)].some(e => e.innerText.includes(t))",
        arg=[selector, expected],
        timeout=timeout,
    )


def join(browser, room_server) -> Visitor:
    person = Visitor(browser, room_server.join, viewport=WINDOW)
    person.page.goto(room_server.join)
    person.page.wait_for_selector(".cc-start-new", timeout=READY_MS)
    person.person.click(".cc-start-new")
    person.page.wait_for_selector(".cc-room-bar", state="visible", timeout=60_000)
    return person


def share(person: Visitor, word: str) -> None:
    person.page.wait_for_selector(".cc-room-answer input", state="visible", timeout=30_000)
    person.person.type(".cc-room-answer input", word)
    person.person.click(".cc-room-share")
    person.page.wait_for_selector(".cc-room-wall .cc-status-ok", timeout=30_000)


def snap(visitor: Visitor, name: str) -> None:
    if SCREENSHOTS:
        visitor.person.screenshot(SCREENSHOTS / f"{name}.png")


def test_a_wall_answer_waits_for_approval_a_listed_word_never_shows_and_a_late_joiner_gets_a_named_group(
    browser, room_server
):
    workshop = load_workshop()
    t = lambda key, **values: workshop.t(key, "de", **values)
    console = Visitor(browser, room_server.console, viewport=WINDOW)
    projector = Visitor(browser, room_server.projector, viewport={"width": 1280, "height": 800})
    everyone = [console, projector]
    try:
        open_the_room(console)
        projector.page.goto(room_server.projector)
        projector.page.wait_for_selector(".cc-projector", timeout=READY_MS)

        # two people form a pair; a third joins afterwards and is counted as unplaced
        people = [join(browser, room_server) for _ in range(2)]
        everyone += people
        wait_text(console, ".cc-room-count", t("room.joined", count=2))
        console.person.click(".cc-room-groups-form")
        blue = group_name(workshop, 1, "de")
        for person in people:
            wait_text(person, ".cc-room-placement", f"{blue} · Runde 1")
        roles_before = [person.page.inner_text(".cc-room-placement") for person in people]
        late = join(browser, room_server)
        everyone.append(late)
        wait_text(console, ".cc-room-unplaced", plural(workshop, "room.unplaced", 1, "de"))
        assert late.page.inner_text(".cc-room-placement").strip() == "", "no group yet"
        console.person.click(".cc-room-groups-place")
        wait_text(late, ".cc-room-placement", f"{blue} · Runde 1 · {t('roleplay.role.observer')}")
        assert [person.page.inner_text(".cc-room-placement") for person in people] == roles_before, "nobody moved"
        wait_text(console, ".cc-room-groups", "Runde 1: 1 Dreiergruppe")
        snap(console, "console-groups")

        # the wall: every answer waits for the coach
        people.append(late)
        console.person.type(".cc-room-question input", "Was hält Sie am meisten zurück?")
        console.person.click(".cc-room-ask")
        for person, word in zip(people, ("Zeitmangel", "Schüchternheit", "Mein Chef ist ein Idiot"), strict=True):
            share(person, word)
        wait_text(console, ".cc-room-entries", "Idiot")
        console.person.click(".cc-room-reveal")
        wait_text(console, ".cc-room-reveal", t("room.conceal"))
        wait_text(projector, ".cc-projector-wall", "Was hält Sie am meisten zurück?")
        projector.page.wait_for_selector(".cc-wall", state="attached", timeout=30_000)  # the projector has revealed
        projector_text = projector.page.inner_text(".cc-projector")
        assert not any(word in projector_text for word in ("Zeitmangel", "Schüchternheit", "Idiot")), "all wait"
        snap(console, "console-wall-queue")

        row = console.page.locator(".cc-room-entry", has_text="Zeitmangel")
        console.person.click(row.locator(".cc-room-entry-approve"))
        wait_text(projector, ".cc-wall", "Zeitmangel")
        assert "Schüchternheit" not in projector.page.inner_text(".cc-projector"), "only the approved one"

        # approving automatically: the waiting one appears, the filtered one never
        console.person.click(".cc-room-auto-approve input")
        wait_text(projector, ".cc-wall", "Schüchternheit")
        wait_text(console, ".cc-room-entries", t("room.status.filtered"))
        assert "Idiot" not in projector.page.inner_text(".cc-projector")
        snap(projector, "projector-wall-1280x800")
        snap(console, "console-wall-filtered")
        # the participant edits their answer into another listed word: still nothing on the projector
        late.person.type(".cc-room-answer input", "Vollidiot", clear=True)
        late.person.click(".cc-room-share")
        wait_text(console, ".cc-room-entries", "Vollidiot")
        assert "idiot" not in projector.page.inner_text(".cc-projector").lower()
    finally:
        for each in everyone:
            each.context.close()
    for each in everyone:
        assert each.foreign_hosts <= room_server.hosts | {"127.0.0.1", "localhost"}, each.foreign_hosts
