"""Do the plan's messages read right when a participant fills the builder the way the screen's examples show?

Every relationship, both languages, formal and first-name terms, every kind of message and channel: the
drafts are checked the way a careful reader would (no doubled words, no „zu der“, no sentence starting in
lower case, no formal „Sie“ in a „du“ message, e-mails under 100 words, LinkedIn and XING notes within 300
characters).
"""

from __future__ import annotations

import itertools
import re

import pytest

from coffeechat.builder import PlanRequest
from coffeechat.content import load_workshop
from coffeechat.outreach import channels_for, compose, informal, opening_lines, sentence, unfilled

WORKSHOP = load_workshop()
LANGUAGES = WORKSHOP.languages
#: placeholders a draft leaves for the participant on purpose (the page lists them)
LEFT_OPEN = {"introducer", "what_happened"}
NAMES = {"de": "Anna Berg", "en": "Anna Berg"}


def screen_example(key: str, language: str, first_names: bool = False) -> str:
    """The example a builder label shows: „…“ or “…” after „z. B.“ / "e.g.", else what follows it.

    A label with a second example for first-name terms („z. B. Frau Ölmez; per Du: Deniz“) gives that one
    for ``first_names``.
    """
    label = WORKSHOP.t(key, language, example="")
    quoted = re.search(r"(?:z\. B\.|e\.g\.) [„“](.+?)[“”]\)", label)
    if quoted:
        return quoted.group(1)
    formal, _, familiar = re.search(r"(?:z\. B\.|e\.g\.) (.+?)\)", label).group(1).partition("; ")
    return familiar.split(": ", 1)[1] if first_names and familiar else formal


def example_request(relationship, language: str, goals=("understand-role", "get-in"), **changes) -> PlanRequest:
    """The builder filled in with the screen's own examples, for one relationship."""
    return PlanRequest(
        contact_name=screen_example("builder.contact_name", language, bool(changes.get("informal"))),
        contact_role=screen_example("builder.contact_role", language),
        field=screen_example("builder.field", language),
        my_name=NAMES[language],
        my_situation=screen_example("builder.my_situation", language),
        connection=relationship.connection_example[language],
        relationship=relationship.id,
        goals=goals,
        minutes=20,
        **changes,
    )


def reading_problems(text: str, language: str, first_names: bool) -> list[str]:
    """What a careful reader would stumble over in a draft."""
    problems = []
    words = re.findall(r"[\wÄÖÜäöüß’'-]+", text.lower())
    problems += [f"doubled word {a!r}" for a, b in itertools.pairwise(words) if a == b]
    for pattern, what in [
        (r"\.\s*\.", "two full stops"),
        (r" [,.;:!?]", "a space before punctuation"),
        (r"[^\n ] {2,}\S", "two spaces"),
        (r"[.!?] [a-zäöüß]", "a sentence starting in lower case"),
        (r"^(Guten Tag|Hallo|Hello|Hi|Dear) [^,\n]+, (Wir|Ich|We) ", "a capital after the greeting's comma"),
        (r"\{(?!introducer\}|what_happened\})[a-z_]+\}", "an unfilled placeholder"),
    ]:
        problems += [f"{what}: {m.group(0)!r}" for m in re.finditer(pattern, text)]
    if language == "de":
        problems += [
            f"no contraction: {m.group(0)!r}"
            for m in re.finditer(r"\b(zu der|zu dem|bei dem|von dem|an dem|in dem)\b", text)
        ]
        formal, familiar = r"\b(Sie|Ihnen|Ihre[mnrs]?|Ihr)\b", r"\b(du|dich|dir|dein\w*|euer|eure\w*)\b"
        wrong = familiar if not first_names else formal
        problems += [f"wrong register: {m.group(0)!r}" for m in re.finditer(wrong, text)]
    if language == "en":
        problems += [f"missing article: {m.group(0)!r}" for m in re.finditer(r"\bwork as (?!a\b|an\b)\w+", text)]
    return problems


CASES = [
    (relationship, language, first_names, kind.id, channel.id)
    for relationship in WORKSHOP.bank.relationships
    for language in LANGUAGES
    for first_names in (False, True)
    for kind in WORKSHOP.outreach.kinds
    for channel in channels_for(WORKSHOP, kind.id)
]


@pytest.mark.parametrize(
    ("relationship", "language", "first_names", "kind", "channel"),
    CASES,
    ids=[f"{r.id}-{lang}-{'du' if f else 'Sie'}-{k}-{c}" for r, lang, f, k, c in CASES],
)
def test_a_draft_filled_with_the_screens_examples_reads_right(relationship, language, first_names, kind, channel):
    request = example_request(relationship, language, informal=first_names)
    learned = "Quereinsteigende zählen im Team" if language == "de" else "career changers count on the team"
    next_step = "mich für die Herbstbefragung melden" if language == "de" else "sign up for the autumn survey"
    draft = compose(WORKSHOP, kind, request, channel, language, learned, next_step)
    text = draft.as_text()
    assert reading_problems(text, language, first_names) == []
    assert set(unfilled(text)) <= LEFT_OPEN
    if "{connection}" in next(t for t in WORKSHOP.outreach.templates if t.id == draft.template_id).body[language]:
        assert relationship.connection_example[language] in text, "the participant's sentence stays whole"
    limit = next(c for c in WORKSHOP.outreach.channels if c.id == channel).max_chars
    if limit:
        assert len(text) <= limit, f"{len(text)} characters, the channel takes {limit}"
    if channel == "email" and kind in ("outreach", "introduction", "nudge"):
        assert len(draft.body.split()) < 100, f"{len(draft.body.split())} words: short asks get answers"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", ["linkedin", "xing"])
def test_a_note_with_every_goal_still_fits_its_limit(language, channel):
    """Three or five goals used to make the LinkedIn note 301/300 characters."""
    goals = tuple(g.id for g in WORKSHOP.bank.goals)
    for relationship, count in itertools.product(WORKSHOP.bank.relationships, (3, len(goals))):
        request = example_request(relationship, language, goals=goals[:count])
        text = compose(WORKSHOP, "outreach", request, channel, language).as_text()
        assert len(text) <= 300, (relationship.id, count, len(text))
        assert reading_problems(text, language, informal(WORKSHOP, request)) == []


def test_the_old_alumni_draft_would_have_been_caught():
    """The sentence the issue quotes, as the checks above read it."""
    old = "Guten Tag Frau Ölmez, ich habe wie Sie Wir haben beide an der TU Dresden studiert studiert."
    assert any("doubled word" in p for p in reading_problems(old, "de", False))
    assert any("missing article" in p for p in reading_problems("your work as UX designer", "en", False))
    assert any("contraction" in p for p in reading_problems("Fragen zu der Arbeitskultur", "de", False))


def test_former_colleagues_are_written_to_on_first_name_terms_unless_the_participant_says_otherwise():
    colleague = next(r for r in WORKSHOP.bank.relationships if r.id == "former-colleague")
    request = example_request(colleague, "de")
    assert compose(WORKSHOP, "outreach", request, "email", "de").body.startswith("Hallo ")
    formal = example_request(colleague, "de", informal=False)
    assert compose(WORKSHOP, "outreach", formal, "email", "de").body.startswith("Guten Tag ")


def test_a_sentence_slot_gets_its_capital_and_its_full_stop_once():
    assert sentence("  wir haben beide in Kiel studiert ") == "Wir haben beide in Kiel studiert."
    assert sentence("Wir kennen uns vom Karrieretag!") == "Wir kennen uns vom Karrieretag!"
    assert sentence("") == ""


def test_the_opening_carries_what_the_participant_wrote_about_opening_a_conversation():
    request = PlanRequest(minutes=20, goals=("get-in",))
    answers = {
        "not-good-at-networking.exercise.warm-up": ["thanks"],
        "not-good-at-networking.exercise.opener": "Ich habe acht Jahre im Einzelhandel gearbeitet.",
    }
    lines = opening_lines(WORKSHOP, request, answers, "de")
    assert lines[0] == "„Vielen Dank, dass Sie sich die Zeit nehmen.“"
    assert lines[1] == "Ich habe acht Jahre im Einzelhandel gearbeitet."
    assert lines[2].startswith("Vielen Dank, dass Sie sich heute 20 Minuten"), "the plan's transition stands in"
    answers["not-good-at-networking.exercise.transition"] = "Darf ich gleich mit meiner ersten Frage beginnen?"
    assert opening_lines(WORKSHOP, request, answers, "de")[-1] == "Darf ich gleich mit meiner ersten Frage beginnen?"
