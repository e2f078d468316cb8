"""The participant's saved answers: saved on every change, with their history, exportable and erasable.

Each participant is identified by a resume code (:mod:`coffeechat.storage.codes`). Their answers are a flat map of
*answer keys* to JSON values; :mod:`coffeechat.models.keys` lists the keys the app uses. This module stores and
nothing else: it knows no content, renders no document and imports nothing above it.

Where: an SQLite file in the data directory (the default, one machine), or a PostgreSQL database shared by
every machine of a JupyterHub (:func:`coffeechat.storage.paths.journal_location` says which). Both run the same
code below through :mod:`coffeechat.storage.database`, and both keep the same promises: one short transaction per
write; ``answers`` holds the current value and a per-key revision; ``history`` keeps every saved value,
append-only, so a value that another tab overwrote is never lost; two writers for the same participant take
turns (SQLite: the file's write lock; PostgreSQL: a lock on the participant's row); a failed write raises
:class:`JournalWriteError` with a message that is safe to show; one connection per :class:`Journal`,
guarded by a lock (ipywidgets callbacks may arrive on other threads). The schema carries a version for
future migrations (:data:`MIGRATIONS`). What ``erase`` guarantees on each engine is in
:meth:`Journal.erase`.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from coffeechat.storage import codes, database, paths

#: Largest accepted value, as UTF-8 JSON. The UI limits text before; this is the server-side guard.
MAX_VALUE_BYTES = 100_000
MAX_KEY_LENGTH = 160
BUSY_TIMEOUT_MS = 5_000
EXPORT_FORMAT = "coffeechat-export"
EXPORT_VERSION = 1

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_LOCAL_PARTICIPANT = "local_participant"

#: The schema, step by step; a database is at version ``len(MIGRATIONS)``. Each step is written once for both
#: engines (``{serial_key}``: an auto-numbered primary key). New tables (the facilitated room) are a new step
#: appended here, never an edit of an old one.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE IF NOT EXISTS meta (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS participants (
            code       TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS answers (
            code       TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
            key        TEXT NOT NULL,
            value      TEXT NOT NULL,
            revision   INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (code, key)
        )""",
        """CREATE TABLE IF NOT EXISTS history (
            id       {serial_key},
            code     TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
            key      TEXT NOT NULL,
            value    TEXT NOT NULL,
            revision INTEGER NOT NULL,
            saved_at TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS history_by_code ON history (code, id)",
    ),
    # 2: the facilitated room (room.py is its model): the coach's tokens (hashed), the rooms with their shared
    # state and a revision every kernel polls, who joined (an anonymous member id per participant), the word wall
    (
        """CREATE TABLE IF NOT EXISTS room_tokens (
            token_hash TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS rooms (
            id         TEXT PRIMARY KEY,
            name       TEXT NOT NULL,
            held_on    TEXT NOT NULL,
            token_hash TEXT NOT NULL,
            state      TEXT NOT NULL,
            revision   INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS rooms_by_creation ON rooms (created_at)",
        """CREATE TABLE IF NOT EXISTS room_members (
            room_id   TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            code      TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
            member_id TEXT NOT NULL,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (room_id, code)
        )""",
        """CREATE TABLE IF NOT EXISTS room_words (
            room_id  TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            code     TEXT NOT NULL REFERENCES participants(code) ON DELETE CASCADE,
            question INTEGER NOT NULL,
            entry_id TEXT NOT NULL,
            text     TEXT NOT NULL,
            hidden   INTEGER NOT NULL,
            PRIMARY KEY (room_id, code, question)
        )""",
    ),
    # 3: the word wall's moderation: an answer waits until the coach approves it (the walls of earlier
    # versions showed every answer at once, so what is already stored counts as approved)
    ("ALTER TABLE room_words ADD COLUMN approved INTEGER NOT NULL DEFAULT 1",),
]
SCHEMA_VERSION = len(MIGRATIONS)
#: Every table that holds a participant's data, children first (the order ``erase`` deletes in).
PARTICIPANT_TABLES = (
    ("room_words", "code"),
    ("room_members", "code"),
    ("history", "code"),
    ("answers", "code"),
    ("meta", "value"),
    ("participants", "code"),
)

_MESSAGES = {
    "full": "The disk is full, so this answer could not be saved. Please tell the workshop host.",
    "read-only": "Answers cannot be saved right now (the storage is read-only). Please tell the workshop host.",
    "busy": "The server is very busy and could not save this answer. Please try again in a moment.",
    "other": "This answer could not be saved because of a problem on the server. Please tell the workshop host.",
}

T = TypeVar("T")


class JournalWriteError(Exception):
    """A write failed. ``reason`` is "full", "read-only", "busy" or "other"; the message is safe to show."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(_MESSAGES[reason])


@dataclass(frozen=True)
class SaveResult:
    """``revision`` of the key after the save; ``conflict``: another tab changed it since ``expected_revision``."""

    revision: int
    conflict: bool


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Journal:
    """All participants' answers in one database (SQLite file or PostgreSQL). Thread-safe; one connection.

    ``location`` is the path of an SQLite file or a ``postgresql://`` URL; without it, the rule in
    :func:`coffeechat.storage.paths.journal_location` decides (``$COFFEECHAT_DATABASE_URL``, else the data
    directory's ``journal.sqlite3``). Raises :class:`JournalWriteError` if the database cannot be opened,
    :class:`coffeechat.storage.database.MissingDriver` for a PostgreSQL URL without psycopg installed, and
    :class:`coffeechat.storage.database.NewerSchema` for a database written by a newer coffeechat (left untouched).
    """

    def __init__(self, location: Path | str | os.PathLike | None = None):
        if location is None:
            location = paths.journal_location()
        if not database.is_postgres_url(location):
            location = Path(location)
        #: the SQLite file, or None on PostgreSQL
        self.path: Path | None = location if isinstance(location, Path) else None
        self._lock = threading.Lock()
        try:
            self.database = database.open_database(location, busy_timeout_ms=BUSY_TIMEOUT_MS)
        except database.DatabaseOpenError as error:
            raise JournalWriteError(error.reason) from error
        try:
            self.database.migrate(MIGRATIONS)
        except BaseException as error:  # a newer schema (NewerSchema) is raised as it is
            self.database.close()
            if isinstance(error, self.database.Error):
                raise JournalWriteError(self.database.reason(error)) from error
            raise

    def describe(self) -> str:
        """Where the answers are, for a log or a terminal (a URL without its password)."""
        return self.database.describe()

    # --- connection ------------------------------------------------------------------------------

    def _guarded_write(self, action: Callable[[Any], T]) -> T:
        """Run ``action(db)`` in one short write transaction; map database failures to JournalWriteError."""
        db = self.database
        with self._lock:
            try:
                with db.transaction():
                    return action(db)
            except db.Error as error:
                raise JournalWriteError(db.reason(error)) from error

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self.database.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- participants ----------------------------------------------------------------------------

    @staticmethod
    def _insert_participant(db, attempts: int = 8) -> str:
        for _ in range(attempts):
            code = codes.new_code()
            inserted = db.execute(
                "INSERT INTO participants (code, created_at) VALUES (?, ?) ON CONFLICT (code) DO NOTHING",
                (code, _now()),
            ).rowcount
            if inserted == 1:
                return code
            # a collision with an existing code: draw another (ON CONFLICT keeps the transaction usable)
        raise JournalWriteError("other")

    def create_participant(self, language: str) -> str:
        """A new participant with a fresh resume code; ``language`` is saved as their ``language`` answer."""
        if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
            raise ValueError("language must be a language code such as 'de'")

        def action(db) -> str:
            code = self._insert_participant(db)
            self._store(db, code, "language", json.dumps(language), None)
            return code

        return self._guarded_write(action)

    def participant_exists(self, code: str) -> bool:
        """Whether ``code`` (in any accepted spelling) belongs to a participant."""
        canonical = codes.normalize_code(code)
        if canonical is None:
            return False
        with self._lock:
            return self._exists(canonical)

    def _exists(self, code: str, *, for_update: bool = False) -> bool:
        """Whether the participant exists; inside a write, ``for_update`` also locks their row until commit."""
        suffix = self.database.FOR_UPDATE if for_update else ""
        return (
            self.database.execute(f"SELECT 1 FROM participants WHERE code = ?{suffix}", (code,)).fetchone() is not None
        )

    def _known(self, code: str) -> str:
        """The canonical code of an existing participant; KeyError otherwise. Call with the lock held."""
        canonical = codes.normalize_code(code)
        if canonical is None or not self._exists(canonical):
            raise KeyError("unknown participant")
        return canonical

    def local_participant(self) -> str:
        """The one participant of self-paced use on this data dir (created on first call), so no code is needed."""

        def action(db) -> str:
            db.lock(_LOCAL_PARTICIPANT)  # two notebooks opening at once create one participant, not two
            row = db.execute("SELECT value FROM meta WHERE name = ?", (_LOCAL_PARTICIPANT,)).fetchone()
            if row is not None and self._exists(row[0]):
                return row[0]
            code = self._insert_participant(db)
            db.execute(
                "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (_LOCAL_PARTICIPANT, code),
            )
            return code

        return self._guarded_write(action)

    # --- answers ---------------------------------------------------------------------------------

    def save(self, code: str, key: str, value: Any, *, expected_revision: int | None = None) -> SaveResult:
        """Store ``value`` under ``key``; the latest write wins, but ``conflict`` reports a stale tab.

        Raises KeyError for an unknown participant, ValueError for a bad key or a value that is not JSON or
        larger than 100 kB, and JournalWriteError when the database cannot be written.
        """
        if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
            raise ValueError("answer keys are short lower-case slugs joined by dots, e.g. 'not-ready.reflection.why'")
        try:
            encoded = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as error:
            raise ValueError(f"the value for {key!r} is not JSON-serialisable") from error
        if len(encoded.encode("utf-8")) > MAX_VALUE_BYTES:
            raise ValueError(f"the value for {key!r} is larger than {MAX_VALUE_BYTES // 1000} kB")

        def action(db) -> SaveResult:
            canonical = codes.normalize_code(code)
            # Lock the participant's row: a second writer for this participant waits here until we commit,
            # then reads our revision (SQLite: the transaction already holds the file's write lock).
            if canonical is None or not self._exists(canonical, for_update=True):
                raise KeyError("unknown participant")
            return self._store(db, canonical, key, encoded, expected_revision)

        return self._guarded_write(action)

    @staticmethod
    def _store(db, code: str, key: str, encoded: str, expected: int | None) -> SaveResult:
        row = db.execute("SELECT value, revision FROM answers WHERE code = ? AND key = ?", (code, key)).fetchone()
        current_value, current = (row[0], row[1]) if row else (None, 0)
        if encoded == current_value:
            # Nothing changes, so nothing can be lost: no new revision, no conflict.
            return SaveResult(current, False)
        revision, now = current + 1, _now()
        db.execute(
            "INSERT INTO answers (code, key, value, revision, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (code, key) DO UPDATE SET value = excluded.value, revision = excluded.revision, "
            "updated_at = excluded.updated_at",
            (code, key, encoded, revision, now),
        )
        db.execute(
            "INSERT INTO history (code, key, value, revision, saved_at) VALUES (?, ?, ?, ?, ?)",
            (code, key, encoded, revision, now),
        )
        return SaveResult(revision, expected is not None and expected != current)

    def load(self, code: str) -> dict[str, Any]:
        """The participant's current answers, ``{key: value}``; KeyError for an unknown participant."""
        with self._lock:
            canonical = self._known(code)
            return self._answers(canonical)

    def _answers(self, code: str) -> dict[str, Any]:
        rows = self.database.execute("SELECT key, value FROM answers WHERE code = ? ORDER BY key", (code,))
        return {key: json.loads(value) for key, value in rows.fetchall()}

    def revisions(self, code: str) -> dict[str, int]:
        """The current revision of every saved key."""
        with self._lock:
            canonical = self._known(code)
            rows = self.database.execute("SELECT key, revision FROM answers WHERE code = ? ORDER BY key", (canonical,))
            return dict(rows.fetchall())

    def get(self, code: str, key: str, default: Any = None) -> Any:
        """One answer, or ``default`` if it was never saved."""
        with self._lock:
            canonical = self._known(code)
            row = self.database.execute(
                "SELECT value FROM answers WHERE code = ? AND key = ?", (canonical, key)
            ).fetchone()
        return default if row is None else json.loads(row[0])

    def _history(self, code: str) -> list[dict[str, Any]]:
        rows = self.database.execute(
            "SELECT key, value, revision, saved_at FROM history WHERE code = ? ORDER BY id", (code,)
        )
        return [
            {"key": key, "value": json.loads(value), "revision": revision, "saved_at": saved_at}
            for key, value, revision, saved_at in rows.fetchall()
        ]

    # --- export and erase ------------------------------------------------------------------------

    def export_json(self, code: str) -> str:
        """Everything this participant wrote, as JSON (current answers and every saved version)."""
        with self._lock, self.database.snapshot():  # answers and history from the same moment
            canonical = self._known(code)
            created = self.database.execute(
                "SELECT created_at FROM participants WHERE code = ?", (canonical,)
            ).fetchone()[0]
            answers = self._answers(canonical)
            history = self._history(canonical)
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "code": canonical,
            "created_at": created,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "answers": answers,
            "history": history,
        }
        return json.dumps(document, ensure_ascii=False, indent=2)

    def erase(self, code: str) -> int:
        """Delete the participant, their answers and history; return the number of rows deleted.

        SQLite: the rows are zeroed in the file (``secure_delete``) and the WAL is checkpointed and emptied,
        so the text is gone from the journal's files. PostgreSQL: the ``DELETE`` is final for every
        connection at once and ``VACUUM`` removes the dead row versions, but bytes may remain in free space,
        WAL, backups and replicas until overwritten; :class:`coffeechat.storage.database.PostgresDatabase` says
        exactly what holds and what does not.
        """

        def action(db) -> int:
            canonical = codes.normalize_code(code)
            if canonical is None or not self._exists(canonical, for_update=True):
                return 0
            deleted = 0
            for table, column in PARTICIPANT_TABLES:
                deleted += db.execute(f"DELETE FROM {table} WHERE {column} = ?", (canonical,)).rowcount
            return deleted

        deleted = self._guarded_write(action)
        with self._lock:
            self.database.after_erase([table for table, _ in PARTICIPANT_TABLES])
        return deleted

    # --- the facilitated room --------------------------------------------------------------------
    # Stores only: what the state means (pacing, timer, groups) is coffeechat.room.model's business. Every change
    # to a room raises its revision, so a kernel learns of any change with one tiny query (current_room).

    def add_facilitator_token(self, token_hash: str) -> None:
        """Remember the hash of a facilitator token (``serve`` makes one per run; the token itself is never stored)."""

        def action(db) -> None:
            db.execute(
                "INSERT INTO room_tokens (token_hash, created_at) VALUES (?, ?) ON CONFLICT (token_hash) DO NOTHING",
                (token_hash, _now()),
            )

        self._guarded_write(action)

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
                (token_hash, _now()),
            )
            return db.execute(
                "UPDATE rooms SET token_hash = ?, revision = revision + 1 WHERE token_hash <> ?",
                (token_hash, token_hash),
            ).rowcount

        return self._guarded_write(action)

    def facilitator_token_known(self, token_hash: str) -> bool:
        with self._lock:
            row = self.database.execute("SELECT 1 FROM room_tokens WHERE token_hash = ?", (token_hash,)).fetchone()
        return row is not None

    def open_room(self, name: str, held_on: str, token_hash: str, state: str) -> str | None:
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
                (room_id, name, held_on, token_hash, state, _now()),
            )
            return room_id

        return self._guarded_write(action)

    def current_room(self) -> tuple[str, int] | None:
        """The newest room's id and revision (the one query every kernel polls), or None."""
        with self._lock:
            row = self.database.execute("SELECT id, revision FROM rooms ORDER BY created_at DESC LIMIT 1").fetchone()
        return None if row is None else (row[0], row[1])

    def room(self, room_id: str) -> RoomRecord | None:
        with self._lock:
            row = self.database.execute(
                "SELECT id, name, held_on, token_hash, state, revision FROM rooms WHERE id = ?", (room_id,)
            ).fetchone()
        return None if row is None else RoomRecord(*row)

    def update_room(self, room_id: str, change: Callable[[str], str]) -> RoomRecord | None:
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

        return self._guarded_write(action)

    @staticmethod
    def _touch(db, room_id: str) -> None:
        db.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (room_id,))

    def join_room(self, room_id: str, code: str) -> str | None:
        """Put the participant into the room (once); their anonymous member id, or None if the room is gone."""

        def action(db) -> str | None:
            canonical = codes.normalize_code(code)
            if canonical is None or not self._exists(canonical, for_update=True):
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
                (room_id, canonical, member_id, _now()),
            )
            self._touch(db, room_id)
            return member_id

        return self._guarded_write(action)

    def room_member_ids(self, room_id: str) -> list[str]:
        """The anonymous ids of everyone who joined, in no telling order."""
        with self._lock:
            rows = self.database.execute(
                "SELECT member_id FROM room_members WHERE room_id = ? ORDER BY member_id", (room_id,)
            ).fetchall()
        return [row[0] for row in rows]

    def room_answers(self, room_id: str, prefixes: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        """The members' answers under the key ``prefixes`` (ratings, progress), by anonymous member id: what
        the room's aggregates are made of. Codes never leave this call."""
        if not prefixes:
            return {}
        where = " OR ".join("a.key LIKE ? ESCAPE '\\'" for _ in prefixes)
        with self._lock:
            rows = self.database.execute(
                "SELECT m.member_id, a.key, a.value FROM room_members m JOIN answers a ON a.code = m.code "
                f"WHERE m.room_id = ? AND ({where})",
                (room_id, *(prefix.replace("_", r"\_") + "%" for prefix in prefixes)),
            ).fetchall()
            members = self.database.execute(
                "SELECT member_id FROM room_members WHERE room_id = ?", (room_id,)
            ).fetchall()
        result: dict[str, dict[str, Any]] = {member: {} for (member,) in members}
        for member, key, value in rows:
            result.setdefault(member, {})[key] = json.loads(value)
        return result

    def save_word(self, room_id: str, code: str, question: int, text: str) -> None:
        """The participant's one answer to the word wall's question ``question`` (a second one replaces it and
        waits for the coach's approval again; an answer the coach hid stays hidden)."""

        def action(db) -> None:
            canonical = codes.normalize_code(code)
            if canonical is None or not self._exists(canonical, for_update=True):
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

        self._guarded_write(action)

    def room_words(self, room_id: str, question: int) -> list[tuple[str, str, bool, bool]]:
        """The wall's entries for ``question``: (entry id, text, hidden, approved), without who wrote them."""
        with self._lock:
            rows = self.database.execute(
                "SELECT entry_id, text, hidden, approved FROM room_words WHERE room_id = ? AND question = ? "
                "ORDER BY entry_id",
                (room_id, int(question)),
            ).fetchall()
        return [(entry_id, text, bool(hidden), bool(approved)) for entry_id, text, hidden, approved in rows]

    def room_word_counts(self, room_id: str) -> dict[int, int]:
        """How many answers each question of the room got, by question number."""
        with self._lock:
            rows = self.database.execute(
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

        self._guarded_write(action)

    def hide_word(self, room_id: str, entry_id: str, hidden: bool = True) -> None:
        def action(db) -> None:
            db.execute(
                "UPDATE room_words SET hidden = ? WHERE room_id = ? AND entry_id = ?",
                (1 if hidden else 0, room_id, entry_id),
            )
            self._touch(db, room_id)

        self._guarded_write(action)

    def erase_room(self, room_id: str) -> int:
        """Delete the room and everything every member wrote (answers, history, word wall); rows deleted.

        The same guarantees as :meth:`erase`, for every member at once, in one transaction.
        """

        def action(db) -> int:
            members = [
                row[0] for row in db.execute("SELECT code FROM room_members WHERE room_id = ?", (room_id,)).fetchall()
            ]
            deleted = 0
            for code in members:
                for table, column in PARTICIPANT_TABLES:
                    deleted += db.execute(f"DELETE FROM {table} WHERE {column} = ?", (code,)).rowcount
            deleted += db.execute("DELETE FROM room_words WHERE room_id = ?", (room_id,)).rowcount
            deleted += db.execute("DELETE FROM room_members WHERE room_id = ?", (room_id,)).rowcount
            deleted += db.execute("DELETE FROM rooms WHERE id = ?", (room_id,)).rowcount
            return deleted

        deleted = self._guarded_write(action)
        with self._lock:
            self.database.after_erase([table for table, _ in PARTICIPANT_TABLES] + ["rooms"])
        return deleted


@dataclass(frozen=True)
class RoomRecord:
    """A room as stored: ``state`` is the JSON of :class:`coffeechat.room.model.RoomState`."""

    id: str
    name: str
    held_on: str
    token_hash: str
    state: str
    revision: int
