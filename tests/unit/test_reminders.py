"""Does the follow-through land in the participant's calendar on the right days, in their words?"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from coffeechat.content import load_workshop
from coffeechat.models.reminders import (
    calendar_file,
    commitment,
    date_problems,
    follow_through,
    has_calendar,
    reminder_lines,
    suggested_due,
)
from coffeechat.models.workdays import is_working_day, nationwide_holidays

ANSWERS = {
    "wrapup.commit.who": "Jörg Übel, Stadtwerke",
    "wrapup.commit.due": "2026-12-04",
    "wrapup.commit.channel": "email",
    "builder.outreach.text": "Guten Tag Herr Übel,\nich habe eine Frage zu Ihrer Arbeit …",
}


def working_days_between(start: dt.date, end: dt.date, free: frozenset[dt.date]) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return sum(is_working_day(start + dt.timedelta(days=n), free) for n in range(1, (end - start).days + 1))


def events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]


def test_the_calendar_file_parses_and_carries_the_date_and_the_participants_text(workshop):
    parsed = events(calendar_file(workshop, ANSWERS, "de"))
    first = parsed[0]
    assert first.decoded("dtstart") == dt.date(2026, 12, 4)
    assert "Jörg Übel, Stadtwerke" in str(first["summary"])
    assert "ich habe eine Frage zu Ihrer Arbeit" in str(first["description"]), "the draft goes with the reminder"
    assert first.walk("VALARM"), "the calendar reminds them on the day"
    nudge = parsed[1]
    assert nudge.decoded("dtstart") == dt.date(2026, 12, 11)
    assert "nachfassen" in str(nudge["summary"])


def test_with_a_conversation_date_the_thanks_and_the_update_follow_the_conversation(workshop):
    answers = {**ANSWERS, "wrapup.commit.talk": "2026-12-09"}
    days = {r.kind: r.day for r in follow_through(workshop, answers, "en")}
    assert days == {
        "contact": dt.date(2026, 12, 4),
        "talk": dt.date(2026, 12, 9),
        "thanks": dt.date(2026, 12, 10),
        "update": dt.date(2027, 1, 8),  # four working weeks: Christmas Day and New Year's Day are off
    }, "no nudge once a conversation is agreed: they replied"
    parsed = events(calendar_file(workshop, answers, "en"))
    assert [e.decoded("dtstart") for e in parsed] == sorted(days.values())
    assert "thank-you" in str(parsed[2]["summary"])


def test_every_reminder_names_its_date_as_people_write_it(workshop):
    assert reminder_lines(workshop, ANSWERS, "en")[0].startswith("4 December 2026: Ask for an informational interview")
    assert reminder_lines(workshop, ANSWERS, "de")[0].startswith("4. Dezember 2026: Um ein Informationsgespräch")


def test_no_date_no_event_and_a_hint_to_add_the_conversation(workshop):
    assert events(calendar_file(workshop, {}, "de")) == []
    assert reminder_lines(workshop, {}, "de") == [workshop.t("reminder.talk_unknown", "de")]


def test_the_plan_fills_in_what_the_commitment_leaves_open(workshop):
    answers = {"builder.request": {"contact_name": "Ms Okafor", "contact_role": "UX designer", "field": ""}}
    assert commitment(workshop, answers, language="en")["who"] == "Ms Okafor (UX designer)"
    assert commitment(workshop, {**answers, "wrapup.commit.who": "Sam"})["who"] == "Sam"
    assert commitment(workshop, {})["who"] is None


def test_does_a_date_at_the_end_of_the_calendar_saved_by_an_old_version_leave_the_reminders_working(workshop):
    """9999-12-31 was once accepted: a nudge a week later does not exist, the rest still works."""
    answers = {"wrapup.commit.due": "9999-12-31", "wrapup.commit.who": "Frau Ölmez"}
    kinds = [reminder.kind for reminder in follow_through(workshop, answers, "de")]
    assert kinds == []  # the last day of the calendar plans nothing
    assert reminder_lines(workshop, answers, "de")  # the wrap-up still says what it can
    assert b"BEGIN:VCALENDAR" in calendar_file(workshop, answers, "de")
    talk = {"wrapup.commit.talk": "9999-12-30"}
    assert [r.kind for r in follow_through(workshop, talk, "de")] == ["talk"]


# --- dates that cannot be planned with --------------------------------------------------------------------


def test_does_a_conversation_before_the_sending_date_never_reach_the_reminders_or_the_calendar(workshop):
    """The walk: a conversation before the sending date was accepted silently and listed before the request."""
    answers = {**ANSWERS, "wrapup.commit.talk": "2026-12-02"}  # sending on the 4th, talking on the 2nd
    kinds = [r.kind for r in follow_through(workshop, answers, "de")]
    assert kinds == ["contact", "nudge"], "no conversation, thank-you or update hangs on an impossible date"
    assert [e.decoded("dtstart") for e in events(calendar_file(workshop, answers, "de"))] == [
        dt.date(2026, 12, 4),
        dt.date(2026, 12, 11),
    ]
    assert not any(
        "Informationsgespräch" in line and "2. Dezember" in line for line in reminder_lines(workshop, answers, "de")
    )


def test_is_a_conversation_on_the_sending_day_fine(workshop):
    answers = {**ANSWERS, "wrapup.commit.talk": "2026-12-04"}
    assert [r.kind for r in follow_through(workshop, answers, "en")] == ["contact", "talk", "thanks", "update"]
    assert date_problems(dt.date(2026, 12, 4), dt.date(2026, 12, 4), dt.date(2026, 12, 1)) == []


def test_which_date_problems_does_the_commitment_name():
    today = dt.date(2026, 12, 6)
    assert date_problems(None, None, today) == []
    assert date_problems(dt.date(2026, 12, 5), None, today) == [("wrapup.due_past", {"day": dt.date(2026, 12, 5)})]
    assert date_problems(None, dt.date(2026, 12, 1), today) == [("wrapup.talk_past", {"day": dt.date(2026, 12, 1)})]
    assert date_problems(dt.date(2026, 12, 10), dt.date(2026, 12, 8), today) == [
        ("wrapup.talk_before_due", {"talk": dt.date(2026, 12, 8), "due": dt.date(2026, 12, 10)})
    ]
    assert date_problems(today, today, today) == [], "today is not the past"
    assert date_problems(dt.date(2026, 12, 10), dt.date(2026, 12, 2), today) == [
        ("wrapup.talk_past", {"day": dt.date(2026, 12, 2)})
    ], "one message for a date: a past conversation is also before the sending, and that goes without saying"


@given(
    due=st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31)),
    talk=st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31)),
)
def test_do_the_reminders_always_keep_the_conversation_after_the_request(due, talk):
    workshop = load_workshop()
    answers = {"wrapup.commit.due": due and due.isoformat(), "wrapup.commit.talk": talk and talk.isoformat()}
    reminders = follow_through(workshop, answers, "de")
    days = {r.kind: r.day for r in reminders}
    if "contact" in days and "talk" in days:
        assert days["contact"] <= days["talk"]
    assert [r.day for r in reminders] == sorted(r.day for r in reminders)
    problems = [key for key, _ in date_problems(due, talk, dt.date(2026, 12, 1))]
    today = dt.date(2026, 12, 1)
    assert ("wrapup.talk_before_due" in problems) == bool(due and talk and today <= talk < due)
    assert ("wrapup.talk_past" in problems) == bool(talk and talk < today), "one message per date"


def test_is_a_calendar_offered_only_once_a_reminder_has_a_date(workshop):
    """No empty calendar file: without a day to send (or a conversation date) there is nothing to offer."""
    assert not has_calendar(workshop, {})
    assert not has_calendar(workshop, {"wrapup.commit.who": "Frau Ölmez"})
    assert not has_calendar(workshop, {"wrapup.commit.due": "9999-12-31"}), "a day nothing can be planned on"
    assert has_calendar(workshop, {"wrapup.commit.due": "2026-12-04"})
    assert has_calendar(workshop, {"wrapup.commit.talk": "2026-12-10"})


def test_the_calendar_carries_the_request_for_the_channel_i_committed_to_not_the_tab_left_open(workshop):
    """The reminder to write carried the LinkedIn text left on screen though the commitment said e-mail."""
    email = "Guten Tag Herr Übel,\nich habe eine Frage zu Ihrer Arbeit …"
    answers = {
        **ANSWERS,
        "builder.outreach.channel": "linkedin",
        "builder.outreach.text": "Hallo Herr Übel, kurz: 20 Minuten? Kim",
        "builder.outreach.drafts": {"email": email},
    }
    first = events(calendar_file(workshop, answers, "de"))[0]
    assert "ich habe eine Frage zu Ihrer Arbeit" in str(first["description"])
    assert "20 Minuten?" not in str(first["description"])


def test_without_a_commitment_the_end_screen_names_the_channel_of_the_request_that_goes_home(workshop):
    """The LinkedIn tab left open still lacks the name; the complete e-mail goes home, so e-mail is the default."""
    answers = {
        "builder.request": {"contact_name": "Frau Ölmez"},
        "builder.outreach.channel": "linkedin",
        "builder.outreach.drafts": {"email": "Guten Tag Frau Ölmez,\nhätten Sie 20 Minuten?\nKim"},
    }
    assert commitment(workshop, answers)["channel"] == "email"
    assert commitment(workshop, {**answers, "builder.outreach.drafts": {}})["channel"] == "linkedin"
    assert commitment(workshop, {**answers, "wrapup.commit.channel": "phone"})["channel"] == "phone"


# --- working days ---------------------------------------------------------------------------------------------


def test_does_a_nudge_a_week_after_a_message_sent_before_christmas_skip_the_holidays(workshop):
    """Sent on Friday 18 December: a calendar week later is Christmas Day; the nudge waits for Monday."""
    answers = {**ANSWERS, "wrapup.commit.due": "2026-12-18"}
    days = {r.kind: r.day for r in follow_through(workshop, answers, "de")}
    assert days["nudge"] == dt.date(2026, 12, 28)


def test_do_the_thanks_and_the_update_after_a_friday_conversation_land_on_working_days(workshop):
    """A conversation on Friday 11 December: no thank-you reminder on Saturday (it comes the same day, still
    within 24 hours), and the update four working weeks on, after Christmas and New Year."""
    answers = {**ANSWERS, "wrapup.commit.talk": "2026-12-11"}
    days = {r.kind: r.day for r in follow_through(workshop, answers, "en")}
    assert days["thanks"] == dt.date(2026, 12, 11)
    assert days["update"] == dt.date(2027, 1, 12), "20 working days: 25 December and 1 January do not count"


def test_does_the_federal_state_chosen_for_the_follow_up_count_its_own_holidays(workshop):
    """Bavaria keeps Epiphany: the nudge after a message on 30 December moves one day more."""
    answers = {**ANSWERS, "wrapup.commit.due": "2026-12-30"}
    nudge = lambda extra: next(r.day for r in follow_through(workshop, {**answers, **extra}, "de") if r.kind == "nudge")
    assert nudge({}) == dt.date(2027, 1, 7)  # 31 Dec., 4, 5, 6, 7 Jan. (1 Jan. is a holiday everywhere)
    assert nudge({"followup.state": "BY"}) == dt.date(2027, 1, 8)


@given(
    due=st.dates(dt.date(2025, 1, 1), dt.date(2032, 12, 31)),
    talk=st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2032, 12, 31)),
)
def test_does_every_reminder_the_kit_dates_itself_land_on_a_working_day_and_keep_its_promise(due, talk):
    """The nudge, the thank-you and the update: Monday to Friday and no public holiday (nationwide without a
    state); the nudge a working week (5 working days) after sending, the thank-you within 24 hours of the
    conversation (on its day when the next is free), the update four working weeks (20 working days) after it."""
    workshop = load_workshop()
    answers = {"wrapup.commit.due": due.isoformat(), "wrapup.commit.talk": talk and talk.isoformat()}
    days = {r.kind: r.day for r in follow_through(workshop, answers, "de")}
    free = nationwide_holidays(range(2025, 2035))
    if "nudge" in days:
        assert is_working_day(days["nudge"], free)
        assert working_days_between(due, days["nudge"], free) == 5
    if "thanks" in days:
        talked = days["talk"]
        assert dt.timedelta(0) <= days["thanks"] - talked <= dt.timedelta(days=1)
        assert is_working_day(days["thanks"], free) or days["thanks"] == talked
    if "update" in days:
        assert is_working_day(days["update"], free)
        assert working_days_between(days["talk"], days["update"], free) == 20


# --- the day to write, from the participant's own next steps ---------------------------------------------------

TODAY = dt.date(2026, 12, 1)


def test_is_by_when_the_earliest_coming_day_of_my_own_dated_next_steps(workshop):
    """A walk: "Bis wann" stood empty though the participant had dated a next step in a fear module."""
    answers = {
        "not-ready.next_step.action": "Eine Person heraussuchen",
        "not-ready.next_step.due": "2026-12-11",
        "not-connected.next_step.due": "2026-12-08",
        "regret.next_step.due": "2026-11-20",  # past: no day to plan a message on
    }
    assert commitment(workshop, answers, TODAY)["due"] == "2026-12-08"
    assert suggested_due(workshop, answers, TODAY) == (dt.date(2026, 12, 8), "not-connected")
    assert next(r.day for r in follow_through(workshop, answers, "de", TODAY) if r.kind == "contact") == dt.date(
        2026, 12, 8
    )


def test_does_a_day_i_typed_myself_always_win_over_my_next_steps(workshop):
    answers = {"not-ready.next_step.due": "2026-12-08", "wrapup.commit.due": "2026-12-15"}
    assert commitment(workshop, answers, TODAY)["due"] == "2026-12-15"


def test_without_a_coming_dated_next_step_by_when_stays_empty(workshop):
    for answers in (
        {},
        {"not-ready.next_step.action": "Fragen kürzen"},
        {"not-ready.next_step.due": "2026-11-30"},
        {"not-ready.next_step.due": "kein Datum"},
        {"not-ready.next_step.due": "9999-12-31"},  # saved by an old version: beyond the days one may choose
    ):
        assert commitment(workshop, answers, TODAY)["due"] is None, answers
        assert suggested_due(workshop, answers, TODAY) is None
    assert suggested_due(workshop, {"regret.next_step.due": "2026-12-01"}, TODAY) == (TODAY, "regret"), "today counts"


# --- the fear modules' next steps in the calendar ------------------------------------------------------------


def test_does_the_calendar_hold_each_dated_next_step_from_the_fear_modules_besides_the_reminders(workshop):
    """A walk: the take-home calendar had the commitment's reminders but not the next steps set in the fears."""
    answers = {
        **ANSWERS,
        "not-ready.next_step.action": "Meine Fragen auf drei kürzen",
        "not-ready.next_step.due": "2026-12-02",
        "not-connected.next_step.action": "Drei Alumni auf LinkedIn heraussuchen",
        "not-connected.next_step.due": "2026-12-03",
        "regret.next_step.action": "Ohne Datum",  # no day: nothing to put in a calendar
    }
    parsed = events(calendar_file(workshop, answers, "de"))
    by_day = {e.decoded("dtstart"): e for e in parsed}
    assert [e.decoded("dtstart") for e in parsed] == sorted(by_day), "one event a day here, in date order"
    assert "Meine Fragen auf drei kürzen" in str(by_day[dt.date(2026, 12, 2)]["summary"])
    assert "Ich bin noch nicht bereit." in str(by_day[dt.date(2026, 12, 2)]["description"]), "which fear it is from"
    assert "Drei Alumni auf LinkedIn heraussuchen" in str(by_day[dt.date(2026, 12, 3)]["description"])
    assert {dt.date(2026, 12, 4), dt.date(2026, 12, 11)} <= set(by_day), "the request and the nudge stay"
    english = events(calendar_file(workshop, answers, "en"))
    assert str(english[0]["summary"]).startswith("My next step")


def test_is_a_next_step_in_the_calendar_once_even_when_two_fears_or_the_day_to_write_share_it(workshop):
    """The same step with the same day in two fears is one event; the day to write taken from a next step keeps
    both (writing the request and the step are two things), and no event comes twice."""
    step = {"action": "Frau Ölmez anschreiben", "due": "2026-12-04"}
    answers = {f"{fear}.next_step.{part}": value for fear in ("not-ready", "regret") for part, value in step.items()}
    parsed = events(calendar_file(workshop, answers, "de"))
    summaries = [str(e["summary"]) for e in parsed]
    assert len(summaries) == len(set(summaries)) == 3, summaries  # the next step, the request, the nudge
    assert len({str(e["uid"]) for e in parsed}) == len(parsed)
    assert sum("Frau Ölmez anschreiben" in s for s in summaries) == 1


def test_does_a_past_next_step_stay_out_of_the_calendar(workshop):
    answers = {**ANSWERS, "not-ready.next_step.action": "Liste kürzen", "not-ready.next_step.due": "2026-11-20"}
    assert all("Liste kürzen" not in str(e["summary"]) for e in events(calendar_file(workshop, answers, "de")))
