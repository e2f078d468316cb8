"""Wrap-up in the kernel: ratings again with a chart, a commitment, take-home downloads, erase."""

from __future__ import annotations

import datetime as dt
import html

from coffeechat.journal import Journal
from coffeechat.session import Session
from coffeechat.views.wrapup import WrapUpView

from ..conftest import all_text, find


def test_ratings_after_are_saved_and_the_chart_follows(session: Session, journal: Journal):
    session.set("welcome.rating.regret", 8)
    view = WrapUpView(session, "wrap-up")
    before = view.chart.value
    view.sliders["regret"].value = 3
    assert journal.load(session.code)["wrapup.rating.regret"] == 3
    assert view.chart.value != before and view.chart.value.startswith("<svg")
    title = session.workshop.fear("regret").title["de"]
    described = session.t("wrapup.chart_value", fear=title, before="8", after="3")
    assert html.escape(described, quote=True) in view.chart.value, "the alt text states before and after"
    assert 'class="cc-hatch"' in view.chart.value, "'before' is hatched, readable in grey-scale print"


def test_commitment_is_saved_with_a_thank_you_reminder(session: Session, journal: Journal):
    view = WrapUpView(session, "wrap-up")
    view.fields["who"].input.value = "Frau Ölmez (Alumna)"
    view.fields["due"].input.value = dt.date(2026, 12, 4)
    view.fields["channel"].input.value = "linkedin"
    view.fields["draft"].input.value = "builder"
    saved = journal.load(session.code)
    assert saved["wrapup.commit.who"] == "Frau Ölmez (Alumna)"
    assert saved["wrapup.commit.due"] == "2026-12-04"
    assert saved["wrapup.commit.channel"] == "linkedin"
    assert "4. Dezember 2026: Um ein Informationsgespräch bitten – Frau Ölmez (Alumna)" in view.reminder.value
    assert "11. Dezember 2026: Noch keine Antwort" in view.reminder.value  # one nudge a week later
    assert "2026-12" not in view.reminder.value, "no ISO dates in what a participant reads"


def test_the_thank_you_hangs_on_the_conversation_not_on_the_day_of_writing(session: Session, journal: Journal):
    """Writing by 4 December and talking on 15 December: thanks by the 16th, an update four weeks later."""
    view = WrapUpView(session, "wrap-up")
    view.fields["due"].input.value = dt.date(2026, 12, 4)
    assert "<li>5. Dezember" not in view.reminder.value
    view.fields["talk"].input.value = dt.date(2026, 12, 15)
    assert journal.load(session.code)["wrapup.commit.talk"] == "2026-12-15"
    reminder = view.reminder.value
    assert "<li>15. Dezember 2026: Informationsgespräch</li>" in reminder
    assert "<li>16. Dezember 2026: Dankeschön schicken</li>" in reminder
    assert "<li>12. Januar 2027: Erzählen, was aus dem Rat geworden ist</li>" in reminder
    assert "<li>5. Dezember" not in reminder


def test_the_plans_contact_is_the_default_of_the_commitment(session: Session, journal: Journal):
    session.set(
        "builder.request",
        {"contact_name": "Frau Ölmez", "contact_role": "Stadtplanerin", "field": "Verkehrswende", "goals": ["get-in"]},
    )
    session.set("builder.outreach.channel", "linkedin")
    view = WrapUpView(session, "wrap-up")
    assert view.fields["who"].input.value == "Frau Ölmez, Stadtplanerin, Verkehrswende"
    assert view.fields["channel"].input.value == "linkedin"
    assert view.fields["draft"].input.value == "builder"
    assert "wrapup.commit.who" not in journal.load(session.code), "a default is shown, not saved"
    view.fields["who"].input.value = "Herr Brandt"
    assert journal.load(session.code)["wrapup.commit.who"] == "Herr Brandt"


def test_the_reminders_come_as_a_calendar_file(session: Session, monkeypatch):
    view = WrapUpView(session, "wrap-up")
    view.fields["who"].input.value = "Jörg Übel"
    view.fields["due"].input.value = dt.date(2026, 12, 4)
    sent = {}
    monkeypatch.setattr(view.downloader, "offer", lambda name, data, mime: sent.update(name=name, data=data, mime=mime))
    view.download("ics")
    assert sent["mime"] == "text/calendar" and sent["name"].endswith(".ics")
    assert "Jörg Übel" in sent["data"].decode("utf-8").replace("\r\n ", "")


def test_take_home_downloads_carry_the_participants_words(session: Session, monkeypatch):
    session.set("not-ready.next_step.action", "Kaffee mit Jörg vereinbaren ☕ 🙂")
    session.set("wrapup.commit.who", "Jörg Übel")
    view = WrapUpView(session, "wrap-up")
    sent = {}
    monkeypatch.setattr(
        view.downloader, "offer", lambda name, data, mime: sent.__setitem__(name.rsplit(".", 1)[1], data)
    )
    for kind in ("pdf", "md", "json"):
        find(view.widget, f"cc-take-home-{kind}").click()
    assert sent["pdf"].startswith(b"%PDF")
    assert "Kaffee mit Jörg vereinbaren ☕ 🙂" in sent["md"].decode("utf-8")
    assert "Jörg Übel" in sent["json"].decode("utf-8")


def test_erase_asks_first_and_then_removes_everything(session: Session, journal: Journal):
    erased = []
    view = WrapUpView(session, "wrap-up", on_erased=lambda: erased.append(True))
    code = session.code
    find(view.widget, "cc-erase").click()
    assert session.t("wrapup.erase_confirm") in all_text(view.widget)
    find(view.widget, "cc-erase-no").click()
    assert journal.participant_exists(code)
    find(view.widget, "cc-erase").click()
    find(view.widget, "cc-erase-yes").click()
    assert not journal.participant_exists(code)
    assert erased == [True]


def test_the_closing_words_on_courage_reach_every_participant(session: Session, workshop):
    view = WrapUpView(session, "wrap-up")
    closing = find(view.widget, "cc-closing").value
    assert "jede Angst, der Sie sich stellen, bringt Sie Ihrem Ziel ein Stück näher" in closing
    assert "es lohnt sich" in closing
