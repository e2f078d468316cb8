"""Wrap-up in the kernel: ratings again with a chart, a commitment, take-home downloads, erase."""

from __future__ import annotations

import datetime as dt
import html
import re

import ipywidgets as w

from coffeechat.models.session import Session
from coffeechat.storage.journal import Journal
from coffeechat.views.builder import BuilderView
from coffeechat.views.common import DOWNLOAD_BUTTON, widget_tree
from coffeechat.views.wrapup import EndDownloads, WrapUpView
from tests.conftest import all_text, find


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
    """Writing by 4 December and talking on 15 December: thanks by the 16th, an update four working weeks later
    (Christmas Day and New Year's Day do not count)."""
    view = WrapUpView(session, "wrap-up")
    view.fields["due"].input.value = dt.date(2026, 12, 4)
    assert "<li>5. Dezember" not in view.reminder.value
    view.fields["talk"].input.value = dt.date(2026, 12, 15)
    assert journal.load(session.code)["wrapup.commit.talk"] == "2026-12-15"
    reminder = view.reminder.value
    assert "<li>15. Dezember 2026: Informationsgespräch</li>" in reminder
    assert "<li>16. Dezember 2026: Dankeschön schicken</li>" in reminder
    assert "<li>14. Januar 2027: Erzählen, was aus dem Rat geworden ist</li>" in reminder
    assert "<li>5. Dezember" not in reminder


def test_the_plans_contact_is_the_default_of_the_commitment(session: Session, journal: Journal):
    session.set(
        "builder.request",
        {"contact_name": "Frau Ölmez", "contact_role": "Stadtplanerin", "field": "Verkehrswende", "goals": ["get-in"]},
    )
    session.set("builder.outreach.channel", "linkedin")
    view = WrapUpView(session, "wrap-up")
    assert view.fields["who"].input.value == "Frau Ölmez (Stadtplanerin im Bereich Verkehrswende)"
    assert view.fields["channel"].input.value == "linkedin"
    assert view.fields["draft"].input.value == "builder"
    assert "wrapup.commit.who" not in journal.load(session.code), "a default is shown, not saved"
    view.fields["who"].input.value = "Herr Brandt"
    assert journal.load(session.code)["wrapup.commit.who"] == "Herr Brandt"


def test_does_by_when_show_the_day_of_my_own_next_step_and_say_where_it_came_from(session: Session, journal):
    """A walk: "Bis wann" stood empty though a fear module's next step had a date."""
    session.set("not-connected.next_step.action", "Drei Alumni auf LinkedIn heraussuchen")
    session.set("not-connected.next_step.due", "2026-12-09")
    session.set("not-ready.next_step.due", "2026-12-14")
    view = WrapUpView(session, "wrap-up")
    assert view.fields["due"].input.value == dt.date(2026, 12, 9)
    assert "Ich bin nicht gut genug vernetzt." in view.due_source.value
    assert view.due_source.layout.display is None
    assert "9. Dezember 2026: Um ein Informationsgespräch bitten" in view.reminder.value
    assert "wrapup.commit.due" not in journal.load(session.code), "a suggestion is shown, not saved"
    view.fields["due"].input.value = dt.date(2026, 12, 11)
    assert journal.load(session.code)["wrapup.commit.due"] == "2026-12-11"
    assert view.due_source.value == "", "their own day: no word about a next step"
    assert view.due_source.layout.display == "none", "and no gap where it stood"
    again = WrapUpView(session, "wrap-up")
    assert again.fields["due"].input.value == dt.date(2026, 12, 11), "what they typed is never overwritten"


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
    assert "Eine neue Stelle zu suchen, braucht Mut." in closing
    assert "kommen Sie der Arbeit näher, die Sie sich wünschen" in closing


def test_does_a_journal_with_impossible_dates_and_numbers_still_open_download_and_erase(session: Session, journal):
    """Saved before dates were checked: 9999-12-31 and 0001-01-01, 99999 round minutes, a garbled date."""
    for key, value in {
        "wrapup.commit.due": "9999-12-31",
        "wrapup.commit.talk": "0001-01-01",
        "regret.next_step.due": "morgen",
        "roleplay.minutes": 99999,
        "roleplay.round": 10**9,
        "wrapup.commit.who": "Frau Ölmez",
    }.items():
        journal.save(session.code, key, value)
    session.attach(session.code)
    view = WrapUpView(session, "wrap-up")
    hint = session.t("field.date_stored_out_of_range", value="9999-12-31")
    assert html.escape(hint) in view.fields["due"].date_hint.value, "the page says which date cannot be used"
    assert view.fields["due"].input.value is None
    for kind in ("pdf", "md", "json"):
        assert view.download(kind), f"the {kind} download works"
        assert session.t("download.failed") not in view.notes[kind].value
    assert not view.download("ics"), "no date that can be planned with: no (empty) calendar file"
    view.fields["due"].input.value = dt.date(2026, 12, 4)
    assert journal.load(session.code)["wrapup.commit.due"] == "2026-12-04"
    assert view.fields["due"].date_hint.value == "", "a good date replaces the warning"
    view.erase()
    assert not journal.participant_exists(session.code)


def test_is_a_date_far_in_the_future_refused_with_the_days_one_may_choose(session: Session, journal):
    messages = []
    session.on_status(lambda kind, message: messages.append((kind, message)))
    view = WrapUpView(session, "wrap-up")
    view.fields["due"].input.value = dt.date(9999, 12, 31)
    assert messages[-1] == (
        "rejected",
        session.t("field.date_out_of_range", earliest="1. Dezember 2025", latest="1. Dezember 2031"),
    )
    assert "wrapup.commit.due" not in journal.load(session.code)
    assert view.fields["due"].input.value == dt.date(9999, 12, 31), "what was chosen stays on screen"


def test_does_a_download_that_cannot_be_made_say_so_and_lose_nothing(session: Session, journal, monkeypatch):
    session.set("regret.next_step.action", "Frau Öztürk schreiben")
    view = WrapUpView(session, "wrap-up")

    def broken(*_args, **_kwargs):
        raise RuntimeError("the PDF library failed")

    monkeypatch.setattr("coffeechat.documents.pdf.document_pdf", broken)
    assert not view.download("pdf")
    assert html.escape(session.t("download.failed")) in view.notes["pdf"].value
    assert "Traceback" not in view.notes["pdf"].value and "RuntimeError" not in view.notes["pdf"].value
    assert view.download("md"), "another format still works"
    assert journal.load(session.code)["regret.next_step.action"] == "Frau Öztürk schreiben"


def test_is_a_date_in_the_past_refused_with_a_clear_message_and_kept_on_screen(session: Session, journal: Journal):
    """The walk: dates in the past were accepted silently. Today is 1 December 2026 in these tests."""
    messages = []
    session.on_status(lambda kind, message: messages.append((kind, message)))
    view = WrapUpView(session, "wrap-up")
    view.fields["due"].input.value = dt.date(2026, 11, 28)
    assert messages[-1] == ("rejected", session.t("field.date_past", day="28. November 2026"))
    assert "wrapup.commit.due" not in journal.load(session.code), "not saved"
    assert view.fields["due"].input.value == dt.date(2026, 11, 28), "what was typed stays on screen"
    assert html.escape(session.t("wrapup.due_past", day="28. November 2026")) in view.dates_note.value
    view.fields["due"].input.value = dt.date(2026, 12, 1)
    assert journal.load(session.code)["wrapup.commit.due"] == "2026-12-01", "today is fine"
    assert view.dates_note.value == ""


def test_does_a_conversation_before_the_sending_date_get_a_message_and_stay_out_of_the_reminders(
    session: Session, journal: Journal
):
    view = WrapUpView(session, "wrap-up")
    view.fields["due"].input.value = dt.date(2026, 12, 10)
    view.fields["talk"].input.value = dt.date(2026, 12, 8)
    saved = journal.load(session.code)
    assert (saved["wrapup.commit.due"], saved["wrapup.commit.talk"]) == ("2026-12-10", "2026-12-08"), "nothing lost"
    note = view.dates_note.value
    assert html.escape(session.t("wrapup.talk_before_due", talk="8. Dezember 2026", due="10. Dezember 2026")) in note
    assert "role='alert'" in note
    assert "8. Dezember 2026: Informationsgespräch" not in view.reminder.value
    assert "10. Dezember 2026: Um ein Informationsgespräch bitten" in view.reminder.value
    view.fields["talk"].input.value = dt.date(2026, 12, 12)
    assert view.dates_note.value == ""
    assert "12. Dezember 2026: Informationsgespräch" in view.reminder.value


def test_are_the_date_messages_in_english_for_an_english_participant(workshop, journal: Journal):
    session = Session(workshop, journal, language="en")
    session.start_new()
    view = WrapUpView(session, "wrap-up")
    view.fields["due"].input.value = dt.date(2026, 12, 10)
    view.fields["talk"].input.value = dt.date(2026, 12, 3)
    assert "The conversation (3 December 2026) is before the day you send your request" in view.dates_note.value


def test_does_the_wrap_up_offer_a_calendar_only_once_a_day_is_entered_and_say_why_not(session: Session):
    view = WrapUpView(session, "wrap-up")
    ics = find(view.widget, "cc-take-home-ics")
    assert ics.layout.display == "none", "no empty calendar file"
    assert html.escape(session.t("end.no_calendar")) in all_text(view.widget)
    assert not view.download("ics")
    view.fields["due"].input.value = dt.date.today() + dt.timedelta(days=3)
    assert ics.layout.display != "none"
    assert html.escape(session.t("end.no_calendar")) not in all_text(view.widget)


def test_does_the_end_screen_offer_the_take_home_and_a_calendar_only_with_a_date(session: Session, monkeypatch):
    end = EndDownloads(session)
    shown = lambda: [k for k, b in end.buttons.items() if b.layout.display != "none"]
    assert shown() == ["pdf"]
    assert html.escape(session.t("end.no_calendar")) in end.calendar_note.value
    assert not end.download("ics"), "a hidden button pressed by hand makes no file"
    sent = {}
    monkeypatch.setattr(end.downloader, "offer", lambda name, data, mime: sent.__setitem__(name, data))
    session.set("wrapup.commit.due", (dt.date.today() + dt.timedelta(days=3)).isoformat())
    session.set("builder.request", {"contact_name": "Frau Ölmez", "contact_role": "Stadtplanerin", "field": ""})
    end.refresh()
    assert shown() == ["pdf", "plan", "ics"] and end.calendar_note.value == ""
    for kind in ("pdf", "plan", "ics"):
        find(end.widget, f"cc-end-{kind}").click()
    names = sorted(sent)
    assert any(name.endswith(".ics") for name in names) and sum(n.endswith(".pdf") for n in names) == 2, names
    assert all(data for data in sent.values())


def test_is_the_calendar_download_as_wide_as_its_label_like_the_other_downloads(session):
    """With a layout of its own (it hides while no reminder has a date) it had the default width of a widget
    button: its label broke over three lines and stretched the whole row of downloads."""
    view = WrapUpView(session, "wrap-up")
    assert view.calendar_button.layout.width == "auto"


def note_beside(view: WrapUpView, css_class: str):
    """The note in the same row as the button ``css_class``."""
    control = find(view.widget, css_class)
    row = next(r for r in widget_tree(view.widget) if isinstance(r, w.HBox) and control in r.children)
    return next(part for part in row.children if part is not control)


def test_does_a_downloads_note_stand_beside_the_button_that_made_it(session: Session, monkeypatch):
    """It sat at the bottom of the one long page, far from the button."""
    view = WrapUpView(session, "wrap-up")
    monkeypatch.setattr(view.downloader, "offer", lambda name, data, mime: None)
    find(view.widget, "cc-take-home-md").click()
    said = html.escape(session.t("builder.downloaded"))
    assert said in shown(note_beside(view, "cc-take-home-md"))
    assert said not in shown(note_beside(view, "cc-take-home-json"))
    find(view.widget, "cc-take-home-json").click()
    assert said in shown(note_beside(view, "cc-take-home-json"))
    assert shown(note_beside(view, "cc-take-home-md")) == "", "one note at a time: beside the button pressed last"


def shown(note) -> str:
    """What a download's note says, without the place it keeps (the words it will say, drawn unseen)."""
    return re.sub(r"<div class=\"cc-note-place\" data-room=\"[^\"]*\">(.*)</div>$", r"\1", note.value)


def test_does_a_downloads_note_keep_its_place_before_it_says_anything(session: Session, monkeypatch):
    """On a phone the note appeared under „Taschenkarte (PDF)“ and pushed Next down under the finger: its place is
    kept from the start, as big as what it will say."""
    end = EndDownloads(session)
    monkeypatch.setattr(end.downloader, "offer", lambda name, data, mime: None)
    room = f'data-room="{html.escape(session.t("builder.downloaded"))}"'
    assert room in end.note.value and shown(end.note) == ""
    end.download("pdf")
    assert room in end.note.value and html.escape(session.t("builder.downloaded")) in shown(end.note)


def steps_on_screen(view: WrapUpView) -> list[int]:
    return [n for n, box in enumerate(view.step_boxes, start=1) if box.layout.display != "none"]


def test_is_the_wrap_up_four_steps_one_at_a_time_and_does_it_open_at_the_saved_step(session: Session, journal):
    view = WrapUpView(session, "wrap-up")
    assert view.steps == ("rate", "commit", "take-home", "end") and steps_on_screen(view) == [1]
    parts = {
        1: ("cc-wrapup-rating-regret", "cc-before-after"),
        2: ("cc-key-wrapup-commit-who", "cc-closing"),
        3: ("cc-take-home-pdf", "cc-take-home-json", "cc-erase"),
        4: ("cc-end-profile", "cc-end-take-home"),
    }
    for number, classes in parts.items():
        for css_class in classes:
            assert find(view.step_boxes[number - 1], css_class), f"{css_class} in step {number}"
    headings = [session.t(f"wrapup.step.{name}") for name in view.steps]
    assert "Schritt 3 von 4 · Mitnehmen" in all_text(view.step_boxes[2]) and headings[2] == "Mitnehmen"
    view.show_step(3)
    assert steps_on_screen(view) == [3] and journal.load(session.code)["step.wrap-up"] == 3
    assert steps_on_screen(WrapUpView(session, "wrap-up")) == [3], "a new view (a reload) opens at the saved step"


def test_does_the_end_screen_show_the_profile_the_dated_next_step_and_the_take_home(session: Session, monkeypatch):
    session.set("welcome.rating.regret", 8)
    view = WrapUpView(session, "wrap-up")
    view.sliders["regret"].value = 3
    view.fields["who"].input.value = "Frau <Ölmez>"
    view.fields["due"].input.value = dt.date(2026, 12, 4)
    view.fields["channel"].input.value = "linkedin"
    view.show_step(4)
    end = view.step_boxes[3]
    assert "Schritt 4 von 4 · Geschafft" in all_text(end)
    assert view.end_chart.value.startswith("<svg")
    title = session.workshop.fear("regret").title["de"]
    assert html.escape(session.t("wrapup.chart_value", fear=title, before="8", after="3"), quote=True) in (
        view.end_chart.value
    ), "the profile has its text alternative"
    said = "Bis 4. Dezember 2026 bitten Sie Frau &lt;Ölmez&gt; um ein Gespräch (LinkedIn)."
    assert said in view.end_next.value, "one sentence with its date, escaped"
    assert view.end_back.layout.display == "none", "a next step with a date: no way back needed"
    assert html.escape(session.t("wrapup.end_closing")) in all_text(end)
    assert "Ängste" not in all_text(end), "no fear module done: nothing claimed about the fears"
    session.set("progress.regret", True)
    session.set("regret.reflection.why", "Weil ich es später bereuen würde.")  # done, and something written in it
    view.show_step(4)
    assert "Sie haben sich 1 von 4 Ängsten mit eigenen Antworten gestellt; noch nicht: „Nicht bereit“," in all_text(end)
    assert "Dorthin können Sie jederzeit zurück. Für Ihren ersten Schritt fehlt jetzt nur noch eine Nachricht" in (
        all_text(end)
    ), "what is left in the workshop, then what is left for the first step: one consistent thing"
    sent = {}
    monkeypatch.setattr(view.downloader, "offer", lambda name, data, mime: sent.update(name=name, data=data))
    find(end, "cc-end-take-home").click()
    assert sent["data"].startswith(b"%PDF")
    assert html.escape(session.t("builder.downloaded")) in note_beside(view, "cc-end-take-home").value


def test_does_the_end_screen_without_a_commitment_or_ratings_say_so_and_lead_back_to_step_2(session: Session):
    view = WrapUpView(session, "wrap-up")
    asked = []
    view.focus = asked.append
    view.show_step(4)
    assert html.escape(session.t("wrapup.end_no_step")) in view.end_next.value
    assert html.escape(session.t("wrapup.end_no_ratings")) in view.end_chart.value
    assert view.end_back.layout.display != "none"
    view.end_back.click()
    assert steps_on_screen(view) == [2] and view.step == 2
    assert asked == [".cc-wrapup .cc-module-step-2 .cc-module-step-heading h3"], "the focus goes to step 2's heading"


def test_is_every_download_button_one_that_a_double_click_presses_once(session: Session):
    """A double tap on „Taschenkarte (PDF)“ downloaded the card twice: page.js counts a double click as one on
    every button of the kind DOWNLOAD_BUTTON; every button that makes a file (its „⤓“) is one, on every screen."""
    for view in (BuilderView(session, "question-builder"), WrapUpView(session, "wrap-up"), EndDownloads(session)):
        files = [b for b in widget_tree(view.widget) if isinstance(b, w.Button) and b.description.startswith("⤓")]
        assert files, type(view).__name__
        assert all(DOWNLOAD_BUTTON in b._dom_classes for b in files), [b.description for b in files]


def test_does_choosing_another_channel_than_my_drafts_show_the_message_that_goes_home_for_it(session: Session):
    """A keyboard walk wrote and edited its e-mail in the plan, chose LinkedIn here with „Mein Entwurf aus dem
    Gesprächsplan“, and took home a short LinkedIn note it had never seen. The step says so and shows that note."""
    from coffeechat.models.outreach import REQUEST_KIND, home_message

    session.set(
        "builder.request",
        {
            "contact_name": "Frau Ölmez",
            "contact_role": "Stadtplanerin",
            "field": "Verkehrswende",
            "my_name": "Jürgen Weiß",
            "my_situation": "Ich schließe gerade meinen Master in Stadtplanung ab.",
            "connection": "Ihren Vortrag beim Stadtforum habe ich gehört.",
            "goals": ["get-in"],
        },
    )
    view = WrapUpView(session, "wrap-up")
    note = lambda: html.unescape(find(view.widget, "cc-other-channel").value)
    assert note() == "", "the plan's own channel: nothing to say"
    view.fields["channel"].input.value = "linkedin"
    home = home_message(session.workshop, REQUEST_KIND, session.answers(), "de")
    assert home is not None and home[0] == "linkedin"
    said = note()
    assert "E-Mail" in said and "LinkedIn" in said, said
    assert home[1].splitlines()[0] in said, "the LinkedIn note that goes home, to read"
    view.fields["draft"].input.value = "new"
    assert note() == "", "a new message of their own: no draft goes home for it"
    view.fields["draft"].input.value = "builder"
    view.fields["channel"].input.value = "phone"
    assert note() == "", "a call: no written message"
