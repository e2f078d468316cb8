"""The whole journey by keyboard alone: does the focus land where the eye goes after every navigation?"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from coffeechat.content import load_workshop
from coffeechat.models.steps import FOLLOWUP_STEPS, WRAPUP_STEPS
from coffeechat.storage.journal import Journal

from .conftest import wait_saved
from .journey import css, go_to, go_to_field, start, text_prompt, to_step
from .person import TWO_FRAMES, Person

WORKSHOP = load_workshop()
MAX_TABS = 120
#: the kernel's message asking the page to move the keyboard focus (page.py)
FOCUS_REQUEST = re.compile(rb'"type":\s*"focus"')


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until the focus is on ``selector``, which must then be in the window (the
    browser scrolls a focused element into view: a person using the keyboard sees where they are)."""
    return Person(page, by="keys").tab_to(selector, backwards=backwards, most=MAX_TABS)


def heading_has_focus(page, title: str, tag: str = "H2") -> None:
    page.wait_for_function(
        "([t, tag]) => document.activeElement && document.activeElement.tagName === tag"
        " && document.activeElement.textContent.trim() === t",
        arg=[title, tag],
        timeout=15_000,
    )


def step_title(number: int, name: str, language: str = "de") -> str:
    """What a fear module's step says at its top: "Schritt 2 von 4 · Reflexion"."""
    return WORKSHOP.t(
        "fear.step_position", language, number=number, total=4, name=WORKSHOP.t(f"fear.step.{name}", language)
    )


def builder_step_title(number: int, language: str = "de") -> str:
    """What the builder's step says at its top: "Schritt 2 von 4 · Ihr Plan" (views/builder.py)."""
    name = ("describe", "plan", "messages", "take_home")[number - 1]
    return WORKSHOP.t(
        "fear.step_position", language, number=number, total=4, name=WORKSHOP.t(f"builder.step_{name}", language)
    )


def own_step_title(module_id: str, number: int, language: str = "de") -> str:
    """What a step of the welcome, the role-play, the wrap-up or the weeks after says at its top: "Schritt 2 von 2 ·
    Ihre Ängste einschätzen"."""
    prefix = {"welcome": "welcome", "role-play": "roleplay", "wrap-up": "wrapup", "follow-through": "followup"}[
        module_id
    ]
    names = {
        "welcome": ("what", "rating"),
        "role-play": ("start", "practice", "debrief"),
        "wrap-up": WRAPUP_STEPS,
        "follow-through": FOLLOWUP_STEPS,
    }[module_id]
    return WORKSHOP.t(
        "fear.step_position",
        language,
        number=number,
        total=len(names),
        name=WORKSHOP.t(f"{prefix}.step.{names[number - 1]}", language),
    )


def next_own_step(page, module_id: str, number: int) -> None:
    """Next by keyboard to step ``number`` of the welcome or the role-play: the focus lands on its heading, in view."""
    tab_to(page, "button.cc-next")
    page.keyboard.press("Enter")
    heading_has_focus(page, own_step_title(module_id, number), "H3")
    assert focused(page, f".cc-shows-{module_id} .cc-module-step-{number} h3"), "on the new step's heading"
    assert Person(page, by="keys").in_view(page.locator(":focus")), "the step's heading is in view"


def next_builder_step(page, number: int) -> None:
    """Next by keyboard to the builder's step ``number``: the focus lands on its heading, in view."""
    tab_to(page, "button.cc-next")
    page.keyboard.press("Enter")
    heading_has_focus(page, builder_step_title(number), "H3")
    assert focused(page, f".cc-shows-question-builder .cc-module-step-{number} h3"), "on the new step's heading"
    assert Person(page, by="keys").in_view(page.locator(":focus")), "the step's heading is in view"


def skip_the_questions(page) -> None:
    """Past the plan's questions by the visible button before them: a few presses of Tab to Next, not about 44."""
    assert tab_to(page, "button.cc-skip-questions") <= 2, "the first stop after the step's heading and its rules"
    page.keyboard.press("Enter")
    page.wait_for_function("() => !!document.activeElement && document.activeElement.matches('.cc-own-text textarea')")
    person = Person(page, by="keys")
    assert person.in_view(page.locator(":focus")), "the field after the questions is in view"
    presses = person.tab_to("button.cc-next", most=MAX_TABS)
    assert presses <= 5, f"{presses} presses of Tab from the skipped questions to Next"


@pytest.mark.browser
def test_the_whole_journey_works_by_keyboard_and_the_focus_follows(visitor, data_dir):
    participant = visitor()
    participant.open()
    page = participant.page
    tab_to(page, "button.cc-start-new")
    page.keyboard.press("Enter")
    heading_has_focus(page, WORKSHOP.welcome.title["de"])
    code = page.inner_text(".cc-code").strip()

    next_own_step(page, "welcome", 2)  # the ratings
    tab_to(page, ".cc-rating-not-ready .noUi-handle")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    wait_saved(data_dir, code, "welcome.rating.not-ready", 4)

    for number, module_id in enumerate(WORKSHOP.module_ids[1:], start=2):
        tab_to(page, "button.cc-next")
        page.keyboard.press("Enter")
        heading_has_focus(page, WORKSHOP.module_title(module_id, "de"))
        assert focused(page, "h2"), f"after Next the focus is on the heading of part {number}"
        if WORKSHOP.module_ref(module_id).kind == "fear":
            for step, name in enumerate(("reflection", "exercise", "next-step"), start=2):
                tab_to(page, "button.cc-next")
                page.keyboard.press("Enter")
                heading_has_focus(page, step_title(step, name), "H3")
                assert focused(page, f".cc-shows-{module_id} .cc-module-step-{step} h3"), "on the new step's heading"
                assert Person(page, by="keys").in_view(page.locator(":focus")), "the step's heading is in view"
                if step == 2:
                    tab_to(page, ".cc-module textarea")
                    page.keyboard.type("Mit der Tastatur geschrieben – Übung macht’s 🙂")
            page.wait_for_selector(f".cc-step-{module_id}:not(.cc-step-done)")  # its last step: done with Next
            tab_to(page, ".cc-module-done input")  # ticked already: Next will count it
            page.keyboard.press("Space")  # kept open, and done, by the keyboard
            page.wait_for_selector(".cc-module-done input:not(:checked)")
            page.keyboard.press("Space")
            page.wait_for_selector(f".cc-step-{module_id}.cc-step-done")
            assert focused(page, ".cc-module-done input"), "a tick leaves the focus where it was"
        if module_id == "question-builder":
            tab_to(page, ".cc-builder-contact-name input")
            page.keyboard.type("Frau Ölmez")
            page.keyboard.press("Tab")
            wait_saved_request(data_dir, code)
            next_builder_step(page, 2)  # the plan
            skip_the_questions(page)
            tab_to(page, "button.cc-skip-questions", backwards=True)  # back up, to change a question
            row = page.locator(".cc-question").first
            question = next(
                c
                for c in row.get_attribute("class").split()
                if c.startswith("cc-question-") and c not in ("cc-question-starred", "cc-question-text")
            )
            tab_to(page, f".{question} button.cc-down:not(:disabled), .{question} button.cc-remove")
            if focused(page, "button.cc-down"):
                page.keyboard.press("Enter")
                # after a move the focus stays on the arrow of the moved question (the row is drawn again first:
                # wait for where the focus settles, not for its first stop)
                page.wait_for_function(
                    "(q) => { const a = document.activeElement;"
                    " return !!a && !!a.closest('.' + q) && a.matches('button.cc-up, button.cc-down'); }",
                    arg=question,
                    timeout=30_000,
                )
            else:
                page.keyboard.press("Enter")  # the question has no neighbour in its family: remove it
                page.wait_for_function("() => document.activeElement && document.activeElement.tagName !== 'BODY'")
            next_builder_step(page, 3)  # the messages
            next_builder_step(page, 4)  # the take-home
        if module_id == "role-play":
            next_own_step(page, module_id, 2)  # the round
            next_own_step(page, module_id, 3)  # the debrief
        if module_id == "wrap-up":
            for step in (2, 3, 4):  # the commitment, the take-home, the end of the workshop
                next_own_step(page, module_id, step)
        if module_id == "follow-through":
            next_own_step(page, module_id, 2)  # my contacts: one typed in and added by the keyboard
            tab_to(page, ".cc-followup-name input")
            page.keyboard.type("Frau Yılmaz")
            tab_to(page, "button.cc-followup-add")
            page.keyboard.press("Enter")
            page.wait_for_selector(".cc-followup-contact-c-1")

    tab_to(page, ".cc-language button", backwards=True)
    while not focused(page, ".cc-language button:last-child"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert focused(page, ".cc-language button"), "after switching the language the focus stays on the switch"

    tab_to(page, "button.cc-step-welcome")
    page.keyboard.press("Enter")
    heading_has_focus(page, WORKSHOP.welcome.title["en"])
    for fear in WORKSHOP.fears:
        wait_saved(data_dir, code, f"progress.{fear.id}", True)
        # typed on step 2 right before Tab to Next and Enter: in the journal, not lost with the step
        wait_saved(data_dir, code, text_prompt(fear.id), "Mit der Tastatur geschrieben – Übung macht’s 🙂")


def wait_saved_request(data_dir, code: str) -> None:
    """The builder saved the contact's name typed by keyboard."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with Journal(data_dir / "journal.sqlite3") as journal:
            request = journal.get(code, "builder.request") or {}
        if request.get("contact_name") == "Frau Ölmez":
            return
        time.sleep(0.2)
    raise AssertionError("the contact's name typed by keyboard was not saved")


def next_frames(page) -> None:
    """Wait for the page to draw its next two frames."""
    page.evaluate(TWO_FRAMES)


class FocusRequestsHeld:
    """Forwards the page's kernel socket both ways, but holds back the kernel's focus requests until released.

    On a busy server the request to focus a new screen's heading can arrive after the participant has
    already clicked into that screen's first field: this makes that order certain.
    """

    def __init__(self, page):
        self.holding = False
        self.held: list[tuple[object, bytes | str]] = []
        page.route_web_socket("**/api/kernels/*/channels*", self._route)

    def _route(self, route) -> None:
        server = route.connect_to_server()
        route.on_message(server.send)
        server.on_message(lambda message: self._from_kernel(route, message))

    def _from_kernel(self, route, message) -> None:
        raw = message if isinstance(message, bytes) else message.encode()
        if self.holding and FOCUS_REQUEST.search(raw):
            self.held.append((route, message))
        else:
            route.send(message)

    def release(self) -> int:
        self.holding = False
        released = len(self.held)
        for route, message in self.held:
            route.send(message)
        self.held.clear()
        return released


@pytest.mark.browser
def test_a_late_focus_request_never_takes_the_keys_from_the_field_being_typed_in(visitor, data_dir):
    participant = visitor()
    requests = FocusRequestsHeld(participant.page)
    code = start(participant)
    page = participant.page
    key = text_prompt("not-ready")
    box = f"{css(key)} textarea"
    go_to_field(participant, key)  # the fear opens at the step it was left on, the one with the field
    participant.person.click(".cc-step-welcome")
    page.wait_for_selector(".cc-welcome")
    requests.holding = True
    participant.person.click(".cc-step-not-ready")
    page.wait_for_selector(box)
    participant.person.click(box)
    page.keyboard.type("Schon drin, ")
    deadline = time.monotonic() + 15
    while not requests.held and time.monotonic() < deadline:
        next_frames(page)  # Playwright hands the socket's messages to this test while it waits on the page
    asked_before = page.evaluate("() => (window.coffeechatPage || {}).focusRequest || 0")
    assert requests.release() == 1, "the kernel asked to focus the new module's heading"
    # the page has had the request (page.js counts each one and tries it at once) and a few frames to act on it
    page.wait_for_function("(before) => window.coffeechatPage.focusRequest > before", arg=asked_before)
    for _ in range(3):
        next_frames(page)
    page.keyboard.type("und ich tippe weiter: Übermut 🙂")
    typed = "Schon drin, und ich tippe weiter: Übermut 🙂"
    assert focused(page, box), "the focus stayed in the field the participant is typing in"
    assert page.input_value(box) == typed
    # the socket runs through this test's route, which forwards only while Playwright is called: wait in the page
    page.wait_for_selector("html[data-cc-save='saved']", timeout=60_000)
    wait_saved(data_dir, code, key, typed)


#: the choice of the first fear's reflection (step 2): four radio buttons (exercises/fears/01-not-ready.yaml)
SEARCH_STAGE = "not-ready.reflection.search-stage"
SEARCH_STAGE_OPTIONS = [
    o.id for o in next(p for p in WORKSHOP.fear("not-ready").reflection if p.kind == "choice").options
]


def focused_radio(page) -> int | None:
    """Which option of the search-stage choice has the focus (its place, from 0), None if none."""
    return page.evaluate(
        "(s) => { const all = [...document.querySelectorAll(s)];"
        " const i = all.indexOf(document.activeElement); return i < 0 ? null : i; }",
        f"{css(SEARCH_STAGE)} input[type=radio]",
    )


@pytest.mark.browser
def test_a_group_of_radio_buttons_is_one_tab_stop_that_lands_on_the_chosen_option(visitor, data_dir):
    """A keyboard walker tabbed through every option of a choice, one Tab stop each, and after a reload landed on
    the first option, not on the one chosen. Native radios with one name are one Tab stop (the chosen option,
    else the first) with the arrow keys moving inside."""
    participant = visitor()
    code = start(participant)
    page = participant.page
    radios = f"{css(SEARCH_STAGE)} input[type=radio]"
    go_to_field(participant, SEARCH_STAGE)
    heading_has_focus(page, step_title(2, "reflection"), "H3")
    tab_to(page, radios)
    assert focused_radio(page) == 0, "nothing chosen yet: the group's Tab stop is its first option"
    page.keyboard.press("ArrowDown")  # the arrow moves inside the group and chooses, as with native radios
    wait_saved(data_dir, code, SEARCH_STAGE, SEARCH_STAGE_OPTIONS[1])
    assert focused_radio(page) == 1
    page.keyboard.press("Tab")
    assert focused_radio(page) is None, "one Tab leaves the group"
    page.keyboard.press("Shift+Tab")
    assert focused_radio(page) == 1, "back into the group: on the chosen option"

    participant.reload()  # the page opens again at the step it was left on
    page.wait_for_selector(f"{radios}:checked")
    tab_to(page, radios)
    assert focused_radio(page) == 1, "after a reload the group's Tab stop is the chosen option"
    page.keyboard.press("Tab")
    assert focused_radio(page) is None, "one Tab leaves the group"


SKIP_LINK = ".cc-skip-link"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_first_tab_offers_to_skip_to_the_content_and_enter_lands_on_the_open_parts_heading(visitor, language):
    """A keyboard walker pressed Tab 16 times (title, code, language, every part of the stepper) before the content.
    The page's first Tab stop is a link "Zum Inhalt springen" / "Skip to content", seen once it has the focus; Enter
    puts the focus on the open part's heading, and the next Tab goes on from there."""
    participant = visitor(locale="de-DE" if language == "de" else "en-GB")
    start(participant, "" if language == "de" else "?lang=en")
    go_to(participant, "not-connected")
    participant.reload()  # a page opened from its address: the focus is nowhere yet, as after a bookmark
    page = participant.page
    page.wait_for_selector(".cc-shows-not-connected h2")
    link = page.locator(SKIP_LINK)
    link.wait_for(state="attached")
    assert link.bounding_box() is None or link.bounding_box()["width"] <= 1, "unseen until it has the focus"
    page.keyboard.press("Tab")
    assert focused(page, SKIP_LINK), "the page's first Tab stop"
    expect(link).to_have_text(WORKSHOP.t("app.skip_to_content", language))
    box = link.bounding_box()
    assert box and box["width"] > 40 and box["height"] >= 24, f"seen once it has the focus ({box})"
    assert Person(page, by="keys").focused_in_view()
    page.keyboard.press("Enter")
    heading_has_focus(page, WORKSHOP.module_title("not-connected", language))
    assert focused(page, ".cc-shows-not-connected h2")
    page.keyboard.press("Tab")
    after = page.evaluate(
        """() => { const h = document.querySelector('.cc-shows-not-connected h2'), a = document.activeElement;
           return !!(h.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)
             && !a.closest('.cc-header, .cc-stepper'); }"""
    )
    assert after, "the next Tab goes on from the heading, not back into the header or the stepper"


@pytest.mark.browser
def test_enter_in_a_lists_item_or_a_tables_name_moves_on_to_the_next_row(visitor, data_dir):
    """Issue 27's walks: Enter in a list's item (a question) or a table's name (a contact) did nothing a person
    could use; „+ Weitere hinzufügen“ was the obvious next action. Enter now moves on, as the button would."""
    participant = visitor()
    code = start(participant)
    page, person = participant.page, participant.person
    key = "not-ready.exercise.questions"
    go_to_field(participant, key)
    person.type(f"{css(key)} .cc-row-1 textarea", "Wie sind Sie in diese Rolle gekommen?")
    person.press("Enter")
    page.wait_for_function(
        "(s) => document.activeElement && document.activeElement.matches(s)", arg=f"{css(key)} .cc-row-2 textarea"
    )
    page.keyboard.type("Was überrascht Neue am meisten?")
    wait_saved(data_dir, code, key, ["Wie sind Sie in diese Rolle gekommen?", "Was überrascht Neue am meisten?"])

    table = "not-connected.exercise.contacts"
    go_to(participant, "not-connected")
    to_step(participant, "not-connected", 3)
    person.type(f"{css(table)} .cc-row-1 input[type='text']", "Anna")
    person.press("Enter")
    expect(page.locator(f"{css(table)} .cc-row-2 input[type='text']")).to_be_focused()
    page.keyboard.type("Ben")
    expect(page.locator(f"{css(table)} .cc-row-2 input[type='text']")).to_have_value("Ben")
