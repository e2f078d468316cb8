"""The fields a participant writes in: does a long question show whole, and is it saved as before?"""

from __future__ import annotations

import re

import ipywidgets as w

from coffeechat.content import Prompt
from coffeechat.models.session import Session
from coffeechat.views.fields import FieldView
from tests.conftest import walk

QUESTION = "Wie sieht ein typischer Arbeitstag bei Ihnen aus, und was hat Sie daran am meisten überrascht?"


def list_prompt(workshop) -> Prompt:
    return next(p for fear in workshop.fears for p in (*fear.reflection, *fear.exercise.fields) if p.kind == "list")


def test_does_a_list_item_show_a_whole_question_in_a_field_that_grows_and_save_it_as_before(workshop, session):
    """A list's items are questions: a one-line Text cut them at the field's edge; a Textarea of one row grows
    with the text (kit.css). The key, the value saved and the removal of empty items stay as they were."""
    prompt = list_prompt(workshop)
    view = FieldView(prompt, session, "not-ready.exercise.questions")
    items = [node for node in walk(view.widget) if isinstance(node, w.Textarea | w.Text)]
    assert items and all(type(item) is w.Textarea and item.rows == 1 for item in items), [type(i) for i in items]
    items[0].value = QUESTION
    assert session.get("not-ready.exercise.questions") == [QUESTION]
    assert "cc-field-list" in view.widget._dom_classes, "kit.css finds a list's fields by this class"


def test_does_choosing_a_line_with_a_blank_show_a_field_for_my_word_and_save_it(workshop, session):
    """The walker chose „… an der [Hochschule] studiert haben“ and found nowhere to put their university: the
    line's own field appears right under it while it is chosen, and the plan and take-home use the word."""
    fear = workshop.fear("not-good-at-networking")
    prompt = next(p for p in fear.exercise.fields if p.id == "warm-up")
    key = "not-good-at-networking.exercise.warm-up"
    view = FieldView(prompt, session, key)
    blanks = [node for node in walk(view.widget) if "cc-blank" in getattr(node, "_dom_classes", ())]
    assert [b.description for b in blanks] == [
        "Was setzen Sie für [Hochschule] ein?",
        "Was setzen Sie für [Thema] ein?",
    ]
    line = next(node for node in walk(view.widget) if isinstance(node, w.VBox) and blanks[0] in node.children)
    assert line.layout.display == "none", "no field for a line not chosen"
    view.boxes["shared-background"].value = True
    assert line.layout.display is None, "chosen: its field is there, right under it"
    blanks[0].value = "Universität zu Köln 🎓"
    assert session.get(key + ".blanks") == {"shared-background": ["Universität zu Köln 🎓"], "their-post": [""]}
    again = FieldView(prompt, session, key)
    shown = [node for node in walk(again.widget) if "cc-blank" in getattr(node, "_dom_classes", ())]
    assert shown[0].value == "Universität zu Köln 🎓", "the word comes back with the page"
    shown[0].value = "x" * 500
    assert session.get(key + ".blanks")["shared-background"] == ["Universität zu Köln 🎓"], "too long: kept as was"


def shown_number(view: FieldView) -> str:
    """The number beside a scale's slider as a person reads it (markup removed)."""
    return re.sub("<[^>]+>", "", view.number.widget.value)


def test_is_a_scales_number_plain_text_that_says_not_yet_until_rated(workshop, session, journal):
    """A walker pressed Tab from a reflection slider and typed a paragraph into the number beside it: ipywidgets'
    readout was an editable box and a Tab stop. The number is plain text (as the welcome's ratings have it); and
    until the participant rates, it shows "–", not the slider's starting 5 as if that were a rating already."""
    fear = workshop.fear("regret")
    prompt = next(p for p in fear.reflection if p.kind == "scale")
    key = f"regret.reflection.{prompt.id}"
    view = FieldView(prompt, session, key)
    assert view.slider.readout is False, "no editable readout"
    assert isinstance(view.number.widget, w.HTML) and "cc-rating-value" in view.number.widget._dom_classes
    assert shown_number(view) == "–", "not rated yet"
    view.slider.value = 7
    assert shown_number(view) == "7" and session.get(key) == 7
    again = FieldView(prompt, Session(workshop, journal, code=session.code), key)
    assert shown_number(again) == "7", "after a reload too"


def test_does_an_unrated_scale_show_no_thumb_at_a_value_until_rated(workshop, session, journal):
    """A walk on a phone read a reflection slider's thumb, in the middle of its scale, as an answer already
    given. Until rated, the slider is drawn as unrated (kit.css: no thumb at a value); rated, it shows its value."""
    prompt = next(p for p in workshop.fear("regret").reflection if p.kind == "scale")
    key = f"regret.reflection.{prompt.id}"
    view = FieldView(prompt, session, key)
    assert "cc-slider-unrated" in view.slider._dom_classes
    keep = next(n for n in walk(view.widget) if "cc-keep-value" in getattr(n, "_dom_classes", ()))
    middle = (prompt.scale_min + prompt.scale_max) // 2
    assert keep.description == f"{middle} wählen", "the button names the value it takes (no thumb shows it)"
    view.slider.value = 2
    assert "cc-slider-unrated" not in view.slider._dom_classes
    again = FieldView(prompt, Session(workshop, journal, code=session.code), key)
    assert "cc-slider-unrated" not in again.slider._dom_classes, "rated before a reload: its thumb at its value"
    other = next(p for p in workshop.fear("not-ready").reflection if p.kind == "scale")
    kept = FieldView(other, session, f"not-ready.reflection.{other.id}")
    next(n for n in walk(kept.widget) if "cc-keep-value" in getattr(n, "_dom_classes", ())).click()
    assert "cc-slider-unrated" not in kept.slider._dom_classes, "its starting value kept: rated there"


def test_does_keeping_a_scales_starting_value_show_it_as_the_rating(workshop, session):
    """ "This value is right" rates without moving the slider: the number then says the value kept."""
    prompt = next(p for p in workshop.fear("not-ready").reflection if p.kind == "scale")
    view = FieldView(prompt, session, f"not-ready.reflection.{prompt.id}")
    next(n for n in walk(view.widget) if "cc-keep-value" in getattr(n, "_dom_classes", ())).click()
    assert shown_number(view) == str((prompt.scale_min + prompt.scale_max) // 2)


def table_prompt(workshop) -> Prompt:
    return next(p for fear in workshop.fears for p in (*fear.reflection, *fear.exercise.fields) if p.kind == "table")


def test_does_enter_in_a_tables_name_add_the_next_row_and_move_into_it(workshop, session):
    """Issue 27's walks: Enter in a contact's name did nothing; „+ Zeile hinzufügen“ was the obvious next action.
    Enter in the last row adds a row, in any other the next row's first field takes the keyboard."""
    asked: list[str] = []
    view = FieldView(table_prompt(workshop), session, "not-connected.exercise.contacts", focus=asked.append)
    editor = view.rows_editor
    first = next(cell for cell in editor.rows[0]["cells"].values() if isinstance(cell, w.Text))
    first.value = "Anna"
    first._handle_custom_msg({"event": "submit"}, [])  # Enter, as the page says it
    assert len(editor.rows) == 2, "Enter in the last row adds one"
    assert asked[-1].endswith(".cc-row-2 :is(textarea, input, select)"), asked
    first._handle_custom_msg({"event": "submit"}, [])
    assert len(editor.rows) == 2, "Enter in a row before the last adds none"
    assert asked[-1].endswith(".cc-row-2 :is(textarea, input, select)"), asked
    assert session.get("not-connected.exercise.contacts")[0]["who"] == "Anna"
