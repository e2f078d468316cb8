"""Does a kernel keep looking at the room after the cell that built the page has finished, and does a member
whose data the coach erased learn so without an error?"""

from __future__ import annotations

import hashlib
import threading

from jupyter_client.manager import start_new_kernel

from coffeechat import rooms
from coffeechat.journal import Journal
from coffeechat.room import RoomState

TOKEN_HASH = hashlib.sha256(b"a token").hexdigest()


def test_does_a_callback_scheduled_in_a_kernel_cell_keep_running_after_the_cell():
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        client.execute_interactive(
            "from coffeechat.rooms import every\nticks = []\ntask = every(0.05, lambda: ticks.append(1))",
            timeout=60,
        )
        client.execute_interactive("import time; time.sleep(0.01)", timeout=60)
        printed = []

        def collect(message):
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])

        # the loop runs between cells: wait in the kernel without blocking it, then look
        client.execute_interactive(
            "import asyncio\nawait asyncio.sleep(0.5)\nprint(task is not None, len(ticks) >= 3)",
            timeout=60,
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
    journal.add_facilitator_token(TOKEN_HASH)
    journal.open_room("Probe", "2026-11-30", TOKEN_HASH, RoomState().to_json())
    code = journal.create_participant("de")
    member = rooms.Membership(journal, code)
    journal.open_room("Netzwerken ohne Angst", "2026-12-01", TOKEN_HASH, RoomState().to_json())
    assert member.refresh() and not member.erased
    journal.erase_room(member.room_id)
    assert member.refresh() is False
    assert member.erased and member.room_id is None and member.member_id is None
    assert member.answer("noch ein Wort") == "", "nothing is posted for an erased participant"
    assert member.refresh() is False, "and it stays so"


def test_does_a_member_who_posts_just_after_the_erase_get_no_error(tmp_path):
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.add_facilitator_token(TOKEN_HASH)
    state = RoomState().ask("Ein Wort?")
    room_id = journal.open_room("Netzwerken ohne Angst", "2026-12-01", TOKEN_HASH, state.to_json())
    code = journal.create_participant("de")
    member = rooms.Membership(journal, code)
    assert member.refresh()
    journal.erase(code)  # gone between the look and the post
    assert member.answer("zu spät") == ""
    assert member.erased
    assert journal.room_words(room_id, 1) == []
