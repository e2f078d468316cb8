"""What the server accepts as an answer: dates a plan can use, numbers in range, text stored whole."""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.content import Prompt
from coffeechat.models import keys
from coffeechat.models.answers import (
    AnswerRejected,
    clean_answer,
    clean_date,
    clean_number,
    clean_text,
    date_window,
    has_unstorable,
    replace_unstorable,
)

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2025-11-29", "2031-12-31"])
def test_is_a_date_no_plan_can_use_refused_with_the_window_in_the_message(day):
    with pytest.raises(AnswerRejected) as refused:
        clean_date(day, today=TODAY)
    assert refused.value.ui_key == "field.date_out_of_range"
    assert refused.value.values == dict(zip(("earliest", "latest"), date_window(TODAY), strict=True))


@pytest.mark.parametrize("day", ["2025-12-01", "2026-12-01", "2031-12-01", dt.date(2027, 2, 28)])
def test_are_dates_from_a_year_back_to_five_years_ahead_saved(day):
    assert clean_date(day, today=TODAY) == str(day)


def test_is_a_date_that_is_no_date_refused_clearly():
    with pytest.raises(AnswerRejected) as refused:
        clean_date("31.02.2026", today=TODAY)
    assert refused.value.ui_key == "field.date_invalid"


@pytest.mark.parametrize("minutes", [0, 21, 99999, -1, 2.5, True, "8", None])
def test_are_round_minutes_out_of_range_refused_with_the_range_in_the_message(minutes):
    with pytest.raises(AnswerRejected) as refused:
        clean_number(minutes, keys.ROUND_MINUTES_MIN, keys.ROUND_MINUTES_MAX)
    assert refused.value.ui_key == "field.number_out_of_range"
    assert refused.value.values == {"low": 1, "high": 20}


def test_is_half_an_emoji_from_a_paste_replaced_wherever_it_sits_and_the_rest_kept():
    value = {"text": "Danke \ud83d und tschüss", "drafts": ["\udc00", "ok"], "n": 3}
    assert has_unstorable(value)
    assert replace_unstorable(value) == {"text": "Danke \ufffd und tschüss", "drafts": ["\ufffd", "ok"], "n": 3}
    assert not has_unstorable("ein ganzes Emoji 🙂 bleibt")


def test_does_a_too_long_text_name_its_own_limit():
    with pytest.raises(AnswerRejected) as refused:
        clean_text("x" * 501, keys.OWN_QUESTION_CHARS)
    assert refused.value.values == {"limit": 500, "length": 501}


def test_does_the_window_keep_to_the_calendar_on_the_29th_of_february():
    assert date_window(dt.date(2028, 2, 29)) == (dt.date(2027, 2, 28), dt.date(2033, 2, 28))


def test_are_control_characters_replaced_but_tabs_and_line_breaks_kept():
    assert replace_unstorable("a\x00b\x1b[31m\tc\r\nd") == "a\ufffdb\ufffd[31m\tc\r\nd"


def test_is_a_day_already_past_refused_for_a_date_that_plans_ahead():
    today = dt.date(2026, 12, 6)
    with pytest.raises(AnswerRejected) as refused:
        clean_date("2026-12-05", today=today, from_today=True)
    assert (refused.value.ui_key, refused.value.values) == ("field.date_past", {"day": dt.date(2026, 12, 5)})
    assert clean_date("2026-12-06", today=today, from_today=True) == "2026-12-06", "today is not the past"
    assert clean_date("2026-12-05", today=today) == "2026-12-05", "a next step may still look back"
    prompt = Prompt(id="due", kind="date", label={"de": "Bis wann?", "en": "By when?"}, from_today=True)
    with pytest.raises(AnswerRejected):
        clean_answer(prompt, "2020-01-01")
