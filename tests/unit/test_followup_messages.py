"""Does every moment of the weeks after the workshop get the right message, from the builder's content and rules?

For every due item that asks the participant to write (the request, the second person at the same
organisation, the nudge, the replies to a yes, a "not now" and a no, a new date after a missed meeting, the
thank-you, the update, the check-in after a "not now"), on every channel, in German and English, formal and on
first-name terms: a draft addressed by name, no raw ``{placeholder}``, within what the channel allows, read the
way a careful reader would (:func:`tests.unit.test_outreach.reading_problems`). The builder's messages step
keeps its six messages; a broken content file says what is wrong.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coffeechat.content import DEFAULT_CONTENT_DIR, MESSAGE_KINDS, check_directory, load_workshop
from coffeechat.models.builder import PlanRequest, first_name
from coffeechat.models.followup import Contact, Step
from coffeechat.models.followup_messages import (
    DUE_MESSAGE,
    REPLY_MESSAGE,
    compose_message,
    gaps,
    message_for,
)
from coffeechat.models.followup_rhythm import DUE_KINDS, due
from coffeechat.models.outreach import PLACEHOLDER, message_ids, take_home_messages, text_length
from tests.unit.test_content import edit_yaml
from tests.unit.test_outreach import reading_problems

WORKSHOP = load_workshop()
LANGUAGES = WORKSHOP.languages
WRITTEN = [c.id for c in WORKSHOP.outreach.channels if not c.spoken]
#: the builder's six messages, in the content's order
BUILDER_MESSAGES = ["outreach", "introduction", "phone", "nudge", "thank-you", "update"]

#: long but real: a title and a double name with umlauts, an organisation with an ampersand and umlauts
LONG_NAME = "Dr. Aylin Özdemir-Schäfer"
ORGANISATION = "Böhm & Krüger Stadtentwicklung GmbH"
ROLE = {"de": "Leiterin Nachhaltigkeit und Unternehmensentwicklung", "en": "Head of Sustainability and Strategy"}
#: what the page asks for above a draft, filled as a participant would, at realistic length
EXTRA = {
    "de": {
        "my_situation": "Nach zwölf Jahren in der Pflege studiere ich berufsbegleitend Gesundheitsmanagement in Kiel.",
        "connection": "Wir haben uns im März beim Karrieretag der Hochschule Bremen über Verkehrsplanung unterhalten.",
        "field": "öffentlicher Personennahverkehr",
        "time_slots": "Dienstag, 9. Dezember, 10 Uhr, Mittwoch, 10. Dezember, 15 Uhr "
        "oder Freitag, 12. Dezember, 9:30 Uhr",
        "place": "Café Rösterei am Hauptbahnhof, Bahnhofstraße 12, oder per Video: https://meet.jit.si/kaffee-gespraech",
        "second_name": "Prof. Jan-Hendrik Bäumer-Nguyen",
        "learned": "Quereinsteigende zählen im Team",
        "my_next_step": "mich für die Herbstbefragung melden",
        "what_happened": "ich habe mich auf die Stelle im Planungsamt beworben",
    },
    "en": {
        "my_situation": "After twelve years in nursing I am studying healthcare management part-time in Manchester.",
        "connection": "We talked about mobility planning at the University of Leeds careers fair in March.",
        "field": "public transport and urban mobility",
        "time_slots": "Tuesday 9 December at 10 am, Wednesday 10 December at 3 pm or Friday 12 December at 9.30 am",
        "place": "the Roastery café at the main station, 12 Station Road, or by video: https://meet.jit.si/coffee-chat",
        "second_name": "Prof. Jan-Hendrik Bäumer-Nguyen",
        "learned": "career changers count on the team",
        "my_next_step": "sign up for the autumn survey",
        "what_happened": "I applied for the post in the planning office",
    },
}
MY_NAME = "Maria-Luisa Hernández García"
DAY = dt.date(2026, 12, 1)

#: for each due kind, a history that makes it due (the stages that lead to it)
LEADS_TO = {
    "request": ("to-write",),
    "find-person": ("to-write",),
    "second-person": ("to-write", "written"),
    "nudge": ("to-write", "written"),
    "reply-yes": ("written", "replied-yes"),
    "reply-not-now": ("written", "replied-not-now"),
    "reply-no": ("written", "replied-no"),
    "reschedule": ("written", "replied-yes", "scheduled", "no-show"),
    "thank-you": ("written", "replied-yes", "scheduled", "met"),
    "update": ("written", "replied-yes", "scheduled", "met", "thanked"),
}


def contact_at(due_kind: str, language: str, relationship: str = "cold", channel: str = "email") -> Contact:
    history = tuple(Step(stage=stage, day=DAY) for stage in LEADS_TO[due_kind])
    looking = due_kind == "find-person"  # an organisation where no one has a name yet
    return Contact(
        id="c-1",
        kind="organisation" if looking else "person",
        name="" if looking else LONG_NAME,
        role=ROLE[language],
        organisation=ORGANISATION,
        relationship=relationship,
        channel=channel,
        history=history,
    )


CASES = [
    (kind, channel, language, first_names)
    for kind in DUE_KINDS
    if DUE_MESSAGE[kind]
    for channel in WRITTEN
    for language in LANGUAGES
    for first_names in (False, True)
]


def test_does_the_table_say_for_every_due_kind_which_message_it_asks_for():
    assert set(DUE_MESSAGE) == set(DUE_KINDS)
    kinds = {k.id for k in (*WORKSHOP.outreach.kinds, *WORKSHOP.outreach.follow_through_kinds)}
    for due_kind, message_kinds in DUE_MESSAGE.items():
        assert set(message_kinds) <= kinds, due_kind
        assert set(message_kinds) <= MESSAGE_KINDS, "coffeechat check makes sure the content keeps them"
    assert set(REPLY_MESSAGE.values()) <= kinds & MESSAGE_KINDS


def test_is_every_table_entry_due_for_the_history_that_leads_to_it():
    for due_kind in LEADS_TO:
        found = due([contact_at(due_kind, "de")], DAY + dt.timedelta(weeks=8))
        assert due_kind in {item.kind for item in found}, (due_kind, found)


@pytest.mark.parametrize(
    ("due_kind", "channel", "language", "first_names"),
    CASES,
    ids=[f"{k}-{c}-{lang}-{'du' if f else 'Sie'}" for k, c, lang, f in CASES],
)
def test_is_the_message_for_each_moment_addressed_complete_and_within_its_channel(
    due_kind, channel, language, first_names
):
    contact = contact_at(due_kind, language, channel=channel)
    made = message_for(
        WORKSHOP, contact, due_kind, language, my_name=MY_NAME, first_names=first_names, extra=EXTRA[language]
    )
    text = made.text
    assert made.kind in DUE_MESSAGE[due_kind] and made.channel == channel
    who = EXTRA[language]["second_name"] if due_kind == "second-person" else LONG_NAME
    assert (first_name(who) if first_names else who) in text, "addressed by name"
    assert not PLACEHOLDER.search(text), text
    assert made.draft.missing == (), "every value the draft needs was given"
    assert reading_problems(text, language, first_names) == []
    assert made.check.over == 0, f"{made.check.length} of {made.check.limit}: {text}"
    if made.check.limit and made.check.limit.unit == "characters":
        assert text_length(text) <= made.check.limit.most
    assert text.rstrip().endswith(MY_NAME), "signed"
    if due_kind == "second-person":
        assert ORGANISATION in text and LONG_NAME not in text, "to someone new there, not about the first"


@pytest.mark.parametrize("language", LANGUAGES)
def test_does_a_reply_to_a_yes_offer_the_times_the_place_and_a_confirmation(language):
    made = message_for(
        WORKSHOP, contact_at("reply-yes", language), "reply-yes", language, my_name=MY_NAME, extra=EXTRA[language]
    )
    assert EXTRA[language]["time_slots"] in made.text and EXTRA[language]["place"] in made.text
    assert ("Bestätigung" if language == "de" else "confirmation") in made.text
    assert made.draft.subject, "an e-mail has its subject line"


@pytest.mark.parametrize("language", LANGUAGES)
def test_does_a_new_date_after_a_missed_meeting_name_the_day_it_was_missed(language):
    contact = contact_at("reschedule", language)
    made = message_for(WORKSHOP, contact, "reschedule", language, my_name=MY_NAME, extra=EXTRA[language])
    assert ("1. Dezember 2026" if language == "de" else "1 December 2026") in made.text
    assert EXTRA[language]["time_slots"] in made.text


def test_is_the_register_the_relationships_unless_the_participant_says_otherwise():
    """A former colleague is on first-name terms, a cold contact formal, as in the builder; a second person
    at the same organisation is someone new: formal, whoever the first was."""
    colleague = contact_at("reply-no", "de", relationship="former-colleague")
    assert "Hallo Aylin" in message_for(WORKSHOP, colleague, "reply-no", "de", my_name=MY_NAME).text
    cold = contact_at("reply-no", "de")
    assert f"Guten Tag {LONG_NAME}" in message_for(WORKSHOP, cold, "reply-no", "de", my_name=MY_NAME).text
    assert "Hallo Aylin" in message_for(WORKSHOP, cold, "reply-no", "de", my_name=MY_NAME, first_names=True).text
    second = contact_at("second-person", "de", relationship="former-colleague")
    made = message_for(WORKSHOP, second, "second-person", "de", my_name=MY_NAME, extra=EXTRA["de"])
    assert made.text.splitlines()[2].startswith("Guten Tag Prof. Jan-Hendrik"), made.text


def test_does_a_value_not_given_yet_read_as_missing_in_words_never_as_a_placeholder():
    made = message_for(WORKSHOP, contact_at("reply-yes", "de"), "reply-yes", "de")
    assert set(made.draft.missing) == {"time_slots", "place", "my_name"}
    assert "[Terminvorschläge fehlen]" in made.text and not PLACEHOLDER.search(made.text)


def test_does_a_contact_i_call_get_the_phone_opener_and_written_messages_by_email():
    phoned = contact_at("request", "de", channel="phone")
    opener = message_for(WORKSHOP, phoned, "request", "de", my_name=MY_NAME, extra=EXTRA["de"])
    assert (opener.kind, opener.channel) == ("phone", "phone")
    reply = message_for(WORKSHOP, contact_at("reply-yes", "de", channel="phone"), "reply-yes", "de")
    assert reply.channel == "email"


def test_does_the_participant_choose_the_channel_where_the_message_has_one():
    contact = contact_at("nudge", "en")
    assert message_for(WORKSHOP, contact, "nudge", "en", channel="xing").channel == "xing"
    assert message_for(WORKSHOP, contact, "nudge", "en", channel="phone").channel == "email"


def test_is_a_not_now_answered_at_once_and_checked_in_on_four_weeks_later():
    contact = contact_at("reply-not-now", "de")
    answer = compose_message(WORKSHOP, contact, REPLY_MESSAGE["replied-not-now"], "de", my_name=MY_NAME)
    check_in = message_for(WORKSHOP, contact, "reply-not-now", "de", my_name=MY_NAME, extra=EXTRA["de"])
    assert (answer.kind, check_in.kind) == ("reply-not-now", "check-in")
    assert "in ein paar Wochen" in answer.text and "vor ein paar Wochen" in check_in.text


def test_does_the_plan_fill_in_what_the_participant_said_about_themselves():
    plan = PlanRequest(my_name="Kim Becker", my_situation="ich lerne gerade Python", goals=("get-in",), minutes=30)
    made = message_for(WORKSHOP, contact_at("request", "de"), "request", "de", plan=plan)
    assert "Kim Becker" in made.text and "Ich lerne gerade Python." in made.text and "30 Minuten" in made.text
    assert "den Wegen in diesen Beruf" in made.text


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_contact_not_the_plans_gets_the_field_entered_for_them_or_its_gap_never_the_plans(language):
    """A contact added in the weeks after read „your role (Product Owner) in <the plan's field>“: the plan's field
    is where its own contact works. Another contact's draft takes the field entered for them, else keeps the gap
    to fill; the plan's contact keeps the plan's."""
    field = {"de": "Stadtplanung", "en": "urban planning"}[language]
    plan = PlanRequest(contact_name="Frau Weber", field=field, my_name=MY_NAME)
    other = contact_at("request", language)
    made = message_for(WORKSHOP, other, "request", language, plan=plan)
    assert field not in made.text and "field" in made.draft.missing, made.text
    entered = {"de": "Nachhaltigkeit", "en": "sustainability"}[language]
    typed = message_for(WORKSHOP, other, "request", language, plan=plan, extra={"field": entered})
    assert entered in typed.text and "field" not in typed.draft.missing, typed.text
    planned = other.model_copy(update={"name": "Frau Weber"})
    assert field in message_for(WORKSHOP, planned, "request", language, plan=plan).text


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_a_request_to_someone_suggested_say_who_suggested_them_in_the_register(language):
    suggested = contact_at("request", language, relationship="shared-contact").model_copy(
        update={"introduced_by": "Frau Weber" if language == "de" else "Ms Weber"}
    )
    made = message_for(WORKSHOP, suggested, "request", language, my_name=MY_NAME, extra={})
    said = "Frau Weber hat mir empfohlen, mich bei Ihnen zu melden." if language == "de" else "Ms Weber suggested I"
    assert said in made.text and "connection" not in made.draft.missing, made.text
    informal = message_for(WORKSHOP, suggested, "request", language, my_name=MY_NAME, first_names=True)
    assert ("mich bei dir zu melden" if language == "de" else "suggested I get in touch") in informal.text
    typed = message_for(WORKSHOP, suggested, "request", language, extra={"connection": "Wir kennen uns vom Sport."})
    assert "Wir kennen uns vom Sport." in typed.text and "Weber" not in typed.text.split("\n\n")[1]


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Dr. Aylin Özdemir-Schäfer", "Aylin"),
        ("Frau Ölmez", ""),
        ("Deniz", "Deniz"),
        ("Aoife", "Aoife"),
        ("Ms Sam O’Neill", "Sam"),
        ("Dr. Okafor", ""),
        ("Prof. Dr. Brückner", ""),
        ("Frau Dr. Aylin Özdemir", "Aylin"),
        ("", ""),
    ],
)
def test_is_the_first_name_the_first_name_and_a_surname_after_frau_none(name, first):
    assert first_name(name) == first


# --- the builder keeps its six messages ---------------------------------------------------------------


def test_does_the_builder_still_offer_exactly_its_six_messages():
    assert message_ids(WORKSHOP) == BUILDER_MESSAGES
    follow_through = {k.id for k in WORKSHOP.outreach.follow_through_kinds}
    assert follow_through and not follow_through & set(message_ids(WORKSHOP))
    seen = {"builder.messages-seen": [*BUILDER_MESSAGES, *sorted(follow_through)]}
    home = take_home_messages(WORKSHOP, seen, "de")
    assert {kind for kind, *_ in home.messages} | set(home.incomplete) <= set(BUILDER_MESSAGES)


# --- coffeechat check: a broken content file says what is wrong ---------------------------------------


def test_is_the_shipped_outreach_content_clean():
    assert check_directory(DEFAULT_CONTENT_DIR) == []


#: where each kind of the weeks after is in the shipped content's ``follow_through_kinds``
AFTER = [k.id for k in WORKSHOP.outreach.follow_through_kinds]


def _without(data, kind: str, channel: str, informal: bool) -> None:
    data["templates"] = [
        t
        for t in data["templates"]
        if not (t["kind"] == kind and t["channel"] == channel and bool(t.get("informal")) == informal)
    ]


def test_is_a_follow_through_kind_without_a_channels_template_reported(content_copy: Path):
    def drop(data):
        _without(data, "reply-yes", "linkedin", informal=True)
        _without(data, "reschedule", "xing", informal=False)
        _without(data, "reschedule", "xing", informal=True)

    edit_yaml(content_copy / "outreach.yaml", drop)
    messages = [str(p) for p in check_directory(content_copy)]
    yes, again = AFTER.index("reply-yes"), AFTER.index("reschedule")
    assert f"outreach.yaml: follow_through_kinds.{yes}: no first-name template for channel 'linkedin'" in messages
    assert f"outreach.yaml: follow_through_kinds.{again}: no template for channel 'xing'" in messages, messages


def test_is_an_unknown_placeholder_or_a_follow_through_one_in_a_builder_message_reported(content_copy: Path):
    def typo(data):
        template = next(t for t in data["templates"] if t["kind"] == "reply-yes")
        template["body"]["de"] = template["body"]["de"].replace("{time_slots}", "{time_slot}")
        data["templates"][0]["body"]["en"] += " {place}"

    edit_yaml(content_copy / "outreach.yaml", typo)
    messages = [str(p) for p in check_directory(content_copy)]
    assert any(m.endswith("body [de]: unknown placeholder {time_slot}") for m in messages), messages
    assert (
        "outreach.yaml: templates.0.body [en]: {place} is filled only in the weeks after the workshop, "
        "never in the builder's messages" in messages
    ), messages


def test_is_a_message_over_its_channels_limit_with_the_example_values_reported(content_copy: Path):
    def longer(data):
        note = next(t for t in data["templates"] if t["kind"] == "second-person" and t["channel"] == "linkedin")
        note["body"]["de"] += " Ich freue mich sehr auf Ihre Antwort und danke Ihnen schon jetzt herzlich."
        note["shorter"] = []
        mail = next(t for t in data["templates"] if t["kind"] == "reply-no" and t["channel"] == "email")
        mail["body"]["en"] += " More words." * 40

    edit_yaml(content_copy / "outreach.yaml", longer)
    messages = [str(p) for p in check_directory(content_copy)]
    assert any("body [de]: over the channel's 200 characters with the example values (" in m for m in messages), (
        messages
    )
    assert any("body [en]: 100 words or more with the example values (" in m for m in messages), messages


def test_is_a_formal_sie_in_a_first_name_message_reported(content_copy: Path):
    def formal(data):
        template = next(t for t in data["templates"] if t["kind"] == "reply-no" and t.get("informal"))
        template["body"]["de"] = template["body"]["de"].replace("Fällt dir", "Fällt Ihnen")

    edit_yaml(content_copy / "outreach.yaml", formal)
    messages = [str(p) for p in check_directory(content_copy)]
    assert any(m.endswith("body [de]: formal 'Ihnen' in a first-name message") for m in messages), messages


def test_is_a_kind_the_code_asks_for_missing_from_the_content_reported(content_copy: Path):
    def drop(data):
        data["follow_through_kinds"] = [k for k in data["follow_through_kinds"] if k["id"] != "check-in"]
        data["templates"] = [t for t in data["templates"] if t["kind"] != "check-in"]

    edit_yaml(content_copy / "outreach.yaml", drop)
    messages = [str(p) for p in check_directory(content_copy)]
    assert "outreach.yaml: follow_through_kinds: missing message kind 'check-in'" in messages, messages


def test_does_what_the_participant_types_go_over_what_the_list_knows():
    made = message_for(
        WORKSHOP,
        contact_at("reschedule", "de"),
        "reschedule",
        "de",
        my_name=MY_NAME,
        extra={**EXTRA["de"], "missed_date": "letzten Dienstag"},
    )
    assert "am letzten Dienstag hat es" in made.text
    typo = message_for(WORKSHOP, contact_at("reply-yes", "de"), "reply-yes", "de", extra={"minutes": "zwanzig"})
    assert "(20 Minuten)" in typo.text, "a number or the default, never a refusal"


def test_is_a_builder_message_with_only_a_first_name_template_on_a_channel_reported(content_copy: Path):
    """A first-name form falls back to the formal one, never the other way round: a formal participant would
    read „du“."""
    edit_yaml(content_copy / "outreach.yaml", lambda data: _without(data, "outreach", "linkedin", informal=False))
    messages = [str(p) for p in check_directory(content_copy)]
    assert "outreach.yaml: kinds.0: no formal template for channel 'linkedin'" in messages, messages


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_a_contact_added_in_the_weeks_after_carry_how_i_know_them_into_its_drafts(language):
    """Both fresh-eye walks added a contact in the weeks after and rewrote „[… fehlt]“ by hand: the sentence how
    the participant knows them is the contact's own, saved with it, and fills every draft to them."""
    known = "Wir haben uns beim Karrieretag in Bremen unterhalten." if language == "de" else "We met at the fair."
    contact = contact_at("request", language).model_copy(update={"connection": known})
    made = message_for(WORKSHOP, contact, "request", language, my_name=MY_NAME)
    assert known in made.text and "connection" not in made.draft.missing, made.text
    typed = message_for(WORKSHOP, contact, "request", language, extra={"connection": "Wir kennen uns vom Sport."})
    assert "Wir kennen uns vom Sport." in typed.text and known not in typed.text
    suggested = contact.model_copy(update={"introduced_by": "Frau Weber", "relationship": "shared-contact"})
    assert known in message_for(WORKSHOP, suggested, "request", language).text  # said by the participant: theirs
    saved = Contact.model_validate(contact.model_dump(mode="json"))
    assert saved.connection == known


@pytest.mark.parametrize("language", ["de", "en"])
def test_does_a_draft_name_its_gaps_in_words_before_it_is_recorded_as_sent(language):
    """„Erledigt“ on a draft with „[… fehlt]“ names what is missing: the placeholders' labels, in order, once."""
    made = message_for(WORKSHOP, contact_at("reply-yes", language), "reply-yes", language)
    labels = WORKSHOP.outreach.placeholder_labels
    assert sorted(gaps(WORKSHOP, made.text, language)) == sorted(labels[name][language] for name in made.draft.missing)
    assert gaps(WORKSHOP, made.text + made.text, language) == gaps(WORKSHOP, made.text, language)
    contact = contact_at("reply-yes", language)
    full = message_for(WORKSHOP, contact, "reply-yes", language, my_name=MY_NAME, extra=EXTRA[language])
    assert gaps(WORKSHOP, full.text, language) == []
