"""The end of a facilitated room, as participants live it: the coach presses End, then erases the room.

Does the end screen put the take-home downloads within reach (in the window, without scrolling), and leave out
the calendar for someone who set no date? After "erase all data of this room", does every open page say so
calmly (no error), keep nothing of what was typed, and offer a fresh start with a new code? Does the server's
log stay free of tracebacks?
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from coffeechat.content import load_workshop

from .conftest import LAPTOP, PHONE, Visitor
from .journey import css, go_to, go_to_field, text_prompt, to_step
from .roomserver import RoomServer, coach_pages, open_the_room

WORKSHOP = load_workshop()
READY_MS = 120_000
#: where to keep screenshots for a person to look at (COFFEECHAT_SCREENSHOTS=folder), else the test's folder
SCREENSHOTS = Path(os.environ["COFFEECHAT_SCREENSHOTS"]) if os.environ.get("COFFEECHAT_SCREENSHOTS") else None

#: the element lies inside the window as it is (the end screen brings itself into view; nobody scrolls)
IN_WINDOW = """(selector) => {
  const box = document.querySelector(selector)?.getBoundingClientRect();
  return Boolean(box && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight);
}"""
#: everything a page shows or holds as text: what is read, and what fields hold
PAGE_TEXT = """() => document.body.innerText + "\\n" +
  [...document.querySelectorAll('input, textarea')].map((field) => field.value).join("\\n")"""


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    server = RoomServer(tmp_path_factory.mktemp("room-end"))
    yield server
    server.stop()


def t(key: str, language: str, **values) -> str:
    return WORKSHOP.t(key, language, **values)


def name(window: dict) -> str:
    return f"{window['width']}x{window['height']}"


def leave_the_field(visitor: Visitor) -> None:
    """Done typing: a click (or tap) on the page's margin, as a person puts the pen down (the end screen does
    not take the keys from someone typing, page.js)."""
    _width, height = visitor.person.window
    if visitor.person.by == "touch":
        visitor.page.touchscreen.tap(3, height / 2)
    else:
        visitor.page.mouse.click(4, height / 2)
    visitor.page.wait_for_function("() => !document.activeElement || document.activeElement === document.body")


def inside_window(visitor: Visitor, selector: str) -> bool:
    """The whole element lies inside the window as it is (nobody scrolled)."""
    found = visitor.page.locator(selector).first.bounding_box()
    width, height = visitor.person.window
    return (
        found is not None
        and found["y"] >= 0
        and found["y"] + found["height"] <= height
        and found["x"] >= 0
        and found["x"] + found["width"] <= width
    )


#: four people in one room, every window with every language; those at even places commit to a day
PEOPLE = ((LAPTOP, "de"), (PHONE, "en"), (PHONE, "de"), (LAPTOP, "en"))


@pytest.mark.browser
def test_does_the_end_put_the_downloads_in_reach_and_does_erasing_leave_a_calm_empty_page(browser, room, tmp_path):
    """One room of four (it was two rooms of two, one per window: the same End and erase, twice over)."""
    people = PEOPLE
    shots = SCREENSHOTS or tmp_path
    console, projector = coach_pages(browser, room, LAPTOP, "de")
    projector.context.close()
    visitors = []
    try:
        open_the_room(console)
        typed = []
        codes = []
        for window, language in people:
            visitor = Visitor(
                browser, f"{room.join}?lang={language}", phone=window is PHONE, viewport=window, locale=language
            )
            visitors.append(visitor)
            visitor.page.goto(visitor.server, timeout=READY_MS)
            visitor.page.wait_for_selector(".cc-start-new", timeout=READY_MS)
            visitor.person.click(".cc-start-new")
            visitor.page.wait_for_selector(".cc-room-bar", state="visible", timeout=60_000)
            codes.append(visitor.page.inner_text(".cc-code").strip())
            # an answer of their own, in a fear module
            go_to_field(visitor, text_prompt("not-ready"))  # the reflection is the fear's step 2
            text = f"Meine geheime Antwort {len(visitors)} 🙂"
            visitor.person.type(f"{css(text_prompt('not-ready'))} textarea", text)
            visitor.page.wait_for_selector(".cc-status .cc-status-ok")
            leave_the_field(visitor)
            typed.append(text)
        # the first and the third commit to a day (a laptop and a phone); the others do not
        dated, undated = visitors[0::2], list(zip(visitors[1::2], people[1::2], strict=True))
        for each in dated:
            go_to(each, "wrap-up")
            to_step(each, "wrap-up", 2)  # the commitment
            due = each.person.reach(".cc-key-wrapup-commit-due input[type=date]")
            due.fill((dt.date.today() + dt.timedelta(days=5)).isoformat())
            each.page.wait_for_selector(".cc-wrapup .cc-commitment li")  # a dated reminder: the calendar comes
            leave_the_field(each)

        # the end: the downloads on the end screen, in the window without scrolling
        console.person.click(".cc-room-end")
        console.person.click(".cc-room-end-yes")
        for visitor, (window, language) in zip(visitors, people, strict=True):
            visitor.page.wait_for_selector(".cc-room-end-screen .cc-end-pdf", state="visible", timeout=30_000)
            visitor.page.wait_for_selector(".cc-wrapup")  # the wrap-up has come in under the end screen
            visitor.page.wait_for_function(IN_WINDOW, arg=".cc-room-end-screen .cc-end-pdf", timeout=30_000)
            visitor.person._settled_scroll()
            visitor.person.screenshot(shots / f"end-{name(window)}-{language}.png")
            assert t("room.end_heading", language) in visitor.page.inner_text(".cc-room-end-screen")
            assert inside_window(visitor, ".cc-room-end-screen .cc-end-pdf"), "the take-home PDF is in reach"
        for each in dated:
            assert inside_window(each, ".cc-room-end-screen .cc-end-ics"), "the calendar, for a day committed to"
        for each, (_window, language) in undated:
            assert each.page.locator(".cc-room-end-screen .cc-end-ics:visible").count() == 0, "no empty calendar"
            assert each.page.locator(".cc-wrapup .cc-take-home-ics:visible").count() == 0
            assert t("end.no_calendar", language) in each.page.inner_text(".cc-room-end-screen")

        # the coach erases the room: every page says so calmly and holds nothing of what was typed
        console.person.click(".cc-room-erase")
        console.person.click(".cc-room-erase-yes")
        for visitor, (window, language), text, code in zip(visitors, people, typed, codes, strict=True):
            visitor.page.wait_for_selector(".cc-erased-note", state="visible", timeout=30_000)
            visitor.person._settled_scroll()
            visitor.person.screenshot(shots / f"erased-{name(window)}-{language}.png")
            assert t("end.erased", language) in visitor.page.inner_text(".cc-erased-note")
            assert visitor.page.locator(".cc-status-error:visible").count() == 0, "no error anywhere"
            shown = visitor.page.evaluate(PAGE_TEXT)
            assert text not in shown and code not in shown, "nothing of theirs is left on the page"
            assert visitor.page.locator(".cc-room-end-screen:visible").count() == 0
        # a fresh start (on a phone and on a laptop): a new code, and nothing of before
        for number in (1, 3):
            again = visitors[number]
            again.person.click(".cc-erased-note .cc-start-new, .cc-start-new")
            again.page.wait_for_selector(".cc-code", state="visible")
            new_code = again.page.inner_text(".cc-code").strip()
            assert new_code and new_code not in codes
            assert typed[number] not in again.page.evaluate(PAGE_TEXT)
        log = room.log.read_text()
        assert "unknown participant" not in log and "Traceback" not in log, log[-3000:]
    finally:
        for visitor in visitors:
            visitor.context.close()
        console.context.close()
