"""The question builder as properties: same input same plan, never over time, goals covered, edits survive."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.content import load_workshop
from coffeechat.models.answers import AnswerRejected
from coffeechat.models.builder import (
    PlanEdits,
    PlanRequest,
    build_plan,
    carried_field,
    described_contact,
    field_in_sentence,
    plan_from_answers,
    request_from_answers,
    suitable,
    swap_options,
    updated_request,
)
from coffeechat.models.outreach import channels_for, compose
from coffeechat.models.reminders import next_step_reminders

WORKSHOP = load_workshop()
BANK = WORKSHOP.bank
FAMILIES = [f.id for f in BANK.families]

requests = st.builds(
    PlanRequest,
    relationship=st.sampled_from([r.id for r in BANK.relationships]),
    seniority=st.one_of(st.none(), st.sampled_from([s.id for s in BANK.seniorities])),
    goals=st.lists(st.sampled_from([g.id for g in BANK.goals]), min_size=1, max_size=5, unique=True).map(tuple),
    minutes=st.sampled_from(BANK.durations),
    fear=st.one_of(st.none(), st.sampled_from([f.id for f in WORKSHOP.fears])),
    seed=st.integers(0, 10_000),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(requests)
def test_the_same_request_always_gives_the_same_plan(request):
    assert build_plan(BANK, request) == build_plan(BANK, request)


@SETTINGS
@given(requests)
def test_a_plan_never_asks_for_more_time_than_requested(request):
    plan = build_plan(BANK, request)
    assert plan.total_minutes <= request.minutes
    assert not plan.over_time
    assert plan.questions, "there is always something to ask"


@SETTINGS
@given(requests)
def test_no_question_appears_twice(request):
    ids = build_plan(BANK, request).ids
    assert len(ids) == len(set(ids))


@SETTINGS
@given(requests)
def test_every_chosen_goal_is_served_when_the_bank_and_time_allow(request):
    budget = request.minutes - BANK.frame.opening_minutes - BANK.frame.closing_minutes
    candidates = suitable(BANK, request)
    shortest = [min((q.minutes for q in candidates if goal in q.goals), default=None) for goal in request.goals]
    plan = build_plan(BANK, request)
    if None not in shortest and sum(shortest) <= budget:
        assert plan.uncovered_goals == ()
        served = {g for q in plan.questions for g in BANK_QUESTIONS[q.id].goals}
        assert set(request.goals) <= served


BANK_QUESTIONS = {q.id: q for q in BANK.questions}


@SETTINGS
@given(requests)
def test_questions_suit_the_relationship_and_are_grouped_by_family(request):
    plan = build_plan(BANK, request)
    for planned in plan.questions:
        question = BANK_QUESTIONS[planned.id]
        assert not question.relationships or request.relationship in question.relationships
    positions = [FAMILIES.index(q.family) for q in plan.questions]
    assert positions == sorted(positions)


@st.composite
def edited(draw):
    request = draw(requests)
    plan = build_plan(BANK, request)
    ids = plan.ids
    edits = PlanEdits()
    removed = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)) if ids else []
    for question_id in removed:
        edits = edits.remove(question_id)
    rest = [i for i in ids if i not in removed]
    if rest:
        starred = draw(st.sampled_from(rest))
        edits = edits.toggle_star(starred).reword(starred, "Wie sah Ihr erstes Jahr wirklich aus? 🙂")
    if draw(st.booleans()):
        edits = edits.add_own("Was würden Sie heute anders machen?", draw(st.sampled_from(FAMILIES)), 2)
    return request, edits


@SETTINGS
@given(edited(), st.integers(0, 10_000))
def test_the_participants_edits_survive_regeneration(case, new_seed):
    request, edits = case
    regenerated = build_plan(BANK, request.model_copy(update={"seed": new_seed}), edits)
    ids = regenerated.ids
    assert not set(edits.removed) & set(ids), "a removed question never comes back"
    assert set(edits.starred) <= set(ids)
    assert {q.id for q in edits.own} <= set(ids)
    for question in regenerated.questions:
        if question.id in edits.reworded:
            assert question.text(BANK, "de") == edits.reworded[question.id]
    kept_minutes = sum(q.minutes for q in regenerated.questions if q.id in edits.starred or q.source == "own")
    if kept_minutes + BANK.frame.opening_minutes + BANK.frame.closing_minutes <= request.minutes:
        assert regenerated.total_minutes <= request.minutes


@SETTINGS
@given(requests, st.data())
def test_starring_or_rewording_a_planned_question_leaves_the_others_in_place(request, data):
    plan = build_plan(BANK, request)
    question_id = data.draw(st.sampled_from(plan.ids))
    starred = build_plan(BANK, request, PlanEdits().toggle_star(question_id))
    reworded = build_plan(BANK, request, PlanEdits().reword(question_id, "Und wie war es wirklich?"))
    assert starred.ids == plan.ids and reworded.ids == plan.ids


def test_regenerating_offers_other_questions():
    request = PlanRequest(goals=("explore-field", "get-in"), minutes=45)
    plans = {tuple(build_plan(BANK, request.model_copy(update={"seed": seed})).ids) for seed in range(6)}
    assert len(plans) > 1


def test_swap_offers_questions_of_the_same_family_and_keeps_the_choice():
    request = PlanRequest(goals=("understand-role",), minutes=30)
    plan = build_plan(BANK, request)
    old = plan.questions[0]
    options = swap_options(BANK, plan, old.id)
    assert options and all(q.family == old.family and q.id not in plan.ids for q in options)
    swapped = build_plan(BANK, request.model_copy(update={"seed": 99}), PlanEdits().swap(old.id, options[0].id))
    assert options[0].id in swapped.ids and old.id not in swapped.ids


def test_is_a_question_in_the_participants_own_words_never_swapped_for_a_suggestion():
    """A phone walk split its own question in two and pressed ⇄ on the second half: a suggestion took its place,
    and the participant's words were gone. Only the kit's suggestions can be swapped."""
    request = PlanRequest(goals=("understand-role",), minutes=30)
    edits = PlanEdits().add_own("Wie sind Sie zur UX-Forschung gekommen? 🙂", "career-path")
    plan = build_plan(BANK, request, edits)
    own = next(q for q in plan.questions if q.source == "own")
    assert swap_options(BANK, plan, own.id) == []
    bank = next(q for q in plan.questions if q.source == "bank")
    assert swap_options(BANK, plan, bank.id), "a suggestion still has others of its family"


def shown(plan) -> list[list[str]]:
    """The plan as the screen and the take-home show it: question ids under their headings, in plan order."""
    return [[q.id for q in questions] for _, questions in plan.grouped()]


def runs(plan) -> list[list[str]]:
    """The plan's ids in runs of one family, as the headings split them."""
    return [[q.id for q in questions] for _, questions in plan.grouped()]


@SETTINGS
@given(edited(), st.data())
def test_do_the_arrows_move_that_question_in_its_block_and_a_block_whole_across_another(case, data):
    request, edits = case
    plan = build_plan(BANK, request, edits)
    question_id = data.draw(st.sampled_from(plan.ids))
    step = data.draw(st.sampled_from((-1, 1)))
    moved = build_plan(BANK, request, edits.move(plan, question_id, step))
    blocks = runs(plan)
    index = next(i for i, block in enumerate(blocks) if question_id in block)
    block = list(blocks[index])
    place = block.index(question_id)
    assert plan.can_move(question_id, step) == (0 <= plan.ids.index(question_id) + step < len(plan.ids))
    if 0 <= place + step < len(block):  # inside its block: it trades places with its neighbour
        block[place], block[place + step] = block[place + step], block[place]
        blocks[index] = block
    elif 0 <= index + step < len(blocks):  # at its block's edge: the whole block trades places with the next
        blocks[index], blocks[index + step] = blocks[index + step], blocks[index]
    expected = [i for b in blocks for i in b]
    assert moved.ids == expected
    assert [i for group in shown(moved) for i in group] == moved.ids, "the headings follow the plan's order"
    families = [family for family, _ in moved.grouped()]
    assert len(families) == len(set(families)), "no heading twice"


def test_does_a_block_moved_across_another_keep_its_heading_and_the_edges_not_move():
    request = PlanRequest(goals=("understand-role", "get-in", "explore-field"), minutes=45)
    plan = build_plan(BANK, request)
    first, second = shown(plan)[:2]
    assert not plan.can_move(plan.ids[0], -1) and not plan.can_move(plan.ids[-1], 1)
    moved = build_plan(BANK, request, PlanEdits().move(plan, first[-1], 1))
    assert shown(moved)[:2] == [second, first], "the first block went below the second, whole"
    assert build_plan(BANK, request, PlanEdits().move(plan, plan.ids[0], -1)).ids == plan.ids


def test_an_own_question_moved_up_out_of_its_block_makes_no_second_heading():
    """A walk moved its question (filed under a topic) up into „Your questions from the exercises“: that
    heading came twice, on the page and in both PDFs."""
    request = PlanRequest(goals=("understand-role", "get-in"), minutes=45)
    carried = tuple(t for t in LEARNING_LIST["not-ready.exercise.questions"] if t)
    edits = PlanEdits().add_own("What are the on-call weekends like?", BANK.families[-1].id)
    plan = build_plan(BANK, request, edits, carried)
    own = edits.own[-1].id
    for _ in range(len(plan.ids)):
        if not plan.can_move(own, -1):
            break
        edits = edits.move(plan, own, -1)
        plan = build_plan(BANK, request, edits, carried)
        families = [family for family, _ in plan.grouped()]
        assert len(families) == len(set(families)), f"a heading twice: {families}"
    assert plan.grouped()[0][1][0].id == own, "it reached the top, with its block"


def test_a_fear_turns_into_a_planned_question():
    for fear in WORKSHOP.fears:
        if any(q.fear == fear.id for q in BANK.questions):
            plan = build_plan(BANK, PlanRequest(goals=("understand-role", "explore-field"), minutes=30, fear=fear.id))
            assert any(BANK_QUESTIONS[q.id].fear == fear.id for q in plan.questions if q.source == "bank")


# --- the request, from what the participant saved ------------------------------------------------

FEARS = [f.id for f in WORKSHOP.fears]


def test_a_first_request_takes_the_fear_rated_strongest():
    answers = {"welcome.rating.not-ready": 3, "welcome.rating.regret": 9, "welcome.rating.not-connected": 9}
    assert request_from_answers(BANK, FEARS, answers).fear == "not-connected"  # the first of equals
    assert request_from_answers(BANK, FEARS, {}).fear is None


def test_a_saved_fear_choice_is_kept_even_none():
    answers = {"welcome.rating.regret": 9, "builder.request": {"fear": None, "minutes": 30}}
    request = request_from_answers(BANK, FEARS, answers)
    assert request.fear is None and request.minutes == 30


def test_a_request_the_bank_no_longer_fits_is_repaired():
    stored = {
        "relationship": "gone",
        "goals": ["gone", "get-in"],
        "minutes": 17,
        "seniority": "emperor",
        "fear": "gone",
    }
    request = request_from_answers(BANK, FEARS, {"builder.request": stored})
    assert request.relationship in {r.id for r in BANK.relationships}
    assert request.goals == ("get-in",)
    assert request.minutes in BANK.durations
    assert request.seniority is None and request.fear is None


def test_a_garbled_saved_request_gives_a_default_plan():
    plan = plan_from_answers(WORKSHOP, {"builder.request": "garbage", "builder.edits": {"removed": 5}})
    assert plan.questions and plan.total_minutes <= plan.request.minutes


def test_a_field_that_is_too_long_reports_its_own_limit():
    request = PlanRequest()
    for name, limit in (("contact_name", 120), ("my_situation", 400), ("connection", 300)):
        with pytest.raises(AnswerRejected) as rejected:
            updated_request(request, name, "x" * (limit + 1))
        assert rejected.value.ui_key == "field.too_long"
        assert rejected.value.values == {"limit": limit, "length": limit + 1}
    assert updated_request(request, "contact_name", "Frau Ölmez").contact_name == "Frau Ölmez"


# --- message drafts -------------------------------------------------------------------------------

from coffeechat.models.outreach import current_text, switched_channel  # noqa: E402


def test_a_rewritten_draft_survives_switching_the_channel_away_and_back():
    answers = {"builder.outreach.channel": "linkedin", "builder.outreach.text": "Hallo Frau Ölmez, kurz und gut 🙂"}
    to_email = switched_channel(answers, "outreach", "linkedin", "email")
    assert to_email["builder.outreach.text"] is None and to_email["builder.outreach.drafts"] == {
        "linkedin": "Hallo Frau Ölmez, kurz und gut 🙂"
    }
    back = switched_channel({**answers, **to_email}, "outreach", "email", "linkedin")
    assert (
        back["builder.outreach.text"] == "Hallo Frau Ölmez, kurz und gut 🙂" and back["builder.outreach.drafts"] == {}
    )


def test_the_message_is_the_rewrite_if_there_is_one_else_the_kits_draft():
    answers = {"builder.request": PlanRequest(contact_name="Frau Ölmez", goals=("understand-role",)).model_dump()}
    assert "Frau Ölmez" in current_text(WORKSHOP, "outreach", answers, "de")
    assert current_text(WORKSHOP, "outreach", {**answers, "builder.outreach.text": "Meins"}, "de") == "Meins"


@SETTINGS
@given(requests.map(lambda r: r.model_copy(update={"seniority": None})))
def test_a_contact_of_unknown_experience_gets_no_question_meant_for_some_seniorities_only(request):
    """ "weiß ich nicht / egal": nobody is asked about "Ihre Führungsrolle" who may not have one."""
    for question in suitable(BANK, request):
        assert not question.seniority, question.id
    for planned in build_plan(BANK, request).questions:
        assert not BANK_QUESTIONS[planned.id].seniority, planned.id


def test_a_senior_contact_can_be_asked_about_their_leadership_role():
    request = PlanRequest(seniority="senior", goals=("understand-role",), minutes=45)
    assert "path-into-leadership" in {q.id for q in suitable(BANK, request)}


# --- what the participant wrote earlier meets them in the plan ------------------------------------------

LEARNING_LIST = {
    "not-ready.exercise.questions": [
        "Was hat Ihnen in den ersten Monaten am meisten geholfen?",
        "",
        "Wie viel Homeoffice ist üblich?",
    ]
}


def test_the_questions_written_in_not_ready_are_in_the_plan():
    plan = plan_from_answers(WORKSHOP, {**LEARNING_LIST, "builder.request": {"minutes": 30, "goals": ["get-in"]}})
    carried = [q for q in plan.questions if q.source == "carried"]
    assert [q.text(BANK, "de") for q in carried] == [
        "Was hat Ihnen in den ersten Monaten am meisten geholfen?",
        "Wie viel Homeoffice ist üblich?",
    ]
    assert plan.total_minutes <= 30 and plan.spare == ()


def test_carried_questions_that_no_longer_fit_are_listed_not_dropped():
    many = {"not-ready.exercise.questions": [f"Frage {n}?" for n in range(8)]}
    plan = plan_from_answers(WORKSHOP, {**many, "builder.request": {"minutes": 15, "goals": ["get-in"]}})
    shown = [q.text(BANK, "de") for q in plan.questions if q.source == "carried"]
    assert shown and plan.spare and set(shown) | set(plan.spare) == {f"Frage {n}?" for n in range(8)}
    assert plan.total_minutes <= 15


def test_a_removed_carried_question_stays_removed_and_a_starred_one_stays():
    request = PlanRequest(minutes=30, goals=("get-in",))
    carried = tuple(t for t in LEARNING_LIST["not-ready.exercise.questions"] if t)
    plan = build_plan(BANK, request, PlanEdits(), carried)
    first, second = (q.id for q in plan.questions if q.source == "carried")
    edits = PlanEdits().remove(first).toggle_star(second)
    again = build_plan(BANK, request.model_copy(update={"seed": 7}), edits, carried)
    assert first not in again.ids
    assert next(q for q in again.questions if q.id == second).starred


# --- a sensible conversation order, the participant's questions first, and every change said ------------------

from coffeechat.models.builder import CARRIED_MINUTES, carried_id, plan_changes  # noqa: E402

PHASE = {f.id: ("opening", "middle", "closing").index(f.phase) + 1 for f in BANK.families}
OWN_TEXTS = [f"Was ich wissen möchte, Nummer {n}?" for n in range(8)]


def phase(question) -> int:
    """0 the participant's questions from "not ready", 1 opening-type, 2 the goals' and the rest, 3 closing-type."""
    return 0 if question.source == "carried" else PHASE.get(question.family, 2)


@st.composite
def situations(draw):
    """A request, the questions written in "not ready", and some edits (no move: the builder's own order)."""
    request = draw(requests)
    carried = tuple(OWN_TEXTS[: draw(st.integers(0, 6))])
    plan = build_plan(BANK, request, PlanEdits(), carried)
    edits = PlanEdits()
    for question_id in draw(st.lists(st.sampled_from(plan.ids), max_size=2, unique=True)) if plan.ids else []:
        edits = draw(st.sampled_from([edits.remove(question_id), edits.toggle_star(question_id)]))
    for _ in range(draw(st.integers(0, 2))):
        edits = edits.add_own("Eine Frage von mir?", draw(st.sampled_from(FAMILIES)), draw(st.integers(1, 5)))
    if plan.spare and draw(st.booleans()):
        edits = edits.include(carried_id(plan.spare[-1]))
    return request, edits, carried


def reported(before, after, touched=()):
    changes = plan_changes(BANK, before, after, touched)
    gone = {c.question.id for c in changes if c.kind in ("dropped", "spared")}
    came = {c.question.id for c in changes if c.kind == "added"}
    return changes, gone, came


@SETTINGS
@given(situations())
def test_is_the_order_own_questions_then_opening_then_the_goals_then_closing(case):
    request, edits, carried = case
    plan = build_plan(BANK, request, edits, carried)
    phases = [phase(q) for q in plan.questions]
    assert phases == sorted(phases), [(q.id, q.family) for q in plan.questions]


@SETTINGS
@given(situations())
def test_do_the_questions_from_not_ready_wait_only_when_the_time_is_really_taken(case):
    request, edits, carried = case
    plan = build_plan(BANK, request, edits, carried)
    budget = request.minutes - BANK.frame.opening_minutes - BANK.frame.closing_minutes
    kept = {*edits.pinned, *edits.starred, *edits.reworded}
    taken = sum(q.minutes for q in plan.questions if q.source != "bank" or q.id in kept or q.id in plan.goal_questions)
    if plan.spare:
        assert budget - taken < CARRIED_MINUTES, "a suggestion of the builder's own never takes their place"
    assert set(plan.spare_ids).isdisjoint(plan.ids)
    written = [t for t in carried if carried_id(t) not in edits.removed]
    planned = [q.own_text for q in plan.questions if q.source == "carried"]
    assert sorted(planned + list(plan.spare)) == sorted(written), "none is lost: in the plan or listed as spare"
    assert planned == [t for t in written if t in planned], "in the order they were written"
    assert list(plan.spare) == [t for t in written if t in plan.spare]


@SETTINGS
@given(situations(), st.sampled_from(FAMILIES), st.integers(1, 5))
def test_does_a_suggestion_never_keep_its_place_while_a_question_of_my_own_waits(case, family, minutes):
    """A fresh-eye walk: adding a question of their own pushed out one they had written in "not ready" (and
    had moved to the top), while the builder's suggestion for a goal stayed. Their words come first."""
    request, edits, carried = case
    plan = build_plan(BANK, request, edits.add_own("Und meine Frage?", family, minutes), carried)
    kept = {*edits.pinned, *edits.starred, *edits.reworded}
    suggested = sum(q.minutes for q in plan.questions if q.source == "bank" and q.id not in kept)
    if plan.spare:
        assert suggested < CARRIED_MINUTES, "only what is too short for one of theirs may fill the rest"


@SETTINGS
@given(situations(), st.sampled_from(FAMILIES), st.integers(1, 5))
def test_does_adding_an_own_question_say_what_it_pushed_out(case, family, minutes):
    request, edits, carried = case
    before = build_plan(BANK, request, edits, carried)
    added = edits.add_own("Und meine Frage?", family, minutes)
    after = build_plan(BANK, request, added, carried)
    own_id = added.own[-1].id
    changes, gone, came = reported(before, after, {own_id})
    assert gone == set(before.ids) - set(after.ids), "every question that left is named"
    assert came == set(after.ids) - set(before.ids) - {own_id}, "every question that came is named"
    assert not [c for c in changes if c.kind == "moved"], "nothing else changed its place"
    for change in changes:
        if change.kind == "dropped":
            lost = set(BANK_QUESTIONS[change.question.id].goals) & set(after.uncovered_goals)
            assert set(change.goals) == lost, "a goal left without a question is named with it"


@SETTINGS
@given(situations(), st.data())
def test_can_every_question_that_was_pushed_out_be_brought_back(case, data):
    request, edits, carried = case
    before = build_plan(BANK, request, edits, carried)
    added = edits.add_own("Und meine Frage?", data.draw(st.sampled_from(FAMILIES)), 4)
    after = build_plan(BANK, request, added, carried)
    _changes, gone, _ = reported(before, after, {added.own[-1].id})
    if gone:
        back = data.draw(st.sampled_from(sorted(gone)))
        again = build_plan(BANK, request, added.include(back), carried)
        assert back in again.ids
        _, gone_again, _ = reported(after, again, {back})
        assert gone_again == set(after.ids) - set(again.ids)


@SETTINGS
@given(situations(), st.data())
def test_does_the_builder_never_reorder_on_its_own(case, data):
    """Whatever the participant does besides the arrows, the questions that stay keep their order."""
    request, edits, carried = case
    before = build_plan(BANK, request, edits, carried)
    question_id = data.draw(st.sampled_from(before.ids))
    edit = data.draw(
        st.sampled_from(
            [
                edits.remove(question_id),
                edits.toggle_star(question_id),
                edits.add_own("Noch eine?", data.draw(st.sampled_from(FAMILIES))),
                edits,
            ]
        )
    )
    new_request = request.model_copy(
        update={"minutes": data.draw(st.sampled_from(BANK.durations)), "seed": data.draw(st.integers(0, 99))}
    )
    after = build_plan(BANK, new_request, edit, carried)
    both = [i for i in before.ids if i in after.ids]
    assert [i for i in after.ids if i in both] == both
    assert not [c for c in plan_changes(BANK, before, after) if c.kind == "moved"]


@SETTINGS
@given(edited(), st.data())
def test_is_a_question_moved_by_the_builder_after_the_participants_own_order_reported(case, data):
    request, edits = case
    plan = build_plan(BANK, request, edits)
    for _ in range(3):
        plan_edits = edits.move(plan, data.draw(st.sampled_from(plan.ids)), data.draw(st.sampled_from((-1, 1))))
        plan, edits = build_plan(BANK, request, plan_edits), plan_edits
    after = build_plan(BANK, request.model_copy(update={"minutes": data.draw(st.sampled_from(BANK.durations))}), edits)
    changes, gone, came = reported(plan, after)
    moved = {c.question.id for c in changes if c.kind == "moved"}
    staying = [i for i in plan.ids if i in after.ids and i not in moved]
    assert [i for i in after.ids if i in staying] == staying, "what is not named as moved kept its order"
    assert gone == set(plan.ids) - set(after.ids) and came == set(after.ids) - set(plan.ids)


LEARNED = (
    "Was hat Ihnen in den ersten Monaten am meisten geholfen?",
    "Wie viel Homeoffice ist üblich?",
    "Wie sieht die Einarbeitung aus?",
)


def test_do_the_questions_written_in_not_ready_come_first_and_all_three_fit_into_twenty_minutes():
    """The participant's walk: three questions from "not ready", 20 minutes; one was left out, and last."""
    answers = {"not-ready.exercise.questions": list(LEARNED), "welcome.rating.not-connected": 8}
    plan = plan_from_answers(WORKSHOP, answers)
    assert plan.request.minutes == 20
    assert [q.own_text for q in plan.questions[:3]] == list(LEARNED) and plan.spare == ()
    assert plan.total_minutes <= 20 and plan.uncovered_goals == ()


def test_can_a_spare_question_from_not_ready_be_swapped_in_and_the_report_say_what_made_room():
    request = PlanRequest(minutes=15, goals=("get-in",), fear="not-connected")
    carried = tuple(OWN_TEXTS[:5])
    plan = build_plan(BANK, request, PlanEdits(), carried)
    assert plan.spare, "more than the time holds"
    wanted = carried_id(plan.spare[0])
    swapped = build_plan(BANK, request, PlanEdits().include(wanted), carried)
    assert wanted in swapped.ids and swapped.total_minutes <= 15
    _changes, gone, _ = reported(plan, swapped, {wanted})
    assert gone and gone == set(plan.ids) - set(swapped.ids), "the page can say which question made room"


def test_does_the_walk_that_opened_with_a_closing_question_now_keep_the_order_and_say_what_left():
    """The participant's walk: arrows tried, an own question added; the plan opened with "What should I have
    asked you today?" and a question for the goal was gone without a word."""
    request = PlanRequest(minutes=20, goals=("explore-field",), fear="not-ready")
    plan = build_plan(BANK, request, PlanEdits(), LEARNED)
    edits = PlanEdits().move(plan, plan.ids[0], 1)  # the participant tried the arrows: the order is theirs now
    moved = build_plan(BANK, request, edits, LEARNED)
    edits = edits.add_own("Wie sind Sie zu dieser Arbeit gekommen?", "career-path")
    after = build_plan(BANK, request, edits, LEARNED)
    phases = [phase(q) for q in after.questions]
    assert phases == sorted(phases), [(q.id, q.family) for q in after.questions]
    assert after.questions[0].source == "carried" and after.total_minutes <= 20
    changes, gone, _came = reported(moved, after, [edits.own[-1].id])
    assert gone and gone == set(moved.ids) - set(after.ids), "what left is named"
    assert after.uncovered_goals == () or any(c.goals for c in changes)


def test_does_my_own_question_count_for_the_goal_its_family_serves():
    """Walkers: „Für Ihr Ziel ‚Die Rolle im Alltag verstehen‘ steht keine Frage mehr im Plan“, with their own
    question „Was macht ein UX-Researcher an einem typischen Tag?“ (filed under „Arbeitsalltag“) in the plan."""
    from coffeechat.models.builder import OwnQuestion

    request = PlanRequest(minutes=15, goals=("understand-role",))
    day_to_day = {g for q in BANK.questions if q.family == "day-to-day" for g in q.goals}
    assert "understand-role" in day_to_day, "the bank's questions on the role day to day serve this goal"
    own = OwnQuestion(id="own-1", text="Was macht ein UX-Researcher an einem typischen Tag?", family="day-to-day")
    removed = tuple(q.id for q in BANK.questions if "understand-role" in q.goals)  # the participant took them all out
    bare = build_plan(BANK, request, PlanEdits(removed=removed))
    assert "understand-role" in bare.uncovered_goals, "without any question for it the goal is uncovered"
    mine = build_plan(BANK, request, PlanEdits(removed=removed, own=(own,)))
    assert "understand-role" not in mine.uncovered_goals


def test_does_the_plan_take_the_field_named_in_a_fear_module_until_the_participant_names_one_there():
    """Issue 27's walks: the plan asked again for the field the participant had named in „Ich bin noch nicht
    bereit.“ („Worüber möchten Sie mehr erfahren?“); it comes along, and says where from, until they change it."""
    workshop = load_workshop()
    bank, fear_ids = workshop.bank, [f.id for f in workshop.fears]
    answers = {"not-ready.exercise.focus": "  Produktmanagement   bei einem Softwarehaus "}
    assert carried_field(workshop, answers) == ("Produktmanagement bei einem Softwarehaus", "not-ready")
    assert carried_field(workshop, {}) is None
    carried = carried_field(workshop, answers)
    assert request_from_answers(bank, fear_ids, answers, carried).field == "Produktmanagement bei einem Softwarehaus"
    own = {**answers, "builder.request": {"field": "Nahverkehr"}}
    assert request_from_answers(bank, fear_ids, own, carried).field == "Nahverkehr", "their own word holds"
    emptied = {**answers, "builder.request": {"field": ""}}
    assert request_from_answers(bank, fear_ids, emptied, carried).field == "", "an emptied field stays empty"


def test_a_field_carried_from_a_long_answer_is_cut_after_a_word_and_a_step_s_calendar_title_too():
    """A long answer in fear 1 came into the plan's field cut inside a word (at 200 characters), and a next step's
    calendar title too (at 60): both end after a whole word with „…“."""
    workshop = load_workshop()
    long = "Wie Verkehrsunternehmen ihre Fahrgastinformation planen " * 8
    assert carried_field(workshop, {"not-ready.exercise.focus": long}) is None, "a sentence is no field"
    word = "Fahrgastinformationsplanungsabteilungsleitung" * 5  # one word longer than the field may be
    carried = carried_field(workshop, {"not-ready.exercise.focus": word})
    assert carried is not None and carried[0].endswith("…") and len(carried[0]) <= 200
    step = "Frau Öztürk schreiben, ob sie zehn Minuten für ein Gespräch über Fahrgastinformation hätte 🙂"
    answers = {"regret.next_step.action": step, "regret.next_step.due": "2026-12-04"}
    (reminder,) = next_step_reminders(workshop, answers, "de", today=dt.date(2026, 12, 1))
    kept = reminder.title.removesuffix(" …")
    assert kept != reminder.title and (kept.split("– ", 1)[1] + " ") in step, f"cut after a word: {reminder.title}"


@pytest.mark.parametrize(
    ("typed", "language", "said"),
    [
        ("Product management", "en", "product management"),
        ("Public transport", "en", "public transport"),
        ("Software development at SAP", "en", "software development at SAP"),
        ("E-commerce logistics", "en", "e-commerce logistics"),
        ("  Medical   technology ", "en", "medical technology"),
        ("UX research", "en", "UX research"),  # an acronym
        ("SAP consulting", "en", "SAP consulting"),
        ("Deutsche Bahn", "en", "Deutsche Bahn"),  # a proper name: every word capitalised
        ("Data Science", "en", "Data Science"),  # title case: as typed (it may be a name)
        ("Marketing", "en", "Marketing"),  # one word: a field or a name (Siemens), as typed
        ("McKinsey strategy", "en", "McKinsey strategy"),
        ("public transport", "en", "public transport"),
        ("Öffentlicher Nahverkehr", "de", "Öffentlicher Nahverkehr"),  # German nouns keep their capitals
        ("Produktmanagement", "de", "Produktmanagement"),
        ("", "en", ""),
    ],
)
def test_is_the_field_lower_case_inside_an_english_sentence_where_it_is_a_common_noun(typed, language, said):
    """Issue 27's English walk: „in Product management“: the field typed with a capital as a phrase's first word
    is a common noun inside an English sentence; names, acronyms and German nouns keep their capitals."""
    assert field_in_sentence(typed, language) == said


@pytest.mark.parametrize("language", ["de", "en"])
def test_do_the_contacts_description_and_the_messages_say_the_field_as_a_sentence_does(language):
    request = PlanRequest(contact_name="Ms Okafor", contact_role="Product owner", field="Product management")
    field = {"de": "Product management", "en": "product management"}[language]
    role_in_field = {"de": "Product owner im Bereich", "en": "Product owner in"}[language]
    assert described_contact(WORKSHOP, request, language) == f"Ms Okafor ({role_in_field} {field})"
    kinds = [kind.id for kind in WORKSHOP.outreach.kinds]
    texts = [compose(WORKSHOP, kind, request, channels_for(WORKSHOP, kind)[0].id, language).as_text() for kind in kinds]
    assert any(field in text for text in texts)
    assert language == "de" or not any("Product management" in text for text in texts)


@pytest.mark.parametrize(
    ("role", "field", "language", "said"),
    [
        (
            "Softwareentwicklerin",
            "Softwareentwicklung bei einem Münchner Start-up",
            "de",
            "Frau Ölmez (Softwareentwicklerin bei einem Münchner Start-up)",
        ),
        (
            "software developer",
            "software development at a Munich start-up",
            "en",
            "Frau Ölmez (software developer at a Munich start-up)",
        ),
        ("Produktmanagerin", "Produktmanagement", "de", "Frau Ölmez (Produktmanagerin)"),
        (
            "UX-Designerin",
            "öffentlicher Nahverkehr",
            "de",
            "Frau Ölmez (UX-Designerin im Bereich öffentlicher Nahverkehr)",
        ),
        ("UX designer", "UX research", "en", "Frau Ölmez (UX designer in UX research)"),
    ],
)
def test_does_the_contacts_description_say_the_roles_own_work_only_once(role, field, language, said):
    """A keyboard walk: „Softwareentwicklerin im Bereich Softwareentwicklung bei einem Münchner Start-up“, the field
    carried from a fear module said the role's work again; the role keeps where it is done."""
    request = PlanRequest(contact_name="Frau Ölmez", contact_role=role, field=field)
    assert described_contact(WORKSHOP, request, language) == said


@pytest.mark.parametrize(
    ("answer", "carried"),
    [
        ("Produktmanagement in einem mittelgroßen Softwareunternehmen", True),  # the screen's own example
        ("UX-Forschung bei einer Krankenkasse 🏥", True),
        ("Data Science im öffentlichen Dienst, vor allem Statistikämter", True),
        ("The role of a UX researcher at a Krankenkasse – what the work is really like 🏥", False),
        ("Wie sieht der Alltag aus? Und wie kommt man rein?", False),
        ("Ich möchte wissen, wie der Alltag in der Verwaltung einer großen Stadt wirklich aussieht", False),
        ("Produktmanagement.", True),
    ],
)
def test_is_only_a_phrase_carried_into_the_plans_field_not_a_sentence(answer, carried):
    """An English phone walk answered fear 1's „What would you like to learn more about?“ with a sentence; it
    became the plan's field and every message read „your role in The role of a UX researcher … – what the work
    is really like“. A phrase is carried; a sentence leaves the field to be named, with its example."""
    found = carried_field(load_workshop(), {"not-ready.exercise.focus": answer})
    assert (found is not None) is carried, found
