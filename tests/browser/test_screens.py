"""Does every screen still look as it did? Each module's first screen, the builder's steps, the console and the
projector, in German and English, at 1280x800 and 390x844, against a stored baseline (screens.py).

A screen is reached as a person reaches it (person.py) and taken as the window shows it. What differs from
run to run by design is masked: the resume code, the save status with its time, today's date, and the join
address and QR code (the machine's own address). Renew the baselines on purpose with ``make baselines``.
"""

from __future__ import annotations

import pytest

from .conftest import LAPTOP, PHONE
from .journey import WORKSHOP, go_to, start
from .roomserver import RoomServer, coach_pages, open_the_room

WINDOWS = {"1280x800": LAPTOP, "390x844": PHONE}
LANGUAGES = ("de", "en")
#: the builder's four steps are one long page: the window at each step's heading
BUILDER_STEPS = (2, 3, 4)


def varying(page) -> list:
    """What differs from run to run by design: the code, the save status (its time), dates of today."""
    return [
        page.locator(".cc-code"),
        page.locator(".cc-status"),
        page.locator(".widget-datepicker input"),
    ]


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("window", WINDOWS)
def test_every_module_and_the_builders_steps_look_as_they_did(visitor, language, window):
    participant = visitor(
        phone=WINDOWS[window] is PHONE,
        viewport=WINDOWS[window],
        locale="de-DE" if language == "de" else "en-GB",
    )
    participant.open(f"?lang={language}")
    person, page = participant.person, participant.page
    person.expect_screen(f"participant-{language}-{window}-start", varying(page))
    start(participant, f"?lang={language}")
    failures = []
    for number, module_id in enumerate(WORKSHOP.module_ids):
        if number:
            person.scroll_to_top()
            go_to(participant, module_id)
        page.locator(f".cc-shows-{module_id} h2").first.wait_for()
        person.scroll_to_top()
        failures += expect(person, f"participant-{language}-{window}-{number}-{module_id}", varying(page))
        if module_id == "question-builder":
            for step in BUILDER_STEPS:
                person.bring_to_top(page.locator(".cc-module h3", has_text=f"{step} ·").first)
                failures += expect(person, f"participant-{language}-{window}-builder-step-{step}", varying(page))
    assert not failures, "\n".join(failures)


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
