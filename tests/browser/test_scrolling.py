"""Can a person scroll every page: with the mouse wheel, a touch swipe on a phone, and the keys?

Once, no page of the kit moved for a person (the app's container stopped being the scrolling element, and
Lumino's ``overflow: hidden`` won) while every other test passed: Playwright scrolls by script. These tests
scroll only as a person does (person.py) and fail when the page does not move.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coffeechat.storage.journal import Journal

from .conftest import DESKTOP, LAPTOP, PHONE, Served, Visitor, wait_saved
from .journey import go_to, start, to_ratings, to_step
from .person import Person
from .roomserver import coach_pages, open_the_room
from .test_hostile_input import RECORD_SAVE_STATES
from .walks import (
    WALKS,
    WORKSHOP,
    assert_a_person_sees_all_of_it,
    coach_room_fixture,  # noqa: F401 (the fixture ``coach_room``)
    coached_fixture,  # noqa: F401 (the fixture ``coached``)
    page_size,
    say,
    screens_of,
    walked_fixture,  # noqa: F401 (the fixture ``walked``)
)

WINDOWS = {"1280x800": LAPTOP, "1100x900": DESKTOP, "390x844": PHONE}


def visitor_at(browser, url: str, window: dict, language: str) -> Visitor:
    locale = "de-DE" if language == "de" else "en-GB"
    return Visitor(browser, url, phone=window is PHONE, viewport=window, locale=locale)


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_every_screen_of_the_workshop_scrolls_with_the_wheel_or_a_swipe(walked, language, window):
    """Read each module (and each step of a fear module) to its end, press Next there, and land at the top of the
    next one: the one walk per window and language (walks.py), by wheel on the laptop and by swipe on the phone."""
    walk = walked(language, window)
    assert walk.scrolled() == {}, say(walk.scrolled(), f"a person cannot read it all ({language}, {window})")
    expected = ["the start page", *(screen for module_id in WORKSHOP.module_ids for screen in screens_of(module_id))]
    assert walk.screens[: len(expected)] == expected, walk.screens
    assert walk.foreign_hosts == [], f"the page asked third-party hosts: {walk.foreign_hosts}"


@pytest.mark.browser
def test_the_start_page_and_a_module_scroll_in_a_window_of_1100x900(visitor):
    participant = visitor(viewport=DESKTOP)
    start(participant)
    go_to(participant, "not-connected")
    assert_a_person_sees_all_of_it(participant.person, "not-connected at 1100x900")


@pytest.mark.browser
def test_on_a_phone_a_thumb_moves_a_slider_sideways_and_the_page_up_and_down(visitor, data_dir):
    """Up and down over a rating slider scroll the page and leave its rating alone; sideways on its handle
    set the rating. (Once a swipe that began on a slider's track set that slider to where the thumb landed.)"""
    participant = visitor(phone=True)
    code = start(participant)
    to_ratings(participant)
    person, page = participant.person, participant.page
    readout = ".cc-rating-{}-value"
    for fear_id in ("not-ready", "not-connected"):  # on the handle, and on the track far from the handle
        track = person.box(person.reach(f".cc-rating-{fear_id} .noUi-base"))
        handle = person.box(f".cc-rating-{fear_id} .noUi-handle")
        before = page.inner_text(readout.format(fear_id))
        x = handle.middle[0] if fear_id == "not-ready" else track.x + track.width * 0.8
        at = person.scroll_position()[1]
        person._swipe(x, track.middle[1], -200)
        assert person._settled_scroll() > at, "a swipe up that starts on a slider scrolls the page"
        assert page.inner_text(readout.format(fear_id)) == before, f"{fear_id}: the swipe left the rating alone"
    person.drag_sideways(".cc-rating-regret .noUi-handle", 120)
    page.wait_for_function("() => Number(document.querySelector('.cc-rating-regret-value').textContent) > 0")
    rating = int(page.inner_text(readout.format("regret")))
    wait_saved(data_dir, code, "welcome.rating.regret", rating)  # the kernel has had every swipe before it
    with Journal(data_dir / "journal.sqlite3") as journal:
        saved = journal.load(code)
    assert "welcome.rating.not-ready" not in saved and "welcome.rating.not-connected" not in saved


@pytest.mark.browser
def test_on_a_phone_a_thumb_a_little_off_a_sliders_handle_still_takes_hold_of_it(visitor, data_dir):
    """A walk measured a slider's handle below 44 px on a phone: round, it took only a disc of 44 px, and a thumb
    that landed 17 px up and to the side of its middle (inside a 44 px square) missed it. The target is a square."""
    participant = visitor(phone=True)
    code = start(participant)
    to_ratings(participant)
    person, page = participant.person, participant.page
    handle = person.box(person.reach(".cc-rating-regret .noUi-handle"))
    assert handle.width >= 44 and handle.height >= 44
    x, y = handle.middle
    person._swipe(x + 17, y - 17, 120, sideways=True)
    expect(page.locator(".cc-rating-regret-value")).not_to_have_text("–")
    rating = int(page.inner_text(".cc-rating-regret-value"))
    assert rating > 0
    wait_saved(data_dir, code, "welcome.rating.regret", rating)


@pytest.mark.browser
@pytest.mark.parametrize("window", ["1280x800", "1100x900"])
def test_the_keys_scroll_the_page_when_no_field_has_the_focus(visitor, window):
    participant = visitor(viewport=WINDOWS[window])
    start(participant)
    # a long page now that every module comes in steps: the wrap-up's commitment (about two windows)
    go_to(participant, "wrap-up")
    page = participant.page
    page.wait_for_selector(".cc-wrapup")
    to_step(participant, "wrap-up", 2)
    page.mouse.click(4, WINDOWS[window]["height"] // 2)  # a click on the empty margin: no field has the focus
    assert page.evaluate("() => document.activeElement === document.body")
    keys = Person(page, by="keys")
    for key in ("ArrowDown", "PageDown", "Space"):  # each from the top: a page of two windows has room for each
        keys.press("Home")
        before = keys._settled_scroll()
        keys.press(key)
        assert keys._settled_scroll() > before, f"{key} does not move the page"
    keys.press("End")
    keys._settled_scroll()
    total, height, at = page_size(keys)
    assert at >= total - height - 2, "End goes to the end of the page"
    keys.press("PageUp")
    assert keys._settled_scroll() < at, "PageUp moves the page up"
    keys.press("Home")
    assert keys._settled_scroll() == 0, "Home goes back to the top"


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_the_console_and_the_projector_scroll_for_the_coach(coached, language, window):
    """At 1280x800 and 390x844 the coach's walk that test_screens.py takes (walks.py) reads both to their end."""
    walk = coached(language, window)
    assert walk.scrolled() == {}, say(walk.scrolled(), f"the coach cannot read it all ({language}, {window})")
    assert walk.screens == ["the console", "the projector"], walk.screens


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_console_and_the_projector_scroll_for_the_coach_at_1100x900(browser, coach_room, language):
    """In the room server of the coach's walks (walks.py): the room is open once, under its first name."""
    window = "1100x900"
    console, projector = coach_pages(browser, coach_room, WINDOWS[window], language)
    try:
        open_the_room(console)
        assert_a_person_sees_all_of_it(console.person, f"the console at {window}")
        projector.page.goto(projector.server)
        projector.page.wait_for_selector(".cc-projector", timeout=120_000)
        assert_a_person_sees_all_of_it(projector.person, f"the projector at {window}")
    finally:
        console.context.close()
        projector.context.close()


@pytest.fixture(scope="module")
def full_room(browser, tmp_path_factory):
    """A server that runs one kernel at most, and the visitor who has it."""
    folder = tmp_path_factory.mktemp("full-room")
    full = Served(folder / "data", 0, folder / "serve.log", "--max-kernels", "1")
    first = visitor_at(browser, full.url, LAPTOP, "de")
    try:
        first.open()
        yield full
    finally:
        first.context.close()
        full.stop()


@pytest.mark.browser
@pytest.mark.parametrize("window", ["1280x800", "390x844"])
def test_the_room_is_full_page_can_be_read_to_its_end(browser, full_room, window):
    """Both windows meet the same full server (its one kernel taken by one visitor): one server start, not two."""
    second = visitor_at(browser, full_room.url, WINDOWS[window], "de")
    try:
        second.page.goto(full_room.url)
        second.page.wait_for_selector("text=The room is full right now")
        assert_a_person_sees_all_of_it(second.person, "the room-is-full page")
    finally:
        second.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_on_a_phone_a_tap_on_a_sliders_track_sets_the_rating_there_and_it_is_saved(visitor, data_dir, language):
    """A tap (a touch that ends as a click, not a swipe) on a rating slider's track sets it to where the finger
    was, as a mouse click on the track does, and the rating is saved. (Once only the small handle answered a
    thumb: the track let touches through, so that a swipe starting there scrolls the page; see the test above.
    Then, in English, the browser moved a tap on the track onto the "This value is right" button just below.)"""
    participant = visitor(phone=True, locale="de-DE" if language == "de" else "en-GB")
    code = start(participant)
    to_ratings(participant)
    person, page = participant.person, participant.page
    track = person.box(person.reach(".cc-rating-not-ready .noUi-base"))
    page.evaluate(RECORD_SAVE_STATES)
    page.touchscreen.tap(track.x + track.width * 0.7, track.middle[1])
    expect(page.locator(".cc-rating-not-ready-value")).to_have_text("7")
    wait_saved(data_dir, code, "welcome.rating.not-ready", 7)
    expect(page.locator("html")).to_have_attribute("data-cc-save", "saved")
    assert "saving" in page.evaluate("() => window.ccSaveStates"), "the tap counts as a change on its way"
    title = person.box(".cc-rating-not-ready label")  # just above the line: a tap on the words is not a rating
    page.touchscreen.tap(track.x + track.width * 0.3, title.y + title.height - 2)
    # a thumb is wider than the 4 px line: a tap a little below it is on it too (and, in English, just above
    # the "This value is right" button)
    track = person.box(person.reach(".cc-rating-not-connected .noUi-base"))
    page.touchscreen.tap(track.x + track.width * 0.6, track.middle[1] + 4)
    expect(page.locator(".cc-rating-not-connected-value")).to_have_text("6")
    wait_saved(data_dir, code, "welcome.rating.not-connected", 6)
    expect(page.locator(".cc-rating-not-ready-value")).to_have_text("7")
    participant.reload()
    expect(participant.page.locator(".cc-rating-not-ready-value")).to_have_text("7")
    expect(participant.page.locator(".cc-rating-not-connected-value")).to_have_text("6")


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_a_tap_where_an_unrated_sliders_hidden_handle_sits_takes_its_starting_value(visitor, data_dir, device):
    """An unrated slider draws no thumb (its starting value looked like an answer given), but its handle is still
    there: a tap or a click on it, at the starting value, moved nothing and rated nothing. It rates that value, as
    the button beside it does; a drag from there still rates where it ends."""
    participant = visitor(phone=True) if device == "phone" else visitor(viewport=LAPTOP)
    code = start(participant)
    to_ratings(participant)
    person, page = participant.person, participant.page
    handle = person.box(person.reach(".cc-rating-not-ready .noUi-handle"))
    if device == "phone":
        page.touchscreen.tap(*handle.middle)
    else:
        page.mouse.click(*handle.middle)
    expect(page.locator(".cc-rating-not-ready-value")).to_have_text("0")
    wait_saved(data_dir, code, "welcome.rating.not-ready", 0)
    expect(page.locator(".cc-rating-not-ready.cc-slider-unrated")).to_have_count(0)
    if device == "laptop":  # a click on the handle, then the arrows: the keyboard stays on the handle it rated
        person.press("ArrowRight")
        expect(page.locator(".cc-rating-not-ready-value")).to_have_text("1")
        wait_saved(data_dir, code, "welcome.rating.not-ready", 1)
    person.drag_sideways(person.reach(".cc-rating-not-connected .noUi-handle"), 120)
    page.wait_for_function("() => Number(document.querySelector('.cc-rating-not-connected-value').textContent) > 0")
    rating = int(page.inner_text(".cc-rating-not-connected-value"))
    wait_saved(data_dir, code, "welcome.rating.not-connected", rating)  # the drag's value, not the start's


@pytest.mark.browser
def test_a_mouse_click_on_a_sliders_track_sets_the_rating_once(visitor, data_dir):
    """On a laptop a click on the track moves the handle there, once: the press that page.js hands a phone's
    slider after a tap must not come on top of the mouse's own (noUiSlider would take a second one once its tap
    animation is over: a slow click would move the handle twice)."""
    participant = visitor(viewport=LAPTOP)
    code = start(participant)
    to_ratings(participant)
    person, page = participant.person, participant.page
    track = person.box(person.reach(".cc-rating-not-ready .noUi-base"))
    page.evaluate(
        """() => {
          window.ccPresses = 0;
          window.ccSlides = 0;
          window.addEventListener('mousedown', (event) => {  // the capture phase: before noUiSlider stops it
            if (event.target.closest('.cc-rating-not-ready .noUi-base')) window.ccPresses += 1;
          }, true);
          document.querySelector('.cc-rating-not-ready .noUi-target').noUiSlider.on('slide.cc', () => {
            window.ccSlides += 1;
          });
        }"""
    )
    page.mouse.click(track.x + track.width * 0.6, track.middle[1])
    expect(page.locator(".cc-rating-not-ready-value")).to_have_text("6")
    wait_saved(data_dir, code, "welcome.rating.not-ready", 6)
    assert page.evaluate("() => [window.ccPresses, window.ccSlides]") == [1, 1], "one click, one press, one move"


@pytest.mark.browser
def test_on_a_phone_a_message_draft_leaves_room_for_a_thumb_to_scroll_the_page(visitor):
    """A walk on a phone swiped on a message draft and the page stood still: the draft took the swipe (it
    scrolls itself) and filled much of the screen. On a phone a draft takes at most a fifth of the window, so
    the thumb finds the page around it; a swipe that starts beside it moves the page."""
    participant = visitor(phone=True)
    start(participant)
    go_to(participant, "question-builder")
    to_step(participant, "question-builder", 3)
    person, page = participant.person, participant.page
    draft = page.locator(".cc-outreach-text textarea")
    person.bring_to_top(draft, at=200)
    box = person.box(draft)
    assert box is not None
    _, height = person.window
    assert box.height <= height / 5 + 1, f"the draft is {box.height:.0f} px of a {height} px window"
    at = person.scroll_position()[1]
    assert at > 0
    person._swipe(box.middle[0], min(box.y + box.height + 40, height - 220), 200)
    assert person._settled_scroll() < at, "a swipe just below the draft scrolls the page"


@pytest.mark.browser
def test_home_or_an_arrow_towards_the_start_on_an_unrated_handle_rates_its_starting_value(visitor, data_dir):
    """By keyboard, an unrated slider's handle sits at its starting value, 0: Home or ← moved nothing, so nothing
    was rated (a keyboard walk pressed Home to say 0, and nothing happened). A key that leaves the value where it
    is rates it, as „0 wählen“ does, and the keyboard stays on the handle; a key that moves it rates as always."""
    participant = visitor(viewport=LAPTOP)
    code = start(participant)
    to_ratings(participant)
    person, page = participant.person, participant.page
    person.tab_to(".cc-rating-not-ready .noUi-handle")
    person.press("Home")
    expect(page.locator(".cc-rating-not-ready-value")).to_have_text("0")
    wait_saved(data_dir, code, "welcome.rating.not-ready", 0)
    expect(page.locator(".cc-rating-not-ready.cc-slider-unrated")).to_have_count(0)
    assert page.evaluate("() => document.activeElement.closest('.cc-rating-not-ready') !== null"), "still here"
    person.tab_to(".cc-rating-not-connected .noUi-handle")
    person.press("ArrowLeft")
    expect(page.locator(".cc-rating-not-connected-value")).to_have_text("0")
    wait_saved(data_dir, code, "welcome.rating.not-connected", 0)
    person.press("End")
    expect(page.locator(".cc-rating-not-connected-value")).to_have_text("10")
    wait_saved(data_dir, code, "welcome.rating.not-connected", 10)
