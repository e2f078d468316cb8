"""A facilitated room in real browsers: one console, one projector and three participants who join by the link
``serve --host 0.0.0.0`` prints. Does the console count them, does "follow me" move them, do all pages show
the same time, do three people form one trio whose roles rotate, does the word wall behave, does the projector
show no code, and is the console closed to a participant without the token?

Waits are generous (a shared 2-core machine); what is asserted is what people see, never how fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coffeechat.content import group_name, load_workshop
from coffeechat.room.live import round_minutes

from .conftest import CHROMIUM_ARGS  # noqa: F401 - the browser fixture launches with them
from .person import Person
from .roomserver import RoomServer

READY_MS = 120_000
#: where to keep screenshots for a person to look at (COFFEECHAT_SCREENSHOTS=folder), or nowhere
SCREENSHOTS = Path(os.environ["COFFEECHAT_SCREENSHOTS"]) if os.environ.get("COFFEECHAT_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def room_server(tmp_path_factory):
    server = RoomServer(tmp_path_factory.mktemp("facilitated-room"))
    yield server
    server.stop()


class Page:
    """One browser context; every host it asks must be the server's own."""

    def __init__(self, browser, allowed: set[str]):
        self.context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="de-DE")
        self.context.set_default_timeout(60_000)
        self.allowed, self.foreign = allowed, set()
        self.context.on("request", self._record)
        self.page = self.context.new_page()
        self.person = Person(self.page, by="wheel")

    def _record(self, request) -> None:
        host = urlsplit(request.url).hostname
        if host and not request.url.startswith(("data:", "blob:")) and host not in self.allowed:
            self.foreign.add(host)

    def open(self, url: str, selector: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector(selector, timeout=READY_MS)

    def text(self, selector: str) -> str:
        return self.page.inner_text(selector)

    def wait_text(self, selector: str, expected: str) -> None:
        self.page.wait_for_function(
            "([s, t]) => [...document.querySelectorAll(s)].some(e => e.innerText.includes(t))",
            arg=[selector, expected],
            timeout=30_000,
        )


def seconds(display: str) -> int:
    minutes, secs = display.strip().split(":")
    return int(minutes) * 60 + int(secs)


def test_a_room_with_one_console_one_projector_and_three_participants(browser, room_server, tmp_path):
    workshop = load_workshop()
    t = lambda key, **values: workshop.t(key, "de", **values)
    assert not room_server.join.startswith("http://127."), "participants get the address the room can reach"
    pages = []

    def page() -> Page:
        pages.append(Page(browser, room_server.hosts))
        return pages[-1]

    try:
        console = page()
        console.open(room_server.console, ".cc-console")
        console.person.type(".cc-room-name input", "Netzwerken ohne Angst")
        console.person.click(".cc-room-start")
        console.page.wait_for_selector(".cc-room-count")

        projector = page()
        projector.open(room_server.projector, ".cc-projector")
        assert projector.page.locator(".cc-qr svg").count() == 1, "a QR code, made on the server"
        assert room_server.join in projector.text(".cc-projector-join")
        projector.page.set_viewport_size({"width": 1280, "height": 800})  # a common projector
        qr = projector.page.locator(".cc-qr svg").bounding_box()
        assert qr["y"] + qr["height"] <= 800, "the QR code is on the projector's screen, not below it"
        if SCREENSHOTS:
            projector.page.screenshot(path=str(SCREENSHOTS / "projector-1280x800.png"))

        people = [page() for _ in range(3)]
        for person in people:
            person.open(room_server.join, ".cc-start-new")
            person.person.click(".cc-start-new")
            person.page.wait_for_selector(".cc-room-bar", state="visible", timeout=60_000)
        codes = [person.text(".cc-code").strip() for person in people]
        console.wait_text(".cc-room-count", t("room.joined", count=3))
        projector.wait_text(".cc-room-count", t("room.joined", count=3))

        # follow me: all three move to the coach's module; released, they move freely again
        regret = workshop.module_title("regret", "de")
        console.person.select(".cc-room-module select", regret)
        console.person.click(f".cc-room-pacing button:has-text('{t('room.follow_me')}')")
        for person in people:
            person.wait_text(".cc-position", regret)
        projector.wait_text(".cc-projector-slide h1", regret)
        console.person.click(f".cc-room-pacing button:has-text('{t('room.own_pace')}')")
        people[0].page.wait_for_selector(".cc-room-following", state="detached")
        people[0].person.click(".cc-step-welcome")
        people[0].wait_text(".cc-position", workshop.module_title("welcome", "de"))

        # the shared timer: the same remaining time on every page
        console.person.click(".cc-room-timer-start")
        for each in (*people, projector):
            each.page.wait_for_selector(".cc-shared-timer.cc-timer-running", timeout=30_000)
        shown = [seconds(each.text(".cc-shared-timer .cc-timer-display")) for each in (*people, projector, console)]
        assert max(shown) - min(shown) <= 1, shown
        assert 0 < min(shown) <= round_minutes(workshop, None) * 60, "a round as the run sheet plans it"

        # groups: one trio, three different roles, rotating on "next round"
        console.person.click(".cc-room-groups-form")
        roles_by_round = []
        for round_number in (1, 2):
            for person in people:
                person.wait_text(".cc-room-placement", f"Runde {round_number}")
            lines = [person.text(".cc-room-placement") for person in people]
            assert all(line.startswith(group_name(workshop, 1, "de")) for line in lines), lines
            roles = [line.rsplit("·", 1)[1].strip() for line in lines]
            assert len(set(roles)) == 3, roles
            roles_by_round.append(roles)
            console.person.click(".cc-room-groups-next")
        assert all(before != after for before, after in zip(*roles_by_round, strict=True)), roles_by_round

        # the word wall: hidden until revealed; a hidden entry vanishes from the projector
        console.person.type(".cc-room-question input", "Was hält Sie am meisten zurück?")
        console.person.click(".cc-room-ask")
        words = ("Zeitmangel", "Schüchternheit", "Ausreden")
        for person, word in zip(people, words, strict=True):
            person.page.wait_for_selector(".cc-room-answer input", state="visible")
            person.person.type(".cc-room-answer input", word)
            person.person.click(".cc-room-share")
            person.page.wait_for_selector(".cc-room-wall .cc-status-ok")
        console.wait_text(".cc-room-entries", "Ausreden")
        projector.wait_text(".cc-projector-wall", t("room.wall_hidden"))
        assert not any(word in projector.text(".cc-projector") for word in words)
        console.person.click(".cc-room-reveal")
        console.person.click(".cc-room-approve-all")  # answers wait for the coach's approval
        projector.wait_text(".cc-wall", "Ausreden")
        console.person.click(
            console.page.locator(".cc-room-entries .widget-hbox", has_text="Ausreden").locator(".cc-room-entry-toggle")
        )
        projector.page.wait_for_function(
            "() => !document.querySelector('.cc-wall').innerText.includes('Ausreden')", timeout=30_000
        )
        assert "Zeitmangel" in projector.text(".cc-wall")

        # the projector shows no code, ever
        projector_text = projector.text("body")
        assert not any(code in projector_text for code in codes)
        assert not any(code.replace("-", "") in projector_text for code in codes)
        projector.person.screenshot(tmp_path / "projector.png")

        # a participant without the token: no console, nothing to press
        for address in (
            room_server.join + "?room=console",
            room_server.join + "?room=console&token=guessed",
            room_server.join + "?room=projector&token=",
        ):
            intruder = people[0].context.new_page()
            intruder.goto(address)
            intruder.wait_for_selector(".cc-not-for-you", timeout=READY_MS)
            assert intruder.locator(".cc-console, .cc-projector, .jupyter-widgets button, .jupyter-button").count() == 0
            intruder.close()
        console.page.wait_for_selector(".cc-room-count")
        assert t("room.joined", count=3) in console.text(".cc-room-count"), "the room is as it was"

        # the end: every participant gets the final screen with the take-home
        console.person.click(".cc-room-end")
        console.person.click(".cc-room-end-yes")
        for person in people:
            person.wait_text(".cc-room-end-screen", t("room.end_heading"))
            person.page.wait_for_selector(".cc-take-home-pdf")
    finally:
        for each in pages:
            each.context.close()
    for each in pages:
        assert each.foreign == set(), f"a page asked third-party hosts: {each.foreign}"
