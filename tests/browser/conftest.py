"""The real app for browser tests: ``coffeechat serve`` on a free port, driven by headless Chromium.

Every page records the hosts it asks for; a request to anything but the server fails the test.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coffeechat.storage.journal import Journal
from tests.harness import chromium
from tests.harness.ports import free_port, wait_for_port  # noqa: F401 - tests import wait_for_port from here
from tests.harness.serve import LIMITS_OFF, Server, coffeechat_command

from .person import Person
from .screens import font_environment

#: Chromium and its flags, from the harness (tests/harness/chromium.py): the same for tests and benchmarks
CHROMIUM = chromium.PATH
CHROMIUM_ARGS = list(chromium.ARGS)
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
READY_SECONDS = 90
#: the windows a person uses: a laptop, the tests' older default, and a phone held upright
LAPTOP = {"width": 1280, "height": 800}
DESKTOP = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-data")


class Served(Server):
    """``coffeechat serve`` as participants get it, on loopback, with its log in a file."""

    def __init__(self, data_dir: Path, pool_wanted: int, log: Path, *options: str):
        """``options`` go to ``coffeechat serve`` as they are."""
        self.data_dir = data_dir
        # every test visitor comes from 127.0.0.1, and the whole session is one long "room" whose closed
        # pages' kernels wait for the idle cull: the limits (tested in test_faults.py) are off
        argv = coffeechat_command(free_port(), data_dir, "--pool-size", str(pool_wanted), *LIMITS_OFF, *options)
        super().__init__(argv, log, seconds=60)

    def pooled_kernels_used(self) -> list[str]:
        """The ids of the pooled kernels Voila has handed to visitors so far (from its log)."""
        return re.findall(r"Using pre-heated kernel: ([0-9a-f-]+)", self.log.read_text())


@pytest.fixture(scope="session")
def served(data_dir: Path):
    """The server every browser test shares, with a small pool (three preheated kernels)."""
    server = Served(data_dir, 3, data_dir.parent / "serve.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server(served: Served) -> str:
    return served.url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Chromium with the tests' own fonts (screens.py), so every machine draws the same pixels."""
    assert chromium.installed(), chromium.MISSING
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = chromium.launch(playwright, env=font_environment(tmp_path_factory.mktemp("fonts")))
        yield browser
        browser.close()


class Visitor:
    """One participant's browser context; remembers every host its pages asked for.

    ``phone=True`` is a phone held upright (390x844, touch); ``person`` drives the page as a person does.
    """

    def __init__(
        self,
        browser,
        server: str,
        enforce_csp: bool = False,
        phone: bool = False,
        viewport: dict | None = None,
        locale: str = "de-DE",
    ):
        self.server = server
        # Playwright's string predicates (wait_for_function("...")) are evaluated with eval in the page,
        # which the page's policy forbids (no 'unsafe-eval'); the tests in test_safety.py enforce the policy
        # and walk the participant's path under it with element handles only.
        self.context = browser.new_context(
            viewport=viewport or (PHONE if phone else DESKTOP),
            locale=locale,
            bypass_csp=not enforce_csp,
            has_touch=phone,
            is_mobile=phone,
        )
        self.context.set_default_timeout(30_000)
        self.foreign_hosts: set[str] = set()
        self.context.on("request", self._record)
        self.page = self.context.new_page()
        self.person = Person(self.page, by="touch" if phone else "wheel")

    def _record(self, request) -> None:
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")) or host is None:
            return
        if host not in LOOPBACK:
            self.foreign_hosts.add(host)

    def open(self, query: str = "") -> None:
        self.page.goto(self.server + query)
        self.wait_ready()

    def wait_ready(self) -> None:
        self.page.wait_for_selector(".cc-app", timeout=READY_SECONDS * 1000)

    def reload(self) -> None:
        self.page.reload()
        self.wait_ready()


@pytest.fixture
def visitor(browser, server):
    visitors = []

    def make(**options) -> Visitor:
        visitors.append(Visitor(browser, server, **options))
        return visitors[-1]

    yield make
    for each in visitors:
        each.context.close()
    for each in visitors:
        assert each.foreign_hosts == set(), f"the page asked third-party hosts: {each.foreign_hosts}"


def wait_saved(data_dir: Path, code: str, key: str, expected, timeout: float = 15.0):
    """Wait until the journal on the server holds ``expected`` under ``key`` (saves are asynchronous)."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        journal = Journal(data_dir / "journal.sqlite3")
        try:
            value = journal.get(code, key)
        finally:
            journal.close()
        if value == expected:
            return
        time.sleep(0.2)
    raise AssertionError(f"{key} is {value!r} on the server, expected {expected!r}")
