"""On a phone (390 px wide) every module fits the screen: nothing is cut off or needs sideways scrolling."""

from __future__ import annotations

import pytest

from coffeechat.content import load_workshop

from .journey import choose_practice, go_to, start, to_step

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
        if module_id == "welcome":
            to_step(participant, module_id, 2)
            yield "welcome/ratings"
        if module_id == "role-play":
            choose_practice(participant, "group")  # alone, the solo practice comes first
            for step, name in ((2, "round"), (3, "debrief")):
                to_step(participant, module_id, step)
                yield f"role-play/{name}"
            to_step(participant, module_id, 1)
            person.click(page.locator(".cc-roleplay-mode button").nth(1))
            to_step(participant, module_id, 2)
            page.wait_for_selector(".cc-solo-ask")
            yield "role-play/solo"
            to_step(participant, module_id, 1)
            person.click(page.locator(".cc-roleplay-mode button").nth(0))
            to_step(participant, module_id, 2)
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


#: the controls a participant taps, each by what they would call it; a radio's or a checkbox's target is its card
SMALL_TARGETS = """(least) => {
  const found = [], seen = new Set();
  const controls = '.cc-app :is(button, a[href], input, select, textarea, [role=slider], [contenteditable=true])';
  for (const el of document.querySelectorAll(controls)) {
    if (el.offsetParent === null || el.closest('.cc-sr-only, [aria-hidden=true]')) continue;
    if (el.matches('.cc-skip-link:not(:focus)')) continue;  // unseen until it has the focus; then 44 px tall
    const target = el.matches('input[type=radio], input[type=checkbox]') ? (el.closest('label') || el) : el;
    if (seen.has(target)) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    const field = target.matches('input:not([type=radio]):not([type=checkbox]), textarea, select, [contenteditable]');
    // the stepper's steps share a phone's row: nine of them are about 40 px wide (and 44 tall)
    const shared = target.matches('.cc-step') && box.width >= least - 8;
    if (box.height < least || (!field && !shared && box.width < least)) {
      const name = target.getAttribute('aria-label') || target.labels?.[0]?.textContent || target.textContent
        || target.placeholder || target.title || target.className;
      found.push(`${name.trim().slice(0, 50)} (${Math.round(box.width)}x${Math.round(box.height)})`);
    }
  }
  return found;
}"""
#: a finger's least target (WCAG 2.5.5) and the most a phone's header may take above the module, in px
LEAST_TARGET, MOST_HEADER = 44, 120
#: the most it may take on a first visit, with the code, how to come back and its two buttons shown (it took 380)
MOST_FIRST_VISIT_HEADER = 330


@pytest.mark.browser
def test_on_a_phone_can_every_control_be_tapped_and_does_the_header_leave_the_screen_to_the_workshop(visitor):
    """At 390x844 every visible control on the start page, a fear module and the plan is at least 44x44 px (an
    input at least 44 px tall), and with the code folded the header (code, languages, steps) takes at most 120 px
    above the module; the folded code stays on screen and its hints one tap away. It used to take 370 px, and
    radios, checkboxes, the steps and the language buttons were 16 to 36 px."""
    participant = visitor(viewport={"width": PHONE_WIDTH, "height": 844})
    participant.open("?lang=de")
    page, person = participant.page, participant.person
    page.wait_for_selector(".cc-start-new")
    small = {"start": page.evaluate(SMALL_TARGETS, LEAST_TARGET)}
    person.click(".cc-start-new")
    page.wait_for_selector(".cc-module h2")
    # a first visit shows the code in full: its two buttons share a line (each on its own took 60 px more)
    toggle, forget = (page.locator(selector).bounding_box() for selector in (".cc-code-toggle", ".cc-forget"))
    assert abs(toggle["y"] - forget["y"]) < LEAST_TARGET / 2, "the code's two buttons sit side by side"
    first_visit_top = page.locator(".cc-module").bounding_box()["y"]
    assert first_visit_top <= MOST_FIRST_VISIT_HEADER, f"a first visit's header takes {first_visit_top:.0f} px"
    person.click(".cc-code-toggle")
    page.wait_for_selector(".cc-code-details", state="hidden")
    module_top = page.locator(".cc-module").bounding_box()["y"]
    assert module_top <= MOST_HEADER, f"the header takes {module_top:.0f} px above the module"
    assert page.locator(".cc-code").is_visible(), "the code itself stays on screen"
    for module_id in ("not-ready", "question-builder"):
        open_module(participant, module_id)
        small[module_id] = page.evaluate(SMALL_TARGETS, LEAST_TARGET)
        assert page.locator(".cc-module").bounding_box()["y"] <= MOST_HEADER, f"{module_id}: the header grew"
    assert {screen: found for screen, found in small.items() if found} == {}, "controls smaller than 44x44 px"
    # the plan's time chips share one row (two rows made its first step longer than two screens)
    tops = page.eval_on_selector_all(
        ".cc-builder-minutes .widget-toggle-button", "chips => chips.map(c => c.getBoundingClientRect().top)"
    )
    assert len(tops) == 4 and max(tops) - min(tops) < 1, f"the time chips' rows start at {tops}"
    person.click(".cc-code-toggle")
    page.wait_for_selector(".cc-forget", state="visible")
    assert page.locator(".cc-forget").bounding_box()["height"] >= LEAST_TARGET, "the hints open again, with forget"


@pytest.mark.browser
@pytest.mark.parametrize(("width", "most"), [(1100, 0.34)])
def test_the_header_leaves_the_screen_to_the_workshop(visitor, width, most):
    """Title, code and steps take at most a third of a laptop screen (less once noted); a phone's: above."""
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


#: the labels of radio groups whose lines stand further apart than a paragraph's (a line height of 44 px)
SPREAD_LABELS = """() => Array.from(document.querySelectorAll('.cc-app .widget-radio > .widget-label'))
    .filter(label => label.offsetParent !== null)
    .filter(label => {
        const style = getComputedStyle(label), height = label.getBoundingClientRect().height;
        const rects = label.getClientRects().length;
        const lines = rects > 1 ? rects : Math.round(height / parseFloat(style.lineHeight));
        return lines > 1 && height > lines * 1.6 * parseFloat(style.fontSize);
    })
    .map(label => label.textContent.trim().slice(0, 40))"""
#: the ✕ of a list's item that sits under its text instead of beside it
REMOVE_BELOW = """() => Array.from(document.querySelectorAll('.cc-app .cc-row > .cc-remove-row'))
    .filter(remove => remove.offsetParent !== null && remove.previousElementSibling)
    .filter(remove => remove.getBoundingClientRect().top
                      >= remove.previousElementSibling.getBoundingClientRect().bottom)
    .length"""


@pytest.mark.browser
def test_on_a_phone_does_a_lists_item_keep_its_remove_beside_it_and_a_question_its_lines_together(visitor):
    """A phone walk: each question's ✕ wrapped to a line of its own under it, and a choice's question („When
    would a conversation be most“ … „useful to you?“) had its lines 44 px apart, the box's line height."""
    participant = visitor(phone=True)
    start(participant, "?lang=en")
    go_to(participant, "not-ready")
    to_step(participant, "not-ready", 3)
    page = participant.page
    page.wait_for_selector(".cc-module-step-3 .cc-remove-row")
    assert page.evaluate(REMOVE_BELOW) == 0, "a ✕ under its item"
    assert page.evaluate(SPREAD_LABELS) == [], "a choice's question with its lines spread apart"
