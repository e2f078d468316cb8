"""The tip under a question the participant writes (issue 30), in the kernel: does it say one thing, take the
rewrite into the field as if typed, stay away once waved off, and keep quiet about good questions?"""

from __future__ import annotations

import html
import re
import time

import ipywidgets as w
import pytest

from coffeechat.models.session import Session
from coffeechat.storage.journal import Journal
from coffeechat.views.builder import BuilderView
from coffeechat.views.fear import FearView
from coffeechat.views.question_tip import QuestionTip
from coffeechat.views.roleplay import RolePlayView
from tests.conftest import find, walk

YES_NO = {"de": "Ist die Arbeit abwechslungsreich?", "en": "Is the work varied?"}
OPEN = {"de": "Was macht die Arbeit abwechslungsreich, und was nicht?", "en": "What makes the work varied, or not?"}
GOOD = {"de": "Wie sieht ein typischer Arbeitstag bei Ihnen aus?", "en": "What does a typical working day look like?"}


def said(tip: QuestionTip) -> str:
    """What the tip's live region says, as text."""
    return html.unescape(re.sub("<[^>]+>", "", tip.note.value)).strip()


def shown(tip: QuestionTip) -> bool:
    return bool(tip.note.value) and "cc-hidden" not in tip.actions._dom_classes


def tips(widget: w.Widget) -> list[w.Widget]:
    return [node for node in walk(widget) if "cc-question-tip" in node._dom_classes]


@pytest.fixture
def plan(session: Session) -> tuple[BuilderView, list[str]]:
    asked: list[str] = []
    view = BuilderView(session, "question-builder", focus=lambda selector, reveal="": asked.append(selector))
    view.inputs["contact_role"].value = "UX-Designerin"
    view.show_step(2)
    return view, asked


def first_question(view: BuilderView) -> tuple[w.Textarea, QuestionTip, str]:
    """The plan's first question: its text area, its tip and its id."""
    question = view.plan.questions[0]
    block = question_block(view, question.id)
    text = next(node for node in walk(block) if "cc-question-text" in node._dom_classes)
    return text, view_tip(block), question.id


def question_block(view: BuilderView, question_id: str) -> w.Widget:
    """The block of the plan's row that shows ``question_id`` (the row with its tip)."""
    return next(
        node
        for node in walk(view.plan_box)
        if "cc-question-block" in node._dom_classes
        and any(f"cc-question-{question_id}" in child._dom_classes for child in node.children)
    )


def view_tip(block: w.Widget) -> QuestionTip:
    """The QuestionTip object behind the tip widget in ``block`` (found through its buttons' callbacks)."""
    tip_widget = next(node for node in walk(block) if "cc-question-tip" in node._dom_classes)
    return TIP_OF[id(tip_widget)]


TIP_OF: dict[int, QuestionTip] = {}


@pytest.fixture(autouse=True)
def remember_tips(monkeypatch):
    """Each QuestionTip made during a test, by its widget (the views keep only the widget)."""
    made = QuestionTip.__init__

    def init(self, *args, **kwargs):
        made(self, *args, **kwargs)
        TIP_OF[id(self.widget)] = self

    monkeypatch.setattr(QuestionTip, "__init__", init)
    yield
    TIP_OF.clear()


def test_does_a_yes_no_question_in_my_plan_get_one_tip_with_an_open_rewrite(plan, journal: Journal):
    view, _asked = plan
    text, tip, _ = first_question(view)
    before = dict(journal.load(view.session.code))
    text.value = YES_NO["de"]
    assert shown(tip)
    assert said(tip).startswith(view.session.t("question_tip.lead")) and "Ja/Nein" in said(tip)
    assert tip.use.description == f"Übernehmen: „{OPEN['de']}“"
    assert tip.keep.description == "Passt so"
    saved = journal.load(view.session.code)
    assert not any("tip" in key for key in saved), "the tip is nobody's record"
    assert set(saved) - set(before) <= {"builder.edits"}


def test_does_the_rewrite_go_into_the_field_saved_and_with_the_keys_back(plan, journal: Journal):
    view, asked = plan
    text, tip, question_id = first_question(view)
    text.value = YES_NO["de"]
    tip.use.click()
    assert text.value == OPEN["de"]
    reworded = journal.load(view.session.code)["builder.edits"]
    assert OPEN["de"] in str(reworded), "saved as if typed"
    assert view.plan.questions[0].text(view.bank, "de") == OPEN["de"]
    assert not shown(tip), "the open question needs no tip"
    assert asked[-1] == f".cc-question-{question_id} .cc-question-text textarea"


def test_does_a_tip_i_waved_off_stay_away_for_that_text(plan):
    view, asked = plan
    text, tip, question_id = first_question(view)
    text.value = YES_NO["de"]
    tip.keep.click()
    assert not shown(tip) and asked[-1].startswith(f".cc-question-{question_id}")
    text.value = GOOD["de"]
    text.value = "  " + YES_NO["de"]  # the same text again (spaces aside)
    assert not shown(tip)
    text.value = "Ist die Arbeit spannend?"
    assert shown(tip), "a new text is checked again"


def test_does_a_good_question_show_nothing(plan):
    view, _ = plan
    text, tip, _ = first_question(view)
    text.value = GOOD["de"]
    assert not shown(tip) and tip.note.value == ""


def test_does_a_tip_without_a_rewrite_offer_only_keep_mine(plan):
    """A question a web search answers has no open rewrite: the tip says why, and offers only "Passt so"."""
    view, _ = plan
    text, tip, _ = first_question(view)
    text.value = "Wie viele Mitarbeitende hat Ihr Unternehmen?"
    assert shown(tip) and "Suche im Netz" in said(tip)
    assert "cc-hidden" in tip.use._dom_classes and "cc-hidden" not in tip.keep._dom_classes
    tip.use.click()  # a click sent for a button nobody sees changes nothing
    assert text.value == "Wie viele Mitarbeitende hat Ihr Unternehmen?"


def test_does_a_plan_without_tips_cost_no_buttons(plan):
    """Most questions never get a tip: their tips hold no buttons until one shows (a redraw of eight questions
    would have sent the page 16 buttons more)."""
    view, _ = plan
    assert all(TIP_OF[id(node)].use is None for node in tips(view.plan_box))


def test_is_the_kits_wording_left_alone(plan):
    """The question bank's questions are the kit's words, not the participant's: no tip for them."""
    view, _ = plan
    text, tip, _ = first_question(view)
    kit = view._text(view.plan.questions[0])
    text.value = YES_NO["de"]
    text.value = kit
    assert not shown(tip)


def test_does_english_get_an_english_tip(session: Session):
    session.language = "en"
    view = BuilderView(session, "question-builder")
    view.show_step(2)
    text, tip, _ = first_question(view)
    text.value = YES_NO["en"]
    assert shown(tip) and said(tip).startswith("A tip:") and "yes/no" in said(tip)
    assert tip.use.description == f"Use: “{OPEN['en']}”" and tip.keep.description == "Keep mine"
    tip.use.click()
    assert text.value == OPEN["en"]
    text.value = GOOD["en"]
    assert not shown(tip)


def test_does_my_own_question_get_a_tip_only_once_it_ends_with_a_question_mark(plan):
    """The field for my own question sends every key: no tip flashes while a word is half typed."""
    view, asked = plan
    own = view.own_text
    tip = view_tip(next(n for n in view.plan_box.children if own in walk(n)))
    for typed in ("I", "Ist", "Ist die Arb", "Ist die Arbeit abwechslungsreich"):
        own.value = typed
        assert not shown(tip), typed
    own.value = YES_NO["de"]
    assert shown(tip)
    own.value = YES_NO["de"] + " Und"
    assert not shown(tip), "writing on takes the tip away"
    own.value = YES_NO["de"]
    tip.use.click()
    assert own.value == OPEN["de"] and asked[-1] == ".cc-own-text textarea"


def test_do_the_questions_i_write_when_not_ready_get_a_tip(session: Session, journal: Journal):
    fear = session.workshop.fear("not-ready")
    prompt = next(p for p in fear.exercise.fields if p.checks == "question")
    key = f"not-ready.exercise.{prompt.id}"
    asked: list[str] = []
    view = FearView(session, fear.id, focus=asked.append)
    field = view.fields[key]
    item = next(n for n in walk(field.widget) if isinstance(n, w.Textarea))
    tip = view_tip(field.widget)
    item.value = YES_NO["de"]
    assert shown(tip)
    tip.use.click()
    assert item.value == OPEN["de"] and journal.load(session.code)[key] == [OPEN["de"]]
    assert asked[-1] == ".cc-key-not-ready-exercise-questions .cc-row-1 textarea"
    assert len(tips(view.widget)) == 1, "only the prompt marked checks: question"


def test_does_a_follow_up_in_role_play_get_a_tip(session: Session):
    view = RolePlayView(session, "role-play")
    find(view.widget, "cc-roleplay-mode").value = "solo"
    find(view.widget, "cc-solo-ask").click()
    follow_up = next(n for n in walk(view.part.transcript) if "cc-solo-follow-up" in n._dom_classes)
    tip = view_tip(view.part.transcript)
    follow_up.value = YES_NO["de"]
    assert shown(tip) and tip.use.description == f"Übernehmen: „{OPEN['de']}“"
    tip.use.click()
    assert follow_up.value == OPEN["de"]
    assert session.get("solo.turns")[0]["follow_up"] == follow_up.value


def test_is_a_check_cheap_enough_to_run_on_every_change(plan):
    view, _ = plan
    text, _tip, _ = first_question(view)
    start = time.perf_counter()
    for number in range(50):
        text.value = f"Ist die Arbeit abwechslungsreich, Nummer {number}?"
    per_change = (time.perf_counter() - start) / 50
    assert per_change < 0.05, f"{per_change * 1000:.1f} ms per change (save included)"


def test_does_splitting_two_questions_keep_the_second_as_its_own_item_after_the_first(
    session: Session, journal: Journal
):
    """A walk took the two-questions tip's rewrite and the second question was gone: in a list of questions the
    tip splits them, the first in the item, the second a new item right after it."""
    fear = session.workshop.fear("not-ready")
    prompt = next(p for p in fear.exercise.fields if p.checks == "question")
    key = f"not-ready.exercise.{prompt.id}"
    view = FearView(session, fear.id, focus=lambda *_: None)
    field = view.fields[key]
    items = [n for n in walk(field.widget) if isinstance(n, w.Textarea)]
    items[0].value = "Wie haben Sie angefangen? Was würden Sie heute anders machen?"
    if len(items) < 2:
        find(field.widget, "cc-add-row").click()
        items = [n for n in walk(field.widget) if isinstance(n, w.Textarea)]
    items[1].value = GOOD["de"]
    tip = view_tip(field.widget)
    assert shown(tip) and "Was würden Sie heute anders machen?" in tip.use.description, "the button says both"
    tip.use.click()
    assert journal.load(session.code)[key] == [
        "Wie haben Sie angefangen?",
        "Was würden Sie heute anders machen?",
        GOOD["de"],
    ]


TWO = "Was machen Sie und wie sind Sie dazu gekommen?"
FIRST, SECOND = "Was machen Sie?", "Wie sind Sie dazu gekommen?"


def test_does_my_own_question_holding_two_become_two_questions_of_the_plan(plan, journal: Journal):
    """A walk wrote two questions in one as its own question of the plan: the tip splits them into two questions
    of the plan, the second right after the first, and neither is lost."""
    view, asked = plan
    tip = view_tip(next(n for n in view.plan_box.children if view.own_text in walk(n)))
    view.own_text.value = TWO
    assert shown(tip) and tip.use.description == f"Aufteilen: „{FIRST}“ und danach „{SECOND}“"
    tip.use.click()
    texts = [q.text(view.bank, "de") for q in view.plan.questions]
    assert FIRST in texts and texts.index(SECOND) == texts.index(FIRST) + 1
    assert [q["text"] for q in journal.load(view.session.code)["builder.edits"]["own"]] == [FIRST, SECOND]
    assert asked[-1].endswith("button.cc-star")


def test_does_a_question_of_my_plan_holding_two_show_its_tip_and_split_in_place(plan, journal: Journal):
    """An own question added with Enter before its tip was read came into the plan with no tip at all: the plan's
    row shows it, and splitting keeps the first in its place and puts the second right after it."""
    view, asked = plan
    view.own_text.value = TWO
    view._add_own()
    own_id = next(q.id for q in view.plan.questions if q.source == "own")
    tip = view_tip(question_block(view, own_id))
    assert shown(tip) and SECOND in tip.use.description, "the row says so as soon as it is drawn"
    tip.use.click()
    ids = list(view.plan.ids)
    texts = [q.text(view.bank, "de") for q in view.plan.questions]
    assert texts[ids.index(own_id)] == FIRST and texts[ids.index(own_id) + 1] == SECOND
    assert asked[-1].endswith(".cc-question-text textarea")


@pytest.mark.parametrize(
    ("language", "asked"),
    [
        ("de", "Wie sind Sie eingestiegen, was verdienen Sie so und haben Sie offene Stellen?"),
        ("en", "How did you get started, how much do you make, and are you hiring?"),
    ],
)
def test_does_a_question_with_three_asks_and_one_about_pay_get_tips_on_all_it_does_in_a_few_words(
    workshop, journal: Journal, language: str, asked: str
):
    """Issue 27's walks: three questions in one, one of them about pay, got only the job tip. The tip says the
    first in its sentence and the others in a few words each: the pay rule and the two-questions rule too."""
    session = Session(workshop, journal, language=language)
    session.start_new()
    view = BuilderView(session, "question-builder")
    view.show_step(2)
    tip = view_tip(next(n for n in view.plan_box.children if view.own_text in walk(n)))
    view.own_text.value = asked
    text = said(tip)
    rules = workshop.question_checks
    assert rules.reasons["job-ask"].say(language) in text
    assert rules.in_short["pay"].say(language) in text and rules.in_short["double"].say(language) in text
    assert rules.reasons["pay"].say(language) not in text and len(text.split()) <= 60, f"no wall of text: {text}"
