"""The coach's docs against the room as it is (issue 27, a coach's two sessions from the docs alone): does the
tutorial's end step, and the printed guide, promise on the end screen only what it offers, and does step 1
say how to rehearse on one's own laptop?"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coffeechat.documents.export import END_FILES
from coffeechat.views.wrapup import EndDownloads

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorials" / "first-workshop.md"


def tutorial_step(number: int) -> str:
    text = TUTORIAL.read_text(encoding="utf-8")
    match = re.search(rf"^## {number}\. .*?(?=^## )", text, flags=re.M | re.S)
    assert match, f"step {number} of the tutorial"
    return match.group(0)


def test_does_the_tutorials_end_step_name_the_end_screens_downloads_and_no_other(workshop):
    step = tutorial_step(12)
    for kind in END_FILES:
        label = workshop.t(EndDownloads.LABELS[kind], "en")
        assert label in step, f"the end screen offers {label!r}: step 12 names it"
    assert "JSON now" not in step, "the end screen offers no JSON: it is in the wrap-up's step"
    take_home = workshop.t("wrapup.step.take-home", "en")
    if "JSON" in step:
        assert take_home in step, "the JSON is named with the wrap-up step that offers it"


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_the_printed_guide_name_what_the_end_screen_offers_and_promise_no_json_to_continue(workshop, language):
    intro = workshop.guide.console_intro[language]
    for kind in END_FILES:
        assert workshop.t(EndDownloads.LABELS[kind], language) in intro, kind
    for way in workshop.guide.ways:
        assert "JSON" not in way.say[language], "a JSON cannot be opened to go on at home: nothing promises it"


def test_does_step_one_tell_a_coach_how_to_rehearse_on_their_own_laptop():
    step = tutorial_step(1)
    assert "?room=console&token=" in step and "rehears" in step
