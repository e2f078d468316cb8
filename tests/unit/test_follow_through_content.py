"""The follow-through's content (issue 28): does it load, complete in German and English, does every stalled
contact find a short reframe of a fear the workshop has, does the follow-up session fill its 45 minutes, and is
broken content reported precisely?"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from coffeechat.content import (
    AFTER_CONVERSATION_KINDS,
    DEFAULT_CONTENT_DIR,
    FOLLOW_THROUGH_FILE,
    REFRAME_MAX_CHARS,
    REFRAME_MAX_SENTENCES,
    STALL_REASONS,
    FollowThrough,
    check_directory,
    load_workshop,
    sentences,
)
from coffeechat.models.followup import ENTRY_STAGES, Contact, Step, next_stages
from coffeechat.models.followup_rhythm import NUDGE_AFTER, SECOND_PERSON_AFTER, stall_reason

LANGUAGES = ("de", "en")


def edit_follow_through(directory: Path, change) -> None:
    path = directory / FOLLOW_THROUGH_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_of(directory: Path) -> list[tuple[str, str, str | None, str]]:
    return [(p.file, p.field, p.language, p.message) for p in check_directory(directory)]


@pytest.fixture(scope="module")
def follow() -> FollowThrough:
    return load_workshop().follow_through


def _reasons_the_model_gives() -> set[str]:
    """Every stall reason ``stall_reason`` gives, found by walking every history the model allows (up to eight
    steps, a week apart) and asking about it a year later."""
    start, later = dt.date(2026, 1, 5), dt.date(2027, 1, 4)
    found: set[str] = set()
    histories = [(Step(stage=stage, day=start),) for stage in ENTRY_STAGES]
    while histories:
        history = histories.pop()
        contact = Contact(id="c-1", organisation="Stadtwerke", history=history)
        reason = stall_reason(contact, later)
        if reason is not None:
            found.add(reason)
        if len(history) < 8:
            day = history[-1].day + dt.timedelta(weeks=1)
            histories += [(*history, Step(stage=stage, day=day)) for stage in next_stages(contact)]
    return found


# --- the shipped content -------------------------------------------------------------------------------


def test_does_the_shipped_follow_through_load_with_no_problem_in_any_file():
    assert check_directory(DEFAULT_CONTENT_DIR) == []
    assert isinstance(load_workshop().follow_through, FollowThrough)


def test_does_every_stall_reason_the_model_gives_have_reframes(follow: FollowThrough):
    given = _reasons_the_model_gives()
    assert given == set(STALL_REASONS) == {"no-reply", "no"}
    for reason in given:
        assert len(follow.stalled[reason]) >= 2, f"{reason}: one reframe would repeat for every stalled contact"


def test_is_every_reframe_for_a_fear_of_the_workshop_and_at_most_two_short_sentences(follow: FollowThrough):
    fears = {fear.id for fear in load_workshop().fears}
    assert fears == {"not-ready", "not-connected", "not-good-at-networking", "regret"}
    for reason, reframes in follow.stalled.items():
        for reframe in reframes:
            assert reframe.fear in fears
            for language in LANGUAGES:
                text = reframe.text[language]
                assert 1 <= len(sentences(text)) <= REFRAME_MAX_SENTENCES, (reason, language, text)
                assert len(text) <= REFRAME_MAX_CHARS, (reason, language, text)


def test_do_several_stalled_contacts_read_different_lines_in_turn(follow: FollowThrough):
    workshop = load_workshop()
    for reason in STALL_REASONS:
        variants = follow.stalled[reason]
        assert len({v.text["de"] for v in variants}) == len(variants)
        assert len({v.text["en"] for v in variants}) == len(variants)
        turns = [workshop.stall_reframe(reason, turn) for turn in range(len(variants) + 1)]
        assert turns[: len(variants)] == list(variants)
        assert turns[-1] == variants[0]  # then round again
    with pytest.raises(KeyError):
        workshop.stall_reframe("lost-interest")


def test_does_the_follow_up_session_fill_its_45_minutes(follow: FollowThrough):
    """Five minutes of arrival (the format's, with the console's "open the room"), then the run sheet's 40."""
    session = follow.session
    assert session.minutes == 40
    assert session.facilitator.step_minutes == 40
    later = load_workshop().manifest
    [fmt] = [f for f in later.formats if f.id == "two-weeks-later"]
    assert (fmt.minutes, fmt.arrival_minutes, fmt.modules) == (45, 5, ("follow-through",))
    assert len(session.facilitator.steps) >= 5
    assert session.bring, "what participants bring"


def test_does_the_intro_explain_the_3b7_rhythm_with_the_models_numbers(follow: FollowThrough):
    assert (SECOND_PERSON_AFTER, NUDGE_AFTER) == (3, 7)
    words = {"de": ("drei", "sieben"), "en": ("three", "seven")}
    for language, (three, seven) in words.items():
        assert three in follow.rhythm.second_person[language].lower()
        assert seven in follow.rhythm.nudge[language].lower()
        assert "zwei" in follow.rhythm.weekly_goal["de"].lower() or "two" in follow.rhythm.weekly_goal["en"].lower()


def test_can_a_participant_act_on_each_way_of_finding_contacts(follow: FollowThrough):
    sections = {section.id: section for section in follow.finding.sections}
    assert {"linkedin-alumni", "xing", "alumni-associations", "company-pages", "before-writing", "respect"} <= set(
        sections
    )
    for section in sections.values():
        assert 2 <= len(section.steps) <= 4
        for language in LANGUAGES:
            assert 2 <= len(sentences(section.text[language])) <= 3, (section.id, language)
    assert "Alumni" in " ".join(step["de"] for step in sections["linkedin-alumni"].steps)
    assert "XING" in sections["xing"].title["de"]


def test_does_the_reflection_ask_what_was_learned_what_surprised_what_next_and_whom_they_suggested(
    follow: FollowThrough,
):
    after = follow.after_conversation
    ids = [prompt.id for prompt in after.prompts]
    assert ids == ["learned", "surprised", "try-next", "suggested"]
    assert after.suggested == "suggested"
    for prompt in after.prompts:
        assert prompt.kind in AFTER_CONVERSATION_KINDS
        assert prompt.placeholder is not None


def test_does_the_privacy_text_say_the_contacts_stay_with_the_participant(follow: FollowThrough):
    assert "Projektor" in follow.privacy["de"] or "Beamer" in follow.privacy["de"]
    assert "projector" in follow.privacy["en"]
    assert "gelöscht" in follow.privacy["de"] and "erase" in follow.privacy["en"]


def test_is_the_german_formal_and_quoted_the_german_way(follow: FollowThrough):
    german = yaml.safe_load((DEFAULT_CONTENT_DIR / FOLLOW_THROUGH_FILE).read_text(encoding="utf-8"))
    texts: list[str] = []

    def collect(node):
        if isinstance(node, dict):
            if "de" in node and isinstance(node["de"], str):
                texts.append(node["de"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(german)
    joined = " ".join(texts)
    assert " Sie " in joined
    for informal in (" du ", " dich ", " dir ", " dein"):
        assert informal not in joined.lower(), informal
    assert '"' not in joined and "”" not in joined
    assert joined.count("„") == joined.count("“")  # „each quote“ opens low and closes high


# --- how a sentence is counted -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Ein „Nein“ ist eine Antwort. Fragen Sie, wen Sie noch fragen könnten.", 2),
        ("Schreiben Sie z. B. einer zweiten Person.", 1),
        ("Look at www.xing.com first. Then write.", 2),
        ("One. Two! Three?", 3),
        ("“No” is an answer.” Then ask again", 2),
        ("Am 3. Tag", 2),
        ("No full stop at the end", 1),
        ("   ", 0),
    ],
)
def test_how_many_sentences_does_a_check_count(text: str, count: int):
    assert len(sentences(text)) == count


# --- broken content, reported precisely -------------------------------------------------------------------


def test_is_a_missing_english_text_reported_with_file_field_and_language(content_copy: Path):
    edit_follow_through(content_copy, lambda d: d["privacy"].pop("en"))
    assert problems_of(content_copy) == [(FOLLOW_THROUGH_FILE, "privacy", "en", "missing translation")]


def test_is_a_missing_english_step_deep_in_a_section_reported_where_it_is(content_copy: Path):
    edit_follow_through(content_copy, lambda d: d["finding"]["sections"][1]["steps"][0].pop("en"))
    assert problems_of(content_copy) == [
        (FOLLOW_THROUGH_FILE, "finding.sections.1.steps.0", "en", "missing translation")
    ]


def test_is_a_reframe_for_an_unknown_fear_reported(content_copy: Path):
    edit_follow_through(content_copy, lambda d: d["stalled"]["no"][0].update(fear="not-brave"))
    [(file, field, language, message)] = problems_of(content_copy)
    assert (file, field, language) == (FOLLOW_THROUGH_FILE, "stalled.no.0.fear", None)
    assert message.startswith("unknown fear id 'not-brave' (not-connected, not-good-at-networking, not-ready")


def test_is_a_three_sentence_reframe_reported_in_its_language(content_copy: Path):
    def lecture(data):
        data["stalled"]["no-reply"][1]["text"]["de"] = "Keine Antwort. Das ist normal. Schreiben Sie weiter."

    edit_follow_through(content_copy, lecture)
    assert problems_of(content_copy) == [
        (FOLLOW_THROUGH_FILE, "stalled.no-reply.1.text", "de", "3 sentences; a reframe here has at most 2")
    ]


def test_is_a_reframe_too_long_to_read_in_passing_reported(content_copy: Path):
    def long(data):
        data["stalled"]["no"][0]["text"]["en"] = "A reframe that goes on " + "and on " * 50 + "without a full stop."

    edit_follow_through(content_copy, long)
    [(file, field, language, message)] = problems_of(content_copy)
    assert (file, field, language) == (FOLLOW_THROUGH_FILE, "stalled.no.0.text", "en")
    assert message.endswith(f"characters; a reframe here has at most {REFRAME_MAX_CHARS}")


def test_is_a_stall_reason_without_reframes_reported(content_copy: Path):
    edit_follow_through(content_copy, lambda d: d["stalled"].pop("no-reply"))
    assert problems_of(content_copy) == [
        (FOLLOW_THROUGH_FILE, "stalled.no-reply", None, "no reframe for this stall reason")
    ]


def test_is_a_stall_reason_the_model_never_gives_refused(content_copy: Path):
    edit_follow_through(content_copy, lambda d: d["stalled"].update({"ghosted": d["stalled"]["no"]}))
    [(file, field, _, message)] = problems_of(content_copy)
    assert (file, field) == (FOLLOW_THROUGH_FILE, "stalled.ghosted.[key]")
    assert "'no-reply' or 'no'" in message


def test_may_a_coach_write_the_stall_reason_no_without_quotes(content_copy: Path):
    path = content_copy / FOLLOW_THROUGH_FILE
    text = path.read_text(encoding="utf-8")
    assert '\n  "no":\n' in text
    path.write_text(text.replace('\n  "no":\n', "\n  no:\n"), encoding="utf-8")  # YAML reads a bare no as false
    assert check_directory(content_copy) == []
    assert load_workshop(content_copy).stall_reframe("no").fear == "not-good-at-networking"


def test_is_a_run_sheet_that_does_not_add_up_reported_with_its_sum(content_copy: Path):
    edit_follow_through(content_copy, lambda d: d["session"]["facilitator"]["steps"][0].update(minutes=1))
    [(file, field, language, message)] = problems_of(content_copy)
    assert (file, field, language) == (FOLLOW_THROUGH_FILE, "session.facilitator.steps", None)
    assert message.startswith("the steps add up to ") and message.endswith(" minutes, not 40 (session.minutes)")


def test_is_a_rating_among_the_after_conversation_prompts_refused(content_copy: Path):
    def scale(data):
        data["after_conversation"]["prompts"][0].update(kind="scale")

    edit_follow_through(content_copy, scale)
    [(file, field, _, message)] = problems_of(content_copy)
    assert (file, field) == (FOLLOW_THROUGH_FILE, "after_conversation")
    assert message == "prompt 'learned' is a scale prompt; here a prompt is text or list"


def test_must_the_suggested_people_be_a_list_prompt(content_copy: Path):
    edit_follow_through(content_copy, lambda d: d["after_conversation"].update(suggested="learned"))
    [(file, field, _, message)] = problems_of(content_copy)
    assert (file, field) == (FOLLOW_THROUGH_FILE, "after_conversation")
    assert message == "suggested: 'learned' is not the id of a list prompt here"


def test_is_a_finding_section_with_one_step_only_refused(content_copy: Path):
    edit_follow_through(
        content_copy, lambda d: d["finding"]["sections"][0].update(steps=d["finding"]["sections"][0]["steps"][:1])
    )
    [(file, field, _, message)] = problems_of(content_copy)
    assert (file, field) == (FOLLOW_THROUGH_FILE, "finding.sections.0.steps")
    assert "at least 2 items" in message


def test_is_every_problem_of_the_file_reported_at_once(content_copy: Path):
    def break_all(data):
        data["privacy"].pop("en")
        data["stalled"]["no"][0]["fear"] = "not-brave"
        data["stalled"]["no-reply"][0]["text"]["en"] = "One. Two. Three."
        data["session"]["minutes"] = 60

    edit_follow_through(content_copy, break_all)
    fields = {field for _, field, _, _ in problems_of(content_copy)}
    assert fields == {"privacy", "stalled.no.0.fear", "stalled.no-reply.0.text", "session.facilitator.steps"}


def test_is_a_missing_follow_through_file_reported(content_copy: Path):
    (content_copy / FOLLOW_THROUGH_FILE).unlink()
    assert problems_of(content_copy) == [(FOLLOW_THROUGH_FILE, "", None, f"file {FOLLOW_THROUGH_FILE} not found")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_do_the_two_lists_of_people_have_names_that_tell_them_apart(language: str):
    """A walk met two lists called „Meine Kontakte“: fear 2's map of whom the participant knows and the weeks
    after's people they write to. Each has its own name, and the weeks after's texts point to its step by it."""
    workshop = load_workshop()
    known = {f.label[language] for f in workshop.fear("not-connected").exercise.fields if f.kind == "table"}
    writing = workshop.t("followup.step.contacts", language)
    assert writing not in known, "the same name for two lists"
    assert workshop.t("followup.export_heading", language) == writing, "the take-home names the list as the step"
    for key in ("followup.greeting_empty", "followup.greeting_empty_no_plan", "followup.second_added"):
        assert writing in workshop.t(key, language, organisation="X"), f"{key} points to the step by its name"
