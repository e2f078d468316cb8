"""The facilitated room as stored: the coach's tokens (and the co-facilitator link's), the room with its shared
state, who joined, the word wall, the feedback at the end, the session reports the coach keeps, and the templates
of rooms that come back.

Stores only: what the state means (pacing, timer, groups) is :mod:`coffeechat.room.model`'s business, and
:mod:`coffeechat.room.live` joins the two. A :class:`RoomStore` speaks to the journal's database through the
same :class:`coffeechat.storage.connection.Connection` as the answers (``journal.rooms``), so one code path
runs on SQLite and PostgreSQL, and erasing a room erases its members' answers in the same transaction. Every
change to a room raises its revision, so a kernel learns of any change with one tiny query (:meth:`current`).
Codes never leave this module: members are known by an anonymous member id, and feedback by a random entry id.
A session report (:meth:`RoomStore.save_report`) is the one thing that outlives its room: its table refers to no
row of the room's, so :meth:`RoomStore.erase` leaves it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coffeechat.storage import codes
from coffeechat.storage.connection import Connection, now
from coffeechat.storage.schema import PARTICIPANT_TABLES


@dataclass(frozen=True)
class RoomRecord:
    """A room as stored: ``state`` is the JSON of :class:`coffeechat.room.model.RoomState`."""

    id: str
    name: str
    held_on: str
    token_hash: str
    state: str
    revision: int


@dataclass(frozen=True)
class StoredReport:
    """A session report as kept: the room's name and date, its language, file name, when it was made, the zip."""

    room_id: str
    name: str
    held_on: str
    language: str
    filename: str
    made_at: str
    content: bytes
    #: the template the room was opened from (None: none), and the trend's figures of the room (JSON; "": none)
    template_id: str | None = None
    trend: str = ""


@dataclass(frozen=True)
class StoredTemplate:
    """A room's setup kept under the coach's name for it: ``setup`` is the JSON of
    :class:`coffeechat.room.templates.RoomTemplate` (no participant data)."""

    id: str
    name: str
    setup: str


class RoomStore:
    """The rooms of one journal (one at a time is current: the newest), over the journal's connection."""

    def __init__(self, connection: Connection):
        self.connection = connection

    # --- the coach's tokens ----------------------------------------------------------------------

    def add_facilitator_token(self, token_hash: str) -> None:
        """Remember the hash of a facilitator token (``serve`` makes one per run; the token itself is never stored)."""

        def action(db) -> None:
            db.execute(
                "INSERT INTO room_tokens (token_hash, created_at) VALUES (?, ?) ON CONFLICT (token_hash) DO NOTHING",
                (token_hash, now()),
            )

        self.connection.write(action)

    def make_only_facilitator_token(self, token_hash: str) -> int:
        """Make ``token_hash`` the journal's only facilitator token (``serve`` does, once per run, for its room).

        In one transaction: every earlier token is retired (deleted, so its console and projector pages show
        "not for you" at their next look, and its actions change nothing), and every room an earlier token
        opened now belongs to this one, so the new console takes over the open room; its members stay in it.
        The rooms' revision rises, so every page looks again at once. Returns the number of rooms taken over.
        One journal holds one room at a time (the newest), so one console per journal: a second ``serve``
        with a room on the same data folder or database takes the console over from the first.
        """

        def action(db) -> int:
            db.execute("DELETE FROM room_tokens WHERE token_hash <> ?", (token_hash,))
            db.execute(
                "INSERT INTO room_tokens (token_hash, created_at) VALUES (?, ?) ON CONFLICT (token_hash) DO NOTHING",
                (token_hash, now()),
            )
            return db.execute(
                "UPDATE rooms SET token_hash = ?, revision = revision + 1 WHERE token_hash <> ?",
                (token_hash, token_hash),
            ).rowcount

        return self.connection.write(action)

    def facilitator_token_known(self, token_hash: str) -> bool:
        with self.connection.reading() as db:
            row = db.execute("SELECT 1 FROM room_tokens WHERE token_hash = ?", (token_hash,)).fetchone()
        return row is not None

    # --- the co-facilitator link: one per room, its token's hash only ------------------------------

    def make_cofacilitator_token(self, room_id: str, token_hash: str) -> str | None:
        """Make ``token_hash`` the co-facilitator token of ``room_id``, in place of any earlier one (that link
        opens nothing from now on); when it was made, or None if the room is gone."""

        def action(db) -> str | None:
            if db.execute(f"SELECT 1 FROM rooms WHERE id = ?{db.FOR_UPDATE}", (room_id,)).fetchone() is None:
                return None
            made = now()
            db.execute(
                "UPDATE room_cofacilitators SET withdrawn_at = ? WHERE room_id = ? AND withdrawn_at IS NULL",
                (made, room_id),
            )
            db.execute(
                "INSERT INTO room_cofacilitators (token_hash, room_id, created_at) VALUES (?, ?, ?)",
                (token_hash, room_id, made),
            )
            self._touch(db, room_id)
            return made

        return self.connection.write(action)

    def revoke_cofacilitator_tokens(self, room_id: str) -> int:
        """The room's co-facilitator link opens nothing any more (kept as withdrawn, :meth:`cofacilitator_withdrawn`);
        how many tokens were revoked."""

        def action(db) -> int:
            revoked = db.execute(
                "UPDATE room_cofacilitators SET withdrawn_at = ? WHERE room_id = ? AND withdrawn_at IS NULL",
                (now(), room_id),
            ).rowcount
            self._touch(db, room_id)
            return revoked

        return self.connection.write(action)

    def cofacilitator_room(self, token_hash: str) -> str | None:
        """The room a co-facilitator token runs, or None (never made, revoked, or its room erased)."""
        with self.connection.reading() as db:
            row = db.execute(
                "SELECT room_id FROM room_cofacilitators WHERE token_hash = ? AND withdrawn_at IS NULL", (token_hash,)
            ).fetchone()
        return None if row is None else row[0]

    def cofacilitator_withdrawn(self, token_hash: str) -> bool:
        """Whether a co-facilitator token was withdrawn by the facilitator (revoked or replaced by a new link) in
        a room not erased since."""
        with self.connection.reading() as db:
            row = db.execute(
                "SELECT 1 FROM room_cofacilitators WHERE token_hash = ? AND withdrawn_at IS NOT NULL", (token_hash,)
            ).fetchone()
        return row is not None

    def cofacilitator_made(self, room_id: str) -> str | None:
        """When the room's co-facilitator link was made, or None if it has none."""
        with self.connection.reading() as db:
            row = db.execute(
                "SELECT created_at FROM room_cofacilitators WHERE room_id = ? AND withdrawn_at IS NULL", (room_id,)
            ).fetchone()
        return None if row is None else row[0]

    # --- the room --------------------------------------------------------------------------------

    def open(self, name: str, held_on: str, token_hash: str, state: str) -> str | None:
        """A new room, which becomes the current one; returns its id. None if ``token_hash`` is no longer a
        facilitator token (retired by a later ``serve`` in the same moment): no room of a retired console."""

        def action(db) -> str | None:
            if (
                db.execute(f"SELECT 1 FROM room_tokens WHERE token_hash = ?{db.FOR_UPDATE}", (token_hash,)).fetchone()
                is None
            ):
                return None
            room_id = secrets.token_hex(8)
            db.execute(
                "INSERT INTO rooms (id, name, held_on, token_hash, state, revision, created_at) "
                "VALUES (?, ?, ?, ?, ?, 1, ?)",
                (room_id, name, held_on, token_hash, state, now()),
            )
            return room_id

        return self.connection.write(action)

    def current(self) -> tuple[str, int] | None:
        """The newest room's id and revision (the one query every kernel polls), or None."""
        with self.connection.reading() as db:
            row = db.execute("SELECT id, revision FROM rooms ORDER BY created_at DESC LIMIT 1").fetchone()
        return None if row is None else (row[0], row[1])

    def get(self, room_id: str) -> RoomRecord | None:
        """The room as stored, or None once it is erased."""
        with self.connection.reading() as db:
            row = db.execute(
                "SELECT id, name, held_on, token_hash, state, revision FROM rooms WHERE id = ?", (room_id,)
            ).fetchone()
        return None if row is None else RoomRecord(*row)

    def update(self, room_id: str, change: Callable[[str], str]) -> RoomRecord | None:
        """Replace the room's state by ``change(state)`` in one transaction (two consoles take turns)."""

        def action(db) -> RoomRecord | None:
            row = db.execute(
                f"SELECT id, name, held_on, token_hash, state, revision FROM rooms WHERE id = ?{db.FOR_UPDATE}",
                (room_id,),
            ).fetchone()
            if row is None:
                return None
            record = RoomRecord(*row)
            state = change(record.state)
            db.execute("UPDATE rooms SET state = ?, revision = revision + 1 WHERE id = ?", (state, room_id))
            return RoomRecord(record.id, record.name, record.held_on, record.token_hash, state, record.revision + 1)

        return self.connection.write(action)

    @staticmethod
    def _touch(db, room_id: str) -> None:
        db.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (room_id,))

    # --- members ---------------------------------------------------------------------------------

    def join(self, room_id: str, code: str) -> str | None:
        """Put the participant into the room (once); their anonymous member id, or None if the room is gone.
        KeyError for an unknown participant."""

        def action(db) -> str | None:
            canonical = self.connection.participant(db, code)
            if canonical is None:
                raise KeyError("unknown participant")
            if db.execute("SELECT 1 FROM rooms WHERE id = ?", (room_id,)).fetchone() is None:
                return None
            row = db.execute(
                "SELECT member_id FROM room_members WHERE room_id = ? AND code = ?", (room_id, canonical)
            ).fetchone()
            if row is not None:
                return row[0]
            member_id = secrets.token_hex(6)
            db.execute(
                "INSERT INTO room_members (room_id, code, member_id, joined_at) VALUES (?, ?, ?, ?)",
                (room_id, canonical, member_id, now()),
            )
            self._touch(db, room_id)
            return member_id

        return self.connection.write(action)

    def member_ids(self, room_id: str) -> list[str]:
        """The anonymous ids of everyone who joined, in no telling order."""
        with self.connection.reading() as db:
            rows = db.execute(
                "SELECT member_id FROM room_members WHERE room_id = ? ORDER BY member_id", (room_id,)
            ).fetchall()
        return [row[0] for row in rows]

    def answers(self, room_id: str, prefixes: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        """The members' answers under the key ``prefixes`` (ratings, progress), by anonymous member id: what
        the room's aggregates are made of. Codes never leave this call."""
        if not prefixes:
            return {}
        where = " OR ".join("a.key LIKE ? ESCAPE '\\'" for _ in prefixes)
        with self.connection.reading() as db:
            rows = db.execute(
                "SELECT m.member_id, a.key, a.value FROM room_members m JOIN answers a ON a.code = m.code "
                f"WHERE m.room_id = ? AND ({where})",
                (room_id, *(prefix.replace("_", r"\_") + "%" for prefix in prefixes)),
            ).fetchall()
            members = db.execute("SELECT member_id FROM room_members WHERE room_id = ?", (room_id,)).fetchall()
        result: dict[str, dict[str, Any]] = {member: {} for (member,) in members}
        for member, key, value in rows:
            result.setdefault(member, {})[key] = json.loads(value)
        return result

    # --- the word wall ---------------------------------------------------------------------------

    def save_word(self, room_id: str, code: str, question: int, text: str) -> None:
        """The participant's one answer to the word wall's question ``question`` (a second one replaces it and
        waits for the coach's approval again; an answer the coach hid stays hidden)."""

        def action(db) -> None:
            canonical = self.connection.participant(db, code)
            if canonical is None:
                raise KeyError("unknown participant")
            if db.execute("SELECT 1 FROM rooms WHERE id = ?", (room_id,)).fetchone() is None:
                return
            db.execute(
                "INSERT INTO room_words (room_id, code, question, entry_id, text, hidden, approved) "
                "VALUES (?, ?, ?, ?, ?, 0, 0) "
                "ON CONFLICT (room_id, code, question) DO UPDATE SET text = excluded.text, "
                "approved = CASE WHEN room_words.text = excluded.text THEN room_words.approved ELSE 0 END",
                (room_id, canonical, int(question), secrets.token_hex(6), text),
            )
            self._touch(db, room_id)

        self.connection.write(action)

    def words(self, room_id: str, question: int) -> list[tuple[str, str, bool, bool]]:
        """The wall's entries for ``question``: (entry id, text, hidden, approved), without who wrote them."""
        with self.connection.reading() as db:
            rows = db.execute(
                "SELECT entry_id, text, hidden, approved FROM room_words WHERE room_id = ? AND question = ? "
                "ORDER BY entry_id",
                (room_id, int(question)),
            ).fetchall()
        return [(entry_id, text, bool(hidden), bool(approved)) for entry_id, text, hidden, approved in rows]

    def word_counts(self, room_id: str) -> dict[int, int]:
        """How many answers each question of the room got, by question number."""
        with self.connection.reading() as db:
            rows = db.execute(
                "SELECT question, COUNT(*) FROM room_words WHERE room_id = ? GROUP BY question", (room_id,)
            ).fetchall()
        return {int(question): int(count) for question, count in rows}

    def approve_word(self, room_id: str, entry_id: str, approved: bool = True) -> None:
        """The coach lets an answer onto the wall (or takes the approval back)."""

        def action(db) -> None:
            db.execute(
                "UPDATE room_words SET approved = ? WHERE room_id = ? AND entry_id = ?",
                (1 if approved else 0, room_id, entry_id),
            )
            self._touch(db, room_id)

        self.connection.write(action)

    def hide_word(self, room_id: str, entry_id: str, hidden: bool = True) -> None:
        """The coach takes an answer off the wall (or puts it back)."""

        def action(db) -> None:
            db.execute(
                "UPDATE room_words SET hidden = ? WHERE room_id = ? AND entry_id = ?",
                (1 if hidden else 0, room_id, entry_id),
            )
            self._touch(db, room_id)

        self.connection.write(action)

    # --- feedback at the end ------------------------------------------------------------------------

    def save_feedback(self, room_id: str, code: str, rating: int | None, comment: str) -> None:
        """The participant's feedback on the room (one per member: a second one replaces it; a changed comment
        waits for the coach's approval again, a comment the coach hid stays hidden). KeyError for an unknown
        participant; nothing is stored for a room that is gone or that they never joined."""

        def action(db) -> None:
            canonical = self.connection.participant(db, code)
            if canonical is None:
                raise KeyError("unknown participant")
            member = db.execute(
                "SELECT 1 FROM room_members WHERE room_id = ? AND code = ?", (room_id, canonical)
            ).fetchone()
            if member is None:
                return
            db.execute(
                "INSERT INTO room_feedback (room_id, code, entry_id, rating, comment, approved, hidden, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 0, 0, ?) "
                "ON CONFLICT (room_id, code) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, "
                "updated_at = excluded.updated_at, "
                "approved = CASE WHEN room_feedback.comment = excluded.comment THEN room_feedback.approved ELSE 0 END",
                (room_id, canonical, secrets.token_hex(6), rating, comment, now()),
            )
            # no new revision: the console counts again every few seconds anyway, and 30 pages need not look

        self.connection.write(action)

    def own_feedback(self, room_id: str, code: str) -> tuple[int | None, str] | None:
        """What this participant said (rating, comment), for their own page; None if nothing yet."""
        canonical = codes.normalize_code(code)
        if canonical is None:
            return None
        with self.connection.reading() as db:
            row = db.execute(
                "SELECT rating, comment FROM room_feedback WHERE room_id = ? AND code = ?", (room_id, canonical)
            ).fetchone()
        return None if row is None else (row[0], row[1])

    def feedback(self, room_id: str) -> list[tuple[str, int | None, str, bool, bool]]:
        """Every member's feedback: (entry id, rating, comment, approved, hidden), without who gave it."""
        with self.connection.reading() as db:
            rows = db.execute(
                "SELECT entry_id, rating, comment, approved, hidden FROM room_feedback WHERE room_id = ? "
                "ORDER BY entry_id",
                (room_id,),
            ).fetchall()
        return [
            (entry, rating, comment, bool(approved), bool(hidden)) for entry, rating, comment, approved, hidden in rows
        ]

    def moderate_feedback(
        self, room_id: str, entry_id: str, *, approved: bool | None = None, hidden: bool | None = None
    ) -> None:
        """The coach approves a comment (or takes it back), hides it (or shows it again)."""

        def action(db) -> None:
            if approved is not None:
                db.execute(
                    "UPDATE room_feedback SET approved = ? WHERE room_id = ? AND entry_id = ?",
                    (1 if approved else 0, room_id, entry_id),
                )
            if hidden is not None:
                db.execute(
                    "UPDATE room_feedback SET hidden = ? WHERE room_id = ? AND entry_id = ?",
                    (1 if hidden else 0, room_id, entry_id),
                )
            self._touch(db, room_id)

        self.connection.write(action)

    # --- the session reports a coach keeps ---------------------------------------------------------

    def save_report(self, report: StoredReport) -> None:
        """Keep the room's report (a newer one of the same room replaces it). It outlives the room."""

        def action(db) -> None:
            db.execute(
                "INSERT INTO room_reports (room_id, name, held_on, language, filename, made_at, content, "
                "template_id, trend) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (room_id) DO UPDATE SET name = excluded.name, held_on = excluded.held_on, "
                "language = excluded.language, filename = excluded.filename, made_at = excluded.made_at, "
                "content = excluded.content, template_id = excluded.template_id, trend = excluded.trend",
                (
                    report.room_id,
                    report.name,
                    report.held_on,
                    report.language,
                    report.filename,
                    report.made_at,
                    bytes(report.content),
                    report.template_id,
                    report.trend,
                ),
            )

        self.connection.write(action)

    def last_report(self, room_id: str | None = None) -> StoredReport | None:
        """The report of ``room_id``, or without it the newest report kept; None if there is none."""
        where, params = ("WHERE room_id = ? ", (room_id,)) if room_id else ("", ())
        with self.connection.reading() as db:
            row = db.execute(
                "SELECT room_id, name, held_on, language, filename, made_at, content, template_id, trend "
                f"FROM room_reports {where}ORDER BY made_at DESC LIMIT 1",
                params,
            ).fetchone()
        if row is None:
            return None
        return StoredReport(row[0], row[1], row[2], row[3], row[4], row[5], bytes(row[6]), row[7], row[8])

    def template_trend(self, template_id: str) -> list[tuple[str, str]]:
        """The kept reports of the rooms opened from ``template_id``: (held on, trend JSON), oldest first. They
        outlive their rooms' erase, so the trend does too."""
        with self.connection.reading() as db:
            rows = db.execute(
                "SELECT held_on, trend FROM room_reports WHERE template_id = ? ORDER BY held_on, made_at",
                (template_id,),
            ).fetchall()
        return [(row[0], row[1]) for row in rows]

    def report_from_template(self, room_id: str, template_id: str) -> None:
        """The room's kept report (if any, and of no template yet) counts in ``template_id``'s trend from now on."""
        self.connection.write(
            lambda db: db.execute(
                "UPDATE room_reports SET template_id = ? WHERE room_id = ? AND template_id IS NULL",
                (template_id, room_id),
            )
        )

    # --- templates: a room's setup kept for next week (no participant data: erasing a room leaves them) ---------

    def save_template(self, name: str, setup: str) -> str:
        """Keep ``setup`` as the template ``name`` (a template of that name gets the new setup and keeps its id,
        so its trend goes on); its id."""

        def action(db) -> str:
            row = db.execute(f"SELECT id FROM room_templates WHERE name = ?{db.FOR_UPDATE}", (name,)).fetchone()
            if row is not None:
                db.execute("UPDATE room_templates SET setup = ?, updated_at = ? WHERE id = ?", (setup, now(), row[0]))
                return row[0]
            template_id = secrets.token_hex(8)
            db.execute(
                "INSERT INTO room_templates (id, name, setup, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                (template_id, name, setup, now(), now()),
            )
            return template_id

        return self.connection.write(action)

    def templates(self) -> list[StoredTemplate]:
        """Every template kept, by name."""
        with self.connection.reading() as db:
            rows = db.execute("SELECT id, name, setup FROM room_templates ORDER BY name, id").fetchall()
        return [StoredTemplate(*row) for row in rows]

    def template(self, template_id: str) -> StoredTemplate | None:
        with self.connection.reading() as db:
            row = db.execute("SELECT id, name, setup FROM room_templates WHERE id = ?", (template_id,)).fetchone()
        return None if row is None else StoredTemplate(*row)

    def delete_template(self, template_id: str) -> bool:
        """Forget the template (the reports of its rooms stay, and so would their trend); whether there was one."""
        return self.connection.write(
            lambda db: db.execute("DELETE FROM room_templates WHERE id = ?", (template_id,)).rowcount > 0
        )

    # --- erase -----------------------------------------------------------------------------------

    def erase(self, room_id: str) -> int:
        """Delete the room and everything every member wrote (answers, history, word wall, feedback); rows deleted.
        The room's session report, if the coach made one, stays (:meth:`save_report`): the one thing kept.

        The same guarantees as :meth:`coffeechat.storage.journal.Journal.erase`, for every member at once, in
        one transaction.
        """

        def action(db) -> int:
            members = [
                row[0] for row in db.execute("SELECT code FROM room_members WHERE room_id = ?", (room_id,)).fetchall()
            ]
            deleted = 0
            for code in members:
                for table, column in PARTICIPANT_TABLES:
                    deleted += db.execute(f"DELETE FROM {table} WHERE {column} = ?", (code,)).rowcount
            deleted += db.execute("DELETE FROM room_feedback WHERE room_id = ?", (room_id,)).rowcount
            deleted += db.execute("DELETE FROM room_words WHERE room_id = ?", (room_id,)).rowcount
            deleted += db.execute("DELETE FROM room_members WHERE room_id = ?", (room_id,)).rowcount
            deleted += db.execute("DELETE FROM room_cofacilitators WHERE room_id = ?", (room_id,)).rowcount
            deleted += db.execute("DELETE FROM rooms WHERE id = ?", (room_id,)).rowcount
            return deleted

        deleted = self.connection.write(action)
        self.connection.after_erase([table for table, _ in PARTICIPANT_TABLES] + ["rooms"])
        return deleted
