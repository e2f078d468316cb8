"""The room model: does the shared timer agree on every page, does everyone get a group and play every role,
and does the projector show nothing about fewer than three people?"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.room import model as room
from coffeechat.room.model import MIN_GROUP, RoomState, Timer, WordEntry

FEARS = ("not-ready", "not-connected", "not-good-at-networking", "regret")
T0 = 1_800_000_000.0


# --- the shared timer ---------------------------------------------------------------------------------


@given(st.floats(0, 600), st.floats(0, 600))
def test_do_two_pages_reading_the_same_timer_at_the_same_moment_show_the_same_time(started_after, looked_after):
    timer = Timer(length=480, left=480).start(T0 + started_after)
    stored = RoomState(timer=timer).to_json()
    now = T0 + started_after + looked_after
    first, second = RoomState.from_json(stored).timer, RoomState.from_json(stored).timer
    assert first.remaining(now) == second.remaining(now) == pytest.approx(max(0.0, 480 - looked_after), abs=1e-6)


def test_does_a_paused_timer_hold_its_time_and_go_on_from_there():
    timer = Timer(length=480, left=480).start(T0)
    paused = timer.pause(T0 + 100)
    assert not paused.running
    assert paused.remaining(T0 + 5000) == 380
    resumed = paused.start(T0 + 200)
    assert resumed.remaining(T0 + 210) == 370
    assert resumed.rounds == timer.rounds  # a resume is no new round


def test_does_plus_one_minute_add_a_minute_running_or_paused_and_restart_a_timer_that_ran_out():
    running = Timer(length=60, left=60).start(T0)
    assert running.extend(T0 + 10).remaining(T0 + 10) == 110
    assert running.pause(T0 + 10).extend(T0 + 10).remaining(T0 + 99) == 110
    ran_out = running.extend(T0 + 100)
    assert ran_out.running and ran_out.remaining(T0 + 100) == 60


def test_does_stop_go_back_to_the_full_length_and_a_start_after_it_count_a_new_round():
    timer = Timer(length=300, left=300).start(T0).stop()
    assert not timer.running and timer.remaining(T0 + 50) == 300
    again = timer.start(T0 + 60)
    assert again.rounds == 2 and again.remaining(T0 + 61) == 299


def test_does_a_start_without_a_length_after_pause_resume_with_the_time_left_and_the_extra_minute():
    timer = Timer(length=480, left=480).start(T0)
    paused = timer.pause(T0 + 30)
    assert paused.paused and not paused.running
    longer = paused.extend(T0 + 40)  # 7:30 left, a minute more: 8:30, more than the timer's length
    assert longer.paused and longer.remaining(T0 + 99) == 510
    resumed = longer.resume(T0 + 100)
    assert resumed.running and not resumed.paused
    assert resumed.remaining(T0 + 110) == 500
    assert resumed.rounds == timer.rounds


def test_does_a_paused_timer_survive_storage_as_paused():
    stored = RoomState(timer=Timer(length=300, left=300).start(T0).pause(T0 + 60)).to_json()
    timer = RoomState.from_json(stored).timer
    assert timer.paused and timer.remaining(T0 + 999) == 240
    assert timer.start(T0 + 1000).remaining(T0 + 1000) == 240


def test_does_stop_end_a_pause_so_that_start_counts_down_afresh():
    stopped = Timer(length=300, left=300).start(T0).pause(T0 + 60).stop()
    assert not stopped.paused
    fresh = stopped.start(T0 + 100)
    assert fresh.remaining(T0 + 100) == 300 and fresh.rounds == 2
    assert stopped.start(T0 + 100, 120).remaining(T0 + 100) == 120


def test_does_a_fresh_start_with_a_length_during_a_pause_count_down_from_that_length():
    fresh = Timer(length=300, left=300).start(T0).pause(T0 + 60).start(T0 + 70, 600)
    assert fresh.running and not fresh.paused and fresh.remaining(T0 + 70) == 600


@given(st.floats(1, 400), st.floats(0, 1000), st.integers(0, 3))
def test_does_pause_and_resume_never_gain_or_lose_time(ran, pause_for, extra_minutes):
    timer = Timer(length=480, left=480).start(T0)
    paused = timer.pause(T0 + ran)
    for _ in range(extra_minutes):
        paused = paused.extend(T0 + ran)
    resumed = paused.start(T0 + ran + pause_for)
    expected = max(0.0, 480 - ran) + 60 * extra_minutes
    assert resumed.remaining(T0 + ran + pause_for) == pytest.approx(expected if expected > 0 else 480)


# --- what the projector shows -----------------------------------------------------------------------------


def test_does_the_coach_switch_every_projector_to_each_mode_and_an_unknown_mode_change_nothing():
    state = RoomState()
    assert state.projector == "join" and state.corner and state.theme == "light" and state.sound
    for mode in room.PROJECTOR_MODES:
        switched = RoomState.from_json(state.project(mode).to_json())
        assert switched.projector == mode
    assert state.project("wall").project("<script>").projector == "wall"


def test_are_the_projectors_corner_theme_and_sound_stored_and_unknown_values_ignored():
    state = RoomState().projector_settings(corner=False, theme="dark", sound=False)
    again = RoomState.from_json(state.to_json())
    assert (again.corner, again.theme, again.sound) == (False, "dark", False)
    assert again.projector_settings(theme="purple").theme == "dark"
    assert again.projector_settings(corner=True).theme == "dark"
    broken = RoomState.from_json('{"projector": "nonsense", "theme": 7, "corner": "x", "sound": null}')
    assert (broken.projector, broken.theme, broken.corner, broken.sound) == ("join", "light", True, True)


def test_does_ending_the_room_stop_the_timer_and_release_everyone():
    running = RoomState(timer=Timer(length=300, left=300).start(T0)).follow("regret")
    ended = running.end()
    assert ended.ended and not ended.timer.running and not ended.timer.paused
    assert ended.followed_module() is None


def test_does_a_timer_never_show_less_than_zero():
    assert Timer(length=10, left=10).start(T0).remaining(T0 + 99) == 0


# --- trios and pairs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", range(1, 31))
def test_is_everyone_present_in_exactly_one_group_of_three_with_pairs_only_where_needed(count):
    members = [f"m{i:02d}" for i in range(count)]
    groups = room.form_groups(members, seed=7)
    assert sorted(m for g in groups for m in g) == sorted(members)
    sizes = Counter(len(g) for g in groups)
    assert set(sizes) <= ({1} if count == 1 else {2, 3})
    # as many trios as can be: at most two pairs, and two only when one trio would leave a single person
    assert sizes[2] == {0: 0, 1: 2, 2: 1}[count % 3] if count > 2 else True


@pytest.mark.parametrize("size", [2, 3])
def test_does_everyone_in_a_group_play_every_role_over_as_many_rounds(size):
    for position in range(size):
        roles = {room.role(position, round_number, size) for round_number in range(1, size + 1)}
        assert roles == set(room.roles_for(size))
    for round_number in range(1, 7):
        in_round = [room.role(position, round_number, size) for position in range(size)]
        assert sorted(in_round) == sorted(room.roles_for(size)), "each role once per group and round"


@given(st.integers(2, 30), st.integers(0, 2**32))
def test_does_every_member_of_a_room_of_2_to_30_rotate_through_every_role_of_their_group(count, seed):
    members = [f"member-{i}" for i in range(count)]
    state = RoomState().with_groups(members, seed, T0)
    seen: dict[str, set[str]] = {m: set() for m in members}
    for _ in range(3):
        for member in members:
            seen[member].add(state.placement(member).role)
        state = state.next_round(T0)
    for member in members:
        placement = state.placement(member)
        assert seen[member] == set(room.roles_for(placement.size))


def test_do_the_same_seed_give_the_same_groups_and_reshuffling_another_seed_other_groups():
    members = [f"m{i}" for i in range(12)]
    assert room.form_groups(members, 1) == room.form_groups(list(reversed(members)), 1)
    assert room.form_groups(members, 1) != room.form_groups(members, 2)


def test_does_forming_groups_start_round_one_and_the_timer_and_next_round_restart_it():
    state = RoomState(timer=Timer(length=480, left=480)).with_groups(["a", "b", "c"], 3, T0)
    assert state.round == 1 and state.timer.remaining(T0 + 80) == 400
    later = state.next_round(T0 + 500)
    assert later.round == 2 and later.timer.remaining(T0 + 500) == 480 and later.timer.rounds == 2
    assert {later.placement(m).role for m in "abc"} == set(room.TRIO_ROLES)
    assert later.placement("nobody") is None


# --- pacing --------------------------------------------------------------------------------------------


def test_does_follow_me_name_the_coachs_module_and_releasing_leave_everyone_free():
    state = RoomState()
    assert state.followed_module() is None
    following = state.follow("regret")
    assert following.followed_module() == "regret"
    assert RoomState.from_json(following.to_json()).followed_module() == "regret"
    assert following.release().followed_module() is None


def test_does_a_broken_stored_state_fall_back_to_a_calm_room():
    assert RoomState.from_json("not json") == RoomState()
    assert RoomState.from_json('{"timer": {"nonsense": 1}, "pacing": "follow", "module": "x"}').pacing == "follow"
    assert RoomState.from_json("[1, 2]") == RoomState()


# --- anonymous results ---------------------------------------------------------------------------------


def test_is_a_fear_that_fewer_than_three_people_rated_hidden_and_three_show_their_distribution():
    two = [{"regret": 8}, {"regret": 2}]
    assert room.fear_distribution(two, FEARS)["regret"] is None
    three = [*two, {"regret": 8, "not-ready": 5}]
    shown = room.fear_distribution(three, FEARS)
    assert shown["regret"].counts[8] == 2 and shown["regret"].counts[2] == 1 and shown["regret"].total == 3
    assert shown["regret"].mean == 6
    assert shown["not-ready"] is None, "one person's rating stays hidden even when others rated other fears"


def test_are_values_that_are_no_rating_left_out_of_the_distribution():
    people = [{"regret": 5}, {"regret": True}, {"regret": 11}, {"regret": "7"}, {"regret": 5}]
    assert room.fear_distribution(people, FEARS)["regret"] is None


def test_is_before_and_after_counted_only_over_people_who_rated_both_times():
    pairs = [({"regret": 8}, {"regret": 4}), ({"regret": 6}, {"regret": 2}), ({"regret": 9}, {})]
    assert room.before_after(pairs, FEARS)["regret"] is None
    pairs.append(({"regret": 7}, {"regret": 3}))
    change = room.before_after(pairs, FEARS)["regret"]
    assert (change.before, change.after, change.people) == (7, 3, 3)


def test_is_a_modules_finished_count_shown_only_once_three_people_finished_it():
    assert room.finished_per_module([{"welcome": True}] * 2, ["welcome"]) is None
    people = [{"welcome": True}, {"welcome": True, "regret": True}, {}]
    assert room.finished_per_module(people, ["welcome", "regret"]) == {}, "2 and 1: a count of fewer than 3"
    people.append({"welcome": True})
    assert room.finished_per_module(people, ["welcome", "regret"]) == {"welcome": 3}


def test_does_the_word_wall_stay_hidden_until_revealed_and_while_fewer_than_three_are_on_it():
    entries = [
        WordEntry("b1", "Angst", approved=True),
        WordEntry("a2", "Zeit", approved=True),
        WordEntry("c3", "Scham", hidden=True, approved=True),
    ]
    assert room.word_wall(entries, revealed=False) is None
    assert room.word_wall(entries, revealed=True) is None, "3 answers, but only 2 may be shown"
    assert room.wall_missing(entries) == 1
    entries.append(WordEntry("d4", "Ausreden", approved=True))
    shown = room.word_wall(entries, revealed=True)
    assert [entry.text for entry in shown] == ["Zeit", "Angst", "Ausreden"], "hidden entries vanish; order says nothing"
    assert room.wall_missing(entries) == 0


def test_does_a_new_answer_wait_for_the_coachs_approval_before_it_reaches_the_wall():
    entries = [WordEntry("a1", "Zeit"), WordEntry("b2", "Angst", approved=True), WordEntry("c3", "Scham")]
    assert room.word_wall(entries, revealed=True) is None, "one approved answer is no wall of three"
    assert room.wall_missing(entries) == 2
    assert [e.text for e in room.word_wall(entries, revealed=True, auto_approve=True)] == ["Zeit", "Angst", "Scham"]
    assert [room.waiting(e, auto_approve=False) for e in entries] == [True, False, True]
    assert not any(room.waiting(e, auto_approve=True) for e in entries)


WALL_FILTER = room.WordFilter(["idiot", "*depp", "arsch*", "so ein mist", "\U0001f595"])


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Mein Chef ist ein Idiot", True),
        ("IDIOT!", True),
        ("idiotensicher", False),
        ("Vollidiot", False),
        ("So ein Depp", True),
        ("Riesendepp", True),
        ("Arschgeige", True),
        ("Barsch", False),
        ("so   ein Mist!", True),
        ("Mist", False),
        ("na \U0001f595", True),
        ("Zeitmangel", False),
    ],
)
def test_does_the_filter_catch_listed_words_and_phrases_and_leave_other_words_alone(text, flagged):
    assert WALL_FILTER.flags(text) is flagged


@given(
    st.sampled_from(["idiot", "so ein mist"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß ,.!?", max_size=20),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß ,.!?", max_size=20),
    st.booleans(),
)
def test_is_a_listed_word_caught_wherever_it_stands_in_an_answer_and_however_it_is_cased(term, before, after, upper):
    word = term.upper() if upper else term.title()
    assert WALL_FILTER.flags(f"{before} {word} {after}")
    assert WALL_FILTER.flags(room.clean_word(f"{before}\n{word}\t{after}")), "as the wall stores it, too"


@given(st.booleans(), st.booleans(), st.booleans())
def test_does_a_filtered_answer_never_reach_the_wall_whatever_the_coach_chose(approved, hidden, auto_approve):
    entries = [WordEntry("a", "Mein Chef ist ein Idiot", hidden, approved)] + [
        WordEntry(f"b{i}", "Zeit", approved=True) for i in range(3)
    ]
    shown = room.word_wall(entries, revealed=True, auto_approve=auto_approve, word_filter=WALL_FILTER)
    assert "Mein Chef ist ein Idiot" not in [e.text for e in shown]
    assert len(shown) == 3


@given(
    st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), max_size=8),
    st.booleans(),
    st.booleans(),
)
def test_does_the_projector_show_wall_answers_only_when_at_least_three_may_be_shown(answers, revealed, auto):
    entries = [
        WordEntry(f"e{i}", "Idiot" if filtered else f"Wort {i}", hidden, approved)
        for i, (hidden, approved, filtered) in enumerate(answers)
    ]
    shown = room.word_wall(entries, revealed, auto, WALL_FILTER)
    allowed = [e for e in entries if room.on_the_wall(e, auto, WALL_FILTER)]
    assert room.wall_missing(entries, auto, WALL_FILTER) == max(0, MIN_GROUP - len(allowed))
    if shown is not None:
        assert revealed and len(shown) >= MIN_GROUP and all(room.on_the_wall(e, auto, WALL_FILTER) for e in shown)
    else:
        assert not revealed or len(allowed) < MIN_GROUP


def test_does_asking_a_blank_question_change_nothing_and_ending_the_question_clear_the_wall():
    state = RoomState().ask("Was hält Sie zurück?")
    assert state.ask("   ") == state, "a blank question asks nothing"
    cleared = RoomState(revealed=True).ask("Erste Frage").clear_question()
    assert cleared.question == "" and not cleared.revealed and cleared.question_number == 1
    again = cleared.ask("Zweite Frage")
    assert again.question_number == 2 and again.asked == ("Erste Frage", "Zweite Frage")
    assert RoomState.from_json(again.to_json()).asked == again.asked


def test_does_a_stored_room_keep_its_format_and_auto_approval():
    state = RoomState(format="half-day", auto_approve=True)
    assert RoomState.from_json(state.to_json()) == state


# --- late joiners -------------------------------------------------------------------------------------------


@given(st.integers(1, 24), st.integers(0, 8), st.integers(1, 4), st.integers(0, 2**32))
def test_are_late_joiners_placed_without_moving_anyone_or_changing_a_role_this_round(count, late, round_number, seed):
    members = [f"m{i:02d}" for i in range(count)]
    state = RoomState().with_groups(members, seed, T0)
    for _ in range(round_number - 1):
        state = state.next_round(T0)
    newcomers = [f"n{i:02d}" for i in range(late)]
    placed = state.with_late_joiners(members + newcomers)
    for member in members:
        before, after = state.placement(member), placed.placement(member)
        assert after.group == before.group, "nobody moves to another group"
        assert after.role == before.role, "nobody's role changes in the running round"
    assert placed.round == state.round
    assert sorted(m for g in placed.groups for m in g) == sorted(members + newcomers), "everyone placed once"
    assert room.unplaced(placed.groups, members + newcomers) == 0
    sizes = [len(g) for g in placed.groups]
    assert set(sizes) <= {1, 2, 3, 4}
    assert 1 not in sizes or count + late == 1, "nobody alone in a room of two or more"
    small = [number for number, group in enumerate(state.groups) if len(group) < 3]
    if late >= sum(3 - len(state.groups[number]) for number in small):
        assert all(len(placed.groups[number]) >= 3 for number in small), "a pair becomes a trio first"
    if len(placed.groups) > len(state.groups):
        assert all(len(g) >= 3 for g in placed.groups[: len(state.groups)]), "a new group only when none is small"
    # from here the rotation goes on: over as many rounds as a group has members, everyone plays every role
    seen: dict[str, set[str]] = {m: set() for m in members + newcomers}
    later = placed
    for _ in range(4):
        for member in seen:
            seen[member].add(later.placement(member).role)
        later = later.next_round(T0)
    for member, roles in seen.items():
        assert roles == set(room.roles_for(placed.placement(member).size))


def test_does_a_pair_become_a_trio_before_a_new_group_starts():
    assert room.place_late([("a", "b"), ("c", "d", "e")], list("abcdef"), 1) == (("a", "b", "f"), ("c", "d", "e"))
    assert room.place_late([("a", "b", "c")], list("abcde"), 1) == (("a", "b", "c"), ("d", "e"))
    assert len(room.place_late([("a", "b", "c")], list("abcd"), 1)[0]) == 4, "one alone: a trio's second observer"


def test_does_the_next_round_place_late_joiners_and_start_the_timer_with_the_round_length():
    state = RoomState().with_groups(["a", "b", "c"], 1, T0, seconds=600)
    assert state.timer.remaining(T0) == 600
    later = state.next_round(T0 + 700, ["a", "b", "c", "d", "e"], seconds=600)
    assert later.round == 2 and later.placement("d") is not None and later.placement("e") is not None
    assert later.timer.remaining(T0 + 700) == 600


def test_does_a_new_question_hide_the_wall_again():
    state = RoomState(revealed=True, question_number=1).ask("  Was hält Sie zurück?  ")
    assert state.question == "Was hält Sie zurück?" and state.question_number == 2 and not state.revealed


def test_is_a_word_wall_answer_one_short_line():
    assert room.clean_word("  zu\nviel   Angst ") == "zu viel Angst"
    assert len(room.clean_word("x" * 500)) == room.WORD_CHARS
    assert room.clean_word(None) == ""


def test_is_min_group_three():
    assert MIN_GROUP == 3
