"""On a phone (390 px wide) every module fits the screen: nothing is cut off or needs sideways scrolling."""

from __future__ import annotations

import pytest

from coffeechat.content import load_workshop

from .test_journey import start

WORKSHOP = load_workshop()
PHONE_WIDTH = 390

OVERFLOWING = """(width) => Array.from(document.querySelectorAll('.cc-app *'))
    .filter(el => el.offsetParent !== null && el.getBoundingClientRect().right > width + 1
                  && !el.closest('.cc-question-text, .noUi-target, .widget-readout'))
    .slice(0, 5).map(el => el.className || el.tagName)"""


@pytest.mark.browser
def test_every_module_fits_a_phone_screen(visitor):
    participant = visitor()
    participant.page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    start(participant)
    page = participant.page
    for module_id in WORKSHOP.module_ids:
        page.click(f".cc-step-{module_id}")
        page.wait_for_selector(f".cc-step-{module_id}.cc-step-current")
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, f"{module_id} scrolls sideways"
        assert page.evaluate(OVERFLOWING, PHONE_WIDTH) == [], f"{module_id}: cut off at the right edge"
    language = page.locator(".cc-language").bounding_box()
    assert language["x"] >= 0 and language["x"] + language["width"] <= PHONE_WIDTH, "both languages can be tapped"
    assert page.locator(".cc-forget").bounding_box()["height"] < 60, "the forget button stays a button"
