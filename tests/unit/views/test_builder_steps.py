"""The question builder in four steps, in the kernel: does Next walk through describe, plan, messages and take-home
as it walks through a fear's steps, does the messages step show one message at a time with the others one tap
away, and do a reload, a language switch and the self-paced notebook keep the step and the message?"""

from __future__ import annotations

import pytest
from traitlets import TraitError

from coffeechat.models.answers import AnswerRejected
from coffeechat.pages import notebook
from coffeechat.pages.app import WorkshopApp
from coffeechat.views.builder import BuilderView
from tests.conftest import all_text, find, walk

BUILDER = "question-builder"


def started(workshop, journal, **kwargs) -> WorkshopApp:
    each = WorkshopApp(workshop, journal, **kwargs)
    find(each.root, "cc-start-new").click()
    return each


def steps_on_screen(view: BuilderView) -> list[int]:
    return [n for n, box in enumerate(view.step_boxes, start=1) if box.layout.display != "none"]


def messages_on_screen(view: BuilderView) -> list[str]:
    return [kind for kind, box in view.message_boxes.items() if box.layout.display != "none"]


def test_does_next_walk_through_the_builders_four_steps_with_where_i_am_and_the_focus_on_the_heading(
    workshop, journal, monkeypatch
):
    each = started(workshop, journal)
    each.go(BUILDER)
    asked: list[str] = []
    monkeypatch.setattr(each.page, "focus", asked.append)
    view = each.navigation.module_object
    assert isinstance(view, BuilderView) and steps_on_screen(view) == [1]
    names = {"de": [], "en": []}
    for number in range(2, 5):
        find(each.root, "cc-next").click()
        assert each.current == BUILDER and steps_on_screen(view) == [number]
        assert asked[-1] == f".cc-module .cc-shows-{BUILDER} .cc-module-step-{number} .cc-module-step-heading h3"
        assert journal.get(each.session.code, f"step.{BUILDER}") == number
        names["de"].append(all_text(view.step_boxes[number - 1]))
    assert names["de"][0].startswith("<h3>Schritt 2 von 4 · Ihr Plan</h3>")
    assert workshop.t("builder.plan_rules", "de") in names["de"][0], "the plan step says why questions come and go"
    assert names["de"][1].startswith("<h3>Schritt 3 von 4 · Ihre Nachrichten</h3>")
    assert names["de"][2].startswith("<h3>Schritt 4 von 4 · Mitnehmen</h3>")
    assert journal.get(each.session.code, f"progress.{BUILDER}") is None, "its last step on screen: not done yet"
    find(each.root, "cc-next").click()
    assert each.current != BUILDER and journal.get(each.session.code, f"progress.{BUILDER}") is True
    find(each.root, "cc-back").click()
    assert each.current == BUILDER and steps_on_screen(each.navigation.module_object) == [4]


def test_does_each_step_hold_its_own_part_of_the_builder(session):
    view = BuilderView(session, BUILDER)
    describe, plan, messages, take_home = view.step_boxes

    def has(box, css_class: str) -> bool:
        return any(css_class in node._dom_classes for node in walk(box))

    assert has(describe, "cc-builder-contact-name") and has(describe, "cc-builder-minutes")
    assert has(plan, "cc-plan") and not has(plan, "cc-builder-contact-name")
    assert has(messages, "cc-message-choice") and has(messages, "cc-outreach-text")
    assert has(take_home, "cc-download-pdf") and has(take_home, "cc-download-markdown")


def test_does_the_messages_step_show_one_message_with_the_others_one_tap_away(session, workshop, journal):
    view = BuilderView(session, BUILDER)
    kinds = [k.id for k in workshop.outreach.kinds]
    assert messages_on_screen(view) == [kinds[0]], "the first message, alone"
    assert [value for _label, value in view.message_choice.options] == kinds, "a chip names every message"
    assert [label for label, _value in view.message_choice.options] == [k.short["de"] for k in workshop.outreach.kinds]
    view.message_choice.value = "thank-you"
    assert messages_on_screen(view) == ["thank-you"] and view.message == "thank-you"
    assert journal.get(session.code, "builder.message") == "thank-you"
    box = view.message_boxes["thank-you"]
    text = all_text(box)
    assert workshop.outreach.kinds[4].hint["de"] in text, "it says when to send it"
    assert find(box, "cc-thank-you-channel") is not None and find(box, "cc-thank-you-check") is not None
    again = BuilderView(session, BUILDER)
    assert messages_on_screen(again) == ["thank-you"], "a reload shows the message I chose"


def test_is_a_forged_message_refused_and_a_saved_one_the_content_lacks_read_as_the_first(session, journal):
    view = BuilderView(session, BUILDER)
    view.show_message("outreach")
    with pytest.raises(TraitError):  # ipywidgets refuses a value not among the options before the view hears of it
        view.message_choice.value = "no-such-message"
    view.show_message("no-such-message")  # a forged call the kernel could hear
    assert messages_on_screen(view) == ["outreach"] and journal.get(session.code, "builder.message") == "outreach"
    session.set("builder.message", 7)
    assert messages_on_screen(BuilderView(session, BUILDER)) == ["outreach"]


def test_does_a_message_typed_into_keep_its_text_when_another_message_is_shown(session, journal):
    view = BuilderView(session, BUILDER)
    view.show_message("thank-you")
    find(view.widget, "cc-thanks-learned").value = "Wie wichtig Praxisprojekte sind"
    view.show_message("update")
    view.show_message("thank-you")
    assert find(view.widget, "cc-thanks-learned").value == "Wie wichtig Praxisprojekte sind"
    assert journal.get(session.code, "builder.thanks.learned") == "Wie wichtig Praxisprojekte sind"
    assert "Wie wichtig Praxisprojekte sind" in find(view.widget, "cc-thank-you-text").value


def test_does_the_plan_follow_the_description_while_it_is_out_of_sight(session):
    view = BuilderView(session, BUILDER)
    view.inputs["minutes"].value = 15
    view.show_step(2)
    assert steps_on_screen(view) == [2] and view.plan.total_minutes <= 15
    view.show_step(1)
    view.inputs["minutes"].value = 45
    assert view.plan.total_minutes > 15
    with pytest.raises(AnswerRejected):
        view.show_step(5)
    assert steps_on_screen(view) == [1]


def test_do_a_reload_and_a_language_switch_land_on_the_same_builder_step_and_message(workshop, journal):
    each = started(workshop, journal)
    each.go(BUILDER)
    find(each.root, "cc-next").click()
    find(each.root, "cc-next").click()
    each.navigation.module_object.message_choice.value = "nudge"
    each.header.language.value = "en"
    view = each.navigation.module_object
    assert steps_on_screen(view) == [3] and messages_on_screen(view) == ["nudge"]
    assert all_text(view.step_boxes[2]).startswith("<h3>Step 3 of 4 · Your messages</h3>")
    assert [label for label, _ in view.message_choice.options][3] == "Nudge"
    reloaded = WorkshopApp(workshop, journal, code=each.session.code)
    assert reloaded.current == BUILDER
    assert steps_on_screen(reloaded.navigation.module_object) == [3]
    assert messages_on_screen(reloaded.navigation.module_object) == ["nudge"]


def test_does_the_self_paced_notebook_show_the_builders_steps_with_a_back_and_next(session, monkeypatch):
    monkeypatch.setattr(notebook, "local_session", lambda: session)
    shown = notebook.show_builder()
    view_box = next(child for child in shown.children if "cc-builder" in child._dom_classes)
    steps = [box for box in view_box.children if "cc-module-step" in box._dom_classes]
    visible = lambda: [n for n, box in enumerate(steps, start=1) if box.layout.display != "none"]
    assert len(steps) == 4 and visible() == [1]
    forth = find(shown, "cc-module-step-next")
    for _ in range(3):
        forth.click()
    assert visible() == [4] and forth.layout.visibility == "hidden"
    assert session.get(f"step.{BUILDER}") == 4


def test_do_the_messages_i_had_on_screen_and_only_those_go_into_the_take_home(session, journal):
    """The take-home held every draft, also those never opened; the page now keeps which ones were on screen."""
    view = BuilderView(session, BUILDER)
    view.show_message("nudge")  # chosen while another step is on screen (a restored choice): not seen yet
    assert journal.get(session.code, "builder.messages-seen") is None
    view.show_step(3)
    assert journal.get(session.code, "builder.messages-seen") == ["nudge"]
    view.message_choice.value = "outreach"
    view.show_step(4)
    view.show_step(3)
    assert journal.get(session.code, "builder.messages-seen") == ["outreach", "nudge"], "once each, in order"
