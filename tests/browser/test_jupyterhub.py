"""The career centre's JupyterHub (deploy/jupyterhub/): two participants, one shared PostgreSQL journal.

A real JupyterHub with its real proxy (configurable-http-proxy from the npm registry, installed beside the
recipe by ``make test``), the recipe's temporary accounts, its spawner starting the standalone Voila app
behind jupyter-server-proxy's hub login, and a live PostgreSQL. Two participants in two browsers: does
each find their own answers in the shared database, and never the other's on their page? Is there
anything but the workshop app behind the link? Is an idle server culled, and does the participant lose
nothing when it is?
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest

from coffeechat.journal import Journal
from coffeechat.serving import stop_process_tree

from .conftest import Visitor, free_port
from .test_journey import css, start, text_prompt

RECIPE = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub"
PROXY = RECIPE / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent
START_SECONDS = 90
SPAWN_SECONDS = 150  # a participant's first page: login, spawn, Voila, the app (two cores, shared)


def http(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:  # not listening (yet)
        return 0, ""


class Hub:
    """``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` on free loopback ports, with a fresh journal."""

    def __init__(self, folder: Path, database_url: str, idle_seconds: int):
        if not PROXY.exists():
            pytest.fail(
                f"configurable-http-proxy is not installed in {RECIPE}: run `make test` (or "
                f"`npm ci --prefix deploy/jupyterhub`), which installs it from the npm registry",
                pytrace=False,
            )
        self.folder = folder
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.token = secrets.token_hex(16)
        state = folder / "state"
        state.mkdir(parents=True)
        config = folder / "test_config.py"
        # the recipe as shipped, with ports that cannot collide with anything else on this machine and a
        # read-only API token for the test's own questions to the hub
        config.write_text(
            f"c = get_config()\n"
            f"load_subconfig({str(RECIPE / 'jupyterhub_config.py')!r})\n"
            f"c.JupyterHub.hub_port = {free_port()}\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'\n"
            f"c.JupyterHub.services.append({{'name': 'observer', 'api_token': {self.token!r}}})\n"
            f"c.JupyterHub.load_roles.append({{'name': 'observer', 'services': ['observer'], "
            f"'scopes': ['list:users', 'read:users', 'read:servers']}})\n",
            encoding="utf-8",
        )
        env = dict(os.environ)
        env.update(
            COFFEECHAT_DATABASE_URL=database_url,
            COFFEECHAT_HUB_BIND_URL=f"http://127.0.0.1:{self.port}",
            COFFEECHAT_CULL_IDLE_SECONDS=str(idle_seconds),
            COFFEECHAT_HUB_STATE_DIR=str(state),
            PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        )
        self.log_path = folder / "hub.log"
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(config)],
            cwd=state,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_SECONDS
            while http(self.url + "hub/api/")[0] != 200:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterHub did not start:\n{self.log_path.read_text()[-5000:]}", pytrace=False)
                time.sleep(0.5)
        except BaseException:
            self.stop()  # never leave a hub (and its proxy, which the hub would restart) behind
            raise

    def user(self, name: str) -> dict | None:
        status, body = http(f"{self.url}hub/api/users/{name}", self.token)
        return json.loads(body) if status == 200 else None

    def stop(self) -> None:
        procs = []
        try:
            procs = [psutil.Process(self.process.pid), *psutil.Process(self.process.pid).children(recursive=True)]
        except psutil.Error:
            pass
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the hub stops every server and its proxy
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        stop_process_tree(self.process.pid)
        psutil.wait_procs([p for p in procs if p.is_running()], timeout=10)
        for proc in procs:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                proc.kill()
        self.log.close()


@pytest.fixture
def hub_factory(postgres_server, tmp_path):
    hubs = []

    def make(idle_seconds: int = 3600) -> Hub:
        database_url = postgres_server.create_database()
        hubs.append(Hub(tmp_path / f"hub-{len(hubs)}", database_url, idle_seconds))
        return hubs[-1]

    yield make
    for hub in hubs:
        hub.stop()


def hub_user_of_server(visitor: Visitor) -> str:
    """The hub account whose server this page came from (the address bar shows the hub's user-redirect)."""
    base = visitor.page.evaluate("document.body.getAttribute('data-base-url')")  # /user/<name>/voila/
    parts = base.split("/")
    assert parts[1] == "user", base
    return parts[2]


def wait_in_journal(database_url: str, code: str, key: str, expected, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        with Journal(database_url) as journal:
            value = journal.get(code, key)
        if value == expected:
            return
        time.sleep(0.3)
    raise AssertionError(f"{key} is {value!r} in the shared journal, expected {expected!r}")


def processes_of(user: str) -> list[psutil.Process]:
    """Every running process that JupyterHub started for this account (their environment names it)."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("JUPYTERHUB_USER") == user and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except psutil.Error:
            pass
    return found


@pytest.mark.browser
def test_two_participants_each_find_only_their_own_answers_in_the_shared_journal(browser, hub_factory):
    hub = hub_factory()
    key = text_prompt("not-ready")
    visitors = {who: Visitor(browser, hub.url) for who in ("Aylin", "Bernd")}
    for visitor in visitors.values():
        visitor.page.goto(hub.url)  # the hub's address is all a participant is given; both servers start at once
    participants = {}
    for who, visitor in visitors.items():
        visitor.page.wait_for_selector(".cc-start-new", timeout=SPAWN_SECONDS * 1000)
        code = start(visitor)
        visitor.page.click(".cc-step-not-ready")
        visitor.page.wait_for_selector(".cc-fear-not-ready")
        text = f"{who} schreibt: nur für mich 🙂 <b>{who}</b>"
        visitor.page.fill(f"{css(key)} textarea", text)
        participants[who] = (visitor, code, text)

    (aylin, aylin_code, aylin_text), (bernd, bernd_code, bernd_text) = participants.values()
    assert hub_user_of_server(aylin) != hub_user_of_server(bernd), (
        "each participant has an account and a server of their own"
    )
    for _, code, text in participants.values():
        wait_in_journal(hub.database_url, code, key, text)
    with Journal(hub.database_url) as journal:
        assert bernd_text not in journal.export_json(aylin_code)
        assert aylin_text not in journal.export_json(bernd_code)

    for visitor, other_code, other_text in ((aylin, bernd_code, bernd_text), (bernd, aylin_code, aylin_text)):
        visitor.reload()
        page_html = visitor.page.content()
        assert other_code not in page_html and other_text not in page_html

    # Bernd tries Aylin's server address: the hub's login does not let him in
    response = bernd.page.goto(f"{hub.url}user/{hub_user_of_server(aylin)}/")
    assert response.status == 403
    assert aylin_code not in bernd.page.content() and aylin_text not in bernd.page.content()

    # behind the workshop link there is the app and nothing else: no JupyterLab, no files, no terminals
    own = f"{hub.url}user/{hub_user_of_server(aylin)}/"
    for path in ("lab", "tree", "api/contents", "api/sessions", "api/terminals", "files/workshop.ipynb"):
        response = aylin.page.request.get(own + path)  # Voila sends unknown paths to /voila/files/, which refuses
        assert response.status in (403, 404, 405), f"{path}: {response.status} at {response.url}"
        assert "JupyterLab" not in response.text()

    for visitor, _, _ in participants.values():
        assert visitor.foreign_hosts == set(), visitor.foreign_hosts
        visitor.context.close()


@pytest.mark.browser
def test_a_server_whose_page_closed_is_culled_and_the_bookmark_brings_the_answers_back(browser, hub_factory):
    hub = hub_factory(idle_seconds=30)
    visitor = Visitor(browser, hub.url)
    visitor.page.goto(hub.url)
    visitor.page.wait_for_selector(".cc-start-new", timeout=SPAWN_SECONDS * 1000)
    code = start(visitor)
    account = hub_user_of_server(visitor)
    key = text_prompt("not-ready")
    visitor.page.click(".cc-step-not-ready")
    visitor.page.wait_for_selector(".cc-fear-not-ready")
    visitor.page.fill(f"{css(key)} textarea", "Das darf nicht verloren gehen.")
    wait_in_journal(hub.database_url, code, key, "Das darf nicht verloren gehen.")
    bookmark = visitor.page.url
    assert urlsplit(bookmark).path == "/hub/user-redirect/", "the address to keep outlives this server"
    assert processes_of(account), "the account's server runs"

    visitor.page.close()  # the tab is closed (the browser keeps the code, as on the participant's laptop)
    deadline = time.monotonic() + 180
    while hub.user(account) is not None and time.monotonic() < deadline:
        time.sleep(1)
    assert hub.user(account) is None, "the idle server and its temporary account were not culled"
    gone, alive = psutil.wait_procs(processes_of(account), timeout=30)
    assert not alive, "a culled server left processes behind"

    visitor.page = visitor.context.new_page()
    visitor.page.goto(bookmark)
    visitor.page.wait_for_selector(".cc-code", timeout=SPAWN_SECONDS * 1000)
    assert visitor.page.inner_text(".cc-code").strip() == code
    assert hub_user_of_server(visitor) != account, "a new temporary account and server"
    visitor.page.click(".cc-step-not-ready")
    visitor.page.wait_for_selector(".cc-fear-not-ready")
    assert visitor.page.input_value(f"{css(key)} textarea") == "Das darf nicht verloren gehen."
    assert visitor.foreign_hosts == set()
    visitor.context.close()
