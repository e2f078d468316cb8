"""Lost clicks and lost values: does what a participant does at machine speed reach the server, in order?"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from coffeechat.content import load_workshop

from .conftest import wait_saved
from .journey import choose_practice, start, to_ratings, to_step

WORKSHOP = load_workshop()
FEAR_IDS = [fear.id for fear in WORKSHOP.fears]


@pytest.mark.browser
@pytest.mark.parametrize("leave_by", ["next", "language"])
def test_sliders_moved_at_machine_speed_are_saved_even_when_the_page_is_left_at_once(visitor, data_dir, leave_by):
    """ipywidgets holds back a slider's later values while the kernel works on its first one; a click on
    another widget overtook them, the module closed, and the values were lost (the page showed 6/2/9/4,
    the journal kept 1/1/1/1)."""
    participant = visitor()
    code = start(participant, "?lang=en")
    to_ratings(participant)
    page = participant.page
    handles = page.locator(".cc-welcome .noUi-handle")
    wanted = dict(zip(FEAR_IDS, [6, 2, 9, 4], strict=True))
    for index, presses in enumerate(wanted.values()):
        handles.nth(index).focus()
        for _ in range(presses):
            page.keyboard.press("ArrowRight", delay=0)
    if leave_by == "next":
        page.click(".cc-next")
        page.wait_for_selector(f".cc-fear-{FEAR_IDS[0]}")
        page.click(".cc-back")
    else:
        page.click(".cc-language button:has-text('Deutsch')")
        page.wait_for_selector(f"text={WORKSHOP.welcome.title['de']}")
    page.wait_for_selector(".cc-welcome .noUi-handle")
    for fear_id, value in wanted.items():
        wait_saved(data_dir, code, f"welcome.rating.{fear_id}", value)
    shown = [page.locator(".cc-welcome .cc-rating-value").nth(i).inner_text() for i in range(len(FEAR_IDS))]
    assert shown == [str(v) for v in wanted.values()], "going back shows what was set"


@pytest.mark.browser
def test_ticking_done_keeps_the_place_the_timer_and_the_next_click(visitor, data_dir):
    participant = visitor()
    participant.page.clock.install()  # runs as usual; the test moves it on where it waited for the timer
    code = start(participant)
    page = participant.page
    page.click(".cc-step-role-play")
    page.wait_for_selector(".cc-roleplay")
    choose_practice(participant, "group")  # alone, the solo practice comes first
    to_step(participant, "role-play", 2)  # the round, with its timer
    page.wait_for_selector(".cc-timer-start")
    page.click(".cc-timer-start")
    page.wait_for_function("document.querySelector('.cc-timer-display').textContent.trim() !== '8:00'")
    to_step(participant, "role-play", 3)  # the debrief, the role-play's last step, with the tick
    page.wait_for_selector(".cc-module-done input:checked")  # its last step: ticked, done once Next is pressed
    page.locator(".cc-module-done input").click()  # undone and done again in a quick double click
    page.locator(".cc-module-done input").click()
    page.click(".cc-next")  # right away, while the ticks are on their way
    page.wait_for_selector(".cc-step-role-play.cc-step-done")
    page.wait_for_selector(".cc-wrapup")
    wait_saved(data_dir, code, "progress.role-play", True)
    page.click(".cc-back")
    page.wait_for_selector(".cc-roleplay")
    page.wait_for_function("document.querySelector('.cc-module-done input').checked")  # the tick is back

    to_step(participant, "role-play", 2)
    page.wait_for_selector(".cc-timer-start")
    page.click(".cc-timer-start")
    page.clock.run_for(1500)  # the timer counts by the page's clock (timer.js)
    before = page.inner_text(".cc-timer-display")
    to_step(participant, "role-play", 3)  # the timer runs on while its step is out of sight
    page.locator(".cc-module-done input").scroll_into_view_if_needed()
    top = page.evaluate("document.querySelector('.cc-module-done').getBoundingClientRect().top")
    page.locator(".cc-module-done input").click()
    wait_saved(data_dir, code, "progress.role-play", False)  # the kernel has handled the click: any redraw is sent
    page.wait_for_selector(".cc-module-done input:not(:checked)")
    page.clock.run_for(1500)
    assert page.evaluate("document.querySelector('.cc-module-done').getBoundingClientRect().top") == pytest.approx(
        top, abs=2
    ), "the page did not jump"
    to_step(participant, "role-play", 2)
    after = page.inner_text(".cc-timer-display")
    assert after != "8:00" and after < before, f"the timer kept running ({before} → {after})"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_stepper_names_each_part_on_a_laptop_and_a_click_on_a_name_opens_it(visitor, language):
    """Numbers alone said nothing until hovered: on a laptop each step's short name stands under it (a phone keeps
    the line „Teil 1 von 9: …“), and the name is clicked like the step it names."""
    participant = visitor(viewport={"width": 1280, "height": 800})
    start(participant, f"?lang={language}")
    page = participant.page
    names = page.locator(".cc-step-names li")
    expect(names).to_have_text([WORKSHOP.module_short(module_id, language) for module_id in WORKSHOP.module_ids])
    for module_id in WORKSHOP.module_ids:  # each name under its own step, within the window
        step = page.locator(f".cc-step-{module_id}").bounding_box()
        name = page.locator(f".cc-step-names li[data-step='{module_id}']").bounding_box()
        assert step and name and abs((step["x"] + step["width"] / 2) - (name["x"] + name["width"] / 2)) < 2
        assert name["y"] >= step["y"] + step["height"] and name["x"] + name["width"] <= 1280
    participant.person.click(".cc-step-names li[data-step='question-builder']")
    expect(page.locator(".cc-step-question-builder")).to_have_class(re.compile(r"\bcc-step-current\b"))
    expect(page.locator(".cc-step-names li[data-step='question-builder']")).to_have_class("cc-step-name-current")
    phone = visitor(phone=True)
    start(phone, f"?lang={language}")
    expect(phone.page.locator(".cc-step-names")).to_be_hidden()


@pytest.mark.browser
def test_on_a_phone_rating_a_fear_moves_nothing_below_it_and_its_place_says_it_is_rated(visitor):
    """Two walks: once a slider moved, its "not rated yet / this value is right" row went and everything below
    moved up; the next tap landed on the next fear's "this value is right" and rated it 0 unasked."""
    participant = visitor(phone=True)
    start(participant, "?lang=de")
    to_ratings(participant)
    page, person = participant.page, participant.person
    kept = page.locator(".cc-welcome .cc-unrated", has_text=WORKSHOP.t("field.kept", "de"))

    def top_on_page(fear_id: str) -> float:
        handle = page.locator(f".cc-welcome .cc-rating-{fear_id} .noUi-handle")
        return handle.evaluate("h => h.getBoundingClientRect().top + window.scrollY")

    where = top_on_page(FEAR_IDS[1])
    person.tap(page.locator(".cc-welcome .cc-keep-value").first)  # the first fear at 0, as it stands
    expect(kept).to_have_count(1)
    assert top_on_page(FEAR_IDS[1]) == where, "the next fear's slider stays under the finger"
    where = top_on_page(FEAR_IDS[2])
    person.drag_sideways(f".cc-welcome .cc-rating-{FEAR_IDS[1]} .noUi-handle", 80)
    expect(kept).to_have_count(2)
    assert top_on_page(FEAR_IDS[2]) == where, "and after a rating by the slider (the page may scroll: the focus)"
