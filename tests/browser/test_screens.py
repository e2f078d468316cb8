"""Does every screen still look as it did? Each module's first screen, the builder's steps, the console and the
projector, in German and English, at 1280x800 and 390x844, against a stored baseline (screens.py).

A screen is reached as a person reaches it (person.py) and taken as the window shows it: the participant's
screens on the one walk per window and language that test_scrolling.py and test_accessibility.py share
(walks.py). What differs from
run to run by design is masked: the resume code, the save status with its time, today's date, and the join
address and QR code (the machine's own address). Renew the baselines on purpose with ``make baselines``.
"""

from __future__ import annotations

import pytest

from .roomserver import RoomServer, coach_pages, open_the_room
from .walks import (
    LANGUAGES,
    WALKS,
    WINDOWS,
    WORKSHOP,
    say,
    varying,
    walked_fixture,  # noqa: F401 (the fixture ``walked``)
)


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_every_module_and_the_builders_steps_look_as_they_did(walked, language, window):
    """The start page, the top of every module and the builder's steps 2-4, as the one walk per window and
    language (walks.py) saw them; every screen is compared before the test fails."""
    walk = walked(language, window)
    assert walk.looked() == {}, say(walk.looked(), f"the window differs from its baseline ({language}, {window})")
    assert set(walk.screens) >= {"the start page", *WORKSHOP.module_ids}, f"the walk saw only {walk.screens}"


def expect(person, name: str, mask: list) -> list[str]:
    """One screen against its baseline; every screen of a walk is compared before the test fails."""
    try:
        person.expect_screen(name, mask)
    except AssertionError as error:
        return [str(error)]
    return []


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    server = RoomServer(tmp_path_factory.mktemp("screens-room"))
    yield server
    server.stop()


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("window", WINDOWS)
def test_the_console_and_the_projector_look_as_they_did(browser, room, language, window):
    console, projector = coach_pages(browser, room, WINDOWS[window], language)
    try:
        open_the_room(console)
        console.person.scroll_to_top()
        addresses = [console.page.locator(".cc-room-title")]  # the room is named with the date of today
        failures = expect(console.person, f"console-{language}-{window}", varying(console.page) + addresses)
        projector.page.goto(projector.server)
        projector.page.wait_for_selector(".cc-projector .cc-qr svg", timeout=120_000)
        join = [projector.page.locator(".cc-qr"), projector.page.locator(".cc-projector-address strong")]
        failures += expect(projector.person, f"projector-{language}-{window}", varying(projector.page) + join)
        assert not failures, "\n".join(failures)
    finally:
        console.context.close()
        projector.context.close()
