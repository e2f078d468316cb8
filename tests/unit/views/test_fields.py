"""The fields a participant writes in: does a long question show whole, and is it saved as before?"""

from __future__ import annotations

import ipywidgets as w

from coffeechat.content import Prompt
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
