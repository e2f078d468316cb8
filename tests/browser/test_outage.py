"""An arrival while the journal's PostgreSQL is down (issue 26): does the participant see the kit's own page,
on a phone and on a laptop, and get into the workshop by themselves once the database is back?

One ``serve`` on a database of the run's PostgreSQL, which the test stops before and starts after the arrival;
the outage page's retries are shortened with ``COFFEECHAT_OUTAGE_RETRY_SECONDS`` (the rule is the same at
the default 2-15 s, only the wait differs). The page's policy is enforced: its own script must run under it.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from tests.harness.serve import LIMITS_OFF, Server, coffeechat_command

from .conftest import LAPTOP, PHONE, Visitor, free_port

#: the outage page's first and longest wait between two checks (coffeechat.environment.OUTAGE_RETRY_SECONDS)
RETRY_VAR = "COFFEECHAT_OUTAGE_RETRY_SECONDS"


@pytest.mark.browser
def test_does_an_arrival_during_an_outage_see_the_kits_page_and_get_in_by_itself_once_the_database_is_back(
    browser, postgres_server, tmp_path
):
    url = postgres_server.create_database()
    postgres_server.halt()
    halted, server, participant = True, None, None
    try:
        command = coffeechat_command(free_port(), tmp_path / "data", "--pool-size", "0", *LIMITS_OFF)
        env = {**os.environ, "COFFEECHAT_DATABASE_URL": url, RETRY_VAR: "0.3,1"}
        server = Server(command, tmp_path / "serve.log", env=env, seconds=60)
        participant = Visitor(browser, server.url, enforce_csp=True, viewport=PHONE)
        page, person = participant.page, participant.person
        page.goto(server.url)
        for size, name in ((PHONE, "phone"), (LAPTOP, "laptop")):
            page.set_viewport_size(size)
            for seen in ("h1", "section[lang=de] [role=status]", "h2", "section[lang=en] [role=status]"):
                assert person.in_view(seen), f"{seen} on a {name}: both languages in view without scrolling"
            person.screenshot(tmp_path / f"outage-{name}.png")
        assert "Ihre gespeicherten Antworten sind sicher" in page.inner_text("section[lang=de]")
        assert "Your saved answers are safe" in page.inner_text("section[lang=en]")
        assert page.locator("html").get_attribute("lang") == "de"
        assert "Traceback" not in page.content() and "postgresql" not in page.content()

        postgres_server.resume()
        halted = False
        participant.wait_ready()  # the page asked healthz again, reloaded by itself and is the workshop now
        assert page.url == server.url
        person.screenshot(tmp_path / "back.png")
        assert participant.foreign_hosts == set()
    finally:
        if participant is not None:
            participant.context.close()
        if halted:
            postgres_server.resume()
        if server is not None:
            server.stop()
        postgres_server.drop_database(urlsplit(url).path.lstrip("/"))
