"""On a phone (390 px wide) every module fits the screen: nothing is cut off or needs sideways scrolling."""

from __future__ import annotations

import pytest

from coffeechat.content import load_workshop

from .journey import go_to, start

WORKSHOP = load_workshop()
PHONE_WIDTH = 390

OVERFLOWING = """(width) => Array.from(document.querySelectorAll('.cc-app *'))
    .filter(el => el.offsetParent !== null && el.getBoundingClientRect().right > width + 1
                  && !el.closest('.cc-question-text, .noUi-target, .widget-readout'))
    .slice(0, 5).map(el => el.className || el.tagName)"""


#: boxes that scroll sideways (a scrollbar under a card or a field)
SCROLLING = """() => Array.from(document.querySelectorAll('.cc-app *'))
    .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1
                  && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.tagName !== 'TEXTAREA')
    .slice(0, 5).map(el => el.className || el.tagName)"""
#: labels and buttons whose text is cut off (an ellipsis, or text hidden past their edge)
CUT = """() => Array.from(document.querySelectorAll(
        '.cc-app .widget-label, .cc-app button, .cc-app .widget-label-basic span, .cc-app .widget-radio-box label'))
    .filter(el => el.offsetParent !== null && el.textContent.trim() && el.scrollWidth > el.clientWidth + 1
                  && !el.closest('.cc-sr-label'))
    .slice(0, 5).map(el => el.textContent.trim().slice(0, 40))"""


def open_module(participant, module_id: str) -> None:
    """Press the module's step as a person does; it is drawn once its heading has the focus (the kernel's focus
    request follows the new screen)."""
    page = participant.page
    go_to(participant, module_id)
    page.wait_for_selector(f".cc-shows-{module_id} h2")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('.cc-module h2')")


def visit_every_screen(participant):
    page, person = participant.page, participant.person
    for module_id in WORKSHOP.module_ids:
        open_module(participant, module_id)
        yield module_id
        if module_id == "role-play":
            person.click(page.locator(".cc-roleplay-mode button").nth(1))
            page.wait_for_selector(".cc-solo-ask")
            yield "role-play/solo"
            person.click(page.locator(".cc-roleplay-mode button").nth(0))
            page.wait_for_selector(".cc-role")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1100, PHONE_WIDTH])
def test_nothing_scrolls_sideways_or_is_cut_off_and_the_steps_stay_on_one_line(visitor, width):
    """At 390 px this is also the walk that asks whether every module fits a phone's width (it used to be a
    walk of its own, test_every_module_fits_a_phone_screen, at 390x800: the height does not change a width)."""
    participant = visitor(viewport={"width": width, "height": 900})
    start(participant, "?lang=de")
    page = participant.page
    for screen in visit_every_screen(participant):
        assert page.evaluate(SCROLLING) == [], f"{screen}: a box scrolls sideways"
        assert page.evaluate(CUT) == [], f"{screen}: text cut off"
        tops = {round(box["y"]) for box in (step.bounding_box() for step in page.locator(".cc-step").all())}
        assert len(tops) == 1, f"{screen}: the steps wrap onto {len(tops)} lines"
        if screen == "role-play/solo":
            ask = page.locator(".cc-solo-ask").bounding_box()
            assert ask["x"] >= 0 and ask["x"] + ask["width"] <= width, "the Ask button is in view"
        if width == PHONE_WIDTH:
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, f"{screen} scrolls sideways"
            assert page.evaluate(OVERFLOWING, PHONE_WIDTH) == [], f"{screen}: cut off at the right edge"
    if width == PHONE_WIDTH:
        language = page.locator(".cc-language").bounding_box()
        assert language["x"] >= 0 and language["x"] + language["width"] <= PHONE_WIDTH, "both languages can be tapped"
        assert page.locator(".cc-forget").bounding_box()["height"] < 60, "the forget button stays a button"


@pytest.mark.browser
@pytest.mark.parametrize(("width", "most"), [(1100, 0.34), (PHONE_WIDTH, 0.5)])
def test_the_header_leaves_the_screen_to_the_workshop(visitor, width, most):
    """Title, code and steps take at most a third of a laptop screen and half a phone's (less once noted)."""
    participant = visitor(viewport={"width": width, "height": 900})
    start(participant)
    page = participant.page
    page.wait_for_selector(".cc-module h2")
    first_heading = lambda: page.locator(".cc-module h2").first.bounding_box()["y"]
    assert first_heading() <= most * 900, f"the module starts at {first_heading():.0f} px"
    participant.person.click(".cc-code-toggle")
    page.wait_for_selector(".cc-code-details", state="hidden")
    assert first_heading() <= (most - 0.08) * 900, "folding the code away makes room"
    assert page.locator(".cc-code").is_visible(), "the code itself stays visible"
