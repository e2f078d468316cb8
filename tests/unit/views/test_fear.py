"""A fear module in the kernel: does what the participant types or picks end up in the journal?"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as w
import pytest

from coffeechat.models.keys import TEXT_CHARS as MAX_TEXT_CHARS
from coffeechat.models.session import Session
from coffeechat.storage.journal import Journal
from coffeechat.views.fear import FearView
from coffeechat.views.fields import NextStepView
from tests.conftest import all_text, find, walk

FEAR_IDS = ["not-ready", "not-connected", "not-good-at-networking", "regret"]


def first(fear, kind):
    return next(p for p in (*fear.reflection, *fear.exercise.fields) if p.kind == kind)


def key_of(fear, prompt):
    section = "reflection" if prompt in fear.reflection else "exercise"
    return f"{fear.id}.{section}.{prompt.id}"


@pytest.mark.parametrize("fear_id", FEAR_IDS)
def test_every_fear_shows_the_same_blocks_in_german(session: Session, fear_id):
    fear = session.workshop.fear(fear_id)
    text = all_text(FearView(session, fear.id).widget)
    for block in (fear.title, fear.why_it_feels_true, fear.exercise.title, fear.next_step.label):
        assert block["de"].splitlines()[0][:40] in text
    for key in ("fear.in_your_words", "fear.reframe"):
        assert session.t(key) in text
    for number, name in enumerate(("fear", "reflection", "exercise", "next-step"), start=1):
        assert session.t("fear.step_position", number=number, total=4, name=session.t(f"fear.step.{name}")) in text


@pytest.mark.parametrize("fear_id", FEAR_IDS)
def test_facilitator_notes_never_reach_the_participant(session: Session, fear_id):
    fear = session.workshop.fear(fear_id)
    for language in session.workshop.languages:
        session.language = language
        text = all_text(FearView(session, fear.id).widget)
        first_note_line = fear.facilitator.notes[language].splitlines()[0]
        assert first_note_line not in text
        for question in fear.facilitator.debrief_questions:
            assert question[language] not in text


def test_typed_reflection_is_saved_verbatim(session: Session, journal: Journal):
    fear = session.workshop.fear("not-ready")
    prompt = first(fear, "text")
    view = FearView(session, fear.id)
    typed = "Ich möchte wissen, wie ein Tag aussieht 🙂 <script>alert(1)</script> & co."
    view.fields[key_of(fear, prompt)].input.value = typed
    assert journal.load(session.code)[key_of(fear, prompt)] == typed


def test_scale_choice_and_checklist_answers_are_saved(session: Session, journal: Journal):
    fear = session.workshop.fear("not-connected")
    view = FearView(session, fear.id)
    scale = first(fear, "scale")
    view.fields[key_of(fear, scale)].slider.value = 7
    checklist = first(fear, "checklist")
    boxes = view.fields[key_of(fear, checklist)].boxes
    second = checklist.options[1].id
    boxes[second].value = True
    saved = journal.load(session.code)
    assert saved[key_of(fear, scale)] == 7
    assert saved[key_of(fear, checklist)] == [second]
    regret = session.workshop.fear("regret")
    choice = first(regret, "choice")
    FearView(session, regret.id).fields[key_of(regret, choice)].input.value = choice.options[0].id
    assert journal.load(session.code)[key_of(regret, choice)] == choice.options[0].id


def test_contact_map_rows_are_saved_and_come_back(workshop, session: Session, journal: Journal):
    fear = workshop.fear("not-connected")
    table = first(fear, "table")
    key = key_of(fear, table)
    view = FearView(session, fear.id)
    editor_box = view.fields[key].input
    find(editor_box, "cc-add-row").click()
    rows = list(editor_box.children[0].children)
    assert len(rows) == 2
    cells = rows[0].children
    cells[0].value = "Jana Müller"
    relation = table.columns[1]
    cells[1].value = relation.options[0].id
    saved = journal.load(session.code)[key]
    assert saved == [
        {c.id: v for c, v in zip(table.columns, ["Jana Müller", relation.options[0].id, "", ""], strict=True)}
    ]
    again = Session(workshop, journal, code=session.code)
    restored = FearView(again, fear.id).fields[key].input
    assert restored.children[0].children[0].children[0].value == "Jana Müller"


def test_next_step_with_date_is_saved(session: Session, journal: Journal):
    fear = session.workshop.fear("regret")
    view = FearView(session, fear.id)
    view.next_step.action.value = "Frau Öztürk über das Alumni-Netzwerk anschreiben"
    view.next_step.due.value = dt.date(2026, 12, 3)
    saved = journal.load(session.code)
    assert saved["regret.next_step.action"].startswith("Frau Öztürk")
    assert saved["regret.next_step.due"] == "2026-12-03"


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_tapped_example_becomes_the_next_step_to_adapt_and_what_was_typed_stays(workshop, journal, language):
    """Issue 27's walks: the examples under a next step could only be read and typed off. A tap takes one into
    the field (the focus goes there, to make it one's own); over another example it replaces it, and after
    words of one's own it comes on a line of its own, so nothing typed is lost."""
    session = Session(workshop, journal, language=language)
    session.start_new()
    focused: list[str] = []
    view = FearView(session, "not-ready", focus=focused.append)
    first_example, second_example, _third = (e[language] for e in workshop.fear("not-ready").next_step.examples)
    chips = [b for b in walk(view.widget) if "cc-example" in getattr(b, "_dom_classes", ())]
    assert [chip.description for chip in chips[:2]] == [first_example, second_example], "each example a button"
    chips[0].click()
    assert view.next_step.action.value == first_example
    assert journal.load(session.code)["not-ready.next_step.action"] == first_example, "saved like typing"
    assert focused[-1].endswith("textarea") and "next_step-action" in focused[-1], "the focus goes into the field"
    chips[1].click()
    assert view.next_step.action.value == second_example, "another example replaces an untouched one"
    view.next_step.action.value = "Frau Öztürk fragen"
    chips[0].click()
    assert view.next_step.action.value == f"Frau Öztürk fragen\n{first_example}", "words of one's own stay"


def test_too_long_text_is_explained_and_kept_on_screen(session: Session, journal: Journal):
    fear = session.workshop.fear("not-ready")
    prompt = first(fear, "text")
    key = key_of(fear, prompt)
    messages = []
    session.on_status(lambda kind, message: messages.append((kind, message)))
    field = FearView(session, fear.id).fields[key]
    field.input.value = "kurz"
    huge = "ä" * (MAX_TEXT_CHARS + 1)
    field.input.value = huge
    assert field.input.value == huge
    assert journal.load(session.code)[key] == "kurz"
    assert messages[-1][0] == "rejected" and str(MAX_TEXT_CHARS) in messages[-1][1]


def test_a_forged_choice_from_the_browser_is_not_saved(session: Session, journal: Journal):
    fear = session.workshop.fear("not-connected")
    checklist = first(fear, "checklist")
    field = FearView(session, fear.id).fields[key_of(fear, checklist)]
    field.save(["not-an-option"])
    assert key_of(fear, checklist) not in journal.load(session.code)


def test_views_follow_the_language(session: Session):
    fear = session.workshop.fear("not-good-at-networking")
    session.set_language("en")
    text = all_text(FearView(session, fear.id).widget)
    assert fear.reframe["en"].splitlines()[0][:40] in text
    assert fear.reframe["de"].splitlines()[0][:40] not in text


def test_the_starting_value_of_a_scale_can_be_kept_without_moving_it(session: Session, journal: Journal):
    fear = session.workshop.fear("not-ready")
    prompt = first(fear, "scale")
    field = find(FearView(session, fear.id).widget, "cc-key-" + key_of(fear, prompt).replace(".", "-"))
    assert session.t("field.unrated") in all_text(field)
    find(field, "cc-keep-value").click()
    middle = (prompt.scale_min + prompt.scale_max) // 2
    assert journal.load(session.code)[key_of(fear, prompt)] == middle
    said = all_text(field)
    assert session.t("field.unrated") not in said, "the hint goes"
    assert session.t("field.kept") in said, "its place says what the button did"


def test_does_moving_a_scale_keep_its_hints_place_saying_it_is_rated(session: Session):
    """Issue 27's walks: first a gap under a moved slider, then what was below moving up under the finger."""
    fear = session.workshop.fear("not-ready")
    prompt = first(fear, "scale")
    field = find(FearView(session, fear.id).widget, "cc-key-" + key_of(fear, prompt).replace(".", "-"))
    slider = next(n for n in walk(field) if isinstance(n, w.IntSlider))
    slider.value = prompt.scale_min
    assert find(field, "cc-unrated").layout.display != "none", "nothing below moves up"
    assert session.t("field.kept") in all_text(field), "its place says the rating is in"


def test_is_a_next_step_dated_in_the_past_refused_with_a_clear_message(session, journal):
    """The walk: "Bis wann?" took 5 June 2026 on 6 December without a word. Today is 1 December 2026 here."""
    messages = []
    session.on_status(lambda kind, message: messages.append((kind, message)))
    view = NextStepView("regret", session.workshop.fear("regret").next_step, session)
    view.due.value = dt.date(2026, 6, 5)
    assert messages[-1] == ("rejected", session.t("field.date_past", day="5. Juni 2026"))
    assert "regret.next_step.due" not in journal.load(session.code), "not saved"
    assert view.due.value == dt.date(2026, 6, 5), "what was typed stays on screen"
    # a keyboard walk typed a day the field took as 22026 and saw only the status line, far from the field
    beside = html.unescape(find(view.widget, "cc-date-hint-box").value)
    assert session.t("field.date_past", day="5. Juni 2026") in beside, "said beside the field too"
    view.due.value = dt.date(2026, 12, 4)
    assert journal.load(session.code)["regret.next_step.due"] == "2026-12-04"
    assert find(view.widget, "cc-date-hint-box").value == "", "a good day: nothing more to say"


def test_does_a_row_added_by_its_button_get_the_keyboard_focus(workshop, session: Session):
    """A keyboard user pressed "+ add item" and typed: the focus stayed on the button, every space added another
    empty row (seven), and the words went nowhere. The new row's box gets the focus instead."""
    fear = workshop.fear("not-ready")
    items = first(fear, "list")
    key = key_of(fear, items)
    asked: list[str] = []
    view = FearView(session, fear.id, focus=asked.append)
    find(view.fields[key].input, "cc-add-row").click()
    assert asked == [f".cc-key-{key.replace('.', '-')} .cc-row-2 :is(textarea, input, select)"]
    rows = list(view.fields[key].input.children[0].children)
    assert "cc-row-2" in rows[1]._dom_classes, "the selector names the new row"


def test_does_the_keyboard_stay_in_the_list_when_a_row_is_removed(workshop, session: Session):
    """A keyboard walk pressed Enter on a question's ✕: the focus fell to the page, the next Tab went to the top
    of the list, and counting Tabs from there removed another question. It goes to the row now in its place, to
    the one before it after the last, and to "+ add item" once the list is empty."""
    fear = workshop.fear("not-ready")
    items = first(fear, "list")
    key = key_of(fear, items)
    where = f".cc-key-{key.replace('.', '-')}"
    asked: list[str] = []
    view = FearView(session, fear.id, focus=asked.append)
    editor = view.fields[key].input
    find(editor, "cc-add-row").click()
    find(editor, "cc-add-row").click()
    removes = [n for n in walk(editor) if "cc-remove-row" in getattr(n, "_dom_classes", ())]
    removes[0].click()  # the first of three
    assert asked[-1] == f"{where} .cc-row-1 :is(textarea, input, select)", "the row now in its place"
    removes[2].click()  # the last of the two left
    assert asked[-1] == f"{where} .cc-row-1 :is(textarea, input, select)", "the one before it"
    removes[1].click()
    assert asked[-1] == f"{where} .cc-add-row", "the list's button once it is empty"


def test_does_each_rows_remove_button_and_text_say_which_row_it_is(workshop, session: Session):
    """A keyboard walk heard „Zeile entfernen“ on every ✕ alike; and a list's hidden labels kept the places the
    rows were made at after one before them went. Each names its row as it is now."""
    fear = workshop.fear("not-ready")
    items = first(fear, "list")
    key = key_of(fear, items)
    view = FearView(session, fear.id, focus=lambda _where: None)
    editor = view.fields[key].input
    find(editor, "cc-add-row").click()
    find(editor, "cc-add-row").click()

    def names() -> tuple[list[str], list[str]]:
        nodes = list(walk(editor))
        removes = [n.tooltip for n in nodes if "cc-remove-row" in getattr(n, "_dom_classes", ())]
        texts = [n.description for n in nodes if isinstance(n, w.Textarea)]
        return removes, texts

    label = items.label["de"]
    assert names() == (
        [f"Zeile {n} entfernen" for n in (1, 2, 3)],
        [f"{label}, Punkt {n}" for n in (1, 2, 3)],
    )
    next(n for n in walk(editor) if "cc-remove-row" in getattr(n, "_dom_classes", ())).click()
    assert names() == (["Zeile 1 entfernen", "Zeile 2 entfernen"], [f"{label}, Punkt {n}" for n in (1, 2)])
