"""The facilitated room as each kernel meets it: the coach's console, a participant's membership, a cheap watch.

:mod:`coffeechat.room` decides (timer, groups, aggregates); the journal stores; this module joins the two for
one kernel. Every kernel reads the same stored room, so the console, the projector and each participant agree
without talking to each other, and a kernel that restarts finds the room again.

- :class:`Watch`: one tiny query (the newest room's id and revision); ``changed()`` says whether anything in
  the room moved since the last look. Kernels call it twice a second (:func:`every`).
- :class:`Console`: every action first checks the facilitator token against the journal (the hash of the token
  the running ``serve`` made, and the room's own); a wrong or missing token, or one of an earlier run, changes
  nothing. A restarted ``serve`` hands the open room to its new token (the members stay in it).
- :class:`Membership`: the participant joins the current room anonymously (a random member id, never the code
  in the room's state) and may post one word-wall answer per question, nothing else.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from . import keys, room
from .content import Workshop
from .journal import Journal, RoomRecord
from .room import Change, Distribution, RoomState, WordEntry

log = logging.getLogger("coffeechat")

#: how often a kernel looks at the room (a "follow me" waits for the next look: half a second at most)
POLL_SECONDS = 0.5
RESULT_PREFIXES = ("welcome.rating.", "wrapup.rating.", "progress.")


def every(seconds: float, callback: Callable[[], None]) -> asyncio.Task | None:
    """Call ``callback()`` every ``seconds`` on the kernel's event loop (widgets stay on the kernel's thread);
    None outside a running loop (a test calls the callback itself). ipykernel runs a cell inside its running
    loop, so a task made there goes on after the cell (``tests/test_rooms.py`` checks it in a real kernel)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None

    async def run() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                callback()
            except Exception:  # a failed look must never end the watching
                log.exception("the room could not be read")

    return loop.create_task(run())


class Watch:
    """Has the room changed since the last look? One indexed query of one row."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self.seen: tuple[str, int] | None = None

    def changed(self) -> bool:
        current = self.journal.current_room()
        if current == self.seen:
            return False
        self.seen = current
        return True


@dataclass(frozen=True)
class Results:
    """What the projector may show: counts and aggregates only (None where fewer than 3 contributed)."""

    joined: int
    fears: dict[str, Distribution | None]
    change: dict[str, Change | None]
    finished: dict[str, int] | None
    wall: list[WordEntry] | None
    answers_on_wall: int


def results(journal: Journal, workshop: Workshop, record: RoomRecord, state: RoomState) -> Results:
    fear_ids = [fear.id for fear in workshop.fears]
    answers = journal.room_answers(record.id, RESULT_PREFIXES)
    people = list(answers.values())

    def ratings(moment: str, person: dict) -> dict:
        return {fear_id: person.get(keys.rating(moment, fear_id)) for fear_id in fear_ids}

    entries = [WordEntry(*entry) for entry in journal.room_words(record.id, state.question_number)]
    return Results(
        joined=len(answers),
        fears=room.fear_distribution((ratings("welcome", p) for p in people), fear_ids),
        change=room.before_after(((ratings("welcome", p), ratings("wrapup", p)) for p in people), fear_ids),
        finished=room.finished_per_module(
            ({m: p.get(keys.progress(m)) for m in workshop.module_ids} for p in people), workshop.module_ids
        ),
        wall=room.word_wall(entries, state.revealed),
        answers_on_wall=len(entries),
    )


class NotAllowed(Exception):
    """A console action without the right token: nothing was changed."""


class Console:
    """The coach's actions on the current room, each behind the token check."""

    def __init__(self, journal: Journal, workshop: Workshop, token: str, clock: Callable[[], float] = time.time):
        self.journal = journal
        self.workshop = workshop
        self._hash = room.token_hash(token) if isinstance(token, str) and token else ""
        self._token = token
        self.clock = clock

    def authorized(self) -> bool:
        """Whether the token is the one the running ``serve`` made (checked in the journal, every time: a
        restarted ``serve`` retires the earlier run's token, see :meth:`Journal.make_only_facilitator_token`)."""
        return (
            bool(self._hash)
            and room.token_matches(self._token, self._hash)
            and self.journal.facilitator_token_known(self._hash)
        )

    def _require(self) -> None:
        if not self.authorized():
            raise NotAllowed

    def current(self) -> tuple[RoomRecord, RoomState] | None:
        """The current room if it belongs to this token (a restarted ``serve`` moves the open room to its token;
        a room opened under a token that was only added, not made the only one, is not ours)."""
        self._require()
        current = self.journal.current_room()
        record = self.journal.room(current[0]) if current else None
        if record is None or not room.token_matches(self._token, record.token_hash):
            return None
        return record, RoomState.from_json(record.state)

    def start_room(self, name: str, held_on: dt.date) -> str:
        self._require()
        name = " ".join(str(name).split())[: room.ROOM_NAME_CHARS] or "Workshop"
        room_id = self.journal.open_room(name, held_on.isoformat(), self._hash, RoomState().to_json())
        if room_id is None:  # a restarted serve retired this token between the check and the opening
            raise NotAllowed
        return room_id

    def change(self, decide: Callable[[RoomState, float], RoomState]) -> RoomState | None:
        """Apply ``decide(state, now)`` to the current room; None if there is none of ours."""
        now_room = self.current()
        if now_room is None:
            return None
        record, _ = now_room
        now = self.clock()
        updated = self.journal.update_room(record.id, lambda text: decide(RoomState.from_json(text), now).to_json())
        return None if updated is None else RoomState.from_json(updated.state)

    # --- the actions, one line each ---

    def follow(self, module_id: str) -> RoomState | None:
        if module_id not in self.workshop.module_ids:
            return None
        return self.change(lambda state, now: state.follow(module_id))

    def release(self) -> RoomState | None:
        return self.change(lambda state, now: state.release())

    def timer_start(self, minutes: float | None = None) -> RoomState | None:
        seconds = None if minutes is None else float(minutes) * 60
        return self.change(lambda state, now: _with_timer(state, state.timer.start(now, seconds)))

    def timer_pause(self) -> RoomState | None:
        return self.change(lambda state, now: _with_timer(state, state.timer.pause(now)))

    def timer_extend(self) -> RoomState | None:
        return self.change(lambda state, now: _with_timer(state, state.timer.extend(now)))

    def timer_stop(self) -> RoomState | None:
        return self.change(lambda state, now: _with_timer(state, state.timer.stop()))

    def form_groups(self) -> RoomState | None:
        now_room = self.current()
        if now_room is None:
            return None
        members = self.journal.room_member_ids(now_room[0].id)
        seed = random.SystemRandom().randrange(2**32)
        return self.change(lambda state, now: state.with_groups(members, seed, now))

    def next_round(self) -> RoomState | None:
        return self.change(lambda state, now: state.next_round(now))

    def ask(self, question: str) -> RoomState | None:
        return self.change(lambda state, now: state.ask(str(question)))

    def reveal(self, shown: bool) -> RoomState | None:
        return self.change(lambda state, now: _replace(state, revealed=bool(shown)))

    def hide_entry(self, entry_id: str, hidden: bool = True) -> None:
        now_room = self.current()
        if now_room is not None:
            self.journal.hide_word(now_room[0].id, str(entry_id), hidden)

    def end(self) -> RoomState | None:
        return self.change(lambda state, now: _replace(state.release(), ended=True))

    def erase(self) -> int:
        """Delete the room and everything its members wrote; the number of rows deleted."""
        now_room = self.current()
        return 0 if now_room is None else self.journal.erase_room(now_room[0].id)

    def results(self) -> Results | None:
        now_room = self.current()
        return None if now_room is None else results(self.journal, self.workshop, *now_room)

    def entries(self) -> list[WordEntry]:
        """Every answer to the current question, hidden ones too (the console's list; the projector's is
        :attr:`Results.wall`)."""
        now_room = self.current()
        if now_room is None:
            return []
        record, state = now_room
        return [WordEntry(*entry) for entry in self.journal.room_words(record.id, state.question_number)]


def _with_timer(state: RoomState, timer: room.Timer) -> RoomState:
    return _replace(state, timer=timer)


def _replace(state: RoomState, **changes) -> RoomState:
    return replace(state, **changes)


class Membership:
    """A participant in the current room: joined anonymously; reads the room, posts to the word wall only."""

    def __init__(self, journal: Journal, code: str):
        self.journal = journal
        self.code = code
        self.room_id: str | None = None
        self.member_id: str | None = None
        self.state = RoomState()

    def refresh(self) -> bool:
        """Read the current room (joining it if it is new and not ended); whether the participant is in a room."""
        current = self.journal.current_room()
        if current is None:
            self.room_id = self.member_id = None
            self.state = RoomState()
            return False
        room_id = current[0]
        record = self.journal.room(room_id)
        if record is None:
            return False
        state = RoomState.from_json(record.state)
        if room_id != self.room_id:
            if state.ended:
                return False  # arrived after the end: no room
            self.member_id = self.journal.join_room(room_id, self.code)
            self.room_id = room_id
        self.state = state
        return self.member_id is not None

    def placement(self) -> room.Placement | None:
        return None if self.member_id is None else self.state.placement(self.member_id)

    def answer(self, text: str) -> str:
        """Post ``text`` (one short line) to the wall's current question; what was stored."""
        word = room.clean_word(text)
        if word and self.room_id is not None and self.state.question_number > 0:
            self.journal.save_word(self.room_id, self.code, self.state.question_number, word)
        return word
