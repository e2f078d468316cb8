"""The career centre's JupyterHub (deploy/jupyterhub/): five participants, one shared PostgreSQL journal.

A real JupyterHub with its real proxy (configurable-http-proxy from the npm registry, installed beside the
recipe by ``make test``), the recipe's temporary accounts, its spawner starting the standalone Voila app
behind jupyter-server-proxy's hub login, and a live PostgreSQL. Five participants in five browsers: does each
get the app on a server of their own with one kernel (no pool), find their own answers in the shared database
and never another's on their page? Does the sixth visitor beyond the hub's limit get a clear page? Is there
anything but the workshop app behind the link? Is an idle server culled, and does the participant lose
nothing when it is? And after all of it, arrivals, reloads and returns by bookmark: is any resume code in the
hub's log, which also holds the proxy's and every participant's server's output?

Both tests share one hub (starting one costs seconds, and each test begins with every server stopped). Its idle
timeout is 40 s, looked at every 2 s (the production default, 900 s, is untouched: the test sets
``COFFEECHAT_CULL_IDLE_SECONDS`` for its own hub only, and through its own extra config the culler's
``--cull-every`` and the hub's ``last_activity_interval``), so a culled server is seen about 40 s after its tab
closed. What is tested does not depend on these figures: a server whose page closed gets no traffic at all and
is culled after any timeout, and the answers come back from the journal whenever that happens. The timeout is
not shorter because an open page's only traffic may be Voila's websocket ping, every 30 s: a participant of the
first test who waits while the others are served must not be culled; and a newly spawned server is silent
until Voila has sent the first page (a 15 s timeout culled a server before its participant saw it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import psutil
import pytest

from coffeechat.storage.journal import Journal

from ..hub import HubServer, HubUnavailable
from .conftest import Visitor
from .journey import css, text_prompt
from .person import Person
from .roomserver import until

#: the idle timeout of the module's hub, and how often it looks (see the docstring; the recipe: 900, 225)
CULL_SECONDS = 40
CULL_CHECK_SECONDS = 2
SPAWN_SECONDS = 150  # a participant's first page: login, spawn, Voila, the app (two cores, shared)
PARTICIPANTS = ("Aylin", "Bernd", "Chiara", "Dmitri", "Emma")
#: the hub's limit of servers at once (COFFEECHAT_HUB_MAX_SERVERS): the five participants; a sixth is refused
MAX_SERVERS = len(PARTICIPANTS)


@pytest.fixture(scope="module")
def shared_hub(postgres_server, tmp_path_factory):
    try:
        hub = HubServer(
            tmp_path_factory.mktemp("hub"),
            postgres_server.create_database(),
            idle_seconds=CULL_SECONDS,
            check_every=CULL_CHECK_SECONDS,
            max_servers=MAX_SERVERS,
        )
    except HubUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    yield hub
    hub.stop()


@pytest.fixture
def hub(shared_hub) -> HubServer:
    """The module's hub with no server running: each test starts from an empty hub, in any order."""
    shared_hub.stop_all_servers()
    return shared_hub


def hub_user_of_server(visitor: Visitor) -> str:
    """The hub account whose server this page came from (the address bar shows the hub's user-redirect)."""
    base = visitor.page.evaluate("document.body.getAttribute('data-base-url')")  # /user/<name>/voila/
    parts = base.split("/")
    assert parts[1] == "user", base
    return parts[2]


def start_here(visitor: Visitor) -> str:
    """Press "Start now" on the page as it is (no second page load); the new code."""
    visitor.person.click(".cc-start-new")
    visitor.page.wait_for_selector(".cc-code")
    return visitor.page.inner_text(".cc-code").strip()


def wait_in_journal(database_url: str, code: str, key: str, expected, timeout: float = 30.0) -> None:
    seen = []

    def arrived() -> bool:
        with Journal(database_url) as journal:
            seen[:] = [journal.get(code, key)]
        return seen[0] == expected

    until(arrived, timeout, lambda: f"{key} is {seen[0]!r} in the shared journal, expected {expected!r}", every=0.3)


def kernels(processes: list[psutil.Process]) -> list[psutil.Process]:
    """The participant kernels among an account's processes (the kit's kernel launcher, server/launcher.py)."""
    found = []
    for proc in processes:
        try:
            if "coffeechat.server.launcher" in proc.cmdline():
                found.append(proc)
        except psutil.Error:
            pass
    return found


def assert_no_code_in_the_log(hub: HubServer, codes: list[str]) -> None:
    """The hub's log holds the hub's, its proxy's, the culler's and every participant server's output."""
    log = hub.log_path.read_text(encoding="utf-8", errors="replace")
    for code in codes:
        for form in {code, code.replace("-", ""), code.lower()}:
            lines = [line for line in log.splitlines() if form in line]
            assert not lines, f"the resume code {code} is in the log {hub.log_path}:\n" + "\n".join(lines[:5])


@pytest.mark.browser
def test_five_participants_each_get_one_kernel_and_only_their_own_answers_and_a_sixth_a_clear_page(browser, hub):
    key = text_prompt("not-ready")
    visitors = {who: Visitor(browser, hub.url) for who in PARTICIPANTS}
    for visitor in visitors.values():
        visitor.page.goto(hub.url)  # the hub's address is all a participant is given; the servers start at once
    participants = {}
    for who, visitor in visitors.items():
        visitor.page.wait_for_selector(".cc-start-new", timeout=SPAWN_SECONDS * 1000)
        code = start_here(visitor)
        visitor.person.click(".cc-step-not-ready")
        visitor.page.wait_for_selector(".cc-fear-not-ready")
        text = f"{who} schreibt: nur für mich 🙂 <b>{who}</b>"
        visitor.person.type(f"{css(key)} textarea", text)
        participants[who] = (visitor, code, text)

    accounts = {who: hub_user_of_server(visitor) for who, (visitor, _, _) in participants.items()}
    assert len(set(accounts.values())) == len(PARTICIPANTS), "each participant has an account and a server of their own"
    for who, account in accounts.items():
        processes = hub.processes_of(account)
        assert len(kernels(processes)) == 1, (
            f"{who}'s server runs {len(kernels(processes))} kernels: no pool, one kernel"
        )
        assert len(processes) == 3, f"{who}: the proxy, Voila and one kernel, not {[p.name() for p in processes]}"
    for _, code, text in participants.values():
        wait_in_journal(hub.database_url, code, key, text)
    with Journal(hub.database_url) as journal:
        for _, code, _ in participants.values():
            exported = journal.export_json(code)
            assert all(text not in exported for _, other, text in participants.values() if other != code)

    # the sixth visitor: the hub is full; a clear page in both languages, not a bare error
    sixth = Visitor(browser, hub.url)
    response = sixth.page.goto(hub.url)
    assert response.status == 429, f"{response.status} at {response.url}"
    page_text = sixth.page.inner_text("body")
    assert "Der Workshop ist gerade voll" in page_text and "The workshop is full right now" in page_text
    assert "Internal Server Error" not in page_text
    sixth.context.close()

    # each reloads the page and finds only their own answers; Aylin comes back by her bookmark in a new tab
    for visitor, other_code, other_text in (
        (participants["Aylin"][0], *participants["Bernd"][1:]),
        (participants["Bernd"][0], *participants["Aylin"][1:]),
    ):
        visitor.reload()
        page_html = visitor.page.content()
        assert other_code not in page_html and other_text not in page_html
    aylin, aylin_code, aylin_text = participants["Aylin"]
    bernd = participants["Bernd"][0]
    bookmark = aylin.page.url
    assert urlsplit(bookmark).path == "/hub/user-redirect/" and f"code={aylin_code}" in bookmark
    returned = aylin.context.new_page()
    returned.goto(bookmark)
    returned.wait_for_selector(".cc-code", timeout=SPAWN_SECONDS * 1000)
    assert returned.inner_text(".cc-code").strip() == aylin_code
    # a request that fails at the participant's server, with the code in its address: logged without it
    failed = aylin.page.request.get(f"{hub.url}user/{accounts['Aylin']}/voila/files/nothing?code={aylin_code}")
    assert failed.status in (403, 404), f"{failed.status} at {failed.url}"

    # Bernd tries Aylin's server address: the hub's login does not let him in
    response = bernd.page.goto(f"{hub.url}user/{accounts['Aylin']}/")
    assert response.status == 403
    assert aylin_code not in bernd.page.content() and aylin_text not in bernd.page.content()

    # behind the workshop link there is the app and nothing else: no JupyterLab, no files, no terminals
    own = f"{hub.url}user/{accounts['Aylin']}/"
    for path in ("lab", "tree", "api/contents", "api/sessions", "api/terminals", "files/workshop.ipynb"):
        response = aylin.page.request.get(own + path)  # Voila sends unknown paths to /voila/files/, which refuses
        assert response.status in (403, 404, 405), f"{path}: {response.status} at {response.url}"
        assert "JupyterLab" not in response.text()

    for visitor, _, _ in participants.values():
        assert visitor.foreign_hosts == set(), visitor.foreign_hosts
        visitor.context.close()
    assert_no_code_in_the_log(hub, [code for _, code, _ in participants.values()])


@pytest.mark.browser
def test_a_server_whose_page_closed_is_culled_and_the_bookmark_brings_the_answers_back(browser, hub):
    visitor = Visitor(browser, hub.url)
    visitor.page.goto(hub.url)
    visitor.page.wait_for_selector(".cc-start-new", timeout=SPAWN_SECONDS * 1000)
    code = start_here(visitor)
    account = hub_user_of_server(visitor)
    key = text_prompt("not-ready")
    visitor.person.click(".cc-step-not-ready")
    visitor.page.wait_for_selector(".cc-fear-not-ready")
    visitor.person.type(f"{css(key)} textarea", "Das darf nicht verloren gehen.")
    wait_in_journal(hub.database_url, code, key, "Das darf nicht verloren gehen.")
    bookmark = visitor.page.url
    assert urlsplit(bookmark).path == "/hub/user-redirect/", "the address to keep outlives this server"
    assert hub.processes_of(account), "the account's server runs"

    visitor.page.close()  # the tab is closed (the browser keeps the code, as on the participant's laptop)
    # culled after CULL_SECONDS without traffic, at the culler's next round (generous: a loaded machine)
    until(lambda: hub.user(account) is None, 180, "the idle server and its temporary account were not culled")
    _gone, alive = psutil.wait_procs(hub.processes_of(account), timeout=30)
    assert not alive, "a culled server left processes behind"

    # the bookmark: the hub logs the visitor in as a new account (the code travels in its redirects) and starts
    # a server of their own
    visitor.page = visitor.context.new_page()
    visitor.person = Person(visitor.page, by="wheel")
    visitor.page.goto(bookmark)
    visitor.page.wait_for_selector(".cc-code", timeout=SPAWN_SECONDS * 1000)
    assert visitor.page.inner_text(".cc-code").strip() == code
    assert hub_user_of_server(visitor) != account, "a new temporary account and server"
    visitor.person.click(".cc-step-not-ready")
    visitor.page.wait_for_selector(".cc-fear-not-ready")
    assert visitor.page.input_value(f"{css(key)} textarea") == "Das darf nicht verloren gehen."
    assert visitor.foreign_hosts == set()
    visitor.context.close()
    assert_no_code_in_the_log(hub, [code])
