"""A coach restarts ``serve`` on the same data folder during a session: does the link of the earlier run stop
opening the console (the "this page is for the facilitator" note), and does the new link show the open room
with everyone who had joined it?

Waits are generous (a shared 2-core machine); what is asserted is what the coach sees, never how fast.
"""

from __future__ import annotations

import os

import pytest

from coffeechat.content import load_workshop

from .conftest import DESKTOP, Visitor
from .roomserver import RoomServer, free_port_in_range, open_the_room

READY_MS = 120_000
#: the port both runs use, as a coach's restart does (COFFEECHAT_ROOM_PORT, else the first free one)
PORT = int(os.environ.get("COFFEECHAT_ROOM_PORT") or 0)


@pytest.mark.browser
def test_does_a_restarted_serve_refuse_the_earlier_console_link_and_show_the_open_room_on_the_new_one(
    browser, tmp_path
):
    workshop = load_workshop()
    port = PORT or free_port_in_range()
    first = RoomServer(tmp_path, port)
    pages = []
    try:
        console = Visitor(browser, f"{first.console}&lang=de", viewport=DESKTOP)
        pages.append(console)
        open_the_room(console, "Netzwerken ohne Angst")
        participant = Visitor(browser, first.join)
        pages.append(participant)
        participant.page.goto(first.join)
        participant.page.wait_for_selector(".cc-start-new", timeout=READY_MS)
        participant.person.click(".cc-start-new")
        participant.page.wait_for_selector(".cc-room-bar", state="visible", timeout=READY_MS)
        console.page.wait_for_selector(
            f".cc-room-count:has-text('{workshop.t('room.joined_one', 'de')}')", timeout=60_000
        )
    finally:
        first.stop()
    earlier_console = first.console

    second = RoomServer(tmp_path, port)  # the same folder and port: the coach started serve again
    try:
        assert second.console != earlier_console, "a new run prints a new link"
        old = Visitor(browser, f"{earlier_console}&lang=de", viewport=DESKTOP)
        pages.append(old)
        old.page.goto(old.server)
        old.page.wait_for_selector(".cc-not-for-you", timeout=READY_MS)
        assert workshop.t("room.not_for_you", "de") in old.page.inner_text(".cc-not-for-you")
        assert old.page.locator(".cc-console").count() == 0, "no console control for the earlier link"

        new = Visitor(browser, f"{second.console}&lang=de", viewport=DESKTOP)
        pages.append(new)
        new.page.goto(new.server)
        new.page.wait_for_selector(".cc-console", timeout=READY_MS)
        new.page.wait_for_selector(f".cc-room-count:has-text('{workshop.t('room.joined_one', 'de')}')", timeout=60_000)
        assert "Netzwerken ohne Angst" in new.page.inner_text(".cc-console")
        assert new.page.locator(".cc-room-start").count() == 0 or not new.page.locator(".cc-room-start").is_visible()
    finally:
        for each in pages:
            each.context.close()
        second.stop()
