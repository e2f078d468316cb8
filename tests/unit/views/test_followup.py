"""The weeks after in the kernel: contacts added, moved through every stage with the right message at each, a
participant coming back a week later greeted with what is due, a stalled contact's reframe, the list to take
home. The clock is set by the test (``coffeechat.models.answers._today``)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from icalendar import Calendar

from coffeechat.models import keys
from coffeechat.models.session import Session
from coffeechat.storage.journal import Journal
from coffeechat.views.common import widget_tree
from coffeechat.views.followup import FollowThroughView
from tests.conftest import all_text, walk

MONDAY = dt.date(2026, 12, 7)


@pytest.fixture
def clock(monkeypatch):
    """The server's today, as the test sets it (a Monday to begin with)."""
    now = {"day": MONDAY}
    monkeypatch.setattr("coffeechat.models.answers._today", lambda: now["day"])
    return now


def add(view: FollowThroughView, name: str, organisation: str = "", role: str = "", written: bool = False) -> None:
    view.name.value, view.organisation.value, view.role.value = name, organisation, role
    view.written.value = written
    view.add_contact()


def due_cards(view: FollowThroughView) -> list:
    return list(view.due_box.children)


def card_for(view: FollowThroughView, kind: str, contact_id: str = "c-1"):
    for item_card in due_cards(view):
        if f"cc-followup-due-{kind}" in item_card._dom_classes:
            text = html.unescape(all_text(item_card))
            contact = view.contact(contact_id)
            if contact and (contact.name in text or (kind == "second-person" and contact.organisation in text)):
                return item_card
    raise AssertionError(f"no due {kind} for {contact_id}: {[c._dom_classes for c in due_cards(view)]}")


def press(widget, css_class: str) -> None:
    found = [node for node in widget_tree(widget) if css_class in getattr(node, "_dom_classes", ())]
    assert found, f"no {css_class}"
    found[0].click()


def message_text(view: FollowThroughView, kind: str, contact_id: str = "c-1", opened: bool = False) -> str:
    if not opened:
        press(card_for(view, kind, contact_id), "cc-followup-show")
    fields = [n for n in widget_tree(card_for(view, kind, contact_id)) if "cc-followup-message" in n._dom_classes]
    assert fields, f"the {kind} message is not shown"
    return fields[0].value


def test_an_empty_list_says_where_to_begin_and_offers_the_plans_contact(session: Session, journal: Journal, clock):
    view = FollowThroughView(session, "follow-through")
    assert session.t("followup.greeting_empty_no_plan") in html.unescape(view.greeting.value), "no plan to point to"
    assert all(b.layout.display == "none" for b in view.plan_buttons), "no plan, no button"
    session.set(keys.BUILDER_REQUEST, {"contact_name": "Herr Özdemir", "contact_role": "UX-Researcher"})
    view = FollowThroughView(session, "follow-through")
    assert session.t("followup.greeting_empty") in html.unescape(view.greeting.value)
    assert view.plan_buttons[0].layout.display is None
    assert "Herr Özdemir" in view.plan_buttons[0].description
    view.plan_buttons[0].click()
    saved = journal.load(session.code)[keys.FOLLOWUP_CONTACTS]
    assert [(c["name"], c["role"], c["history"][0]["stage"]) for c in saved] == [
        ("Herr Özdemir", "UX-Researcher", "to-write")
    ]
    assert view.plan_buttons[1].layout.display == "none", "once on the list, not offered again"


def test_is_the_plans_contact_due_on_the_day_the_commitment_says(session: Session, clock):
    """A walk: the contact taken from the plan was „heute fällig“ though the wrap-up's commitment said to write
    in ten days. Its first request is due on the commitment's day."""
    later = clock["day"] + dt.timedelta(days=10)
    session.set(keys.BUILDER_REQUEST, {"contact_name": "Herr Özdemir", "contact_role": "UX-Researcher"})
    session.set(keys.commitment("due"), later.isoformat())
    view = FollowThroughView(session, "follow-through")
    view.plan_buttons[0].click()
    [item] = view.due_items
    assert (item.kind, item.day, item.status) == ("request", later, "later")
    said = html.unescape(all_text(view.list_box))
    assert "bis 17. Dezember 2026" in said and "ab 17. Dezember" not in said, "due by the committed day, not from it"
    assert view.today_note.value and "Herr Özdemir" in html.unescape(view.today_note.value), "said where it was pressed"


def test_a_contact_needs_a_name_or_an_organisation_and_html_stays_text(session: Session, journal: Journal, clock):
    view = FollowThroughView(session, "follow-through")
    add(view, "   ")
    assert session.t("followup.need_name") in html.unescape(view.add_note.value)
    assert keys.FOLLOWUP_CONTACTS not in journal.load(session.code)
    add(view, "<b>Aylin</b> 🙂", "Stadtwerke Köln")
    assert "<b>Aylin</b>" not in all_text(view.list_box) or "&lt;b&gt;" in view.list_box.children[0].children[0].value
    assert view.name.value == "", "the form empties for the next contact"


def done_anyway(view: FollowThroughView, kind: str, contact_id: str = "c-1") -> None:
    """„Erledigt“, and „Trotzdem eintragen“ where the open draft still has gaps."""
    press(card_for(view, kind, contact_id), "cc-followup-done")
    if view.confirming == (contact_id, kind):
        press(card_for(view, kind, contact_id), "cc-followup-done-anyway")


def test_one_contact_through_every_stage_with_the_right_message_at_each(session: Session, journal: Journal, clock):
    session.set(keys.BUILDER_REQUEST, {"my_name": "Lena Berg", "field": "Einkauf"})
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", "Stadtwerke Leipzig", "Teamleitung Einkauf")
    add(view, "Herr Brandt", "Messe Berlin")
    add(view, "Frau Nowak", "Charité", written=True)
    assert [c.name for c in view.contacts] == ["Frau Yılmaz", "Herr Brandt", "Frau Nowak"]

    request = message_text(view, "request")
    assert "Yılmaz" in request and "Lena Berg" in request and "{" not in request
    done_anyway(view, "request")
    assert view.contact("c-1").stage == "written"

    clock["day"] = MONDAY + dt.timedelta(days=3)  # Thursday: three working days without a reply
    view = FollowThroughView(session, "follow-through")
    second = card_for(view, "second-person")
    assert "Stadtwerke Leipzig" in html.unescape(all_text(second))
    press(second, "cc-followup-add-second")
    assert view.contacts[-1].organisation == "Stadtwerke Leipzig" and view.contacts[-1].kind == "organisation"

    clock["day"] = MONDAY + dt.timedelta(days=9)  # Wednesday a week on: seven working days
    view = FollowThroughView(session, "follow-through")
    nudge = message_text(view, "nudge")
    assert "Yılmaz" in nudge and nudge != request
    done_anyway(view, "nudge")
    assert view.contact("c-1").stage == "nudged"

    view.since_choices["c-1"].value = "replied-yes"
    view.apply_since()
    assert view.contact("c-1").stage == "replied-yes"
    reply = message_text(view, "reply-yes")
    assert "Yılmaz" in reply and "{" not in reply
    times = [n for n in widget_tree(card_for(view, "reply-yes")) if "cc-followup-field-time_slots" in n._dom_classes]
    times[0].value = "Di 10 Uhr oder Do 14 Uhr"
    assert "Di 10 Uhr oder Do 14 Uhr" in message_text(view, "reply-yes", opened=True)
    done_anyway(view, "reply-yes")
    assert view.contact("c-1").stage == "scheduled"

    view.record(view.contact("c-1"), "no-show", clock["day"], view.list_note)
    assert message_text(view, "reschedule")
    done_anyway(view, "reschedule")
    view.record(view.contact("c-1"), "met", clock["day"], view.list_note)
    session.set(keys.after_conversation("c-1", "learned"), "wie eng Einkauf und Technik zusammenarbeiten")
    thanks = message_text(view, "thank-you")
    assert "Yılmaz" in thanks and "wie eng Einkauf und Technik zusammenarbeiten" in thanks, "the reflection feeds it"
    done_anyway(view, "thank-you")
    assert view.contact("c-1").stage == "thanked"

    clock["day"] += dt.timedelta(weeks=4)
    view = FollowThroughView(session, "follow-through")
    assert message_text(view, "update")
    done_anyway(view, "update")
    stages = [step["stage"] for step in journal.load(session.code)[keys.FOLLOWUP_CONTACTS][0]["history"]]
    assert stages == [
        "to-write",
        "written",
        "nudged",
        "replied-yes",
        "scheduled",
        "no-show",
        "scheduled",
        "met",
        "thanked",
        "update-sent",
    ]


def test_coming_back_a_week_later_greets_with_what_is_due(session: Session, journal: Journal, clock):
    view = FollowThroughView(session, "follow-through")
    for name in ("Frau Yılmaz", "Herr Brandt"):
        add(view, name, written=True)
    view.show_step(3)  # left at "finding people"
    clock["day"] = MONDAY + dt.timedelta(days=9)
    back = FollowThroughView(session, "follow-through")
    assert back.step == 1, "what is due comes first"
    greeting = html.unescape(back.greeting.value)
    assert session.t("followup.greeting_back") in greeting
    assert "Einmal nachfassen: 2 heute fällig" in greeting


def test_a_no_brings_a_reframe_of_two_sentences(session: Session, journal: Journal, clock):
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", written=True)
    view.record(view.contact("c-1"), "replied-no", MONDAY, view.list_note)
    text = html.unescape(all_text(view.list_box))
    assert session.t("followup.stalled_heading") in text
    assert session.workshop.stall_reframe("no", 0).text["de"] in text


def test_a_step_that_cannot_be_is_refused_in_words(session: Session, journal: Journal, clock):
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", written=True)
    view.record(view.contact("c-1"), "met", MONDAY, view.list_note)
    assert "nicht gespeichert" in html.unescape(view.list_note.value)
    view.record(view.contact("c-1"), "replied-yes", MONDAY + dt.timedelta(days=5), view.list_note)
    assert "Zukunft" in html.unescape(view.list_note.value)
    assert view.contact("c-1").stage == "written"


def test_the_list_goes_home_as_csv_and_the_next_steps_as_a_calendar(session: Session, journal: Journal, clock):
    view = FollowThroughView(session, "follow-through")
    add(view, "=HYPERLINK(1)", "Stadtwerke Köln", written=True)
    offered = []
    view.downloader.offer = lambda name, data, mime: offered.append((name, data, mime))
    assert view.download("csv") and view.download("ics")
    (csv_name, csv_data, _), (ics_name, ics_data, _) = offered
    assert csv_name == "kontakte.csv" and "'=HYPERLINK(1)" in csv_data.decode()
    assert "Köln" in csv_data.decode("utf-8-sig")
    assert ics_name == "kontakte.ics" and b"BEGIN:VEVENT" in ics_data
    events = [c for c in Calendar.from_ical(ics_data).walk() if c.name == "VEVENT"]
    for event in events:  # a reminder says what to do and where the draft is, not only its title
        assert "„Dranbleiben“" in str(event["description"]), event["summary"]


def test_removing_a_contact_asks_first_and_takes_its_notes_along(session: Session, journal: Journal, clock):
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", written=True)
    view.record(view.contact("c-1"), "replied-yes", MONDAY, view.list_note)
    view.record(view.contact("c-1"), "scheduled", MONDAY, view.list_note)
    view.record(view.contact("c-1"), "met", MONDAY, view.list_note)
    session.set(keys.after_conversation("c-1", "learned"), "Viel über Einkauf.")
    view.ask_remove("c-1")
    assert session.t("followup.remove_confirm", who="Frau Yılmaz") in html.unescape(all_text(view.list_box))
    session.set(keys.followup_draft("c-1", "thank-you"), "Liebe Frau Yılmaz, danke für Ihre Zeit!")
    view.remove(view.contact("c-1"))
    saved = journal.load(session.code)
    assert saved[keys.FOLLOWUP_CONTACTS] == []
    assert saved.get(keys.after_conversation("c-1", "learned")) is None
    assert saved.get(keys.followup_draft("c-1", "thank-you")) is None, "the next contact may get the id c-1"


def test_a_participant_coming_back_with_something_due_opens_at_the_weeks_after(workshop, journal: Journal, clock):
    from coffeechat.pages.app import WorkshopApp
    from tests.conftest import find

    first = WorkshopApp(workshop, journal)
    find(first.root, "cc-start-new").click()
    code = first.session.code
    first.go("follow-through")
    view = first.navigation.module_object
    add(view, "Frau Yılmaz", written=True)
    add(view, "Herr Brandt")  # to write to today: the participant is at work on it
    first.go("wrap-up")  # left at the wrap-up
    later = WorkshopApp(workshop, journal)
    later.start.code_input.value = code
    find(later.root, "cc-resume").click()
    assert later.current == "wrap-up", "a reload the same day stays where it was"
    clock["day"] = MONDAY + dt.timedelta(days=9)
    again = WorkshopApp(workshop, journal)
    again.start.code_input.value = code
    find(again.root, "cc-resume").click()
    assert again.current == "follow-through" and again.navigation.module_object.step == 1
    assert "Einmal nachfassen: 1 heute fällig" in html.unescape(again.navigation.module_object.greeting.value)


def test_the_take_home_lists_the_contacts_with_what_is_next_and_what_was_noted(session: Session, clock):
    from coffeechat.documents.export import take_home, to_markdown

    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", "Stadtwerke Leipzig", "Teamleitung Einkauf", written=True)
    add(view, "", "Charité")
    for stage in ("replied-yes", "scheduled", "met"):
        view.record(view.contact("c-1"), stage, MONDAY, view.list_note)
    session.set(keys.after_conversation("c-1", "learned"), "Einkauf redet viel mit der Technik.")
    text = to_markdown(take_home(session.workshop, session.answers(), "de"))
    part = text[text.index(session.t("followup.title")) :]
    assert "| Frau Yılmaz (Teamleitung Einkauf, Stadtwerke Leipzig) | Gespräch geführt seit 7. Dezember 2026 |" in part
    assert "Danke sagen, am besten binnen 24 Stunden (fällig am 8. Dezember 2026)" in part
    assert "| Charité | noch anzuschreiben seit 7. Dezember 2026 |" in part
    assert "Nach dem Gespräch mit Frau Yılmaz" in part and "Einkauf redet viel mit der Technik." in part


def test_an_organisation_asks_for_a_person_first_whose_name_is_then_typed_into_the_contact(session: Session, clock):
    view = FollowThroughView(session, "follow-through")
    view.entry.value = "organisation"
    assert view.name.layout.display == "none", "an organisation where the person is still to be found has no name"
    add(view, "", "Caritasverband Würzburg e.V.")
    [item] = view.due_items
    assert item.kind == "find-person", "no message to a person nobody knows yet"
    found = card_for(view, "find-person")
    assert not [n for n in widget_tree(found) if "cc-followup-show" in n._dom_classes], "no message to show"
    press(found, "cc-followup-find-person")
    assert view.editing == "c-1" and view.step == 2, "the contact opens with its fields, on the contact list"
    form = next(n for n in widget_tree(view.list_box) if "cc-followup-edit-name" in n._dom_classes)
    form.value = "Frau Jürgens-Öztürk"
    press(view.list_box, "cc-followup-save")
    contact = view.contact("c-1")
    assert (contact.kind, contact.name, contact.organisation) == (
        "person",
        "Frau Jürgens-Öztürk",
        "Caritasverband Würzburg e.V.",
    )
    assert [i.kind for i in view.due_items] == ["request"], "now someone to write to"
    assert session.t("followup.saved", who="Frau Jürgens-Öztürk") in html.unescape(all_text(view.list_box))


def test_record_on_a_card_needs_a_choice_and_says_so_on_that_card(session: Session, clock):
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", written=True)
    view.record_on_card(view.contact("c-1"), "", MONDAY)
    assert session.t("followup.need_next") in html.unescape(all_text(view.list_box))
    view.record_on_card(view.contact("c-1"), "replied-yes", MONDAY)
    assert view.contact("c-1").stage == "replied-yes"
    said = html.unescape(all_text(view.list_box))
    assert "Eingetragen für Frau Yılmaz: hat zugesagt, 7. Dezember 2026." in said, "whose step, in a whole sentence"
    assert "Bisher: angeschrieben (" in said and "hat zugesagt (7. Dezember 2026)" in said


def test_an_english_card_says_whose_step_was_recorded_in_a_sentence_that_reads(session: Session, clock):
    session.language = "en"
    view = FollowThroughView(session, "follow-through")
    add(view, "Ms Yılmaz", written=True)
    view.record_on_card(view.contact("c-1"), "replied-yes", MONDAY)
    said = html.unescape(all_text(view.list_box))
    assert "Recorded for Ms Yılmaz: said yes, 7 December 2026." in said
    assert " on 7 December" not in said, "no „written to on …“"


def test_a_contact_quiet_after_its_nudge_is_let_go_and_a_thanked_no_needs_no_more_comfort(session: Session, clock):
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", written=True)
    add(view, "Herr Brandt", written=True)
    view.record(view.contact("c-1"), "nudged", MONDAY, view.list_note)
    view.record(view.contact("c-2"), "replied-no", MONDAY, view.list_note)
    clock["day"] = MONDAY + dt.timedelta(weeks=3)
    view = FollowThroughView(session, "follow-through")
    assert "c-1" not in view.since_choices, "seven working days after the nudge: let go, not asked about again"
    assert session.workshop.stall_reframe("no-reply", 0).text["de"] in html.unescape(all_text(view.list_box))
    view.record(view.contact("c-2"), "thanked", clock["day"], view.list_note)
    brandt = next(c for c in view.list_box.children if "cc-followup-contact-c-2" in c._dom_classes)
    assert session.t("followup.stalled_heading") not in html.unescape(all_text(brandt)), "thanked: no more comfort"


def test_a_message_says_what_it_still_lacks_before_it_is_copied(session: Session, clock):
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz")
    press(card_for(view, "request"), "cc-followup-show")
    said = html.unescape(all_text(card_for(view, "request")))
    assert "Noch offen: " in said and "Ihr Name" in said


def test_people_suggested_in_a_conversation_come_on_the_list_and_their_request_names_who_suggested_them(
    session: Session, journal: Journal, clock
):
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Weber", written=True)
    clock["day"] = MONDAY + dt.timedelta(days=3)
    view.record(view.contact("c-1"), "replied-yes", clock["day"], view.list_note)
    view.record(view.contact("c-1"), "scheduled", clock["day"], view.list_note)
    view.record(view.contact("c-1"), "met", clock["day"], view.list_note)
    suggested = view.content.after_conversation.suggested
    session.set(keys.after_conversation("c-1", suggested), ["Herr Brandt", "Frau Lang", " herr brandt ", "Frau Weber"])
    view.add_suggested(view.contact("c-1"))
    added = [c for c in view.contacts if c.id != "c-1"]
    assert [(c.name, c.introduced_by) for c in added] == [("Herr Brandt", "Frau Weber"), ("Frau Lang", "Frau Weber")]
    view.redraw()
    text = message_text(view, "request", added[0].id)
    assert "Frau Weber hat mir empfohlen, mich bei Ihnen zu melden." in text, text


def test_a_conversation_agreed_on_gets_its_day_comes_due_then_and_is_recorded_on_that_day(
    session: Session, journal: Journal, clock
):
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Weber", written=True)
    view.record(view.contact("c-1"), "replied-yes", MONDAY, view.list_note)
    view.record(view.contact("c-1"), "scheduled", MONDAY, view.list_note)
    thursday = MONDAY + dt.timedelta(days=3)
    view.set_meeting(view.contact("c-1"), MONDAY - dt.timedelta(days=1))
    assert "vor dem Tag" in html.unescape(view.card_said[1]), "a meeting before it was agreed is refused in words"
    view.set_meeting(view.contact("c-1"), thursday)
    assert view.contact("c-1").meeting == thursday
    assert "Das Gespräch ist am" in html.unescape(view.card_said[1])
    meeting = [i for i in view.due_items if i.kind == "meeting"]
    assert [(i.day, i.status) for i in meeting] == [(thursday, "this-week")]
    assert not [n for n in widget_tree(card_for(view, "meeting")) if "cc-followup-done" in n._dom_classes], "not yet"
    assert "am 10. Dezember" in html.unescape(all_text(card_for(view, "meeting"))), "a day, not 'due'"
    clock["day"] = thursday + dt.timedelta(days=2)  # recorded two days late: the thank-you is overdue, not new
    view.redraw()
    press(card_for(view, "meeting"), "cc-followup-done")
    contact = view.contact("c-1")
    assert (contact.stage, contact.since) == ("met", thursday)
    assert [(i.kind, i.status) for i in view.due_items] == [("thank-you", "overdue")]


def test_a_missed_conversation_s_new_date_message_names_the_day_it_was_missed(
    session: Session, journal: Journal, clock
):
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Weber", written=True)
    for stage in ("replied-yes", "scheduled"):
        view.record(view.contact("c-1"), stage, MONDAY, view.list_note)
    view.set_meeting(view.contact("c-1"), MONDAY + dt.timedelta(days=2))
    clock["day"] = MONDAY + dt.timedelta(days=4)
    view.record(view.contact("c-1"), "no-show", clock["day"], view.list_note)
    view.redraw()
    assert "9. Dezember" in message_text(view, "reschedule"), "the meeting's day, not the day it was recorded"


def test_coming_back_after_the_end_of_the_journey_opens_the_weeks_after_at_today(workshop, journal: Journal, clock):
    """A walk resumed after the end and landed on the weekly goal (the last step, where the journey ended), not
    on „Heute“, which is what the weeks after are for."""
    from coffeechat.pages.app import WorkshopApp
    from tests.conftest import find

    first = WorkshopApp(workshop, journal)
    find(first.root, "cc-start-new").click()
    code = first.session.code
    first.go("follow-through")
    first.navigation.show_step(4)  # the weekly goal and the list: the journey's end
    assert first.navigation.module_object.step == 4
    later = WorkshopApp(workshop, journal)
    later.start.code_input.value = code
    find(later.root, "cc-resume").click()
    assert later.current == "follow-through" and later.navigation.module_object.step == 1


def test_a_contact_cards_next_message_takes_the_participant_to_it_on_today(session: Session, clock):
    """A walk clicked „Erste Nachricht schreiben“ on a contact's card and nothing opened: the message is on
    „Heute“. The card's button goes there, opens the message and puts the focus in its draft; a message due
    later opens there too."""
    focused: list[str] = []
    view = FollowThroughView(session, "follow-through", focus=lambda selector, **_: focused.append(selector))
    add(view, "Frau Yılmaz", "Stadtwerke Leipzig")
    view.show_step(2)
    [contact_card] = view.list_box.children
    press(contact_card, "cc-followup-go-message")
    assert view.step == 1
    assert message_text(view, "request", opened=True), "the message is open on „Heute“"
    assert focused[-1] == ".cc-followup-message-c-1-request textarea"

    session.set(keys.commitment("due"), (clock["day"] + dt.timedelta(days=10)).isoformat())
    session.set(keys.BUILDER_REQUEST, {"contact_name": "Herr Özdemir"})
    later = FollowThroughView(session, "follow-through", focus=lambda selector, **_: focused.append(selector))
    later.plan_buttons[1].click()
    later_card = next(c for c in later.list_box.children if "Özdemir" in html.unescape(all_text(c)))
    press(later_card, "cc-followup-go-message")
    assert message_text(later, "request", contact_id="c-2", opened=True)


@pytest.mark.parametrize("language", ["de", "en"])
def test_finding_people_shows_each_way_folded_under_its_title_with_nothing_lost(session: Session, language: str):
    """A walk found „Menschen finden“ six phone screens long (issue 27 asks for about two): each way is a
    disclosure, closed, under its title; opened, it holds all its text and steps."""
    session.set_language(language)
    view = FollowThroughView(session, "follow-through")
    finding = session.workshop.follow_through.finding
    box = view.step_boxes[2]
    cards = [n for n in widget_tree(box) if any(c.startswith("cc-followup-finding-") for c in n._dom_classes)]
    assert len(cards) == len(finding.sections)
    for section, part in zip(finding.sections, cards, strict=True):
        markup = html.unescape(part.value)
        assert markup.lstrip().startswith("<details") and "<details open" not in markup, "folded, closed"
        summary = markup[markup.index("<summary") : markup.index("</summary>")]
        assert section.title[language] in summary
        body = markup[markup.index("</summary>") :]
        assert section.text[language].split("\n")[0][:60] in body
        assert all(step[language] in body for step in section.steps), "every step still there"


def test_an_english_reader_can_choose_no_public_holidays(session: Session, clock):
    """The holidays offered were German states' only: the choice names the nationwide German holidays, no
    holidays at all (weekends only), and the sixteen states in the reader's language."""
    session.set_language("en")
    view = FollowThroughView(session, "follow-through")
    labels = dict(view.state_choice.options)
    assert labels[session.t("followup.state_weekends_only")] == "none"
    assert "Bavaria" in labels and "Bayern" not in labels
    view.state_choice.value = "none"
    assert session.get(keys.FOLLOWUP_STATE) == "none"
    assert FollowThroughView(session, "follow-through").state_choice.value == "none", "kept as chosen"


def draft_field(view: FollowThroughView, kind: str, contact_id: str = "c-1"):
    return next(n for n in widget_tree(card_for(view, kind, contact_id)) if "cc-followup-message" in n._dom_classes)


def test_my_own_words_in_a_message_stay_through_a_reload_until_i_redo_the_draft(
    session: Session, journal: Journal, clock
):
    """A walk added a P.S. to a message of the weeks after, reloaded, and it was gone: the label said the message
    could be changed there, and nothing said the change was not kept."""
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz")
    kit = message_text(view, "request")
    draft_field(view, "request").value = kit + "\n\nP.S. Grüße aus Basel! 👋"
    assert journal.load(session.code)[keys.followup_draft("c-1", "request")].endswith("Basel! 👋")
    again = FollowThroughView(session, "follow-through")  # a reload
    assert message_text(again, "request").endswith("P.S. Grüße aus Basel! 👋")
    press(card_for(again, "request"), "cc-followup-redo")
    assert message_text(again, "request", opened=True) == kit
    assert journal.load(session.code).get(keys.followup_draft("c-1", "request")) is None, "the kit's draft again"


def test_the_plans_contact_gets_the_plans_draft_with_my_changes_and_how_i_know_them(session: Session, clock):
    """A walk changed the plan's message, took its contact into the weeks after, and found a new draft there
    with „[how you know them missing]“, though the wrap-up promised the plan's draft."""
    session.set(
        keys.BUILDER_REQUEST,
        {"contact_name": "Frau Müller", "contact_role": "Produktmanagerin", "connection": "Wir waren im selben Kurs."},
    )
    view = FollowThroughView(session, "follow-through")
    view.plan_buttons[0].click()
    composed = message_text(view, "request")
    connection = session.workshop.outreach.placeholder_labels["connection"]["de"]
    assert "Wir waren im selben Kurs." in composed and connection not in composed, composed
    session.set(keys.message("outreach", "text"), "Guten Tag Frau Müller,\n\nmein eigener Text.\n\nJörg")
    again = FollowThroughView(session, "follow-through")
    assert message_text(again, "request") == "Guten Tag Frau Müller,\n\nmein eigener Text.\n\nJörg"


def test_a_contact_added_here_gets_the_field_entered_for_them_not_the_plans(session: Session, clock):
    """A contact added in the weeks after read „your role (Product Owner) in <the plan's field>“: their draft asks
    for their own field above it („Berufsfeld“), and what is typed there goes into it; the plan's contact keeps
    the plan's field without asking."""
    session.set(keys.BUILDER_REQUEST, {"contact_name": "Frau Müller", "field": "Stadtplanung"})
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", "Stadtwerke Leipzig", role="Product Owner")
    assert "Stadtplanung" not in message_text(view, "request")
    typed = next(n for n in widget_tree(card_for(view, "request")) if "cc-followup-field-field" in n._dom_classes)
    typed.value = "Energieversorgung"
    assert "Energieversorgung" in draft_field(view, "request").value
    view.plan_buttons[0].click()  # the plan's contact
    assert "Stadtplanung" in message_text(view, "request", "c-2")
    assert not [n for n in widget_tree(card_for(view, "request", "c-2")) if "cc-followup-field-field" in n._dom_classes]


def test_a_gap_filled_in_the_draft_itself_is_no_longer_called_missing(session: Session, clock):
    """A walk typed the second person's name into the draft; „Noch offen: Name der zweiten Person“ stayed."""
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz")
    draft = message_text(view, "request")
    assert "Noch offen: " in html.unescape(all_text(card_for(view, "request")))
    filled = re.sub(r"\[[^\]]* fehlt\]", "Jörg Weiß", draft)  # every gap filled by hand
    draft_field(view, "request").value = filled
    assert "Noch offen: " not in html.unescape(all_text(card_for(view, "request"))), filled


def test_a_man_named_as_one_addresses_him_is_herrn_after_a_preposition_and_as_an_object(session: Session, clock):
    """A walk read „Was ist passiert? (bei Herr Dvořák)“: after „bei“, „mit“, „für“ and as the object of a verb
    German says „Herrn“; the name in the list and English stay as written."""
    view = FollowThroughView(session, "follow-through")
    add(view, "Herr Dvořák", written=True)
    said = html.unescape(all_text(view.list_box))
    assert "Was ist passiert? (bei Herrn Dvořák)" in said
    assert "Herrn Dvořák ändern" in said and "Herrn Dvořák von der Liste entfernen" in said
    view.ask_remove("c-1")
    assert "Herrn Dvořák mit allen Schritten von Ihrer Liste entfernen?" in html.unescape(all_text(view.list_box))
    view.record_on_card(view.contact("c-1"), "replied-yes", MONDAY)
    view.record_on_card(view.contact("c-1"), "scheduled", MONDAY)
    said = html.unescape(all_text(view.list_box))
    assert "Eingetragen für Herrn Dvořák: " in said and "Wann ist das Gespräch mit Herrn Dvořák?" in said
    assert "Herr Dvořák" in view.contact("c-1").name and "bei Herr " not in said and "mit Herr " not in said
    session.language = "en"
    view = FollowThroughView(session, "follow-through")
    assert "When is the conversation with Herr Dvořák?" in html.unescape(all_text(view.list_box)), "English as written"


def test_the_times_offered_after_a_yes_are_a_field_that_shows_a_long_answer_whole(session: Session, clock):
    """The weeks after's message fields that hold a phrase (the times offered, the place) grow with it; a name
    stays one line."""
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", written=True)
    view.record_on_card(view.contact("c-1"), "replied-yes", MONDAY)
    press(card_for(view, "reply-yes"), "cc-followup-show")
    times = [n for n in widget_tree(card_for(view, "reply-yes")) if "cc-followup-field-time_slots" in n._dom_classes]
    assert times and "cc-grows" in times[0]._dom_classes and times[0].rows == 1


def test_does_today_list_the_first_message_i_promised_with_its_day_once_and_only_once(session: Session, clock):
    """A walk: „Heute“ said nothing of the first message committed to at the end of the journey until its day. It
    is listed as coming, with its day: as the promise while its person is not on the list, as that contact's own
    card once they are (never both), and neither once it is written."""
    later = clock["day"] + dt.timedelta(days=17)  # beyond this week: "later"
    session.set(keys.BUILDER_REQUEST, {"contact_name": "Herr Özdemir", "contact_role": "UX-Researcher"})
    session.set(keys.commitment("due"), later.isoformat())
    view = FollowThroughView(session, "follow-through")
    [promise] = due_cards(view)
    said = html.unescape(all_text(promise))
    assert "Erste Nachricht schreiben – Herr Özdemir" in said and "bis 24. Dezember 2026" in said
    assert session.t("followup.promise_note") in said, "where its message will be"
    view.plan_buttons[0].click()
    [own] = due_cards(view)
    assert "cc-followup-promise" not in own._dom_classes, "the contact's own card, not the promise beside it"
    assert "bis 24. Dezember 2026" in html.unescape(all_text(card_for(view, "request")))
    assert message_text(view, "request"), "its message one tap away"
    view.mark_done(view.due_items[0], anyway=True)
    assert not any(
        "request" in " ".join(c._dom_classes) or "promise" in " ".join(c._dom_classes) for c in due_cards(view)
    )


def said_now(view: FollowThroughView) -> str:
    """What the view's notes about the last action say, together."""
    return html.unescape(view.add_note.value + view.list_note.value + view.today_note.value)


def test_does_the_note_that_a_contact_is_on_the_list_go_once_it_is_old_news(session: Session, clock):
    """A walk read „„Frau Berger“ steht jetzt auf Ihrer Liste.“ long after: while typing the next contact, after
    changing the list again, on another step. The note says the last action: it goes with the next one, and with
    the next step; it still comes as a status (read out) when it is new."""
    view = FollowThroughView(session, "follow-through")
    view.show_step(2)
    add(view, "Frau Yılmaz", "Stadtwerke Leipzig")
    assert "Frau Yılmaz“ steht jetzt auf Ihrer Liste" in said_now(view)
    assert "role='status'" in view.add_note.value, "announced when it appears"
    view.name.value = "Herr B"
    assert "steht jetzt" not in said_now(view), "the next contact is being typed: the note is old news"
    add(view, "Herr Berger")
    assert "Herr Berger“ steht jetzt" in said_now(view) and "Yılmaz“ steht" not in said_now(view)
    view.show_step(3)
    assert "steht jetzt" not in said_now(view), "another step: gone"
    view.show_step(2)
    assert "steht jetzt" not in said_now(view), "and it does not come back"


def test_does_the_plans_contact_note_go_when_the_list_changes_again(session: Session, clock):
    session.set(keys.BUILDER_REQUEST, {"contact_name": "Herr Özdemir", "contact_role": "UX-Researcher"})
    view = FollowThroughView(session, "follow-through")
    view.show_step(1)
    view.plan_buttons[0].click()
    assert "Herr Özdemir“ steht jetzt" in html.unescape(view.today_note.value)
    view.show_step(2)
    assert "steht jetzt" not in said_now(view), "said on „Heute“, where it was pressed; not waiting on the next step"
    view.plan_buttons[1].layout.display = None  # (not offered again: the list has them)
    add(view, "Frau Yılmaz")
    view.remove(view.contact("c-1"))
    said = said_now(view)
    assert "steht jetzt" not in said and "nicht mehr auf Ihrer Liste" in said, "the list changed: the new news only"


def test_done_comes_after_the_message_and_its_tip_in_keyboard_order(session: Session, clock):
    """A keyboard walk met „Erledigt: eintragen“ before the message it records as sent: it comes after the
    message, its gaps and its tip (and before them only the button that shows the message)."""
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz")
    press(card_for(view, "request"), "cc-followup-show")
    order = [
        next((name for name in ("cc-followup-show", "cc-followup-message", "cc-message-tip", "cc-followup-done")
              if name in getattr(node, "_dom_classes", ())), None)
        for node in widget_tree(card_for(view, "request"))
    ]  # fmt: skip
    order = [name for name in order if name]
    assert order == ["cc-followup-show", "cc-followup-message", "cc-message-tip", "cc-followup-done"], order


def test_opening_a_message_and_asking_about_its_gaps_keep_the_card_and_its_buttons_where_they_are(
    session: Session, clock
):
    """Redrawing all of "Today" on a tap emptied the page for a moment: the phone scrolled, the button pressed went
    to the top and „Erledigt“ came under the finger (a loaded test_followup lost its next tap as a double tap).
    The card is renewed in place: the other cards, its heading and its buttons stay the same widgets."""
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz")
    add(view, "Herr Brandt")
    cards, card = due_cards(view), card_for(view, "request", "c-2")
    head_and_buttons = card.children[:2]
    show = next(n for n in widget_tree(card) if "cc-followup-show" in getattr(n, "_dom_classes", ()))
    for press_on in ("cc-followup-show", "cc-followup-done", "cc-followup-done-back", "cc-followup-show"):
        press(card, press_on)
        assert due_cards(view) == cards, f"{press_on}: all of Today was drawn anew"
        assert card.children[:2] == head_and_buttons, f"{press_on}: the heading or the buttons were drawn anew"
        assert show in widget_tree(card), f"{press_on}: the button pressed was drawn anew"
        if press_on == "cc-followup-done":
            assert view.confirming == ("c-2", "request"), "asked about the gaps first"
    assert show.description == session.t("followup.show_message"), "closed again"
    assert not [n for n in widget_tree(card) if "cc-followup-message" in getattr(n, "_dom_classes", ())]


def test_done_on_a_draft_with_gaps_says_what_is_missing_and_records_only_when_told(
    session: Session, journal: Journal, clock
):
    """A walk recorded „[Ihr Name fehlt]“ as sent without a word: „Erledigt“ on an open draft with gaps names
    them and asks; „Zurück zur Nachricht“ keeps everything, „Trotzdem eintragen“ records it."""
    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz")
    kit = message_text(view, "request")
    draft_field(view, "request").value = kit + "\n\nP.S. Bis bald!"
    press(card_for(view, "request"), "cc-followup-done")
    assert view.contact("c-1").stage == "to-write", "not recorded yet"
    said = html.unescape(all_text(card_for(view, "request")))
    assert session.t("followup.done_gaps", names="Ihr Name").split("Ihr Name")[0] in said and "Ihr Name" in said
    # the way back is the primary action, not the one that records the gaps (a phone walk: it nudged the wrong way)
    styles = {
        css_class: next(n for n in walk(card_for(view, "request")) if css_class in n._dom_classes).button_style
        for css_class in ("cc-followup-done-back", "cc-followup-done-anyway")
    }
    assert styles == {"cc-followup-done-back": "primary", "cc-followup-done-anyway": ""}
    press(card_for(view, "request"), "cc-followup-done-back")
    assert view.contact("c-1").stage == "to-write"
    assert draft_field(view, "request").value.endswith("P.S. Bis bald!"), "nothing lost"
    press(card_for(view, "request"), "cc-followup-done")
    press(card_for(view, "request"), "cc-followup-done-anyway")
    assert view.contact("c-1").stage == "written"
    # a draft without gaps, or one not open, is recorded at once
    add(view, "Herr Brandt")
    press(card_for(view, "request", "c-2"), "cc-followup-done")
    assert view.contact("c-2").stage == "written"


def test_a_contact_added_here_says_how_i_know_them_in_its_drafts_and_keeps_it(
    session: Session, journal: Journal, clock
):
    """Both walks added a contact in the weeks after and rewrote „[Woher Sie die Person kennen … fehlt]“ by
    hand: the form asks it as the plan does, the drafts say it, and it is saved with the contact."""
    view = FollowThroughView(session, "follow-through")
    assert view.connection.description.startswith("Woher Sie sich kennen"), view.connection.description
    view.connection.value = "Wir haben uns beim Karrieretag unterhalten."
    add(view, "Frau Yılmaz")
    assert view.connection.value == "", "the form empties for the next contact"
    assert journal.load(session.code)[keys.FOLLOWUP_CONTACTS][0]["connection"].startswith("Wir haben uns")
    again = FollowThroughView(session, "follow-through")  # a reload
    assert "Wir haben uns beim Karrieretag unterhalten." in message_text(again, "request")
    again.open_edit("c-1")
    [field] = [n for n in widget_tree(again.list_box) if "cc-followup-edit-connection" in n._dom_classes]
    field.value = "Wir kennen uns vom Sport."
    press(again.list_box, "cc-followup-save")
    assert again.contact("c-1").connection == "Wir kennen uns vom Sport."


def value_field(view: FollowThroughView, kind: str, name: str, contact_id: str = "c-1"):
    """The field above a message for one of its values (``field``: where the contact works, ``time_slots`` ...)."""
    css_class = f"cc-followup-field-{name}"
    return next(n for n in widget_tree(card_for(view, kind, contact_id)) if css_class in n._dom_classes)


def test_back_to_the_message_lands_in_the_first_empty_field_its_gaps_name(session: Session, clock):
    """A keyboard walk pressed „Zurück zur Nachricht“ after „Erledigt“ had named „Berufsfeld“ among the gaps, and
    landed in the message text, not in the empty „Berufsfeld“ above it: the focus goes to the first empty field
    the gaps name; to the text where no field fills a gap (what is left has none, or the text is their own)."""
    focused: list[str] = []
    view = FollowThroughView(session, "follow-through", focus=lambda selector, **_: focused.append(selector))
    add(view, "Frau Yılmaz", "Stadtwerke Leipzig")
    message_text(view, "request")

    def back() -> str:
        press(card_for(view, "request"), "cc-followup-done")
        assert view.confirming == ("c-1", "request"), "asked about the gaps first"
        press(card_for(view, "request"), "cc-followup-done-back")
        return focused[-1]

    assert back() == ".cc-followup-due-c-1-request .cc-followup-field-field input"
    value_field(view, "request", "field").value = "Energieversorgung"
    assert back() == ".cc-followup-message-c-1-request textarea", "the gaps left (their name, the role) have no field"
    value_field(view, "request", "field").value = ""
    draft_field(view, "request").value += "\n\nP.S. Bis bald!"  # their own text: the field no longer writes it
    assert "[Berufsfeld fehlt]" in draft_field(view, "request").value
    assert back() == ".cc-followup-message-c-1-request textarea"


def test_what_i_typed_into_a_messages_fields_comes_back_after_a_reload_and_in_a_second_tab(
    workshop, session: Session, journal: Journal, clock
):
    """A walk typed the „Berufsfeld“ of a contact added in the weeks after, reloaded, and found the draft with its
    gap again: a message's values are saved under the code, checked as they are read (within their limit), and go
    with their contact."""
    from coffeechat.models.followup_messages import saved_message_values

    view = FollowThroughView(session, "follow-through")
    add(view, "Frau Yılmaz", "Stadtwerke Leipzig")
    message_text(view, "request")
    value_field(view, "request", "field").value = "Energieversorgung"
    assert journal.load(session.code)[keys.followup_values("c-1")] == {"field": "Energieversorgung"}
    second_tab = Session(workshop, journal)
    second_tab.attach(session.code)
    for again in (FollowThroughView(session, "follow-through"), FollowThroughView(second_tab, "follow-through")):
        assert "im Bereich Energieversorgung" in message_text(again, "request")
        assert value_field(again, "request", "field").value == "Energieversorgung"
        assert "Berufsfeld" not in html.unescape(all_text(card_for(again, "request"))).split("Noch offen: ")[-1]
    statuses: list = []
    session.on_status(lambda *said: statuses.append(said))
    value_field(view, "request", "field").value = "x" * (keys.FIELD_CHARS + 1)  # the plan's limit for a field
    assert journal.load(session.code)[keys.followup_values("c-1")] == {"field": "Energieversorgung"}, "refused"
    assert statuses and statuses[-1][0] == "rejected", statuses
    # a damaged value is left out as it is read, the rest kept
    session.set(
        keys.followup_values("c-1"),
        {"field": 7, "place": "Café Rosa", "secret": "x", "learned": "y" * 301, "time_slots": None},
    )
    reread = FollowThroughView(session, "follow-through")
    message_text(reread, "request")
    assert value_field(reread, "request", "field").value == ""
    assert saved_message_values(session.get(keys.followup_values("c-1"))) == {"place": "Café Rosa"}
    reread.remove(reread.contact("c-1"))
    assert journal.load(session.code).get(keys.followup_values("c-1")) is None, "gone with the contact"
    add(reread, "Herr Brandt", "Messe Berlin")  # the next contact gets the removed one's id, none of its values
    assert reread.contact("c-1").name == "Herr Brandt"
    message_text(reread, "request")
    assert value_field(reread, "request", "field").value == ""
