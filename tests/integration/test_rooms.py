"""Does a kernel keep looking at the room after the cell that built the page has finished, does a member
whose data the coach erased learn so without an error, does a member learn the role-play round the room gave
them, and does the console count pages per module without naming anyone?"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading

from jupyter_client.manager import start_new_kernel

from coffeechat.models import keys
from coffeechat.models.roleplay import RoomRound
from coffeechat.room import live as rooms
from coffeechat.room import model as room
from coffeechat.room.live import Console, Membership
from coffeechat.room.model import RoomState
from coffeechat.storage.journal import Journal

TOKEN_HASH = hashlib.sha256(b"a token").hexdigest()
TOKEN = "the-coachs-secret-token"


def test_does_a_callback_scheduled_in_a_kernel_cell_keep_running_after_the_cell():
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        client.execute_interactive(
            "from coffeechat.room.live import every\nticks = []\ntask = every(0.05, lambda: ticks.append(1))",
            timeout=60,
        )
        client.execute_interactive("import time; time.sleep(0.01)", timeout=60)  # another cell runs and ends
        printed = []

        def collect(message):
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])

        # the loop runs between cells: wait in the kernel without blocking it (until three ticks, 60 s at most)
        client.execute_interactive(
            "import asyncio, time\ndeadline = time.monotonic() + 60\n"
            "while len(ticks) < 3 and time.monotonic() < deadline:\n    await asyncio.sleep(0.01)\n"
            "print(task is not None, len(ticks) >= 3)",
            timeout=90,
            output_hook=collect,
        )
        assert "".join(printed).split() == ["True", "True"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_is_there_nothing_scheduled_outside_a_running_loop():
    found = []
    thread = threading.Thread(target=lambda: found.append(rooms.every(1, lambda: None)))  # a thread without a loop
    thread.start()
    thread.join()
    assert found == [None]


def test_does_a_member_whose_room_was_erased_learn_so_calmly_even_with_an_older_room_left(tmp_path):
    """The coach's erase takes the newest room; an older room (a rehearsal) becomes the current one again, and
    the erased participant must neither join it nor raise ``unknown participant``."""
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.rooms.add_facilitator_token(TOKEN_HASH)
    journal.rooms.open("Probe", "2026-11-30", TOKEN_HASH, RoomState().to_json())
    code = journal.create_participant("de")
    member = rooms.Membership(journal, code)
    journal.rooms.open("Netzwerken ohne Angst", "2026-12-01", TOKEN_HASH, RoomState().to_json())
    assert member.refresh() and not member.erased
    journal.rooms.erase(member.room_id)
    assert member.refresh() is False
    assert member.erased and member.room_id is None and member.member_id is None
    assert member.answer("noch ein Wort") == "", "nothing is posted for an erased participant"
    assert member.refresh() is False, "and it stays so"


def test_does_a_member_who_posts_just_after_the_erase_get_no_error(tmp_path):
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.rooms.add_facilitator_token(TOKEN_HASH)
    state = RoomState().ask("Ein Wort?")
    room_id = journal.rooms.open("Netzwerken ohne Angst", "2026-12-01", TOKEN_HASH, state.to_json())
    code = journal.create_participant("de")
    member = rooms.Membership(journal, code)
    assert member.refresh()
    journal.erase(code)  # gone between the look and the post
    assert member.answer("zu spät") == ""
    assert member.erased
    assert journal.rooms.words(room_id, 1) == []


def open_room(workshop, journal, people: int) -> tuple[Console, list[Membership]]:
    journal.rooms.add_facilitator_token(room.token_hash(TOKEN))
    coach = Console(journal, workshop, TOKEN, clock=lambda: 1_000_000.0)
    coach.start_room("Workshop", dt.date(2026, 12, 1))
    members = [Membership(journal, journal.create_participant("de")) for _ in range(people)]
    for member in members:
        assert member.refresh()
    return coach, members


def test_does_a_member_learn_the_round_the_room_gave_them_and_only_while_placed(workshop, journal):
    coach, members = open_room(workshop, journal, 3)
    assert [member.room_round() for member in members] == [None] * 3, "no group yet: own practice"
    for number in (1, 2):
        if number == 1:
            coach.form_groups()
        else:
            coach.next_round()
        rounds = []
        for member in members:
            member.refresh()
            rounds.append(member.room_round())
        placements = [member.placement() for member in members]
        assert rounds == [RoomRound(p.group, p.size, p.role, number) for p in placements]
        assert sorted(r.role for r in rounds) == ["asker", "contact", "observer"]
    late = Membership(journal, journal.create_participant("de"))
    late.refresh()
    assert late.room_round() is None, "a member in no group practises on their own"
    coach.end()
    members[0].refresh()
    assert members[0].room_round() is None, "after the end the room no longer runs the round"


def test_does_the_console_count_pages_per_module_without_naming_anyone(workshop, journal):
    coach, members = open_room(workshop, journal, 4)
    first, regret = workshop.module_ids[0], "regret"
    counts = coach.pages_per_module()
    assert counts[first] == 4 and sum(counts.values()) == 4, "a page that has not moved shows the first module"
    for member in members[:3]:
        journal.save(member.code, keys.POSITION, regret)
    journal.save(members[3].code, keys.POSITION, "a-module-that-is-gone")
    counts = coach.pages_per_module()
    assert (counts[regret], counts[first], sum(counts.values())) == (3, 1, 4)
    assert list(counts) == list(workshop.module_ids)
    assert not any(member.code in repr(counts) for member in members)
    journal.save(journal.create_participant("de"), keys.POSITION, regret)
    assert coach.pages_per_module()[regret] == 3, "only members of this room count"


def test_does_pressing_follow_again_count_as_a_new_lead(workshop, journal):
    coach, _ = open_room(workshop, journal, 1)
    first = coach.follow("regret")
    again = coach.follow("regret")
    assert (again.module, again.followed_module()) == ("regret", "regret")
    assert again.lead == first.lead + 1
    assert room.RoomState.from_json(again.to_json()) == again
