"""Steps inside a module: where do Back and Next lead, and which step does a saved value name?"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.models.answers import AnswerRejected
from coffeechat.models.steps import (
    FEAR_STEPS,
    WRAPUP_STEPS,
    Move,
    Place,
    backward,
    clean_step,
    forward,
    saved_step,
)

MODULES = ["welcome", "not-ready", "regret", "wrap-up"]
COUNTS = {"welcome": 1, "not-ready": 4, "regret": 4, "wrap-up": 1}


def counts(module_id: str) -> int:
    return COUNTS[module_id]


def test_does_next_inside_a_fear_module_show_its_next_step_and_mark_nothing_done():
    assert forward(MODULES, counts, Place("not-ready", 1)) == Move(Place("not-ready", 2))
    assert forward(MODULES, counts, Place("not-ready", 3)) == Move(Place("not-ready", 4))


def test_does_next_on_the_last_step_mark_the_module_done_and_open_the_next_at_its_first_step():
    assert forward(MODULES, counts, Place("not-ready", 4)) == Move(Place("regret", 1), done="not-ready")
    assert forward(MODULES, counts, Place("welcome", 1)) == Move(Place("not-ready", 1), done="welcome")


def test_is_there_no_next_on_the_last_step_of_the_last_module():
    assert forward(MODULES, counts, Place("wrap-up", 1)) is None


def test_does_next_onto_a_last_step_mark_nothing_done_not_even_in_the_last_module():
    """Issue 27's walks: a part counted as done as soon as its last step was on screen, before anything there was
    done. Next marks done only the part it leaves; the page's Finish, and an end screen reached, do the rest."""
    sizes = {**COUNTS, "wrap-up": len(WRAPUP_STEPS)}
    assert forward(MODULES, sizes.__getitem__, Place("not-ready", 3)) == Move(Place("not-ready", 4))
    assert forward(MODULES, sizes.__getitem__, Place("wrap-up", 3)) == Move(Place("wrap-up", 4))
    assert forward(MODULES, sizes.__getitem__, Place("wrap-up", 2)) == Move(Place("wrap-up", 3))
    assert forward(MODULES, sizes.__getitem__, Place("wrap-up", 4)) is None


def test_does_back_go_one_step_back_and_from_a_first_step_to_the_previous_module_at_its_last():
    assert backward(MODULES, counts, Place("not-ready", 3)) == Move(Place("not-ready", 2))
    assert backward(MODULES, counts, Place("regret", 1)) == Move(Place("not-ready", 4))
    assert backward(MODULES, counts, Place("not-ready", 1)) == Move(Place("welcome", 1))
    assert backward(MODULES, counts, Place("welcome", 1)) is None


def test_is_a_fear_module_four_steps_in_the_order_of_the_design():
    assert FEAR_STEPS == ("fear", "reflection", "exercise", "next-step")


@pytest.mark.parametrize("value", [None, 0, 5, -1, True, "2", 2.0, [2]])
def test_does_a_saved_step_the_module_does_not_have_open_it_at_its_first(value):
    assert saved_step(value, 4) == 1


def test_does_a_saved_step_the_module_has_open_it_there():
    assert [saved_step(n, 4) for n in (1, 2, 3, 4)] == [1, 2, 3, 4]
    assert saved_step(3, 1) == 1, "a module that has fewer steps now opens at its first"


@pytest.mark.parametrize("value", [0, 5, True, "3", None, 2.5])
def test_is_a_step_the_module_does_not_have_refused_before_it_is_saved(value):
    with pytest.raises(AnswerRejected):
        clean_step(value, 4)
    assert clean_step(4, 4) == 4


step_counts = st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=8)


@st.composite
def workshops_and_places(draw):
    sizes = draw(step_counts)
    modules = [f"m{i}" for i in range(len(sizes))]
    index = draw(st.integers(min_value=0, max_value=len(modules) - 1))
    step = draw(st.integers(min_value=1, max_value=sizes[index]))
    return modules, dict(zip(modules, sizes, strict=True)), Place(modules[index], step)


@given(workshops_and_places())
def test_do_back_and_next_stay_inside_the_workshop_and_does_back_undo_next(case):
    modules, sizes, here = case
    count = sizes.__getitem__
    for move in (forward(modules, count, here), backward(modules, count, here)):
        if move is not None:
            assert move.place.module_id in modules
            assert 1 <= move.place.step <= sizes[move.place.module_id]
    ahead = forward(modules, count, here)
    if ahead is not None:
        assert backward(modules, count, ahead.place) == Move(here)
        assert (ahead.done is not None) == (here.step == sizes[here.module_id])
    else:
        assert here.module_id == modules[-1] and here.step == sizes[here.module_id]


@given(workshops_and_places())
def test_does_next_pressed_again_and_again_reach_every_step_once_and_mark_every_module_but_the_last(case):
    modules, sizes, _ = case
    count = sizes.__getitem__
    here, seen, done = Place(modules[0], 1), [Place(modules[0], 1)], []
    while (move := forward(modules, count, here)) is not None:
        here = move.place
        seen.append(here)
        if move.done:
            done.append(move.done)
    assert len(seen) == sum(sizes.values()) and len(set(seen)) == len(seen)
    # the last module has no Next on its last step: the page's Finish marks it done
    assert done == modules[:-1]
