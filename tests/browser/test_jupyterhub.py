"""The career centre's JupyterHub (deploy/jupyterhub/): two participants, one shared PostgreSQL journal.

A real JupyterHub with its real proxy (configurable-http-proxy from the npm registry, installed beside the
recipe by ``make test``), the recipe's temporary accounts, its spawner starting the standalone Voila app
behind jupyter-server-proxy's hub login, and a live PostgreSQL. Two participants in two browsers: does
each find their own answers in the shared database, and never the other's on their page? Is there
anything but the workshop app behind the link? Is an idle server culled, and does the participant lose
nothing when it is?

The culling test's hub stops a server after 30 s without traffic (the production default, 900 s, is untouched:
the test sets ``COFFEECHAT_CULL_IDLE_SECONDS`` for its own hub only) and, through the test's own extra config,
looks every 2 s instead of the recipe's derived 7 s (the culler's ``--cull-every`` and the hub's
``last_activity_interval``), so the culled server is seen about 30 s after the tab closed, not up to 45 s.
What is tested does not depend on these figures: a server whose page closed gets no traffic at all and is culled
after any timeout, and the answers come back from the journal whenever that happens. The timeout itself is not
shorter: a newly spawned server is silent until Voila has started and sent the first page, which on a loaded
2-core machine took longer than 15 s (a 15 s timeout culled the server before the participant saw it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import psutil
import pytest

from coffeechat.storage.journal import Journal

from ..hub import HubServer, HubUnavailable
from .conftest import Visitor
from .journey import css, start, text_prompt
from .roomserver import until

#: the idle timeout of the culling test's hub, and how often it looks (see the docstring; the recipe: 900, 300)
CULL_SECONDS = 30
CULL_CHECK_SECONDS = 2
SPAWN_SECONDS = 150  # a participant's first page: login, spawn, Voila, the app (two cores, shared)


@pytest.fixture
def hub_factory(postgres_server, tmp_path):
    hubs = []

    def make(idle_seconds: int = 900, check_every: int | None = None) -> HubServer:
        database_url = postgres_server.create_database()
        try:
            hubs.append(HubServer(tmp_path / f"hub-{len(hubs)}", database_url, idle_seconds, check_every))
        except HubUnavailable as error:
            pytest.fail(str(error), pytrace=False)
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
    seen = []

    def arrived() -> bool:
        with Journal(database_url) as journal:
            seen[:] = [journal.get(code, key)]
        return seen[0] == expected

    until(arrived, timeout, lambda: f"{key} is {seen[0]!r} in the shared journal, expected {expected!r}", every=0.3)


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
    hub = hub_factory(idle_seconds=CULL_SECONDS, check_every=CULL_CHECK_SECONDS)
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
    assert hub.processes_of(account), "the account's server runs"

    visitor.page.close()  # the tab is closed (the browser keeps the code, as on the participant's laptop)
    # culled after CULL_SECONDS without traffic, at the culler's next round (generous: a loaded machine)
    until(lambda: hub.user(account) is None, 180, "the idle server and its temporary account were not culled")
    _gone, alive = psutil.wait_procs(hub.processes_of(account), timeout=30)
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
