"""A participant in Chromium: start, rate, work through all four fears, reload, and find everything back.

Every step is taken as a person takes it (person.py): scrolled to by the wheel or a swipe, clicked only where
it is seen.
"""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import expect

from coffeechat.pages.navigation import step_count
from coffeechat.storage.code_failures import client_key

from .conftest import wait_saved
from .journey import FEAR_IDS, WORKSHOP, css, go_to, go_to_field, start, step_shown, text_prompt, to_ratings, to_step
from .journey import answer_every_fear as answer_every_fear


@pytest.mark.browser
def test_answers_in_all_four_fears_survive_a_reload_and_a_change_of_language(visitor, data_dir):
    """One walk where there were three tests (the same walk in German, again in English, and a switch of the
    language with a text typed): answered in German, every fear's German title seen on the way; after the
    reload and a switch to English, every answer is still there and every fear's English title shown; a
    second reload stays in English. The last fear is left on its step 3: the reload and the switch stay there."""
    participant = visitor()
    code = start(participant)
    body = participant.page.inner_text(".cc-body")
    assert WORKSHOP.welcome.title["de"] in body
    assert "Schritt 1 von 2" in body, "the welcome says what this is first"
    to_ratings(participant)
    assert participant.page.locator(".cc-chart").is_hidden(), "no empty chart before the first rating"
    person = participant.person
    person.click(".cc-rating-regret .noUi-handle")
    for _ in range(3):
        person.press("ArrowRight")
    wait_saved(data_dir, code, "welcome.rating.regret", 3)
    participant.page.wait_for_selector(".cc-chart", state="visible")
    below = participant.page.locator(f".cc-rating-{FEAR_IDS[1]}")
    where = below.bounding_box()
    person.click(participant.page.locator(".cc-keep-value").first)  # "not ready" at 0, without moving the slider
    wait_saved(data_dir, code, f"welcome.rating.{FEAR_IDS[0]}", 0)
    kept = participant.page.locator(".cc-welcome .cc-unrated", has_text=WORKSHOP.t("field.kept", "de"))
    expect(kept).to_have_count(2)  # the slider's rating and the kept one: each place says so, nothing moved
    assert below.bounding_box() == where, "the next fear's rating stays under the pointer"
    typed = answer_every_fear(participant, data_dir, code, "de")
    go_to_field(participant, f"{FEAR_IDS[-1]}.next_step.action")
    person.type(".cc-next-step textarea", "Frau Ölmez anschreiben")
    wait_saved(data_dir, code, f"{FEAR_IDS[-1]}.next_step.action", "Frau Ölmez anschreiben")
    to_step(participant, FEAR_IDS[-1], 3)
    wait_saved(data_dir, code, f"step.{FEAR_IDS[-1]}", 3)

    participant.reload()
    page = participant.page
    assert page.inner_text(".cc-code").strip() == code
    assert WORKSHOP.fear(FEAR_IDS[-1]).title["de"] in page.inner_text(".cc-body"), "back where I left off"
    third = f".cc-shows-{FEAR_IDS[-1]} .cc-module-step-3"
    page.wait_for_selector(third, state="visible")
    assert step_shown(participant, FEAR_IDS[-1]) == 3, "the reload lands on the step I was at"
    assert "Schritt 3 von 4" in page.inner_text(third)
    assert page.input_value(".cc-next-step textarea") == "Frau Ölmez anschreiben"
    last = f"{css(text_prompt(FEAR_IDS[-1]))} textarea"
    assert page.input_value(last) == typed[text_prompt(FEAR_IDS[-1])]

    person.click(".cc-language >> text=English")  # the texts typed on this screen stay as they are
    page.wait_for_selector(f"text={WORKSHOP.fear(FEAR_IDS[-1]).title['en']}")
    page.wait_for_selector(f"{third} >> text=Step 3 of 4")
    assert step_shown(participant, FEAR_IDS[-1]) == 3, "the language switch stays on the step"
    assert page.input_value(last) == typed[text_prompt(FEAR_IDS[-1])]
    assert page.input_value(".cc-next-step textarea") == "Frau Ölmez anschreiben"
    for key, text in typed.items():
        fear_id = key.split(".")[0]
        go_to(participant, fear_id)
        page.wait_for_selector(f".cc-fear-{fear_id}")
        assert WORKSHOP.fear(fear_id).title["en"] in page.inner_text(".cc-body")
        assert page.input_value(f"{css(key)} textarea") == text
    go_to(participant, "welcome")
    page.wait_for_selector(".cc-welcome")
    assert WORKSHOP.welcome.title["en"] in page.inner_text(".cc-body")
    assert page.inner_text(".cc-rating-regret-value").strip() == "3"
    shown = page.inner_text("body")
    assert "Traceback" not in shown and "/work/" not in shown and "import " not in shown
    participant.reload()
    assert WORKSHOP.t("app.next", "en") in participant.page.inner_text(".cc-body")


@pytest.mark.browser
def test_a_browser_set_to_english_opens_the_workshop_in_english(visitor):
    participant = visitor(locale="en-GB")
    participant.open()
    participant.page.wait_for_selector(f".cc-start-new:has-text('{WORKSHOP.t('code.start_new', 'en')}')")
    assert participant.page.evaluate("() => document.documentElement.lang") == "en"


@pytest.mark.browser
def test_a_double_click_on_next_moves_on_by_one_module_and_by_one_step(visitor, data_dir):
    participant = visitor()
    code = start(participant)
    to_ratings(participant)  # the welcome's last step
    participant.person.double_click(".cc-next")
    participant.page.wait_for_selector(".cc-step-not-ready.cc-step-current")
    participant.page.wait_for_selector(".cc-shows-not-ready .cc-module-step-1", state="visible")
    participant.person.double_click(".cc-next")
    key = text_prompt("not-ready")
    participant.person.type(f"{css(key)} textarea", "Nach dem Doppelklick")
    wait_saved(data_dir, code, key, "Nach dem Doppelklick")  # the kernel has handled all four clicks by now
    assert participant.page.locator(".cc-step-not-ready.cc-step-current").count() == 1, "no module skipped"
    assert step_shown(participant, "not-ready") == 2, "no step skipped"


@pytest.mark.browser
def test_after_erasing_start_now_works_on_the_same_page(visitor, data_dir):
    participant = visitor()
    start(participant)
    go_to(participant, "wrap-up")
    to_step(participant, "wrap-up", 3)  # "your data" is part of taking it home
    participant.person.click(".cc-erase")
    participant.person.click(".cc-erase-yes")
    participant.page.wait_for_selector(".cc-start-new")
    participant.person.click(".cc-start-new")
    participant.page.wait_for_selector(".cc-code")
    new_code = participant.page.inner_text(".cc-code").strip()
    assert f"code={new_code}" in participant.page.url
    to_ratings(participant)
    participant.person.click(".cc-next")
    participant.page.wait_for_selector(".cc-fear-not-ready")
    assert WORKSHOP.t("app.error", "de") not in participant.page.inner_text("body")


@pytest.mark.browser
def test_a_wrong_code_is_explained_counted_for_the_servers_address_and_the_right_one_resumes(visitor, data_dir):
    """The server hands the visitor's address (and its own base URL) to the kernel, which counts the wrong
    code there, as a hash only: the throttle holds for every page from that address. (One visitor tries the
    malformed code, the unknown one and the right one: these were two tests that opened the same screen.)"""
    first = visitor()
    code = start(first)
    other = visitor()
    other.open()
    other.person.type(".cc-code-input input", "nonsense")
    other.person.click(".cc-resume")
    other.page.wait_for_selector(f"text={WORKSHOP.t('code.invalid', 'de')}")
    other.person.type(".cc-code-input input", "ABCDE-FGHJK", clear=True)
    other.person.click(".cc-resume")
    other.page.wait_for_selector(f"text={WORKSHOP.t('code.unknown', 'de')}")
    with sqlite3.connect(data_dir / "journal.sqlite3") as db:
        clients = {client for (client,) in db.execute("SELECT client FROM code_failures")}
    assert client_key("127.0.0.1 /") in clients
    assert not any("127.0.0.1" in client for client in clients), "the address is never stored as it is"
    other.person.type(".cc-code-input input", code.lower().replace("-", " "), clear=True)
    other.person.click(".cc-resume")
    other.page.wait_for_selector(".cc-code")
    assert other.page.inner_text(".cc-code").strip() == code


@pytest.mark.browser
def test_coming_back_without_the_link_resumes_until_forget_leaves_the_next_person_nothing(visitor, data_dir):
    """One walk where there were two tests that each started, came back and forgot: the bare address resumes
    on the same device; "forget on this device" leaves the next person a start screen and nothing else, also
    after a reload and at the bare address."""
    participant = visitor()
    code = start(participant)
    key = text_prompt("not-ready")
    go_to_field(participant, key)
    participant.person.type(f"{css(key)} textarea", "Sehr persönlich: Angst vor Frau Özdemir")
    wait_saved(data_dir, code, key, "Sehr persönlich: Angst vor Frau Özdemir")
    participant.open()  # the bare address, as typed next day on the same device
    participant.page.wait_for_selector(".cc-code")
    assert participant.page.inner_text(".cc-code").strip() == code
    participant.person.scroll_to_top()
    if participant.page.locator(".cc-forget").is_hidden():  # the code's details are folded away
        participant.person.click(".cc-code-toggle")
    participant.person.click(".cc-forget")
    participant.person.click(".cc-forget-yes")
    page = participant.page
    page.wait_for_selector(f"text={WORKSHOP.t('code.forgotten', 'de')[:40]}")
    page.wait_for_selector(".cc-start-new")
    assert code in page.inner_text(".cc-forgotten-note"), "the code once more, to write down"
    participant.person.click(".cc-forgotten-hide")
    expect(page.locator(".cc-forgotten-note")).to_have_count(0)
    shown = page.inner_text("body")
    assert "Özdemir" not in shown and code not in shown, "nothing of the last person is on the screen"
    assert page.locator("textarea").count() == 0
    assert "code=" not in page.url
    participant.reload()
    page.wait_for_selector(".cc-start-new")
    assert code not in page.inner_text("body")
    participant.open()
    participant.page.wait_for_selector(".cc-start-new")
    assert participant.page.locator(".cc-code").count() == 0


@pytest.mark.browser
def test_a_double_click_on_add_an_item_adds_one_row(visitor):
    """A walker's quick double press on „+ Punkt hinzufügen“ added two empty rows."""
    participant = visitor()
    start(participant)
    go_to_field(participant, "not-ready.exercise.questions")
    field = participant.page.locator(css("not-ready.exercise.questions"))
    before = field.locator("input, textarea").count()
    participant.person.double_click(field.locator(".cc-add-row"))
    expect(field.locator("input, textarea")).to_have_count(before + 1)
    participant.person.click(field.locator(".cc-add-row"))  # a second press, later, is a second row
    expect(field.locator("input, textarea")).to_have_count(before + 2)


FOCUSED = "(selector) => !!document.activeElement && document.activeElement.matches(selector)"


@pytest.mark.browser
@pytest.mark.parametrize(("phone", "language"), [(True, "de"), (False, "en")])
def test_does_forget_on_this_device_keep_its_distance_ask_first_and_give_the_code_once_more(
    visitor, phone: bool, language: str
):
    """A phone walk's thumb met „Auf diesem Gerät vergessen“, 8 px from „Notiert – einklappen“, and the code was
    gone at once, the notice without it. Now the two are 24 px apart on a phone (44 px targets; 12 px for a mouse,
    which keeps a laptop's header within a third of its screen), forget asks what
    it does and does not do, „Abbrechen“ puts the focus back on the button, and yes (here by keyboard) shows the
    code once more with the focus on that notice."""
    participant = visitor(phone=phone)
    code = start(participant, f"?lang={language}")
    page, person = participant.page, participant.person
    person.scroll_to_top()
    toggle, forget = (page.locator(selector).bounding_box() for selector in (".cc-code-toggle", ".cc-forget"))
    apart = max(forget["x"] - (toggle["x"] + toggle["width"]), forget["y"] - (toggle["y"] + toggle["height"]))
    assert apart >= (24 if phone else 12), f"„Notiert – einklappen“ and „vergessen“ are {apart:.0f} px apart"
    if phone:
        assert min(forget["height"], forget["width"], toggle["height"]) >= 44, "a finger's target"
    person.click(".cc-forget")
    question = page.locator(".cc-forget-confirm-text")
    expect(question).to_be_visible()
    assert code in question.inner_text(), "it says which code this device forgets"
    page.wait_for_function(FOCUSED, arg=".cc-forget-confirm-text p")
    person.click(".cc-forget-cancel")
    expect(question).to_be_hidden()
    page.wait_for_function(FOCUSED, arg=".cc-forget")
    assert page.inner_text(".cc-code").strip() == code, "cancel forgets nothing"
    person.press("Enter")  # the keyboard now: the focus is on the button again
    page.wait_for_function(FOCUSED, arg=".cc-forget-confirm-text p")
    yes, cancel = (page.locator(selector).bounding_box() for selector in (".cc-forget-yes", ".cc-forget-cancel"))
    assert max(cancel["x"] - yes["x"] - yes["width"], cancel["y"] - yes["y"] - yes["height"]) >= 24
    person.press("Tab")
    page.wait_for_function(FOCUSED, arg=".cc-forget-yes")
    person.press("Enter")
    page.wait_for_function(FOCUSED, arg=".cc-forgotten-note h2")
    note = page.locator(".cc-forgotten-note")
    assert code in note.inner_text() and person.focused_in_view(), "the code once more, where the focus is"
    assert page.locator(".cc-code-box").is_hidden(), "the header holds no code any more"
    person.click(".cc-forgotten-hide")
    expect(note).to_have_count(0)
    assert code not in page.inner_text("body")


@pytest.mark.browser
def test_does_the_moment_at_the_end_hold_the_take_home_in_reach(visitor, tmp_path):
    """A keyboard walk pressed „Workshop abschließen ✓“, read the moment and had to go back to the wrap-up for its
    PDF. The moment takes the focus, its PDF is the next Tab, on screen, and a tap downloads it."""
    participant = visitor(phone=True)
    start(participant, "?lang=de")
    page, person = participant.page, participant.person
    last = WORKSHOP.module_ids[-1]
    go_to(participant, last)
    to_step(participant, last, step_count(last, WORKSHOP))
    person.click(".cc-finish")
    page.wait_for_function(FOCUSED, arg=".cc-complete h2")
    person.press("Tab")
    page.wait_for_function(FOCUSED, arg=".cc-complete-pdf")
    assert person.focused_in_view(), "the PDF is on screen where the focus is"
    with page.expect_download() as download:
        person.click(".cc-complete-pdf")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    expect(page.locator(".cc-complete .cc-download-note")).to_contain_text("Downloads")
