"""Can everyone use it? axe-core (WCAG 2.2 A/AA) on every module, in both languages, on a laptop and a phone,
and what axe does not check, measured in the page:

- every control named in Chromium's own accessibility tree, every editable box a named textbox, every group of
  radio buttons a named radiogroup, and no two buttons on a screen that a screen reader cannot tell apart;
- what shows a control's boundary (a field's border, a slider's track, an unpressed toggle) at 3:1 or more
  against what is around it (WCAG 1.4.11), and a keyboard focus that changes pixels at 3:1 or more around
  each kind of control (2.4.7, 1.4.11; measured as WCAG 2.4.13 defines it: focused against unfocused pixels);
- nothing cut off: no widget clipped or scrolled sideways by a box around it, no dropdown whose chosen text is
  cut, every step and both language buttons on a 320 px phone;
- what changes without moving the focus is announced (the progress, the "downloaded" note, a message's length),
  the chart's text alternative says what the slider says, and the "saved" note gets out of the way.

The walk through every screen is the one per language and window (1280x800 by wheel, 390x844 by swipe) that
test_scrolling.py and test_screens.py share (walks.py, where the in-page measures live); its findings serve
several tests. (It used to run at 1280 and 375 px wide, 900 high: the phone's 390 is the phone of the rest of
the suite, and the narrowest screen, 320 px, has its own test below.)
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from coffeechat.models import keys

from .conftest import wait_saved
from .journey import css, go_to, go_to_field, start, text_prompt, to_ratings, to_step
from .person import TWO_FRAMES
from .walks import (
    WALKS,
    WORKSHOP,
    say,
    walked_fixture,  # noqa: F401 (the fixture ``walked``)
)

#: the least contrast of what identifies a control, and of a focus indicator (WCAG 1.4.11)
LEAST = 3.0


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_every_screen_passes_axe_and_names_every_control(walked, language, window):
    walk = walked(language, window)
    assert walk.of("axe") == {}, say(walk.of("axe"), f"axe, or a control without a name ({language}, {window})")
    assert walk.foreign_hosts == [], f"the page asked third-party hosts: {walk.foreign_hosts}"


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_is_every_box_one_can_type_into_a_named_textbox(walked, language, window):
    """The slider's value box can be typed into: a screen reader must say what it is and what it is for."""
    found = walked(language, window).of("editable")
    assert found == {}, say(found, f"an editable box that is no named textbox ({language}, {window})")


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_does_every_group_of_radio_buttons_say_what_it_asks(walked, language, window):
    found = walked(language, window).of("radiogroup")
    assert found == {}, say(found, f"radio buttons without a named group ({language}, {window})")


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_can_a_screen_reader_tell_every_button_on_a_screen_from_the_others(walked, language, window):
    """Six "Redo the draft" buttons on one page must each say which draft they redo."""
    found = walked(language, window).of("alike")
    assert found == {}, say(found, f"buttons a screen reader cannot tell apart ({language}, {window})")


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_are_fields_slider_tracks_and_toggles_outlined_at_3_to_1(walked, language, window):
    found = walked(language, window).of("borders")
    assert found == {}, say(found, f"an outline under 3:1 ({language}, {window})")


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_is_no_widget_cut_off_or_shifted_sideways_by_a_box_around_it(walked, language, window):
    """Once, the app's own box scrolled 2 px sideways when a module opened: the first letter of every label
    and the left border of every field were cut off."""
    found = walked(language, window).of("clipped")
    assert found == {}, say(found, f"a widget cut off or shifted sideways ({language}, {window})")


@pytest.mark.browser
@pytest.mark.parametrize(("language", "window"), WALKS)
def test_does_every_dropdown_show_its_whole_choice(walked, language, window):
    found = walked(language, window).of("dropdowns")
    assert found == {}, say(found, f"a dropdown that cuts its choice ({language}, {window})")


# --- the keyboard focus ---------------------------------------------------------------------------------

#: one control of each kind, by screen: what a keyboard user lands on
FOCUSED = {
    "welcome": [
        ".cc-language button",
        ".cc-code-toggle",
        ".cc-step-not-ready",
        ".cc-rating-regret .noUi-handle",
        ".cc-keep-value",
        ".cc-module-done input",
        ".cc-next",
    ],
    "not-ready": [
        f"{css(text_prompt('not-ready'))} textarea",
        ".cc-field-choice input[type=radio]",
        ".cc-field-list textarea",
        ".cc-field-date input",
    ],
    "question-builder": [".cc-builder-relationship select", ".cc-builder-minutes button", ".cc-question .cc-swap"],
}
#: the step of the module each of its controls above is on (views/fear.py; views/builder.py: its plan is step 2;
#: views/welcome.py: its ratings and its end are step 2)
FOCUSED_STEP = {
    ".cc-rating-regret .noUi-handle": 2,
    ".cc-keep-value": 2,
    ".cc-module-done input": 2,
    f"{css(text_prompt('not-ready'))} textarea": 2,
    ".cc-field-choice input[type=radio]": 2,
    ".cc-field-list textarea": 3,
    ".cc-field-date input": 4,
    ".cc-question .cc-swap": 2,
}


def pixels(page, box: dict, margin: int = 8) -> tuple[Image.Image, dict]:
    """The window's pixels around ``box``."""
    clip = {
        "x": max(0, box["x"] - margin),
        "y": max(0, box["y"] - margin),
        "width": box["width"] + 2 * margin,
        "height": box["height"] + 2 * margin,
    }
    shot = page.screenshot(clip=clip, animations="disabled", caret="hide", scale="css")
    return Image.open(io.BytesIO(shot)).convert("RGB"), clip


def _luminance(pixel) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = pixel
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def changed_at_contrast(before: Image.Image, after: Image.Image) -> int:
    """How many pixels changed between the two pictures with a contrast of at least 3:1."""
    count = 0
    width = before.width
    pixels_before, pixels_after = before.load(), after.load()
    pairs = (
        (pixels_before[i % width, i // width], pixels_after[i % width, i // width])
        for i in range(width * before.height)
    )
    for a, b in pairs:
        if a != b:
            x, y = _luminance(a), _luminance(b)
            if (max(x, y) + 0.05) / (min(x, y) + 0.05) >= LEAST:
                count += 1
    return count


def focus_by_keyboard(page, element) -> None:
    """The focus arrives by the keys, as a keyboard user brings it: on to the next control and back (or back to
    the one before and on again, where back does not return, as into a group of radio buttons)."""
    for away, back in (("Tab", "Shift+Tab"), ("Shift+Tab", "Tab")):
        element.evaluate("(el) => el.focus({ preventScroll: true })")
        page.keyboard.press(away)
        page.keyboard.press(back)
        if element.evaluate("(el) => el === document.activeElement"):
            return


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_keyboard_focus_show_at_3_to_1_around_every_kind_of_control(visitor, language):
    """Focused against unfocused, the pixels around a control change at 3:1 or more, over at least the area of a
    2 px line around it (the measure of WCAG 2.4.13); once, a slider's handle did not change at all, and
    buttons and fields got a 1 px line at about 2:1."""
    participant = visitor(viewport={"width": 1280, "height": 800}, locale="de-DE" if language == "de" else "en-GB")
    start(participant, "" if language == "de" else "?lang=en")
    page, person = participant.page, participant.person
    weak = []
    for screen, selectors in FOCUSED.items():
        if screen != "welcome":
            go_to(participant, screen)
            page.wait_for_selector(f".cc-shows-{screen} h2")
        for selector in selectors:
            if selector in FOCUSED_STEP:
                to_step(participant, screen, FOCUSED_STEP[selector])
            element = person.reach(page.locator(selector).first)
            focus_by_keyboard(page, element)
            assert element.evaluate("(el) => el === document.activeElement && el.matches(':focus-visible')"), selector
            person._settled_scroll()
            box = element.bounding_box()
            after, _ = pixels(page, box)
            page.evaluate("() => document.activeElement.blur()")
            before, _ = pixels(page, box)
            changed = changed_at_contrast(before, after)
            needed = 0.75 * 4 * (box["width"] + box["height"])  # a 2 px line around it, corners rounded off
            if changed < needed:
                weak.append(f"{screen} {selector}: {changed} px changed at 3:1, needs {needed:.0f}")
    assert weak == []


def ring_around(before: Image.Image, after: Image.Image, box: dict, clip: dict) -> dict[str, float]:
    """Per side of ``box``: the pixels changed at 3:1 in the band 1 to 6 px outside it (where a focus ring of
    3 px at 2 px from the control lies), along the middle half of that side, per pixel of that side."""
    left, top = box["x"] - clip["x"], box["y"] - clip["y"]
    right, bottom = left + box["width"], top + box["height"]
    down = range(round(top + box["height"] / 4), round(bottom - box["height"] / 4))
    across = range(round(left + box["width"] / 4), round(right - box["width"] / 4))
    bands = {
        "left": [(x, y) for x in range(round(left) - 6, round(left) - 1) for y in down],
        "right": [(x, y) for x in range(round(right) + 1, round(right) + 6) for y in down],
        "top": [(x, y) for y in range(round(top) - 6, round(top) - 1) for x in across],
        "bottom": [(x, y) for y in range(round(bottom) + 1, round(bottom) + 6) for x in across],
    }
    was, now = before.load(), after.load()

    def strong(a, b) -> bool:
        x, y = _luminance(a), _luminance(b)
        return (max(x, y) + 0.05) / (min(x, y) + 0.05) >= LEAST

    length = {"left": len(down), "right": len(down), "top": len(across), "bottom": len(across)}
    return {
        side: sum(1 for xy in points if was[xy] != now[xy] and strong(was[xy], now[xy])) / length[side]
        for side, points in bands.items()
    }


@pytest.mark.browser
def test_does_the_copy_buttons_focus_ring_show_whole_in_light_and_dark(visitor):
    """A walker tabbed to "Kopieren" and saw a sliver of the focus ring: the box around the button cut it off.
    The whole 3 px ring shows on every side, in the light palette and in the dark one."""
    participant = visitor(viewport={"width": 1280, "height": 800})
    start(participant)
    go_to(participant, "question-builder")
    to_step(participant, "question-builder", 3)  # the messages
    page, person = participant.page, participant.person
    copy = ".cc-message-box-outreach .cc-copy button"
    cut = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        person.tab_to(copy, backwards=scheme == "dark")
        assert page.evaluate("(s) => document.activeElement.matches(s + ':focus-visible')", copy)
        box = page.locator(copy).bounding_box()
        after, clip = pixels(page, box)
        page.evaluate("() => document.activeElement.blur()")
        before, _ = pixels(page, box)
        sides = ring_around(before, after, box, clip)
        cut.update({f"{scheme} {side}": f"{rows:.1f} px" for side, rows in sides.items() if rows < 2})
    assert cut == {}, f"the ring is cut (at least 2 of its 3 px should show on each side): {cut}"


# --- what changes, and is said --------------------------------------------------------------------------

LIVE_REGION_JS = """(el) => {
  for (let e = el; e; e = e.parentElement) {
    const live = e.getAttribute("aria-live");
    if (live === "polite" || live === "assertive" || ["status", "alert", "log"].includes(e.getAttribute("role"))) {
      window.ccRegions = window.ccRegions || [];
      window.ccRegions.push(e);
      return window.ccRegions.length - 1;
    }
  }
  return -1;
}"""
REGION_SAYS_JS = "([index]) => { const e = window.ccRegions[index]; return e.isConnected ? e.textContent : null; }"


def live_region(page, selector: str) -> int:
    """The live region around ``selector`` (a number to ask it by later); it must be there before it changes."""
    index = page.locator(selector).first.evaluate(LIVE_REGION_JS)
    assert index >= 0, f"{selector} is in no live region: a change there is not announced"
    return index


def region_changes(page, index: int, before: str) -> None:
    """The same region, still on the page, now says something else."""
    page.wait_for_function(
        "([index, before]) => window.ccRegions[index].isConnected && window.ccRegions[index].textContent !== before",
        arg=[index, before],
    )


def region_says(page, index: int, text: str) -> None:
    """The same region, still on the page, now says ``text`` (a region put in with its text is not announced)."""
    page.wait_for_function(
        "([index, text]) => window.ccRegions[index].isConnected && window.ccRegions[index].textContent.includes(text)",
        arg=[index, text],
    )


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_are_the_progress_the_downloaded_note_and_the_length_of_a_message_announced(visitor, language):
    participant = visitor(locale="de-DE" if language == "de" else "en-GB")
    start(participant, "" if language == "de" else "?lang=en")
    page, person, t = participant.page, participant.person, WORKSHOP.t
    to_ratings(participant)  # the welcome's last step: Next opens the next part
    progress = live_region(page, ".cc-progress-text .widget-html-content")
    person.click(".cc-next")
    title = WORKSHOP.module_title(WORKSHOP.module_ids[1], language)
    region_says(page, progress, t("app.position", language, number=2, total=len(WORKSHOP.module_ids), title=title))

    go_to(participant, "question-builder")
    to_step(participant, "question-builder", 3)  # the messages
    kind = WORKSHOP.outreach.kinds[0].id
    length = live_region(page, f".cc-{kind}-check .widget-html-content")
    before = page.evaluate(REGION_SAYS_JS, [length])
    person.type(f".cc-{kind}-text textarea", " Danke!")
    region_changes(page, length, before)

    to_step(participant, "question-builder", 4)  # the take-home
    downloaded = live_region(page, ".widget-hbox:has(> .cc-download-markdown) + .widget-html .widget-html-content")
    with page.expect_download():
        person.click(".cc-download-markdown")
    region_says(page, downloaded, t("builder.downloaded", language))


CHART_SAYS_JS = """() => {
  const svg = document.querySelector('.cc-chart svg[aria-label]');
  const handle = document.querySelector('.cc-rating-regret .noUi-handle');
  return [svg ? svg.getAttribute('aria-label') : '', handle.getAttribute('aria-valuetext'),
          document.querySelector('.cc-rating-regret-value').textContent.trim()];
}"""


@pytest.mark.browser
def test_does_the_charts_text_say_what_the_slider_says_once_the_page_says_saved(visitor, data_dir):
    """Five quick presses of the arrow key: when the page says the change is saved, the chart's words say 5,
    as the slider does (once they said 1 while the slider said 5, and 5 was saved); and the next Tab leaves the
    slider (its editable readout was once a Tab stop where the arrows did nothing)."""
    participant = visitor()
    code = start(participant)
    to_ratings(participant)
    page, person = participant.page, participant.person
    person.tab_to(".cc-rating-regret .noUi-handle")
    for _ in range(5):
        person.press("ArrowRight")
    page.wait_for_function("() => ['saved', 'settled'].includes(document.documentElement.dataset.ccSave)")
    chart, slider, readout = page.evaluate(CHART_SAYS_JS)
    fear = WORKSHOP.fear("regret").title["de"]
    assert slider == readout == "5"
    assert WORKSHOP.t("welcome.chart_value", "de", fear=fear, value=5) in chart, chart
    wait_saved(data_dir, code, "welcome.rating.regret", 5)
    person.press("Tab")  # the number beside the slider is text to read, not a box to type into (it once was)
    left = "() => !document.activeElement.isContentEditable && !document.activeElement.closest('.cc-rating-regret')"
    assert page.evaluate(left), "Tab leaves the slider: its number is no Tab stop"


#: the scale prompt of "I'll regret it" (its reflection, step 2)
REGRET_SCALE = next(p for p in WORKSHOP.fear("regret").reflection if p.kind == "scale")
REGRET_SCALE_FIELD = css(f"regret.reflection.{REGRET_SCALE.id}")


@pytest.mark.browser
def test_tab_from_a_reflection_slider_goes_on_to_the_next_question_not_into_its_number(visitor, data_dir):
    """A walker pressed Tab from a reflection slider and typed a paragraph: it went into the number beside the
    slider, an editable box. The number is text to read: "–" until rated, then the value; Tab goes on."""
    participant = visitor()
    code = start(participant)
    go_to(participant, "regret")
    to_step(participant, "regret", 2)
    page, person = participant.page, participant.person
    number = page.locator(f"{REGRET_SCALE_FIELD} .cc-rating-value")
    expect(number).to_have_text("–")  # the slider starts in the middle: that is no rating yet
    person.tab_to(f"{REGRET_SCALE_FIELD} .noUi-handle")
    middle = (REGRET_SCALE.scale_min + REGRET_SCALE.scale_max) // 2
    person.press("ArrowRight")
    expect(number).to_have_text(str(middle + 1))
    wait_saved(data_dir, code, f"regret.reflection.{REGRET_SCALE.id}", middle + 1)
    person.press("Tab")
    left = f"() => !document.activeElement.isContentEditable && !document.activeElement.closest('{REGRET_SCALE_FIELD}')"
    assert page.evaluate(left), "Tab leaves the slider: its number is no Tab stop"
    person.page.keyboard.type("Ein ganzer Absatz.")
    expect(number).to_have_text(str(middle + 1))


# --- small screens, and the save status -----------------------------------------------------------------

#: the phone's width comes from outside: a page wider than the phone widens the window and its innerWidth with it
ON_SCREEN_JS = """(width) => {
  const found = [];
  for (const el of document.querySelectorAll('.cc-step, .cc-language button')) {
    const box = el.getBoundingClientRect();
    const text = el.textContent.trim() || el.getAttribute('aria-label');
    if (box.left < 0 || box.right > width) {
      found.push(`«${text}» at [${box.left.toFixed(0)}, ${box.right.toFixed(0)}] of ${width}`);
    }
    if (el.scrollWidth > el.clientWidth + 1) found.push(`«${text}» is cut (${el.scrollWidth} px in ${el.clientWidth})`);
  }
  const wide = document.scrollingElement.scrollWidth;
  if (wide > width) found.push(`the page is ${wide} px wide`);
  return found;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_on_a_320px_phone_every_step_and_both_language_buttons_are_whole_on_screen(visitor, language):
    participant = visitor(
        phone=True, viewport={"width": 320, "height": 640}, locale="de-DE" if language == "de" else "en-GB"
    )
    start(participant, "" if language == "de" else "?lang=en")
    participant.page.wait_for_selector(".cc-step-wrap-up")
    participant.page.wait_for_selector(".cc-welcome")
    assert participant.page.evaluate(ON_SCREEN_JS, 320) == []


NOTE_JS = """(selector) => {
  const note = document.querySelector(selector);
  if (!note) return null;
  const style = getComputedStyle(note);
  const box = note.getBoundingClientRect();
  return {opacity: style.opacity, animation: style.animationName, top: box.top, bottom: box.bottom,
          left: box.left, right: box.right, shown: style.display !== 'none' && style.visibility !== 'hidden'};
}"""


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["x"] + b["width"]
        and b["x"] < a["right"]
        and a["top"] < b["y"] + b["height"]
        and b["y"] < a["bottom"]
    )


@pytest.mark.browser
def test_on_a_phone_the_saved_note_goes_away_and_a_problem_stays_without_covering_the_field(visitor, data_dir):
    """The note is announced politely, covers neither the field typed in nor the end of the page, and "saved"
    fades after a few seconds; a problem stays until it is solved."""
    participant = visitor(phone=True)
    code = start(participant)
    page, person = participant.page, participant.person
    key = text_prompt("not-ready")
    go_to_field(participant, key)
    field_ = f"{css(key)} textarea"
    person.type(field_, "Ich warte auf ein gutes Gefühl")
    page.wait_for_function("() => document.documentElement.dataset.ccSave === 'saved'")
    wait_saved(data_dir, code, key, "Ich warte auf ein gutes Gefühl")
    live_region(page, ".cc-status .cc-status-ok")
    saved = page.evaluate(NOTE_JS, ".cc-status .cc-status-ok")
    assert saved["shown"] and not overlaps(saved, page.locator(field_).bounding_box()), saved
    faded = "() => getComputedStyle(document.querySelector('.cc-status .cc-status-ok')).opacity === '0'"
    page.wait_for_function(faded, timeout=15_000)
    assert page.evaluate("() => document.documentElement.dataset.ccSave") == "saved", "the page still knows it is saved"

    name = ".cc-builder-contact-name input"
    go_to(participant, "question-builder")
    person.type(name, "x" * (keys.MESSAGE_FIELD_CHARS + 1))
    person.press("Enter")
    page.wait_for_selector(".cc-status .cc-status-error")
    problem = page.evaluate(NOTE_JS, ".cc-status .cc-status-error")
    assert problem["shown"] and problem["opacity"] == "1" and problem["animation"] == "none", problem
    assert not overlaps(problem, page.locator(name).bounding_box()), "the problem covers the field it is about"
    person.scroll_to_end()
    problem = page.evaluate(NOTE_JS, ".cc-status .cc-status-error")
    pager = person.box(".cc-pager")
    assert pager.y + pager.height <= problem["top"], "it covers the end of the page, where Next is"


#: the controls a person aims at that the status note in the corner covers, as the window shows them now
COVERED_CONTROLS_JS = """() => {
  const covered = [];
  const notes = ".cc-app .cc-status :is(.cc-status-ok, .cc-status-info, .cc-status-error, .cc-status-live)";
  const controls = ".cc-app :is(button, input, textarea, select, a[href], .noUi-target, .widget-checkbox, "
    + ".widget-radio-box label)";
  const span = (b) => `[${b.top.toFixed(0)}..${b.bottom.toFixed(0)}]`;
  for (const note of document.querySelectorAll(notes)) {
    const style = getComputedStyle(note);
    const box = note.getBoundingClientRect();
    if (box.width < 1 || box.height < 1 || style.display === "none" || style.visibility === "hidden") continue;
    let seen = 1;
    for (let el = note; el; el = el.parentElement) seen *= parseFloat(getComputedStyle(el).opacity);
    if (seen < 0.05) continue;
    for (const control of document.querySelectorAll(controls)) {
      if (control.closest(".cc-status")) continue;
      const c = control.getBoundingClientRect();
      if (c.width < 1 || c.height < 1) continue;
      if (c.left < box.right && box.left < c.right && c.top < box.bottom && box.top < c.bottom) {
        const name = (control.textContent || control.getAttribute("aria-label") || control.tagName).trim();
        covered.push(`${name.slice(0, 30)} ${span(c)} under «${note.textContent.trim()}» ${span(box)}`);
      }
    }
  }
  return covered;
}"""


@pytest.mark.browser
def test_on_a_phone_the_saved_note_never_covers_next_at_the_window_edge(visitor):
    """With Next at the lower edge of a phone's window (the end of a step, scrolled nearly to it), a save's
    "Gespeichert" shows without covering Next or any other control."""
    participant = visitor(phone=True)
    start(participant)
    page, person = participant.page, participant.person
    go_to(participant, "question-builder")
    to_step(participant, "question-builder", 4)
    done = ".cc-module-done input"
    person.reach(done)
    _, height = person.window
    person.bring_to_top(".cc-next", at=height - 52)
    person.click(done)
    page.wait_for_selector(".cc-status .cc-status-ok")
    assert page.evaluate(COVERED_CONTROLS_JS) == []
    person.scroll_to_end()  # and at the very end of the step, Next has the window's edge to itself
    page.evaluate(TWO_FRAMES)
    assert page.evaluate(COVERED_CONTROLS_JS) == []
    next_box = person.box(".cc-next")
    note = page.evaluate(NOTE_JS, ".cc-status .cc-status-ok")
    assert not (note["shown"] and note["opacity"] != "0" and overlaps(note, next_box.__dict__)), (note, next_box)


#: the words of the page the status note covers while a person can see it (its opacity above 5 %)
COVERED_TEXT_JS = """() => {
  const covered = [];
  const notes = ".cc-app .cc-status :is(.cc-status-ok, .cc-status-info, .cc-status-error, .cc-status-live)";
  for (const note of document.querySelectorAll(notes)) {
    const style = getComputedStyle(note);
    const box = note.getBoundingClientRect();
    if (box.width < 1 || box.height < 1 || style.display === "none" || style.visibility === "hidden") continue;
    let seen = 1;
    for (let el = note; el; el = el.parentElement) seen *= parseFloat(getComputedStyle(el).opacity);
    if (seen < 0.05) continue;
    const walker = document.createTreeWalker(document.querySelector(".cc-app"), NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (!text.textContent.trim() || text.parentElement.closest(".cc-status")) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const c of range.getClientRects()) {
        if (c.width < 1 || c.height < 1) continue;
        if (c.left < box.right && box.left < c.right && c.top < box.bottom && box.top < c.bottom) {
          covered.push(`«${text.textContent.trim().slice(0, 30)}» under «${note.textContent.trim()}»`);
          break;
        }
      }
    }
  }
  return covered;
}"""


@pytest.mark.browser
def test_on_a_phone_the_saved_note_covers_no_words_of_the_page(visitor):
    """Issue 27's walks: on a 390x844 phone „Gespeichert …“ sat over the words of the plan (the closing
    questions under the last ★). Where neither edge of the window is free, a passing "Saved" shows nowhere (it
    is still read out, and the page still knows it is saved)."""
    participant = visitor(phone=True, locale="en-GB")
    start(participant, "?lang=en")
    page, person = participant.page, participant.person
    go_to(participant, "question-builder")
    to_step(participant, "question-builder", 2)  # the plan: questions, their buttons, the closing's words
    covered = []
    for number in range(4):
        star = page.locator(".cc-builder .cc-module-step-2 .cc-star").nth(number)
        person.click(star)
        page.wait_for_function("() => document.documentElement.dataset.ccSave === 'saved'")
        page.wait_for_selector(".cc-status .cc-status-ok", state="attached")
        page.evaluate(TWO_FRAMES)
        covered += page.evaluate(COVERED_TEXT_JS)
        person.scroll(share=0.3)
    assert covered == []


@pytest.mark.browser
def test_the_page_speaks_the_participants_language(visitor):
    participant = visitor()
    start(participant, "?lang=en")
    page = participant.page
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.title() == WORKSHOP.manifest.title["en"]
    assert page.locator("main").count() == 1 and page.locator("h1:visible").count() == 1
    participant.person.click(".cc-language button:has-text('Deutsch')")
    page.wait_for_function("document.documentElement.lang === 'de'")
    assert page.title() == WORKSHOP.manifest.title["de"]
    assert page.evaluate("document.activeElement.textContent.trim()") == "Deutsch", "the focus stays on the switch"


@pytest.mark.browser
def test_does_the_code_field_say_its_name_in_the_pages_language(visitor):
    """A keyboard walk in English heard the code field as „Sie haben schon einen Code?“: the name the page gave the
    field from its label stayed in the language the page was first drawn in."""
    person = visitor(locale="en-GB")
    person.open("?lang=en")
    field = person.page.locator(".cc-resume-row input")
    expect(field).to_have_accessible_name("Already have a code?")
    person.person.click(".cc-language button:has-text('Deutsch')")
    expect(field).to_have_accessible_name("Sie haben schon einen Code?")
