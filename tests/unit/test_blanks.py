"""The [blanks] of a warm-up line: does the participant's word go where the blank was, in the plan and the
take-home, and does nothing from the socket get past the check?"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.content import Option
from coffeechat.models.answers import AnswerRejected
from coffeechat.models.blanks import blanks, clean_blanks, filled, words_for
from coffeechat.models.builder import PlanRequest
from coffeechat.models.keys import BLANK_CHARS, documented
from coffeechat.models.outreach import opening_lines

LINE = "„Ich habe gesehen, dass Sie auch an der [Hochschule] studiert haben.“"
WARM_UP = "not-good-at-networking.exercise.warm-up"


def test_does_my_word_go_where_the_blank_was():
    assert blanks(LINE) == ["Hochschule"]
    assert filled(LINE, ["TU Dresden"]) == "„Ich habe gesehen, dass Sie auch an der TU Dresden studiert haben.“"
    assert filled(LINE, ["  TU \n Dresden "]) == filled(LINE, ["TU Dresden"]), "spaces and breaks are one space"
    assert filled(LINE, [""]) == LINE, "a blank without words stays a blank"
    assert filled(LINE, None) == LINE
    assert filled("[a] und [b]", ["x"]) == "x und [b]"
    assert filled("[a] und [b]", ["", "y"]) == "[a] und y"


@given(words=st.lists(st.text(alphabet=st.characters(blacklist_characters="[]"), max_size=30), max_size=4))
def test_does_a_filled_line_keep_what_is_around_the_blanks_whatever_i_type(words):
    line = "vor [eins] mitte [zwei] nach"
    result = filled(line, words)
    assert result.startswith("vor ") and result.endswith(" nach") and " mitte " in result


def test_is_only_a_word_for_a_blank_the_line_has_saved():
    counts = {"shared-background": 1}
    assert clean_blanks({"shared-background": ["TU Dresden 🎓"]}, counts) == {"shared-background": ["TU Dresden 🎓"]}
    assert clean_blanks(None, counts) == {}
    for hostile in (["x"], {"thanks": ["x"]}, {"shared-background": "x"}, {"shared-background": ["a", "b"]}):
        with pytest.raises(AnswerRejected):
            clean_blanks(hostile, counts)
    with pytest.raises(AnswerRejected) as too_long:
        clean_blanks({"shared-background": ["x" * (BLANK_CHARS + 1)]}, counts)
    assert too_long.value.ui_key == "field.too_long", "a long text is told why, not dropped"
    assert documented(WARM_UP + ".blanks")


@given(saved=st.one_of(st.none(), st.integers(), st.text(), st.lists(st.text()), st.dictionaries(st.text(), st.none())))
def test_does_anything_saved_earlier_give_words_or_none_without_breaking(saved):
    assert isinstance(words_for(saved, "shared-background"), list)
    assert words_for({"x": ["a", 3]}, "x") == ["a", ""]
    assert words_for({"x": ["a"]}, ["not", "an", "id"]) == []


def test_does_a_line_need_as_many_blanks_in_every_language():
    Option.model_validate({"id": "a", "label": {"de": "an der [Hochschule]", "en": "at [university]"}})
    with pytest.raises(ValueError, match="blanks"):
        Option.model_validate({"id": "a", "label": {"de": "an der [Hochschule]", "en": "at university"}})


def test_does_my_plan_say_the_warm_up_line_with_my_word(workshop):
    answers = {WARM_UP: ["shared-background"], WARM_UP + ".blanks": {"shared-background": ["TU Dresden"]}}
    request = PlanRequest(minutes=20, goals=("get-in",))
    assert opening_lines(workshop, request, answers, "de")[0] == (
        "„Ich habe gesehen, dass Sie auch an der TU Dresden studiert haben.“"
    )
    assert opening_lines(workshop, request, answers, "en")[0] == "“I noticed you studied at TU Dresden too.”"
    du = request.model_copy(update={"informal": True})
    assert "dass du auch an der TU Dresden" in opening_lines(workshop, du, answers, "de")[0]
    answers.pop(WARM_UP + ".blanks")
    assert "[Hochschule]" in opening_lines(workshop, request, answers, "de")[0], "unfilled, the blank shows"
