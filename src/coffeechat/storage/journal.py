"""The participant's saved answers: saved on every change, with their history, exportable and erasable.

Each participant is identified by a resume code (:mod:`coffeechat.storage.codes`). Their answers are a flat map of
*answer keys* to JSON values; :mod:`coffeechat.models.keys` lists the keys the app uses. This module stores and
nothing else: it knows no content, renders no document and imports nothing above it.

Where: an SQLite file in the data directory (the default, one machine), or a PostgreSQL database shared by
every machine of a JupyterHub (:func:`coffeechat.storage.paths.journal_location` says which). Both run the same
code below through :mod:`coffeechat.storage.database`, and both keep the same promises: one short transaction per
write; ``answers`` holds the current value and a per-key revision; ``history`` keeps the newest saved values
of each answer and every value another tab overwrote, for a limited time (the rule is
:mod:`coffeechat.storage.retention`'s), so a value that another tab overwrote is not lost silently; two
writers for the same participant take turns (SQLite: the file's write lock; PostgreSQL: a lock on the
participant's row); a failed write raises :class:`JournalWriteError` with a message that is safe to show; one
connection per :class:`Journal`, guarded by a lock (ipywidgets callbacks may arrive on other threads:
:mod:`coffeechat.storage.connection`). The schema carries a version for future migrations
(:data:`coffeechat.storage.schema.MIGRATIONS`, the one place for every table). What ``erase`` guarantees on
each engine is in :meth:`Journal.erase`.

Beside the answers, over the same connection: the facilitated room (``journal.rooms``,
:class:`coffeechat.storage.room_records.RoomStore`) and the wrong resume codes by client address
(``journal.code_failures``, :class:`coffeechat.storage.code_failures.CodeFailures`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from coffeechat.storage import codes, retention
from coffeechat.storage.code_failures import CodeFailures
from coffeechat.storage.connection import Connection, JournalReadError, JournalWriteError, now
from coffeechat.storage.room_records import RoomStore
from coffeechat.storage.schema import MIGRATIONS, PARTICIPANT_TABLES, SCHEMA_VERSION

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "MAX_KEY_LENGTH",
    "MAX_VALUE_BYTES",
    "MIGRATIONS",
    "PARTICIPANT_TABLES",
    "SCHEMA_VERSION",
    "Journal",
    "JournalReadError",
    "JournalWriteError",
    "SaveResult",
]

#: Largest accepted value, as UTF-8 JSON. The UI limits text before; this is the server-side guard.
MAX_VALUE_BYTES = 100_000
MAX_KEY_LENGTH = 160
EXPORT_FORMAT = "coffeechat-export"
EXPORT_VERSION = 1

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_LOCAL_PARTICIPANT = "local_participant"

T = TypeVar("T")


@dataclass(frozen=True)
class SaveResult:
    """``revision`` of the key after the save; ``conflict``: another tab changed it since ``expected_revision``."""

    revision: int
    conflict: bool


class Journal:
    """All participants' answers in one database (SQLite file or PostgreSQL). Thread-safe; one connection.

    ``location`` is the path of an SQLite file or a ``postgresql://`` URL; without it, the rule in
    :func:`coffeechat.storage.paths.journal_location` decides (``$COFFEECHAT_DATABASE_URL``, else the data
    directory's ``journal.sqlite3``). Raises :class:`JournalWriteError` if the database cannot be opened,
    :class:`coffeechat.storage.database.MissingDriver` for a PostgreSQL URL without psycopg installed, and
    :class:`coffeechat.storage.database.NewerSchema` for a database written by a newer coffeechat (left untouched).
    """

    def __init__(self, location: Path | str | os.PathLike | None = None):
        self.connection = Connection(location)
        #: the SQLite file, or None on PostgreSQL
        self.path: Path | None = self.connection.path
        self.database = self.connection.database
        self._lock = self.connection.lock
        #: the facilitated room, stored over the same connection
        self.rooms = RoomStore(self.connection)
        #: wrong resume codes by client address, seen by every kernel (the resume-code throttle's memory)
        self.code_failures = CodeFailures(self.connection)
        #: participants and rooms deleted after a period without activity (``coffeechat retention``)
        self.retention = retention.Retention(self.connection)

    def describe(self) -> str:
        """Where the answers are, for a log or a terminal (a URL without its password)."""
        return self.connection.describe()

    # --- connection ------------------------------------------------------------------------------

    def _guarded_write(self, action: Callable[[Any], T]) -> T:
        """Run ``action(db)`` in one short write transaction; map database failures to JournalWriteError."""
        return self.connection.write(action)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self.connection.close()

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
                (code, now()),
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
        with self.connection.reading():
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
        revision, saved_at = current + 1, now()
        db.execute(
            "INSERT INTO answers (code, key, value, revision, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (code, key) DO UPDATE SET value = excluded.value, revision = excluded.revision, "
            "updated_at = excluded.updated_at",
            (code, key, encoded, revision, saved_at),
        )
        db.execute(
            "INSERT INTO history (code, key, value, revision, saved_at) VALUES (?, ?, ?, ?, ?)",
            (code, key, encoded, revision, saved_at),
        )
        conflict = expected is not None and expected != current
        if conflict and current > 0:
            retention.mark_clashed(db, code, key, current)  # the other tab's text: kept past the newest few
        retention.prune_history(db, code, key, revision, saved_at)
        return SaveResult(revision, conflict)

    def load(self, code: str) -> dict[str, Any]:
        """The participant's current answers, ``{key: value}``; KeyError for an unknown participant."""
        with self.connection.reading():
            canonical = self._known(code)
            return self._answers(canonical)

    def _answers(self, code: str) -> dict[str, Any]:
        rows = self.database.execute("SELECT key, value FROM answers WHERE code = ? ORDER BY key", (code,))
        return {key: json.loads(value) for key, value in rows.fetchall()}

    def revisions(self, code: str) -> dict[str, int]:
        """The current revision of every saved key."""
        with self.connection.reading():
            canonical = self._known(code)
            rows = self.database.execute("SELECT key, revision FROM answers WHERE code = ? ORDER BY key", (canonical,))
            return dict(rows.fetchall())

    def get(self, code: str, key: str, default: Any = None) -> Any:
        """One answer, or ``default`` if it was never saved."""
        with self.connection.reading():
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
        with self.connection.reading() as db, db.snapshot():  # answers and history from the same moment
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
        self.connection.after_erase([table for table, _ in PARTICIPANT_TABLES])
        return deleted
