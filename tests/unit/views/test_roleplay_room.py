"""The role-play and follow-me in a facilitated room, in the kernels: does the module show the role the room gave
(the plan, the persona card, the checklist) with the room's timer only, does it follow "next round" in place
without losing what was typed, do people outside a group keep their own controls, and does a page that wandered
off while the coach leads come back at the coach's next move?"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pytest

from coffeechat.pages.app import WorkshopApp
from coffeechat.pages.facilitator import FacilitatorPage
from coffeechat.room import model as room
from coffeechat.room.live import Console
from coffeechat.widgets.timer import RoundTimer
from tests.conftest import all_text, find

TOKEN = "the-coachs-secret-token"
OWN_CONTROLS = ("cc-roleplay-mode", "cc-role", "cc-round-minutes", "cc-next-round")


@pytest.fixture
def coach(workshop, journal) -> Console:
    journal.rooms.add_facilitator_token(room.token_hash(TOKEN))
    console = Console(journal, workshop, TOKEN)
    console.start_room("Netzwerken ohne Angst", dt.date(2026, 12, 1))
    return console


def participant(workshop, journal) -> WorkshopApp:
    each = WorkshopApp(workshop, journal)
    find(each.root, "cc-start-new").click()
    each.room_tick(force=True)
    return each


def shown(widget: w.Widget, hidden: bool = False):
    """Every widget a person could see (none under a part hidden with display none)."""
    if hidden or getattr(getattr(widget, "layout", None), "display", None) == "none":
        return
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from shown(child)


def visible(widget: w.Widget, css_class: str) -> list[w.Widget]:
    return [node for node in shown(widget) if css_class in getattr(node, "_dom_classes", ())]


def module(each: WorkshopApp) -> w.Widget:
    return each.navigation.module


def visible_on_a_step(each: WorkshopApp, css_class: str) -> list[w.Widget]:
    """What a person could see of ``css_class`` on any step of the role-play (each step shown in turn, then
    the one on screen before again)."""
    view = each.navigation.module_object
    was, found = view.step, []
    for number in range(1, len(view.steps) + 1):
        view.show_step(number)
        found += visible(module(each), css_class)
    view.show_step(was)
    return found


def in_role_play(people: list[WorkshopApp]) -> None:
    for each in people:
        each.go("role-play")


def test_does_each_page_of_a_trio_show_the_role_the_room_gave_with_no_timer_of_its_own(workshop, journal, coach):
    people = [participant(workshop, journal) for _ in range(3)]
    in_role_play(people)
    coach.form_groups()
    persona = workshop.role_cards.personas[0]
    for each in people:
        each.room_tick()
        role = each.room.membership.placement().role
        page = module(each)
        assert each.navigation.module_object.step == 2, "placed in a group: the round step at once"
        assert workshop.t("roleplay.room_role", "de", role=workshop.t(f"roleplay.role.{role}", "de")) in all_text(page)
        material = {"asker": "cc-asker-plan", "contact": "cc-persona-card", "observer": "cc-observer-checklist"}
        for name, css_class in material.items():
            assert len(visible(page, css_class)) == (1 if name == role else 0), (role, css_class)
        if role == "observer":
            assert visible(page, "cc-observer-notes"), "the observer has a notes field"
        if role != "contact":
            assert persona.facts[0]["de"] not in all_text(page), "only the contact sees the card"
        assert not [node for node in shown(page) if isinstance(node, RoundTimer)], "the room's timer only"
        for control in OWN_CONTROLS:
            assert not visible_on_a_step(each, control), control


def test_does_next_round_switch_the_role_in_place_and_keep_what_was_typed(workshop, journal, coach):
    people = [participant(workshop, journal) for _ in range(3)]
    in_role_play(people)
    coach.form_groups()
    for each in people:
        each.room_tick()
    observer = next(each for each in people if each.room.membership.placement().role == "observer")
    view = observer.navigation.module_object
    notes = visible(module(observer), "cc-observer-notes")[0]
    text_field = next(node for node in shown(notes) if isinstance(node, w.Textarea | w.Text))
    text_field.value = "Hat gut nachgefragt"
    part = view.part
    coach.timer_pause()  # a change of the room that is not a new round: nothing is redrawn
    observer.room_tick()
    assert view.part is part and text_field.value == "Hat gut nachgefragt"
    find(observer.root, "cc-next").click()  # on to the debrief of round 1
    assert view.step == 3
    observer.header.language.value = "en"  # the page is drawn again, in English: still the debrief
    view = observer.navigation.module_object
    assert view.step == 3 and view.room is not None
    observer.header.language.value = "de"
    view = observer.navigation.module_object
    coach.next_round()
    observer.room_tick()
    assert observer.navigation.module_object is view, "the same module, switched in place (no reload)"
    assert view.step == 2, "the new round's role and material, not the debrief of the round before"
    new_role = observer.room.membership.placement().role
    assert new_role != "observer"
    assert workshop.t("roleplay.round", "de", number=2) in all_text(module(observer))
    assert workshop.t(f"roleplay.role.{new_role}", "de") in all_text(module(observer))
    assert journal.load(observer.session.code)["roleplay.round-1.observer-notes"] == "Hat gut nachgefragt"
    assert journal.load(observer.session.code)["roleplay.round-2.role"] == new_role


def test_do_people_outside_a_group_keep_their_own_controls(workshop, journal, coach):
    people = [participant(workshop, journal) for _ in range(3)]
    coach.form_groups()
    late = participant(workshop, journal)  # came after the groups were formed: in no group
    for each in (*people, late):
        each.room_tick()
        each.go("role-play")
    page = module(late)
    assert late.navigation.module_object.step == 1, "in no group: the choice first"
    for control in OWN_CONTROLS:
        assert visible_on_a_step(late, control), control
    late.navigation.module_object.show_step(2)
    assert [node for node in shown(page) if isinstance(node, RoundTimer)]
    coach.end()
    for each in people:
        each.room_tick()  # the end screen opens the wrap-up
        each.go("role-play")
        assert each.navigation.room_round is None
        assert visible_on_a_step(each, "cc-round-minutes"), "after the end: own practice again"


def test_does_a_page_that_wandered_off_come_back_at_the_coachs_next_move(workshop, journal, coach):
    people = [participant(workshop, journal) for _ in range(2)]
    wanderer, _other = people
    coach.follow("regret")
    for each in people:
        each.room_tick()
    assert [each.current for each in people] == ["regret", "regret"]
    wanderer.go("welcome")  # a participant may look back
    wanderer.room_tick()
    assert wanderer.current == "welcome"
    title = workshop.module_title("regret", "de")
    assert workshop.t("room.elsewhere", "de", module=title) in all_text(wanderer.room.bar.widget)
    back = find(wanderer.room.bar.widget, "cc-room-back")
    assert back.layout.display != "none" and back.description == workshop.t("room.back_to", "de")
    assert coach.pages_line("de") == workshop.t("room.pages_here", "de", here=1, elsewhere=1)

    coach.follow("regret")  # the coach presses follow again
    for each in people:
        each.room_tick()
    assert [each.current for each in people] == ["regret", "regret"]
    assert back.layout.display == "none"
    assert coach.pages_line("de") == workshop.t("room.pages_here", "de", here=2, elsewhere=0)

    wanderer.go("welcome")
    coach.follow("role-play")  # the coach moves on
    for each in people:
        each.room_tick()
    assert [each.current for each in people] == ["role-play", "role-play"]

    wanderer.go("welcome")
    find(wanderer.room.bar.widget, "cc-room-back").click()
    assert wanderer.current == "role-play", "the bar's button goes back to the coach's module"
    coach.release()
    wanderer.room_tick()
    wanderer.go("welcome")
    wanderer.room_tick()
    assert wanderer.current == "welcome", "released: free navigation"
    assert coach.pages_line("de").startswith(workshop.t("room.pages_per_module", "de", counts="")), coach.pages_line(
        "de"
    )


def test_does_the_console_show_how_many_pages_are_on_the_coachs_module_and_elsewhere(workshop, journal, coach):
    people = [participant(workshop, journal) for _ in range(3)]
    page = FacilitatorPage(workshop, journal, "console", TOKEN, "de")
    page.view.module.value = "regret"
    page.view.pacing.value = "follow"
    for each in people:
        each.room_tick()
    people[0].go("welcome")
    page.tick(force=True)
    line = find(page.root, "cc-room-pages").value
    assert workshop.t("room.pages_here", "de", here=2, elsewhere=1) in line
    assert not any(each.session.code in line for each in people), "counts only, no code"


def test_does_opening_the_role_play_in_a_room_group_build_no_round_of_its_own_first(
    workshop, journal, coach, monkeypatch
):
    people = [participant(workshop, journal) for _ in range(3)]
    coach.form_groups()
    for each in people:
        each.room_tick()
    made = []
    monkeypatch.setattr("coffeechat.views.roleplay.RoundTimer", lambda **traits: made.append(traits))
    for each in people:
        each.go("role-play")
        assert visible(module(each), "cc-room-round")
    assert made == [], "no own timer (and no own round) was made only to be thrown away"


def test_does_the_consoles_bring_back_button_return_a_wandering_page_and_show_only_while_the_coach_leads(
    workshop, journal, coach
):
    page = FacilitatorPage(workshop, journal, "console", TOKEN, "de")
    bring_back = find(page.root, "cc-room-bring-back")
    assert bring_back.layout.display == "none", "nothing to bring back while everyone goes at their own pace"
    wanderer = participant(workshop, journal)
    coach.follow("regret")
    page.tick(force=True)
    assert bring_back.layout.display != "none"
    wanderer.room_tick()
    wanderer.go("welcome")
    wanderer.room_tick()
    bring_back.click()
    wanderer.room_tick()
    assert wanderer.current == "regret", "the coach's press brings the page back"
