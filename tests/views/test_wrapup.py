"""Wrap-up in the kernel: ratings again with a chart, a commitment, take-home downloads, erase."""

from __future__ import annotations

import datetime as dt

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
    regret = session.workshop.fear("regret").title["de"]
    after = view.chart.value
    assert after != before and f"{regret}: vorher 8, nachher 3" in after
    assert 'class="cc-hatch"' in after, "'before' is hatched, readable in grey-scale print"


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
    assert "2026-12-05" in view.reminder.value


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
