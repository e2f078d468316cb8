"""The projector and the console's projector card: does the coach's choice decide what every projector shows,
does a paused timer resume with its time from the console, are numbers and plurals written as the language
writes them, and does the page carry no control of its own?"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import ipywidgets as w
import pytest

from coffeechat.content import group_name
from coffeechat.pages.facilitator import FacilitatorPage
from coffeechat.room import model as room
from coffeechat.room.live import Console, NotAllowed, Results
from coffeechat.room.model import Distribution, RoomState, Timer, WordEntry
from coffeechat.views.projector import ProjectorView, decimal, group_label, people
from tests.conftest import all_text, find, walk
from tests.unit.test_facilitator import TOKEN, console_page, participant

T0 = 1_800_000_000.0
QUESTION = "Was hält Sie zurück?"


def results(workshop, joined=7, wall=None, few=False) -> Results:
    fears = {fear.id: None if few else Distribution((1, 0, 0, 0, 0, 2, 0, 0, 3, 0, 1), 7) for fear in workshop.fears}
    return Results(
        joined=joined,
        fears=fears,
        change={fear.id: None if few else room.Change(6.25, 4.0, 7) for fear in workshop.fears},
        finished=None,
        wall=wall,
        answers_on_wall=len(wall or ()),
    )


def view(workshop, language="de") -> ProjectorView:
    return ProjectorView(workshop, language, "http://192.0.2.7:8866/")


def mode_classes(projector: ProjectorView) -> list[str]:
    return [c for c in projector.root._dom_classes if c.startswith("cc-projector-mode-")]


def test_does_the_coachs_choice_decide_the_one_mode_every_projector_shows(workshop):
    projector = view(workshop)
    for mode in room.PROJECTOR_MODES:
        projector.show(RoomState().project(mode), results(workshop), "Kaffee & Mut")
        assert mode_classes(projector) == [f"cc-projector-mode-{mode}"]
    assert "Kaffee &amp; Mut" in projector.head.value, "the room's name, escaped"


def test_does_the_projector_page_carry_no_control_of_its_own(workshop):
    projector = view(workshop)
    projector.show(RoomState().projector_settings(theme="dark", sound=False), results(workshop), "Raum")
    controls = [node for node in walk(projector.root) if isinstance(node, (w.Button, w.ToggleButtons, w.Checkbox))]
    assert controls == []
    assert "cc-projector-dark" in projector.root._dom_classes
    assert projector.timer.sound == "off", "the console's sound choice, no button on the beamer"


def test_does_the_fear_profile_label_its_axis_0_to_10_and_write_the_mean_as_german_does(workshop):
    projector = view(workshop)
    projector.show(RoomState().project("profile"), results(workshop), "Raum")
    axis = "".join(f"<span>{n}</span>" for n in range(11))
    assert axis in projector.results.value
    assert "Mittel 6,3 · 7 Personen" in projector.results.value
    english = view(workshop, "en")
    english.show(RoomState().project("profile"), results(workshop), "Room")
    assert "mean 6.3 · 7 people" in english.results.value


def test_is_fewer_than_three_said_in_full_size_text_not_a_grey_note(workshop):
    projector = view(workshop)
    projector.show(RoomState().project("profile"), results(workshop, few=True), "Raum")
    assert f"<p class='cc-projector-too-few'>{workshop.t('room.too_few', 'de')}</p>" in projector.results.value
    assert "cc-muted" not in projector.results.value


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [("de", "1 Person", "3 Personen"), ("en", "1 person", "3 people")],
)
def test_is_one_person_never_one_people(workshop, language, one, many):
    assert people(workshop, 1, language) == one and people(workshop, 3, language) == many
    projector = view(workshop, language)
    projector.show(RoomState(), results(workshop, joined=1), "Raum")
    assert workshop.t("room.joined_one", language) in projector.join.value
    assert "1 participants" not in all_text(projector.root) and "1 Teilnehmende" not in all_text(projector.root)


def test_are_numbers_written_as_the_language_writes_them(workshop):
    assert decimal(5.75, workshop, "de") == "5,8" and decimal(5.75, workshop, "en") == "5.8"
    projector = view(workshop)
    projector.show(RoomState().project("change"), results(workshop), "Raum")
    assert ">6,2<" in projector.change.value or ">6,3<" in projector.change.value
    assert ">4,0<" in projector.change.value


def test_does_the_groups_slide_name_each_group_its_size_and_the_round(workshop):
    assert group_label(workshop, 2, "de") == group_name(workshop, 2, "de") != group_label(workshop, 2, "en")
    assert group_label(workshop, 40, "de") == "Gruppe 40", "beyond the named groups, a number"
    state = RoomState().with_groups([f"m{i}" for i in range(7)], seed=3, now=T0).next_round(T0).project("groups")
    projector = view(workshop)
    projector.show(state, results(workshop), "Raum")
    assert "Runde 2" in projector.groups.value
    for number, size in ((1, "3 Personen"), (2, "2 Personen"), (3, "2 Personen")):
        name = group_name(workshop, number, "de")
        assert f"<strong>{name}</strong><span>{size}</span>" in projector.groups.value


def test_does_the_walls_question_show_only_on_the_wall_slide(workshop):
    wall = [WordEntry(f"e{i}", word) for i, word in enumerate(("Zeit", "Scham", "<b>Ausreden</b>"))]
    state = RoomState().ask(QUESTION)
    projector = view(workshop)
    projector.show(replace_revealed(state).project("wall"), results(workshop, wall=wall), "Raum")
    assert QUESTION in projector.wall.value and "&lt;b&gt;Ausreden&lt;/b&gt;" in projector.wall.value
    parts = (projector.head, projector.corner, projector.join, projector.slide, projector.results, projector.change)
    assert all(QUESTION not in part.value for part in (*parts, projector.groups, projector.thanks))


def replace_revealed(state: RoomState) -> RoomState:
    return replace(state, revealed=True)


def test_does_a_full_wall_show_what_fits_and_count_the_rest(workshop):
    wall = [WordEntry(f"e{i:03d}", "x" * 80) for i in range(100)]
    projector = view(workshop)
    projector.show(replace_revealed(RoomState().ask(QUESTION)), results(workshop, wall=wall), "Raum")
    shown = projector.wall.value.count("x" * 80)
    assert 1 <= shown < 100
    assert workshop.t("room.wall_more", "de", count=100 - shown) in projector.wall.value


def test_does_the_projector_stop_the_timer_and_say_thanks_after_the_end(workshop):
    running = RoomState(timer=Timer(length=600, left=600).start(T0)).project("timer")
    projector = view(workshop)
    projector.show(running, results(workshop), "Raum")
    assert projector.timer.ends_at > 0
    projector.show(running.end(), results(workshop), "Raum")
    assert mode_classes(projector) == ["cc-projector-mode-thanks"]
    assert projector.timer.ends_at == 0 and "cc-projector-timer-idle" in projector.root._dom_classes
    assert workshop.t("room.projector_thanks", "de") in projector.thanks.value


def test_does_the_corner_hide_when_the_coach_says_so(workshop):
    projector = view(workshop)
    projector.show(RoomState().project("profile"), results(workshop), "Raum")
    assert "192.0.2.7" in projector.corner.value and "cc-projector-corner-off" not in projector.root._dom_classes
    projector.show(RoomState().project("profile").projector_settings(corner=False), results(workshop), "Raum")
    assert projector.corner.value == "" and "cc-projector-corner-off" in projector.root._dom_classes


# --- the console: the timer's buttons and the projector card ---------------------------------------------


def test_does_start_after_pause_resume_with_the_time_left_and_the_extra_minute(workshop, journal, coach):
    clock = [T0]
    page = console_page(workshop, journal)
    find(page.root, "cc-room-start").click()
    page.view.console.clock = lambda: clock[0]
    find(page.root, "cc-room-minutes").value = 10
    start = find(page.root, "cc-room-timer-start")
    start.click()
    clock[0] += 120
    find(page.root, "cc-room-timer-pause").click()
    assert start.description == workshop.t("room.timer_resume", "de")
    assert page.view.timer.paused, "the console's timer says 'paused'"
    find(page.root, "cc-room-timer-extend").click()
    clock[0] += 300  # a long pause costs nothing
    start.click()
    timer = coach.current()[1].timer
    assert timer.running and timer.remaining(clock[0]) == 9 * 60, "8 minutes left and the extra one"
    assert start.description == workshop.t("room.timer_start", "de")
    find(page.root, "cc-room-timer-stop").click()
    find(page.root, "cc-room-minutes").value = 5
    start.click()
    assert coach.current()[1].timer.remaining(clock[0]) == 5 * 60, "after Stop, Start counts from the minutes"


def test_does_every_page_say_paused_while_the_coach_pauses(workshop, journal, coach):
    page = console_page(workshop, journal)
    find(page.root, "cc-room-start").click()
    person = participant(workshop, journal)
    find(page.root, "cc-room-timer-start").click()
    find(page.root, "cc-room-timer-pause").click()
    person.room_tick(force=True)
    projector = view(workshop)
    projector.show(coach.current()[1], coach.results(), "Raum")
    for timer in (person.room.bar.timer, page.view.timer, projector.timer):
        assert timer.paused and timer.ends_at == 0
        assert timer.labels["paused"] == workshop.t("room.timer_paused", "de")


def test_does_the_console_switch_every_projector_and_keep_theme_sound_and_corner(workshop, journal, coach):
    page = console_page(workshop, journal)
    find(page.root, "cc-room-name").value = "Kaffee"
    find(page.root, "cc-room-start").click()
    find(page.root, "cc-room-projector-mode").value = "profile"
    find(page.root, "cc-room-projector-theme").value = "dark"
    find(page.root, "cc-room-projector-sound").value = False
    find(page.root, "cc-room-projector-corner").value = False
    state = coach.current()[1]
    assert (state.projector, state.theme, state.sound, state.corner) == ("profile", "dark", False, False)
    again = console_page(workshop, journal)  # a second console (or a reload) shows the stored choice
    assert find(again.root, "cc-room-projector-mode").value == "profile"
    assert find(again.root, "cc-room-projector-theme").value == "dark"
    beamer = FacilitatorPage(workshop, journal, "projector", TOKEN, "de")
    assert "cc-projector-mode-profile" in beamer.view.root._dom_classes
    assert "Kaffee" in beamer.view.head.value
    coach.end()
    beamer.tick(force=True)
    assert "cc-projector-mode-thanks" in beamer.view.root._dom_classes


def test_does_a_participant_never_change_the_projector(workshop, journal, coach):
    coach.start_room("Raum", dt.date(2026, 12, 1))
    person = participant(workshop, journal)
    assert not [node for node in walk(person.root) if "cc-room-projector-mode" in node._dom_classes]
    assert Console(journal, workshop, "guessed").authorized() is False
    with pytest.raises(NotAllowed):
        Console(journal, workshop, "guessed").project("wall")
    assert coach.current()[1].projector == "join"


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_projector_before_a_room_is_open_show_how_to_join_and_no_word_for_the_coach(workshop, language):
    projector = ProjectorView(workshop, language, "http://192.0.2.2:8866/")
    projector.show(None, None)
    shown = all_text(projector.root)
    assert workshop.manifest.title[language] in shown and workshop.t("room.projector_waiting", language) in shown
    assert "192.0.2.2:8866" in shown, "the address to join"
    for coach_words in ("room.console_title", "room.none"):
        assert workshop.t(coach_words, language) not in shown, coach_words
