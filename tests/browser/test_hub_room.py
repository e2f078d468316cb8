"""A coach runs a facilitated room on the career centre's hub (deploy/jupyterhub/, its "coach's console" section).

One real hub with its real proxy and a live PostgreSQL journal. The coach's account (named in
``COFFEECHAT_HUB_COACHES``) signs in with the link an administrator makes with ``jupyterhub token``, which opens
the console at /services/coach/: does it open a room, does the projector show the hub's address to join, do two
participants who arrive through the hub count in the console (anonymously: counts only, no result under three),
do their pages follow the coach's module, do they get the end and the erasing, and does a participant who tries
the console (the service, or ``?room=console`` on their own server) get no facilitator rights?

Three browser contexts: the coach's (console and projector) and two participants'. Waits are generous: a
server starts on a shared 2-core machine; what is asserted is what people see.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coffeechat.content import load_workshop
from coffeechat.storage.journal import Journal

from ..hub import BIN, HubServer, HubUnavailable
from .conftest import Visitor
from .roomserver import until
from .test_jupyterhub import SPAWN_SECONDS, hub_user_of_server

COACH = "coach-anna"
#: where to keep the screenshots for a person to look at (COFFEECHAT_SCREENSHOTS=folder), else the test's folder
SCREENSHOTS = Path(os.environ["COFFEECHAT_SCREENSHOTS"]) if os.environ.get("COFFEECHAT_SCREENSHOTS") else None


def sign_in_token(hub: HubServer, account: str) -> str:
    """What an administrator runs on the hub's machine for a coach: ``jupyterhub token -f CONFIG ACCOUNT``."""
    env = dict(
        os.environ,
        COFFEECHAT_DATABASE_URL=hub.database_url,
        COFFEECHAT_HUB_BIND_URL=hub.url.rstrip("/"),
        COFFEECHAT_HUB_STATE_DIR=str(hub.folder / "state"),
    )
    made = subprocess.run(
        [str(BIN / "jupyterhub"), "token", "-f", str(hub.folder / "test_config.py"), account],
        cwd=hub.folder / "state",
        env=env,
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


@pytest.fixture
def hub(postgres_server, tmp_path, monkeypatch):
    monkeypatch.setenv("COFFEECHAT_HUB_COACHES", COACH)  # the recipe puts this account into the group "coaches"
    try:
        server = HubServer(tmp_path / "hub", postgres_server.create_database(), idle_seconds=900)
    except HubUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.mark.browser
def test_a_coach_runs_a_room_on_the_hub_and_participants_follow_it(browser, hub, tmp_path):
    workshop = load_workshop()
    t = lambda key, **values: workshop.t(key, "de", **values)
    shots = SCREENSHOTS or tmp_path
    service = f"{hub.url}services/coach/"
    coach = Visitor(browser, service)
    people = [Visitor(browser, hub.url) for _ in range(2)]
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
            person.page.wait_for_selector(".cc-start-new", timeout=SPAWN_SECONDS * 1000)
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
        for each in (coach, *people):
            each.context.close()
