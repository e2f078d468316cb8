"""The server killed in the middle of a room's work: is every answer the pages had saved still there?"""

from __future__ import annotations

import sqlite3

import psutil
import pytest

from coffeechat.storage.journal import Journal

from .conftest import Served, Visitor, wait_saved
from .journey import FEAR_IDS, css, go_to_field, start, text_prompt

PARTICIPANTS = 10


@pytest.mark.browser
def test_kill_9_while_ten_participants_type_loses_nothing_that_was_saved(browser, tmp_path):
    room = Served(tmp_path / "data", 2, tmp_path / "serve.log")
    visitors: list[Visitor] = []
    try:
        visitors = [Visitor(browser, room.url) for _ in range(PARTICIPANTS)]
        key = text_prompt(FEAR_IDS[0])
        saved: dict[str, str] = {}
        for number, each in enumerate(visitors):
            code = start(each)
            each.page.click(f".cc-step-{FEAR_IDS[0]}")
            each.page.wait_for_selector(f".cc-fear-{FEAR_IDS[0]}")
            go_to_field(each, key)  # the reflection is the fear's step 2
            text = f"Teilnehmerin {number}: Ich traue mich, zu fragen."
            each.page.fill(f"{css(key)} textarea", text)
            wait_saved(room.data_dir, code, key, text)  # the kernel has written it: the page says "saved"
            saved[code] = text
        for each in visitors:  # everyone goes on typing ...
            each.page.locator(f"{css(key)} textarea").press_sequentially(" Und noch mehr.", delay=5)
        (voila,) = psutil.Process(room.process.pid).children()
        voila.kill()  # ... and the server is killed with kill -9
        voila.wait(timeout=30)
    finally:
        for each in visitors:
            each.context.close()
        room.stop()
    database = room.data_dir / "journal.sqlite3"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    journal = Journal(database)
    try:
        for code, text in saved.items():
            value = journal.get(code, key)
            assert value.startswith(text), f"{code}: {value!r} lost what was saved ({text!r})"
    finally:
        journal.close()
