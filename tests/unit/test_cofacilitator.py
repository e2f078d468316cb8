"""The co-facilitator link: can a second person run pacing, timer, wall and groups, while ending, erasing, the
report and the feedback's comments stay the facilitator's, checked in the kernel; and does a revoke stop it?"""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.room import model as room
from coffeechat.room.live import COFACILITATOR, FACILITATOR, Console, NotAllowed
from coffeechat.storage.journal import Journal


def with_cofacilitator(workshop, journal, coach) -> Console:
    coach.start_room("Workshop", dt.date(2026, 12, 1))
    token = coach.make_cofacilitator_link()
    assert token
    return Console(journal, workshop, token)


def test_does_the_cofacilitator_link_run_pacing_timer_wall_and_groups(workshop, journal, coach):
    helper = with_cofacilitator(workshop, journal, coach)
    assert helper.role() == COFACILITATOR and coach.role() == FACILITATOR
    assert helper.follow("regret").followed_module() == "regret"
    assert helper.timer_start(5).timer.running
    assert helper.ask("Was macht Mut?").question == "Was macht Mut?"
    assert helper.reveal(True).revealed
    assert helper.results() is not None
    assert coach.current()[1].timer.running, "the facilitator's console sees what the co-facilitator did"


@pytest.mark.parametrize(
    "action",
    [
        lambda c: c.end(),
        lambda c: c.erase(),
        lambda c: c.start_room("Another", dt.date(2026, 12, 2)),
        lambda c: c.feedback(),
        lambda c: c.moderate_feedback("any", approved=True),
        lambda c: c.report_figures(),
        lambda c: c.last_report(),
        lambda c: c.make_cofacilitator_link(),
        lambda c: c.revoke_cofacilitator_link(),
        lambda c: c.save_template("Next week"),
        lambda c: c.templates(),
        lambda c: c.template("any"),
        lambda c: c.delete_template("any"),
        lambda c: c.trend("any"),
    ],
    ids=[
        "end",
        "erase",
        "start",
        "feedback",
        "approve",
        "report",
        "download",
        "new-link",
        "revoke",
        "save-template",
        "templates",
        "template",
        "delete-template",
        "trend",
    ],
)
def test_is_the_cofacilitator_refused_what_only_the_facilitator_may_do_in_the_kernel(workshop, journal, coach, action):
    helper = with_cofacilitator(workshop, journal, coach)
    before = journal.rooms.get(coach.current()[0].id)
    with pytest.raises(NotAllowed):
        action(helper)
    after = journal.rooms.get(before.id)
    assert after is not None and not room.RoomState.from_json(after.state).ended, "nothing was changed"


def test_does_a_revoke_stop_the_link_and_an_open_cofacilitator_console_at_its_next_action(workshop, journal, coach):
    helper = with_cofacilitator(workshop, journal, coach)
    coach.revoke_cofacilitator_link()
    assert helper.role() is None and not helper.authorized()
    with pytest.raises(NotAllowed):
        helper.timer_start(5)
    assert not coach.current()[1].timer.running
    assert coach.cofacilitator_made() is None


def test_does_a_new_link_retire_the_earlier_one(workshop, journal, coach):
    first = with_cofacilitator(workshop, journal, coach)
    second = Console(journal, workshop, coach.make_cofacilitator_link())
    assert second.authorized() and not first.authorized()


def test_does_the_link_open_nothing_in_another_room_or_after_an_erase(workshop, journal, coach):
    helper = with_cofacilitator(workshop, journal, coach)
    coach.erase()
    assert not helper.authorized(), "erasing the room erases its link"
    helper = with_cofacilitator(workshop, journal, coach)
    coach.start_room("Next week", dt.date(2026, 12, 8))
    assert helper.current() is None, "the link runs the room it was made for, not the next one"


def test_are_the_facilitators_rights_still_from_the_servers_token_only(workshop, journal, coach, tmp_path):
    helper = with_cofacilitator(workshop, journal, coach)
    assert not helper.is_facilitator()
    # a later serve retires the facilitator's token: the co-facilitator's link gives no facilitator right either
    journal.rooms.make_only_facilitator_token(room.token_hash("a-later-run"))
    assert not coach.authorized() and helper.role() == COFACILITATOR


def test_is_only_the_hash_of_the_link_stored(workshop, tmp_path):
    journal = Journal(tmp_path / "j.sqlite3")
    try:
        journal.rooms.add_facilitator_token(room.token_hash("t"))
        coach = Console(journal, workshop, "t")
        coach.start_room("Workshop", dt.date(2026, 12, 1))
        token = coach.make_cofacilitator_link()
        raw = (tmp_path / "j.sqlite3").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("j.sqlite3-*"))
        assert token.encode() not in raw and room.token_hash(token).encode() in raw
    finally:
        journal.close()


def console_page(workshop, journal, token, language="de"):
    from coffeechat.pages.facilitator import FacilitatorPage

    return FacilitatorPage(workshop, journal, "console", token, language)


def test_does_the_facilitator_make_a_link_that_opens_a_console_without_the_facilitators_cards(workshop, journal, coach):
    from tests.conftest import TOKEN, all_text, find, walk

    coach.start_room("Workshop", dt.date(2026, 12, 1))
    lead = console_page(workshop, journal, TOKEN)
    find(lead.root, "cc-room-cofac-make").click()
    address = find(lead.root, "cc-room-cofac-link").value
    assert "room=console&token=" in address and "lang=de" in address
    token = address.split("token=")[1].split("&")[0]
    helper = console_page(workshop, journal, token)
    shown = all_text(helper.root)
    assert workshop.t("room.cofac_role", "de") in shown
    for css_class in ("cc-room-erase", "cc-room-end", "cc-room-report-make", "cc-room-feedback", "cc-room-cofac"):
        assert not [node for node in walk(helper.root) if css_class in node._dom_classes], css_class
    find(helper.root, "cc-room-timer-start").click()
    assert coach.current()[1].timer.running


def test_does_a_revoked_cofacilitators_next_action_say_so_and_change_nothing(workshop, journal, coach):
    from tests.conftest import TOKEN, all_text, find

    coach.start_room("Workshop", dt.date(2026, 12, 1))
    lead = console_page(workshop, journal, TOKEN)
    find(lead.root, "cc-room-cofac-make").click()
    token = find(lead.root, "cc-room-cofac-link").value.split("token=")[1].split("&")[0]
    helper = console_page(workshop, journal, token)
    start = find(helper.root, "cc-room-timer-start")
    find(lead.root, "cc-room-cofac-revoke").click()
    assert workshop.t("room.cofac_revoked_note", "de") in all_text(lead.root)
    start.click()  # the page had not looked again yet: its next action is refused
    assert not coach.current()[1].timer.running
    assert workshop.t("room.cofac_revoked", "de") in all_text(helper.root)
    reopened = console_page(workshop, journal, token)  # reloaded: the page still says the link was withdrawn
    assert reopened.view is None and workshop.t("room.cofac_revoked", "de") in all_text(reopened.root)
    assert workshop.t("room.not_for_you", "de") not in all_text(reopened.root)


def test_does_a_withdrawn_link_reloaded_say_so_while_a_guess_still_gets_the_plain_refusal(workshop, journal, coach):
    from tests.conftest import all_text

    first = with_cofacilitator(workshop, journal, coach)
    replaced_by = coach.make_cofacilitator_link()  # a new link withdraws the first one
    coach.revoke_cofacilitator_link()
    for token in (first._token, replaced_by):
        assert journal.rooms.cofacilitator_withdrawn(room.token_hash(token))
        page = console_page(workshop, journal, token, "en")
        assert page.view is None and workshop.t("room.cofac_revoked", "en") in all_text(page.root)
    guessed = console_page(workshop, journal, "a-guess", "en")
    assert workshop.t("room.not_for_you", "en") in all_text(guessed.root)
    coach.erase()
    assert not journal.rooms.cofacilitator_withdrawn(room.token_hash(replaced_by)), "erasing the room forgets it"


def test_does_making_the_link_send_the_keys_to_its_copy_button_not_to_make_a_new_one(
    workshop, journal, coach, monkeypatch
):
    from coffeechat.views.console import COFAC_COPY
    from coffeechat.widgets.page import PageAssist
    from tests.conftest import TOKEN, find

    asked: list[str] = []
    monkeypatch.setattr(PageAssist, "focus", lambda self, selector, reveal="": asked.append(selector))
    coach.start_room("Workshop", dt.date(2026, 12, 1))
    lead = console_page(workshop, journal, TOKEN)
    find(lead.root, "cc-room-cofac-make").click()
    assert asked == [COFAC_COPY] and "cc-room-cofac-copy" in COFAC_COPY
