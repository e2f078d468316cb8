"""The career centre's JupyterHub (deploy/jupyterhub/): five participants, one shared PostgreSQL journal.

A real JupyterHub with its real proxy (configurable-http-proxy from the npm registry, installed beside the
recipe by ``make test``), the recipe's temporary accounts, its spawner starting the standalone Voila app
behind jupyter-server-proxy's hub login, and a live PostgreSQL. Five participants in five browsers: does each
get the app on a server of their own with one kernel (no pool), find their own answers in the shared database
and never another's on their page? Does a sixth visitor beyond the hub's limit get a clear page? Is there
anything but the workshop app behind the link? Is a server whose tab closed culled, leaving nothing behind,
and does its bookmark bring the participant's answers back? When PostgreSQL restarts under them, does each
see "not saved yet" under the field they type into, and is every text saved by itself once it is back, with no
reload? Does someone who arrives during the outage get the kit's own page, which turns into the workshop by
itself? After all of it (arrivals, reloads, returns by bookmark, a new login after culling, a failed request,
the outage): is any resume code in the hub's log, which also holds its proxy's, the culler's and every
participant's server's output? Does the retention command delete a participant inactive for longer than its
period and nobody who came today? And does a coach run a room on the same hub (the recipe's coach service:
console, projector, two participants following, end and erase), while a participant gets no coach's rights?

One walk on one hub: the culled participant comes first and leaves first, and her idle time runs while the
others' servers start, they write, reload and try addresses, so the wait for the culler costs little extra (two
tests, each with its arrivals and its wait, took twice as long). The module's hub (``shared_hub``) serves both
tests (a second hub cost 30-40 s to start and stop); each test starts with every server stopped.
Its idle timeout is 120 s, looked at every 2 s (the production default, 900 s, is untouched: the test sets
``COFFEECHAT_CULL_IDLE_SECONDS`` for its own hub only, and through its own extra config the culler's
``--cull-every`` and the hub's ``last_activity_interval``). What is tested does not depend on these figures: a
server whose page closed gets no traffic at all and is culled after any timeout, and the answers come back
from the journal whenever that happens. The timeout is the shortest the recipe accepts: a new server has no
traffic until Voila has started and sent the first page, which took over 40 s for five arrivals on a busy
machine (a 40 s timeout culled Emma's server before her page showed the app, in CI); and an open page's only
traffic may be Voila's websocket ping, every 30 s: a participant who waits while the others are served must not
be culled.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from coffeechat.content import load_workshop
from coffeechat.storage import retention
from coffeechat.storage.journal import Journal

from ..hub import BIN, HubServer, HubUnavailable
from .conftest import Visitor
from .journey import css, go_to_field, text_prompt
from .person import Person
from .roomserver import until

#: the idle timeout of the module's hub, and how often it looks (see the docstring; the recipe: 900, 225)
CULL_SECONDS = 120
CULL_CHECK_SECONDS = 2
#: a participant's first page: login, spawn, Voila, the app, for five at once on two shared cores. 87 s alone beside
#: a busy core; over 150 s in the full suite, where the other worker's browser file runs alongside (seen twice)
SPAWN_SECONDS = 240
#: Emma comes first and leaves first: her server's idle time runs while the others arrive and work
PARTICIPANTS = ("Emma", "Aylin", "Bernd", "Chiara", "Dmitri")
#: the hub's limit of servers at once (COFFEECHAT_HUB_MAX_SERVERS): the five participants; a sixth is refused
MAX_SERVERS = len(PARTICIPANTS)
#: the coach's hub account (the recipe's COFFEECHAT_HUB_COACHES puts it into the group "coaches")
COACH = "coach-anna"
#: where to keep the coach's screenshots for a person to look at (COFFEECHAT_SCREENSHOTS=folder), else the test's
SCREENSHOTS = Path(os.environ["COFFEECHAT_SCREENSHOTS"]) if os.environ.get("COFFEECHAT_SCREENSHOTS") else None
#: how long a participant's text may wait for its save once PostgreSQL is back: the kernel's retries back off to
#: 30 s (models/retry.py), and the outage lasts about as long as a server's start
SAVED_AGAIN_SECONDS = 90


@pytest.fixture(scope="module")
def shared_hub(postgres_server, tmp_path_factory):
    try:
        hub = HubServer(
            tmp_path_factory.mktemp("hub"),
            postgres_server.create_database(),
            idle_seconds=CULL_SECONDS,
            check_every=CULL_CHECK_SECONDS,
            max_servers=MAX_SERVERS,
            coaches=(COACH,),
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


def wait_for_the_start_page(visitor: Visitor, hub: HubServer) -> None:
    """The app's start page on this participant's page; if it does not come, what the page and the hub show."""
    try:
        visitor.page.wait_for_selector(".cc-start-new", timeout=SPAWN_SECONDS * 1000)
    except PlaywrightTimeoutError:
        shown = visitor.page.evaluate("document.body ? document.body.innerText : document.documentElement.outerHTML")
        log = hub.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        pytest.fail(
            f"no start page within {SPAWN_SECONDS} s at {visitor.page.url}; the page shows:\n{shown[:1500]}\n"
            f"the hub's log ends:\n" + "\n".join(log[-80:]),
            pytrace=False,
        )


def sign_in_token(hub: HubServer, account: str) -> str:
    """What an administrator runs on the hub's machine for a coach: ``jupyterhub token -f CONFIG ACCOUNT``."""
    made = subprocess.run(
        [str(BIN / "jupyterhub"), "token", "-f", str(hub.config_path), account],
        cwd=hub.folder / "state",
        env=hub.environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return made.stdout.strip().splitlines()[-1]


def wait_text(visitor: Visitor, selector: str, expected: str, seconds: float = 30) -> None:
    visitor.page.wait_for_function(
        "([s, t]) => [...document.querySelectorAll(s)].some(e => e.innerText.includes(t))",
        arg=[selector, expected],
        timeout=seconds * 1000,
    )


@pytest.mark.browser
def test_five_participants_get_one_kernel_each_their_own_answers_back_after_culling_and_no_code_in_any_log(
    browser, hub, postgres_server
):
    key = text_prompt("not-ready")
    visitors = {who: Visitor(browser, hub.url) for who in PARTICIPANTS}
    for visitor in visitors.values():
        visitor.page.goto(hub.url)  # the hub's address is all a participant is given; the servers start at once

    def writes_her_reflection(who: str) -> tuple[Visitor, str, str]:
        visitor = visitors[who]
        code = start_here(visitor)
        visitor.person.click(".cc-step-not-ready")
        visitor.page.wait_for_selector(".cc-fear-not-ready")
        go_to_field(visitor, key)  # the reflection is the fear's step 2
        text = f"{who} schreibt: nur für mich 🙂 <b>{who}</b>"
        visitor.person.type(f"{css(key)} textarea", text)
        return visitor, code, text

    # Emma, the first to arrive, writes and closes her tab once her text is saved (the browser keeps her code, as
    # on her laptop): her server's idle time runs while the others' servers start
    wait_for_the_start_page(visitors["Emma"], hub)
    participants = {"Emma": writes_her_reflection("Emma")}
    emma, emma_code, emma_text = participants["Emma"]
    emma_account = hub_user_of_server(emma)
    assert len(kernels(hub.processes_of(emma_account))) == 1, "one kernel, no pool"
    wait_in_journal(hub.database_url, emma_code, key, emma_text)
    emma_bookmark, emma_processes = emma.page.url, hub.processes_of(emma_account)
    emma.page.close()
    for who in PARTICIPANTS[1:]:
        wait_for_the_start_page(visitors[who], hub)

    # five servers run (Emma's too, until it is culled): the sixth visitor finds the hub full, with a clear page in
    # both languages, not a bare error
    sixth = Visitor(browser, hub.url)
    response = sixth.page.goto(hub.url)
    assert response.status == 429, f"{response.status} at {response.url}"
    page_text = sixth.page.inner_text("body")
    assert "Der Workshop ist gerade voll" in page_text and "The workshop is full right now" in page_text
    assert "Internal Server Error" not in page_text
    sixth.context.close()

    for who in PARTICIPANTS[1:]:
        participants[who] = writes_her_reflection(who)

    # each has a server of their own with one kernel (no pool), and only their own answers in the journal
    accounts = {who: hub_user_of_server(visitor) for who, (visitor, _, _) in participants.items() if who != "Emma"}
    accounts["Emma"] = emma_account
    assert len(set(accounts.values())) == len(PARTICIPANTS), "each participant has an account and a server of their own"
    for who, account in accounts.items():
        if who == "Emma":
            continue  # counted before she left
        processes = hub.processes_of(account)
        assert len(kernels(processes)) == 1, (
            f"{who}'s server runs {len(kernels(processes))} kernels: no pool, one kernel"
        )
        assert len(processes) == 3, f"{who}: the proxy, Voila and one kernel, not {[p.name() for p in processes]}"
    for _, code, text in participants.values():
        wait_in_journal(hub.database_url, code, key, text)
    assert urlsplit(emma_bookmark).path == "/hub/user-redirect/", "the address to keep outlives her server"
    with Journal(hub.database_url) as journal:
        for _, code, _ in participants.values():
            exported = journal.export_json(code)
            assert all(text not in exported for _, other, text in participants.values() if other != code)

    # meanwhile: Aylin and Bernd reload and find only their own answers; Aylin comes back by her bookmark in a tab
    aylin, aylin_code, aylin_text = participants["Aylin"]
    bernd, bernd_code, bernd_text = participants["Bernd"]
    for visitor, other_code, other_text in ((aylin, bernd_code, bernd_text), (bernd, aylin_code, aylin_text)):
        visitor.reload()
        page_html = visitor.page.content()
        assert other_code not in page_html and other_text not in page_html
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

    # Emma's idle server is culled after CULL_SECONDS without traffic, with her temporary account; nothing stays
    until(
        lambda: hub.user(accounts["Emma"]) is None,
        CULL_SECONDS + 120,
        "the idle server and its temporary account were not culled",
    )
    _gone, alive = psutil.wait_procs(emma_processes, timeout=30)
    assert not alive, "a culled server left processes behind"
    for who in ("Chiara", "Dmitri"):  # their pages stay open, untouched since they typed: Voila's pings count
        assert hub.user(accounts[who])["servers"], f"{who}'s open page lost its server to the culler"

    # PostgreSQL goes away under them (an administrator restarts it): Chiara and Dmitri go on typing, and each
    # reads "not saved yet" right under the field; Emma comes back by her bookmark meanwhile: the hub logs her in
    # as a new account (the code travels in its redirects) and starts a server of her own, which shows the kit's
    # own page instead of the workshop until the database is back
    field = f"{css(key)} textarea"
    postgres_server.halt()
    try:
        for who in ("Chiara", "Dmitri"):
            visitor, code, _ = participants[who]
            text = f"{who} schreibt weiter, während die Datenbank neu startet ☕"
            visitor.person.type(field, text, clear=True)
            note = visitor.page.locator(".cc-retry-note")
            expect(note).to_be_visible(timeout=60_000)
            assert visitor.person.in_view(note), f"{who} does not see that the text is not saved yet"
            if SCREENSHOTS:
                visitor.page.screenshot(path=str(SCREENSHOTS / f"hub-outage-{who}.png"))  # the viewport
            participants[who] = (visitor, code, text)
        emma.page = emma.context.new_page()
        emma.person = Person(emma.page, by="wheel")
        emma.page.goto(emma_bookmark)
        outage = emma.page.locator("h1", has_text="Gleich geht es weiter")
        expect(outage).to_be_visible(timeout=SPAWN_SECONDS * 1000)
        assert "The workshop will be back shortly" in emma.page.inner_text("body")
        assert "Internal Server Error" not in emma.page.inner_text("body")
        if SCREENSHOTS:
            emma.page.screenshot(path=str(SCREENSHOTS / "hub-outage-arrival.png"))
    finally:
        postgres_server.resume()
    # back: every text typed meanwhile is saved by itself (no reload, no key), and Emma's page turns into the
    # workshop by itself, with her answers from the journal
    for who in ("Chiara", "Dmitri"):
        visitor, code, text = participants[who]
        wait_in_journal(hub.database_url, code, key, text, timeout=SAVED_AGAIN_SECONDS)
        expect(visitor.page.locator(".cc-retry-note")).to_have_count(0, timeout=30_000)
    # and Aylin, who did not type during the outage, saves on the kernel that lived through it, as she did before
    aylin.person.click(".cc-step-not-ready")
    aylin.page.wait_for_selector(".cc-fear-not-ready")
    aylin_text = "Aylin nach dem Neustart: alles gespeichert? 🤞"
    aylin.person.type(field, aylin_text, clear=True)
    wait_in_journal(hub.database_url, aylin_code, key, aylin_text)
    participants["Aylin"] = (aylin, aylin_code, aylin_text)
    emma.page.wait_for_selector(".cc-code", timeout=SPAWN_SECONDS * 1000)
    assert emma.page.inner_text(".cc-code").strip() == emma_code
    assert hub_user_of_server(emma) != accounts["Emma"], "a new temporary account and server"
    emma.person.click(".cc-step-not-ready")
    emma.page.wait_for_selector(".cc-fear-not-ready")
    assert emma.page.input_value(f"{css(key)} textarea") == emma_text

    for visitor, _, _ in participants.values():
        assert visitor.foreign_hosts == set(), visitor.foreign_hosts
        visitor.context.close()
    assert_no_code_in_the_log(hub, [code for _, code, _ in participants.values()])

    # the administrator's daily retention run deletes a participant inactive for longer than the period, and
    # nobody who was here today
    long_ago = retention.stamp(datetime.now(UTC) - timedelta(days=120))
    with pytest.MonkeyPatch.context() as patch, Journal(hub.database_url) as journal:
        patch.setattr("coffeechat.storage.journal.now", lambda: long_ago)
        forgotten = journal.create_participant("de")
        journal.save(forgotten, key, "vor langer Zeit")
    subprocess.run(
        [str(BIN / "coffeechat"), "retention", "--older-than", "90"],
        env={**hub.environment, "COFFEECHAT_DATABASE_URL": hub.database_url},
        check=True,
        capture_output=True,
        timeout=120,
    )
    with Journal(hub.database_url) as journal:
        assert not journal.participant_exists(forgotten), "inactive for 120 days, kept 90: deleted"
        for who, (_, code, text) in participants.items():
            assert journal.get(code, key) == text, f"{who} was here today: kept"


@pytest.mark.browser
def test_a_coach_runs_a_room_on_the_hub_and_participants_follow_it(browser, hub, tmp_path):
    workshop = load_workshop()
    t = lambda key, **values: workshop.t(key, "de", **values)
    shots = SCREENSHOTS or tmp_path
    service = f"{hub.url}services/coach/"
    coach = Visitor(browser, service)
    people = [Visitor(browser, hub.url) for _ in range(2)]
    colleagues: list[Visitor] = []
    try:
        # the coach signs in with the administrator's link, which leads to the console
        token = sign_in_token(hub, COACH)
        sign_in = f"{hub.url}hub/coach-signin?token={token}"
        coach.page.goto(sign_in)
        coach.page.wait_for_selector(".cc-console", timeout=SPAWN_SECONDS * 1000)
        assert urlsplit(coach.page.url).path == "/services/coach/" and "token" not in coach.page.url
        coach.person.type(".cc-room-name input", "Netzwerken ohne Angst")
        coach.person.click(".cc-room-start")
        coach.page.wait_for_selector(".cc-room-count")
        coach.person.screenshot(shots / "hub-console.png")

        # the projector, from the console's own link: the hub's address to join, no token in any address
        link = coach.page.get_attribute(".cc-projector-link", "href")
        assert "token" not in link, link
        projector = coach.context.new_page()
        projector.goto(service + link)
        projector.wait_for_selector(".cc-projector .cc-qr svg", timeout=SPAWN_SECONDS * 1000)
        assert hub.url in projector.inner_text(".cc-projector-join"), "participants join at the hub's address"
        assert "services/coach" not in projector.inner_text(".cc-projector-join")
        projector.screenshot(path=str(shots / "hub-projector.png"))  # the viewport

        # two participants arrive through the hub, each on a server of their own, and join the room
        for person in people:
            person.page.goto(hub.url)  # both servers start at once
        codes = []
        for person in people:
            wait_for_the_start_page(person, hub)
            person.person.click(".cc-start-new")
            person.page.wait_for_selector(".cc-room-bar", state="visible", timeout=60_000)
            codes.append(person.page.inner_text(".cc-code").strip())
        assert hub_user_of_server(people[0]) != hub_user_of_server(people[1])
        wait_text(coach, ".cc-room-count", t("room.joined", count=2))
        projector.wait_for_function(
            "t => document.querySelector('.cc-projector').innerText.includes(t)", arg=t("room.joined", count=2)
        )

        # the coach leads them to a module: both pages follow, and the console counts the pages there
        regret = workshop.module_title("regret", "de")
        coach.person.select(".cc-room-module select", regret)
        coach.person.click(f".cc-room-pacing button:has-text('{t('room.follow_me')}')")
        for person in people:
            wait_text(person, ".cc-position", regret)
        wait_text(coach, ".cc-room-pages", t("room.pages_here", here=2, elsewhere=0))
        coach.person.screenshot(shots / "hub-console-following.png")
        # anonymous: no code on the coach's pages, and the projector's results wait for a third person
        coach.person.click(f".cc-room-projector-mode button:has-text('{t('room.mode.profile')}')")
        projector.wait_for_selector(".cc-projector-too-few", timeout=30_000)
        for page in (coach.page, projector):
            shown = page.inner_text("body")
            assert not any(code in shown or code.replace("-", "") in shown for code in codes)

        # a colleague runs the timer with the co-facilitator link: through the hub, on a server of their own
        coach.person.click(".cc-room-cofac-make")
        link_field = coach.page.locator(".cc-room-cofac-link input")
        expect(link_field).to_be_visible()
        cofac_link = link_field.input_value()
        cofac_token = cofac_link.split("token=")[1].split("&")[0]
        assert cofac_link.startswith(hub.url) and "services/coach" not in cofac_link, cofac_link
        colleague = Visitor(browser, cofac_link, phone=True)
        colleagues.append(colleague)
        colleague.page.goto(cofac_link)
        expect(colleague.page.locator(".cc-room-cofac-role")).to_contain_text(
            t("room.cofac_role"), timeout=SPAWN_SECONDS * 1000
        )
        assert urlsplit(colleague.page.url).path.startswith("/user/"), "a server of the colleague's own"
        colleague.person.screenshot(shots / "hub-cofacilitator.png")
        assert colleague.page.locator(".cc-room-end, .cc-room-erase").count() == 0
        colleague.person.tap(".cc-room-timer-start")
        expect(coach.page.locator(".cc-room-timer-pause")).to_be_visible()
        coach.person.click(".cc-room-cofac-revoke")
        expect(colleague.page.locator(".cc-not-for-you")).to_contain_text(t("room.cofac_revoked"), timeout=30_000)
        assert cofac_token not in hub.log_path.read_text(), "the hub's log holds no co-facilitator token"

        # a participant who tries the coach's console gets no facilitator rights: not the service...
        intruder = people[0].context.new_page()
        response = intruder.goto(service + "?room=console")
        assert response.status == 403, response.status
        assert intruder.goto(sign_in).status == 403, "the coach's sign-in link worked once"
        assert intruder.goto(f"{hub.url}hub/coach-signin?token=guessed").status == 403
        assert intruder.locator(".cc-console, .cc-projector").count() == 0
        # ...and not the console's address on their own server, which holds no token
        intruder.goto(people[0].page.url.split("?")[0] + "?room=console")
        intruder.wait_for_selector(".cc-not-for-you", timeout=SPAWN_SECONDS * 1000)
        assert intruder.locator(".cc-console, .jupyter-widgets button").count() == 0
        intruder.close()

        # the end, then the erasing: every page says so, and the room is gone from the shared journal
        coach.person.click(".cc-room-end")
        coach.person.click(".cc-room-end-yes")
        for person in people:
            wait_text(person, ".cc-room-end-screen", t("room.end_heading"))
        coach.person.click(".cc-room-erase")
        coach.person.click(".cc-room-erase-yes")
        for person in people:
            person.page.wait_for_selector(".cc-erased-note", state="visible", timeout=30_000)
        with Journal(hub.database_url) as journal:
            until(lambda: journal.rooms.current() is None, 30, "the room is still in the shared journal")
            assert not any(journal.participant_exists(code) for code in codes), "the codes open nothing now"
        assert token not in hub.log_path.read_text(), "the hub's log holds no sign-in token, a refused one neither"
        for each in (coach, *people):
            assert each.foreign_hosts == set(), each.foreign_hosts
            assert urlsplit(each.page.url).port == hub.port, "every page came through the hub"
    finally:
        for each in (coach, *people, *colleagues):
            each.context.close()
