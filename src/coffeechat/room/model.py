"""The facilitated room as a model: pacing, the shared timer, trios and pairs, and the room's anonymous results.

Pure and deterministic: no widgets, no storage, no clock of its own (every function that needs the time takes
``now``, seconds since the epoch, from the caller). The room's shared state is one :class:`RoomState`, which
the journal stores as JSON (:meth:`RoomState.to_json` / :meth:`RoomState.from_json`), so every kernel (the
console, the projector, each participant) reads the same state and computes the same answers from it.

Guarantees (``tests/unit/test_room.py`` property-tests them):

- a timer is a start time, the seconds left at that start and, when paused, the seconds left at the pause:
  every page that reads it computes the same remaining time for the same moment; a paused timer resumes with
  exactly the time it had (a minute added during the pause included), and only a start with a length (or a
  start after Stop or after it ran out) counts down afresh;
- ``form_groups`` puts every member present into exactly one group of three (pairs only where the count
  requires it: 2, 4, 5, 7, ... people; one person alone only in a room of one);
- within a group, the roles rotate: over as many rounds as the group has members, everyone plays every role;
- ``place_late`` puts everyone who joined after "form groups" into a group without moving anyone already in
  one or changing anyone's role this round (a pair becomes a trio first, then new pairs or trios; a single
  late joiner with only trios about becomes a trio's second observer);
- the word wall shows an answer only when it is approved (by the coach, or by "approve automatically"), not
  hidden, and free of every word of the filter: a filtered answer never reaches the projector; and it shows
  nothing while fewer than :data:`MIN_GROUP` answers may be shown (:func:`wall_missing` says how many more);
- every aggregate is ``None`` below :data:`MIN_GROUP` contributions (a module's count of people who finished
  it is left out below that number), and carries no code, no name, no order in which people joined.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

#: a result reaches the projector only when at least this many people contributed to it
MIN_GROUP = 3
#: the roles of a role-play round, in the order they rotate through a trio
TRIO_ROLES = ("asker", "contact", "observer")
#: a trio that took in one late joiner: two observers
QUARTET_ROLES = (*TRIO_ROLES, "observer")
PAIR_ROLES = ("asker", "contact")
SOLO_ROLES = ("asker",)
OWN_PACE, FOLLOW_ME = "own", "follow"
#: default length of the shared timer (a role-play round)
DEFAULT_TIMER_SECONDS = 8 * 60
MAX_TIMER_SECONDS = 3 * 60 * 60
EXTEND_SECONDS = 60
DEFAULT_TIMER_MINUTES = DEFAULT_TIMER_SECONDS // 60
MAX_TIMER_MINUTES = MAX_TIMER_SECONDS // 60
#: what the projector can show, switched from the console (stored in the room, so every projector agrees):
#: how to join (QR code, address, count), the module's slide, the fear profile, before and after, the word
#: wall, the groups, the timer full screen
PROJECTOR_MODES = ("join", "module", "profile", "change", "wall", "groups", "timer")
PROJECTOR_THEMES = ("light", "dark")
#: how much of the word wall one slide shows at the smallest screen (1024x768) in type readable from the back:
#: characters of the answers, each answer counting this many more for its chip; the rest is counted, not shown
WALL_SLIDE_CHARACTERS = 540
WALL_CHIP_CHARACTERS = 10
#: up to these many characters on the wall its chips are large, then middle-sized, then the slide's own size
WALL_FEW_CHARACTERS, WALL_SOME_CHARACTERS = 90, 220
#: up to this many groups their tiles are large; from the second number on each tile takes one line
FEW_GROUPS, MANY_GROUPS = 6, 13
#: a word-wall answer is short
WORD_CHARS = 80
QUESTION_CHARS = 160
ROOM_NAME_CHARS = 80
#: a session's feedback: a rating from 1 to 5, and a short comment of at most this many characters
FEEDBACK_RATINGS = (1, 2, 3, 4, 5)
FEEDBACK_CHARS = 300
#: the run sheet as it was run: at most this many of the coach's moves are kept in the room (the oldest go first)
MAX_EVENTS = 400
#: what the room records of the coach's moves (:meth:`RoomState.noted`), for the session report's run sheet
EVENT_KINDS = ("start", "module", "follow", "timer", "groups", "round", "ask", "reveal", "end")


# --- the facilitator's token --------------------------------------------------------------------------


def new_token() -> str:
    """A fresh facilitator token: 192 random bits, URL-safe (only its hash is stored)."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: object, stored_hash: str) -> bool:
    """Whether ``token`` is the one whose hash is ``stored_hash`` (in constant time)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return False
    return hmac.compare_digest(token_hash(token), stored_hash)


# --- the shared timer ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timer:
    """A countdown shared by every page: ``started_at`` (epoch seconds) while it runs, else None.

    ``left`` is the number of seconds left at ``started_at`` (running) or now (paused or stopped);
    ``length`` is what a fresh start counts down from; ``rounds`` counts starts from a full length, so a page
    knows a new countdown from a resumed one; ``paused`` is set by :meth:`pause` until the timer resumes or
    stops (a stopped timer is not paused: its next start is a fresh one).
    """

    length: float = DEFAULT_TIMER_SECONDS
    left: float = DEFAULT_TIMER_SECONDS
    started_at: float | None = None
    rounds: int = 0
    paused: bool = False

    @property
    def running(self) -> bool:
        return self.started_at is not None

    @property
    def counting(self) -> bool:
        """Whether a countdown is on (running, run out or paused): what a participant's page shows; a timer never
        started or stopped is the coach's business (a big idle "8:00" read as a countdown set)."""
        return self.running or self.paused

    def remaining(self, now: float) -> float:
        """Seconds left at ``now`` (never below 0)."""
        if self.started_at is None:
            return max(0.0, self.left)
        return max(0.0, self.left - max(0.0, now - self.started_at))

    def ends_at(self) -> float | None:
        """When a running timer reaches 0 (epoch seconds); None while paused or stopped."""
        return None if self.started_at is None else self.started_at + self.left

    def start(self, now: float, seconds: float | None = None) -> Timer:
        """Afresh from ``seconds``; without it, resume a paused timer with the time it has left, or start a
        stopped one (or one that ran out) afresh from its length."""
        if seconds is not None:
            length = _clamp_seconds(seconds)
            return Timer(length=length, left=length, started_at=now, rounds=self.rounds + 1)
        if self.running:
            return self
        if self.paused and self.left > 0:
            return replace(self, started_at=now, paused=False)
        if self.remaining(now) <= 0 or self.left >= self.length:
            return Timer(length=self.length, left=self.length, started_at=now, rounds=self.rounds + 1)
        return replace(self, started_at=now, paused=False)

    def resume(self, now: float) -> Timer:
        """Go on with the time left after a pause (the same as :meth:`start` without a length)."""
        return self.start(now)

    def pause(self, now: float) -> Timer:
        if not self.running:
            return self
        return replace(self, left=self.remaining(now), started_at=None, paused=True)

    def extend(self, now: float, seconds: float = EXTEND_SECONDS) -> Timer:
        """A minute more (or ``seconds``); a timer that had run out runs again with just that time."""
        if self.running and self.remaining(now) <= 0:
            return replace(self, left=_clamp_seconds(seconds), started_at=now)
        return replace(self, left=min(MAX_TIMER_SECONDS, self.left + seconds))

    def stop(self) -> Timer:
        """Back to the full length, not running, not paused."""
        return replace(self, left=self.length, started_at=None, paused=False)


def _clamp_seconds(seconds: float) -> float:
    return float(min(MAX_TIMER_SECONDS, max(1, round(seconds))))


# --- trios and pairs ------------------------------------------------------------------------------------


def group_sizes(count: int) -> list[int]:
    """How ``count`` people split up: trios, and pairs only where the count requires (4 → 2+2, 5 → 3+2)."""
    if count <= 0:
        return []
    if count <= 2:
        return [count]
    trios, rest = divmod(count, 3)
    if rest == 0:
        return [3] * trios
    if rest == 2:
        return [3] * trios + [2]
    return [3] * (trios - 1) + [2, 2]  # rest 1: one trio becomes two pairs


def form_groups(members: Sequence[str], seed: int) -> list[list[str]]:
    """The members present, shuffled by ``seed``, in groups of :func:`group_sizes`. Same seed, same groups."""
    shuffled = sorted(members)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - groups, not secrets: the same seed, the same groups
    groups, start = [], 0
    for size in group_sizes(len(shuffled)):
        groups.append(shuffled[start : start + size])
        start += size
    return groups


def roles_for(size: int) -> tuple[str, ...]:
    return {1: SOLO_ROLES, 2: PAIR_ROLES, 4: QUARTET_ROLES}.get(size, TRIO_ROLES)


def role(position: int, round_number: int, size: int) -> str:
    """The role of the member at ``position`` of a group of ``size`` in round ``round_number`` (from 1).

    Round 1 gives the first member the first role; each round moves every role one member on, so over
    ``size`` rounds every member plays every role once.
    """
    roles = roles_for(size)
    return roles[(position - (round_number - 1)) % size] if size <= len(roles) else roles[0]


def place_late(
    groups: Sequence[Sequence[str]], members: Sequence[str], round_number: int
) -> tuple[tuple[str, ...], ...]:
    """The groups with every member not yet in one placed, nobody moved, nobody's role this round changed.

    Late joiners first fill the groups below three (smallest first: a pair becomes a trio); the rest form
    new groups of :func:`group_sizes`; a single one left over with only trios about joins the smallest
    trio as its second observer. A group that grows keeps every member's role in ``round_number``: the new
    member takes the new role (observer), and the order within the group is rewritten so that the rotation
    goes on from there.
    """
    result = [list(group) for group in groups]
    placed = {member for group in result for member in group}
    late = [member for member in sorted(set(members)) if member not in placed]
    if not late:
        return tuple(tuple(group) for group in result)
    current = max(1, round_number)

    def grow(index: int, member: str) -> None:
        group = result[index]
        roles_now = [(position - (current - 1)) % len(group) for position in range(len(group))]
        size = len(group) + 1
        order: list[str | None] = [None] * size
        for person, role_index in zip(group, roles_now, strict=True):
            order[(role_index + current - 1) % size] = person
        order[(len(group) + current - 1) % size] = member
        result[index] = [person for person in order if person is not None]

    while late:
        small = [index for index, group in enumerate(result) if len(group) < 3]
        if not small:
            break
        grow(min(small, key=lambda index: (len(result[index]), index)), late.pop(0))
    if len(late) == 1 and result:
        grow(min(range(len(result)), key=lambda index: (len(result[index]), index)), late.pop(0))
    start = 0
    for size in group_sizes(len(late)):
        result.append(late[start : start + size])
        start += size
    return tuple(tuple(group) for group in result)


def unplaced(groups: Sequence[Sequence[str]], members: Sequence[str]) -> int:
    """How many of ``members`` are in no group (joined after "form groups")."""
    placed = {member for group in groups for member in group}
    return len(set(members) - placed)


@dataclass(frozen=True)
class Placement:
    """Where one member stands this round: their group's number (from 1), its size and their role."""

    group: int
    size: int
    role: str


# --- the room's state -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomState:
    """Everything the coach decides for the room; stored as JSON in the room's row of the journal."""

    pacing: str = OWN_PACE
    module: str | None = None
    timer: Timer = field(default_factory=Timer)
    #: the groups of the current role-play, as lists of member ids (anonymous ids of the room, no codes)
    groups: tuple[tuple[str, ...], ...] = ()
    round: int = 0
    seed: int = 0
    question: str = ""
    #: the word wall's question number: a new question starts an empty wall
    question_number: int = 0
    revealed: bool = False
    ended: bool = False
    #: "approve automatically": the wall shows every answer that is neither hidden nor filtered
    auto_approve: bool = False
    #: the questions asked so far, by number (``asked[n - 1]`` is question ``n``): the console lists them
    asked: tuple[str, ...] = ()
    #: the workshop format the coach runs (an id of ``workshop.yaml``'s formats), for the timer presets
    format: str | None = None
    #: counts the coach's "follow me" presses: each one brings every page back to the followed module
    lead: int = 0
    #: what the projector shows (one of :data:`PROJECTOR_MODES`)
    projector: str = "join"
    #: outside the join slide, the address and the count in a small corner of the projector (else nothing)
    corner: bool = True
    #: the projector's look and whether it chimes when the timer runs out (chosen on the console)
    theme: str = "light"
    sound: bool = True
    #: the run sheet as it was run: the coach's moves, each (epoch seconds, kind of :data:`EVENT_KINDS`, detail:
    #: a module id, a timer's minutes, a question's number, a count of groups); no member id, no code
    events: tuple[tuple[float, str, str], ...] = ()
    #: the wall's questions a template brought (:mod:`coffeechat.room.templates`): the console offers them to ask
    prepared: tuple[str, ...] = ()
    #: the id of the template the room was opened from (its trend counts the room's report), else None
    template: str | None = None

    # --- the run sheet as it was run ---

    def noted(self, now: float, kind: str, detail: str = "") -> RoomState:
        """The state with the coach's move ``kind`` recorded at ``now`` (the oldest go beyond :data:`MAX_EVENTS`)."""
        if kind not in EVENT_KINDS:
            return self
        event = (float(now), kind, str(detail)[:QUESTION_CHARS])
        return replace(self, events=(*self.events, event)[-MAX_EVENTS:])

    # --- the projector ---

    def project(self, mode: str) -> RoomState:
        """Show ``mode`` on every projector; an unknown mode changes nothing."""
        return replace(self, projector=mode) if mode in PROJECTOR_MODES else self

    def projector_settings(
        self, corner: bool | None = None, theme: str | None = None, sound: bool | None = None
    ) -> RoomState:
        """The corner, the theme and the projector's sound, each only where given (an unknown theme is ignored)."""
        changes: dict[str, Any] = {}
        if corner is not None:
            changes["corner"] = bool(corner)
        if theme in PROJECTOR_THEMES:
            changes["theme"] = theme
        if sound is not None:
            changes["sound"] = bool(sound)
        return replace(self, **changes)

    def end(self) -> RoomState:
        """The workshop is over: everyone free, the shared timer stopped (no chime after the end)."""
        return replace(self.release(), timer=self.timer.stop(), ended=True)

    # --- pacing ---

    def follow(self, module_id: str) -> RoomState:
        """Every page to ``module_id``; pressed again, it brings back the pages that wandered off."""
        return replace(self, pacing=FOLLOW_ME, module=module_id, lead=self.lead + 1)

    def release(self, module_id: str | None = None) -> RoomState:
        """Everyone at their own pace; ``module_id``, if given, becomes the room's module (the one the console
        shows and the projector's slide, the one "follow me" leads to), without moving any page."""
        return replace(self, pacing=OWN_PACE, module=self.module if module_id is None else module_id)

    def followed_module(self) -> str | None:
        """The module every page should show, or None while everyone goes at their own pace."""
        return self.module if self.pacing == FOLLOW_ME else None

    # --- groups ---

    def with_groups(self, members: Sequence[str], seed: int, now: float, seconds: float | None = None) -> RoomState:
        """Fresh groups of the members present, round 1, and the timer started for it (``seconds``: a round's
        length from the run sheet; else the timer's own length)."""
        groups = tuple(tuple(group) for group in form_groups(members, seed))
        length = self.timer.length if seconds is None else seconds
        return replace(self, groups=groups, round=1, seed=seed, timer=self.timer.start(now, length))

    def next_round(self, now: float, members: Sequence[str] = (), seconds: float | None = None) -> RoomState:
        """Roles move one member on, ``members`` who joined late are placed (:func:`place_late`); the shared
        timer starts again from its full length (or ``seconds``)."""
        if not self.groups:
            return self
        length = self.timer.length if seconds is None else seconds
        number = self.round + 1
        groups = place_late(self.groups, members, number)
        return replace(self, round=number, groups=groups, timer=self.timer.start(now, length))

    def with_late_joiners(self, members: Sequence[str]) -> RoomState:
        """Everyone of ``members`` in no group yet placed into one, this round going on as it is."""
        if not self.groups:
            return self
        return replace(self, groups=place_late(self.groups, members, self.round))

    def end_groups(self) -> RoomState:
        """The role-play is over: no groups, no round (every page's bar drops its "Gruppe Blau · Runde 2")."""
        return replace(self, groups=(), round=0)

    def placement(self, member: str) -> Placement | None:
        """The member's group, its size and their role this round; None if they are in no group."""
        for number, group in enumerate(self.groups, start=1):
            if member in group:
                return Placement(number, len(group), role(group.index(member), self.round, len(group)))
        return None

    # --- word wall ---

    def ask(self, question: str) -> RoomState:
        """A new word-wall question: hidden again, with an empty wall. A blank question asks nothing (the
        state stays as it was; :meth:`clear_question` ends the wall)."""
        text = " ".join(str(question).split())[:QUESTION_CHARS]
        if not text:
            return self
        return replace(
            self,
            question=text,
            question_number=self.question_number + 1,
            revealed=False,
            asked=(*self.asked[: self.question_number], *[""] * (self.question_number - len(self.asked)), text),
        )

    def clear_question(self) -> RoomState:
        """The wall ends: no question on any page or the projector; the earlier answers stay with their number."""
        return replace(self, question="", revealed=False)

    # --- storage ---

    def to_json(self) -> str:
        data = asdict(self)
        data["groups"] = [list(group) for group in self.groups]
        data["asked"] = list(self.asked)
        data["events"] = [list(event) for event in self.events]
        data["prepared"] = list(self.prepared)
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> RoomState:
        """The state stored in ``text``; anything unreadable or unknown falls back to the defaults."""
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        timer_data = data.get("timer")
        if not isinstance(timer_data, dict):
            timer_data = {}
        timer_fields = {name: timer_data[name] for name in Timer.__dataclass_fields__ if name in timer_data}
        try:
            timer = Timer(**timer_fields)
        except TypeError:
            timer = Timer()
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data and name != "timer"}
        known["groups"] = tuple(tuple(str(m) for m in group) for group in known.get("groups", ()) or ())
        known["asked"] = tuple(str(q) for q in known.get("asked", ()) or () if isinstance(q, str))
        known["events"] = _events(known.get("events"))
        known["prepared"] = tuple(q for q in known.get("prepared", ()) or () if isinstance(q, str))
        if not isinstance(known.get("template"), str):
            known.pop("template", None)
        try:
            state = cls(**known, timer=timer)
        except TypeError:
            return cls(timer=timer)
        return replace(
            state,
            projector=state.projector if state.projector in PROJECTOR_MODES else "join",
            theme=state.theme if state.theme in PROJECTOR_THEMES else "light",
            corner=state.corner is not False,
            sound=state.sound is not False,
            timer=replace(timer, paused=timer.paused is True),
        )


def _events(data: Any) -> tuple[tuple[float, str, str], ...]:
    """The recorded moves of stored JSON, each checked (anything unreadable is left out)."""
    if not isinstance(data, list):
        return ()
    events = []
    for item in data[-MAX_EVENTS:]:
        if (
            isinstance(item, list)
            and len(item) == 3
            and isinstance(item[0], int | float)
            and not isinstance(item[0], bool)
            and item[1] in EVENT_KINDS
            and isinstance(item[2], str)
        ):
            events.append((float(item[0]), item[1], item[2]))
    return tuple(events)


# --- the room's anonymous results ----------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """How many people rated a fear 0, 1, ... 10 (``counts[r]``), and how many rated it at all."""

    counts: tuple[int, ...]
    total: int

    @property
    def mean(self) -> float:
        return sum(r * c for r, c in enumerate(self.counts)) / self.total


def _rating(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10 else None


def fear_distribution(ratings: Iterable[Mapping[str, Any]], fear_ids: Sequence[str]) -> dict[str, Distribution | None]:
    """Per fear, the distribution of the ratings given; None for a fear fewer than 3 people rated."""
    counts = {fear_id: [0] * 11 for fear_id in fear_ids}
    for person in ratings:
        for fear_id in fear_ids:
            value = _rating(person.get(fear_id))
            if value is not None:
                counts[fear_id][value] += 1
    result: dict[str, Distribution | None] = {}
    for fear_id, row in counts.items():
        total = sum(row)
        result[fear_id] = Distribution(tuple(row), total) if total >= MIN_GROUP else None
    return result


@dataclass(frozen=True)
class Change:
    """The mean rating of one fear at the welcome and at the wrap-up, over the ``people`` who gave both."""

    before: float
    after: float
    people: int


def before_after(
    pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]], fear_ids: Sequence[str]
) -> dict[str, Change | None]:
    """Per fear, before and after over the people who rated it both times; None below 3 such people."""
    sums = {fear_id: [0, 0, 0] for fear_id in fear_ids}
    for before, after in pairs:
        for fear_id in fear_ids:
            first, last = _rating(before.get(fear_id)), _rating(after.get(fear_id))
            if first is not None and last is not None:
                row = sums[fear_id]
                row[0], row[1], row[2] = row[0] + first, row[1] + last, row[2] + 1
    return {
        fear_id: Change(row[0] / row[2], row[1] / row[2], row[2]) if row[2] >= MIN_GROUP else None
        for fear_id, row in sums.items()
    }


def finished_per_module(progress: Iterable[Mapping[str, Any]], module_ids: Sequence[str]) -> dict[str, int] | None:
    """How many people ticked each module done, for the modules at least 3 people finished (a count of 1 or 2
    would point at people); None while fewer than 3 people are in the room."""
    people = list(progress)
    if len(people) < MIN_GROUP:
        return None
    counts = {module_id: sum(person.get(module_id) is True for person in people) for module_id in module_ids}
    return {module_id: count for module_id, count in counts.items() if count >= MIN_GROUP}


@dataclass(frozen=True)
class WordEntry:
    """One word-wall answer: its random id (the coach approves or hides it by this id), its text, whether the
    coach hid it, whether the coach approved it (an edited answer waits for approval again)."""

    entry_id: str
    text: str
    hidden: bool = False
    approved: bool = False


class WordFilter:
    """Words no answer on the projector may contain (any language at once, case and accents as written).

    A term matches as a whole word or phrase ("ein idiot" matches "Ein  Idiot!"); a ``*`` at its start or end
    lets it match inside a longer word ("*idiot" matches "Vollidiot", "arsch*" matches "Arschgeige").
    """

    def __init__(self, terms: Iterable[str] = ()):
        self.terms = tuple(sorted({term.strip().casefold() for term in terms if term and term.strip(" *")}))
        patterns = [self._pattern(term) for term in self.terms]
        self._regex = re.compile("|".join(patterns)) if patterns else None

    @staticmethod
    def _pattern(term: str) -> str:
        words = re.findall(r"\w+", term)
        if not words:  # a symbol (an emoji): anywhere
            return re.escape(term.strip("* "))
        body = r"\W+".join(re.escape(word) for word in words)
        start = r"\w*" if term.startswith("*") else r"(?<!\w)"
        end = r"\w*" if term.endswith("*") else r"(?!\w)"
        return f"{start}{body}{end}"

    def flags(self, text: str) -> bool:
        """Whether ``text`` contains a listed word."""
        return self._regex is not None and self._regex.search(str(text).casefold()) is not None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordFilter) and other.terms == self.terms

    def __hash__(self) -> int:
        return hash(self.terms)


NO_FILTER = WordFilter()


def on_the_wall(entry: WordEntry, auto_approve: bool, word_filter: WordFilter = NO_FILTER) -> bool:
    """Whether the projector may show ``entry``: approved (or approving automatically), not hidden, not filtered."""
    return (entry.approved or auto_approve) and not entry.hidden and not word_filter.flags(entry.text)


def waiting(entry: WordEntry, auto_approve: bool, word_filter: WordFilter = NO_FILTER) -> bool:
    """Whether ``entry`` waits in the coach's queue (neither approved nor hidden; filtered ones wait too)."""
    if entry.hidden or entry.approved:
        return False
    return not auto_approve or word_filter.flags(entry.text)


def word_wall(
    entries: Iterable[WordEntry], revealed: bool, auto_approve: bool = False, word_filter: WordFilter = NO_FILTER
) -> list[WordEntry] | None:
    """What the projector shows of the wall: the entries :func:`on_the_wall`, in the order of their random
    ids; None until the coach reveals it, and while fewer than 3 entries are on the wall (answers that wait,
    are hidden or filtered do not count: two approved answers of three never go up)."""
    shown = sorted(
        (entry for entry in entries if on_the_wall(entry, auto_approve, word_filter)), key=lambda e: e.entry_id
    )
    if not revealed or len(shown) < MIN_GROUP:
        return None
    return shown


def wall_missing(entries: Iterable[WordEntry], auto_approve: bool = False, word_filter: WordFilter = NO_FILTER) -> int:
    """How many more answers must be :func:`on_the_wall` before the wall shows any (0: it may show them)."""
    return max(0, MIN_GROUP - sum(on_the_wall(entry, auto_approve, word_filter) for entry in entries))


def clean_word(text: Any) -> str:
    """A word-wall answer as it is stored: one line, trimmed, at most :data:`WORD_CHARS` characters."""
    if not isinstance(text, str):
        return ""
    return " ".join(text.split())[:WORD_CHARS]


# --- feedback at the end ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackEntry:
    """One participant's feedback as the coach sees it: a random id, the rating (1-5 or None), the comment, and
    whether the coach approved or hid the comment. No code, no member id, no name."""

    entry_id: str
    rating: int | None
    comment: str
    approved: bool = False
    hidden: bool = False

    @property
    def waiting(self) -> bool:
        """The comment waits for the coach (written, neither approved nor hidden)."""
        return bool(self.comment) and not self.approved and not self.hidden

    @property
    def published(self) -> bool:
        """The comment may appear outside the console (the report): approved and not hidden."""
        return bool(self.comment) and self.approved and not self.hidden


@dataclass(frozen=True)
class Ratings:
    """How many people rated the session 1, 2, ... 5 (``counts[r - 1]``), and how many rated it at all."""

    counts: tuple[int, ...]
    total: int

    @property
    def mean(self) -> float:
        return sum(rating * count for rating, count in zip(FEEDBACK_RATINGS, self.counts, strict=True)) / self.total


def feedback_rating(value: Any) -> int | None:
    """A rating as stored: 1 to 5, else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value in FEEDBACK_RATINGS else None


def clean_comment(text: Any) -> str:
    """A feedback comment as stored: trimmed, its lines kept, runs of spaces made one (length is checked apart:
    :func:`comment_over`)."""
    if not isinstance(text, str):
        return ""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return "\n".join(line for line in lines if line)


def comment_over(text: Any) -> int:
    """How many characters the comment is over :data:`FEEDBACK_CHARS` (0: it fits)."""
    return max(0, len(clean_comment(text)) - FEEDBACK_CHARS)


def rating_distribution(entries: Iterable[FeedbackEntry]) -> Ratings | None:
    """How the session was rated; None while fewer than :data:`MIN_GROUP` people rated it."""
    counts = [0] * len(FEEDBACK_RATINGS)
    for entry in entries:
        rating = feedback_rating(entry.rating)
        if rating is not None:
            counts[rating - 1] += 1
    total = sum(counts)
    return Ratings(tuple(counts), total) if total >= MIN_GROUP else None


def published_comments(entries: Iterable[FeedbackEntry]) -> list[str]:
    """The approved comments (never one that waits or was hidden), in the order of their random ids."""
    return [entry.comment for entry in sorted(entries, key=lambda e: e.entry_id) if entry.published]
