"""The question builder in Chromium: build a plan, edit it, reload, and download it (both languages)."""

from __future__ import annotations

import io
import re
import time

import pypdf
import pytest
from playwright.sync_api import expect

from coffeechat.content import load_workshop
from coffeechat.storage.journal import Journal

from .conftest import Visitor, wait_saved
from .journey import go_to, go_to_field, start, to_step

WORKSHOP = load_workshop()


def plan_texts(page) -> list[str]:
    return [box.input_value() for box in page.locator(".cc-question .cc-question-text textarea").all()]


def edits_saved(data_dir, code: str, condition, timeout: float = 15.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        journal = Journal(data_dir / "journal.sqlite3")
        try:
            edits = journal.get(code, "builder.edits") or {}
        finally:
            journal.close()
        if condition(edits):
            return edits
        time.sleep(0.2)
    raise AssertionError("the plan edits did not reach the server")


BUILDER = "question-builder"


def open_builder(participant: Visitor) -> None:
    """Open the builder by its step in the stepper; it opens at the step the participant left it (first: 1)."""
    participant.page.click(f".cc-step-{BUILDER}")
    participant.page.wait_for_selector(f".cc-shows-{BUILDER} .cc-module-step", state="visible")
    participant.page.wait_for_selector(".cc-builder .cc-question", state="attached")


def builder_step(participant: Visitor, step: int) -> None:
    """Press Next (or Back) below the builder, as a person does, until its step ``step`` is on screen: 1 the
    conversation, 2 the plan, 3 the messages, 4 the take-home."""
    to_step(participant, BUILDER, step)


def type_and_enter(page, selector: str, text: str) -> None:
    page.fill(selector, text)
    page.press(selector, "Enter")


def wait_for_plan_of(page, minutes: int) -> None:
    """Wait until the plan on screen is the one for ``minutes`` (its total line says so)."""
    before, after = WORKSHOP.t("builder.minutes_total", "de", total="TOTAL", asked=minutes).split("TOTAL")
    page.wait_for_function(
        "([before, after]) => { const total = document.querySelector('.cc-plan-total');"
        " return total && total.textContent.startsWith(before) && total.textContent.endsWith(after); }",
        arg=[before, after],
    )


def question_ids(page) -> list[str]:
    """The question ids of the plan on screen, top to bottom (each row carries ``cc-question-<id>``)."""
    ids = []
    for row in page.locator(".cc-question").all():
        classes = (row.get_attribute("class") or "").split()
        ids += [
            c.removeprefix("cc-question-")
            for c in classes
            if c.startswith("cc-question-") and c != "cc-question-starred"
        ]
    return ids


@pytest.mark.browser
def test_an_edited_plan_survives_a_reload_and_downloads_as_pdf(visitor, data_dir, tmp_path):
    participant = visitor()
    code = start(participant)
    open_builder(participant)
    page = participant.page
    type_and_enter(page, ".cc-builder-contact-name input", "Frau Ölmez")
    type_and_enter(page, ".cc-builder-contact-role textarea", "Stadtplanerin")
    page.click(".cc-builder-minutes >> text=30")
    wait_for_plan_of(page, 30)
    builder_step(participant, 2)
    assert "Schritt 2 von 4" in page.inner_text(f".cc-shows-{BUILDER} .cc-module-step-2 .cc-module-step-heading")
    removed = question_ids(page)[0]
    removed_text = page.input_value(f".cc-question-{removed} .cc-question-text textarea")
    page.click(f".cc-question-{removed} .cc-remove")
    page.wait_for_selector(f".cc-question-{removed}", state="detached")
    page.wait_for_function("document.querySelectorAll('.cc-question').length >= 2")
    reworded, starred = question_ids(page)[:2]
    own = "Wie erleben Sie Bürgerbeteiligung – Ärger oder Freude? 🙂"
    page.fill(f".cc-question-{reworded} .cc-question-text textarea", own)
    page.press(f".cc-question-{reworded} .cc-question-text textarea", "Tab")  # a question is saved on leaving it
    page.click(f".cc-question-{starred} .cc-star")
    page.wait_for_selector(f".cc-question-{starred}.cc-question-starred")
    edits_saved(data_dir, code, lambda e: e.get("reworded") and e.get("starred") and e.get("removed"))
    before = plan_texts(page)
    assert own in before and removed_text not in before

    participant.reload()
    page.wait_for_selector(".cc-builder .cc-question")  # visible: the reload lands on the plan's step
    assert plan_texts(page) == before, "the edited plan is back after a reload"
    assert page.locator(".cc-question-starred").count() == 1

    builder_step(participant, 4)
    with page.expect_download() as pdf_download:
        participant.person.click(".cc-download-pdf")
    pdf_path = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_path)
    reader = pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = reader.pages[0].extract_text().replace("\n", " ")
    assert len(reader.pages) == 1
    assert "Bürgerbeteiligung" in text and "Frau Ölmez" in text
    assert page.url.startswith(participant.server), "the download did not leave the page"


@pytest.mark.browser
def test_an_english_participant_gets_an_english_plan_and_message_draft(visitor, data_dir, tmp_path):
    participant = visitor()
    start(participant, "?lang=en")
    open_builder(participant)
    page = participant.page
    type_and_enter(page, ".cc-builder-contact-name input", "Ms Okafor")
    page.wait_for_function("document.querySelector('.cc-outreach-text textarea').value.includes('Ms Okafor')")
    builder_step(participant, 3)
    check = page.inner_text(".cc-outreach-check")
    assert "Your name" in check, "the page says in words what is still open"
    assert "{" not in check + page.input_value(".cc-outreach-text textarea"), "no raw placeholder on the page"
    # one message at a time: the thank-you note is one tap away on its chip, the request then out of sight
    participant.person.click(".cc-message-choice button >> text=Thank-you")
    page.wait_for_selector(".cc-message-box-thank-you .cc-thank-you-text textarea", state="visible")
    assert not page.locator(".cc-outreach-text textarea").is_visible()
    assert page.get_attribute(".cc-message-choice button.mod-active", "aria-pressed") == "true"
    builder_step(participant, 4)
    with page.expect_download() as markdown_download:
        participant.person.click(".cc-download-markdown")
    path = tmp_path / markdown_download.value.suggested_filename
    markdown_download.value.save_as(path)
    markdown = path.read_text(encoding="utf-8")
    assert path.name.startswith(WORKSHOP.t("builder.file_stem", "en"))
    assert markdown.startswith(f"# {WORKSHOP.t('builder.plan_title', 'en')}")
    assert "Ms Okafor" in markdown
    for text in plan_texts(page):
        assert text in markdown


@pytest.mark.browser
def test_a_warm_up_line_with_a_blank_gets_my_word_on_a_phone_and_my_plan_says_it(visitor, data_dir):
    """A walker chose „… an der [Hochschule] studiert haben“ and found nowhere to put their university: choosing
    the line shows its field right under it; the plan's opening says the line with the word typed there."""
    participant = visitor(phone=True)
    code = start(participant)
    go_to_field(participant, "not-good-at-networking.exercise.warm-up")
    line = participant.page.locator(".cc-key-not-good-at-networking-exercise-warm-up .widget-checkbox").nth(3)
    blank = participant.page.locator(".cc-blank input").first
    assert not blank.is_visible(), "no field before the line is chosen"
    participant.person.click(line)
    participant.person.type(blank, "TU Dresden 🎓")
    wait_saved(data_dir, code, "not-good-at-networking.exercise.warm-up", ["shared-background"])
    wait_saved(
        data_dir,
        code,
        "not-good-at-networking.exercise.warm-up.blanks",
        {"shared-background": ["TU Dresden 🎓"], "their-post": [""]},
    )
    open_builder(participant)
    builder_step(participant, 2)
    opening = participant.page.locator(".cc-builder li", has_text="studiert haben").first
    expect(opening).to_have_text("„Ich habe gesehen, dass Sie auch an der TU Dresden 🎓 studiert haben.“")


#: the draft on screen (one message at a time) and the copy button under it
SHOWN_DRAFT = ".cc-message-box:visible .cc-message-text textarea"
SHOWN_COPY = ".cc-message-box:visible .cc-copy button"
SHOWN_COPY_NOTE = ".cc-message-box:visible .cc-copy-note"


def to_messages_on_a_phone(participant: Visitor) -> None:
    """Start, open the builder by its step and press Next to its messages, all by touch as a person does."""
    start(participant)
    go_to(participant, BUILDER)
    builder_step(participant, 3)


@pytest.mark.browser
def test_on_a_phone_a_draft_message_is_copied_with_one_tap(visitor):
    """Can I get my draft (with my own edit) out of the app on a phone? One tap on "Kopieren" puts exactly the
    text I see on the clipboard, and the page says so, politely."""
    participant = visitor(phone=True)
    participant.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=participant.server.rstrip("/"))
    to_messages_on_a_phone(participant)
    page, person = participant.page, participant.person
    # my own words for the whole draft, with no gap left in it (a draft with gaps says so: the next test)
    person.type(SHOWN_DRAFT, "Guten Tag Frau Özdemir, hätten Sie 20 Minuten für mich? Danke & Grüße 🙂 ", clear=True)
    copy = page.locator(SHOWN_COPY)
    expect(copy).to_have_text(WORKSHOP.t("builder.copy", "de"))
    box = copy.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44, f"a finger needs 44 px: {box}"
    person.click(SHOWN_COPY)
    note = page.locator(SHOWN_COPY_NOTE)
    expect(note).to_have_text(WORKSHOP.t("builder.copied", "de"))
    assert note.get_attribute("aria-live") == "polite"
    draft = page.input_value(SHOWN_DRAFT)
    assert "Danke & Grüße 🙂" in draft
    assert page.evaluate("() => navigator.clipboard.readText()") == draft, "the clipboard holds the draft as seen"
    expect(note).to_have_text("", timeout=15_000)  # "Kopiert" passes after a few seconds


@pytest.mark.browser
def test_a_draft_with_gaps_is_copied_with_a_note_of_what_is_still_open(visitor):
    """„✓ Kopiert“ stood under a draft that still said „[Ihr Name fehlt]“. The tap copies it all the same, and the
    note says what is still open, without the tick, and stays while that draft is shown."""
    participant = visitor(phone=True)
    participant.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=participant.server.rstrip("/"))
    to_messages_on_a_phone(participant)
    page, person = participant.page, participant.person
    still_open = page.locator(".cc-message-box:visible .cc-live .cc-status-warn").first
    expect(still_open).to_contain_text(WORKSHOP.t("builder.unfilled", "de", names=""))
    names = still_open.inner_text().strip().removeprefix(WORKSHOP.t("builder.unfilled", "de", names=""))
    person.click(SHOWN_COPY)
    note = page.locator(SHOWN_COPY_NOTE)
    expect(note).to_have_text(WORKSHOP.t("builder.copied_open", "de", names=names))
    expect(note).not_to_have_class(re.compile(r"cc-copy-done"))
    assert page.evaluate("() => navigator.clipboard.readText()") == page.input_value(SHOWN_DRAFT), "copied anyway"


@pytest.mark.browser
def test_without_a_clipboard_the_draft_is_marked_and_the_page_says_how_to_copy_it(visitor):
    """A room on plain http (no secure context) has no clipboard API: the tap marks the whole draft instead and
    says so, so that nothing fails in silence."""
    participant = visitor(phone=True)
    # no clipboard API, and the old copy command refused (as some phones do): only marking is left
    participant.page.add_init_script("delete Navigator.prototype.clipboard; document.execCommand = () => false;")
    to_messages_on_a_phone(participant)
    page, person = participant.page, participant.person
    person.click(SHOWN_COPY)
    expect(page.locator(SHOWN_COPY_NOTE)).to_have_text(WORKSHOP.t("builder.copy_marked", "de"))
    marked = page.eval_on_selector(
        SHOWN_DRAFT,
        "(el) => [document.activeElement === el, el.selectionStart, el.selectionEnd, el.value.length]",
    )
    assert marked[0] and marked[1] == 0 and marked[2] == marked[3] > 0, f"the whole draft is marked: {marked}"


@pytest.mark.browser
def test_on_a_phone_the_question_a_swap_brings_is_in_view_whole(visitor):
    """A walker tapped ⇄ on a question and the page jumped by about 670 px: the new question's text was above the
    window's top edge, only its buttons in view. The question that came in is on screen, text and buttons."""
    participant = visitor(phone=True)
    start(participant)
    open_builder(participant)
    builder_step(participant, 2)
    swap = participant.page.locator(".cc-question button.cc-swap").nth(2)
    participant.person.reach(swap)
    before = question_ids(participant.page)
    participant.person.click(swap)
    participant.page.wait_for_function("(n) => document.querySelectorAll('.cc-question').length === n", arg=len(before))
    participant.page.wait_for_function(
        "(old) => { const a = document.activeElement; return a && a.matches('button.cc-swap')"
        " && !a.closest('.cc-question-' + old); }",
        arg=before[2],
    )
    row = participant.page.locator(".cc-question:has(button.cc-swap:focus)")
    box = row.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, f"the new question is cut: {box}"


#: the question ids of the plan's rows, top to bottom, as the page has them
ROW_IDS = """() => [...document.querySelectorAll('.cc-question')].map((row) => [...row.classList].find(
    (c) => c.startsWith('cc-question-') && c !== 'cc-question-starred').slice('cc-question-'.length))"""


@pytest.mark.browser
def test_on_a_phone_the_plans_buttons_stay_under_the_finger_and_a_removed_question_comes_back(visitor):
    """A phone walk tapped ⇄ at y=107 and found it at y=718: the plan was drawn anew, the page shrank for a moment
    and scrolled, and a second tap where ⇄ had been removed a question, with no way back. The ⇄ tapped stays
    under the finger; ✕ leaves „↶ Zurückholen“ where the row was, with the focus on it, and it brings the
    question back."""
    participant = visitor(phone=True)
    start(participant)
    open_builder(participant)
    builder_step(participant, 2)
    page, person = participant.page, participant.person
    before = question_ids(page)
    swap = page.locator(".cc-question button.cc-swap").nth(2)
    person.reach(swap)
    tapped = person.box(swap)
    person.click(swap)
    # the swap is done once the focus is on the ⇄ of the question that came in, in the third row
    page.wait_for_function(
        "([old, ids]) => { const a = document.activeElement, rows = document.querySelectorAll('.cc-question');"
        " return a && a.matches('button.cc-swap') && rows.length === ids && rows[2].contains(a)"
        " && !rows[2].classList.contains('cc-question-' + old); }",
        arg=[before[2], len(before)],
    )
    x, y = tapped.middle
    page.wait_for_function(
        "([x, y]) => { const box = document.activeElement.getBoundingClientRect();"
        " return Math.abs(box.x + box.width / 2 - x) <= 3 && Math.abs(box.y + box.height / 2 - y) <= 3; }",
        arg=[x, y],
    )
    under = page.evaluate("([x, y]) => document.elementFromPoint(x, y) === document.activeElement", [x, y])
    assert under, f"the ⇄ tapped at ({x:.0f}, {y:.0f}) is no longer under the finger: {person.box(swap)}"

    ids = question_ids(page)
    row = page.locator(f".cc-question-{ids[3]}")
    person.reach(row.locator("button.cc-remove"))
    was = person.box(row)
    person.click(row.locator("button.cc-remove"))
    undo = page.locator(".cc-removed-line:not(.cc-hidden) button.cc-undo-remove")
    expect(undo).to_be_focused()
    expect(page.locator(".cc-removed-line:not(.cc-hidden)")).to_contain_text(
        WORKSHOP.t("builder.removed", "de", question="")[-9:]
    )
    line = person.box(undo)
    assert person.in_view(undo), f"„↶ Zurückholen“ is out of sight: {line}"
    assert was.y - 3 <= line.y <= was.y + was.height, f"„↶ Zurückholen“ at {line}, not where the row was: {was}"
    person.click(undo)
    page.wait_for_function(f"(ids) => JSON.stringify(({ROW_IDS})()) === JSON.stringify(ids)", arg=ids)
    expect(row.locator("button.cc-remove")).to_be_focused()
    expect(page.locator(".cc-removed-line:not(.cc-hidden)")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "window"),
    [("de", {"phone": True}), ("en", {"viewport": {"width": 1280, "height": 800}, "locale": "en-GB"})],
)
def test_a_former_colleague_named_aoife_shows_the_first_name_field_in_sight_and_greets_aoife(visitor, language, window):
    """A walker typed „Aoife“, chose a former colleague, and first-name terms ticked themselves: the first-name
    field appeared out of sight, far above, and the drafts said „Hi [first name missing],“. Now the field shows
    right below the relationship's sentence, in view, says it is optional, and the draft greets Aoife."""
    participant = visitor(**window)
    start(participant, f"?lang={language}")
    open_builder(participant)
    person, page = participant.person, participant.page
    person.type(".cc-builder-contact-name input", "Aoife")
    page.keyboard.press("Enter")
    # the participant reads on down to the relationship: it stands in the upper part of the window
    relationship = person.bring_to_top(".cc-builder-relationship select", at=page.viewport_size["height"] / 4)
    label = next(r.label[language] for r in WORKSHOP.bank.relationships if r.id == "former-colleague")
    person.select(relationship, label)
    first_name = page.locator(".cc-builder-contact-first-name")
    expect(first_name).to_be_visible()
    expect(page.locator(".cc-builder-informal input")).to_be_checked()
    assert person.in_view(first_name.locator("input")), "the field shows where the participant is"
    expect(first_name).to_contain_text("optional")
    expect(first_name).to_contain_text("Aoife")
    builder_step(participant, 3)
    greeting = "Hallo Aoife," if language == "de" else "Hi Aoife,"
    expect(page.locator(".cc-outreach-text textarea")).to_have_value(re.compile("^" + greeting, re.M))


@pytest.mark.browser
def test_copied_is_said_only_while_the_draft_copied_is_the_one_shown(visitor):
    """A walker copied the e-mail draft, switched to the LinkedIn one, and „✓ Kopiert“ still stood under it, as if
    that one had been copied. The note goes as soon as the field shows another text: another channel's draft,
    or an edit of my own. This fresh draft has gaps, so its note („Kopiert – aber noch offen: …“) never passes with
    time (copy.js): only the switch or the edit can take it away. (A paused page clock once did that job here,
    and a person's scrolling, which waits for drawn frames, hung under it for half an hour.)"""
    participant = visitor(phone=True)
    participant.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=participant.server.rstrip("/"))
    to_messages_on_a_phone(participant)
    page, person = participant.page, participant.person
    still_open = re.compile("^" + re.escape(WORKSHOP.t("builder.copied_open", "de", names="")[:12]))
    note = page.locator(SHOWN_COPY_NOTE)
    person.click(SHOWN_COPY)
    expect(note).to_have_text(still_open)
    draft = page.input_value(SHOWN_DRAFT)
    person.click(page.locator(".cc-outreach-channel button").nth(1))  # another channel
    expect(page.locator(SHOWN_DRAFT)).not_to_have_value(draft)
    expect(note).to_have_text("")
    person.click(SHOWN_COPY)
    expect(note).to_have_text(still_open)
    person.type(SHOWN_DRAFT, " Danke!")
    expect(note).to_have_text("")


@pytest.mark.browser
def test_a_double_click_on_the_pocket_card_downloads_it_once(visitor):
    """An impatient double click on „Taschenkarte (PDF)“ gave two files (a phone's double tap too). A double click
    is one download; a click on the other button after it is the next download, not a second card."""
    participant = visitor()
    start(participant)
    open_builder(participant)
    builder_step(participant, 4)
    page = participant.page
    downloads: list[str] = []
    page.on("download", lambda download: downloads.append(download.suggested_filename))
    with page.expect_download() as card:
        participant.person.double_click(".cc-download-pdf")
    assert card.value.suggested_filename.endswith(".pdf")
    # the kernel makes the files in the order of the clicks: a second card would come before the text file
    with page.expect_download(predicate=lambda download: download.suggested_filename.endswith(".md")):
        participant.person.click(".cc-download-markdown")
    assert [name.rsplit(".", 1)[1] for name in downloads] == ["pdf", "md"], downloads


@pytest.mark.browser
def test_enter_pressed_twice_on_the_pocket_card_downloads_it_once(visitor):
    """A keyboard walk pressed Enter twice, quickly, on a download and got two files (a key's click has no count of
    clicks, so the double click's guard let both through). Two quick presses are one download."""
    participant = visitor()
    start(participant)
    open_builder(participant)
    builder_step(participant, 4)
    page = participant.page
    downloads: list[str] = []
    page.on("download", lambda download: downloads.append(download.suggested_filename))
    participant.person.tab_to(".cc-download-pdf")
    with page.expect_download():
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
    participant.person.tab_to(".cc-download-markdown")
    with page.expect_download(predicate=lambda download: download.suggested_filename.endswith(".md")):
        page.keyboard.press("Enter")
    assert [name.rsplit(".", 1)[1] for name in downloads] == ["pdf", "md"], downloads


@pytest.mark.browser
def test_on_a_phone_the_download_note_moves_nothing_under_the_finger(visitor):
    """After a tap on „Taschenkarte (PDF)“ the note „Die Datei wird heruntergeladen …“ pushed everything down: the
    walker's next tap, where Next had been, unticked „done“. Next stays where it was when the note appears."""
    participant = visitor(phone=True)
    start(participant)
    open_builder(participant)
    builder_step(participant, 4)
    page, person = participant.page, participant.person
    person.reach(".cc-download-pdf")  # in the window: the tap below does not scroll
    before = person.box(".cc-next")
    with page.expect_download():
        person.click(".cc-download-pdf")
    expect(page.locator(".cc-download-note")).to_contain_text(WORKSHOP.t("builder.downloaded", "de"))
    after = person.box(".cc-next")
    assert (after.x, after.y) == (before.x, before.y), f"Next moved from {before} to {after}"


@pytest.mark.browser
def test_enter_in_the_own_question_field_adds_the_whole_question(visitor):
    """A walk: Enter in the own-question field did nothing. It adds the question, as the button does,
    and all of it: the page sends the last keys typed before Enter's message (a first try added „Was würden
    Sie he“: the question's last letters were still held back when Enter arrived). The field grows with a long
    question (a one-line input hid its end: issue 27's walks), and Enter there adds it, no new line."""
    participant = visitor()
    start(participant)
    go_to(participant, BUILDER)
    builder_step(participant, 2)
    page, person = participant.page, participant.person
    own = (
        "Was würden Sie heute anders machen, wenn Sie noch einmal am Anfang stünden und schon wüssten, was Sie"
        " heute wissen?"
    )
    person.type(".cc-own-text textarea", own)
    field = page.locator(".cc-own-text textarea")  # a long question is seen whole (a one-line input hid its end)
    expect(field).to_have_value(own)
    page.wait_for_function(
        "() => { const f = document.querySelector('.cc-own-text textarea');"
        " return f.scrollHeight <= f.clientHeight + 1 && f.clientHeight > 40; }"
    )
    person.press("Enter")
    values = "() => [...document.querySelectorAll('.cc-question textarea')].map((field) => field.value)"
    page.wait_for_function(f"(own) => ({values})().includes(own)", arg=own)
    assert not [v for v in page.evaluate(values) if v != own and own.startswith(v)], "no question cut short"
    expect(page.locator(".cc-own-text textarea")).to_have_value("")
