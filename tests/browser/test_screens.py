"""Does every screen still look as it did? Each module's first screen, the builder's steps, the console and the
projector, in German and English, at 1280x800 and 390x844, against a stored baseline (screens.py).

A screen is reached as a person reaches it (person.py) and taken as the window shows it, on the one walk per
window and language that test_scrolling.py (and, for the participant, test_accessibility.py) reads too
(walks.py). What differs from run to run by design is masked: the resume code, the save status with its time,
today's date, and the join address and QR code (the machine's own address).
Renew the baselines on purpose with ``make baselines``.
"""

from __future__ import annotations

import pytest

from .walks import (
    WALKS,
    WORKSHOP,
    coached_fixture,  # noqa: F401 (the fixture ``coached``)
    say,
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


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_the_console_and_the_projector_look_as_they_did(coached, language, window):
    """The console at its top once the room is open, and the projector, as the coach's walk saw them (walks.py;
    test_scrolling.py reads the same walk to its end)."""
    walk = coached(language, window)
    assert walk.looked() == {}, say(walk.looked(), f"the window differs from its baseline ({language}, {window})")
    assert walk.screens == ["the console", "the projector"], walk.screens
