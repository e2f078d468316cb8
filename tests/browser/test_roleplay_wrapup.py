"""Role-play and wrap-up in Chromium: different material per role, a timer that ends, take-home, erase."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from playwright.sync_api import expect

from coffeechat.content import load_workshop
from coffeechat.models.builder import plan_from_answers
from coffeechat.models.roleplay import PLAN_PERSONA, follow_up_about, persona, plan_question_about, rehearsal_replies
from coffeechat.storage.journal import Journal

from .conftest import wait_saved
from .journey import choose_practice, css, go_to, go_to_field, start, step_shown, to_step
from .person import Person

WORKSHOP = load_workshop()
PERSONA = WORKSHOP.role_cards.personas[0]
#: the solo rehearsal's first persona: the contact of the participant's plan (none described yet)
PLAN_CONTACT = persona(WORKSHOP, PLAN_PERSONA, {})


def open_module(participant, module_id: str, css: str) -> None:
    participant.page.click(f".cc-step-{module_id}")
    participant.page.wait_for_selector(css)


@pytest.mark.browser
def test_asker_and_contact_in_the_same_round_see_different_material(visitor):
    asker, contact = visitor(), visitor()
    start(asker)
    start(contact)
    open_module(asker, "role-play", ".cc-roleplay")
    open_module(contact, "role-play", ".cc-roleplay")
    for each in (asker, contact):
        choose_practice(each, "group")  # alone, the solo practice comes first
        to_step(each, "role-play", 2)  # the round: the role and its material
    asker.page.click(".cc-role >> text=" + WORKSHOP.t("roleplay.role.asker", "de"))
    contact.page.click(".cc-role >> text=" + WORKSHOP.t("roleplay.role.contact", "de"))
    contact.page.wait_for_selector(".cc-persona-card")
    asker.page.wait_for_selector(".cc-asker-plan")
    contact_text = contact.page.inner_text(".cc-role-material")
    asker_text = asker.page.inner_text(".cc-role-material")
    assert PERSONA.facts[0]["de"] in contact_text
    assert PERSONA.facts[0]["de"] not in asker.page.inner_text("body"), "the asker never sees the persona card"
    assert asker.page.locator(".cc-asker-plan li").count() >= 3
    assert (
        WORKSHOP.t("roleplay.your_plan", "de") in asker_text
        and WORKSHOP.t("roleplay.your_plan", "de") not in contact_text
    )


def wholly_in_view(participant, locator) -> None:
    """The element is inside the window from its top to its bottom (not only its middle)."""
    expect(locator).to_be_in_viewport(ratio=1)
    box, size = locator.bounding_box(), participant.page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (box, size)


def open_rehearsal(participant) -> None:
    """The role-play's practice step, practising alone (chosen on its first step, as a person does)."""
    page = participant.page
    if not page.locator(".cc-shows-role-play").count():
        go_to(participant, "role-play")
    if not page.locator(".cc-solo-ask").count():
        to_step(participant, "role-play", 1)
        participant.person.click(page.locator(".cc-roleplay-mode button").nth(1))
    to_step(participant, "role-play", 2)
    page.wait_for_selector(".cc-solo-ask")


@pytest.mark.browser
def test_on_a_phone_does_each_answer_of_the_rehearsal_come_into_view_and_a_follow_up_get_one_too(visitor, data_dir):
    """The walk at 390x844: after "Ask" the answer appeared below the fold and nothing showed that anything
    happened; a follow-up had no send button and the persona never answered it."""
    participant = visitor(phone=True)
    code = start(participant)
    page, person = participant.page, participant.person
    open_rehearsal(participant)
    question = plan_from_answers(WORKSHOP, {}).questions[0]
    text = question.text(WORKSHOP.bank, "de")
    about = plan_question_about(WORKSHOP, question, text)
    follow_up = "Wie läuft so ein Tag genau ab – und was hat Sie überrascht? 🚋🙂"
    follow = follow_up_about(WORKSHOP, about, follow_up)
    first, second = (
        r.text for r in rehearsal_replies(PLAN_CONTACT, [about, follow], "de", WORKSHOP.role_cards.generic_answers)
    )
    assert second in {a["de"] for answers in PLAN_CONTACT.answers.values() for a in answers}, "from the card"

    person.click(".cc-solo-ask")
    answer = page.locator(".cc-solo-turn-0 .cc-solo-reply-answer")
    expect(answer).to_contain_text(first)
    expect(answer).to_be_focused()
    wholly_in_view(participant, answer)

    person.type(".cc-solo-turn-0 .cc-solo-follow-up textarea", follow_up)
    person.click(".cc-solo-turn-0 .cc-solo-send-follow-up")
    reply = page.locator(".cc-solo-turn-0 .cc-solo-reply-follow-up")
    expect(reply).to_contain_text(second)
    expect(reply).to_be_focused()
    wholly_in_view(participant, reply)
    expect(page.locator(".cc-solo-turn-0 .cc-solo-follow-up-sent")).to_contain_text(follow_up)
    expect(page.locator(".cc-solo-turn-0 .cc-solo-follow-up")).to_have_count(0)
    wait_saved(
        data_dir, code, "solo.turns", [{**saved_turn(data_dir, code), "follow_up": follow_up, "follow_up_sent": True}]
    )

    # the third reply: the plan's contact asks back, and there is a place to answer under the tip
    assert PLAN_CONTACT.reaction_every == 3 and PLAN_CONTACT.reactions[0].asks
    person.click(".cc-solo-ask")
    expect(page.locator(".cc-solo-turn-1 .cc-solo-reaction")).to_contain_text(PLAN_CONTACT.reactions[0].text["de"])
    mine = "Ja, sehr – ich nehme mit, wie viel Zuhören zählt."
    person.type(".cc-solo-turn-1 .cc-solo-reaction-reply textarea", mine)
    person.click(".cc-solo-turn-1 .cc-solo-reaction")  # a tap beside the field, as a thumb closes the keyboard
    expect(page.locator(".cc-solo-turn-1 .cc-solo-reaction-saved")).to_contain_text(
        WORKSHOP.t("roleplay.reaction_reply_saved", "de")
    )
    expect(page.locator(".cc-solo-turn-1 .cc-solo-reaction-saved")).to_be_in_viewport()  # just under the field
    expect(page.locator(".cc-solo-turn-1 .cc-solo-reply-follow-up")).to_have_count(0)

    participant.reload()
    open_rehearsal(participant)
    expect(page.locator(".cc-solo-turn-1 .cc-solo-reaction-reply textarea")).to_have_value(mine)
    expect(page.locator(".cc-solo-turn-0 .cc-solo-follow-up-sent")).to_contain_text(follow_up)
    expect(page.locator(".cc-solo-turn-0 .cc-solo-reply-answer")).to_contain_text(first)
    expect(page.locator(".cc-solo-turn-0 .cc-solo-reply-follow-up")).to_contain_text(second)
    assert step_shown(participant, "role-play") == 2


def saved_turn(data_dir, code) -> dict:
    journal = Journal(data_dir / "journal.sqlite3")
    try:
        return (journal.get(code, "solo.turns") or [{}])[0]
    finally:
        journal.close()


@pytest.mark.browser
def test_the_round_timer_counts_down_and_signals_the_end(visitor, data_dir):
    participant = visitor()
    participant.page.clock.install()
    code = start(participant)
    open_module(participant, "role-play", ".cc-roleplay")
    choose_practice(participant, "group")  # alone, the solo practice comes first
    to_step(participant, "role-play", 2)  # the round, with its timer
    page = participant.page
    assert page.inner_text(".cc-timer-display") == "8:00"
    page.click(".cc-timer-start")
    page.clock.run_for(61_000)
    shown = page.inner_text(".cc-timer-display")
    assert shown in ("6:59", "6:58"), shown
    to_step(participant, "role-play", 3)  # the debrief, while the round's timer runs on out of sight
    page.fill(".cc-debrief textarea >> nth=0", "Ich tippe, während die Uhr läuft …")
    page.clock.run_for(7 * 60_000)
    to_step(participant, "role-play", 2)
    page.wait_for_selector(".cc-timer.cc-timer-done")
    assert page.inner_text(".cc-timer-display") == "0:00"
    assert WORKSHOP.t("roleplay.timer_done", "de") in page.inner_text(".cc-timer-message")
    wait_saved(data_dir, code, "roleplay.round-1.timer-finished", True)
    wait_saved(data_dir, code, "roleplay.round-1.went-well", "Ich tippe, während die Uhr läuft …")


@pytest.mark.browser
def test_does_by_when_start_at_the_day_of_my_next_step_and_say_where_it_came_from(visitor, data_dir):
    """A walk: „Bis wann“ stood empty though the participant had just dated a next step in a fear module."""
    participant = visitor()
    code = start(participant)
    page = participant.page
    day = dt.date.today() + dt.timedelta(days=5)
    go_to_field(participant, "regret.next_step.due")
    participant.person.reach(f"{css('regret.next_step.due')} input[type=date]")
    page.fill(f"{css('regret.next_step.due')} input[type=date]", day.isoformat())
    wait_saved(data_dir, code, "regret.next_step.due", day.isoformat())
    open_module(participant, "wrap-up", ".cc-wrapup")
    to_step(participant, "wrap-up", 2)  # the commitment
    expect(page.locator(f"{css('wrapup.commit.due')} input[type=date]")).to_have_value(day.isoformat())
    expect(page.locator(".cc-due-source")).to_contain_text(WORKSHOP.fear("regret").title["de"])
    participant.person.reach(".cc-due-source")


@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "en"])
def test_take_home_has_my_own_words_and_erase_leaves_nothing(visitor, data_dir, tmp_path, language):
    participant = visitor()
    code = start(participant, "" if language == "de" else "?lang=en")
    page = participant.page
    words = "Jörg Übel anschreiben – endlich! 🙂"
    open_module(participant, "regret", ".cc-fear-regret")
    go_to_field(participant, "regret.next_step.action")  # the fear's step 4
    page.fill(".cc-next-step textarea", words)
    wait_saved(data_dir, code, "regret.next_step.action", words)
    open_module(participant, "wrap-up", ".cc-wrapup")
    to_step(participant, "wrap-up", 2)  # the first step: the commitment
    participant.person.type(".cc-commitment textarea", "Frau Öztürk", clear=True)
    wait_saved(data_dir, code, "wrapup.commit.who", "Frau Öztürk")
    to_step(participant, "wrap-up", 4)  # the end: no date yet, so one line and the way back to it
    page.wait_for_selector(".cc-end-to-commitment", state="visible")
    assert WORKSHOP.t("wrapup.end_no_step", language) in page.inner_text(".cc-end-next")
    participant.person.click(".cc-end-to-commitment")
    page.wait_for_selector(".cc-wrapup .cc-module-step-2", state="visible")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('.cc-wrapup .cc-module-step-2 h3')"
    )
    to_step(participant, "wrap-up", 3)  # take it home

    with page.expect_download() as markdown_download:
        participant.person.click(".cc-take-home-md")
    # the note says so beside the button that made the file
    page.wait_for_selector(".cc-download-row:has(.cc-take-home-md) .cc-download-note span")
    markdown_path = tmp_path / markdown_download.value.suggested_filename
    markdown_download.value.save_as(markdown_path)
    markdown = markdown_path.read_text(encoding="utf-8")
    assert words in markdown and "Frau Öztürk" in markdown
    assert markdown.startswith(f"# {WORKSHOP.manifest.title[language]}")

    with page.expect_download() as pdf_download:
        participant.person.click(".cc-take-home-pdf")
    pdf_path = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_path)
    reader = pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes()))
    pdf_text = " ".join(p.extract_text() for p in reader.pages).replace("\n", " ")
    assert words in pdf_text, "the participant's words, the emoji too"
    assert WORKSHOP.t("wrapup.take_home_title", language) in pdf_text

    participant.person.click(".cc-erase")
    participant.person.click(".cc-erase-yes")
    page.wait_for_selector(".cc-start-new")
    assert not Journal(data_dir / "journal.sqlite3").participant_exists(code)
    participant.page.goto(f"{participant.server}?code={code}")
    participant.wait_ready()
    page.wait_for_selector(".cc-start-new")
    assert words not in page.inner_text("body")
    assert page.locator(".cc-code").count() == 0


@pytest.mark.browser
def test_does_a_double_click_on_ask_ask_one_question_and_leave_the_chance_to_follow_up(visitor, data_dir):
    """The walk: a double click on „Fragen“ asked two questions at once, so the first answer's follow-up was
    skipped; a double click on „Nachfragen“ sent its follow-up twice."""
    participant = visitor()
    code = start(participant)
    page, person = participant.page, participant.person
    open_rehearsal(participant)
    person.double_click(".cc-solo-ask")
    expect(page.locator(".cc-solo-turn-0 .cc-solo-reply-answer")).to_be_focused()
    person.type(".cc-solo-turn-0 .cc-solo-follow-up textarea", "Wie genau?")
    page.keyboard.press("Tab")  # the draft is kept: the kernel has handled both clicks by now
    wait_saved(data_dir, code, "solo.turns", [{**saved_turn(data_dir, code), "follow_up": "Wie genau?"}])
    assert page.locator(".cc-solo-turn").count() == 1, "one question asked"
    assert len(saved_turns(data_dir, code)) == 1

    person.double_click(".cc-solo-turn-0 .cc-solo-send-follow-up")
    expect(page.locator(".cc-solo-turn-0 .cc-solo-reply-follow-up")).to_be_focused()
    person.click(".cc-solo-ask")  # the next question, after the follow-up
    expect(page.locator(".cc-solo-turn-1 .cc-solo-reply-answer")).to_be_focused()
    turns = saved_turns(data_dir, code)
    assert len(turns) == 2 and turns[0]["follow_up_sent"] is True
    expect(page.locator(".cc-solo-turn")).to_have_count(2)
    expect(page.locator(".cc-status .cc-status-error")).to_have_count(0)


def saved_turns(data_dir, code) -> list:
    journal = Journal(data_dir / "journal.sqlite3")
    try:
        return journal.get(code, "solo.turns") or []
    finally:
        journal.close()


@pytest.mark.browser
@pytest.mark.parametrize("phone", [False, True], ids=["keyboard", "touch"])
def test_are_the_minutes_per_round_a_slider_with_a_plain_number_for_keys_and_thumbs(visitor, data_dir, phone):
    """The minutes per round had ipywidgets' editable number beside the slider, a Tab stop where the arrows did
    nothing (the ratings' was one too, until it became plain text): the number is text that follows the slider,
    moved by the arrow keys or by a thumb, and Tab goes on past it."""
    participant = visitor(phone=phone)
    code = start(participant)
    go_to(participant, "role-play")
    choose_practice(participant, "group")  # alone, the solo practice comes first
    to_step(participant, "role-play", 2)  # the round, with its minutes and timer
    page, person = participant.page, participant.person
    number = page.locator(".cc-round-minutes-value")
    expect(number).to_have_text("8")
    assert page.locator(".cc-round-minutes .widget-readout:visible").count() == 0, "no editable readout"
    if phone:
        person.drag_sideways(".cc-round-minutes .noUi-handle", 80)
        page.wait_for_function("() => document.querySelector('.cc-round-minutes-value').textContent.trim() !== '8'")
        minutes = int(number.inner_text())
        assert minutes > 8
    else:
        person = Person(page, by="keys")
        person.tab_to(".cc-round-minutes .noUi-handle")
        person.press("ArrowRight")
        minutes = 9
        expect(number).to_have_text("9")
        person.press("Tab")
        left = "() => !document.activeElement.isContentEditable && !document.activeElement.closest('.cc-round-minutes')"
        assert page.evaluate(left), "Tab leaves the slider: its number is no Tab stop"
    wait_saved(data_dir, code, "roleplay.minutes", minutes)
    expect(page.locator(".cc-timer-display")).to_have_text(f"{minutes}:00")


@pytest.mark.browser
def test_a_half_typed_date_is_said_kept_on_screen_and_the_saved_one_stays(visitor, data_dir):
    """A walk: a mistyped date (a day cleared, „31.02.“) got no word, and leaving the field erased the saved
    date (ipywidgets sends "no date" for what the browser cannot read). The page says how a date is typed, keeps
    what was typed, and the date saved before stays until a whole date replaces it."""
    participant = visitor()
    code = start(participant)
    page, person = participant.page, participant.person
    day = dt.date.today() + dt.timedelta(days=5)
    field = f"{css('regret.next_step.due')} input[type=date]"
    go_to_field(participant, "regret.next_step.due")
    person.reach(field)
    page.fill(field, day.isoformat())
    wait_saved(data_dir, code, "regret.next_step.due", day.isoformat())
    person.click(field)
    person.press("Backspace")  # one part of the date cleared: the browser cannot read it any more
    for _ in range(6):  # Tab moves through the date's parts first, then on to the next control
        person.press("Tab")
        if not page.evaluate("() => document.activeElement.type === 'date'"):
            break
    note = page.locator(".cc-shows-regret .cc-date-note")
    expect(note).to_have_text(WORKSHOP.t("field.date_unreadable", "de"))
    assert note.get_attribute("role") == "status"
    assert page.eval_on_selector(field, "(el) => el.validity.badInput"), "what was typed stays in the field"
    person.type(f"{css('regret.next_step.action')} textarea", "Frau Öztürk schreiben")
    wait_saved(data_dir, code, "regret.next_step.action", "Frau Öztürk schreiben")
    assert Journal(data_dir / "journal.sqlite3").get(code, "regret.next_step.due") == day.isoformat(), "kept"
    page.fill(field, (day + dt.timedelta(days=1)).isoformat())
    expect(note).to_have_count(0)
    wait_saved(data_dir, code, "regret.next_step.due", (day + dt.timedelta(days=1)).isoformat())


@pytest.mark.browser
def test_erasing_my_data_is_set_apart_from_back_and_next(visitor):
    """A walk: „Meine Daten löschen“ stood 8 px above „Zurück“ and „Weiter“, a button like them: a thumb on its
    way to Next could land on it. It is set apart in its own framed part, well away from the way on, and reads
    as what it is."""
    participant = visitor(phone=True)
    start(participant)
    go_to(participant, "wrap-up")
    to_step(participant, "wrap-up", 3)  # take it home, and your data
    page, person = participant.page, participant.person
    erase, onward = page.locator(".cc-erase:visible"), page.locator(".cc-back:visible")
    person.reach(onward)
    expect(erase).to_be_visible()
    gap = onward.bounding_box()["y"] - (erase.bounding_box()["y"] + erase.bounding_box()["height"])
    assert gap >= 48, f"only {gap} px between erasing and the way on"
    assert erase.evaluate("(el) => getComputedStyle(el).color") != onward.evaluate("(el) => getComputedStyle(el).color")
    assert page.locator(".cc-your-data:visible").count() == 1, "its own framed part"
