"""Steps inside a fear module, in the kernel: do Back and Next move through the steps first, does the page
remember the step through a reload, a resume, a language switch and the room's follow-me, and does the
self-paced notebook show the same steps?"""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.models.answers import AnswerRejected
from coffeechat.pages import notebook
from coffeechat.pages.app import WorkshopApp
from coffeechat.pages.navigation import step_names_html
from coffeechat.room import model as room
from coffeechat.room.live import Console
from coffeechat.views.fear import FearView
from tests.conftest import all_text, find

TOKEN = "the-coachs-secret-token"


def started(workshop, journal, **kwargs) -> WorkshopApp:
    each = WorkshopApp(workshop, journal, **kwargs)
    find(each.root, "cc-start-new").click()
    return each


def step_on_screen(each: WorkshopApp) -> int:
    """The number of the one step of the open fear module a person sees."""
    view = each.navigation.module_object
    assert isinstance(view, FearView)
    shown = [n for n, box in enumerate(view.step_boxes, start=1) if box.layout.display != "none"]
    assert len(shown) == 1, f"one step at a time, not {shown}"
    return shown[0]


def press(each: WorkshopApp, css_class: str, times: int = 1) -> None:
    for _ in range(times):
        find(each.root, css_class).click()


def test_does_next_show_the_fears_steps_one_by_one_with_where_i_am_and_the_focus_on_the_steps_heading(
    workshop, journal, monkeypatch
):
    each = started(workshop, journal)
    each.go("not-ready")
    asked: list[str] = []
    monkeypatch.setattr(each.page, "focus", asked.append)
    assert step_on_screen(each) == 1
    press(each, "cc-next")
    assert each.current == "not-ready" and step_on_screen(each) == 2
    assert asked == [".cc-module .cc-shows-not-ready .cc-module-step-2 .cc-module-step-heading h3"]
    box = each.navigation.module_object.step_boxes[1]
    where = workshop.t("fear.step_position", "de", number=2, total=4, name=workshop.t("fear.step.reflection", "de"))
    assert where == "Schritt 2 von 4 · Reflexion" and where in all_text(box)
    assert journal.get(each.session.code, "step.not-ready") == 2
    assert journal.get(each.session.code, "progress.not-ready") is None, "a step inside is no module done"
    assert find(each.root, "cc-back").layout.visibility == "visible"
    press(each, "cc-next", 2)
    assert step_on_screen(each) == 4
    press(each, "cc-next")
    assert each.current == "not-connected" and step_on_screen(each) == 1, "the next module opens at its first step"
    assert journal.get(each.session.code, "progress.not-ready") is True


def test_does_back_go_one_step_back_and_from_a_first_step_to_the_previous_fear_at_its_last(workshop, journal):
    each = started(workshop, journal)
    each.go("not-connected")
    press(each, "cc-next", 2)
    press(each, "cc-back")
    assert each.current == "not-connected" and step_on_screen(each) == 2
    press(each, "cc-back", 2)
    assert each.current == "not-ready" and step_on_screen(each) == 4
    press(each, "cc-back", 4)
    assert each.current == "welcome" and each.navigation.module_object.step == 2, "the welcome at its last step"
    press(each, "cc-back")
    assert find(each.root, "cc-back").layout.visibility == "hidden", "no Back on the first step of the first module"


def test_do_a_reload_a_resume_by_code_and_a_language_switch_land_on_the_same_step(workshop, journal):
    each = started(workshop, journal)
    each.go("regret")
    press(each, "cc-next", 2)
    assert step_on_screen(each) == 3
    each.header.language.value = "en"
    assert each.current == "regret" and step_on_screen(each) == 3, "the language switch stays on the step"
    assert "Step 3 of 4 · Exercise" in all_text(each.navigation.module)
    reloaded = WorkshopApp(workshop, journal, code=each.session.code)
    assert reloaded.current == "regret" and step_on_screen(reloaded) == 3
    resumed = WorkshopApp(workshop, journal)
    resumed.start.code_input.value = each.session.code
    find(resumed.root, "cc-resume").click()
    assert resumed.current == "regret" and step_on_screen(resumed) == 3
    resumed.go("welcome")
    resumed.go("regret")
    assert step_on_screen(resumed) == 3, "the stepper opens a module at the step I left it"


def test_does_a_step_typed_into_keep_its_text_when_the_step_changes(workshop, journal):
    each = started(workshop, journal)
    each.go("not-ready")
    press(each, "cc-next")
    view = each.navigation.module_object
    key = next(key for key, field in view.fields.items() if field.prompt.kind == "text" and ".reflection." in key)
    view.fields[key].input.value = "Vor dem Weiter getippt 🙂"
    press(each, "cc-next")
    press(each, "cc-back")
    assert journal.get(each.session.code, key) == "Vor dem Weiter getippt 🙂"
    assert each.navigation.module_object.fields[key].input.value == "Vor dem Weiter getippt 🙂"


@pytest.mark.parametrize("saved", [9, 0, "3", True, None])
def test_does_a_saved_step_the_fear_does_not_have_open_it_at_its_first_and_is_a_forged_step_refused(
    workshop, journal, saved
):
    each = started(workshop, journal)
    journal.save(each.session.code, "step.regret", saved, expected_revision=0)
    reloaded = WorkshopApp(workshop, journal, code=each.session.code)
    reloaded.go("regret")
    assert step_on_screen(reloaded) == 1
    with pytest.raises(AnswerRejected):
        reloaded.navigation.module_object.show_step(5)
    assert step_on_screen(reloaded) == 1


def test_does_the_rooms_follow_me_open_the_coachs_module_at_my_own_step_of_it(workshop, journal):
    journal.rooms.add_facilitator_token(room.token_hash(TOKEN))
    coach = Console(journal, workshop, TOKEN)
    coach.start_room("Netzwerken ohne Angst", dt.date(2026, 12, 1))
    ahead, new = started(workshop, journal), started(workshop, journal)
    for each in (ahead, new):
        each.room_tick(force=True)
    ahead.go("regret")
    press(ahead, "cc-next", 3)
    ahead.go("welcome")
    coach.follow("regret")
    for each in (ahead, new):
        each.room_tick()
    assert [each.current for each in (ahead, new)] == ["regret", "regret"]
    assert [step_on_screen(each) for each in (ahead, new)] == [4, 1], "the coach leads modules, the steps are mine"
    press(ahead, "cc-back")
    coach.follow("regret")  # the coach presses follow again: the module is open, the step stays mine
    ahead.room_tick()
    assert step_on_screen(ahead) == 3


def test_does_the_self_paced_notebook_show_the_same_steps_with_a_back_and_next_of_its_own(session, monkeypatch):
    monkeypatch.setattr(notebook, "local_session", lambda: session)
    shown = notebook.show_fear("not-connected")
    view_box = next(child for child in shown.children if "cc-fear" in child._dom_classes)
    steps = [box for box in view_box.children if "cc-module-step" in box._dom_classes]
    visible = lambda: [n for n, box in enumerate(steps, start=1) if box.layout.display != "none"]
    assert visible() == [1]
    back, forth = find(shown, "cc-module-step-back"), find(shown, "cc-module-step-next")
    assert back.layout.visibility == "hidden"
    forth.click()
    forth.click()
    assert visible() == [3] and session.get("step.not-connected") == 3
    forth.click()
    assert visible() == [4] and forth.layout.visibility == "hidden", "no Next after the last step"
    back.click()
    assert visible() == [3]
    session.set_language("en")  # the notebook redraws in English on the same step
    view_box = next(child for child in shown.children if "cc-fear" in child._dom_classes)
    assert "Step 3 of 4 · Exercise" in all_text(view_box)


def test_is_the_done_tick_offered_only_on_a_modules_last_step(workshop, journal):
    """The tick says "This part is done": under the fear's first three steps it would be a promise about
    screens not seen yet."""
    each = started(workshop, journal)
    tick = find(each.root, "cc-module-done")
    assert tick.layout.display == "none", "the welcome's first of two steps"
    press(each, "cc-next")
    assert tick.layout.display != "none", "the welcome's last step: its end is here"
    each.go("not-ready")
    for step in (1, 2, 3):
        assert step_on_screen(each) == step
        assert tick.layout.display == "none", f"no tick on step {step} of 4"
        press(each, "cc-next")
    assert step_on_screen(each) == 4 and tick.layout.display != "none", "the tick on the last step"
    press(each, "cc-back")
    assert tick.layout.display == "none"
    assert find(each.root, "cc-step-welcome").layout.display != "none", "the stepper is not the tick's layout"


def test_does_the_stepper_name_every_part_in_the_language_with_the_current_marked_and_hidden_from_readers(workshop):
    html = step_names_html(workshop, workshop.module_ids, "role-play", "en")
    assert html.startswith("<ol aria-hidden='true'>"), "the step buttons carry the names for assistive technology"
    assert html.count("<li") == len(workshop.module_ids)
    assert "<li data-step='role-play' class='cc-step-name-current'>Role-play</li>" in html
    assert "<li data-step='follow-through'>Keep going</li>" in html
    assert ">Dranbleiben<" in step_names_html(workshop, workshop.module_ids, "welcome", "de")
