"""The real app for browser tests: ``coffeechat serve`` on a free port, driven by headless Chromium.

Every page records the hosts it asks for; a request to anything but the server fails the test.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coffeechat.storage.journal import Journal

from .person import Person
from .screens import font_environment

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
READY_SECONDS = 90
#: the windows a person uses: a laptop, the tests' older default, and a phone held upright
LAPTOP = {"width": 1280, "height": 800}
DESKTOP = {"width": 1100, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(process: subprocess.Popen, port: int, log: Path, seconds: float = 60) -> None:
    """Wait until the server accepts connections; fail with its log if it exits or never opens the port."""
    deadline = time.monotonic() + seconds
    while True:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process.poll() is not None:
            pytest.fail(
                f"coffeechat serve exited (code {process.returncode}) before opening port {port}:\n{log.read_text()}"
            )
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"coffeechat serve did not open port {port} within {seconds:.0f} s:\n{log.read_text()}")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-data")


class Served:
    """``coffeechat serve`` as participants get it, on loopback, with its log in a file."""

    def __init__(self, data_dir: Path, pool_wanted: int, log: Path, *options: str):
        """``options`` go to ``coffeechat serve`` as they are."""
        self.data_dir, self.log = data_dir, log
        port = free_port()
        self._log_file = open(log, "w")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "coffeechat"),
                "serve",
                "--port",
                str(port),
                "--data-dir",
                str(data_dir),
                "--pool-size",
                str(pool_wanted),
                # every test visitor comes from 127.0.0.1, and the whole session is one long "room" whose
                # closed pages' kernels wait for the idle cull: the limits (tested in test_faults.py) are off
                "--max-kernels-per-client",
                "0",
                "--max-kernels",
                "0",
                *options,
                "--no-browser",
            ],
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{port}/"
        wait_for_port(self.process, port, log)

    def pooled_kernels_used(self) -> list[str]:
        """The ids of the pooled kernels Voila has handed to visitors so far (from its log)."""
        return re.findall(r"Using pre-heated kernel: ([0-9a-f-]+)", self.log.read_text())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self._log_file.close()


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
    assert os.path.exists(CHROMIUM), "browser tests need Debian's chromium: apt-get install chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=font_environment(tmp_path_factory.mktemp("fonts"))
        )
        yield chromium
        chromium.close()


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
