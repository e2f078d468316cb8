"""Does the content read as a bilingual coach would have it (issue 30, "Coach-grade content")?"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from coffeechat.content import DEFAULT_CONTENT_DIR, load_workshop

WORKSHOP = load_workshop()

#: a straight apostrophe between two letters ("don't", "geht's"): the typographic one (’) belongs there
STRAIGHT_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")


def shown_strings(node: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string value of a content file with the path of keys that leads to it."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from shown_strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from shown_strings(value, f"{where}[{index}]")
    elif isinstance(node, str):
        yield where, node


#: content that is matched against what participants type, never shown: its words keep the apostrophes people type
MATCHED_NOT_SHOWN = {"question-checks.yaml"}


def content_strings() -> Iterator[tuple[str, str]]:
    for path in sorted(Path(DEFAULT_CONTENT_DIR).rglob("*.yaml")):
        if path.name not in MATCHED_NOT_SHOWN:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # libyaml, as the loader
            yield from shown_strings(data, path.name)


# --- the sentences the review quoted ---------------------------------------------------------------------------


def test_does_no_shown_text_use_a_straight_apostrophe_between_letters():
    straight = [(where, text) for where, text in content_strings() if STRAIGHT_APOSTROPHE.search(text)]
    assert straight == []


def test_does_the_start_screen_say_start_afresh_in_english_and_neu_beginnen_in_german():
    start = WORKSHOP.ui.strings["code.start_new"]
    assert (start["de"], start["en"]) == ("Jetzt beginnen", "Start now")


def test_does_the_guide_name_the_start_button_as_the_page_does():
    start = WORKSHOP.ui.strings["code.start_new"]["en"]
    texts = [text for _, text in content_strings()]
    stale = ("Start afresh", "Neu beginnen")  # its name until a phone walk found it odd for a first visit
    assert not any(old in text for text in texts for old in stale)
    assert any(f"“{start}”" in text for text in texts)


def test_does_no_english_message_put_the_role_straight_after_as():
    """The participant may type "UX designer" or "a UX designer": "your role as {contact_role}" is wrong for one."""
    outreach = WORKSHOP.outreach
    texts = [
        text["en"]
        for template in outreach.templates
        for text in (template.subject, template.body, *template.shorter)
        if text is not None
    ]
    assert [text for text in texts if re.search(r"\bas \{contact_role\}", text)] == []


def test_does_the_welcome_say_plainly_who_sees_the_answers():
    """True and plain: stored where the page runs, under a code; the coach sees only anonymous figures."""
    intro = WORKSHOP.welcome.intro
    assert "anonym" in intro["de"] and "anonymous" in intro["en"]
    assert "liest sie nicht" not in intro["de"] and "does not read" not in intro["en"]
    assert "wenn Sie allein arbeiten, auf" not in intro["de"], "a sentence that parses two ways"


def test_does_the_closing_read_right_in_german():
    """After a nominalised superlative German takes "was": "das Letzte, was", never "das Letzte, das"."""
    assert [where for where, text in content_strings() if "Letzte, das" in text] == []


# --- the source's answers on the projector ---------------------------------------------------------------------


def fear(fear_id: str):
    return next(f for f in WORKSHOP.fears if f.id == fear_id)


def test_does_the_slide_of_not_connected_say_that_these_talks_build_the_network_rather_than_need_it():
    slide = fear("not-connected").slide
    assert slide.reframe is not None and slide.why_it_feels_true is not None
    assert "kein Netzwerk voraus" in slide.reframe["de"] and "bauen eines auf" in slide.reframe["de"]
    assert "network" in slide.reframe["en"] and "build" in slide.reframe["en"]
    assert "Wunsch" in slide.why_it_feels_true["de"] and "already know" in slide.why_it_feels_true["en"]


def test_does_the_slide_of_not_good_at_networking_say_a_conversation_with_a_purpose_no_small_talk_marathon():
    slide = fear("not-good-at-networking").slide
    assert slide.reframe is not None and slide.why_it_feels_true is not None
    assert "Zweck" in slide.reframe["de"] and "Smalltalk-Marathon" in slide.reframe["de"]
    assert "purpose" in slide.reframe["en"] and "small-talk marathon" in slide.reframe["en"]
    assert "Pausen" in slide.why_it_feels_true["de"] and "pauses" in slide.why_it_feels_true["en"]


# --- the channel facts of today --------------------------------------------------------------------------------


def channel(channel_id: str):
    return next(c for c in WORKSHOP.outreach.channels if c.id == channel_id)


def test_does_a_linkedin_note_allow_200_characters_from_a_free_account_and_300_with_premium():
    linkedin = channel("linkedin")
    assert (linkedin.max_chars, linkedin.premium_max_chars) == (200, 300)
    for language in ("de", "en"):
        assert "200" in linkedin.hint[language] and "300" in linkedin.hint[language]


#: sentences that would make XING the bigger network in the German-speaking countries, which it no longer is
XING_AS_BIGGER = ("eher auf XING als auf LinkedIn", "on XING rather than LinkedIn", "XING: stark", "XING: strong")


def test_where_the_content_compares_the_networks_is_linkedin_the_larger_one_in_the_german_speaking_countries():
    texts = list(content_strings())
    assert [(where, text) for where, text in texts if any(claim in text for claim in XING_AS_BIGGER)] == []
    xing_section = next(s for s in WORKSHOP.follow_through.finding.sections if s.id == "xing")
    assert "LinkedIn" in xing_section.text["de"] and "mehr Mitglieder" in xing_section.text["de"]
    assert "LinkedIn" in xing_section.text["en"] and "more members" in xing_section.text["en"]
    for language, larger in (("de", "mehr Mitglieder"), ("en", "more members")):
        assert larger in channel("xing").hint[language]


# --- the advice a coach expects --------------------------------------------------------------------------------


def test_does_not_ready_say_what_not_to_ask_and_offer_a_tactful_question_about_pay():
    instructions = fear("not-ready").exercise.instructions
    assert "nicht um eine Stelle" in instructions["de"] and "Gehaltsspanne" in instructions["de"]
    assert "not for a job" in instructions["en"] and "salary range" in instructions["en"]
    questions = next(f for f in fear("not-ready").exercise.fields if f.id == "questions")
    assert questions.help is not None
    assert "„warum“" not in questions.help["de"] and "“why”" not in questions.help["en"], "why: a reproach"


def test_does_the_bank_ask_about_pay_for_the_field_never_for_the_persons_own_salary():
    pay = [q for q in WORKSHOP.bank.questions if "Gehalt" in q.text["de"]]
    assert len(pay) == 1 and "salary" in pay[0].text["en"]
    assert "spanne" in pay[0].text["de"] and "verdienen Sie" not in pay[0].text["de"]
    assert pay[0].family == "culture"


def test_does_the_plan_end_with_a_line_that_keeps_time():
    first = WORKSHOP.bank.frame.closing[0]
    assert "Zeit ist fast um" in first["de"] and "dir" in first["de_informal"]
    assert "nearly up" in first["en"]


def test_does_not_good_at_networking_say_how_to_keep_time_and_when_45_minutes_are_right():
    reframe = fear("not-good-at-networking").reframe
    assert "Uhr" in reframe["de"] and "45 Minuten" in reframe["de"]
    assert "clock" in reframe["en"] and "45 minutes" in reframe["en"]


def test_does_a_no_or_a_not_now_get_an_answer_in_the_weeks_after():
    answers = WORKSHOP.follow_through.stalled["no"]
    assert any("„Gerade nicht“" in a.text["de"] for a in answers)
    assert any("“not now”" in a.text["en"] for a in answers)


def test_does_the_cold_example_say_why_this_person():
    """ "I read about X" says how you found them; the example also says why they are the one to ask."""
    cold = next(r for r in WORKSHOP.bank.relationships if r.id == "cold")
    assert "die ich machen möchte" in cold.connection_example["de"] and "I want to do" in cold.connection_example["en"]


# --- psychological safety --------------------------------------------------------------------------------------


def test_may_a_participant_only_observe_and_do_the_role_play_texts_say_so():
    intro = WORKSHOP.ui.strings["roleplay.intro"]
    assert "nur beobachten" in intro["de"] and "only observe" in intro["en"]
    notes = WORKSHOP.role_cards.facilitator.notes
    assert "nur beobachten" in notes["de"] and "only observe" in notes["en"]


def test_does_the_persona_from_youth_welfare_come_with_a_content_note_and_only_she():
    noted = {p.id: p.content_note for p in WORKSHOP.role_cards.personas if p.content_note is not None}
    assert list(noted) == ["youth-welfare-social-worker"]
    note = noted["youth-welfare-social-worker"]
    assert "Kinder" in note["de"] and "child" in note["en"]
    assert "andere Karte" in note["de"] and "another card" in note["en"], "the note says there is a way out"


def test_are_there_ways_for_people_who_are_anxious_stammer_or_are_hard_of_hearing():
    reframe = fear("not-good-at-networking").reframe
    for language, words in (
        ("de", ("schriftlich", "Videoanruf", "Untertitel", "stottern", "schwerhörig")),
        ("en", ("in writing", "video call", "captions", "stammer", "hard of hearing")),
    ):
        assert all(word in reframe[language] for word in words), language
