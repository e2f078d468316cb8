"""The end of the journey: what does its one screen say, with and without a commitment and ratings, and are the
before/after chart's texts readable on a phone?"""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.documents.charts import Label, before_after, before_after_compact, text_height, to_svg
from coffeechat.models import keys
from coffeechat.models.ending import as_object, ending, next_step, written_on

#: the width a chart is shown at in the column of a 390 px phone (the page's margins and the card's padding off)
PHONE_COLUMN = 330


def test_does_the_end_say_the_next_step_in_one_sentence_with_its_date_whom_and_the_channel(workshop):
    answers = {
        "wrapup.commit.who": "Frau Ölmez",
        "wrapup.commit.due": "2026-12-04",
        "wrapup.commit.channel": "linkedin",
    }
    assert (
        next_step(workshop, answers, "de") == "Bis 4. Dezember 2026 bitten Sie Frau Ölmez um ein Gespräch (LinkedIn)."
    )
    assert next_step(workshop, answers, "en") == "By 4 December 2026 you ask Frau Ölmez for a conversation (LinkedIn)."


def test_does_the_german_sentence_say_herrn_where_the_name_is_its_object(workshop):
    """A walk: the end screen said "bitten Sie Herr Brückner" (the name as one addresses him); it is "Herrn"."""
    answers = {"wrapup.commit.who": "Herr Dr. Brückner", "wrapup.commit.due": "2026-12-09"}
    assert next_step(workshop, answers, "de") == "Bis 9. Dezember 2026 bitten Sie Herrn Dr. Brückner um ein Gespräch."
    assert next_step(workshop, answers, "en") == "By 9 December 2026 you ask Herr Dr. Brückner for a conversation."
    for who in ("Frau Herrmann", "Herrmann Koch", "Herrn Brückner"):
        assert as_object(who, "de") == who, "only the word Herr itself changes"


def test_does_a_dated_commitment_without_a_name_or_a_channel_still_make_a_sentence(workshop):
    answers = {"wrapup.commit.due": "2026-12-04"}
    assert (
        next_step(workshop, answers, "de")
        == "Bis 4. Dezember 2026 bitten Sie Ihre erste Kontaktperson um ein Gespräch."
    )


def test_does_the_plans_contact_and_channel_make_the_next_step_as_the_wrap_up_shows_them(workshop):
    answers = {
        "builder.request": {"contact_name": "Herr Brandt", "contact_role": "", "field": ""},
        "builder.outreach.channel": "email",
        "wrapup.commit.due": "2027-01-15",
    }
    assert next_step(workshop, answers, "en") == "By 15 January 2027 you ask Herr Brandt for a conversation (Email)."


def test_is_there_no_next_step_without_a_date_that_can_be_planned_with(workshop):
    for due in (None, "morgen", "9999-12-31", 17):
        answers = {"wrapup.commit.who": "Frau Ölmez", "wrapup.commit.channel": "email", "wrapup.commit.due": due}
        assert next_step(workshop, answers, "de") is None, due
        assert ending(workshop, answers, "de").next_step is None


def test_does_the_end_show_the_ratings_before_and_after_per_fear_and_only_numbers_from_0_to_10(workshop):
    fears = [f.id for f in workshop.fears]
    answers = {f"welcome.rating.{fears[0]}": 8, f"wrapup.rating.{fears[0]}": 3, f"wrapup.rating.{fears[1]}": 11}
    answers[f"welcome.rating.{fears[2]}"] = True
    end = ending(workshop, answers, "de")
    assert end.before == (8, None, None, None) and end.after == (3, None, None, None)
    assert end.rated
    assert not ending(workshop, {}, "de").rated, "nothing rated: no profile to draw"


FEARS_DE = [
    "Ich bin noch nicht bereit",
    "Ich bin nicht genug vernetzt",
    "Ich bin nicht gut im Networking",
    "Ich werde es bereuen",
]


def test_are_the_compact_charts_texts_readable_in_a_phones_column():
    """The page's chart was 640 points wide with its names beside the bars: about 6 px high text at 390 px."""
    legend = ("vorher", "nachher")
    wide = before_after(FEARS_DE, [8, 7, 6, 5], [3, 4, 2, 1], "Vorher und nachher (0–10)", legend)
    assert text_height(wide, PHONE_COLUMN) < 6
    compact = before_after_compact(FEARS_DE, [8, 7, None, 5], [3, 4, 2, None], "Vorher und nachher (0–10)", legend)
    assert text_height(compact, PHONE_COLUMN) >= 13
    assert compact.height <= 1.0 * compact.width, "compact: no taller than wide, so it leaves room on one screen"
    texts = [shape.text for shape in compact.shapes if isinstance(shape, Label)]
    assert all(name in texts for name in FEARS_DE), "every fear named in full"
    assert texts.count("–") == 2, "a fear not rated says so with a dash"


def test_does_the_compact_chart_carry_the_classes_that_give_it_the_palettes_colours_and_escape_its_text():
    chart = before_after_compact(["<b>x</b>"], [2], [1], "T & T", ("before", "after"))
    svg = to_svg(chart)
    assert 'class="cc-chart-before"' in svg and 'class="cc-chart-after"' in svg and 'class="cc-chart-text"' in svg
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg


def test_does_the_end_say_how_many_fears_were_faced_and_never_four_when_some_were_skipped(workshop):
    """The end screen and the take-home said „Sie haben sich Ihren vier Ängsten gestellt“ to a participant who
    had skipped two fear modules: a fear counts as faced once its module is done, and the end says how many."""
    fears = [f.id for f in workshop.fears]
    wrote = {f"{fear}.reflection.why": "Weil ich noch lerne." for fear in fears}
    some = {f"progress.{fears[0]}": True, f"progress.{fears[2]}": True, f"progress.{fears[3]}": False, **wrote}
    assert ending(workshop, some, "de").faced.startswith(
        "Sie haben sich 2 von 4 Ängsten mit eigenen Antworten gestellt;"
    )
    assert ending(workshop, some, "en").faced.startswith("You have faced 2 of the 4 fears with answers of your own;")
    every = {f"progress.{fear}": True for fear in fears}
    assert ending(workshop, every | wrote, "de").faced == "Sie haben sich allen vier Ängsten gestellt."
    assert ending(workshop, {}, "de").faced == "", "no fear module done: nothing said about fears"
    # a walk pressed Next through two fears without a word and was told it had faced all four
    clicked_through = every | {f"{fears[0]}.reflection.why": "Weil ich noch lerne.", f"{fears[1]}.rating": 4}
    assert ending(workshop, clicked_through, "de").faced.startswith("Sie haben sich 2 von 4 Ängsten mit eigenen")
    assert ending(workshop, every | {f"{fears[0]}.note": ""}, "de").faced == "", "an empty answer is no answer"


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_participant_who_clicked_through_the_fears_is_told_plainly_which_are_still_open(workshop, language):
    """A walk read „alle 9 Teile bearbeitet“ beside „1 der 4 Ängste gestellt“: the finish counts what was done
    (the parts gone through, the fears faced with answers of one's own) and names the fears still open."""
    fears = [f.id for f in workshop.fears]
    every = {f"progress.{module}": True for module in workshop.module_ids}
    said = ending(workshop, every | {f"{fears[1]}.reflection.why": "Weil ich noch lerne."}, language).faced
    for fear in fears[2:] + fears[:1]:
        assert workshop.module_short(fear, language) in said, "each fear still open is named"
    assert workshop.module_short(fears[1], language) not in said
    assert {"de": "noch nicht:", "en": "not yet:"}[language] in said
    complete = workshop.t("app.complete_text", language, total=len(workshop.module_ids))
    assert {"de": "durchgearbeitet", "en": "worked through"}[language] not in complete, "no claim of work not done"


def test_does_the_next_step_follow_what_the_weeks_after_recorded_as_written(workshop):
    """A walk recorded its first message as sent in the weeks after, then read at the end „bitten Sie Frau Ölmez
    um ein Gespräch“: once the contact the commitment names is recorded as written to, the next step says so, and
    what comes next (entering what comes back, where)."""
    answers = {"wrapup.commit.who": "Frau Ölmez (UX-Designerin)", "wrapup.commit.due": "2026-12-14"}
    contact = {"id": "c-1", "name": "Frau Ölmez", "history": [{"stage": "to-write", "day": "2026-12-07"}]}
    assert written_on({**answers, keys.FOLLOWUP_CONTACTS: [contact]}, "Frau Ölmez (UX-Designerin)") is None
    assert next_step(workshop, {**answers, keys.FOLLOWUP_CONTACTS: [contact]}, "de").startswith("Bis 14. Dezember")
    written = {**contact, "history": [*contact["history"], {"stage": "written", "day": "2026-12-08"}]}
    done = {**answers, keys.FOLLOWUP_CONTACTS: [written]}
    assert written_on(done, "Frau Ölmez (UX-Designerin)") == dt.date(2026, 12, 8)
    for language in ("de", "en"):
        said = next_step(workshop, done, language)
        assert said is not None and "Ölmez" in said and ("8. Dezember 2026" in said or "8 December 2026" in said)
        assert "bitten Sie" not in said and "you ask" not in said, said
        assert workshop.module_short("follow-through", language) in said, said
    assert written_on({**answers, keys.FOLLOWUP_CONTACTS: "kaputt"}, "Frau Ölmez") is None
    assert ending(workshop, done, "de").written and not ending(workshop, answers, "de").written, "the closing too"
