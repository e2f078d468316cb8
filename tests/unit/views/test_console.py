"""The coach's console as a coach meets it (issue 23): does a wall answer wait for approval, does a listed word
never reach the projector, can the coach end a question without asking an empty one, do earlier questions stay,
do groups have names, is a late joiner counted and placed, do the timer presets follow the run sheet, and do
the console's words read right?"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pytest

from coffeechat.content import group_name, plural
from coffeechat.pages.facilitator import FacilitatorPage
from coffeechat.room import model as room
from coffeechat.room.live import Console, NotAllowed, Preset, groups_offered, round_minutes, timer_presets
from tests.conftest import all_text, find, walk
from tests.unit.test_facilitator import TOKEN, participant
from tests.unit.test_facilitator import console_page as coach_page


def console_page(workshop, journal, language="de") -> FacilitatorPage:
    return coach_page(workshop, journal, language=language)


def open_room(page, format_id: str | None = None) -> None:
    if [node for node in walk(page.root) if "cc-room-next" in node._dom_classes]:  # after an ended room
        find(page.root, "cc-room-next").click()
    if format_id:
        find(page.root, "cc-room-format").value = format_id
    find(page.root, "cc-room-start").click()


def projector_wall(workshop, journal) -> str:
    projector = FacilitatorPage(workshop, journal, "projector", TOKEN, "de")
    projector.tick(force=True)
    return projector.view.wall.value


def ask_and_answer(page, workshop, journal, people, words, question="Was hält Sie zurück?"):
    find(page.root, "cc-room-question").value = question
    find(page.root, "cc-room-ask").click()
    for each, word in zip(people, words, strict=True):
        each.room_tick()
        find(each.root, "cc-room-answer").value = word
        find(each.root, "cc-room-share").click()
    page.view.refresh()


def entry_row(page, word: str) -> w.Widget:
    return next(r for r in page.view.entries.children if word in r.children[0].value)


# --- the word wall --------------------------------------------------------------------------------------


def test_does_a_wall_answer_wait_for_approval_and_reach_the_projector_only_once_approved(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page)
    people = [participant(workshop, journal) for _ in range(3)]
    ask_and_answer(page, workshop, journal, people, ("Zeit", "Scham", "Ausreden"))
    find(page.root, "cc-room-reveal").click()
    assert not find(page.root, "cc-room-auto-approve").value, "approving automatically is off by default"
    wall = projector_wall(workshop, journal)
    assert not any(word in wall for word in ("Zeit", "Scham", "Ausreden")), "nothing before the coach approves"
    assert workshop.t("room.status.waiting", "de") in entry_row(page, "Zeit").children[0].value
    assert workshop.t("room.queue", "de", count=3, shown=0, filtered=0) in page.view.wall_count.value
    for word in ("Zeit", "Scham"):
        find(entry_row(page, word), "cc-room-entry-approve").click()
    assert "Zeit" not in projector_wall(workshop, journal), "two approved answers are no wall of three"
    find(entry_row(page, "Ausreden"), "cc-room-entry-approve").click()
    wall = projector_wall(workshop, journal)
    assert all(word in wall for word in ("Zeit", "Scham", "Ausreden"))
    # an edited answer waits again, and the wall waits with it
    find(people[0].root, "cc-room-answer").value = "Zeitdruck"
    find(people[0].root, "cc-room-share").click()
    assert "Zeit" not in projector_wall(workshop, journal) and "Scham" not in projector_wall(workshop, journal)


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_wall_wait_for_three_approved_answers_and_the_console_say_how_many_more(
    workshop, journal, coach, language
):
    page = console_page(workshop, journal, language)
    open_room(page)
    people = [participant(workshop, journal) for _ in range(3)]
    ask_and_answer(page, workshop, journal, people, ("Zeit", "Mein Chef ist ein Idiot", "Scham"))
    find(page.root, "cc-room-approve-all").click()  # the two the filter lets through
    needs = plural(workshop, "room.wall_needs", 1, language)
    assert needs in all_text(page.view.room_box), "the console says how many more answers are needed"
    waits = plural(workshop, "room.reveal_waits", 1, language)
    assert find(page.root, "cc-room-reveal").description == waits, "the button says why the wall waits"
    find(page.root, "cc-room-reveal").click()
    wall = projector_wall(workshop, journal)
    assert "Zeit" not in wall and "Scham" not in wall, "two answers never go up"
    assert workshop.t("room.too_few", "de") in wall
    person = participant(workshop, journal)
    person.room_tick()
    find(person.root, "cc-room-answer").value = "Ausreden"
    find(person.root, "cc-room-share").click()
    page.view.refresh()
    find(entry_row(page, "Ausreden"), "cc-room-entry-approve").click()
    assert all(word in projector_wall(workshop, journal) for word in ("Zeit", "Scham", "Ausreden"))
    assert needs not in all_text(page.view.room_box)
    assert find(page.root, "cc-room-reveal").description == workshop.t("room.conceal", language)


def test_does_a_listed_word_never_reach_the_projector_even_with_automatic_approval(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page)
    people = [participant(workshop, journal) for _ in range(4)]
    find(page.root, "cc-room-auto-approve").value = True
    assert coach.current()[1].auto_approve
    ask_and_answer(page, workshop, journal, people, ("Zeit", "Mein Chef ist ein Idiot", "Scham", "Ausreden"))
    find(page.root, "cc-room-reveal").click()
    wall = projector_wall(workshop, journal)
    assert all(word in wall for word in ("Zeit", "Scham", "Ausreden")), "approved automatically"
    assert "Idiot" not in wall
    row = entry_row(page, "Idiot")
    assert workshop.t("room.status.filtered", "de") in row.children[0].value, "the console marks it"
    assert not [n for n in walk(row) if "cc-room-entry-approve" in n._dom_classes], "no approve for a filtered one"
    queue = workshop.t("room.queue", "de", count=0, shown=3, filtered=1)
    assert queue in page.view.wall_count.value, "a filtered answer does not wait for an approval it cannot get"
    coach.approve_entry(next(e.entry_id for e in coach.entries() if "Idiot" in e.text))
    assert "Idiot" not in projector_wall(workshop, journal), "not even approved by hand"
    find(page.root, "cc-room-approve-all").click()
    assert "Idiot" not in projector_wall(workshop, journal)


def test_does_asking_with_an_empty_field_say_so_and_end_the_question_end_the_wall(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page)
    person = participant(workshop, journal)
    find(page.root, "cc-room-question").value = "   "
    find(page.root, "cc-room-ask").click()
    assert workshop.t("room.ask_empty", "de") in page.view.wall_message.value
    assert coach.current()[1].question_number == 0, "no empty question was asked"
    find(page.root, "cc-room-question").value = "Was hält Sie zurück?"
    find(page.root, "cc-room-ask").click()
    assert page.view.wall_message.value == ""
    person.room_tick()
    assert person.room.bar.wall.layout.display is None
    find(page.root, "cc-room-clear-question").click()
    person.room_tick()
    assert person.room.bar.wall.layout.display == "none", "the participant's field goes"
    wall = projector_wall(workshop, journal)
    assert "Was hält Sie zurück?" not in wall and workshop.t("room.projector_no_question", "de") in wall
    assert workshop.t("room.no_question", "de") in page.view.current_question.value
    person.room.membership.answer("zu spät")
    assert [e.text for e in coach.entries()] == [], "no answer to an ended question"


def test_do_the_earlier_questions_of_the_session_stay_listed_with_their_counts(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page)
    people = [participant(workshop, journal) for _ in range(2)]
    ask_and_answer(page, workshop, journal, people, ("Zeit", "Scham"), question="Erste Frage?")
    ask_and_answer(page, workshop, journal, people[:1], ("Mut",), question="Zweite Frage?")
    find(page.root, "cc-room-clear-question").click()
    earlier = page.view.earlier.value
    assert "1. Erste Frage? · 2 Antworten" in earlier and "2. Zweite Frage? · 1 Antwort" in earlier


# --- groups ---------------------------------------------------------------------------------------------


def test_does_a_late_joiner_get_counted_placed_by_the_button_and_see_a_named_group(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page)
    people = [participant(workshop, journal) for _ in range(3)]
    find(page.root, "cc-room-groups-form").click()
    assert "Gruppe Blau: 3 Personen" in page.view.group_list.value
    assert page.view.place_late.layout.display == "none"
    late = [participant(workshop, journal) for _ in range(2)]
    page.tick(force=True)
    assert plural(workshop, "room.unplaced", 2, "de") in page.view.unplaced_line.value
    assert page.view.place_late.layout.display is None
    assert page.view.place_late.description == "Die 2 Neuen einteilen"
    for each in people:
        each.room_tick()
    before = {each.room.membership.member_id: each.room.membership.placement() for each in people}
    find(page.root, "cc-room-groups-place").click()
    state = coach.current()[1]
    assert state.round == 1, "no round restarts"
    for each in (*people, *late):
        each.room_tick()
        assert each.room.membership.placement() is not None
    for each in people:
        assert each.room.membership.placement() == before[each.room.membership.member_id], "nobody moves"
    line = late[0].room.bar.group.value
    placement = late[0].room.membership.placement()
    assert group_name(workshop, placement.group, "de") in line and "Gruppe Orange" in line
    assert page.view.place_late.layout.display == "none"
    assert "Runde 1: 1 Dreiergruppe, 1 Paar" in page.view.groups_line.value


def test_does_the_next_round_place_a_late_joiner_too(workshop, journal, coach):
    coach.start_room("Workshop", dt.date(2026, 12, 1))
    people = [participant(workshop, journal) for _ in range(2)]
    coach.form_groups()
    late = participant(workshop, journal)
    assert coach.unplaced() == 1
    coach.next_round()
    late.room_tick()
    assert late.room.membership.placement().group == 1 and late.room.membership.placement().size == 3
    assert coach.unplaced() == 0 and len(people) == 2


@pytest.mark.parametrize(
    ("language", "sizes", "expected"),
    [
        ("de", (3, 2), "1 Dreiergruppe, 1 Paar"),
        ("de", (3, 3, 2, 2), "2 Dreiergruppen, 2 Paare"),
        ("en", (3, 2), "1 trio, 1 pair"),
        ("en", (3, 3, 3), "3 trios"),
    ],
)
def test_are_the_groups_counted_in_the_right_number_in_both_languages(workshop, language, sizes, expected):
    from coffeechat.views.console import groups_summary

    groups = tuple(tuple(f"m{n}{i}" for i in range(size)) for n, size in enumerate(sizes))
    assert groups_summary(workshop, room.RoomState(groups=groups, round=1), language) == expected


# --- the run sheet's times ------------------------------------------------------------------------------


def test_do_the_timer_presets_and_the_role_play_round_come_from_the_run_sheet_of_the_chosen_format(
    workshop, journal, coach
):
    half_day = workshop.workshop_format("half-day")
    entry = next(e for e in half_day.schedule if e.rounds)
    assert round_minutes(workshop, "half-day") == entry.round_minutes
    assert timer_presets(workshop, "half-day", "role-play") == [
        Preset("round", entry.round_minutes),
        Preset("changeover", entry.changeover_minutes),
        Preset("debrief", entry.debrief_minutes),
    ]
    regret = next(e for e in half_day.schedule if e.module == "regret")
    assert timer_presets(workshop, "half-day", "regret") == [
        Preset("exercise", workshop.module_ref("regret").exercise_minutes),
        Preset("share", regret.share_minutes),
    ]
    page = console_page(workshop, journal)
    open_room(page, "half-day")
    assert coach.current()[1].format == "half-day", "the room keeps its format"
    assert half_day.title["de"] in page.view.title.value, "the console says which format the room runs"
    assert page.view.minutes.value == entry.round_minutes, "the minutes field starts at the run sheet's round"
    page.view.module.value = "role-play"
    page.view.pacing.value = "follow"
    label = workshop.t("room.preset_round", "de", minutes=entry.round_minutes)
    assert label in all_text(page.view.presets)
    [participant(workshop, journal) for _ in range(3)]
    find(page.root, "cc-room-groups-form").click()
    assert coach.current()[1].timer.length == entry.round_minutes * 60, "form groups starts a run-sheet round"
    find(page.root, "cc-room-preset-changeover").click()
    assert coach.current()[1].timer.length == entry.changeover_minutes * 60, "the feedback after each round"
    assert page.view.minutes.value == entry.changeover_minutes, "the minutes field shows the preset that runs"
    find(page.root, "cc-room-preset-debrief").click()
    assert coach.current()[1].timer.length == entry.debrief_minutes * 60


# --- words ----------------------------------------------------------------------------------------------


def test_does_the_console_say_tempo_once_state_the_sound_and_show_whole_module_titles(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page)
    heading = workshop.t("room.pacing", "de")
    assert heading in all_text(page.root) and heading not in page.view.pacing.description, "the heading, once"
    assert page.view.timer.labels["sound_off"] == "Ton am Ende: aus"
    assert page.view.module.layout.width == "auto", "the dropdown is as wide as its longest title"


def test_does_ending_the_workshop_ask_first(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page)
    find(page.root, "cc-room-end").click()
    assert not coach.current()[1].ended
    assert workshop.t("room.end_confirm", "de") in all_text(page.view.confirm)
    find(page.root, "cc-room-end-no").click()
    assert not coach.current()[1].ended and not page.view.confirm.children
    find(page.root, "cc-room-end").click()
    find(page.root, "cc-room-end-yes").click()
    assert coach.current()[1].ended


def test_does_hiding_a_console_button_that_comes_and_goes_leave_every_other_button_shown(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page)
    assert page.view.approve_all.layout.display == "none" and page.view.place_late.layout.display == "none"
    hidden = [n for n in walk(page.view.room_box) if isinstance(n, w.Button) and n.layout.display == "none"]
    expected = {page.view.approve_all, page.view.place_late, page.view.bring_back}  # each with its own layout
    expected |= {page.view.form_groups, page.view.next_round, page.view.reshuffle}  # no role-play on the welcome
    expected |= {page.view.report_download}  # no report kept yet
    expected |= {page.view.timer_pause}  # no timer running
    expected |= {page.view.cofac_revoke}  # no co-facilitator link made yet
    assert set(hidden) == expected, [b.description for b in hidden]


def test_is_pause_offered_only_while_the_timer_runs(workshop, journal, coach):
    """A coach's walk saw „Weiter“ and „Pause“ side by side on a paused timer."""
    page = console_page(workshop, journal)
    open_room(page)
    assert page.view.timer_pause.layout.display == "none", "nothing to pause"
    find(page.root, "cc-room-timer-start").click()
    assert page.view.timer_pause.layout.display is None
    find(page.root, "cc-room-timer-pause").click()
    assert page.view.timer_pause.layout.display == "none"
    assert page.view.timer_start.description == workshop.t("room.timer_resume", "de")


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_console_count_one_participant_as_one_person_not_1_participants(workshop, journal, coach, language):
    page = console_page(workshop, journal, language)
    open_room(page)
    participant(workshop, journal)
    page.tick(force=True)
    shown = find(page.root, "cc-room-joined").value
    assert workshop.t("room.joined_one", language) in shown, shown
    assert "1 participants" not in shown and "1 Teilnehmende" not in shown


def test_does_a_new_question_come_into_view_on_every_page_without_a_phones_keyboard(workshop, journal, coach):
    """The question takes the focus, not its answer field: a field's focus pops a phone's keyboard up over the page
    (a coach's walk saw it on every phone); the field is the next Tab stop."""
    page = console_page(workshop, journal)
    open_room(page)
    person = participant(workshop, journal)
    sent = []
    person.page.send = sent.append  # what the page is asked to do in the browser
    to_the_field = {"type": "focus", "selector": ".cc-room-question-text", "reveal": ".cc-room-wall"}
    find(page.root, "cc-room-question").value = "Was hält Sie zurück?"
    find(page.root, "cc-room-ask").click()
    person.room_tick()
    assert sent[-1:] == [to_the_field], "the coach's question comes into view wherever the page was"
    person.room_tick(force=True)
    assert sent.count(to_the_field) == 1, "once per question"
    latecomer = participant(workshop, journal)
    arrived = []
    latecomer.page.send = arrived.append
    latecomer.room_tick(force=True)
    assert to_the_field not in arrived, "a question already open on arrival does not pull the new page about"


def test_does_a_participant_learn_that_a_long_wall_answer_was_shortened(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page)
    person = participant(workshop, journal)
    find(page.root, "cc-room-question").value = "Was würden Sie als Erstes tun?"
    find(page.root, "cc-room-ask").click()
    person.room_tick()
    long = "Eine Nachricht an Frau Müller schreiben, die seit Jahren in der Beratung arbeitet, und sie fragen 📞"
    find(person.root, "cc-room-answer").value = long
    find(person.root, "cc-room-share").click()
    shortened = workshop.t("room.shared_shortened", "de", chars=room.WORD_CHARS)
    assert shortened in person.room.bar.shared.value
    assert find(person.root, "cc-room-answer").value == long[: room.WORD_CHARS], "the field shows what was shared"
    find(person.root, "cc-room-answer").value = "Anrufen 📞"
    find(person.root, "cc-room-share").click()
    assert shortened not in person.room.bar.shared.value, "a short answer is shared as typed"


# --- a second room on the same console ------------------------------------------------------------------


def test_does_a_second_room_start_at_its_formats_first_module_with_nothing_of_the_first_rooms_pacing(
    workshop, journal, coach
):
    page = console_page(workshop, journal, language="en")
    open_room(page, "half-day")
    [participant(workshop, journal) for _ in range(3)]
    page.view.module.value = "wrap-up"
    page.view.pacing.value = "follow"
    find(page.root, "cc-room-groups-form").click()
    find(page.root, "cc-room-ask").click()  # an empty question: the console says so
    find(page.root, "cc-room-question").value = "Eine Frage, nie gestellt"
    find(page.root, "cc-room-end").click()
    find(page.root, "cc-room-end-yes").click()
    find(page.root, "cc-room-erase").click()
    find(page.root, "cc-room-erase-yes").click()
    find(page.root, "cc-room-name").value = "Zweite Runde"
    open_room(page, "ninety-minutes")
    first = workshop.workshop_format("ninety-minutes").schedule[0].module
    assert page.view.module.value == first, "the module for everyone starts at the format's first module"
    state = coach.current()[1]
    assert state.module == first and state.pacing == "own" and not state.groups and not state.timer.running
    assert page.view.pacing.value == "own" and page.view.minutes.value == round_minutes(workshop, "ninety-minutes")
    assert page.view.question.value == "" and page.view.wall_message.value == "", "no word of the last room's wall"
    reloaded = console_page(workshop, journal, language="en")
    assert reloaded.view.module.value == first, "a reload shows the same"
    people = [participant(workshop, journal) for _ in range(3)]
    for each in people:
        each.go("regret")
    page.view.pacing.value = "follow"
    for each in people:
        each.room_tick()
        assert each.current == first, "everyone follows the coach to the first module, not the last room's"
    page.view.pacing.value = "own"
    page.view.module.value = "regret"
    page.tick(force=True)
    assert page.view.module.value == "regret", "a module chosen at everyone's own pace stays chosen"
    assert coach.current()[1].module == "regret" and coach.current()[1].followed_module() is None


def test_does_a_phone_that_stayed_from_the_first_room_follow_the_second_rooms_coach_and_leave_its_end_screen(
    workshop, journal, coach
):
    page = console_page(workshop, journal)
    open_room(page)
    person = participant(workshop, journal)
    page.view.pacing.value = "follow"  # round 1 leads to the welcome: lead 1
    person.room_tick()
    find(page.root, "cc-room-end").click()
    find(page.root, "cc-room-end-yes").click()
    person.room_tick()
    assert person.room.end_card.children, "the first room's end screen"
    open_room(page)  # the first room ended, not erased: the same phones take part again
    person.room_tick()
    assert not person.room.end_card.children and person.navigation.stepper.layout.display is None
    person.go("regret")
    page.view.pacing.value = "follow"  # the second room's first lead: to the welcome, lead 1 again
    person.room_tick()
    assert person.current == "welcome", "a new room's lead is news, even with the same module and number"


# --- groups belong to the role-play --------------------------------------------------------------------


def test_are_groups_offered_only_for_the_role_play_of_a_format_that_plays_one(workshop, journal, coach):
    assert groups_offered(workshop, "half-day", "role-play")
    assert not groups_offered(workshop, "half-day", "welcome"), "not on the welcome"
    assert not groups_offered(workshop, "ninety-minutes", "role-play"), "the 90 minutes play no role-play"
    page = console_page(workshop, journal, "en")
    open_room(page, "ninety-minutes")
    form = find(page.root, "cc-room-groups-form")
    assert form.layout.display == "none", "no 'Form groups' in a format without a role-play"
    assert workshop.t("room.groups_not_here", "en") in all_text(page.view.room_box)
    find(page.root, "cc-room-end").click()
    find(page.root, "cc-room-end-yes").click()
    open_room(page, "half-day")
    assert find(page.root, "cc-room-groups-form").layout.display == "none", "nor on the welcome"
    page.view.module.value = "role-play"
    assert find(page.root, "cc-room-groups-form").layout.display is None, "on the role-play: there it is"


def test_do_the_role_play_groups_end_when_the_coach_leads_on_to_the_wrap_up(workshop, journal, coach):
    page = console_page(workshop, journal)
    open_room(page, "half-day")
    people = [participant(workshop, journal) for _ in range(3)]
    page.view.module.value = "role-play"
    page.view.pacing.value = "follow"
    find(page.root, "cc-room-groups-form").click()
    find(page.root, "cc-room-groups-next").click()
    people[0].room_tick()
    blue = group_name(workshop, 1, "de")
    assert blue in people[0].room.bar.group.value
    page.view.module.value = "wrap-up"
    people[0].room_tick()
    assert people[0].current == "wrap-up"
    assert not coach.current()[1].groups, "the role-play's groups end with it"
    assert blue not in people[0].room.bar.group.value, "no 'Gruppe Blau · Runde 2' on the wrap-up"
    assert workshop.t("room.no_groups", "de") in page.view.groups_line.value


# --- rooms that come back: templates and their trend (issue 29) -------------------------------------------


def people_who_rated(journal, room_id: str, ratings: list[tuple[int, int, int]]) -> None:
    """Members of the room with a fear rated before and after, and the session rated (1-5)."""
    for before, after, stars in ratings:
        code = journal.create_participant("de")
        journal.rooms.join(room_id, code)
        journal.save(code, "welcome.rating.not-ready", before)
        journal.save(code, "wrapup.rating.not-ready", after)
        journal.rooms.save_feedback(room_id, code, stars, "")


def test_does_a_template_saved_from_the_console_open_next_weeks_room_with_the_same_setup(workshop, journal, coach):
    page = console_page(workshop, journal)
    find(page.root, "cc-room-name").value = "Dienstagsgruppe"
    open_room(page, "half-day")
    for question in ("Was hält Sie zurück?", "Wen fragen Sie zuerst?"):
        find(page.root, "cc-room-question").value = question
        find(page.root, "cc-room-ask").click()
    coach.timer_start(12)
    coach.project("wall")
    coach.projector_settings(theme="dark", sound=False, corner=False)
    page.view.refresh()
    assert find(page.root, "cc-room-template-name").value == "Dienstagsgruppe", "the room's name by default"
    find(page.root, "cc-room-template-save").click()
    assert workshop.t("room.template_saved", "de", name="Dienstagsgruppe") in page.view.template_note.value
    first = coach.current()[1]
    coach.end()
    coach.erase()

    next_week = console_page(workshop, journal)
    choice = find(next_week.root, "cc-room-template")
    assert [label for label, _ in choice.options] == [workshop.t("room.template_none", "de"), "Dienstagsgruppe"]
    choice.value = choice.options[1][1]
    assert find(next_week.root, "cc-room-name").value == "Dienstagsgruppe"
    assert find(next_week.root, "cc-room-format").value == "half-day"
    summary = next_week.view.template_summary.value
    assert "2 Fragen für die Wortwand" in summary and "Timer 12 Min." in summary
    find(next_week.root, "cc-room-date").value = dt.date(2026, 12, 15)
    find(next_week.root, "cc-room-start").click()
    record, state = coach.current()
    assert (record.name, record.held_on, state.format) == ("Dienstagsgruppe", "2026-12-15", "half-day")
    assert (
        (state.timer.length, state.projector, state.theme, state.sound, state.corner)
        == (
            first.timer.length,
            first.projector,
            first.theme,
            first.sound,
            first.corner,
        )
        == (12 * 60, "wall", "dark", False, False)
    )
    assert state.template == choice.value and state.asked == () and not state.timer.running
    assert find(next_week.root, "cc-room-minutes").value == 12
    prepared = [b for b in walk(next_week.root) if "cc-room-prepared-question" in getattr(b, "_dom_classes", ())]
    assert [b.description for b in prepared] == ["Was hält Sie zurück?", "Wen fragen Sie zuerst?"]
    prepared[1].click()
    assert find(next_week.root, "cc-room-question").value == "Wen fragen Sie zuerst?"
    find(next_week.root, "cc-room-ask").click()
    prepared = [b for b in walk(next_week.root) if "cc-room-prepared-question" in getattr(b, "_dom_classes", ())]
    assert [b.description for b in prepared] == ["Was hält Sie zurück?"], "an asked question leaves the row"


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_trend_show_each_kept_session_and_fewer_than_3_where_the_minimum_is_not_met(
    workshop, journal, coach, language
):
    coach.start_room("Dienstag", dt.date(2026, 12, 1), "half-day")
    record, _ = coach.report_figures()
    people_who_rated(journal, record.id, [(8, 4, 5), (6, 4, 4), (7, 4, 3)])
    record, figures = coach.report_figures()
    coach.keep_report(record, language, "r.zip", b"zip", figures)
    template = coach.save_template("")  # saved after the report: the room it was saved from is its first session
    assert template is not None and template.name == "Dienstag"
    coach.erase()
    coach.start_room("Dienstag", dt.date(2026, 12, 8), "half-day", template.id)
    record, _ = coach.report_figures()
    people_who_rated(journal, record.id, [(8, 4, 5), (6, 4, 4)])
    coach.keep_report(record, language, "r.zip", b"zip", coach.report_figures()[1])
    coach.start_room("Andere Gruppe", dt.date(2026, 12, 9), "half-day")  # no template: not in the trend
    coach.keep_report(coach.report_figures()[0], language, "r.zip", b"zip", coach.report_figures()[1])
    coach.end()
    coach.start_room("Dienstag", dt.date(2026, 12, 15), "half-day", template.id)
    page = console_page(workshop, journal, language)
    trend = page.view.room_trend.value
    assert workshop.t("room.trend", language, name="Dienstag") in trend
    rows = trend.split("<tr>")[2:]
    seven, four = ("7,0", "4,0") if language == "de" else ("7.0", "4.0")
    assert len(rows) == 2, "the two kept reports of the template's rooms, the first one erased"
    assert "<td>3</td>" in rows[0] and f"{seven} → {four}" in rows[0] and f"<td>{four}</td>" in rows[0]
    assert "<td>2</td>" in rows[1] and rows[1].count(workshop.t("room.trend_fewer", language)) == 2, (
        "no fear change and no feedback of two people"
    )
    coach.erase()
    page.view.refresh()
    find(page.root, "cc-room-next").click()  # the first room, ended, not erased, is the console's again
    choice = find(page.root, "cc-room-template")
    choice.value = template.id
    assert page.view.template_trend.value.count("<tr>") == 3, "after the erase the start form shows the trend"


def test_can_a_template_be_deleted_and_only_the_coach_use_templates(workshop, journal, coach):
    coach.start_room("Abendkurs", dt.date(2026, 12, 1), "half-day")
    template = coach.save_template("Abendkurs")
    coach.end()
    page = console_page(workshop, journal)
    find(page.root, "cc-room-next").click()  # the ended room's console: the next room's form one click away
    choice = find(page.root, "cc-room-template")
    choice.value = template.id
    find(page.root, "cc-room-template-delete").click()
    assert coach.templates() == [] and choice.value == ""
    assert workshop.t("room.template_deleted", "de", name="Abendkurs") in page.view.message.value
    assert [label for label, _ in choice.options] == [workshop.t("room.template_none", "de")]
    stranger = Console(journal, workshop, "guessed")
    coach.save_template("Abendkurs")
    for action in (
        stranger.templates,
        lambda: stranger.template(template.id),
        lambda: stranger.save_template("x"),
        lambda: stranger.delete_template(template.id),
        lambda: stranger.trend(template.id),
        lambda: stranger.start_room("x", dt.date(2026, 12, 1), None, template.id),
    ):
        with pytest.raises(NotAllowed):
            action()


def test_does_a_half_day_room_offer_only_its_run_sheets_modules_to_lead(workshop, journal, coach):
    """A coach's walk: the half-day room offered „Dranbleiben“ (the weeks after, a session of its own) to lead."""
    page = console_page(workshop, journal)
    open_room(page, "half-day")
    offered = [value for _label, value in find(page.root, "cc-room-module").options]
    planned = workshop.workshop_format("half-day").modules
    assert "follow-through" not in offered and offered
    assert set(offered) <= set(planned) and offered == [m for m in workshop.module_ids if m in planned]
    assert find(page.root, "cc-room-module").value == offered[0]


def test_can_an_ended_room_still_be_kept_as_a_template_and_its_console_offers_no_older_report(workshop, journal, coach):
    """A coach's walk, in the guide's order (end, report, template, erase): the template card was gone once the
    room had ended; and the next room's console offered the report of the room before, with its old note."""
    page = console_page(workshop, journal)
    open_room(page, "half-day")
    record, _figures = coach.report_figures()
    coach.keep_report(record, "de", "first.zip", b"zip")
    find(page.root, "cc-room-end").click()
    find(page.root, "cc-room-end-yes").click()
    find(page.root, "cc-room-template-name").value = "Dienstagsgruppe"
    find(page.root, "cc-room-template-save").click()
    assert [t.name for t in coach.templates()] == ["Dienstagsgruppe"], "kept from the ended room"
    find(page.root, "cc-room-erase").click()
    find(page.root, "cc-room-erase-yes").click()
    assert find(page.root, "cc-room-report-download").layout.display is None, "after the erase: the kept report"
    open_room(page, "half-day")
    assert coach.last_report() is None and find(page.root, "cc-room-report-download").layout.display == "none"
    assert page.view.report_note.value == ""
