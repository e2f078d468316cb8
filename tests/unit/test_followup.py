"""The weeks after the workshop: does the 3B7 rhythm fall on working days, does every contact move only forward,
and does the list say what is due, no more?"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import subprocess
import sys

import holidays as holiday_tables
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from coffeechat.content import load_workshop
from coffeechat.models import keys
from coffeechat.models.answers import AnswerRejected
from coffeechat.models.followup import (
    STAGES,
    Contact,
    advance,
    clean_contacts,
    clean_state,
    clean_weekly_goal,
    contacts_csv,
    load_contacts,
    new_contact,
    next_stages,
    saved_state,
    undo,
    weekly_goal,
)
from coffeechat.models.followup_rhythm import (
    DUE_KINDS,
    Due,
    calendar_events,
    due,
    planned_requests,
    stall_reason,
    stalled,
    summary,
    weekly_counts,
    written_in_week,
)
from coffeechat.models.reminders import ics
from coffeechat.models.workdays import (
    STATES,
    add_working_days,
    holidays_for,
    is_working_day,
    nationwide_holidays,
    public_holidays,
)

WORKSHOP = load_workshop()
RELATIONSHIPS = [r.id for r in WORKSHOP.bank.relationships]
CHANNELS = [c.id for c in WORKSHOP.outreach.channels]
TODAY = dt.date(2026, 12, 6)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

days = st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31))
states = st.one_of(st.none(), st.sampled_from(STATES))


def written(day: dt.date, contact_id: str = "c-1", organisation: str = "Stadtwerke Leipzig") -> Contact:
    return new_contact(contact_id, day, written=True, name="Jörg Übel", organisation=organisation)


def walk(contact: Contact, *steps: tuple[str, dt.date]) -> Contact:
    for stage, day in steps:
        contact = advance(contact, stage, day, today=day)
    return contact


# --- working days --------------------------------------------------------------------------------------


@SETTINGS
@given(days, st.integers(0, 30), states)
def test_adding_working_days_never_lands_on_a_weekend_or_a_holiday_of_the_state(day, n, state):
    holidays = public_holidays(state, range(day.year, day.year + 2))
    later = add_working_days(day, n, holidays)
    if n:
        assert later.weekday() < 5
        assert later not in holidays
        assert is_working_day(later, holidays)
        between = [day + dt.timedelta(days=i) for i in range(1, (later - day).days + 1)]
        assert sum(is_working_day(d, holidays) for d in between) == n, "exactly n working days, the last one included"
    else:
        assert later == day


def test_three_working_days_after_a_friday_is_the_wednesday():
    assert add_working_days(dt.date(2026, 12, 4), 3) == dt.date(2026, 12, 9)


def test_christmas_and_new_year_in_bavaria():
    """24 and 31 December are working days in German law; 25 and 26 December and 1 January are not."""
    holidays = public_holidays("BY", [2026, 2027])
    assert dt.date(2026, 12, 24) not in holidays and dt.date(2026, 12, 25) in holidays
    assert add_working_days(dt.date(2026, 12, 23), 3, holidays) == dt.date(2026, 12, 29)
    assert add_working_days(dt.date(2026, 12, 23), 7, holidays) == dt.date(2027, 1, 5)
    assert add_working_days(dt.date(2027, 1, 5), 3, holidays) == dt.date(2027, 1, 11), "6 January: Epiphany in BY"
    assert add_working_days(dt.date(2027, 1, 5), 3, public_holidays("BE", [2027])) == dt.date(2027, 1, 8)


def test_easter_good_friday_and_easter_monday():
    holidays = public_holidays("BE", [2026])
    assert add_working_days(dt.date(2026, 4, 2), 3, holidays) == dt.date(2026, 4, 9)
    assert add_working_days(dt.date(2026, 4, 2), 3) == dt.date(2026, 4, 7), "without a state: weekends only"


def test_corpus_christi_is_a_holiday_in_bavaria_not_in_berlin():
    assert add_working_days(dt.date(2026, 6, 3), 1, public_holidays("BY", [2026])) == dt.date(2026, 6, 5)
    assert add_working_days(dt.date(2026, 6, 3), 1, public_holidays("BE", [2026])) == dt.date(2026, 6, 4)


def test_working_days_without_a_state_load_no_holiday_tables():
    """The holiday tables cost a kernel about 14 MB: only a participant who chose a state pays for them."""
    probe = (
        "import sys, datetime as dt\n"
        "from coffeechat.models.followup import new_contact\n"
        "from coffeechat.models.followup_rhythm import due\n"
        "due([new_contact('c-1', dt.date(2026, 12, 1), written=True)], dt.date(2026, 12, 6))\n"
        "print('holidays' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("year", range(2018, 2041))
def test_are_the_holidays_every_state_keeps_the_ones_the_holiday_tables_know_for_germany(year):
    """Counted without the tables (Easter by the Gregorian computus), so the wrap-up's reminders cost nothing."""
    assert nationwide_holidays([year]) == frozenset(holiday_tables.country_holidays("DE", years=year))
    for state in STATES:
        assert nationwide_holidays([year]) <= public_holidays(state, [year])


def test_the_states_are_the_sixteen_the_holiday_tables_know():
    assert len(STATES) == 16
    assert set(STATES) <= set(holiday_tables.country_holidays("DE").subdivisions)


# --- stages --------------------------------------------------------------------------------------------

STEP_DELAYS = st.integers(0, 20)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(STAGES), st.integers(-3, 20)), max_size=25), st.booleans())
def test_every_sequence_of_steps_is_refused_or_follows_the_allowed_order_with_dates_in_order(steps, start_written):
    contact = new_contact("c-1", dt.date(2026, 12, 1), written=start_written)
    day = dt.date(2026, 12, 1)
    for stage, delay in steps:
        day_of_step = day + dt.timedelta(days=delay)
        allowed = next_stages(contact)
        try:
            contact = advance(contact, stage, day_of_step, today=dt.date(2028, 6, 1))
        except AnswerRejected as rejected:
            assert stage not in allowed or day_of_step < day
            assert rejected.ui_key.startswith("followup.")
            continue
        assert stage in allowed and day_of_step >= day
        day = day_of_step
    history = contact.history
    assert [s.day for s in history] == sorted(s.day for s in history)
    messages = "".join("W" if s.stage == "written" else "N" if s.stage == "nudged" else "." for s in history)
    assert "NN" not in messages.replace(".", ""), "one nudge per message, then let it go"
    assert Contact.model_validate(contact.model_dump(mode="json")) == contact, "what advance makes validates"


def test_an_impossible_step_or_a_date_before_the_last_one_is_refused_with_its_reason():
    contact = written(dt.date(2026, 12, 1))
    with pytest.raises(AnswerRejected) as refused:
        advance(contact, "met", dt.date(2026, 12, 2), today=TODAY)
    assert refused.value.ui_key == "followup.stage_not_allowed"
    with pytest.raises(AnswerRejected) as refused:
        advance(contact, "replied-yes", dt.date(2026, 11, 30), today=TODAY)
    assert refused.value.ui_key == "followup.date_before_last"
    with pytest.raises(AnswerRejected) as refused:
        advance(contact, "replied-yes", dt.date(2026, 12, 20), today=TODAY)
    assert refused.value.ui_key == "followup.date_future"
    with pytest.raises(AnswerRejected):
        advance(contact, "lunch", dt.date(2026, 12, 2), today=TODAY)


def test_a_thank_you_after_a_no_ends_there_and_one_after_a_meeting_asks_for_the_update():
    no = walk(written(dt.date(2026, 12, 1)), ("replied-no", dt.date(2026, 12, 2)), ("thanked", dt.date(2026, 12, 2)))
    assert next_stages(no) == ()
    met = walk(
        written(dt.date(2026, 12, 1)),
        ("replied-yes", dt.date(2026, 12, 2)),
        ("scheduled", dt.date(2026, 12, 2)),
        ("met", dt.date(2026, 12, 8)),
        ("thanked", dt.date(2026, 12, 8)),
    )
    assert next_stages(met) == ("update-sent",)


def test_undo_takes_back_the_last_step_but_never_the_first():
    contact = walk(written(dt.date(2026, 12, 1)), ("nudged", dt.date(2026, 12, 10)))
    assert undo(contact) == written(dt.date(2026, 12, 1))
    assert undo(undo(contact)) == written(dt.date(2026, 12, 1))


def test_a_full_history_takes_no_further_step():
    contact = new_contact("c-1", dt.date(2026, 1, 5), written=True)
    day = dt.date(2026, 1, 5)
    with pytest.raises(AnswerRejected) as refused:
        for _ in range(keys.FOLLOWUP_HISTORY_MAX):
            contact = advance(contact, "replied-not-now", day, today=TODAY)
            contact = advance(contact, "written", day, today=TODAY)
    assert refused.value.ui_key == "followup.history_full"
    assert len(contact.history) == keys.FOLLOWUP_HISTORY_MAX


# --- the 3B7 rhythm and what is due --------------------------------------------------------------------


@SETTINGS
@given(days, states)
def test_a_message_without_reply_asks_for_a_second_person_after_3_and_a_nudge_after_7_working_days(day, state):
    holidays = holidays_for(state, range(day.year, day.year + 2))  # without a state, the nationwide ones
    contact = written(day)
    items = due([contact], day, state)
    assert {(i.kind, i.day) for i in items} == {
        ("second-person", add_working_days(day, 3, holidays)),
        ("nudge", add_working_days(day, 7, holidays)),
    }
    nudge_day = add_working_days(day, 7, holidays)
    nudged = advance(contact, "nudged", nudge_day, today=nudge_day)
    assert {i.kind for i in due([nudged], nudge_day, state)} == {"second-person"}, "one nudge, then let it go"
    for later in (add_working_days(nudge_day, 7, holidays), nudge_day + dt.timedelta(days=400)):
        assert due([nudged], later, state) == [], "stalled: nothing more to chase"
    assert not stalled(nudged, add_working_days(nudge_day, 6, holidays), state)
    assert stalled(nudged, add_working_days(nudge_day, 7, holidays), state)
    assert stall_reason(nudged, nudge_day + dt.timedelta(days=30), state) == "no-reply"


def test_a_second_person_at_the_same_organisation_is_not_asked_for_again():
    first = written(dt.date(2026, 12, 1))
    second = new_contact("c-2", dt.date(2026, 12, 4), organisation="  stadtwerke   LEIPZIG ")
    kinds = {(i.contact_id, i.kind) for i in due([first, second], dt.date(2026, 12, 7))}
    assert kinds == {("c-1", "nudge"), ("c-2", "request")}
    alone = written(dt.date(2026, 12, 1), organisation="")
    assert {i.kind for i in due([alone], dt.date(2026, 12, 7))} == {"nudge"}, "no organisation, nobody else there"


def test_each_reply_asks_for_its_own_message_on_its_day():
    d = dt.date(2026, 12, 1)
    base = written(d)
    cases = {
        "replied-yes": ("reply-yes", dt.date(2026, 12, 2)),
        "replied-not-now": ("reply-not-now", dt.date(2026, 12, 30)),
        "replied-no": ("reply-no", dt.date(2026, 12, 2)),
    }
    for stage, expected in cases.items():
        contact = advance(base, stage, dt.date(2026, 12, 2), today=TODAY)
        assert [(i.kind, i.day) for i in due([contact], TODAY)] == [expected]
    met = walk(base, ("replied-yes", d), ("scheduled", d), ("met", dt.date(2026, 12, 3)))
    assert [(i.kind, i.day, i.status) for i in due([met], TODAY)] == [("thank-you", dt.date(2026, 12, 4), "overdue")]
    no_show = walk(base, ("replied-yes", d), ("scheduled", d), ("no-show", dt.date(2026, 12, 3)))
    assert [i.kind for i in due([no_show], TODAY)] == ["reschedule"]
    thanked = walk(met, ("thanked", dt.date(2026, 12, 4)))
    assert [(i.kind, i.day) for i in due([thanked], TODAY)] == [("update", dt.date(2026, 12, 31))]
    assert due([walk(thanked, ("update-sent", dt.date(2026, 12, 6)))], TODAY) == []


def test_a_no_stalls_the_contact_and_asks_whom_else_to_ask_at_once():
    contact = walk(written(dt.date(2026, 12, 1)), ("replied-no", dt.date(2026, 12, 3)))
    assert stall_reason(contact, dt.date(2026, 12, 3)) == "no"
    assert [(i.kind, i.day) for i in due([contact], dt.date(2026, 12, 3))] == [("reply-no", dt.date(2026, 12, 3))]
    assert due([walk(contact, ("thanked", dt.date(2026, 12, 3)))], dt.date(2026, 12, 4)) == []


contacts_strategy = st.lists(
    st.tuples(st.booleans(), st.lists(st.tuples(st.sampled_from(STAGES), STEP_DELAYS), max_size=12), days),
    max_size=8,
)


def build(raw) -> list[Contact]:
    contacts = []
    for number, (start_written, steps, day) in enumerate(raw, start=1):
        contact = new_contact(f"c-{number}", day, written=start_written, organisation=f"Org {number % 3}")
        for stage, delay in steps:
            if stage in next_stages(contact):
                step_day = contact.history[-1].day + dt.timedelta(days=delay)
                contact = advance(contact, stage, step_day, today=step_day)
        contacts.append(contact)
    return contacts


@SETTINGS
@given(contacts_strategy, days, states)
def test_due_lists_each_contact_once_per_kind_sorted_by_urgency(raw, today, state):
    contacts = build(raw)
    items = due(contacts, today, state)
    pairs = [(i.contact_id, i.kind) for i in items]
    assert len(pairs) == len(set(pairs))
    assert all(i.kind in DUE_KINDS for i in items)
    rank = {"overdue": 0, "today": 1, "this-week": 2, "later": 3}
    assert [(rank[i.status], i.day) for i in items] == sorted((rank[i.status], i.day) for i in items)
    for item in items:
        expected = (
            "overdue" if item.day < today else "today" if item.day == today else
            "this-week" if item.day.isocalendar()[:2] == today.isocalendar()[:2] else "later"
        )  # fmt: skip
        assert item.status == expected
    for contact in contacts:
        stages = [s.stage for s in contact.history]
        if {"met", "thanked", "update-sent"} <= set(stages) and stages[-1] == "update-sent":
            assert contact.id not in {i.contact_id for i in items}


def test_the_greeting_counts_what_is_due_by_kind():
    today = dt.date(2026, 12, 14)
    contacts = [
        written(dt.date(2026, 12, 3), "c-1", "A"),
        written(dt.date(2026, 12, 4), "c-2", "A"),
        walk(new_contact("c-3", dt.date(2026, 12, 1), written=True), ("replied-yes", dt.date(2026, 12, 2))),
    ]
    lines = summary(due(contacts, today))
    assert [(line.status, line.kind, line.number) for line in lines] == [
        ("overdue", "reply-yes", 1),
        ("today", "nudge", 1),
        ("this-week", "nudge", 1),
    ]


# --- the week ------------------------------------------------------------------------------------------


@SETTINGS
@given(contacts_strategy)
def test_weekly_counts_add_up_to_the_steps(raw):
    contacts = build(raw)
    counts = weekly_counts(contacts)
    steps = [s.stage for c in contacts for s in c.history]
    assert sum(w.sent for w in counts) == steps.count("written")
    assert sum(w.replied for w in counts) == sum(s.startswith("replied-") for s in steps)
    assert sum(w.met for w in counts) == steps.count("met")
    weeks = [w.week for w in counts]
    assert weeks == sorted(set(weeks))
    if len(weeks) > 1:
        mondays = [dt.date.fromisoformat(f"{w}-1") for w in weeks]
        assert all((b - a).days == 7 for a, b in itertools.pairwise(mondays)), "no week left out"


def test_the_weekly_goal_counts_new_contacts_written_this_week():
    contacts = [
        written(dt.date(2026, 11, 30), "c-1"),
        walk(written(dt.date(2026, 11, 20), "c-2"), ("replied-not-now", dt.date(2026, 11, 23))),
        new_contact("c-3", dt.date(2026, 12, 1)),
    ]
    contacts[1] = advance(contacts[1], "written", dt.date(2026, 12, 1), today=TODAY)
    assert written_in_week(contacts, dt.date(2026, 12, 3)) == 1, "a check-in is not a new contact"
    assert weekly_counts(contacts)[-1] == ("2026-W49", 2, 0, 0)
    assert clean_weekly_goal(3) == 3
    for wrong in (0, 11, "2", True, None, 2.5):
        with pytest.raises(AnswerRejected):
            clean_weekly_goal(wrong)


def test_a_missing_or_damaged_goal_or_state_reads_as_the_default():
    assert weekly_goal(None) == keys.WEEKLY_GOAL_DEFAULT == 2
    assert weekly_goal("5") == 2 and weekly_goal(5) == 5
    assert saved_state("BY") == "BY" and saved_state("XX") is None and saved_state(None) is None


def test_a_federal_state_is_one_of_the_sixteen_or_none():
    assert clean_state("BY") == "BY"
    assert clean_state(None) is None
    for wrong in ("by", "Augsburg", "DE", 7, ["BY"]):
        with pytest.raises(AnswerRejected):
            clean_state(wrong)


# --- storage -------------------------------------------------------------------------------------------


def stored(*contacts: Contact) -> list[dict]:
    return [c.model_dump(mode="json") for c in contacts]


def test_clean_contacts_keeps_what_the_model_allows_with_html_and_emoji_as_text(monkeypatch):
    contact = new_contact(
        "c-1", dt.date(2026, 12, 1), name="<b>Aylin</b> 🙂", organisation="Müller & Söhne", channel="linkedin"
    )
    value = stored(walk(contact, ("written", dt.date(2026, 12, 2))))
    assert clean_contacts(value, RELATIONSHIPS, CHANNELS, today=TODAY) == value
    assert load_contacts(value)[0].name == "<b>Aylin</b> 🙂"
    assert clean_contacts(None, RELATIONSHIPS, CHANNELS, today=TODAY) == []


HOSTILE = [
    ("not a list", "app.error"),
    ({"c-1": {}}, "app.error"),
    (["a contact"], "app.error"),
    ([{"id": "c-1"}], "app.error"),
    ([{"id": "c-1", "history": [{"stage": "hacked", "day": "2026-12-01"}]}], "app.error"),
    ([{"id": "c-1", "history": [{"stage": "written", "day": 20261201}]}], "app.error"),
    ([{"id": "c-1", "history": [{"stage": "written", "day": "2026-12-01T10:00"}]}], "app.error"),
    ([{"id": "<script>", "history": [{"stage": "written", "day": "2026-12-01"}]}], "app.error"),
    ([{"id": "c-1", "secret": 1, "history": [{"stage": "written", "day": "2026-12-01"}]}], "app.error"),
    ([{"id": "c-1", "name": 7, "history": [{"stage": "written", "day": "2026-12-01"}]}], "app.error"),
    ([{"id": "c-1", "channel": "fax", "history": [{"stage": "written", "day": "2026-12-01"}]}], "app.error"),
    ([{"id": "c-1", "relationship": "boss", "history": [{"stage": "written", "day": "2026-12-01"}]}], "app.error"),
    ([{"id": "c-1", "kind": "robot", "history": [{"stage": "written", "day": "2026-12-01"}]}], "app.error"),
    ([{"id": "c-1", "name": "x" * 10_000, "history": [{"stage": "written", "day": "2026-12-01"}]}], "field.too_long"),
    ([{"id": "c-1", "history": [{"stage": "written", "day": "9999-12-31"}]}], "field.date_out_of_range"),
    ([{"id": "c-1", "history": [{"stage": "written", "day": "0001-01-01"}]}], "field.date_out_of_range"),
    ([{"id": "c-1", "history": [{"stage": "written", "day": "2026-12-20"}]}], "followup.date_future"),
    ([{"id": "c-1", "history": []}], "app.error"),
    ([{"id": "c-1", "history": [{"stage": "written", "day": "2026-12-01", "meeting": "2026-12-09"}]}], "app.error"),
    (
        [{"id": "c-1", "history": [
            {"stage": "written", "day": "2026-12-01"}, {"stage": "replied-yes", "day": "2026-12-02"},
            {"stage": "scheduled", "day": "2026-12-02", "meeting": "2026-11-30"},
        ]}],
        "followup.meeting_before_agreed",
    ),
    (
        [{"id": "c-1", "history": [
            {"stage": "written", "day": "2026-12-01"}, {"stage": "replied-yes", "day": "2026-12-02"},
            {"stage": "scheduled", "day": "2026-12-02", "meeting": "9999-12-31"},
        ]}],
        "field.date_out_of_range",
    ),
    ([{"id": "c-1", "history": [{"stage": "met", "day": "2026-12-01"}]}], "followup.stage_not_allowed"),
    (
        [{"id": "c-1", "history": [
            {"stage": "written", "day": "2026-12-02"}, {"stage": "nudged", "day": "2026-12-01"}
        ]}],
        "followup.date_before_last",
    ),
    (
        [{"id": "c-1", "history": [{"stage": "written", "day": "2026-12-01"}, {"stage": "met", "day": "2026-12-01"}]}],
        "followup.stage_not_allowed",
    ),
    (
        [{"id": "c-1", "history": [{"stage": "written", "day": "2026-12-01"}]} for _ in range(2)],
        "followup.duplicate_contact",
    ),
    (
        [{"id": f"c-{n}", "history": [{"stage": "to-write", "day": "2026-12-01"}]} for n in range(101)],
        "followup.too_many_contacts",
    ),
    (
        [{"id": "c-1", "history": [{"stage": "written", "day": "2026-12-01"}] + [
            {"stage": s, "day": "2026-12-01"} for s in ("replied-not-now", "written") * 15
        ]}],
        "followup.history_full",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("value", "ui_key"), HOSTILE)
def test_clean_contacts_refuses_hostile_shapes_with_a_clear_reason(value, ui_key):
    with pytest.raises(AnswerRejected) as refused:
        clean_contacts(value, RELATIONSHIPS, CHANNELS, today=TODAY)
    assert refused.value.ui_key == ui_key


def test_load_contacts_keeps_the_good_ones_of_a_damaged_list():
    good = stored(written(dt.date(2026, 12, 1)))
    assert [c.id for c in load_contacts([*good, "junk", {"id": "c-2"}, None, *good])] == ["c-1"]
    assert load_contacts("junk") == ()


# --- CSV and calendar ----------------------------------------------------------------------------------

tricky_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00") | st.sampled_from("\n,;\"'"),
    max_size=60,
)


@SETTINGS
@given(tricky_text, tricky_text, st.sampled_from(["de", "en"]))
@example('Jörg "Jo" Übel, 🙂\nzweite Zeile; mehr', "-1 Müller & Söhne", "de")
@example("@Aylin Öz\r\n", '+49 "Kanzlei", Köln', "en")
def test_the_csv_gives_back_every_name_and_defuses_formulas(name, organisation, language):
    contact = new_contact("c-1", dt.date(2026, 12, 1), written=True, name=name, organisation=organisation)
    text = contacts_csv([contact], language, {"name": "Name", "organisation": "Organisation"})
    assert text.startswith("\ufeff"), "a byte order mark, so that spreadsheets read umlauts as umlauts"
    rows = list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";" if language == "de" else ","))
    assert len(rows) == 1

    def defused(value: str) -> str:
        return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

    assert rows[0]["Name"] == defused(name)
    assert rows[0]["Organisation"] == defused(organisation)


def test_the_csv_names_stages_in_the_participants_language_and_defuses_a_hyperlink():
    contact = walk(
        new_contact("c-1", dt.date(2026, 12, 1), written=True, name='=HYPERLINK("http://x.invalid","Jörg 🙂")'),
        ("replied-yes", dt.date(2026, 12, 2)),
    )
    labels = {"name": "Name", "stage": "Stand", "since": "Seit", "history": "Verlauf", "stage.replied-yes": "Zusage"}
    labels |= {"stage.written": "Geschrieben"}
    rows = list(csv.DictReader(io.StringIO(contacts_csv([contact], "de", labels)[1:], newline=""), delimiter=";"))
    assert rows[0]["Name"] == '\'=HYPERLINK("http://x.invalid","Jörg 🙂")'
    assert rows[0]["Stand"] == "Zusage"
    assert rows[0]["Seit"] == "2026-12-02"
    assert rows[0]["Verlauf"] == "Geschrieben 2026-12-01; Zusage 2026-12-02"


def test_each_due_item_becomes_a_calendar_event_through_the_reminders_calendar():
    contacts = [written(dt.date(2026, 12, 1), "c-1"), written(dt.date(2026, 12, 1), "c-2", "Other")]
    items = due(contacts, dt.date(2026, 12, 1))
    events = calendar_events(items, contacts, {"nudge": "Nachfassen", "second-person": "Zweite Person"})
    assert {(e.day, e.title) for e in events} == {
        (dt.date(2026, 12, 4), "Zweite Person – Stadtwerke Leipzig"),  # someone new there: named by the place
        (dt.date(2026, 12, 4), "Zweite Person – Other"),
        (dt.date(2026, 12, 10), "Nachfassen – Jörg Übel"),
    } and len(events) == 4
    parsed = [c for c in Calendar.from_ical(ics(events, "Dranbleiben")).walk() if c.name == "VEVENT"]
    assert len({str(e["uid"]) for e in parsed}) == 4, "two people of the same name stay two events"


def test_a_due_item_is_plain_data():
    item = Due("c-1", "nudge", dt.date(2026, 12, 10), "later")
    assert item.contact_id == "c-1"


def test_every_reason_a_step_or_a_list_is_refused_has_words_in_ui_yaml():
    import re
    from pathlib import Path

    from coffeechat.content import UI_KEYS
    from coffeechat.models import followup, followup_rhythm

    sources = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (followup, followup_rhythm))
    raised = set(re.findall(r'AnswerRejected\("([a-z_.]+)"', sources))
    assert raised - UI_KEYS == set()
    assert {key for key in raised if key.startswith("followup.")} <= set(WORKSHOP.ui.strings)


def test_is_the_plans_contact_due_on_the_day_of_the_commitment_not_today():
    """A walk: the contact taken from the plan was „heute fällig“ while the commitment said a later day. The
    first request to the contact the commitment names is due on the commitment's day."""
    later = TODAY + dt.timedelta(days=10)
    contacts = (
        new_contact("c-1", TODAY, name="Frau Ölmez", channel="email"),
        new_contact("c-2", TODAY, name="Herr Brandt"),
    )
    planned = planned_requests(contacts, "Frau Ölmez (UX-Designerin im Bereich Nahverkehr)", later)
    assert planned == {"c-1": later}
    items = {item.contact_id: item for item in due(contacts, TODAY, planned=planned)}
    assert (items["c-1"].kind, items["c-1"].day, items["c-1"].status) == ("request", later, "later")
    assert items["c-2"].day == TODAY, "a contact the commitment does not name stays due when added"
    assert planned_requests(contacts, "Frau Öl", later) == {}, "a name, not the start of one"
    assert planned_requests(contacts, "frau  ölmez", None) == {}, "no day committed: nothing planned"
    written = (advance(contacts[0], "written", TODAY, today=TODAY),)
    assert planned_requests(written, "Frau Ölmez", later) == {}, "once written, the rhythm takes over"


def test_outside_germany_the_rhythm_counts_weekends_only():
    """English readers were offered only German states' holidays: „keine Feiertage“ / "no public holidays"
    counts Monday to Friday, Good Friday and Christmas too, and is kept as chosen."""
    from coffeechat.models.workdays import NO_HOLIDAYS

    assert clean_state(NO_HOLIDAYS) == NO_HOLIDAYS and saved_state(NO_HOLIDAYS) == NO_HOLIDAYS
    assert holidays_for(NO_HOLIDAYS, [2026]) == frozenset()
    good_friday = dt.date(2026, 4, 3)
    assert add_working_days(good_friday - dt.timedelta(days=1), 1, holidays_for(NO_HOLIDAYS, [2026])) == good_friday
    assert add_working_days(good_friday - dt.timedelta(days=1), 1, holidays_for(None, [2026])) != good_friday


def test_do_two_spellings_of_one_name_name_one_person_and_an_empty_name_no_one():
    from coffeechat.models.followup import same_person

    assert same_person("Frau  Özdemir", "frau özdemir")
    assert same_person("HERR DVOŘÁK", "Herr Dvořák ")
    assert not same_person("Frau Özdemir", "Frau Özdemir-Lang")
    assert not same_person("", "  "), "no name is nobody's name"


def test_is_how_i_know_a_contact_kept_with_it_and_checked_as_the_server_checks_it():
    """A contact's sentence how the participant knows them is saved with it (it survives a reload), within its
    limit, and a contact saved before it existed loads without one."""
    known = "Wir haben uns beim Karrieretag unterhalten."
    added = new_contact("c-1", dt.date(2026, 12, 1), name="Frau Nowak", connection=known)
    stored = clean_contacts([added.model_dump(mode="json")], ["cold"], ["email"], dt.date(2026, 12, 7))
    assert load_contacts(stored)[0].connection == known
    older = {k: v for k, v in stored[0].items() if k != "connection"}
    assert load_contacts([older])[0].connection == ""
    too_long = {**stored[0], "connection": "x" * (keys.CONTACT_CONNECTION_CHARS + 1)}
    with pytest.raises(AnswerRejected):
        clean_contacts([too_long], ["cold"], ["email"], dt.date(2026, 12, 7))
