"""The facilitated room as each kernel meets it: the coach's console, a participant's membership, a cheap watch.

:mod:`coffeechat.room.model` decides (timer, groups, aggregates); the journal stores; this module joins the two for
one kernel. Every kernel reads the same stored room, so the console, the projector and each participant agree
without talking to each other, and a kernel that restarts finds the room again.

- :class:`Watch`: one tiny query (the newest room's id and revision); ``changed()`` says whether anything in
  the room moved since the last look. Kernels call it twice a second (:func:`every`).
- :class:`Console`: every action first checks the facilitator token against the journal (the hash of the token
  the running ``serve`` made, and the room's own); a wrong or missing token, or one of an earlier run, changes
  nothing. A restarted ``serve`` hands the open room to its new token (the members stay in it).
- A co-facilitator link (:meth:`Console.make_cofacilitator_link`) carries a token of its own, stored as a hash
  with its room: it opens the same console in the co-facilitator role, which runs pacing, timer, projector,
  word wall and groups, but may not open, end or erase a room, make or download the report, see or moderate
  the feedback's comments, make or revoke links, or keep, use or delete templates (:data:`FACILITATOR_ONLY`).
  The role is looked up in the journal on every action, so the facilitator's revoke stops an open
  co-facilitator console at its next one.
- :class:`Membership`: the participant joins the current room anonymously (a random member id, never the code
  in the room's state) and may post one word-wall answer per question, nothing else.
- Which module each member's page shows is the module it last opened (the ``position`` answer the page saves
  anyway, read by member id): the console counts pages per module (:meth:`Console.pages_per_module`), never
  who is where.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import itertools
import logging
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from coffeechat.content import Workshop
from coffeechat.models import keys
from coffeechat.models.roleplay import RoomRound
from coffeechat.room import model as room
from coffeechat.room.model import Change, Distribution, FeedbackEntry, RoomState, WordEntry, WordFilter
from coffeechat.room.report import REPORT_PREFIXES, SessionFigures, session_figures
from coffeechat.room.templates import (
    RoomTemplate,
    TrendRow,
    clean_name,
    opened_from,
    template_of,
    trend_point,
    trend_rows,
)
from coffeechat.storage.connection import now as stamp
from coffeechat.storage.journal import Journal, JournalWriteError
from coffeechat.storage.room_records import RoomRecord, StoredReport

log = logging.getLogger("coffeechat")

#: how often a kernel looks at the room (a "follow me" waits for the next look: half a second at most)
POLL_SECONDS = 0.5
RESULT_PREFIXES = ("welcome.rating.", "wrapup.rating.", "progress.")


def every(seconds: float, callback: Callable[[], None]) -> asyncio.Task | None:
    """Call ``callback()`` every ``seconds`` on the kernel's event loop (widgets stay on the kernel's thread);
    None outside a running loop (a test calls the callback itself). ipykernel runs a cell inside its running
    loop, so a task made there goes on after the cell (``tests/integration/test_rooms.py`` checks it in a
    real kernel)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None

    async def run() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                callback()
            except JournalWriteError:  # the journal logged its outage once; no traceback twice a second
                pass
            except Exception:  # a failed look must never end the watching
                log.exception("the room could not be read")

    return loop.create_task(run())


class Watch:
    """Has the room changed since the last look? One indexed query of one row."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self.seen: tuple[str, int] | None = None

    def changed(self) -> bool:
        current = self.journal.rooms.current()
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
    #: how many more answers the coach must let through before the wall shows any (0: enough)
    wall_missing: int = 0


@functools.lru_cache(maxsize=4)
def _word_filter(terms: tuple[str, ...]) -> WordFilter:
    return WordFilter(terms)


def word_filter(workshop: Workshop) -> WordFilter:
    """The word wall's filter of this content (``wall-filter.yaml``), compiled once per kernel."""
    return _word_filter(workshop.wall_terms)


# --- the run sheet's times for the console ---------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    """One timer button of the console: what it times (round, exercise, share, debrief, break) and how long."""

    kind: str
    minutes: int


def facilitated_formats(workshop: Workshop) -> tuple[str, ...]:
    """The formats a coach runs in a room (the self-paced one is for no room)."""
    return tuple(fmt.id for fmt in workshop.manifest.formats if not fmt.self_paced)


def _entry(workshop: Workshop, format_id: str | None, module_id: str | None):
    try:
        fmt = workshop.workshop_format(format_id) if format_id else None
    except KeyError:
        fmt = None
    if fmt is None:
        return None
    return next((entry for entry in fmt.schedule if entry.module == module_id), None)


def first_module(workshop: Workshop, format_id: str | None) -> str:
    """Where a room run in ``format_id`` starts: the first module of its run sheet (that the content has), else
    the workshop's first module. A new room's "module for everyone" is this one, whatever an earlier room led."""
    try:
        planned = workshop.workshop_format(format_id).modules if format_id else ()
    except KeyError:
        planned = ()
    return next((m for m in planned if m in workshop.module_ids), workshop.module_ids[0])


def room_modules(workshop: Workshop, format_id: str | None, current: str | None = None) -> tuple[str, ...]:
    """The modules the console offers to lead in a room run in ``format_id``: its run sheet's, in the workshop's
    order (a half-day room is not offered the weeks after), and ``current`` if the room is on another; every
    module for a format without a plan."""
    try:
        planned = set(workshop.workshop_format(format_id).modules) if format_id else set()
    except KeyError:
        planned = set()
    offered = tuple(m for m in workshop.module_ids if m in planned or m == current)
    return offered or workshop.module_ids


def is_roleplay(workshop: Workshop, module_id: str | None) -> bool:
    return module_id in workshop.module_ids and workshop.module_ref(module_id).kind == "roleplay"


def groups_offered(workshop: Workshop, format_id: str | None, module_id: str | None) -> bool:
    """Whether the console offers "form groups": for a role-play module, in a format whose run sheet plays it
    (the 90 minutes play none; the welcome or a fear has no groups)."""
    if not is_roleplay(workshop, module_id):
        return False
    try:
        planned = workshop.workshop_format(format_id).modules if format_id else workshop.module_ids
    except KeyError:
        planned = workshop.module_ids
    return module_id in planned


def round_minutes(workshop: Workshop, format_id: str | None) -> int:
    """How long a role-play round runs in ``format_id`` (its run sheet), else in the first format that plays
    rounds, else the room's default."""
    try:
        formats = [workshop.workshop_format(format_id)] if format_id else []
    except KeyError:
        formats = []
    for fmt in [*formats, *workshop.manifest.formats]:
        for entry in fmt.schedule:
            if entry.rounds is not None:
                return entry.round_minutes
    return room.DEFAULT_TIMER_MINUTES


def length_minutes(state: RoomState) -> int:
    """The room timer's full length in whole minutes (what the console's minutes field starts at)."""
    return max(1, min(room.MAX_TIMER_MINUTES, int(state.timer.length // 60)))


def timer_presets(workshop: Workshop, format_id: str | None, module_id: str | None) -> list[Preset]:
    """The console's timer buttons for the module being led, from the format's run sheet (the same entries
    :func:`coffeechat.documents.agenda.run_sheet` lays out): a role-play's round, its feedback and changeover, and its
    debrief; a module's exercise and its sharing in groups. A module the format does not plan gets its own
    exercise minutes."""
    if module_id not in workshop.module_ids:
        return []
    entry = _entry(workshop, format_id, module_id)
    ref = workshop.module_ref(module_id)
    if entry is not None and entry.rounds is not None:
        presets = [Preset("round", entry.round_minutes)]
        if entry.changeover_minutes:
            presets.append(Preset("changeover", entry.changeover_minutes))
        if entry.debrief_minutes:
            presets.append(Preset("debrief", entry.debrief_minutes))
        return presets + _break_after(workshop, format_id, module_id)
    presets = []
    if ref.kind == "role-play":
        presets.append(Preset("round", round_minutes(workshop, format_id)))
    elif ref.exercise_minutes:
        presets.append(Preset("exercise", ref.exercise_minutes))
    if entry is not None and entry.share_minutes:
        presets.append(Preset("share", entry.share_minutes))
    return presets + _break_after(workshop, format_id, module_id)


def _break_after(workshop: Workshop, format_id: str | None, module_id: str | None) -> list[Preset]:
    """The break the run sheet plans right after ``module_id``, as a timer button (the guide names it)."""
    try:
        schedule = workshop.workshop_format(format_id).schedule if format_id else ()
    except KeyError:
        return []
    for entry, following in itertools.pairwise(schedule):
        if entry.module == module_id and following.pause:
            return [Preset("break", following.pause)]
    return []


def results(journal: Journal, workshop: Workshop, record: RoomRecord, state: RoomState) -> Results:
    fear_ids = [fear.id for fear in workshop.fears]
    answers = journal.rooms.answers(record.id, RESULT_PREFIXES)
    people = list(answers.values())

    def ratings(moment: str, person: dict) -> dict:
        return {fear_id: person.get(keys.rating(moment, fear_id)) for fear_id in fear_ids}

    entries = [WordEntry(*entry) for entry in journal.rooms.words(record.id, state.question_number)]
    return Results(
        joined=len(answers),
        fears=room.fear_distribution((ratings("welcome", p) for p in people), fear_ids),
        change=room.before_after(((ratings("welcome", p), ratings("wrapup", p)) for p in people), fear_ids),
        finished=room.finished_per_module(
            ({m: p.get(keys.progress(m)) for m in workshop.module_ids} for p in people), workshop.module_ids
        ),
        wall=room.word_wall(entries, state.revealed, state.auto_approve, word_filter(workshop)),
        answers_on_wall=len(entries),
        wall_missing=room.wall_missing(entries, state.auto_approve, word_filter(workshop)),
    )


class NotAllowed(Exception):
    """A console action without the right token: nothing was changed."""


#: the two roles a console can have: the facilitator's (the running server's token) and a co-facilitator's
FACILITATOR, COFACILITATOR = "facilitator", "cofacilitator"
#: what only the facilitator may do: a co-facilitator's console is refused these, in the kernel
FACILITATOR_ONLY = (
    "start_room",
    "end",
    "erase",
    "feedback",
    "moderate_feedback",
    "report_figures",
    "keep_report",
    "last_report",
    "make_cofacilitator_link",
    "revoke_cofacilitator_link",
    "cofacilitator_made",
    "save_template",
    "templates",
    "template",
    "delete_template",
    "trend",
)


def new_cofacilitator_token() -> str:
    return secrets.token_urlsafe(24)


class Console:
    """The coach's actions on the current room, each behind the token check."""

    def __init__(self, journal: Journal, workshop: Workshop, token: str, clock: Callable[[], float] = time.time):
        self.journal = journal
        self.workshop = workshop
        self._hash = room.token_hash(token) if isinstance(token, str) and token else ""
        self._token = token
        self.clock = clock

    def role(self) -> str | None:
        """:data:`FACILITATOR` if the token is the one the running ``serve`` made (checked in the journal, every
        time: a restarted ``serve`` retires the earlier run's token, see
        ``journal.rooms.make_only_facilitator_token``), :data:`COFACILITATOR` if it is a co-facilitator link's
        that was not revoked, else None."""
        if not self._hash or not room.token_matches(self._token, self._hash):
            return None
        if self.journal.rooms.facilitator_token_known(self._hash):
            return FACILITATOR
        if self.journal.rooms.cofacilitator_room(self._hash) is not None:
            return COFACILITATOR
        return None

    def authorized(self) -> bool:
        """Whether the token opens the console at all (either role)."""
        return self.role() is not None

    def is_facilitator(self) -> bool:
        return self.role() == FACILITATOR

    def _require(self) -> None:
        if not self.authorized():
            raise NotAllowed

    def _require_facilitator(self) -> None:
        """For what only the facilitator may do (:data:`FACILITATOR_ONLY`): a co-facilitator is refused."""
        if not self.is_facilitator():
            raise NotAllowed

    def current(self) -> tuple[RoomRecord, RoomState] | None:
        """The current room if it belongs to this token (a restarted ``serve`` moves the open room to its token;
        a room opened under a token that was only added, not made the only one, is not ours); for a
        co-facilitator, if it is the room their link was made for."""
        role = self.role()
        if role is None:
            raise NotAllowed
        current = self.journal.rooms.current()
        record = self.journal.rooms.get(current[0]) if current else None
        if record is None:
            return None
        if role == COFACILITATOR:
            if self.journal.rooms.cofacilitator_room(self._hash) != record.id:
                return None
        elif not room.token_matches(self._token, record.token_hash):
            return None
        return record, RoomState.from_json(record.state)

    def _current_as_facilitator(self) -> tuple[RoomRecord, RoomState] | None:
        self._require_facilitator()
        return self.current()

    # --- the co-facilitator link (only the facilitator makes or revokes it) ---

    def make_cofacilitator_link(self) -> str | None:
        """A new co-facilitator token for the current room (an earlier link stops working); None without a
        room. Only its hash is stored: the console shows the token once, in the link."""
        now_room = self._current_as_facilitator()
        if now_room is None:
            return None
        token = new_cofacilitator_token()
        made = self.journal.rooms.make_cofacilitator_token(now_room[0].id, room.token_hash(token))
        return None if made is None else token

    def revoke_cofacilitator_link(self) -> None:
        """The current room's co-facilitator link opens nothing from now on; an open co-facilitator console
        is refused at its next action or look."""
        now_room = self._current_as_facilitator()
        if now_room is not None:
            self.journal.rooms.revoke_cofacilitator_tokens(now_room[0].id)

    def cofacilitator_made(self) -> str | None:
        """When the current room's co-facilitator link was made (None: it has none)."""
        now_room = self._current_as_facilitator()
        return None if now_room is None else self.journal.rooms.cofacilitator_made(now_room[0].id)

    def start_room(
        self, name: str, held_on: dt.date, format_id: str | None = None, template_id: str | None = None
    ) -> str:
        """A new room, run in ``format_id`` (a format of ``workshop.yaml``; else the first one for a room), with
        the setup of the template ``template_id`` if it is one (:func:`coffeechat.room.templates.opened_from`)."""
        self._require_facilitator()
        template = self.template(template_id) if template_id else None
        name = " ".join(str(name).split())[: room.ROOM_NAME_CHARS] or "Workshop"
        formats = facilitated_formats(self.workshop)
        chosen = format_id if format_id in formats else (formats[0] if formats else None)
        seconds = round_minutes(self.workshop, chosen) * 60.0
        # a fresh state: nothing of an earlier room's pacing, module, timer, groups or wall comes along
        state = RoomState(
            format=chosen, module=first_module(self.workshop, chosen), timer=room.Timer(length=seconds, left=seconds)
        ).noted(self.clock(), "start", chosen or "")
        if template is not None:
            state = opened_from(state, template)
        room_id = self.journal.rooms.open(name, held_on.isoformat(), self._hash, state.to_json())
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
        updated = self.journal.rooms.update(record.id, lambda text: decide(RoomState.from_json(text), now).to_json())
        return None if updated is None else RoomState.from_json(updated.state)

    # --- the actions, one line each ---

    def follow(self, module_id: str) -> RoomState | None:
        """Every page to ``module_id``; leading on from the role-play to another module ends its groups."""
        if module_id not in self.workshop.module_ids:
            return None
        return self.change(
            lambda state, now: self._groups_for(state.follow(module_id), module_id).noted(now, "follow", module_id)
        )

    def release(self, module_id: str | None = None) -> RoomState | None:
        """Everyone at their own pace; ``module_id`` (a module of the workshop) is the room's module from now on
        (one that is not the role-play ends the role-play's groups)."""
        chosen = module_id if module_id in self.workshop.module_ids else None

        def decide(state: RoomState, now: float) -> RoomState:
            moved = chosen is not None and (chosen != state.module or state.pacing != room.OWN_PACE)
            released = self._groups_for(state.release(chosen), chosen)
            return released.noted(now, "module", chosen) if moved and chosen else released

        return self.change(decide)

    def _groups_for(self, state: RoomState, module_id: str | None) -> RoomState:
        """Groups belong to the role-play: the room's module becoming another one ends them."""
        if module_id is None or not state.groups or is_roleplay(self.workshop, module_id):
            return state
        return state.end_groups()

    def timer_start(self, minutes: float | None = None) -> RoomState | None:
        seconds = None if minutes is None else float(minutes) * 60

        def decide(state: RoomState, now: float) -> RoomState:
            timer = state.timer.start(now, seconds)
            started = timer.rounds != state.timer.rounds
            noted = state.noted(now, "timer", f"{timer.length / 60:g}") if started else state
            return _with_timer(noted, timer)

        return self.change(decide)

    def timer_pause(self) -> RoomState | None:
        return self.change(lambda state, now: _with_timer(state, state.timer.pause(now)))

    def timer_extend(self) -> RoomState | None:
        return self.change(lambda state, now: _with_timer(state, state.timer.extend(now)))

    def timer_stop(self) -> RoomState | None:
        return self.change(lambda state, now: _with_timer(state, state.timer.stop()))

    def _round_seconds(self, state: RoomState) -> float:
        return round_minutes(self.workshop, state.format) * 60.0

    def timer_resume(self) -> RoomState | None:
        return self.change(lambda state, now: _with_timer(state, state.timer.resume(now)))

    def project(self, mode: str) -> RoomState | None:
        """What every projector shows (:data:`coffeechat.room.model.PROJECTOR_MODES`)."""
        return self.change(lambda state, now: state.project(str(mode)))

    def projector_settings(self, **settings) -> RoomState | None:
        """The projector's corner, theme and sound (:meth:`coffeechat.room.model.RoomState.projector_settings`)."""
        return self.change(lambda state, now: state.projector_settings(**settings))

    def form_groups(self) -> RoomState | None:
        """Groups of everyone in the room, round 1, the timer started with the run sheet's round length."""
        now_room = self.current()
        if now_room is None:
            return None
        members = self.journal.rooms.member_ids(now_room[0].id)
        seed = random.SystemRandom().randrange(2**32)
        return self.change(
            lambda state, now: state.with_groups(members, seed, now, self._round_seconds(state)).noted(
                now, "groups", str(len(room.group_sizes(len(members))))
            )
        )

    def next_round(self) -> RoomState | None:
        """The next round, with everyone who joined since placed, the timer at the run sheet's round length."""
        now_room = self.current()
        if now_room is None:
            return None
        members = self.journal.rooms.member_ids(now_room[0].id)

        def decide(state: RoomState, now: float) -> RoomState:
            after = state.next_round(now, members, self._round_seconds(state))
            return after.noted(now, "round", str(after.round)) if after.round != state.round else after

        return self.change(decide)

    def place_late(self) -> RoomState | None:
        """Everyone who joined after "form groups" into a group; nobody moves, the round goes on."""
        now_room = self.current()
        if now_room is None:
            return None
        members = self.journal.rooms.member_ids(now_room[0].id)
        return self.change(lambda state, now: state.with_late_joiners(members))

    def unplaced(self) -> int:
        """How many people in the room are in no group while there are groups (0 before "form groups")."""
        now_room = self.current()
        if now_room is None or not now_room[1].groups:
            return 0
        return room.unplaced(now_room[1].groups, self.journal.rooms.member_ids(now_room[0].id))

    def ask(self, question: str) -> RoomState | None:
        """A new question (a blank one asks nothing: the view says so)."""

        def decide(state: RoomState, now: float) -> RoomState:
            asked = state.ask(str(question))
            return asked.noted(now, "ask", str(asked.question_number)) if asked is not state else asked

        return self.change(decide)

    def clear_question(self) -> RoomState | None:
        return self.change(lambda state, now: state.clear_question())

    def reveal(self, shown: bool) -> RoomState | None:
        def decide(state: RoomState, now: float) -> RoomState:
            revealed = _replace(state, revealed=bool(shown))
            if shown and not state.revealed and state.question:
                return revealed.noted(now, "reveal", str(state.question_number))
            return revealed

        return self.change(decide)

    def auto_approve(self, on: bool) -> RoomState | None:
        return self.change(lambda state, now: _replace(state, auto_approve=bool(on)))

    def hide_entry(self, entry_id: str, hidden: bool = True) -> None:
        now_room = self.current()
        if now_room is not None:
            self.journal.rooms.hide_word(now_room[0].id, str(entry_id), hidden)

    def approve_entry(self, entry_id: str, approved: bool = True) -> None:
        now_room = self.current()
        if now_room is not None:
            self.journal.rooms.approve_word(now_room[0].id, str(entry_id), approved)

    def approve_waiting(self) -> int:
        """Approve every waiting answer that the filter lets through; how many."""
        now_room = self.current()
        if now_room is None:
            return 0
        flags = word_filter(self.workshop).flags
        waiting = [e for e in self.entries() if not e.hidden and not e.approved and not flags(e.text)]
        for entry in waiting:
            self.journal.rooms.approve_word(now_room[0].id, entry.entry_id, True)
        return len(waiting)

    def earlier_questions(self) -> list[tuple[int, str, int]]:
        """The questions asked before the current one: (number, question, how many answered), oldest first."""
        now_room = self.current()
        if now_room is None:
            return []
        record, state = now_room
        counts = self.journal.rooms.word_counts(record.id)
        last = state.question_number if not state.question else state.question_number - 1
        return [
            (number, state.asked[number - 1], counts.get(number, 0))
            for number in range(1, last + 1)
            if number <= len(state.asked)
        ]

    def end(self) -> RoomState | None:
        self._require_facilitator()
        return self.change(lambda state, now: state.end().noted(now, "end") if not state.ended else state)

    def erase(self) -> int:
        """Delete the room and everything its members wrote; the number of rows deleted."""
        now_room = self._current_as_facilitator()
        return 0 if now_room is None else self.journal.rooms.erase(now_room[0].id)

    # --- feedback at the end: the coach sees the ratings' distribution and approves each comment ---

    def feedback(self) -> list[FeedbackEntry]:
        """Every member's feedback on the current room (no code, no name: a random id each)."""
        now_room = self._current_as_facilitator()
        if now_room is None:
            return []
        return [FeedbackEntry(*entry) for entry in self.journal.rooms.feedback(now_room[0].id)]

    def moderate_feedback(self, entry_id: str, *, approved: bool | None = None, hidden: bool | None = None) -> None:
        """Approve a comment (only an approved one appears anywhere else), take it back, hide it or show it."""
        now_room = self._current_as_facilitator()
        if now_room is not None:
            self.journal.rooms.moderate_feedback(now_room[0].id, str(entry_id), approved=approved, hidden=hidden)

    # --- the session report ---

    def report_figures(self) -> tuple[RoomRecord, SessionFigures] | None:
        """The current room and its report's figures (:func:`coffeechat.room.report.session_figures`)."""
        now_room = self._current_as_facilitator()
        if now_room is None:
            return None
        record, state = now_room
        rooms = self.journal.rooms
        words = {
            number: [WordEntry(*entry) for entry in rooms.words(record.id, number)]
            for number in range(1, len(state.asked) + 1)
        }
        feedback = [FeedbackEntry(*entry) for entry in rooms.feedback(record.id)]
        figures = session_figures(
            rooms.answers(record.id, REPORT_PREFIXES),
            [fear.id for fear in self.workshop.fears],
            self.workshop.module_ids,
            state,
            words,
            feedback,
            word_filter(self.workshop),
        )
        return record, figures

    def keep_report(
        self, record: RoomRecord, language: str, filename: str, content: bytes, figures: SessionFigures | None = None
    ) -> StoredReport:
        """Keep the report of ``record``'s room in the journal, where it outlives "erase all data of this room";
        with its ``figures``, the line its template's trend shows of it
        (:func:`coffeechat.room.templates.trend_point`)."""
        self._require_facilitator()
        template_id = RoomState.from_json(record.state).template
        trend = "" if figures is None else trend_point(figures).to_json()
        report = StoredReport(
            record.id, record.name, record.held_on, language, filename, stamp(), content, template_id, trend
        )
        self.journal.rooms.save_report(report)
        return report

    def last_report(self) -> StoredReport | None:
        """The report last kept: the current room's (None before it has one: a new room's console offered the
        room before's report), else (after an erase) the newest one. Only for the coach."""
        self._require_facilitator()
        current = self.journal.rooms.current()
        if current is not None:
            return self.journal.rooms.last_report(current[0])
        return self.journal.rooms.last_report()

    # --- rooms that come back: templates and their trend (only the coach) ---

    def save_template(self, name: str = "", timer_minutes: int | None = None) -> RoomTemplate | None:
        """Keep the current room's setup as the template ``name`` (blank: the room's name); None without a room.
        ``timer_minutes``: the minutes the coach set up in the console's timer field (else the timer's length,
        which is the last round started, not what the coach typed for next time).
        A template of the same name gets the new setup and keeps its id (and its trend). A room opened from no
        template becomes the template's first session (its report, kept or to come, counts in the trend)."""
        now_room = self._current_as_facilitator()
        if now_room is None:
            return None
        record, state = now_room
        template = template_of(state, clean_name(name) or record.name, timer_minutes)
        template_id = self.journal.rooms.save_template(template.name, template.setup_json())
        if state.template is None:  # the room a template is saved from is its first session: its trend counts it
            self.change(lambda now_state, now: _replace(now_state, template=now_state.template or template_id))
            self.journal.rooms.report_from_template(record.id, template_id)
        return replace(template, id=template_id)

    def templates(self) -> list[RoomTemplate]:
        """The templates kept, by name."""
        self._require_facilitator()
        return [RoomTemplate.from_stored(t.id, t.name, t.setup) for t in self.journal.rooms.templates()]

    def template(self, template_id: str | None) -> RoomTemplate | None:
        self._require_facilitator()
        stored = self.journal.rooms.template(str(template_id)) if template_id else None
        return None if stored is None else RoomTemplate.from_stored(stored.id, stored.name, stored.setup)

    def delete_template(self, template_id: str) -> bool:
        """Forget a template (the rooms opened from it and their reports stay); whether there was one."""
        self._require_facilitator()
        return self.journal.rooms.delete_template(str(template_id))

    def trend(self, template_id: str | None) -> tuple[TrendRow, ...]:
        """The sessions of the template whose report was kept, oldest first: what its trend table shows."""
        self._require_facilitator()
        return trend_rows(self.journal.rooms.template_trend(template_id)) if template_id else ()

    def results(self) -> Results | None:
        now_room = self.current()
        return None if now_room is None else results(self.journal, self.workshop, *now_room)

    def pages_per_module(self) -> dict[str, int] | None:
        """How many members' pages show each module (every module listed, in the workshop's order); None
        without a room. Anonymous: counts only, read by member id."""
        now_room = self.current()
        return None if now_room is None else self._pages(now_room[0])

    def _pages(self, record: RoomRecord) -> dict[str, int]:
        positions = self.journal.rooms.answers(record.id, (keys.POSITION,))
        return pages_per_module((answers.get(keys.POSITION) for answers in positions.values()), self.workshop)

    def took_home(self) -> tuple[int, int] | None:
        """How many of the current room's members downloaded their take-home, of how many joined; None without a
        room. Counts only, read by member id (the coach's "may I erase now?")."""
        now_room = self.current()
        if now_room is None:
            return None
        downloaded = self.journal.rooms.answers(now_room[0].id, (keys.TAKE_HOME_DOWNLOADED,))
        return sum(keys.TAKE_HOME_DOWNLOADED in answers for answers in downloaded.values()), len(downloaded)

    def pages_line(self, language: str) -> str:
        """The console's line on where the pages are, in ``language``: while the coach leads, how many are on
        the coach's module and how many elsewhere; else the count on each module that has any ("" without a
        room or a page)."""
        now_room = self.current()
        counts = {} if now_room is None else self._pages(now_room[0])
        if now_room is None or not any(counts.values()):
            return ""
        workshop, followed = self.workshop, now_room[1].followed_module()
        if followed is not None:
            here = counts.get(followed, 0)
            return workshop.t("room.pages_here", language, here=here, elsewhere=sum(counts.values()) - here)
        shown = " · ".join(f"{workshop.module_title(m, language)} ({n})" for m, n in counts.items() if n)
        return workshop.t("room.pages_per_module", language, counts=shown)

    def entries(self) -> list[WordEntry]:
        """Every answer to the current question, hidden ones too (the console's list; the projector's is
        :attr:`Results.wall`). None once the question is ended: it stands with its count among
        :meth:`earlier_questions`, not as if live."""
        now_room = self.current()
        if now_room is None:
            return []
        record, state = now_room
        if not state.question:
            return []
        return [WordEntry(*entry) for entry in self.journal.rooms.words(record.id, state.question_number)]


def pages_per_module(positions, workshop: Workshop) -> dict[str, int]:
    """Count each member's module; a page that has not moved yet (or saved a module that no longer exists)
    shows the first module, as the app opens it."""
    ids = workshop.module_ids
    counts = dict.fromkeys(ids, 0)
    for position in positions:
        counts[position if position in counts else ids[0]] += 1
    return counts


def _with_timer(state: RoomState, timer: room.Timer) -> RoomState:
    return _replace(state, timer=timer)


def _replace(state: RoomState, **changes) -> RoomState:
    return replace(state, **changes)


class Membership:
    """A participant in the current room: joined anonymously; reads the room, posts to the word wall only.

    Once the participant's data is gone from the journal (the coach erased the room, or ``coffeechat erase``
    removed the code), :attr:`erased` is True for good and :meth:`refresh` says "no room" without touching
    the journal again: an erased participant joins nothing and raises nothing.
    """

    def __init__(self, journal: Journal, code: str):
        self.journal = journal
        self.code = code
        self.room_id: str | None = None
        self.member_id: str | None = None
        self.state = RoomState()
        #: the participant's data was erased: the page lets go of them (a calm note, a fresh start)
        self.erased = False
        #: ... together with the room they were in (the coach's erase), not on its own (``coffeechat erase``)
        self.room_erased = False

    def refresh(self) -> bool:
        """Read the current room (joining it if it is new and not ended); whether the participant is in a room."""
        if self.erased or not self.journal.participant_exists(self.code):
            return self._erased()
        current = self.journal.rooms.current()
        if current is None:
            self.room_id = self.member_id = None
            self.state = RoomState()
            return False
        room_id = current[0]
        record = self.journal.rooms.get(room_id)
        if record is None:
            return False
        state = RoomState.from_json(record.state)
        if room_id != self.room_id:
            if state.ended:
                return False  # arrived after the end: no room
            try:
                self.member_id = self.journal.rooms.join(room_id, self.code)
            except KeyError:  # erased between the look above and the join
                return self._erased()
            self.room_id = room_id
        self.state = state
        return self.member_id is not None

    def _erased(self) -> bool:
        if not self.erased:
            self.room_erased = self.room_id is not None and self.journal.rooms.get(self.room_id) is None
        self.erased = True
        self.room_id = self.member_id = None
        self.state = RoomState()
        return False

    def placement(self) -> room.Placement | None:
        return None if self.member_id is None else self.state.placement(self.member_id)

    def room_round(self) -> RoomRound | None:
        """The role-play round the room assigned this participant, while the room is on and placed them in a
        group; None otherwise (no room, no group, the room ended): then they practise on their own."""
        placement = self.placement()
        if placement is None or self.state.ended:
            return None
        return RoomRound(placement.group, placement.size, placement.role, max(1, self.state.round))

    def feedback(self) -> tuple[int | None, str] | None:
        """What this participant said of the session (rating, comment), or None."""
        if self.erased or self.room_id is None:
            return None
        return self.journal.rooms.own_feedback(self.room_id, self.code)

    def give_feedback(self, rating: int | None, comment: str) -> bool:
        """Store the participant's rating (1-5) and comment (cut to its limit; the view says so before); whether
        it was stored (not without a room)."""
        if self.erased or self.room_id is None or self.member_id is None:
            return False
        cleaned = room.clean_comment(comment)[: room.FEEDBACK_CHARS]
        try:
            self.journal.rooms.save_feedback(self.room_id, self.code, room.feedback_rating(rating), cleaned)
        except KeyError:
            self._erased()
            return False
        return True

    def answer(self, text: str) -> str:
        """Post ``text`` (one short line) to the wall's current question; what was stored."""
        if self.erased:
            return ""
        word = room.clean_word(text)
        if word and self.room_id is not None and self.state.question_number > 0 and self.state.question:
            try:
                self.journal.rooms.save_word(self.room_id, self.code, self.state.question_number, word)
            except KeyError:  # the room was erased a moment ago: nothing is posted, nothing fails
                self._erased()
                return ""
        return word
