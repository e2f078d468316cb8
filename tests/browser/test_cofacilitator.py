"""A co-facilitator, as a coach and a colleague meet one (issue 29): the coach makes the co-facilitator link on
the console and hands it over; the colleague opens it on a phone, sees the console in the co-facilitator role
(no end, no erase, no report, no feedback) and starts the shared timer, which the coach's console shows. The
coach revokes the link: the colleague's page says the facilitator revoked it, and the link opens nothing more
(reloaded, it still says so).

Every click through the people-like harness (person.py: wheel or thumb, no auto-scroll, no force); waits are on
what people see, never fixed sleeps.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from coffeechat.content import load_workshop

from .conftest import Visitor
from .roomserver import RoomServer, open_the_room

WORKSHOP = load_workshop()
COACH_WINDOW = {"width": 1280, "height": 800}


def t(key: str) -> str:
    return WORKSHOP.t(key, "de")


@pytest.mark.browser
def test_a_colleague_runs_the_timer_with_the_cofacilitator_link_until_the_coach_revokes_it(browser, tmp_path):
    room = RoomServer(tmp_path)
    people: list[Visitor] = []
    try:
        coach = Visitor(browser, room.console, viewport=COACH_WINDOW)
        people.append(coach)
        coach.context.set_default_timeout(60_000)
        open_the_room(coach)

        coach.person.click(".cc-room-cofac-make")
        link_field = coach.page.locator(".cc-room-cofac-link input")
        expect(link_field).to_be_visible()
        link = link_field.input_value()
        assert "room=console" in link and "token=" in link
        assert urlsplit(link).hostname == urlsplit(room.join).hostname, "the address the room's devices reach"
        assert coach.page.locator(".cc-room-cofac-copy button").count() == 1, "the link comes with a copy button"
        # the keys go to the copy button, not to "make a new link" (Enter there would replace the link just made)
        expect(coach.page.locator(".cc-room-cofac-copy button")).to_be_focused()

        colleague = Visitor(browser, link, phone=True)
        people.append(colleague)
        colleague.context.set_default_timeout(60_000)
        colleague.page.goto(link)
        expect(colleague.page.locator(".cc-room-cofac-role")).to_contain_text(t("room.cofac_role"), timeout=120_000)
        for only_the_coachs in (".cc-room-erase", ".cc-room-end", ".cc-room-report-make", ".cc-room-feedback"):
            assert colleague.page.locator(only_the_coachs).count() == 0, only_the_coachs
        colleague.person.tap(".cc-room-timer-start")
        expect(coach.page.locator(".cc-room-timer-pause")).to_be_visible()  # Pause only while the timer runs

        coach.person.click(".cc-room-cofac-revoke")
        expect(coach.page.locator(".cc-room-cofac-line")).to_contain_text(t("room.cofac_revoked_note"))
        expect(colleague.page.locator(".cc-not-for-you")).to_contain_text(t("room.cofac_revoked"))
        assert colleague.page.locator(".cc-room-timer-start").count() == 0, "nothing left to press"

        colleague.page.goto(link)
        expect(colleague.page.locator(".cc-not-for-you")).to_contain_text(t("room.cofac_revoked"), timeout=120_000)
    finally:
        for each in people:
            each.context.close()
        room.stop()
    for each in people:
        assert each.foreign_hosts - room.hosts == set(), f"a page asked third-party hosts: {each.foreign_hosts}"
