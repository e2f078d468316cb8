"""``coffeechat serve --host 0.0.0.0`` as a coach starts it for a room, with the three links it prints."""

from __future__ import annotations

import random
import re
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from coffeechat.storage.journal import Journal
from tests.harness.serve import Server, coffeechat_command

from .conftest import PHONE, Visitor

READY_MS = 120_000
#: what each role of the role-play works from, as the page marks it
MATERIAL = {"asker": ".cc-asker-plan", "contact": ".cc-persona-card", "observer": ".cc-observer-checklist"}
#: the role-play module's own round controls, which a room's round does without
OWN_CONTROLS = (".cc-module .cc-timer", ".cc-round-minutes", ".cc-next-round", ".cc-roleplay-mode", ".cc-role")


def until(condition, seconds: float, message, every: float = 0.1):
    """Wait on ``condition()`` (a condition outside any page: a log line, a journal row, a process): return its
    first truthy value, or fail with ``message`` (a string, or a function that says what was seen instead)
    after ``seconds``. Checked every ``every`` seconds: a poll interval, never a fixed wait."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(every)
    return value


def pool_filled(log: Path, seconds: float = 300) -> None:
    """Until the server's log says its pool of preheated kernels has been filled once (the log is the only place
    that says so). Before that, Voila serves arrivals the normal way: it hands out preheated kernels only once
    the first one has rendered the notebook."""
    until(lambda: "Kernel pool of workshop.ipynb is filled" in log.read_text(), seconds, "the pool did not fill")


def free_port_in_range(first: int = 8900, last: int = 8999) -> int:
    """A port in the range that nothing listens on, picked at random: two test workers starting a room at the
    same moment (``pytest -n 2``) would otherwise both take the first free one."""
    ports = list(range(first, last + 1))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("0.0.0.0", port))  # what serve --host 0.0.0.0 will do
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


class RoomServer:
    """``coffeechat serve --host 0.0.0.0``, and the three links it printed."""

    def __init__(self, folder: Path, port: int | None = None):
        options = ("--host", "0.0.0.0", "--pool-size", "3")
        # every page of this test comes from one address (a real room's devices have one each)
        options += ("--max-kernels-per-client", "0")
        command = coffeechat_command(port or free_port_in_range(), folder / "data", *options)
        self.server = Server(command, folder / "serve.log", ready_text="projector:")
        self.log, self.process = self.server.log, self.server.process
        text = self.log.read_text()
        self.join = re.search(r"workshop ready: (\S+)", text).group(1)
        self.console = re.search(r"facilitator console.*: (\S+)", text).group(1)
        self.projector = re.search(r"projector: (\S+)", text).group(1)
        self.hosts = {urlsplit(self.join).hostname, urlsplit(self.console).hostname}

    def stop(self) -> None:
        self.server.stop()


def coach_pages(browser, room: RoomServer, window: dict, language: str):
    """The console and the projector of ``room`` as a coach opens them, in one window size and language."""
    locale = "de-DE" if language == "de" else "en-GB"
    return tuple(
        Visitor(browser, f"{address}&lang={language}", phone=window is PHONE, viewport=window, locale=locale)
        for address in (room.console, room.projector)
    )


def open_the_room(console, name: str = "Netzwerken ohne Angst", format_title: str | None = None) -> None:
    """The console's first step, as the coach takes it: name the room, choose its format (``format_title``, as
    the dropdown shows it; else the first) and open it (once per server)."""
    console.page.goto(console.server)
    console.page.wait_for_selector(".cc-console", timeout=120_000)
    if console.page.locator(".cc-room-next").is_visible():  # the room before has ended, not been erased
        console.person.click(".cc-room-next")
        console.page.wait_for_selector(".cc-room-start", state="visible")
    if console.page.locator(".cc-room-start").is_visible():
        console.person.type(".cc-room-name input", name)
        if format_title:
            console.person.select(".cc-room-format select", format_title)
        console.person.click(".cc-room-start")
    console.page.wait_for_selector(".cc-room-count")


def wait_text(visitor: Visitor, selector: str, expected: str, timeout: int = 60_000) -> None:
    """Until an element that ``selector`` finds shows ``expected`` among its text."""
    visitor.page.wait_for_function(
        "([s, t]) => [...document.querySelectorAll(s)].some(e => e.innerText.includes(t))",
        arg=[selector, expected],
        timeout=timeout,
    )


def join(browser, room: RoomServer, window: dict | None = None) -> Visitor:
    """A participant who opens the room's printed link and starts: the page shows the room bar."""
    person = Visitor(browser, room.join, viewport=window or {"width": 1200, "height": 900})
    person.page.goto(room.join)
    person.page.wait_for_selector(".cc-start-new", timeout=READY_MS)
    person.person.click(".cc-start-new")
    person.page.wait_for_selector(".cc-room-bar", state="visible", timeout=60_000)
    return person


def share(person: Visitor, word: str) -> None:
    """The participant answers the word wall's question and shares it; the page says it was sent."""
    person.page.wait_for_selector(".cc-room-answer input", state="visible", timeout=30_000)
    person.person.type(".cc-room-answer input", word)
    person.person.click(".cc-room-share")
    person.page.wait_for_selector(".cc-room-wall .cc-status-ok", timeout=30_000)


def roles_shown(people: list[Visitor], workshop, round_number: int) -> list[str]:
    """Each page's role as its room bar names it, once the bar shows ``round_number``; the module agrees, shows
    only that role's material and none of its own round controls."""
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
        # the module shows the round's material once the room bar names it (a message or two later)
        expect(person.page.locator(MATERIAL[role])).to_be_visible(timeout=15_000)
        for each, selector in MATERIAL.items():
            assert person.page.locator(selector).is_visible() == (each == role), (role, selector)
        for control in OWN_CONTROLS:
            assert person.page.locator(f"{control} >> visible=true").count() == 0, f"no own control: {control}"
        roles.append(role)
    return roles


def saved(folder: Path, code: str, key: str, seconds: float = 30):
    """The participant's saved answer under ``key`` in the room's journal (``folder`` as the RoomServer got it),
    as soon as it has arrived (None if it never does)."""
    with Journal(folder / "data" / "journal.sqlite3") as journal:
        try:  # polling the journal, as the kernels do
            return until(lambda: journal.load(code).get(key), seconds, "never saved", every=0.2)
        except AssertionError:
            return None
