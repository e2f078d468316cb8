"""The facilitated room in the kernels: can only the coach's token open the console, does the room follow the
coach, do three participants form one trio with three roles, and does the projector show nothing personal?"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pytest

from coffeechat.pages.app import WorkshopApp, app, coach_page
from coffeechat.pages.facilitator import FacilitatorPage
from coffeechat.room import model as room
from coffeechat.room.live import Console, Membership, NotAllowed
from coffeechat.server import serving
from coffeechat.storage.journal import Journal
from coffeechat.views.console import ConsoleView
from coffeechat.widgets.page import PageAssist
from tests.conftest import TOKEN, all_text, find, walk
from tests.unit.views.test_common import unguarded


def participant(workshop, journal) -> WorkshopApp:
    each = WorkshopApp(workshop, journal)
    find(each.root, "cc-start-new").click()
    each.room_tick(force=True)
    return each


def console_page(workshop, journal, token=TOKEN, language="de") -> FacilitatorPage:
    return FacilitatorPage(workshop, journal, "console", token, language)


def click(page, css_class: str) -> None:
    find(page.root, css_class).click()


def test_does_a_page_without_the_token_get_no_console_widget_at_all(workshop, journal, coach):
    for token in ("", "guessed", TOKEN + "x"):
        page = console_page(workshop, journal, token)
        assert page.view is None
        assert not [node for node in walk(page.root) if isinstance(node, w.Button)]
        assert workshop.t("room.not_for_you", "de") in all_text(page.root)
    assert console_page(workshop, journal).view is not None


def test_does_the_notebooks_one_call_route_the_coach_and_keep_a_guess_out(workshop, journal, coach, monkeypatch):
    monkeypatch.setattr("coffeechat.pages.app.prepare", lambda: (workshop, journal))
    assert find(app(f"room=console&token={TOKEN}"), "cc-console")
    assert find(app(f"room=projector&token={TOKEN}"), "cc-projector")
    refused = app("room=console&token=nope")
    shown = [node for node in walk(refused) if isinstance(node, w.HTML)]
    assert any("cc-not-for-you" in node.value for node in shown) and "cc-console" not in refused._dom_classes


def test_does_a_console_action_with_a_token_of_an_earlier_run_change_nothing(workshop, journal, coach):
    coach.start_room("Workshop", dt.date(2026, 12, 1))
    with pytest.raises(NotAllowed):
        Console(journal, workshop, "a-guess").follow("regret")
    journal.rooms.add_facilitator_token(room.token_hash("another-run"))
    assert Console(journal, workshop, "another-run").follow("regret") is None, "another run's room is not ours"
    assert coach.current()[1].followed_module() is None


def test_does_the_room_stay_invisible_to_a_participant_until_a_room_opens(workshop, journal, coach):
    alone = participant(workshop, journal)
    assert alone.room.bar.widget.layout.display == "none"
    coach.start_room("Netzwerken ohne Angst", dt.date(2026, 12, 1))
    alone.room_tick()
    assert alone.room.bar.widget.layout.display is None
    assert coach.results().joined == 1


def test_does_the_console_count_three_and_follow_me_move_all_three(workshop, journal, coach):
    page = console_page(workshop, journal)
    find(page.root, "cc-room-name").value = "Netzwerken ohne Angst"
    click(page, "cc-room-start")
    people = [participant(workshop, journal) for _ in range(3)]
    page.tick(force=True)
    assert workshop.t("room.joined", "de", count=3) in all_text(page.root)
    view: ConsoleView = page.view
    view.module.value = "regret"
    view.pacing.value = "follow"
    for each in people:
        each.room_tick()
        assert each.current == "regret"
        assert workshop.t("room.following", "de") in all_text(each.room.bar.widget)
    view.pacing.value = "own"
    people[0].go("welcome")
    people[0].room_tick()
    assert people[0].current == "welcome", "released: free navigation"


def test_do_three_participants_form_one_trio_whose_roles_rotate_on_next_round(workshop, journal, coach):
    page = console_page(workshop, journal)
    click(page, "cc-room-start")
    people = [participant(workshop, journal) for _ in range(3)]
    click(page, "cc-room-groups-form")
    rounds = []
    for _ in range(3):
        for each in people:
            each.room_tick()
        roles = [each.room.membership.placement().role for each in people]
        assert sorted(roles) == sorted(room.TRIO_ROLES)
        assert {each.room.membership.placement().group for each in people} == {1}
        rounds.append(roles)
        click(page, "cc-room-groups-next")
    assert rounds[0] != rounds[1] != rounds[2]
    assert all(sorted(column) == sorted(room.TRIO_ROLES) for column in zip(*rounds, strict=True))


def test_does_every_page_read_the_same_timer(workshop, journal, coach):
    page = console_page(workshop, journal)
    click(page, "cc-room-start")
    people = [participant(workshop, journal) for _ in range(3)]
    click(page, "cc-room-timer-start")
    for each in people:
        each.room_tick()
    ends = {each.room.bar.timer.ends_at for each in people} | {page.view.timer.ends_at}
    assert len(ends) == 1 and ends != {0}


def test_does_the_word_wall_stay_hidden_until_revealed_and_a_hidden_entry_vanish(workshop, journal, coach):
    page = console_page(workshop, journal)
    click(page, "cc-room-start")
    people = [participant(workshop, journal) for _ in range(4)]
    projector = FacilitatorPage(workshop, journal, "projector", TOKEN, "de")
    find(page.root, "cc-room-question").value = "Was hält Sie zurück?"
    click(page, "cc-room-ask")
    for each, word in zip(people, ("Zeit", "Scham", "Ausreden", "Angst"), strict=True):
        each.room_tick()
        find(each.root, "cc-room-answer").value = word
        find(each.root, "cc-room-share").click()
    projector.tick(force=True)
    assert "Scham" not in projector.view.wall.value
    click(page, "cc-room-reveal")
    click(page, "cc-room-approve-all")
    projector.tick(force=True)
    assert all(word in projector.view.wall.value for word in ("Zeit", "Scham", "Ausreden"))
    page.view.refresh()
    scham = next(e for e in coach.entries() if e.text == "Scham")
    row = next(r for r in page.view.entries.children if "Scham" in r.children[0].value)
    find(row, "cc-room-entry-toggle").click()
    assert next(e for e in coach.entries() if e.entry_id == scham.entry_id).hidden
    projector.tick(force=True)
    assert "Scham" not in projector.view.wall.value and "Zeit" in projector.view.wall.value
    row = next(r for r in page.view.entries.children if "Zeit" in r.children[0].value)
    find(row, "cc-room-entry-toggle").click()
    projector.tick(force=True)
    assert "Ausreden" not in projector.view.wall.value, "two answers left to show: the wall shows none"


def test_does_the_projector_show_no_code_and_nothing_about_fewer_than_three(workshop, journal, coach):
    coach.start_room("Workshop", dt.date(2026, 12, 1))
    people = [participant(workshop, journal) for _ in range(2)]
    for each in people:
        each.session.set("welcome.rating.regret", 9)
        each.session.set("regret.reflection.why", "Mein Geheimnis")
    projector = FacilitatorPage(workshop, journal, "projector", TOKEN, "de")
    text = all_text(projector.root)
    assert workshop.t("room.too_few", "de") in text
    assert "9: 2" not in text
    people.append(participant(workshop, journal))
    people[-1].session.set("welcome.rating.regret", 9)
    projector.tick(force=True)
    text = all_text(projector.root)
    assert "9: 3" in text and "Mittel 9,0 · 3 Personen" in text
    for each in people:
        assert each.session.code not in text
    assert "Mein Geheimnis" not in text


def test_does_ending_show_every_participant_the_take_home_and_erasing_remove_the_room(workshop, journal, coach):
    page = console_page(workshop, journal)
    click(page, "cc-room-start")
    people = [participant(workshop, journal) for _ in range(3)]
    click(page, "cc-room-end")
    assert not coach.current()[1].ended, "not before the confirmation"
    click(page, "cc-room-end-yes")
    for each in people:
        each.room_tick()
        assert workshop.t("room.end_heading", "de") in all_text(each.room.end_card)
        assert find(each.root, "cc-take-home-pdf")
    find(people[0].root, "cc-take-home-pdf").click()
    page.tick(force=True)
    shown = all_text(page.root)
    assert workshop.t("room.took_home.one", "de", count=1, joined=3) in shown, "the coach sees how many, not who"
    assert not any(each.session.code in shown for each in people)
    assert not [n for n in walk(page.root) if "cc-room-start" in n._dom_classes], "no form for a second room yet"
    assert find(page.root, "cc-room-next"), "one more click to it (a retention period may keep the room)"
    click(page, "cc-room-erase")
    assert all(journal.participant_exists(each.session.code) for each in people), "not before the confirmation"
    click(page, "cc-room-erase-yes")
    assert not any(journal.participant_exists(each.session.code) for each in people)
    assert journal.rooms.current() is None
    page.tick(force=True)
    assert find(page.root, "cc-room-start") and find(page.root, "cc-room-name").value == "", "the next room's form"


def test_does_a_participant_post_only_what_they_type_into_the_wall(workshop, journal, coach):
    coach.start_room("Workshop", dt.date(2026, 12, 1))
    coach.ask("Ein Wort?")
    person = participant(workshop, journal)
    person.session.set("regret.reflection.why", "privat")
    membership: Membership = person.room.membership
    assert membership.answer("  zu   viel\nAngst  ") == "zu viel Angst"
    assert [e.text for e in coach.entries()] == ["zu viel Angst"]


def test_does_every_control_of_the_console_and_the_projector_go_through_the_error_guard(workshop, journal, coach):
    page = console_page(workshop, journal)
    click(page, "cc-room-start")
    page.view.refresh()
    assert unguarded(page.root) == []
    assert unguarded(FacilitatorPage(workshop, journal, "projector", TOKEN, "de").root) == []


def test_does_the_console_write_the_rooms_date_as_the_coachs_language_does(workshop, journal, coach):
    page = console_page(workshop, journal)
    find(page.root, "cc-room-name").value = "Kaffee & Mut"
    find(page.root, "cc-room-date").value = dt.date(2026, 12, 4)
    click(page, "cc-room-start")
    page.tick(force=True)
    assert "Raum „Kaffee &amp; Mut“ am 4. Dezember 2026" in all_text(page.root), "escaped, and the date written out"


def test_does_a_participant_who_erased_and_started_again_rejoin_at_the_next_look(workshop, journal, coach):
    """Without a change by the coach: the new code joined only when the coach next changed something."""
    coach.start_room("Netzwerken ohne Angst", dt.date(2026, 12, 1))
    coach.follow("regret")
    person = participant(workshop, journal)
    assert person.current == "regret" and coach.results().joined == 1
    person.go("wrap-up")
    find(person.root, "cc-erase").click()
    find(person.root, "cc-erase-yes").click()
    assert coach.results().joined == 0, "erased: no longer in the room"
    find(person.root, "cc-start-new").click()
    person.room_tick()
    assert coach.results().joined == 1, "the new code is in the room"
    assert person.current == "regret", "and follows the coach"


def test_does_a_self_paced_participant_get_nothing_of_a_room_on_their_page(workshop, journal):
    """No room open: nothing is added (a hidden room bar's timer once stood before the role-play's own)."""
    alone = WorkshopApp(workshop, journal)
    find(alone.root, "cc-start-new").click()
    for _ in range(3):
        alone.room_tick()
    assert alone.room.slot.children == ()


def test_do_the_coachs_pages_speak_their_language_and_send_a_typed_name_before_the_click(workshop, journal, coach):
    """The console gets the page helper the participants have (page.js): <html lang>, title, held-back changes."""
    for language in ("de", "en"):
        page = FacilitatorPage(workshop, journal, "console", TOKEN, language)
        helper = next(node for node in walk(page.root) if isinstance(node, PageAssist))
        assert helper.lang == language
        assert helper.title == workshop.t("room.console_title", language)


def test_does_erasing_the_room_leave_every_open_page_calm_empty_and_ready_for_a_fresh_start(workshop, journal, coach):
    """The coach ends, then erases (with a rehearsal room left from before): every page says so as news, not as
    an error, keeps nothing of the participant (on screen or in the kernel) and starts a new code on request."""
    journal.rooms.open("Probe", "2026-11-30", room.token_hash("an earlier run"), room.RoomState().to_json())
    page = console_page(workshop, journal)
    click(page, "cc-room-start")
    people = [participant(workshop, journal) for _ in range(2)]
    codes = [each.session.code for each in people]
    prompt = next(p for p in workshop.fear("regret").reflection if p.kind == "text")
    for number, each in enumerate(people):
        each.go("regret")
        find(each.root, f"cc-key-regret-reflection-{prompt.id}").children[0].value = f"Mein Geheimnis {number}"
        assert journal.get(each.session.code, f"regret.reflection.{prompt.id}") == f"Mein Geheimnis {number}"
    click(page, "cc-room-end")
    click(page, "cc-room-end-yes")
    for each in people:
        each.room_tick()
    click(page, "cc-room-erase")
    click(page, "cc-room-erase-yes")
    for number, each in enumerate(people):
        each.room_tick()  # unguarded here: an exception would fail the test
        text = all_text(each.root) + all_text(each.frame)  # the frame waits, unshown, for a fresh start
        assert workshop.t("end.erased", "de") in text
        assert f"Mein Geheimnis {number}" not in text and codes[number] not in text
        assert "cc-status-error" not in each.status.widget.value
        assert workshop.t("app.error", "de") not in text
        assert not each.session.attached and each.session.answers() == {}, "the kernel lets go of the participant"
        assert each.room.end_card.children == () and each.room.slot.children == ()
    again = people[0]
    find(again.root, "cc-start-new").click()
    assert again.session.attached and again.session.code not in codes
    assert workshop.t("end.erased", "de") not in all_text(again.root), "the note goes with the fresh start"
    assert again.navigation.stepper.layout.display != "none", "a fresh start steps through the modules again"


def test_does_a_page_whose_participant_was_erased_elsewhere_let_go_at_the_next_look(workshop, journal, coach):
    coach.start_room("Netzwerken ohne Angst", dt.date(2026, 12, 1))
    person = participant(workshop, journal)
    person.go("regret")
    journal.erase(person.session.code)  # `coffeechat erase CODE`, no change to the room
    person.session.set("regret.reflection.why", "zu spät")
    person.room_tick()
    assert not person.session.attached
    assert workshop.t("end.erased_elsewhere", "de") in all_text(person.root)
    assert "cc-status-error" not in person.status.widget.value


def test_does_the_end_screen_carry_the_downloads_and_speak_the_language_switched_to(workshop, journal, coach):
    page = console_page(workshop, journal)
    click(page, "cc-room-start")
    person = participant(workshop, journal)
    click(page, "cc-room-end")
    click(page, "cc-room-end-yes")
    person.room_tick()
    end = person.room.end_downloads
    assert find(person.room.end_card, "cc-end-pdf").layout.display != "none"
    assert find(person.room.end_card, "cc-end-ics").layout.display == "none", "no date: no calendar"
    assert workshop.t("end.no_calendar", "de") in all_text(person.room.end_card)
    person.session.set("wrapup.commit.due", (dt.date.today() + dt.timedelta(days=2)).isoformat())
    assert find(person.room.end_card, "cc-end-ics").layout.display != "none", "a date brings the calendar"
    person.header.language.value = "en"
    assert workshop.t("room.end_heading", "en") in all_text(person.room.end_card)
    assert person.room.end_downloads is not end and unguarded(person.room.end_card) == []


def test_does_a_restarted_serve_refuse_the_earlier_link_and_give_its_own_console_the_open_room(workshop, tmp_path):
    location = tmp_path / "journal.sqlite3"
    earlier = serving.new_facilitator_token(location)
    with Journal(location) as journal:
        old_console = console_page(workshop, journal, earlier)
        old_projector = FacilitatorPage(workshop, journal, "projector", earlier, "de")
        find(old_console.root, "cc-room-name").value = "Netzwerken ohne Angst"
        click(old_console, "cc-room-start")
        people = [participant(workshop, journal) for _ in range(3)]
        room_id = journal.rooms.current()[0]
        members = journal.rooms.member_ids(room_id)

        token = serving.new_facilitator_token(location)  # serve stopped and started again on the same folder

        note = workshop.t("room.not_for_you", "de")
        old_console.tick()
        old_projector.tick()
        assert note in all_text(old_console.root), "an open console of the earlier run says so at its next look"
        assert note in all_text(old_projector.root)
        assert (old_console.view, old_projector.view) == (None, None), "a retired page looks no more"
        assert not [node for node in walk(old_console.root) if isinstance(node, w.Button)], "and holds no control"
        assert note in all_text(console_page(workshop, journal, earlier).root), "the earlier link opens nothing"
        with pytest.raises(NotAllowed):
            Console(journal, workshop, earlier).start_room("Gekapert", dt.date(2026, 12, 1))
        new_console = console_page(workshop, journal, token)
        assert new_console.console.current()[0].id == room_id, "the new console has the open room"
        assert workshop.t("room.joined", "de", count=3) in all_text(new_console.root)
        assert journal.rooms.member_ids(room_id) == members, "nobody left the room"
        new_console.view.module.value = "regret"
        new_console.view.pacing.value = "follow"
        for each in people:
            each.room_tick()
            assert each.current == "regret", "the participants follow the new console"


# --- the coach's server on JupyterHub (serve --coach-server, the recipe's "coach" service) -------------------


def test_does_a_coach_server_make_the_room_token_and_keep_it_out_of_every_link(tmp_path):
    options = serving.ServeOptions(coach_join_url="https://hub.example.org/")
    links = serving.open_the_room(options, tmp_path, None)
    assert links.participants == "https://hub.example.org/", "the projector shows the hub's address"
    assert links.server_token and links.server_token not in links.console + links.projector
    with Journal(tmp_path / "journal.sqlite3") as journal:
        assert journal.rooms.facilitator_token_known(room.token_hash(links.server_token))
    env = serving.child_environment(tmp_path, None, links.participants, None, links.server_token)
    assert env[serving.FACILITATOR_TOKEN_VAR] == links.server_token, "for this server's own kernels"


def test_does_a_participants_server_on_the_hub_neither_make_nor_hand_on_a_token(tmp_path, monkeypatch):
    monkeypatch.setenv(serving.FACILITATOR_TOKEN_VAR, "inherited")
    on_the_hub = serving.ServeOptions(replace_process=True)  # how the hub's spawner and the image start it
    assert serving.open_the_room(on_the_hub, tmp_path, None) is None, "loopback behind a proxy: no room, no token"
    assert not (tmp_path / "journal.sqlite3").exists(), "so it never retires the coach's token"
    assert serving.FACILITATOR_TOKEN_VAR not in serving.child_environment(tmp_path)
    shared = "postgresql://coach@db.example.org/coffeechat"  # a shared database: never retired from a loopback
    assert serving.open_the_room(serving.ServeOptions(), None, shared) is None


def test_does_a_coach_rehearsing_on_their_laptop_get_the_console_and_projector_links(tmp_path, capsys):
    """`make serve` without a host (127.0.0.1): the console link too, for this computer only."""
    options = serving.ServeOptions(open_browser=False)
    links = serving.open_the_room(options, tmp_path, None)
    assert links is not None and links.participants == "http://127.0.0.1:8866/"
    token = links.console.split("token=")[1]
    assert links.console == f"http://127.0.0.1:8866/?room=console&token={token}"
    assert links.projector == f"http://127.0.0.1:8866/?room=projector&token={token}"
    with Journal(tmp_path / "journal.sqlite3") as journal:
        assert journal.rooms.facilitator_token_known(room.token_hash(token))
    ready = serving.Prepared(serving.DEFAULT_NOTEBOOK, tmp_path, None, 60, links, tmp_path)
    pool, capacity = serving.PoolPlan(0, 0, "pool"), serving.Capacity(0, 0, "capacity")
    serving.announce(options, ready, pool, capacity)
    out = capsys.readouterr().out
    assert links.console in out and links.projector in out
    assert "HOST=0.0.0.0" in out, "and how to open the room to the network"


def test_does_serve_refuse_a_coach_server_that_anyone_on_the_network_could_open(tmp_path):
    for options in (
        serving.ServeOptions(host="0.0.0.0", coach_join_url="https://hub.example.org/"),
        serving.ServeOptions(coach_join_url="hub.example.org"),
    ):
        with pytest.raises(serving.Refused):
            serving.open_the_room(options, tmp_path, None)


def test_does_the_coach_server_open_its_console_with_its_own_token_and_no_other_server_does(
    workshop, journal, coach, monkeypatch
):
    monkeypatch.setattr("coffeechat.pages.app.prepare", lambda: (workshop, journal))
    monkeypatch.delenv(serving.FACILITATOR_TOKEN_VAR, raising=False)
    assert coach_page({"room": ["console"], "token": ["guessed"]}) == ("console", "guessed")
    assert coach_page({}) == ("", ""), "a participant's server: the app"
    monkeypatch.setenv(serving.FACILITATOR_TOKEN_VAR, TOKEN)
    assert coach_page({}) == ("console", TOKEN), "the coach's server opens on the console"
    assert coach_page({"room": ["projector"], "token": ["guessed"]}) == ("projector", TOKEN)
    console = app("")
    assert find(console, "cc-console")
    assert "token=" not in "".join(node.value for node in walk(console) if isinstance(node, w.HTML))
    assert find(app("room=projector"), "cc-projector")


def test_does_an_ended_question_leave_the_live_list_and_stand_under_the_earlier_ones_with_its_count(
    workshop, journal, coach
):
    page = console_page(workshop, journal)
    click(page, "cc-room-start")
    people = [participant(workshop, journal) for _ in range(2)]
    find(page.root, "cc-room-question").value = "Was hält Sie zurück?"
    click(page, "cc-room-ask")
    for each, word in zip(people, ("Zeit", "Scham"), strict=True):
        each.room_tick()
        find(each.root, "cc-room-answer").value = word
        find(each.root, "cc-room-share").click()
    page.view.refresh()
    assert len(page.view.entries.children) == 2
    click(page, "cc-room-clear-question")
    page.view.refresh()
    assert page.view.entries.children == () and coach.entries() == [], "no answers listed as if live"
    assert "Zeit" not in all_text(page.view.entries) and "2 Antworten" not in page.view.wall_count.value
    said = workshop.t("room.earlier_row", "de", number=1, question="Was hält Sie zurück?", answers="2 Antworten")
    assert said in all_text(page.view.earlier)


def test_does_a_template_keep_the_minutes_the_coach_typed_into_the_timer_not_the_last_started(workshop, journal, coach):
    page = console_page(workshop, journal)
    click(page, "cc-room-start")
    find(page.root, "cc-room-minutes").value = 4
    click(page, "cc-room-timer-start")  # a round of 4 minutes was run...
    click(page, "cc-room-timer-stop")
    find(page.root, "cc-room-minutes").value = 12  # ...and 12 is what the coach set up for next time
    click(page, "cc-room-template-save")
    saved = coach.templates()[0]
    assert saved.timer_minutes == 12
    assert coach.save_template("By hand", timer_minutes=7).timer_minutes == 7
    assert coach.save_template("Unchanged").timer_minutes == 4, "without a field: the timer's length"


def test_does_the_console_say_when_the_report_was_made_in_the_servers_time_not_utc(
    workshop, journal, coach, monkeypatch
):
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")  # the server's zone, as the console's clock reads it
    time.tzset()
    try:
        page = console_page(workshop, journal)
        click(page, "cc-room-start")
        record, _figures = coach.report_figures()
        coach.keep_report(record, "de", "bericht.zip", b"PK")
        page.view.refresh()
        made = dt.datetime.fromisoformat(coach.last_report().made_at)
        here = made.astimezone(dt.timezone(dt.timedelta(hours=1)))  # Berlin in December
        line = page.view.report_line.value
        assert here.strftime("%d.%m.%Y, %H:%M") in line and "UTC" not in line
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
