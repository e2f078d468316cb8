"""Rooms that come back (issue 29): does a template keep a room's setup and nothing of its people, does next week's
room opened from it have the same setup, and does the trend keep to the rule of three?"""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from coffeechat.room import model as room
from coffeechat.room.model import Change, FeedbackEntry, RoomState
from coffeechat.room.report import session_figures
from coffeechat.room.templates import (
    RoomTemplate,
    TrendPoint,
    opened_from,
    still_prepared,
    template_of,
    trend_point,
    trend_rows,
)

T0 = 1_800_000_000.0


def a_room_that_ran() -> RoomState:
    """A room as a coach leaves it: questions asked, answers in, groups formed, the projector set up."""
    state = RoomState(format="half-day", timer=room.Timer(length=10 * 60, left=10 * 60))
    state = state.ask("Was hält Sie zurück?").ask("Wen fragen Sie zuerst?")
    state = state.with_groups(["m1", "m2", "m3", "m4"], seed=7, now=T0).follow("roleplay")
    state = state.project("wall").projector_settings(corner=False, theme="dark", sound=False)
    return state.noted(T0, "start", "half-day")


def test_does_a_template_keep_the_rooms_setup_and_nothing_of_its_people():
    state = a_room_that_ran()
    template = template_of(state, "  Dienstagsgruppe  ")
    assert template == RoomTemplate(
        name="Dienstagsgruppe",
        format="half-day",
        questions=("Was hält Sie zurück?", "Wen fragen Sie zuerst?"),
        timer_minutes=10,
        projector="wall",
        corner=False,
        theme="dark",
        sound=False,
        auto_approve=False,
    )
    stored = template.setup_json()
    for member in ("m1", "m2", "m3", "m4"):
        assert member not in stored, "no member id in a template"
    assert set(json.loads(stored)) == {
        "format",
        "questions",
        "timer_minutes",
        "projector",
        "corner",
        "theme",
        "sound",
        "auto_approve",
    }, "the setup only: no groups, no pacing, no run sheet"
    assert RoomTemplate.from_stored("t1", template.name, stored) == RoomTemplate(**{**template.__dict__, "id": "t1"})


def test_does_next_weeks_room_opened_from_a_template_have_the_same_setup_and_nothing_else():
    template = RoomTemplate.from_stored("t1", "Dienstagsgruppe", template_of(a_room_that_ran(), "x").setup_json())
    fresh = RoomState(format="half-day", module="welcome").noted(T0 + 7 * 86400, "start", "half-day")
    opened = opened_from(fresh, template)
    again = template_of(opened, "Dienstagsgruppe")
    assert again == RoomTemplate(**{**template.__dict__, "id": ""}), "the same setup, saved again"
    assert opened.template == "t1", "the room knows its template (for the trend)"
    assert opened.asked == () and opened.question_number == 0, "the questions wait to be asked"
    assert still_prepared(opened) == ("Was hält Sie zurück?", "Wen fragen Sie zuerst?")
    assert still_prepared(opened.ask("Wen fragen Sie zuerst?")) == ("Was hält Sie zurück?",)
    assert opened.groups == () and opened.pacing == room.OWN_PACE and not opened.ended
    assert opened.timer.length == 600 and not opened.timer.running
    assert [event[1] for event in opened.events] == ["start"], "nothing of the earlier run sheet"
    assert RoomState.from_json(opened.to_json()) == opened, "stored and read back alike"


@given(st.text(max_size=300), st.lists(st.text(max_size=200), max_size=30), st.integers(-5, 10_000))
def test_does_a_template_read_back_anything_stored_into_a_valid_setup(name, questions, minutes):
    setup = json.dumps({"questions": questions, "timer_minutes": minutes, "projector": name, "theme": 3})
    template = RoomTemplate.from_stored("t", name, setup)
    assert 1 <= template.timer_minutes <= room.MAX_TIMER_MINUTES
    assert template.projector in room.PROJECTOR_MODES and template.theme in room.PROJECTOR_THEMES
    assert all(q and len(q) <= room.QUESTION_CHARS and "\n" not in q for q in template.questions)
    assert len(set(template.questions)) == len(template.questions)
    assert RoomTemplate.from_stored("t", name, "not json").questions == ()


def people(before_after: list[tuple[int, int]]) -> dict[str, dict]:
    return {
        f"m{i}": {"welcome.rating.not-ready": before, "wrapup.rating.not-ready": after}
        for i, (before, after) in enumerate(before_after)
    }


def figures(ratings_before_after, stars):
    feedback = [FeedbackEntry(f"e{i}", rating, "") for i, rating in enumerate(stars)]
    return session_figures(people(ratings_before_after), ["not-ready"], [], RoomState(), {}, feedback)


def test_does_a_trend_point_show_the_fear_change_and_feedback_only_from_three_contributions():
    point = trend_point(figures([(8, 4), (6, 4), (7, 4)], [5, 4, 3]))
    assert point == TrendPoint(participants=3, before=7.0, after=4.0, ratings_mean=4.0, ratings=3)
    assert TrendPoint.from_json(point.to_json()) == point
    two_rated = trend_point(figures([(8, 4), (6, 4), (7, 4), (5, 5)], [5, 4]))
    assert two_rated.participants == 4 and two_rated.change == (6.5, 4.25)
    assert two_rated.ratings_mean is None, "two ratings are fewer than three"
    few = trend_point(figures([(8, 4), (6, 4)], [5, 4, 3]))
    assert few == TrendPoint(participants=2), "a room of two shows its count only"


def test_does_the_fear_change_pool_the_fears_by_the_people_who_rated_each():
    pooled = replace(figures([(8, 4)] * 5, []), change={"a": Change(8.0, 4.0, 3), "b": Change(4.0, 4.0, 1), "c": None})
    point = trend_point(pooled)
    assert point.change == (7.0, 4.0) and point.ratings_mean is None


def test_does_the_trend_list_the_sessions_oldest_first_and_say_nothing_of_a_report_without_figures():
    rows = trend_rows(
        [("2026-12-08", TrendPoint(4).to_json()), ("2026-12-01", ""), ("2026-12-15", '{"participants": 2.5}')]
    )
    assert [row.held_on for row in rows] == ["2026-12-01", "2026-12-08", "2026-12-15"]
    assert rows[0].point is None and rows[1].point == TrendPoint(4) and rows[2].point is None
    assert TrendPoint.from_json('{"participants": 5, "before": 6, "after": null, "ratings": 2, "ratings_mean": 3}') == (
        TrendPoint(5, ratings=2)
    ), "a half change and a mean of two ratings are not shown"
